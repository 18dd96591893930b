//! Splitting assembler lines into operands and reading each operand.

use alloc::string::String;
use alloc::vec::Vec;

use super::super::insn::Reg;

/// Removes a `;` comment (outside string literals).
pub(super) fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return line.get(..i).unwrap_or(line),
            _ => {}
        }
    }
    line
}

/// Splits operands at commas outside string literals and brackets.
pub(super) fn split_operands(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quoted, mut escaped, mut start) = (false, false, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(s.get(start..i).unwrap_or("").trim());
                start = i.saturating_add(1);
            }
            _ => {}
        }
    }
    let last = s.get(start..).unwrap_or("").trim();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    out
}

/// A signed or unsigned integer: decimal, `0x` hex, optional `-`/`+`.
pub(super) fn int(s: &str) -> Option<i128> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None => body.parse::<u64>().ok()?,
    };
    let v = i128::from(v);
    Some(if neg { v.checked_neg()? } else { v })
}

/// A 32-bit immediate, signed or unsigned, stored as its bits.
pub(super) fn imm32(s: &str) -> Option<i32> {
    let v = int(s)?;
    if let Ok(v) = i32::try_from(v) {
        Some(v)
    } else {
        u32::try_from(v).ok().map(|v| v as i32)
    }
}

/// A 64-bit constant, signed or unsigned, stored as its bits.
pub(super) fn imm64(s: &str) -> Option<u64> {
    let v = int(s)?;
    if let Ok(v) = i64::try_from(v) {
        Some(v as u64)
    } else {
        u64::try_from(v).ok()
    }
}

/// A register `r0` .. `r15`.
pub(super) fn reg(s: &str) -> Option<Reg> {
    let n: u8 = s.strip_prefix('r')?.parse().ok()?;
    (n < 16).then(|| Reg::new(n))
}

/// `<prefix>N`, such as `c3`, `s12`, `v0`, `@1`.
pub(super) fn prefixed(s: &str, prefix: char) -> Option<u32> {
    let rest = s.strip_prefix(prefix)?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// A register tuple `rK:n`, `rK` (one register) or nothing.
pub(super) fn tuple(s: Option<&&str>) -> Option<(Reg, i16)> {
    let Some(s) = s else {
        return Some((Reg::new(0), 0));
    };
    match s.split_once(':') {
        Some((r, n)) => Some((reg(r.trim())?, n.trim().parse().ok()?)),
        None => Some((reg(s)?, 1)),
    }
}

/// A memory operand `[rS]`, `[rS+off]` or `[rS-off]`.
pub(super) fn mem(s: &str) -> Option<(Reg, i16)> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?.trim();
    let split = inner.find(['+', '-']);
    let (r, off) = match split {
        Some(i) => (inner.get(..i)?.trim(), inner.get(i..)?.trim()),
        None => (inner, "0"),
    };
    let off = i16::try_from(int(&off.replace(' ', ""))?).ok()?;
    Some((reg(r)?, off))
}

/// A double-quoted string literal with `\n \t \r \\ \" \0 \xHH` escapes.
pub(super) fn string(s: &str) -> Option<Vec<u8>> {
    let body = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let b = match chars.next()? {
            'n' => b'\n',
            't' => b'\t',
            'r' => b'\r',
            '0' => 0,
            '\\' => b'\\',
            '"' => b'"',
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                u8::from_str_radix(&hex, 16).ok()?
            }
            _ => return None,
        };
        out.push(b);
    }
    Some(out)
}

/// Quotes bytes as an assembler string literal (`\n \t \r \0 \\ \" \xHH`
/// escapes), as the disassembler prints and [`string`] reads back.
pub fn quote(bytes: &[u8]) -> String {
    use core::fmt::Write;
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\r' => s.push_str("\\r"),
            0 => s.push_str("\\0"),
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s.push('"');
    s
}
