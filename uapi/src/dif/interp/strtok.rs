//! `strtok()`'s scan: where the next token of a string lies.
//!
//! DTrace keeps the rest of the string between the calls of one probe
//! firing; the compiler keeps it in a clause-local variable and asks this
//! subroutine twice per call, once for the token and once for the rest.

/// The token of `s`: after the leading bytes found in `delims`, up to the
/// next one or the end. Returns its start and end; an empty span at the
/// end of `s` if only delimiters are left (the token is then NULL).
pub(crate) fn span(s: &[u8], delims: &[u8]) -> (usize, usize) {
    let mut set = [0u8; 32];
    for &d in delims {
        if let Some(bin) = set.get_mut(usize::from(d >> 3)) {
            *bin |= 1 << (d & 7);
        }
    }
    let is_delim = |b: u8| {
        set.get(usize::from(b >> 3))
            .is_some_and(|bin| bin & (1 << (b & 7)) != 0)
    };
    let start = s.iter().position(|&b| !is_delim(b)).unwrap_or(s.len());
    let len = s
        .iter()
        .skip(start)
        .position(|&b| is_delim(b))
        .unwrap_or(s.len().saturating_sub(start));
    (start, start.saturating_add(len))
}

#[cfg(test)]
mod tests {
    use super::span;
    extern crate std;
    use std::string::String;
    use std::vec::Vec;

    /// Every token of `s`, calling again on the rest as DTrace does.
    fn tokens(s: &str, delims: &str) -> Vec<String> {
        let mut rest = s.as_bytes();
        let mut out = Vec::new();
        loop {
            let (a, b) = span(rest, delims.as_bytes());
            if a == b {
                return out;
            }
            out.push(String::from_utf8(rest[a..b].to_vec()).unwrap());
            rest = &rest[b..];
        }
    }

    #[test]
    fn tokens_skip_runs_of_any_delimiter() {
        assert_eq!(tokens(",,a,,b;c,", ",;"), ["a", "b", "c"]);
        assert_eq!(tokens("one two", ""), ["one two"]);
        assert_eq!(tokens("", "x"), Vec::<String>::new());
        assert_eq!(tokens(",,,", ","), Vec::<String>::new());
    }

    #[test]
    fn the_rest_starts_at_the_delimiter_after_the_token() {
        assert_eq!(span(b"  ab cd", b" "), (2, 4));
        assert_eq!(span(b"oobar", b"o"), (2, 5));
        assert_eq!(span(b"\xffa\xfe", b"\xff\xfe"), (1, 2));
    }
}
