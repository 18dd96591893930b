//! One line of ftrace's function list, `ADDR NAME [MODULE]`, split by
//! hand: with ~25,000 lines read at every fbt run's start, a generic
//! whitespace split and `u64::from_str_radix` were most of the parse.

/// One function of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    // Byte searches: `split_once` and `trim_matches` take chars. A 64-bit
    // kernel's addresses are 16 digits: the space is looked for there
    // first.
    let bytes = line.as_bytes();
    let sixteen = (bytes.get(16) == Some(&b' ')).then(|| hex(&bytes[..16]));
    let (space, addr) = match sixteen.flatten() {
        Some(addr) => (16, addr),
        None => {
            let space = bytes.iter().position(|&b| b == b' ')?;
            (space, hex(&bytes[..space])?)
        }
    };
    let rest = line[space + 1..].trim_ascii();
    // A name has no blank or control character: the first ends it.
    let (function, module) = match rest.bytes().position(|b| b <= b' ') {
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
    let mut value = 0u64;
    // Any byte that is not a digit sets the high bit of `bad`.
    let mut bad = 0u8;
    for &b in digits {
        let digit = HEX_DIGITS[b as usize];
        bad |= digit;
        value = value << 4 | u64::from(digit & 0xf);
    }
    (bad & 0x80 == 0).then_some(value)
}

/// Each byte's value as a hexadecimal digit, or 0x80 for a byte that is
/// not one: a table, not a compare chain per digit.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

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
        // A short address, whose line has a space at the 16th byte too.
        assert_eq!(
            split("1000 helper_one_ [m]"),
            Some(ListLine {
                addr: 0x1000,
                function: "helper_one_",
                module: Some("m")
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
            "ffffffff811cf85g name",
        ] {
            assert_eq!(split(line), None, "{line:?}");
        }
    }
}
