//! The printf format model: a format string parsed once, at compile
//! time, into literal text and conversions. The checker matches
//! arguments to the conversions, the consumer formats printf records
//! with them (`crate::printf`) and printa formats aggregation rows with
//! the same conversions, so a conversion means one thing everywhere.
//!
//! The grammar is DTrace's (`dt_printf_create`): after `%`, flags,
//! width, `.precision` and length letters in any order, then the
//! conversion. Flags are `#`, `0` (only as the first digit of a width),
//! `-` (which cancels an earlier `0`, as `0` cancels an earlier `-`),
//! `+`, space, `'`, `?` (a pointer's width, 16), and `@` (printa only:
//! the aggregation's value). A width or precision written `*` is an
//! integer argument of its own, before the value, as in C. Conversions:
//! `d i u x X o c s p a A %` as in C and DTrace (`%p` is bare hex, `%a` a
//! kernel address by symbol, `%A` a user address), `S` and `C` (a string
//! and a character with C escapes), `Y` and `T` (a time in nanoseconds
//! since the epoch as `2026 Dec  1 16:07:14` and RFC 822), `k` (a stack,
//! in printa), with the length modifiers `h hh l ll j z t` on integers.

use rdtrace_uapi::dif::Ty;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A parsed format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Format {
    /// The format as written (escapes decoded).
    pub text: String,
    /// Its pieces, in order.
    pub pieces: Vec<Piece>,
}

/// Literal text or a conversion.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Piece {
    /// Text printed as is (`%%` already turned into `%`).
    Literal(String),
    /// A conversion consuming the next argument.
    Conversion(Conversion),
    /// The type a `print()` shows (its format's only piece).
    Typed(Box<super::print_type::PrintType>),
}

/// One `%...` conversion.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Conversion {
    /// The flags in effect, each of `#0-+' ` at most once, in that order
    /// (`0` and `-` never both: the later one written wins).
    pub flags: String,
    /// The `@` flag: printa's aggregation value, not an argument.
    pub agg: bool,
    /// The minimum field width (`?` is 16).
    pub width: Option<u32>,
    /// The width is an argument (`%*d`).
    pub width_arg: bool,
    /// The precision as written (DTrace ignores a precision of 0).
    pub precision: Option<u32>,
    /// The precision is an argument (`%.*s`).
    pub precision_arg: bool,
    /// The length modifier as written (`""`, `l`, `ll`, ...).
    pub length: String,
    /// The conversion character.
    pub conv: char,
    /// Where the conversion is in [`Format::text`].
    pub range: Range<usize>,
}

/// What a conversion's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// An integer (or an address, a character, a time).
    Int,
    /// A string.
    Str,
    /// A stack (`%k`).
    Stack,
}

impl Conversion {
    /// What the conversion's value is.
    pub fn arg_kind(&self) -> ArgKind {
        match self.conv {
            // The user symbol conversions take the (pid, address) string.
            's' | 'S' | USER_FUNCTION_CONV | USER_MODULE_CONV | USER_ADDRESS_CONV => ArgKind::Str,
            'k' | USTACK_CONV => ArgKind::Stack,
            _ => ArgKind::Int,
        }
    }

    /// The DIF type of the value a printf record carries for it.
    pub fn arg_type(&self) -> Ty {
        match self.arg_kind() {
            ArgKind::Str => Ty::Str,
            _ => Ty::Int,
        }
    }

    /// The types of the arguments the conversion takes, in order: the
    /// width's and the precision's if written `*`, then the value's
    /// (none for printa's `@`: the aggregation gives it).
    pub fn params(&self) -> Vec<Ty> {
        let stars = usize::from(self.width_arg) + usize::from(self.precision_arg);
        let mut p = vec![Ty::Int; stars];
        if !self.agg {
            p.push(self.arg_type());
        }
        p
    }

    /// Whether the conversion reads its integer as signed.
    pub fn is_signed(&self) -> bool {
        matches!(self.conv, 'd' | 'i')
    }

    /// Whether flag `f` is set.
    pub fn has(&self, f: char) -> bool {
        self.flags.contains(f)
    }
}

