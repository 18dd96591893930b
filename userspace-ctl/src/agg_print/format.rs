//! printa's format strings: printf's conversions, where the `@` flag
//! (`%@d`, `%8@d`, `%@-10u`) takes the aggregation's value and every
//! other conversion takes the next key element (`*` a width from one).

/// A conversion's width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// None given.
    None,
    /// A number.
    Fixed(usize),
    /// `*`: the next key element.
    Key,
}

/// One `%` conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv {
    /// printf's flags (`-+ #0`), without `@`.
    pub flags: String,
    /// The `@` flag: the aggregation's value.
    pub agg: bool,
    /// The width.
    pub width: Width,
    /// The precision.
    pub precision: Option<usize>,
    /// The conversion character.
    pub conv: char,
}

/// A piece of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text printed as it is (`%%` already one `%`).
    Text(String),
    /// A conversion.
    Conv(Conv),
}

/// Conversion characters printa accepts.
const CONVERSIONS: &str = "diuxXocsp";

/// Splits a printa format into text and conversions.
pub fn parse(text: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            lit.push('%');
            continue;
        }
        if !lit.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut lit)));
        }
        let mut conv = Conv {
            flags: String::new(),
            agg: false,
            width: Width::None,
            precision: None,
            conv: '%',
        };
        // Flags and `@` in any order; `@` may also follow the width.
        let mut digits = String::new();
        loop {
            match chars.peek() {
                Some(&'@') => conv.agg = true,
                Some(&f) if "-+ #0".contains(f) && digits.is_empty() => conv.flags.push(f),
                Some(&'*') if digits.is_empty() && conv.width == Width::None => {
                    conv.width = Width::Key
                }
                Some(d) if d.is_ascii_digit() && conv.width == Width::None => digits.push(*d),
                _ => break,
            }
            chars.next();
        }
        if !digits.is_empty() {
            conv.width = Width::Fixed(digits.parse().map_err(|_| "width too large")?);
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(*d);
                chars.next();
            }
            conv.precision = Some(p.parse().unwrap_or(0));
        }
        while matches!(chars.peek(), Some('h' | 'l' | 'L' | 'z' | 'j' | 't')) {
            chars.next();
        }
        match chars.next() {
            Some(c) if CONVERSIONS.contains(c) => conv.conv = c,
            Some(c) => return Err(format!("%{c} is not a conversion printa( ) knows")),
            None => return Err("the format ends inside a conversion".into()),
        }
        out.push(Piece::Conv(conv));
    }
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    Ok(out)
}

/// How many key elements the conversions take (widths included).
pub fn keys_used(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Conv(c) => usize::from(c.width == Width::Key) + usize::from(!c.agg),
            Piece::Text(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convs(text: &str) -> Vec<Conv> {
        parse(text)
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Conv(c) => Some(c),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn at_is_a_flag_before_or_after_the_width() {
        let c = convs("%8d %8@d %@10d %-@u");
        assert_eq!(c.len(), 4);
        assert!(!c[0].agg && c[1].agg && c[2].agg && c[3].agg);
        assert_eq!(c[1].width, Width::Fixed(8));
        assert_eq!(c[2].width, Width::Fixed(10));
        assert_eq!(c[3].flags, "-");
    }

    #[test]
    fn star_takes_a_key() {
        let p = parse("-->%-*d<--\n").unwrap();
        assert_eq!(keys_used(&p), 2);
        assert_eq!(p[0], Piece::Text("-->".into()));
    }

    #[test]
    fn percent_percent_is_text_and_unknown_conversions_are_refused() {
        assert_eq!(parse("100%%").unwrap(), vec![Piece::Text("100%".into())]);
        assert!(parse("%@q").is_err());
        assert!(parse("%").is_err());
    }
}
