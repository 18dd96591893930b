//! Backslash escapes in string and character literals, decoded with the
//! source offset of every resulting byte (so a printf format error can
//! point inside the literal).

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

/// Decodes `body`, which starts at source offset `base`. `allow_nul` lets
/// `\0` through (character literals); strings reject NUL and bytes
/// outside ASCII, which DIF strings cannot carry yet.
pub fn decode(body: &str, base: usize, allow_nul: bool, diags: &mut Vec<Diagnostic>) -> Decoded {
    let mut out = Decoded::default();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        if b != b'\\' {
            out.bytes.push(b);
            out.offsets.push(base + i);
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
        let value: Option<u32> = match e {
            b'n' => Some(u32::from(b'\n')),
            b't' => Some(u32::from(b'\t')),
            b'r' => Some(u32::from(b'\r')),
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'v' => Some(11),
            b'\\' | b'"' | b'\'' | b'?' => Some(u32::from(e)),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                while i < bytes.len() && i < start + 4 && (b'0'..=b'7').contains(&bytes[i]) {
                    v = v * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                }
                Some(v)
            }
            b'x' => {
                let digits = bytes[i..]
                    .iter()
                    .take(2)
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count();
                let v = body
                    .get(i..i + digits)
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                i += digits;
                v
            }
            _ => None,
        };
        // Keep `i` on a character boundary for the message.
        while !body.is_char_boundary(i) {
            i += 1;
        }
        let span = Span::new(base + start, base + i);
        let text = body.get(start..i).unwrap_or("\\");
        match value {
            None => diags.push(Diagnostic::bad_escape(span, text)),
            Some(v) if v >= 0x80 || (v == 0 && !allow_nul) => {
                diags.push(Diagnostic::unsupported_escape(span, text));
            }
            Some(v) => {
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
    fn rejects_nul_in_strings() {
        let mut d = Vec::new();
        decode(r"a\0", 0, false, &mut d);
        assert_eq!(d.len(), 1);
    }
}
