//! ftrace's function list split once: each line's address, name and module
//! and whether rdtrace's denylist refuses the function. The copy kept
//! between runs ([`crate::function_list_cache`]) is this table, so that a
//! run neither splits ~25,000 lines nor asks the denylist of each name
//! (a third of starting `fbt:::entry` under TCG).

use crate::ftrace_list_line::{self, ListLine};
use rdtrace_uapi::denylist::is_denied;
use std::io::Read;

/// The list: its text and where each line's fields are in it.
#[derive(Debug, PartialEq, Eq)]
pub struct FunctionTable {
    text: String,
    /// One per line of the list, in its order: a probe's ID is its line's.
    lines: Vec<Line>,
}

/// One line: spans of the text, or `name_len` 0 for a line that is not a
/// function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Line {
    addr: u64,
    name_at: u32,
    module_at: u32,
    name_len: u16,
    /// 0 for vmlinux's functions.
    module_len: u8,
    denied: bool,
}

/// Bytes of a [`Line`] in the stored form.
const LINE_BYTES: usize = 20;

/// One function of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function<'t> {
    pub line: ListLine<'t>,
    /// Whether rdtrace refuses to probe it.
    pub denied: bool,
}

impl FunctionTable {
    /// Splits `text` (`ADDR NAME [MODULE]` lines).
    pub fn parse(text: String) -> FunctionTable {
        let base = text.as_ptr() as usize;
        let at = |s: &str| (s.as_ptr() as usize - base) as u32;
        // A span that a field cannot hold is left out, as a line that is
        // not a function.
        let fits = text.len() <= u32::MAX as usize;
        let lines = text
            .lines()
            .map(|l| match ftrace_list_line::split(l) {
                Some(l) if fits => {
                    let module = l.module.unwrap_or("");
                    let (Ok(name_len), Ok(module_len)) =
                        (u16::try_from(l.function.len()), u8::try_from(module.len()))
                    else {
                        return Line::default();
                    };
                    Line {
                        addr: l.addr,
                        name_at: at(l.function),
                        module_at: if module.is_empty() { 0 } else { at(module) },
                        name_len,
                        module_len,
                        denied: is_denied(l.function),
                    }
                }
                _ => Line::default(),
            })
            .collect();
        FunctionTable { text, lines }
    }

    /// How many lines the list has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Each line's function, or `None` for a line that is not one.
    pub fn functions(&self) -> impl Iterator<Item = Option<Function<'_>>> {
        self.lines.iter().map(|l| self.function(l))
    }

    fn function(&self, l: &Line) -> Option<Function<'_>> {
        let span = |at: u32, len: usize| self.text.get(at as usize..at as usize + len);
        let function = span(l.name_at, l.name_len.into()).filter(|f| !f.is_empty())?;
        let module = match l.module_len {
            0 => None,
            n => Some(span(l.module_at, n.into())?),
        };
        Some(Function {
            line: ListLine {
                addr: l.addr,
                function,
                module,
            },
            denied: l.denied,
        })
    }

    /// The stored form: the line count, each line's fields, then the text.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.lines.len() * LINE_BYTES + self.text.len());
        out.extend_from_slice(&(self.lines.len() as u64).to_le_bytes());
        for l in &self.lines {
            out.extend_from_slice(&l.addr.to_le_bytes());
            out.extend_from_slice(&l.name_at.to_le_bytes());
            out.extend_from_slice(&l.module_at.to_le_bytes());
            out.extend_from_slice(&l.name_len.to_le_bytes());
            out.push(l.module_len);
            out.push(u8::from(l.denied));
        }
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// The table [`FunctionTable::to_bytes`] stored, read from `from`;
    /// `None` if its bytes are not one. Read in parts, each into its own
    /// buffer: moving the text down a buffer holding the whole was a
    /// megabyte of copying at every run's start. Spans are checked where
    /// they are read.
    pub fn read_from(from: &mut impl Read) -> Option<FunctionTable> {
        let mut count = [0u8; 8];
        from.read_exact(&mut count).ok()?;
        let count = usize::try_from(u64::from_le_bytes(count)).ok()?;
        if count > MAX_LINES {
            return None;
        }
        let mut fields = vec![0u8; count * LINE_BYTES];
        from.read_exact(&mut fields).ok()?;
        let lines = fields
            .chunks_exact(LINE_BYTES)
            .map(|f| Line {
                addr: u64::from_le_bytes(f[..8].try_into().unwrap_or_default()),
                name_at: u32::from_le_bytes(f[8..12].try_into().unwrap_or_default()),
                module_at: u32::from_le_bytes(f[12..16].try_into().unwrap_or_default()),
                name_len: u16::from_le_bytes(f[16..18].try_into().unwrap_or_default()),
                module_len: f[18],
                denied: f[19] != 0,
            })
            .collect();
        let mut text = String::new();
        from.read_to_string(&mut text).ok()?;
        Some(FunctionTable { text, lines })
    }
}

/// Most lines a stored table may claim (a kernel has ~50,000 functions).
const MAX_LINES: usize = 1 << 22;

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "ffffffff81000000 ksys_read\n\
                        junk\n\
                        ffffffff81000010 rcu_note\n\
                        ffffffffc0001004 ext4_read [ext4]\n";

    /// A line as the tests compare it: address, name, module, denied.
    type Shown<'t> = Option<(u64, &'t str, Option<&'t str>, bool)>;

    fn names(t: &FunctionTable) -> Vec<Shown<'_>> {
        t.functions()
            .map(|f| f.map(|f| (f.line.addr, f.line.function, f.line.module, f.denied)))
            .collect()
    }

    #[test]
    fn each_line_in_order_with_the_denylist_asked() {
        let t = FunctionTable::parse(LIST.into());
        assert_eq!(
            names(&t),
            [
                Some((0xffffffff81000000, "ksys_read", None, false)),
                None,
                Some((0xffffffff81000010, "rcu_note", None, true)),
                Some((0xffffffffc0001004, "ext4_read", Some("ext4"), false)),
            ]
        );
    }

    #[test]
    fn the_stored_form_reads_back_and_a_bad_one_is_refused() {
        let read = |bytes: &[u8]| FunctionTable::read_from(&mut &bytes[..]);
        let t = FunctionTable::parse(LIST.into());
        let bytes = t.to_bytes();
        assert_eq!(read(&bytes).as_ref(), Some(&t));
        assert_eq!(read(&bytes[..40]), None);
        assert_eq!(read(&[]), None);
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(read(&huge), None);
        let mut not_utf8 = bytes.clone();
        not_utf8.push(0xff);
        assert_eq!(read(&not_utf8), None);
        // A span past the text reads as no function, not a panic.
        let mut stray = bytes;
        stray[8 + 8..8 + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        let t = read(&stray).unwrap();
        assert_eq!(names(&t)[0], None);
    }
}