/// Why a format does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The offending part of the text.
    pub range: Range<usize>,
    /// What is wrong.
    pub kind: FormatErrorKind,
}

/// The kinds of format error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatErrorKind {
    /// No such conversion.
    Unknown(String),
    /// A conversion DTrace has that rdtrace does not support yet.
    Unsupported(String),
    /// A `%` with no conversion after it.
    Incomplete,
    /// Two `*` for a width or precision, two `.`, `%n$`, or flags on `%%`.
    Malformed(String),
}

impl FormatError {
    /// The error in DTrace's words, for messages that cannot point at it.
    pub fn describe(&self) -> String {
        match &self.kind {
            FormatErrorKind::Unknown(c) => format!("format conversion is undefined: {c}"),
            FormatErrorKind::Unsupported(c) => format!("conversion {c} is not supported yet"),
            FormatErrorKind::Incomplete => "conversion name expected before end of format".into(),
            FormatErrorKind::Malformed(c) => format!("malformed conversion {c}"),
        }
    }
}

impl Format {
    /// A format of `text` with no conversions.
    pub fn literal(text: &str) -> Format {
        Format {
            text: text.to_string(),
            pieces: vec![Piece::Literal(text.to_string())],
        }
    }

    /// `text` parsed, or taken as literal text when it does not parse (a
    /// format carried in a file or a program not compiled here).
    pub fn parse_or_literal(text: &str) -> Format {
        parse_with(text, true).unwrap_or_else(|_| Format::literal(text))
    }

    /// The conversions, in argument order.
    pub fn conversions(&self) -> impl Iterator<Item = &Conversion> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Conversion(c) => Some(c),
            Piece::Literal(_) | Piece::Typed(_) => None,
        })
    }

    /// The format cut before conversions so that each piece takes at most
    /// `max` arguments (a DIF tuple's limit); printed one after the
    /// other, the pieces print what the whole does.
    pub fn chunks(&self, max: usize) -> Vec<Format> {
        let mut cuts: Vec<usize> = Vec::new();
        let mut taken = 0usize;
        for c in self.conversions() {
            let n = c.params().len();
            if taken > 0 && taken + n > max {
                cuts.push(c.range.start);
                taken = 0;
            }
            taken += n;
        }
        if cuts.is_empty() {
            return vec![self.clone()];
        }
        let mut bounds = vec![0];
        bounds.extend(cuts);
        bounds.push(self.text.len());
        bounds
            .windows(2)
            .filter_map(|w| parse_with(self.text.get(w[0]..w[1])?, true).ok())
            .collect()
    }

    /// The argument types, in order: the layout of a printf record.
    pub fn arg_types(&self) -> Vec<Ty> {
        self.conversions().flat_map(Conversion::params).collect()
    }
}

/// The conversions a script may write.
const SUPPORTED: &str = "diuxXocspaASCTYk";
/// The consumer's own conversions for `trace(func(pc))` and
/// `trace(mod(pc))` (see `check::addr_symbols`), and [`USTACK_CONV`],
/// never a script's.
pub const INTERNAL: &str = "NMUQRV";
/// The conversion a printa's `%k` becomes for a user stack key.
pub const USTACK_CONV: char = 'U';
/// The consumer's conversions for a user symbol (a 16-byte string of the
/// process ID and the address), traced or a printa key: `usym()` and
/// `ufunc()`.
pub const USER_FUNCTION_CONV: char = 'Q';
/// See [`USER_FUNCTION_CONV`]: `umod()`.
pub const USER_MODULE_CONV: char = 'R';
/// See [`USER_FUNCTION_CONV`]: `uaddr()`.
pub const USER_ADDRESS_CONV: char = 'V';
/// The internal conversions that name a user address in its process.
pub const USER_CONVS: &str = "UQRV";
/// DTrace conversions not supported yet: floating point.
const UNSUPPORTED: &str = "eEfFgG";
/// The conversions that take a length modifier.
const INTEGER: &str = "diuxXoc";
/// The length modifiers.
const LENGTHS: [&str; 8] = ["", "h", "hh", "l", "ll", "j", "z", "t"];

