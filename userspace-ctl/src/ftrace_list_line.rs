//! One line of ftrace's function list, `ADDR NAME [MODULE]`, split by
//! hand: with ~25,000 lines read at every fbt run's start, a generic
//! whitespace split and `u64::from_str_radix` were most of the parse.

/// One function of the list.
#[derive(Debug, PartialEq, Eq)]
pub struct ListLine<'t> {
    /// The function's ftrace site.
    pub addr: u64,
    /// The function's name.
    pub function: &'t str,
    /// The module's name without its brackets; `None` for vmlinux's.
    pub module: Option<&'t str>,
}

/// The fields of `line` (no `\n`), or `None` for a line that is not a
/// function (the cache's header, a malformed line).
pub fn split(line: &str) -> Option<ListLine<'_>> {
    // Byte searches: `split_once` and `trim_matches` take chars.
    let space = line.bytes().position(|b| b == b' ')?;
    let addr = hex(&line.as_bytes()[..space])?;
    let rest = line[space + 1..].trim_ascii();
    let (function, module) = match rest.bytes().position(|b| b.is_ascii_whitespace()) {
        Some(end) => (&rest[..end], Some(rest[end..].trim_ascii())),
        None => (rest, None),
    };
    let module = module.map(|m| m.trim_start_matches('[').trim_end_matches(']'));
    (!function.is_empty()).then_some(ListLine {
        addr,
        function,
        module,
    })
}

/// `digits` as a hexadecimal number of at most 16 digits.
fn hex(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    digits.iter().try_fold(0u64, |value, &b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        Some(value << 4 | u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_vmlinux_and_module_functions() {
        assert_eq!(
            split("ffffffff811cf85a ksys_read"),
            Some(ListLine {
                addr: 0xffffffff811cf85a,
                function: "ksys_read",
                module: None
            })
        );
        assert_eq!(
            split("ffffffffc0001004 ext4_read [ext4]"),
            Some(ListLine {
                addr: 0xffffffffc0001004,
                function: "ext4_read",
                module: Some("ext4")
            })
        );
        // Tabs and trailing blanks, as kallsyms writes them.
        assert_eq!(
            split("ABC0 helper\t[m] \r").map(|l| (l.addr, l.module)),
            Some((0xabc0, Some("m")))
        );
    }

    #[test]
    fn refuses_what_is_not_a_function() {
        for line in [
            "",
            "rdtrace function list 1234",
            "ffffffff811cf85a",
            "ffffffff811cf85a ",
            "1ffffffff811cf85a toolong",
            "xyz name",
        ] {
            assert_eq!(split(line), None, "{line:?}");
        }
    }
}
