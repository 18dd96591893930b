//! `-x name=value` consumer options, parsed and checked as dtrace names them.

use crate::consumer::Options;
use crate::error::{Error, Result};
use rdtrace_uapi::dif::limits::MAX_STRSIZE;
use rdtrace_uapi::trace::{
    BUFPOLICY_FILL, BUFPOLICY_RING, BUFPOLICY_SWITCH, MAX_BUFSIZE, MAX_DYNVARSIZE, MIN_BUFSIZE,
};
use std::time::Duration;

/// A size with an optional k/m/g suffix.
fn size(v: &str) -> Option<u64> {
    let v = v.trim().to_ascii_lowercase();
    let (num, mult) = match v.chars().last()? {
        'k' => (&v[..v.len() - 1], 1u64 << 10),
        'm' => (&v[..v.len() - 1], 1 << 20),
        'g' => (&v[..v.len() - 1], 1 << 30),
        _ => (&v[..], 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// A rate: `10hz`, `100ms`, `1s`, or a bare number of hertz.
fn rate(v: &str) -> Option<Duration> {
    let v = v.trim().to_ascii_lowercase();
    if let Some(hz) = v.strip_suffix("hz") {
        let hz: u64 = hz.parse().ok().filter(|&h| h > 0)?;
        return Some(Duration::from_micros(1_000_000 / hz));
    }
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    if let Some(s) = v.strip_suffix('s') {
        return s.parse().ok().map(Duration::from_secs);
    }
    let hz: u64 = v.parse().ok().filter(|&h| h > 0)?;
    Some(Duration::from_micros(1_000_000 / hz))
}

/// A duration: `2s`, `500ms`.
fn duration(v: &str) -> Option<Duration> {
    let v = v.trim().to_ascii_lowercase();
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    v.strip_suffix('s')
        .unwrap_or(&v)
        .parse()
        .ok()
        .map(Duration::from_secs)
}

/// Applies one `name=value` to `opts`.
pub fn apply(opts: &mut Options, setting: &str) -> Result<()> {
    let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
    let bad = |hint: &str| Error::Usage(format!("bad option -x {setting}: {hint}"));
    match name {
        "bufsize" => {
            let n = size(value).ok_or_else(|| bad("expected a size such as 64k or 4m"))?;
            if !(MIN_BUFSIZE..=MAX_BUFSIZE).contains(&n) {
                return Err(bad("bufsize must be between 4k and 256m"));
            }
            opts.bufsize = n;
        }
        "bufpolicy" => {
            opts.bufpolicy = match value {
                "switch" => BUFPOLICY_SWITCH,
                "fill" => BUFPOLICY_FILL,
                "ring" => BUFPOLICY_RING,
                _ => return Err(bad("expected switch, fill or ring")),
            }
        }
        "switchrate" => {
            opts.switchrate =
                rate(value).ok_or_else(|| bad("expected a rate such as 10hz or 100ms"))?
        }
        "deadman" => {
            opts.deadman = duration(value)
                .filter(|d| !d.is_zero())
                .ok_or_else(|| bad("expected a duration such as 10s or 500ms"))?
        }
        "dynvarsize" => {
            let n = size(value).ok_or_else(|| bad("expected a size such as 1m"))?;
            if n == 0 || n > MAX_DYNVARSIZE {
                return Err(bad("dynvarsize must be between 1 and 256m"));
            }
            opts.dynvarsize = n;
        }
        "strsize" => {
            let n = size(value).ok_or_else(|| bad("expected a size such as 256"))?;
            if n == 0 || n > u64::from(MAX_STRSIZE) {
                return Err(bad(&format!("strsize must be between 1 and {MAX_STRSIZE}")));
            }
            opts.strsize = n as u32;
        }
        "quiet" => {}
        _ => return Err(bad(
            "unknown option (known: bufsize, bufpolicy, switchrate, deadman, dynvarsize, strsize)",
        )),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dtrace_style_values() {
        let mut o = Options::default();
        apply(&mut o, "bufsize=64k").unwrap();
        apply(&mut o, "bufpolicy=ring").unwrap();
        apply(&mut o, "switchrate=20hz").unwrap();
        assert_eq!(
            (o.bufsize, o.bufpolicy, o.switchrate),
            (65536, BUFPOLICY_RING, Duration::from_millis(50))
        );
        assert!(apply(&mut o, "bufsize=1k").is_err());
        assert!(apply(&mut o, "bufpolicy=nope").is_err());
        assert!(apply(&mut o, "nosuch=1").is_err());
    }

    #[test]
    fn parses_variable_sizes() {
        let mut o = Options::default();
        apply(&mut o, "dynvarsize=2m").unwrap();
        apply(&mut o, "strsize=1k").unwrap();
        assert_eq!((o.dynvarsize, o.strsize), (2 << 20, 1024));
        assert!(apply(&mut o, "strsize=4097").is_err());
        assert!(apply(&mut o, "strsize=0").is_err());
        assert!(apply(&mut o, "dynvarsize=512m").is_err());
    }
}
