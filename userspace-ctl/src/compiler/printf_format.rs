//! printf format strings: parsed once at compile time into literal text
//! and conversions, so the checker can match arguments to conversions and
//! the printer can format records without parsing the text again.
//!
//! Accepted: `%d %i %u %x %X %o %c %s %p %a %A %%` with flags `-+ #0`, a
//! width, a `.precision` and the length modifiers `h hh l ll j z t`. A
//! width or precision written `*` is an integer argument of its own,
//! before the conversion's value, as in C.

use rdtrace_uapi::dif::Ty;
use std::ops::Range;

/// A parsed format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    /// The format as written (escapes decoded).
    pub text: String,
    /// Its pieces, in order.
    pub pieces: Vec<Piece>,
}

/// Literal text or a conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text printed as is (`%%` already turned into `%`).
    Literal(String),
    /// A conversion consuming the next argument.
    Conversion(Conversion),
}

/// One `%...` conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// Flags, each of `-`, `+`, space, `#`, `0`, as written.
    pub flags: String,
    /// The minimum field width.
    pub width: Option<u32>,
    /// The width is an argument (`%*d`).
    pub width_arg: bool,
    /// The precision.
    pub precision: Option<u32>,
    /// The precision is an argument (`%.*s`).
    pub precision_arg: bool,
    /// The length modifier as written (`""`, `l`, `ll`, ...).
    pub length: String,
    /// The conversion character: one of `d i u x X o c s p a A`.
    pub conv: char,
    /// Where the conversion is in [`Format::text`].
    pub range: Range<usize>,
}

impl Conversion {
    /// The type of argument the conversion takes.
    pub fn arg_type(&self) -> Ty {
        if self.conv == 's' {
            Ty::Str
        } else {
            Ty::Int
        }
    }

    /// The types of the arguments the conversion takes, in order: the
    /// width's and the precision's if written `*`, then the value's.
    pub fn params(&self) -> Vec<Ty> {
        let stars = usize::from(self.width_arg) + usize::from(self.precision_arg);
        let mut p = vec![Ty::Int; stars];
        p.push(self.arg_type());
        p
    }

    /// Whether the conversion reads its integer as signed.
    pub fn is_signed(&self) -> bool {
        matches!(self.conv, 'd' | 'i')
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
    /// An aggregation's value (`%@d`), which only `printa()` prints.
    Aggregation(String),
}

impl Format {
    /// The conversions, in argument order.
    pub fn conversions(&self) -> impl Iterator<Item = &Conversion> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Conversion(c) => Some(c),
            Piece::Literal(_) => None,
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
            .filter_map(|w| parse(self.text.get(w[0]..w[1])?).ok())
            .collect()
    }

    /// The argument types, in order: the layout of a printf record.
    pub fn arg_types(&self) -> Vec<Ty> {
        self.conversions().flat_map(Conversion::params).collect()
    }
}

const SUPPORTED: &str = "diuxXocspaA";
/// DTrace conversions not supported yet: floats, stacks, escaped strings,
/// dates.
const UNSUPPORTED: &str = "eEfFgGkSYTm";
const FLAGS: &str = "-+ #0";

type Chars<'t> = std::iter::Peekable<std::str::CharIndices<'t>>;

/// Takes characters while `accept` holds.
fn take(chars: &mut Chars<'_>, accept: impl Fn(char) -> bool) -> String {
    let mut s = String::new();
    while let Some((_, c)) = chars.next_if(|&(_, c)| accept(c)) {
        s.push(c);
    }
    s
}

