//! A `print()` record as text, as Oracle's DTrace shows one
//! (`dt_print_type`): `ADDR = *`, then the type's members, one a line,
//! from column 44, nested members one column further each:
//! `.name = (type)value,`. Members whose bytes are all zero are left out;
//! a char array stops at its first NUL; members past `printsize` bytes
//! end the output with `...`. The walk keeps DTrace's order and its
//! closing braces, which it writes only when it leaves a nesting level.

use crate::compiler::print_type::{PrintKind, PrintType, MAX_DEPTH};
use std::cell::Cell;
use std::fmt::Write;

/// Where the first line of a type starts (`DT_PRINT_STARTINDENT`).
const START_INDENT: usize = 44;

/// Oracle's default `printsize`.
pub const DEFAULT_PRINTSIZE: u64 = 8192;

thread_local! {
    /// `printsize`, for the thread that shows records.
    static PRINTSIZE: Cell<u64> = const { Cell::new(DEFAULT_PRINTSIZE) };
}

/// Sets `printsize`: at most this many bytes of a record are shown.
pub fn set_printsize(bytes: u64) {
    PRINTSIZE.set(bytes);
}

/// `setopt(name, value)` as a firing records it: `printsize` is set.
pub fn setopt(name: &str, value: &[u8]) {
    let text = String::from_utf8_lossy(value);
    let text = text.trim_end_matches('\0');
    if let Ok((_, crate::option_table::Value::Size(n))) =
        crate::option_table::parse(name, Some(text))
    {
        if name == "printsize" {
            set_printsize(n);
        }
    }
}

/// What `print()` shows of `data`, the bytes of a `ty` at `addr`.
pub fn render(addr: u64, data: &[u8], ty: &PrintType) -> String {
    let size = data
        .len()
        .min(usize::try_from(PRINTSIZE.get()).unwrap_or(usize::MAX));
    let mut walk = Walk {
        data,
        size,
        // As C's `%p`.
        out: match addr {
            0 => "(nil) = *\n".to_string(),
            a => format!("{a:#x} = *\n"),
        },
        open: [false; MAX_DEPTH],
        last_depth: 0,
    };
    let _ = walk.visit_tree(None, ty, 0, 0);
    walk.close(0);
    walk.out
}

/// The walk stopped: it ran past `printsize` or too deep.
struct Stop;

struct Walk<'d> {
    data: &'d [u8],
    /// How many of `data`'s bytes may be shown.
    size: usize,
    out: String,
    /// Whether the type last shown at each depth was a struct or union.
    open: [bool; MAX_DEPTH],
    /// The depth of the last line shown.
    last_depth: usize,
}

