//! The profile provider's probe names, read as DTrace's `profile_provide`
//! reads them: `profile-N` (every CPU) or `tick-N` (one CPU), N a positive
//! integer with an optional, case-insensitive unit suffix. No suffix, or
//! `hz`, means N times a second (`profile-97` is 97 Hz); the others are a
//! period (`tick-10ms`).

use rdtrace_uapi::trace::{MIN_TIMER_PERIOD_NS, PROBE_PROFILE, PROBE_TICK};

/// The probes DTrace's profile provider always offers (`dtrace -l -P profile`).
pub const DEFAULT_RATES: &[(u32, u32)] = &[
    (PROBE_PROFILE, 97),
    (PROBE_PROFILE, 199),
    (PROBE_PROFILE, 499),
    (PROBE_PROFILE, 997),
    (PROBE_PROFILE, 1999),
    (PROBE_PROFILE, 4001),
    (PROBE_PROFILE, 4999),
    (PROBE_TICK, 1),
    (PROBE_TICK, 10),
    (PROBE_TICK, 100),
    (PROBE_TICK, 500),
    (PROBE_TICK, 1000),
    (PROBE_TICK, 5000),
];

/// The name prefix of a probe kind.
pub fn prefix(kind: u32) -> &'static str {
    if kind == PROBE_PROFILE {
        "profile-"
    } else {
        "tick-"
    }
}

/// A timed probe a name asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    /// `PROBE_TICK` or `PROBE_PROFILE`.
    pub kind: u32,
    /// The period in ns.
    pub period_ns: u64,
}

/// Why a well-formed name makes no probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooFast {
    /// The period the name asks for, in ns (0 for a rate above 1 GHz).
    pub period_ns: u64,
}

impl std::fmt::Display for TooFast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "its period of {} ns is shorter than the profile provider's minimum of {} us (5000 Hz)",
            self.period_ns,
            MIN_TIMER_PERIOD_NS / 1000
        )
    }
}

/// Nanoseconds per unit; 0 for a rate (`hz`).
fn unit(suffix: &str) -> Option<u64> {
    const S: u64 = 1_000_000_000;
    Some(match suffix.to_ascii_lowercase().as_str() {
        "" | "hz" => 0,
        "ns" | "nsec" => 1,
        "us" | "usec" => 1_000,
        "ms" | "msec" => 1_000_000,
        "s" | "sec" => S,
        "m" | "min" => 60 * S,
        "h" | "hour" => 3600 * S,
        "d" | "day" => 86_400 * S,
        _ => return None,
    })
}

/// The probe `name` names: `None` if it is not a profile provider name
/// (no probe, as in DTrace), `Some(Err)` if it is one but fires faster than
/// DTrace allows.
pub fn parse(name: &str) -> Option<Result<Timed, TooFast>> {
    let (kind, rest) = if let Some(r) = name.strip_prefix("profile-") {
        (PROBE_PROFILE, r)
    } else {
        (PROBE_TICK, name.strip_prefix("tick-")?)
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, suffix) = rest.split_at(digits);
    let n: u64 = number.parse().ok().filter(|&n| n > 0)?;
    let period_ns = match unit(suffix)? {
        0 => 1_000_000_000 / n,
        mult => n.checked_mul(mult)?,
    };
    Some(if period_ns < MIN_TIMER_PERIOD_NS {
        Err(TooFast { period_ns })
    } else {
        Ok(Timed { kind, period_ns })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(name: &str) -> Option<Result<u64, TooFast>> {
        parse(name).map(|r| r.map(|t| t.period_ns))
    }

    #[test]
    fn units_and_rates_read_as_dtrace_reads_them() {
        assert_eq!(period("tick-1s"), Some(Ok(1_000_000_000)));
        assert_eq!(period("tick-10ms"), Some(Ok(10_000_000)));
        assert_eq!(period("tick-10MSEC"), Some(Ok(10_000_000)));
        assert_eq!(period("profile-97"), Some(Ok(1_000_000_000 / 97)));
        assert_eq!(period("tick-1000"), Some(Ok(1_000_000)));
        assert_eq!(period("tick-5hz"), Some(Ok(200_000_000)));
        assert_eq!(period("tick-2m"), Some(Ok(120_000_000_000)));
        assert_eq!(period("tick-1h"), Some(Ok(3_600_000_000_000)));
        assert_eq!(period("tick-200us"), Some(Ok(200_000)));
        assert_eq!(parse("profile-97").unwrap().unwrap().kind, PROBE_PROFILE);
        assert_eq!(parse("tick-1").unwrap().unwrap().kind, PROBE_TICK);
    }

    #[test]
    fn malformed_names_are_no_probe_and_fast_ones_are_refused() {
        for name in [
            "tick-", "tick-0", "tick-1x", "tick-s", "tock-1s", "tick-1s2", "entry",
        ] {
            assert_eq!(parse(name), None, "{name}");
        }
        assert_eq!(
            period("tick-199us"),
            Some(Err(TooFast { period_ns: 199_000 }))
        );
        assert_eq!(
            period("profile-5001"),
            Some(Err(TooFast { period_ns: 199_960 }))
        );
        assert!(matches!(period("tick-5000"), Some(Ok(200_000))));
    }
}
