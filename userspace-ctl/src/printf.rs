//! Formatting values through the conversions of a parsed
//! [`Format`](crate::compiler::Format), as DTrace's `dt_printf_format`
//! does: printf records with their arguments, and printa rows (through
//! [`convert`], one conversion at a time).
//!
//! DTrace hands each conversion to C's printf with the flags in effect,
//! a width if not 0 (a negative one, from `*`, left-justifies) and a
//! precision only if above 0; so does this. Length modifiers are read
//! by the compiler, which narrowed the values.

use crate::compiler::printf_format::{
    Conversion, Format, Piece, USER_ADDRESS_CONV, USER_FUNCTION_CONV, USER_MODULE_CONV, USTACK_CONV,
};
use crate::compiler::types::UserSymbol;
use crate::ksyms::Ksyms;
use crate::records::Value;
use crate::stacks;

/// A conversion's width and precision once `*` arguments are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dynamic {
    /// The width (`*`'s argument); negative left-justifies.
    pub width: Option<i64>,
    /// The precision (`.*`'s argument).
    pub precision: Option<i64>,
}

/// How one conversion lays out its text.
struct Layout {
    left: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

impl Layout {
    fn of(c: &Conversion, d: Dynamic) -> Layout {
        let width = d.width.unwrap_or_else(|| i64::from(c.width.unwrap_or(0)));
        let precision = d
            .precision
            .or(c.precision.map(i64::from))
            .filter(|&p| p > 0);
        let left = c.has('-') || width < 0;
        Layout {
            left,
            zero: c.has('0') && !left,
            width: usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX),
            precision: precision.and_then(|p| usize::try_from(p).ok()),
        }
    }

    /// `body` after `prefix` (a sign, `0x`), padded to the width.
    fn pad(&self, out: &mut String, prefix: &str, body: &str, numeric: bool) {
        let len = body.chars().count() + prefix.len();
        let fill = self.width.saturating_sub(len);
        if self.left {
            out.push_str(prefix);
            out.push_str(body);
            out.extend(std::iter::repeat_n(' ', fill));
        } else if self.zero && numeric && self.precision.is_none() {
            out.push_str(prefix);
            out.extend(std::iter::repeat_n('0', fill));
            out.push_str(body);
        } else {
            out.extend(std::iter::repeat_n(' ', fill));
            out.push_str(prefix);
            out.push_str(body);
        }
    }

    /// Digits zero-extended to the precision.
    fn digits(&self, body: String) -> String {
        match self.precision {
            Some(p) if body.len() < p => format!("{}{body}", "0".repeat(p - body.len())),
            _ => body,
        }
    }

    /// Text cut to the precision.
    fn text(&self, out: &mut String, body: &str) {
        let cut: String = match self.precision {
            Some(p) => body.chars().take(p).collect(),
            None => body.to_string(),
        };
        self.pad(out, "", &cut, false);
    }
}

fn int_of(v: Option<&Value>) -> u64 {
    match v {
        Some(Value::Int(n)) => *n,
        _ => 0,
    }
}

/// A `*` argument: DTrace reads it as an `int`.
pub fn star(v: Option<&Value>) -> i64 {
    i64::from(int_of(v) as i32)
}