impl Walk<'_> {
    /// `ty` at `bit_offset`, then, for a struct or union, each member in
    /// order one level deeper (as `ctf_type_visit` walks).
    fn visit_tree(
        &mut self,
        name: Option<&str>,
        ty: &PrintType,
        bit_offset: u64,
        depth: usize,
    ) -> Result<(), Stop> {
        self.visit(name, ty, bit_offset, depth)?;
        if let PrintKind::Struct(members) = &ty.kind {
            for m in members {
                let name = Some(m.name.as_str()).filter(|n| !n.is_empty());
                let offset = bit_offset + m.bit_offset;
                match m.bits {
                    Some(bits) => self.visit_bitfield(name, &m.ty, offset, bits, depth + 1)?,
                    None => self.visit_tree(name, &m.ty, offset, depth + 1)?,
                }
            }
        }
        Ok(())
    }

    /// The bytes of a `len`-byte value at `byte`, if recorded.
    fn bytes(&self, byte: u64, len: u64) -> Option<&[u8]> {
        let at = usize::try_from(byte).ok()?;
        self.data
            .get(at..at.checked_add(usize::try_from(len).ok()?)?)
    }

    /// Before a line at `depth`: stops past `printsize` or too deep (with
    /// `...`), else closes what the last line left open below `depth`.
    fn enter(&mut self, bit_offset: u64, depth: usize) -> Result<(), Stop> {
        if bit_offset / 8 >= self.size as u64 || depth >= MAX_DEPTH {
            self.line(depth, "...");
            return Err(Stop);
        }
        if self.last_depth > depth {
            self.close(depth);
        }
        Ok(())
    }

    fn visit(
        &mut self,
        name: Option<&str>,
        ty: &PrintType,
        bit_offset: u64,
        depth: usize,
    ) -> Result<(), Stop> {
        self.enter(bit_offset, depth)?;
        let byte = bit_offset / 8;
        let Some(bytes) = self.bytes(byte, ty.size) else {
            return Ok(());
        };
        // Below the top, what is all zero is not shown.
        if depth > 0 && bytes.iter().all(|&b| b == 0) {
            return Ok(());
        }
        let bytes = bytes.to_vec();
        self.open[depth] = matches!(ty.kind, PrintKind::Struct(_));
        self.last_depth = depth;
        let value = match &ty.kind {
            PrintKind::Struct(_) => format!("({}) {{", ty.name),
            PrintKind::Array(_, len) => {
                let empty = if *len == 0 { "]," } else { "" };
                format!("({}) [{empty}", ty.name)
            }
            PrintKind::Int { signed, char } => int_text(&ty.name, &bytes, *signed, *char),
            PrintKind::Enum(values) => {
                let v = i64::from(i32::from_le_bytes(word::<4>(&bytes)));
                match values.iter().find(|(_, x)| *x == v) {
                    Some((n, _)) => format!("({}){n},", ty.name),
                    None => format!("({}){v},", ty.name),
                }
            }
            PrintKind::Pointer => {
                format!("({}){:#x},", ty.name, u64::from_le_bytes(word::<8>(&bytes)))
            }
            PrintKind::Other => return Ok(()),
        };
        self.member_line(name, depth, &value);
        if let PrintKind::Array(elem, len) = &ty.kind {
            self.elements(elem, *len, &bytes, bit_offset, depth)?;
        }
        Ok(())
    }

    /// An array's elements, one level deeper, each on its own line (those
    /// all zero left out); a char array's up to its first NUL. They are
    /// walked with their own record of the last line, as DTrace's are.
    fn elements(
        &mut self,
        elem: &PrintType,
        len: u64,
        bytes: &[u8],
        bit_offset: u64,
        depth: usize,
    ) -> Result<(), Stop> {
        if bytes.iter().all(|&b| b == 0) {
            return Ok(());
        }
        let char = matches!(elem.kind, PrintKind::Int { char: true, .. });
        let (open, last_depth) = (self.open, self.last_depth);
        let mut result = Ok(());
        for i in 0..len {
            if char && bytes.get(i as usize) == Some(&0) {
                break;
            }
            result = self.visit(None, elem, bit_offset + i * elem.size * 8, depth + 1);
            if result.is_err() {
                break;
            }
        }
        (self.open, self.last_depth) = (open, last_depth);
        result?;
        if len > 0 {
            self.line(depth, "],");
        }
        Ok(())
    }

    /// A bitfield member: `bits` bits from `bit_offset`; not shown when 0.
    fn visit_bitfield(
        &mut self,
        name: Option<&str>,
        ty: &PrintType,
        bit_offset: u64,
        bits: u8,
        depth: usize,
    ) -> Result<(), Stop> {
        self.enter(bit_offset, depth)?;
        let byte = bit_offset / 8;
        let span = (u64::from(bits) + bit_offset % 8).div_ceil(8).min(8);
        let Some(bytes) = self.bytes(byte, span) else {
            return Ok(());
        };
        if depth > 0 && bytes.iter().all(|&b| b == 0) {
            return Ok(());
        }
        let raw = u64::from_le_bytes(word::<8>(bytes)) >> (bit_offset % 8);
        let value = if bits >= 64 {
            raw
        } else {
            raw & ((1u64 << bits) - 1)
        };
        self.open[depth] = false;
        self.last_depth = depth;
        if value == 0 {
            return Ok(());
        }
        self.member_line(name, depth, &format!("({}){value},", ty.name));
        Ok(())
    }

    /// Closes the structs and unions open from the last line's depth up
    /// to `depth` (the top one always, shown empty).
    fn close(&mut self, depth: usize) {
        if !self.open[depth] {
            return;
        }
        if depth == 0 && self.last_depth == 0 {
            self.last_depth = 1;
        }
        for i in (1..=self.last_depth.saturating_sub(depth)).rev() {
            let comma = if depth > 0 || i > 1 { "," } else { "" };
            self.line(depth + i - 1, &format!("}}{comma}"));
            self.last_depth = depth;
        }
    }

    fn member_line(&mut self, name: Option<&str>, depth: usize, value: &str) {
        match name.filter(|_| depth > 0) {
            Some(n) => self.line(depth, &format!(".{n} = {value}")),
            None => self.line(depth, value),
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(
            self.out,
            "{:width$}{text}",
            "",
            width = START_INDENT + depth
        );
    }
}

/// An integer's line: a character as `'c'` for `char`, else its value.
fn int_text(name: &str, bytes: &[u8], signed: bool, char: bool) -> String {
    if bytes.len() > 8 {
        return format!("({name})?({} bit value),", bytes.len() * 8);
    }
    let raw = u64::from_le_bytes(word::<8>(bytes));
    let bits = (bytes.len().min(8) * 8) as u32;
    let value = match (signed, bits) {
        (_, 64) | (_, 0) => raw as i64,
        (true, b) => ((raw << (64 - b)) as i64) >> (64 - b),
        (false, b) => (raw & ((1u64 << b) - 1)) as i64,
    };
    if char && name == "char" {
        return format!("({name})'{}',", value as u8 as char);
    }
    if !signed && bits == 64 {
        return format!("({name}){raw},");
    }
    format!("({name}){value},")
}

/// The first `N` bytes, zero-filled past `bytes`' end, as a little-endian
/// word's.
fn word<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut w = [0u8; N];
    let n = bytes.len().min(N);
    w[..n].copy_from_slice(&bytes[..n]);
    w
}

#[cfg(test)]
#[path = "print_type_tests.rs"]
mod tests;
