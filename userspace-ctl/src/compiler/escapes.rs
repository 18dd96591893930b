//! Backslash escapes in string and character literals, decoded with the
//! source offset of every resulting byte (so a printf format error can
//! point inside the literal).
//!
//! A string literal is a Rust `String` through the compiler, but D's
//! escapes make any byte (`"\xfa"`, `"\377"`): an escaped byte above
//! 0x7f is carried as one reserved code point ([`RAW_BYTE_BASE`] + the
//! byte) and turned back into the byte where the string becomes DIF
//! ([`raw_bytes`]). A `\0` ends the string, as in C and DTrace.

use super::diagnostics::Diagnostic;
use super::span::Span;

/// A decoded literal body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The source offset of each byte, plus one final entry: the offset
    /// just past the body.
    pub offsets: Vec<usize>,
}

impl Decoded {
    /// The source span of bytes `start..end` of the decoded text.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let at = |i: usize| self.offsets.get(i).or(self.offsets.last()).copied();
        let s = at(start).unwrap_or(0);
        let e = if end > start {
            // Past the last byte's own source text.
            at(end).unwrap_or(s)
        } else {
            s
        };
        Span::new(s, e.max(s + 1))
    }
}

/// The code point standing for raw byte 0 in a decoded string: bytes
/// 0x80..=0xff are `RAW_BYTE_BASE + b`, in the last private-use plane,
/// which no script spells.
pub const RAW_BYTE_BASE: u32 = 0x10_FF00;

/// A string's bytes as DIF holds them: each reserved code point back to
/// its raw byte, everything else as UTF-8.
pub fn raw_bytes(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match u32::from(c).checked_sub(RAW_BYTE_BASE) {
            Some(b @ 0x80..=0xff) => out.push(b as u8),
            _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out
}

/// Decodes `body`, which starts at source offset `base`. `allow_nul` lets
/// `\0` through as a byte (character literals, whose bytes are taken
/// whole); in a string it ends the string, and a byte above 0x7f is its
/// reserved code point ([`RAW_BYTE_BASE`]) in UTF-8.
pub fn decode(body: &str, base: usize, allow_nul: bool, diags: &mut Vec<Diagnostic>) -> Decoded {
    let mut out = Decoded::default();
    let bytes = body.as_bytes();
    let mut i = 0;
    // Past a string's `\0`: the rest is checked, not kept.
    let mut ended = false;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        if b != b'\\' {
            if !ended {
                out.bytes.push(b);
                out.offsets.push(base + i);
            }
            i += 1;
            continue;
        }
        i += 1;
        let Some(&e) = bytes.get(i) else {
            diags.push(Diagnostic::bad_escape(
                Span::new(base + start, base + i),
                "\\",
            ));
            break;
        };
        i += 1;
        // DTrace's escapes (its `stresc2chr`): any other backslash stays,
        // with the character after it (`\\?` is two bytes, as in DTrace).
        let value: Option<Option<u32>> = match e {
            b'n' => Some(Some(u32::from(b'\n'))),
            b't' => Some(Some(u32::from(b'\t'))),
            b'r' => Some(Some(u32::from(b'\r'))),
            b'a' => Some(Some(7)),
            b'b' => Some(Some(8)),
            b'f' => Some(Some(12)),
            b'v' => Some(Some(11)),
            b'\\' | b'"' => Some(Some(u32::from(e))),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                while i < bytes.len() && i < start + 4 && (b'0'..=b'7').contains(&bytes[i]) {
                    v = v * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                }
                Some(Some(v & 0xff))
            }
            b'x' => {
                let digits = bytes[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count();
                // As in C, every hex digit counts; the byte is the low 8
                // bits.
                let v = bytes[i..i + digits].iter().fold(0u32, |v, &c| {
                    (v << 4 | char::from(c).to_digit(16).unwrap_or(0)) & 0xfff
                });
                i += digits;
                (digits > 0).then_some(Some(v & 0xff))
            }
            _ => Some(None),
        };
        // Keep `i` on a character boundary for the message.
        while !body.is_char_boundary(i) {
            i += 1;
        }
        let span = Span::new(base + start, base + i);
        let text = body.get(start..i).unwrap_or("\\");
        match value {
            None => diags.push(Diagnostic::bad_escape(span, text)),
            _ if ended => {}
            Some(None) => {
                for &b in text.as_bytes() {
                    out.bytes.push(b);
                    out.offsets.push(base + start);
                }
            }
            Some(Some(0)) if !allow_nul => ended = true,
            Some(Some(v)) if v >= 0x80 && !allow_nul => {
                let c = char::from_u32(RAW_BYTE_BASE + v).unwrap_or(char::REPLACEMENT_CHARACTER);
                for &b in c.encode_utf8(&mut [0; 4]).as_bytes() {
                    out.bytes.push(b);
                    out.offsets.push(base + start);
                }
            }
            Some(Some(v)) => {
                out.bytes.push(v as u8);
                out.offsets.push(base + start);
            }
        }
    }
    out.offsets.push(base + body.len());
    out
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_escapes_with_offsets() {
        let mut d = Vec::new();
        let r = decode(r"a\n\x41\101", 10, false, &mut d);
        assert!(d.is_empty());
        assert_eq!(r.bytes, b"a\nAA");
        assert_eq!(r.offsets, vec![10, 11, 13, 17, 21]);
    }

    #[test]
    fn nul_ends_a_string() {
        let mut d = Vec::new();
        let r = decode(r"ab\0cd\n", 0, false, &mut d);
        assert!(d.is_empty());
        assert_eq!(r.bytes, b"ab");
    }

    #[test]
    fn bytes_above_ascii_come_back_raw() {
        let mut d = Vec::new();
        let r = decode(r"a\xfa\377\x41", 0, false, &mut d);
        assert!(d.is_empty());
        let s = String::from_utf8(r.bytes).unwrap();
        assert_eq!(super::raw_bytes(&s), b"a\xfa\xffA");
        assert_eq!(super::raw_bytes("é"), "é".as_bytes());
    }
}