/// Formats one conversion of `value` into `out`.
pub fn convert(out: &mut String, c: &Conversion, d: Dynamic, value: Option<&Value>) {
    let l = Layout::of(c, d);
    let n = int_of(value);
    let hex = |upper: bool| {
        let body = l.digits(if upper {
            format!("{n:X}")
        } else {
            format!("{n:x}")
        });
        let prefix = match (c.has('#') && n != 0, upper) {
            (false, _) => "",
            (true, false) => "0x",
            (true, true) => "0X",
        };
        (prefix, body)
    };
    match c.conv {
        'd' | 'i' => {
            let v = n as i64;
            let sign = if v < 0 {
                "-"
            } else if c.has('+') {
                "+"
            } else if c.has(' ') {
                " "
            } else {
                ""
            };
            l.pad(out, sign, &l.digits(v.unsigned_abs().to_string()), true);
        }
        'u' => l.pad(out, "", &l.digits(n.to_string()), true),
        // DTrace's %p is %x: bare hex, `0x` only with `#`.
        'x' | 'p' => {
            let (prefix, body) = hex(false);
            l.pad(out, prefix, &body, true);
        }
        'X' => {
            let (prefix, body) = hex(true);
            l.pad(out, prefix, &body, true);
        }
        'o' => {
            let body = l.digits(format!("{n:o}"));
            let prefix = if c.has('#') && !body.starts_with('0') {
                "0"
            } else {
                ""
            };
            l.pad(out, prefix, &body, true);
        }
        'c' => l.pad(out, "", &char::from(n as u8).to_string(), false),
        'C' => l.text(out, &escaped(&[n as u8])),
        's' => l.text(out, &string_of(value)),
        'S' => l.text(out, &escaped(string_of(value).as_bytes())),
        // A kernel address as `module`symbol+0xoffset`.
        'a' => l.text(out, &Ksyms::global().address(n)),
        // A user address: rdtrace has no user symbols, so the address.
        'A' => l.text(out, &format!("{n:#x}")),
        // The compiler's own conversions for trace(func()), trace(mod()).
        'N' => l.text(out, &Ksyms::global().function(n)),
        'M' => l.text(out, &Ksyms::global().module(n)),
        USER_FUNCTION_CONV => l.text(out, &user_symbol(value, UserSymbol::Function)),
        USER_MODULE_CONV => l.text(out, &user_symbol(value, UserSymbol::Module)),
        USER_ADDRESS_CONV => l.text(out, &user_symbol(value, UserSymbol::Address)),
        'Y' => l.text(out, &crate::walltime::ymd(n)),
        'T' => l.text(out, &crate::walltime::rfc822(n)),
        'k' => stack(out, &l, value, |pcs| {
            stacks::kernel_frames(Ksyms::global(), pcs)
        }),
        USTACK_CONV => stack(out, &l, value, stacks::user_frames),
        other => {
            out.push('%');
            out.push(other);
        }
    }
}

/// A string value's text (an integer's digits, as a fallback).
fn string_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::Str(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(Value::Int(n)) => n.to_string(),
        None => String::new(),
    }
}

/// `%k` as `pfprint_stack` prints it: with `-`, the width indents each
/// frame; without, it is each frame's field width.
/// A user symbol value (the process ID and the address) named as `kind`.
fn user_symbol(value: Option<&Value>, kind: UserSymbol) -> String {
    match value {
        Some(Value::Str(bytes)) => crate::user_syms::recorded(bytes, kind),
        _ => String::new(),
    }
}

fn stack(
    out: &mut String,
    l: &Layout,
    value: Option<&Value>,
    frames: impl Fn(&[u64]) -> Vec<String>,
) {
    let Some(Value::Str(bytes)) = value else {
        return;
    };
    let (indent, width) = if l.left { (l.width, 0) } else { (0, l.width) };
    out.push('\n');
    for frame in frames(&stacks::pcs_of(bytes)) {
        out.push_str(&format!("{:indent$}{frame:>width$}\n", ""));
    }
}

/// `bytes` with C's escapes for what does not print, as DTrace's
/// `strchr2esc` writes them (`\n`, `\"`, `\001`).
pub fn escaped(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        let esc = match b {
            0 => Some('0'),
            7 => Some('a'),
            8 => Some('b'),
            12 => Some('f'),
            b'\n' => Some('n'),
            b'\r' => Some('r'),
            b'\t' => Some('t'),
            11 => Some('v'),
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            _ => None,
        };
        match esc {
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None if b == b' ' || b.is_ascii_graphic() => out.push(char::from(b)),
            None => out.push_str(&format!("\\{:03o}", b)),
        }
    }
    out
}

/// Formats `format` with a printf record's `args`.
pub fn format(format: &Format, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.text.len() + 16);
    let mut next = args.iter();
    for p in &format.pieces {
        match p {
            Piece::Literal(t) => out.push_str(t),
            Piece::Typed(_) => {}
            Piece::Conversion(c) => {
                let mut d = Dynamic::default();
                if c.width_arg {
                    d.width = Some(star(next.next()));
                }
                if c.precision_arg {
                    d.precision = Some(star(next.next()));
                }
                convert(&mut out, c, d, next.next());
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "printf_tests.rs"]
mod tests;
