//! `inet_ntop()`, `inet_ntoa6()` and `link_ntop()`: an address's bytes as
//! text, the way DTrace prints them.
//!
//! IPv6 is eight hexadecimal groups, lower case, without leading zeros;
//! the first longest run of two or more zero groups becomes `::` (a lone
//! zero group stays `0`). As in DTrace, five zero groups then `ffff`
//! (IPv4-mapped), or six zero groups then anything but `::` and `::1`
//! (IPv4-compatible), end in the IPv4 address: alone for `inet_ntoa6`,
//! after `::ffff:` or `::` when the caller asks for the full form
//! (`inet_ntop`, `inet_ntoa6(addr, 1)`).

/// The longest text either family gives
/// (`ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`).
pub(crate) const MAX_TEXT: usize = 39;
/// The longest `link_ntop()` text: 20 InfiniBand bytes.
pub(crate) const MAX_LINK_TEXT: usize = 59;

/// Linux's `AF_INET`.
pub(crate) const AF_INET: u64 = 2;
/// Linux's `AF_INET6`.
pub(crate) const AF_INET6: u64 = 10;
/// Linux's `ARPHRD_ETHER`: 6-byte addresses.
pub(crate) const ARPHRD_ETHER: u64 = 1;
/// Linux's `ARPHRD_INFINIBAND`: 20-byte addresses.
pub(crate) const ARPHRD_INFINIBAND: u64 = 32;

/// Text built left to right in a fixed buffer; what does not fit is
/// dropped.
struct Text {
    buf: [u8; MAX_LINK_TEXT],
    len: usize,
}

impl Text {
    fn new() -> Text {
        Text {
            buf: [0; MAX_LINK_TEXT],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len = self.len.saturating_add(1);
        }
    }

    fn push_str(&mut self, s: &[u8]) {
        s.iter().for_each(|&b| self.push(b));
    }

    /// `v` in decimal, as `lltostr()` writes it.
    fn decimal(&mut self, v: u8) {
        let mut digits = [0u8; 20];
        let n = super::numtext::lltostr(&mut digits, i64::from(v), 10);
        self.push_str(digits.get(..n).unwrap_or(&[]));
    }

    /// `v` in lower-case hexadecimal without leading zeros.
    fn hex(&mut self, v: u16) {
        let mut started = false;
        for shift in [12u16, 8, 4, 0] {
            let d = (v >> shift) & 0xf;
            if d != 0 || started || shift == 0 {
                started = true;
                self.push(hex_digit(d));
            }
        }
    }

    fn ipv4(&mut self, b: [u8; 4]) {
        for (i, &octet) in b.iter().enumerate() {
            if i > 0 {
                self.push(b'.');
            }
            self.decimal(octet);
        }
    }

    /// Copies the text into `out` (cut at its length); the bytes written.
    fn copy_to(&self, out: &mut [u8]) -> usize {
        let n = self.len.min(out.len());
        if let (Some(d), Some(s)) = (out.get_mut(..n), self.buf.get(..n)) {
            d.copy_from_slice(s);
        }
        n
    }
}

/// The lower-case hexadecimal digit of `d` (0..16).
fn hex_digit(d: u16) -> u8 {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    DIGITS.get(usize::from(d)).copied().unwrap_or(b'0')
}

/// `link_ntop()`'s text of the hardware address `b`: each byte as two
/// hex digits, colon-separated, into `out`.
pub(crate) fn link_ntoa(out: &mut [u8], b: &[u8]) -> usize {
    let mut t = Text::new();
    for (i, &byte) in b.iter().enumerate() {
        if i > 0 {
            t.push(b':');
        }
        t.push(hex_digit(u16::from(byte >> 4)));
        t.push(hex_digit(u16::from(byte & 0xf)));
    }
    t.copy_to(out)
}

/// The dotted-decimal text of the IPv4 address `b`, into `out`.
pub(crate) fn ntoa(out: &mut [u8], b: [u8; 4]) -> usize {
    let mut t = Text::new();
    t.ipv4(b);
    t.copy_to(out)
}

/// How an IPv6 address embeds an IPv4 one, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Embedded {
    /// `::ffff:a.b.c.d`.
    Mapped,
    /// `::a.b.c.d`.
    Compatible,
}

fn embedded(w: &[u16; 8]) -> Option<Embedded> {
    if w.iter().take(5).any(|&x| x != 0) {
        return None;
    }
    match (w[5], w[6], w[7]) {
        (0xffff, _, _) => Some(Embedded::Mapped),
        (0, 0, 0 | 1) | (1..=0xfffe, _, _) => None,
        _ => Some(Embedded::Compatible),
    }
}