/// Parses a script's format, reporting the first error.
pub fn parse(text: &str) -> Result<Format, FormatError> {
    parse_with(text, false)
}

/// Flags and width seen so far in one conversion, in DTrace's order of
/// precedence.
#[derive(Default)]
struct Spec {
    alt: bool,
    zero: bool,
    left: bool,
    plus: bool,
    group: bool,
    space: bool,
    agg: bool,
    width: Option<u32>,
    width_arg: bool,
    precision: Option<u32>,
    precision_arg: bool,
    length: String,
}

impl Spec {
    fn flags(&self) -> String {
        [
            (self.alt, '#'),
            (self.zero, '0'),
            (self.left, '-'),
            (self.plus, '+'),
            (self.group, '\''),
            (self.space, ' '),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|&(_, c)| c)
        .collect()
    }
}

/// Parses `text`; `internal` also accepts [`INTERNAL`] conversions.
pub fn parse_with(text: &str, internal: bool) -> Result<Format, FormatError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        if chars.next_if(|&(_, c)| c == '%').is_some() {
            literal.push('%');
            continue;
        }
        let mut s = Spec::default();
        let mut dot = false;
        let mut digits = false;
        let malformed = |end: usize| FormatError {
            range: start..end,
            kind: FormatErrorKind::Malformed(text[start..end].to_string()),
        };
        let (at, conv) = loop {
            let Some((at, c)) = chars.next() else {
                return Err(FormatError {
                    range: start..text.len(),
                    kind: FormatErrorKind::Incomplete,
                });
            };
            let end = at + c.len_utf8();
            match c {
                '0' if !dot && !digits => {
                    s.zero = true;
                    s.left = false;
                }
                '0'..='9' => {
                    let mut n = c.to_digit(10).unwrap_or(0);
                    while let Some((_, d)) = chars.next_if(|&(_, d)| d.is_ascii_digit()) {
                        n = n
                            .saturating_mul(10)
                            .saturating_add(d.to_digit(10).unwrap_or(0));
                    }
                    if dot {
                        s.precision = Some(n);
                    } else {
                        s.width = Some(n);
                    }
                    digits = true;
                }
                '.' if dot => return Err(malformed(end)),
                '.' => {
                    dot = true;
                    digits = false;
                    s.precision = Some(0);
                }
                '*' if dot && s.precision_arg || !dot && s.width_arg => return Err(malformed(end)),
                '*' if dot => s.precision_arg = true,
                '*' => s.width_arg = true,
                '#' => s.alt = true,
                '+' => s.plus = true,
                '-' => {
                    s.left = true;
                    s.zero = false;
                }
                '?' => s.width = Some(16),
                '@' => s.agg = true,
                '\'' => s.group = true,
                ' ' => s.space = true,
                '$' | '%' => return Err(malformed(end)),
                'h' | 'l' | 'L' | 'w' | 'j' | 'z' | 't' => s.length.push(c),
                c => break (at, c),
            }
        };
        let end = at + conv.len_utf8();
        let spec = text[start..end].to_string();
        let error = |kind| FormatError {
            range: start..end,
            kind,
        };
        if UNSUPPORTED.contains(conv) {
            return Err(error(FormatErrorKind::Unsupported(spec)));
        }
        let known = SUPPORTED.contains(conv) || internal && INTERNAL.contains(conv);
        let length_ok =
            s.length.is_empty() || INTEGER.contains(conv) && LENGTHS.contains(&s.length.as_str());
        if !known || !length_ok {
            return Err(error(FormatErrorKind::Unknown(spec)));
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(Piece::Conversion(Conversion {
            flags: s.flags(),
            agg: s.agg,
            width: s.width,
            width_arg: s.width_arg,
            precision: s.precision.filter(|_| !s.precision_arg),
            precision_arg: s.precision_arg,
            length: s.length,
            conv,
            range: start..end,
        }));
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(Format {
        text: text.to_string(),
        pieces,
    })
}

#[cfg(test)]
#[path = "printf_format_tests.rs"]
mod tests;
