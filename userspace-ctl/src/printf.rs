//! C-style `printf` formatting of recorded values, as D's printf does:
//! flags `-+ #0`, width, precision (either may be `*`: taken from the
//! next argument), length modifiers (accepted, ignored: the compiler
//! narrowed the values), conversions `d i u x X o c s p %` (`%p` is
//! DTrace's: bare hex like `%x`), and `a` (a kernel address by symbol)
//! and `A` (a user address).

use crate::ksyms::Ksyms;
use crate::records::Value;
use std::fmt::Write;

struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
    conv: char,
}

/// Parses one conversion after its `%`; a `*` width or precision takes
/// the next of `args` (C's rules: a negative width left-justifies, a
/// negative precision is none).
fn parse_spec<'v>(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    args: &mut impl Iterator<Item = &'v Value>,
) -> Option<Spec> {
    let mut s = Spec {
        left: false,
        plus: false,
        space: false,
        alt: false,
        zero: false,
        width: 0,
        precision: None,
        conv: '%',
    };
    // DTrace's `?`: a pointer's width, 16 columns, unless one is written.
    let mut pointer_width = false;
    while let Some(&c) = chars.peek() {
        match c {
            '?' => pointer_width = true,
            '-' => s.left = true,
            '+' => s.plus = true,
            ' ' => s.space = true,
            '#' => s.alt = true,
            '0' => s.zero = true,
            _ => break,
        }
        chars.next();
    }
    let number = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let mut n = 0usize;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d as usize);
            chars.next();
        }
        n
    };
    if chars.next_if_eq(&'*').is_some() {
        let w = int_of(args.next()) as i64;
        s.left |= w < 0;
        s.width = usize::try_from(w.unsigned_abs()).unwrap_or(usize::MAX);
    } else {
        s.width = number(chars);
        if s.width == 0 && pointer_width {
            s.width = 16;
        }
    }
    if chars.peek() == Some(&'.') {
        chars.next();
        s.precision = if chars.next_if_eq(&'*').is_some() {
            usize::try_from(int_of(args.next()) as i64).ok()
        } else {
            Some(number(chars))
        };
    }
    while matches!(chars.peek(), Some('h' | 'l' | 'z' | 'j' | 't' | 'L')) {
        chars.next();
    }
    s.conv = chars.next()?;
    Some(s)
}

fn pad(out: &mut String, s: &Spec, body: &str, sign: &str, numeric: bool) {
    let len = body.chars().count() + sign.len();
    let fill = s.width.saturating_sub(len);
    if s.left {
        out.push_str(sign);
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if s.zero && numeric && s.precision.is_none() {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(body);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
        out.push_str(body);
    }
}

fn int_of(v: Option<&Value>) -> u64 {
    match v {
        Some(Value::Int(n)) => *n,
        _ => 0,
    }
}

fn format_one(out: &mut String, s: &Spec, arg: Option<&Value>) {
    let n = int_of(arg);
    let digits = |body: String| match s.precision {
        Some(p) if body.len() < p => format!("{}{body}", "0".repeat(p - body.len())),
        _ => body,
    };
    match s.conv {
        'd' | 'i' => {
            let v = n as i64;
            let sign = if v < 0 {
                "-"
            } else if s.plus {
                "+"
            } else if s.space {
                " "
            } else {
                ""
            };
            pad(out, s, &digits(v.unsigned_abs().to_string()), sign, true);
        }
        'u' => pad(out, s, &digits(n.to_string()), "", true),
        'x' => pad(
            out,
            s,
            &digits(format!("{n:x}")),
            if s.alt && n != 0 { "0x" } else { "" },
            true,
        ),
        'X' => pad(
            out,
            s,
            &digits(format!("{n:X}")),
            if s.alt && n != 0 { "0X" } else { "" },
            true,
        ),
        'o' => pad(
            out,
            s,
            &digits(format!("{n:o}")),
            if s.alt { "0" } else { "" },
            true,
        ),
        // DTrace's %p is %x: bare hex, `0x` only with `#`.
        'p' => pad(
            out,
            s,
            &digits(format!("{n:x}")),
            if s.alt && n != 0 { "0x" } else { "" },
            true,
        ),
        // A kernel address as `module`function+0xoffset`.
        'a' => pad(out, s, &Ksyms::global().frame(n), "", false),
        // The compiler's own conversions for trace(func()), trace(mod()).
        'N' => pad(out, s, &Ksyms::global().function(n), "", false),
        'M' => pad(out, s, &Ksyms::global().module(n), "", false),
        // A user address: rdtrace has no user symbols, so the address.
        'A' => pad(out, s, &format!("{n:#x}"), "", false),
        'c' => pad(out, s, &char::from(n as u8).to_string(), "", false),
        's' => {
            let text = match arg {
                Some(Value::Str(b)) => String::from_utf8_lossy(b).into_owned(),
                Some(Value::Int(n)) => n.to_string(),
                None => String::new(),
            };
            let text: String = match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            pad(out, s, &text, "", false);
        }
        other => {
            let _ = write!(out, "%{other}");
        }
    }
}

/// Formats `fmt` with `args`.
pub fn format(fmt: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut chars = fmt.chars().peekable();
    let mut next = args.iter();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        match parse_spec(&mut chars, &mut next) {
            Some(spec) => format_one(&mut out, &spec, next.next()),
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::{Int, Str};

    #[test]
    fn conversions_flags_and_widths() {
        let s = |b: &str| Str(b.as_bytes().to_vec());
        assert_eq!(format("%s %d\n", &[s("cat"), Int(131072)]), "cat 131072\n");
        assert_eq!(
            format("[%-6s|%6s|%.2s]", &[s("ab"), s("ab"), s("abcdef")]),
            "[ab    |    ab|ab]"
        );
        assert_eq!(
            format(
                "%5d|%-5d|%05d|%+d",
                &[Int(42), Int(42), Int(-42i64 as u64), Int(7)]
            ),
            "   42|42   |-0042|+7"
        );
        assert_eq!(
            format(
                "%x %X %#x %08x %o",
                &[Int(255), Int(255), Int(255), Int(255), Int(8)]
            ),
            "ff FF 0xff 000000ff 10"
        );
        assert_eq!(
            format(
                "%u %i %ld %llu",
                &[Int(u64::MAX), Int(-1i64 as u64), Int(5), Int(6)]
            ),
            "18446744073709551615 -1 5 6"
        );
        assert_eq!(
            format(
                "%c%c %p 100%%",
                &[
                    Int(b'o' as u64),
                    Int(b'k' as u64),
                    Int(0xffff_ffff_8100_0000)
                ]
            ),
            "ok ffffffff81000000 100%"
        );
    }
}