/// Parses `text`, reporting the first error.
pub fn parse(text: &str) -> Result<Format, FormatError> {
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
        let mut flags = take(&mut chars, |c| FLAGS.contains(c) || c == '?');
        // DTrace's `?` flag: a pointer's width (16 on 64-bit) unless a
        // width is written.
        let pointer_width = flags.contains('?');
        flags.retain(|c| c != '?');
        if let Some((at, '@')) = chars.peek().copied() {
            let end = chars
                .find(|&(_, c)| c.is_ascii_alphabetic())
                .map_or(text.len(), |(i, c)| i + c.len_utf8());
            return Err(FormatError {
                range: start..end,
                kind: FormatErrorKind::Aggregation(text[start..end.max(at + 1)].to_string()),
            });
        }
        let width_arg = chars.next_if(|&(_, c)| c == '*').is_some();
        let width = take(&mut chars, |c| c.is_ascii_digit());
        let dot = chars.next_if(|&(_, c)| c == '.').is_some();
        let precision_arg = dot && chars.next_if(|&(_, c)| c == '*').is_some();
        let precision = dot.then(|| take(&mut chars, |c| c.is_ascii_digit()));
        let length = take(&mut chars, |c| "hljzt".contains(c));
        let Some((at, conv)) = chars.next() else {
            return Err(FormatError {
                range: start..text.len(),
                kind: FormatErrorKind::Incomplete,
            });
        };
        let end = at + conv.len_utf8();
        let spec = text[start..end].to_string();
        let bad_length = !["", "h", "hh", "l", "ll", "j", "z", "t"].contains(&length.as_str());
        if UNSUPPORTED.contains(conv) {
            return Err(FormatError {
                range: start..end,
                kind: FormatErrorKind::Unsupported(spec),
            });
        }
        if !SUPPORTED.contains(conv) || bad_length {
            return Err(FormatError {
                range: start..end,
                kind: FormatErrorKind::Unknown(spec),
            });
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        let number = |s: &str| s.parse::<u32>().ok();
        pieces.push(Piece::Conversion(Conversion {
            flags,
            width: number(&width).or(pointer_width.then_some(16)),
            width_arg,
            precision: precision
                .filter(|_| !precision_arg)
                .map(|p| number(&p).unwrap_or(0)),
            precision_arg,
            length,
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
mod tests {
    use super::*;

    #[test]
    fn flags_width_precision_length() {
        let f = parse("%-10s|%08x|%5.2d|%lld|%%").unwrap();
        let c: Vec<&Conversion> = f.conversions().collect();
        assert_eq!(c.len(), 4);
        assert_eq!(
            (c[0].flags.as_str(), c[0].width, c[0].conv),
            ("-", Some(10), 's')
        );
        assert_eq!((c[1].flags.as_str(), c[1].width), ("0", Some(8)));
        assert_eq!((c[2].width, c[2].precision), (Some(5), Some(2)));
        assert_eq!(c[3].length, "ll");
        assert_eq!(f.pieces.last(), Some(&Piece::Literal("|%".into())));
        assert_eq!(f.arg_types(), vec![Ty::Str, Ty::Int, Ty::Int, Ty::Int]);
    }

    #[test]
    fn errors_name_the_conversion() {
        let e = parse("a %y b").unwrap_err();
        assert_eq!(
            (e.range, e.kind),
            (2..4, FormatErrorKind::Unknown("%y".into()))
        );
        let e = parse("%5.1f").unwrap_err();
        assert_eq!(e.kind, FormatErrorKind::Unsupported("%5.1f".into()));
        assert_eq!(parse("100%").unwrap_err().kind, FormatErrorKind::Incomplete);
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::parse;

    #[test]
    fn chunks_cut_before_every_nth_conversion() {
        let f = parse("a %d b %s c %%d %x end\n").unwrap();
        let texts: Vec<String> = f.chunks(2).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["a %d b %s c %%d ", "%x end\n"]);
        assert_eq!(f.chunks(8).len(), 1);
    }

    #[test]
    fn star_arguments_count_toward_a_chunk() {
        let f = parse("%*d|%.*s|%d").unwrap();
        assert_eq!(f.arg_types().len(), 5);
        let texts: Vec<String> = f.chunks(4).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["%*d|%.*s|", "%d"]);
    }
}
