//! `trace()` of an integer prints as DTrace's consumer prints its record
//! (`dt_print_trace`): by width and signedness, after a space, `%19ld` or
//! `%20lu` for 8 bytes, `%10d`/`%10u` for 4, `%5hd`/`%5hu` for 2 and
//! `%3hhd`/`%3hhu` for 1 (bare when quiet). A signed 8-byte value is an
//! ordinary trace record; the record carries neither width nor sign, so
//! every other integer trace is recorded as a one-argument printf whose
//! format is this tagged description.

use super::types::Type;

/// Starts a sized trace's format text: no printf format starts with a
/// control character.
pub(crate) const TAG: &str = "\u{1}trace:";

/// How a traced integer was declared: its width and sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceWidth {
    /// Width in bytes: 1, 2, 4 or 8.
    pub size: u8,
    /// Whether it prints signed.
    pub signed: bool,
}

impl TraceWidth {
    /// The recorded bits as this type reads them, widened to 128 bits so
    /// that signed and unsigned 8-byte values both fit.
    pub fn value(self, bits: u64) -> i128 {
        let shift = 64 - 8 * u32::from(self.size.clamp(1, 8));
        let kept = (bits << shift) >> shift;
        if self.signed {
            i128::from(((bits << shift) as i64) >> shift)
        } else {
            i128::from(kept)
        }
    }

    /// The traced `bits` as DTrace prints them.
    pub fn text(self, bits: u64, quiet: bool) -> String {
        let n = self.value(bits);
        if quiet {
            return n.to_string();
        }
        let width = match (self.size, self.signed) {
            (1, _) => 3,
            (2, _) => 5,
            (4, _) => 10,
            (_, true) => 19,
            (_, false) => 20,
        };
        format!(" {n:>width$}")
    }
}

/// The format text recording a trace of a value of type `ty`, if it is
/// not a signed 8-byte integer.
pub fn format_for(ty: Type) -> Option<String> {
    let width = match ty {
        Type::Int {
            size: 8,
            signed: true,
        } => return None,
        Type::Int { size, signed } => TraceWidth { size, signed },
        Type::Ptr { .. } | Type::StructPtr(_) => TraceWidth {
            size: 8,
            signed: false,
        },
        _ => return None,
    };
    let sign = if width.signed { "" } else { "u" };
    Some(format!("{TAG}{}{sign}", width.size))
}

/// The width a format text records a trace at, if it is one of these.
pub fn width_of(format: &str) -> Option<TraceWidth> {
    let rest = format.strip_prefix(TAG)?;
    let (digits, signed) = match rest.strip_suffix('u') {
        Some(d) => (d, false),
        None => (rest, true),
    };
    let size = digits.parse().ok().filter(|s| matches!(s, 1 | 2 | 4 | 8))?;
    Some(TraceWidth { size, signed })
}

/// Whether a recorded printf's format (as bytes) is a sized trace's.
pub fn is_trace(format: &[u8]) -> bool {
    std::str::from_utf8(format).is_ok_and(|f| width_of(f).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(ty: Type) -> TraceWidth {
        width_of(&format_for(ty).unwrap()).unwrap()
    }

    #[test]
    fn traces_print_at_dtrace_widths_and_signs() {
        let int = width(Type::Int {
            signed: true,
            size: 4,
        });
        assert_eq!(
            int,
            TraceWidth {
                size: 4,
                signed: true
            }
        );
        assert_eq!(format_for(Type::INT), None);
        assert_eq!(width_of("%d\n"), None);
        assert_eq!(int.text(u64::MAX, false), format!(" {:>10}", -1));
        let schar = width(Type::CHAR);
        assert_eq!(schar.text(0xfe, true), "-2");
        assert_eq!(schar.text(100, false), " 100");
        let ushort = width(Type::Int {
            signed: false,
            size: 2,
        });
        assert_eq!(ushort.text(0xffff, false), " 65535");
        assert_eq!(ushort.text(0x1_0005, true), "5");
        let sshort = width(Type::Int {
            signed: true,
            size: 2,
        });
        assert_eq!(sshort.text(0xfffe, true), "-2");
        let ulong = width(Type::UINT);
        assert_eq!(ulong.text(u64::MAX, true), "18446744073709551615");
        assert_eq!(ulong.text(1, false), format!(" {:>20}", 1));
        assert_eq!(width(Type::Ptr { to: None }), ulong);
    }
}
