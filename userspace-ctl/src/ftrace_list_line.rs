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

/// Each line of `text` as [`split`] splits it (`None` for one that is not
/// a function), in one pass over the bytes: `str::lines` and a split per
/// line found each line's end with a `memchr` of its own, which cost more
/// than the parse for ~25,000 lines of ~40 bytes.
pub fn each(text: &str) -> Lines<'_> {
    Lines { text, at: 0 }
}

/// The iterator of [`each`].
pub struct Lines<'t> {
    text: &'t str,
    /// Where the next line starts.
    at: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = Option<ListLine<'t>>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let start = self.at;
        if start >= text.len() {
            return None;
        }
        if let Some((line, next)) = kernel_line(text, start) {
            self.at = next;
            return Some(Some(line));
        }
        // Anything else (a short address, tabs, the cache's header) the
        // general way.
        let rest = &text[start..];
        let len = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
        self.at = start + len + 1;
        Some(split(
            rest[..len].strip_suffix('\r').unwrap_or(&rest[..len]),
        ))
    }
}

/// The line at `start` if it is as the kernel writes it, `ADDR16 NAME`
/// or `ADDR16 NAME [MODULE]` then a newline or the end, with where the
/// next line starts.
fn kernel_line(text: &str, start: usize) -> Option<(ListLine<'_>, usize)> {
    let bytes = text.as_bytes();
    let addr = hex(bytes.get(start..start + 16)?)?;
    let name_at = start + 17;
    if bytes.get(start + 16) != Some(&b' ') {
        return None;
    }
    let name_len = bytes.get(name_at..)?.iter().position(|&b| b <= b' ');
    let name_end = name_at + name_len.unwrap_or(bytes.len() - name_at);
    let (module, next) = match bytes.get(name_end) {
        None => (None, name_end),
        Some(b'\n') => (None, name_end + 1),
        Some(b' ') if bytes.get(name_end + 1) == Some(&b'[') => {
            let module_at = name_end + 2;
            let close = module_at
                + bytes[module_at..]
                    .iter()
                    .position(|&b| b == b']' || b == b'\n')?;
            match bytes.get(close + 1) {
                _ if bytes[close] != b']' => return None,
                None => (Some(&text[module_at..close]), close + 1),
                Some(b'\n') => (Some(&text[module_at..close]), close + 2),
                Some(_) => return None,
            }
        }
        Some(_) => return None,
    };
    // Every boundary above is an ASCII byte: the slices are on chars.
    let function = &text[name_at..name_end];
    (!function.is_empty()).then_some((
        ListLine {
            addr,
            function,
            module,
        },
        next,
    ))
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

    #[test]
    fn each_line_splits_as_split_does() {
        let text = "ffffffff811cf85a ksys_read\n\
                    ffffffffc0001004 ext4_read [ext4]\n\
                    rdtrace function list 1234\n\
                    \n\
                    1000 helper_one_ [m]\r\n\
                    ABC0 helper\t[m] \n\
                    ffffffffc0001008 odd [m]x\n\
                    ffffffffc000100c unclosed [m\n\
                    ffffffff811cf860 last [mod]";
        let by_split: Vec<_> = text.lines().map(split).collect();
        assert_eq!(each(text).collect::<Vec<_>>(), by_split);
        assert_eq!(by_split.len(), 9);
        assert_eq!(each("ffffffff811cf85a ksys_read\n").count(), 1);
        assert_eq!(each("").count(), 0);
    }
}
