//! Bytes as DTrace shows them (`dt_print_rawbytes`): a column header,
//! then rows of sixteen, each with its offset, the bytes in hex and the
//! printable ones as text.

use std::fmt::Write;

/// Left margin of every row, as DTrace's.
const MARGIN: usize = 5;

/// DTrace's text for `bytes`; nothing when there are none.
pub fn text(bytes: &[u8]) -> String {
    let mut out = String::new();
    if bytes.is_empty() {
        return out;
    }
    let _ = write!(out, "\n{:MARGIN$}      ", "");
    for digit in "0123456789abcdef".chars() {
        let _ = write!(out, "  {digit}");
    }
    out.push_str("  0123456789abcdef\n");
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:MARGIN$}{:5x}:", "", row * 16);
        for b in chunk {
            let _ = write!(out, " {b:02x}");
        }
        out.push_str(&"   ".repeat(16 - chunk.len()));
        out.push_str("  ");
        out.extend(chunk.iter().map(|&b| match b {
            b' '..=b'~' => b as char,
            _ => '.',
        }));
        out.push('\n');
    }
    out
}

/// What `trace()` of a struct's `bytes` shows (DTrace's
/// `dt_print_bytes`): text when they are printable characters, all of
/// them or a run followed only by NULs; else the raw dump.
pub fn traced(bytes: &[u8], quiet: bool) -> String {
    // isprint, isspace, and the two control characters a terminal shows.
    let printable = |c: u8| matches!(c, b' '..=b'~' | b'\t'..=b'\r' | 0x07 | 0x08);
    let Some(i) = bytes.iter().position(|&c| !printable(c)) else {
        return format!("  {:<33}", String::from_utf8_lossy(bytes));
    };
    let nul_padded = i > 0 && bytes.iter().skip(i).all(|&c| c == 0);
    match nul_padded {
        true if quiet => String::from_utf8_lossy(&bytes[..i]).into_owned(),
        true => format!("  {:<33}", String::from_utf8_lossy(&bytes[..i])),
        false => text(bytes),
    }
}

/// `bytes` in lower-case hex, two digits each (NDJSON's `bytes` value).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_sixteen_with_offsets_hex_and_text() {
        let bytes: Vec<u8> = b"Linux version 6.1\0\x7f\x80".to_vec();
        let want = concat!(
            "\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n",
            "         0: 4c 69 6e 75 78 20 76 65 72 73 69 6f 6e 20 36 2e  Linux version 6.\n",
            "        10: 31 00 7f 80                                      1...\n",
        );
        assert_eq!(text(&bytes), want);
    }

    #[test]
    fn traced_bytes_are_text_when_they_spell_a_string() {
        assert_eq!(traced(b"abc\0\0", false), format!("  {:<33}", "abc"));
        assert_eq!(traced(b"abc\0\0", true), "abc");
        assert_eq!(traced(b"a\tb", true), format!("  {:<33}", "a\tb"));
        assert_eq!(traced(b"abc\0d", false), text(b"abc\0d"));
        assert_eq!(traced(b"\0abc", true), text(b"\0abc"));
        assert_eq!(traced(&[1, 2, 3, 4], false), text(&[1, 2, 3, 4]));
    }

    #[test]
    fn no_bytes_show_nothing() {
        assert_eq!(text(&[]), "");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0, 0xab, 7]), "00ab07");
    }
}