/// The first longest run of at least two zero groups: start and length.
fn zero_run(w: &[u16; 8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < w.len() {
        let len = w.iter().skip(i).take_while(|&&x| x == 0).count();
        if len >= 2 && best.is_none_or(|(_, b)| len > b) {
            best = Some((i, len));
        }
        i = i.saturating_add(len.max(1));
    }
    best
}

/// The text of the IPv6 address `b`, into `out`; `full`: an embedded
/// IPv4 address keeps its `::ffff:` or `::` prefix.
pub(crate) fn ntoa6(out: &mut [u8], b: [u8; 16], full: bool) -> usize {
    let mut w = [0u16; 8];
    // A plain byte walk: zip over chunks trips objtool in the module.
    let mut bytes = b.iter().copied();
    for g in w.iter_mut() {
        let hi = bytes.next().unwrap_or(0);
        let lo = bytes.next().unwrap_or(0);
        *g = u16::from_be_bytes([hi, lo]);
    }
    let mut t = Text::new();
    if let Some(kind) = embedded(&w) {
        if full {
            t.push_str(match kind {
                Embedded::Mapped => b"::ffff:",
                Embedded::Compatible => b"::",
            });
        }
        t.ipv4([b[12], b[13], b[14], b[15]]);
        return t.copy_to(out);
    }
    let groups = |t: &mut Text, range: core::ops::Range<usize>| {
        for (n, i) in range.enumerate() {
            if n > 0 {
                t.push(b':');
            }
            t.hex(w.get(i).copied().unwrap_or(0));
        }
    };
    match zero_run(&w) {
        Some((start, len)) => {
            groups(&mut t, 0..start);
            t.push_str(b"::");
            groups(&mut t, start.saturating_add(len)..8);
        }
        None => groups(&mut t, 0..8),
    }
    t.copy_to(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::String;

    fn v6(b: [u8; 16], full: bool) -> String {
        let mut out = [0u8; 64];
        let n = ntoa6(&mut out, b, full);
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    fn words(w: [u16; 8]) -> [u8; 16] {
        let mut b = [0u8; 16];
        for (pair, x) in b.chunks_exact_mut(2).zip(w) {
            pair.copy_from_slice(&x.to_be_bytes());
        }
        b
    }

    #[test]
    fn ipv4_is_dotted_decimal() {
        let mut out = [0u8; 16];
        let n = ntoa(&mut out, [192, 168, 0, 255]);
        assert_eq!(&out[..n], b"192.168.0.255");
        let n = ntoa(&mut out, [0, 0, 0, 0]);
        assert_eq!(&out[..n], b"0.0.0.0");
    }

    #[test]
    fn the_longest_zero_run_is_compressed() {
        assert_eq!(
            v6(words([0x2001, 0xdb8, 0, 0, 1, 0, 0, 0]), true),
            "2001:db8:0:0:1::"
        );
        assert_eq!(
            v6(
                words([0xfe80, 0, 0, 0, 0x214, 0x4fff, 0xfe0b, 0x76c8]),
                true
            ),
            "fe80::214:4fff:fe0b:76c8"
        );
        assert_eq!(v6(words([0; 8]), true), "::");
        assert_eq!(v6(words([0, 0, 0, 0, 0, 0, 0, 1]), false), "::1");
    }

    #[test]
    fn the_first_of_equal_runs_wins_and_a_lone_zero_stays() {
        assert_eq!(v6(words([1, 0, 0, 2, 0, 0, 3, 4]), true), "1::2:0:0:3:4");
        assert_eq!(v6(words([1, 2, 3, 4, 5, 6, 0, 8]), true), "1:2:3:4:5:6:0:8");
        assert_eq!(v6(words([1, 2, 3, 4, 5, 6, 7, 0]), true), "1:2:3:4:5:6:7:0");
        let full = [0xffff; 8];
        assert_eq!(
            v6(words(full), true),
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
        );
    }

    #[test]
    fn embedded_ipv4_alone_or_with_its_prefix() {
        let mapped = words([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
        assert_eq!(v6(mapped, false), "127.0.0.1");
        assert_eq!(v6(mapped, true), "::ffff:127.0.0.1");
        let compat = words([0, 0, 0, 0, 0, 0, 0x0a00, 2]);
        assert_eq!(v6(compat, false), "10.0.0.2");
        assert_eq!(v6(compat, true), "::10.0.0.2");
        // Six zero groups then a low word above 1: still IPv4, as in DTrace.
        assert_eq!(v6(words([0, 0, 0, 0, 0, 0, 0, 2]), true), "::0.0.0.2");
        // Five zero groups then neither 0 nor ffff: plain IPv6.
        assert_eq!(
            v6(words([0, 0, 0, 0, 0, 0xfffe, 0x7f00, 1]), true),
            "::fffe:7f00:1"
        );
    }

    #[test]
    fn link_addresses_are_hex_bytes() {
        let mut out = [0u8; 64];
        let n = link_ntoa(&mut out, &[0x02, 0x08, 0x20, 0xac, 0x04, 0x0e]);
        assert_eq!(&out[..n], b"02:08:20:ac:04:0e");
        let n = link_ntoa(&mut out, &[0xff; 20]);
        assert_eq!(n, MAX_LINK_TEXT);
    }

    #[test]
    fn a_short_buffer_gets_the_start() {
        let mut out = [0u8; 10];
        let n = ntoa6(
            &mut out,
            words([0xfe80, 0x7060, 0x5040, 0x3080, 1, 2, 3, 4]),
            true,
        );
        assert_eq!(&out[..n], b"fe80:7060:");
    }
}
