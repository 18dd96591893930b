//! Integers as text and back, as DTrace's `lltostr(n[, base])` and
//! `strtoll(s[, base])` convert them: bases 2 to 36, digits past 9 the
//! letters, decimal signed and every other base the 64 bits unsigned.

/// The most bytes `lltostr` writes: 64 binary digits and a prefix.
pub(crate) const MAX_TEXT: usize = 66;

/// Each digit's character, by value.
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Whether `base` is one both subroutines take (else an illegal operation).
pub(crate) fn base_ok(base: u64) -> bool {
    (2..=36).contains(&base)
}

/// `v` in `base` into `out`, cut to its length, as DTrace writes it:
/// decimal with a `-` when negative, octal after a `0`, hexadecimal after
/// `0x` (zero is `0x0`); the bytes written.
pub(crate) fn lltostr(out: &mut [u8], v: i64, base: u64) -> usize {
    let mut rev = [0u8; MAX_TEXT];
    let mut n = 0usize;
    let mut push = |b: u8| {
        if let Some(slot) = rev.get_mut(n) {
            *slot = b;
            n = n.saturating_add(1);
        }
    };
    let base = base.clamp(2, 36);
    let mut u = if base == 10 {
        v.unsigned_abs()
    } else {
        v as u64
    };
    while u != 0 {
        let digit = u.checked_rem(base).unwrap_or(0) as usize;
        push(DIGITS.get(digit).copied().unwrap_or(b'?'));
        u = u.checked_div(base).unwrap_or(0);
    }
    if v == 0 && base == 16 {
        push(b'0');
    }
    if base == 16 {
        push(b'x');
    }
    if v == 0 || base == 8 || base == 16 {
        push(b'0');
    }
    if v < 0 && base == 10 {
        push(b'-');
    }
    let digits = rev.get(..n).unwrap_or(&[]);
    let mut at = 0usize;
    for (slot, &b) in out.iter_mut().zip(digits.iter().rev()) {
        *slot = b;
        at = at.saturating_add(1);
    }
    at
}

/// The value of a digit in any base up to 36, if `c` is one.
fn digit(c: u8) -> Option<u64> {
    let lower = c.to_ascii_lowercase();
    DIGITS.iter().position(|&d| d == lower).map(|i| i as u64)
}

/// `s` read as an integer in `base`, as DTrace reads it: blanks and tabs
/// skipped, an optional sign, `0x` skipped in base 16 when a hex digit
/// follows, then digits up to the first that is not one (0 if none);
/// overflow wraps.
pub(crate) fn strtoll(s: &[u8], base: u64) -> i64 {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut pos = s.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    let neg = at(pos) == b'-';
    if matches!(at(pos), b'-' | b'+') {
        pos = pos.saturating_add(1);
    }
    let hex_prefix = at(pos) == b'0'
        && matches!(at(pos.saturating_add(1)), b'x' | b'X')
        && at(pos.saturating_add(2)).is_ascii_hexdigit();
    if base == 16 && hex_prefix {
        pos = pos.saturating_add(2);
    }
    let mut val: u64 = 0;
    for &c in s.get(pos..).unwrap_or(&[]) {
        match digit(c) {
            Some(x) if x < base => val = val.wrapping_mul(base).wrapping_add(x),
            _ => break,
        }
    }
    let val = val as i64;
    if neg {
        val.wrapping_neg()
    } else {
        val
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: i64, base: u64) -> ([u8; MAX_TEXT], usize) {
        let mut out = [0u8; MAX_TEXT];
        let n = lltostr(&mut out, v, base);
        (out, n)
    }

    fn is(v: i64, base: u64, want: &str) {
        let (out, n) = text(v, base);
        assert_eq!(&out[..n], want.as_bytes(), "{v} in base {base}");
    }

    #[test]
    fn lltostr_writes_each_base_as_dtrace() {
        is(-1234, 10, "-1234");
        is(i64::MIN, 10, "-9223372036854775808");
        is(0, 10, "0");
        is(255, 16, "0xff");
        is(0, 16, "0x0");
        is(8, 8, "010");
        is(0, 8, "0");
        is(5, 2, "101");
        is(35, 36, "z");
        is(-1, 16, "0xffffffffffffffff");
        assert_eq!(text(-1, 2).1, 64);
    }

    #[test]
    fn lltostr_is_cut_to_the_room_given() {
        let mut out = [0u8; 3];
        assert_eq!(lltostr(&mut out, 123_456, 10), 3);
        assert_eq!(&out, b"123");
    }

    #[test]
    fn strtoll_reads_as_dtrace() {
        assert_eq!(strtoll(b"  -42abc", 10), -42);
        assert_eq!(strtoll(b"+17", 10), 17);
        assert_eq!(strtoll(b"0x1F", 16), 31);
        assert_eq!(strtoll(b"0xg", 16), 0);
        assert_eq!(strtoll(b"0x1F", 10), 0);
        assert_eq!(strtoll(b"777", 8), 511);
        assert_eq!(strtoll(b"zz", 36), 35 * 36 + 35);
        assert_eq!(strtoll(b"", 10), 0);
        assert_eq!(strtoll(b"18446744073709551615", 10), -1);
        assert!(!base_ok(1) && !base_ok(37) && base_ok(2) && base_ok(36));
    }
}
