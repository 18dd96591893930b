//! How a `tracemem()` record is described to the consumer: a printf whose
//! format text is a tag (as a sized trace's, see [`super::trace_width`])
//! naming the form; its arguments are the bytes and, in the dynamic form,
//! the count to show.

use super::trace_width::TAG;

/// How many of the recorded bytes a `tracemem()` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// All of them: `tracemem(addr, size)`.
    All,
    /// The first `dsize` (a second argument), all when it is larger:
    /// `tracemem(addr, size, dsize)` with an unsigned `dsize`.
    Unsigned,
    /// As [`Shown::Unsigned`], and all of them when `dsize` is negative.
    Signed,
    /// All of them, as `trace()` of a struct shows its bytes: as text
    /// when they are a string, else raw ([`Shown::All`] is always raw).
    Traced,
    /// A string's characters, then NULs to `dsize` bytes, raw: `trace()`
    /// of a string with `rawbytes` (`strsize` + 1 bytes, as DTrace).
    Padded,
}

impl Shown {
    /// The format text of a `tracemem()` of this form.
    pub fn format(self) -> String {
        let form = match self {
            Shown::All => "",
            Shown::Unsigned => "u",
            Shown::Signed => "s",
            Shown::Traced => "t",
            Shown::Padded => "z",
        };
        format!("{TAG}mem{form}")
    }

    /// The form a format text describes, if it is a `tracemem()`'s.
    pub fn of_format(text: &str) -> Option<Shown> {
        Some(match text.strip_prefix(TAG)?.strip_prefix("mem")? {
            "" => Shown::All,
            "u" => Shown::Unsigned,
            "s" => Shown::Signed,
            "t" => Shown::Traced,
            "z" => Shown::Padded,
            _ => return None,
        })
    }

    /// How many of `size` recorded bytes show, given the recorded `dsize`.
    pub fn count(self, size: usize, dsize: Option<u64>) -> usize {
        match (self, dsize) {
            (Shown::Signed, Some(d)) if (d as i64) < 0 => size,
            (Shown::Unsigned | Shown::Signed, Some(d)) => {
                size.min(usize::try_from(d).unwrap_or(usize::MAX))
            }
            _ => size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip_and_never_read_as_sized_traces() {
        for s in [
            Shown::All,
            Shown::Unsigned,
            Shown::Signed,
            Shown::Traced,
            Shown::Padded,
        ] {
            assert_eq!(Shown::of_format(&s.format()), Some(s));
            assert_eq!(super::super::trace_width::width_of(&s.format()), None);
        }
        assert_eq!(Shown::of_format("mem"), None);
        assert_eq!(Shown::of_format(&format!("{TAG}8u")), None);
    }

    #[test]
    fn the_dynamic_size_caps_what_shows() {
        assert_eq!(Shown::All.count(16, None), 16);
        assert_eq!(Shown::Unsigned.count(16, Some(4)), 4);
        assert_eq!(Shown::Unsigned.count(16, Some(40)), 16);
        assert_eq!(Shown::Unsigned.count(16, Some(u64::MAX)), 16);
        assert_eq!(Shown::Signed.count(16, Some(-1i64 as u64)), 16);
        assert_eq!(Shown::Signed.count(16, Some(0)), 0);
    }
}
