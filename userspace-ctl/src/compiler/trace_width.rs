//! `trace()` of an integer narrower than 8 bytes prints as DTrace prints
//! its record's width (`dt_print_datum`): 4 bytes as a signed `int` in 10
//! columns, 2 and 1 bytes as unsigned values in 5 and 3 (bare when
//! quiet). The record carries no width, so such a trace is recorded as a
//! one-argument printf whose format is this tagged description.

use super::types::Type;

/// Starts a narrow trace's format text: no printf format starts with a
/// control character.
const TAG: &str = "\u{1}trace:";

/// The format text recording a trace of a value of type `ty`, if it is a
/// narrow integer.
pub fn format_for(ty: Type) -> Option<String> {
    match ty {
        Type::Int { size, .. } if size < 8 => Some(format!("{TAG}{size}")),
        _ => None,
    }
}

/// The width a format text records a trace at, if it is one of these.
pub fn width_of(format: &str) -> Option<u8> {
    format.strip_prefix(TAG)?.parse().ok()
}

/// Whether a recorded printf's format (as bytes) is a narrow trace's.
pub fn is_trace(format: &[u8]) -> bool {
    std::str::from_utf8(format).is_ok_and(|f| width_of(f).is_some())
}

/// The traced `value` of `size` bytes as DTrace reads it: 4 bytes
/// signed, 2 and 1 unsigned.
pub fn value(value: u64, size: u8) -> i64 {
    match size {
        1 => i64::from(value as u8),
        2 => i64::from(value as u16),
        _ => i64::from(value as u32 as i32),
    }
}

/// The traced `value` of `size` bytes as DTrace prints it.
pub fn text(value: u64, size: u8, quiet: bool) -> String {
    let n = self::value(value, size);
    let width = match size {
        1 => 3,
        2 => 5,
        _ => 10,
    };
    if quiet {
        n.to_string()
    } else {
        format!("{n:>width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_traces_print_at_dtrace_widths() {
        let int = Type::Int {
            signed: true,
            size: 4,
        };
        let f = format_for(int).unwrap();
        assert_eq!(width_of(&f), Some(4));
        assert_eq!(format_for(Type::INT), None);
        assert_eq!(width_of("%d\n"), None);
        assert_eq!(text(u64::MAX, 4, false), format!("{:>10}", -1));
        assert_eq!(text(0xffff, 2, false), "65535");
        assert_eq!(text(0x1ff, 1, true), "255");
        assert_eq!(text(7, 1, false), "  7");
    }
}
