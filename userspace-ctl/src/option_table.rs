//! DTrace's options: every name `-x name[=value]` and `#pragma D option`
//! accept, the kind of value each takes, how that value is written, and
//! what rdtrace does with it. One table, read by [`parse`]; the names and
//! kinds are dtrace's (libdtrace's `dt_options.c`, the Dynamic Tracing
//! Guide's "Options and Tunables").

use crate::compiler::suggest;
use rdtrace_uapi::dif::limits::{MAX_LOOP_BOUND, MAX_STACK_DEPTH, MAX_STRSIZE};
use rdtrace_uapi::trace::{MAX_AGGSIZE, MAX_BUFSIZE, MAX_DYNVARSIZE, MAX_NSPEC, MAX_SPECSIZE};
use std::fmt;

/// The kind of value an option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// On by naming it; `=yes|no|on|off|true|false|enable|disable|set|unset`
    /// or a number (any number turns it on, as in dtrace).
    Flag,
    /// Bytes: a number with an optional k, m, g or t suffix.
    Size {
        /// Smallest accepted.
        min: u64,
        /// Largest accepted.
        max: u64,
    },
    /// A time or rate: a number with a suffix ns, us, ms, s, m, h, d (and
    /// their long forms) or hz; a bare number is nanoseconds, as in dtrace.
    Time,
    /// A whole number (decimal, 0x hex or 0 octal).
    Count,
    /// A whole number from `min` to `max`: a count that sizes something
    /// (speculations, frames, kretprobe instances, loop trips).
    CountIn {
        /// Smallest accepted.
        min: u64,
        /// Largest accepted.
        max: u64,
    },
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// Any text (a path, a macro definition).
    Text,
}

impl Kind {
    /// What a value of this kind looks like, for messages.
    pub fn expected(self) -> String {
        match self {
            Kind::Flag => "yes or no (or nothing)".into(),
            Kind::Size { .. } => "a size such as 64k or 4m".into(),
            Kind::Time => "a time or rate such as 10hz, 100ms or 1s".into(),
            Kind::Count => "a whole number".into(),
            Kind::CountIn { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Choice(words) => format!("one of {}", words.join(", ")),
            Kind::Text => "a value".into(),
        }
    }
}

/// What rdtrace does with an option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// Implemented: it changes what rdtrace does.
    Used,
    /// Accepted and kept, with no effect yet; it would not change what a
    /// script prints (a tunable for a facility rdtrace sizes itself).
    Stored,
    /// Not implemented and it would change the output: refused, so a
    /// script never prints something other than what dtrace prints.
    NotYet,
}

/// One option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSpec {
    /// Its name.
    pub name: &'static str,
    /// Its value's kind.
    pub kind: Kind,
    /// What rdtrace does with it.
    pub support: Support,
}

const fn opt(name: &'static str, kind: Kind, support: Support) -> OptionSpec {
    OptionSpec {
        name,
        kind,
        support,
    }
}

const ANY_SIZE: Kind = Kind::Size {
    min: 0,
    max: u64::MAX,
};

use Kind::{Count, Flag, Text, Time};
use Support::{NotYet, Stored, Used};

/// Every option, sorted by name.
pub const OPTIONS: &[OptionSpec] = &[
    opt("agghist", Flag, Stored),
    opt("aggpack", Flag, Stored),
    opt("aggpercpu", Flag, NotYet),
    opt("aggrate", Time, Stored),
    opt(
        "aggsize",
        Kind::Size {
            min: 0,
            max: MAX_AGGSIZE as u64,
        },
        Used,
    ),
    opt("aggsortkey", Flag, Stored),
    opt("aggsortkeypos", Count, Stored),
    opt("aggsortpos", Count, Stored),
    opt("aggsortrev", Flag, Stored),
    opt("aggzoom", Flag, Stored),
    opt("amin", Text, Stored),
    opt("argref", Flag, Stored),
    opt("bpflog", Flag, Stored),
    opt("bpflogsize", ANY_SIZE, Stored),
    opt("bufpolicy", Kind::Choice(&["switch", "fill", "ring"]), Used),
    opt("bufresize", Kind::Choice(&["auto", "manual"]), Stored),
    opt(
        "bufsize",
        // Below a page is a page (settings.rs), as DTrace
        // takes tiny sizes.
        Kind::Size {
            min: 1,
            max: MAX_BUFSIZE,
        },
        Used,
    ),
    opt("cleanrate", Time, Stored),
    opt("core", Text, Stored),
    opt("cpp", Flag, Used),
    opt("cppargs", Text, Used),
    opt("cpphdrs", Flag, Used),
    opt("cpppath", Text, Used),
    opt("cpu", Count, NotYet),
    opt("ctfpath", Text, Stored),
    opt("ctypes", Text, Stored),
    opt("deadman", Time, Used),
    opt("debug", Flag, Stored),
    opt("debugassert", Text, Stored),
    opt("defaultargs", Flag, Used),
    opt("define", Text, Used),
    opt("destructive", Flag, Used),
    opt("disasm", Count, Stored),
    opt("dofstashpath", Text, Stored),
    opt("droptags", Flag, Stored),
    opt("dtypes", Text, Stored),
    opt(
        "dynvarsize",
        Kind::Size {
            min: 1,
            max: MAX_DYNVARSIZE,
        },
        Used,
    ),
    opt("empty", Flag, Used),
    opt("encoding", Kind::Choice(&["ascii", "utf8"]), Stored),
    opt("errtags", Flag, Stored),
    opt(
        "evaltime",
        Kind::Choice(&["exec", "preinit", "postinit", "main"]),
        Stored,
    ),
    opt("flowindent", Flag, Used),
    opt("grabanon", Flag, NotYet),
    opt("incdir", Text, Used),
    opt("iregs", Count, Stored),
    opt("jstackframes", Count, Stored),
    opt("jstackstrsize", ANY_SIZE, Stored),
    opt("kdefs", Flag, Stored),
    opt("knodefs", Flag, Stored),
    opt("late", Text, Stored),
    opt("lazyload", Flag, Stored),
    opt("libdir", Text, Stored),
    opt("linkmode", Text, Stored),
    opt("linktype", Text, Stored),
    opt("lockmem", Text, Stored),
    // rdtrace's own: kretprobe instances in flight per probe (0: the
    // kernel's default); returns beyond them are counted as missed. The
    // kernel bounds it (MAX_KRETPROBE_ACTIVE) and says so.
    opt("maxactive", Count, Used),
    opt("maxframes", Count, Stored),
    // rdtrace's own: the bound of a loop the compiler cannot prove.
    opt(
        "maxloop",
        Kind::CountIn {
            min: 0,
            max: MAX_LOOP_BOUND as u64,
        },
        Used,
    ),
    opt("modpath", Text, Stored),
    // rdtrace's own: see fbt return probes through fprobe only, never by
    // rdtrace's trampoline calling the function (which it does only when
    // BTF puts every argument in a register).
    opt("nocallreturn", Flag, Used),
    // rdtrace's own: enter fbt entry probes through ftrace's shared path,
    // never by direct call, so BPF fentry programs can attach beside them.
    opt("nodirect", Flag, Used),
    opt("nolibs", Flag, Stored),
    opt("noresolve", Flag, Stored),
    opt(
        "nspec",
        Kind::CountIn {
            min: 0,
            max: MAX_NSPEC as u64,
        },
        Used,
    ),
    opt("oformat", Text, NotYet),
    opt("pcapsize", ANY_SIZE, Stored),
    opt("pgmax", Count, Stored),
    opt("preallocate", ANY_SIZE, Stored),
    opt("printsize", ANY_SIZE, Stored),
    opt("procfspath", Text, Stored),
    opt("pspec", Flag, Stored),
    opt("quiet", Flag, Used),
    opt("quietresize", Flag, Stored),
    opt("rawbytes", Flag, Used),
    opt("scratchsize", ANY_SIZE, Stored),
    opt(
        "specsize",
        Kind::Size {
            min: 0,
            max: MAX_SPECSIZE,
        },
        Used,
    ),
    opt(
        "stackframes",
        Kind::CountIn {
            min: 1,
            max: MAX_STACK_DEPTH as u64,
        },
        Stored,
    ),
    opt("stackindent", Count, Used),
    opt("statusrate", Time, Stored),
    opt("stdc", Kind::Choice(&["a", "c", "s", "t"]), Stored),
    opt("strip", Flag, Stored),
    opt(
        "strsize",
        Kind::Size {
            min: 1,
            max: MAX_STRSIZE as u64,
        },
        Used,
    ),
    opt("switchrate", Time, Used),
    opt("syslibdir", Text, Stored),
    opt("sysslice", Text, Stored),
    opt("temporal", Flag, NotYet),
    opt("tree", Count, Stored),
    opt("tregs", Count, Stored),
    opt("udefs", Flag, Stored),
    opt("undef", Text, Used),
    opt("unodefs", Flag, Stored),
    opt("useruid", Text, Stored),
    opt(
        "ustackframes",
        Kind::CountIn {
            min: 1,
            max: MAX_STACK_DEPTH as u64,
        },
        Stored,
    ),
    opt("verbose", Flag, Stored),
    opt("version", Text, Stored),
    opt("zdefs", Flag, Used),
    opt("zone", Text, NotYet),
];

/// A parsed option value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// [`Kind::Flag`]: on or off.
    Flag(bool),
    /// [`Kind::Size`]: bytes.
    Size(u64),
    /// [`Kind::Time`]: nanoseconds (0 for `0hz`, "as fast as possible").
    Nanos(u64),
    /// [`Kind::Count`] and [`Kind::CountIn`].
    Count(u64),
    /// [`Kind::Choice`]: the word.
    Choice(&'static str),
    /// [`Kind::Text`].
    Text(String),
}

/// Why an option could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionError {
    /// No option has this name.
    Unknown {
        /// The name given.
        name: String,
        /// The closest known name, if close.
        suggestion: Option<&'static str>,
    },
    /// The value is not of the option's kind.
    BadValue {
        /// The option.
        name: &'static str,
        /// The value given.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// The option needs a value and has none.
    NeedsValue {
        /// The option.
        name: &'static str,
        /// What was expected.
        expected: String,
    },
    /// A dtrace option rdtrace does not implement yet.
    NotYet {
        /// The option.
        name: &'static str,
    },
    /// An option only the command line may set, set by a `#pragma`.
    CommandLineOnly {
        /// The option.
        name: &'static str,
        /// The value given.
        value: String,
    },
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionError::Unknown { name, .. } => write!(f, "unknown option `{name}`"),
            OptionError::BadValue {
                name,
                value,
                expected,
            } => write!(
                f,
                "invalid value `{value}` for option `{name}`: expected {expected}"
            ),
            OptionError::NeedsValue { name, expected } => {
                write!(f, "option `{name}` needs a value: {expected}")
            }
            OptionError::NotYet { name } => {
                write!(f, "option `{name}` is not supported by rdtrace yet")
            }
            OptionError::CommandLineOnly { name, value } => write!(
                f,
                "`{name}` cannot be set to `{value}` from within a D program"
            ),
        }
    }
}

impl OptionError {
    /// What to do about it, if there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            OptionError::Unknown {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            OptionError::Unknown { .. } => {
                Some("rdtrace accepts dtrace's option names (see README, Options)".into())
            }
            _ => None,
        }
    }
}

/// Options that shape how the program itself is compiled or found
/// (preprocessor, type files, library and module paths): dtrace takes
/// them from the command line only (`EDT_BADOPTCTX` in a `#pragma`).
const COMMAND_LINE_ONLY: &[&str] = &[
    "cpphdrs",
    "cpppath",
    "ctypes",
    "define",
    "dtypes",
    "incdir",
    "libdir",
    "modpath",
    "syslibdir",
    "undef",
];

impl OptionSpec {
    /// Whether a D program's `#pragma D option` may set it.
    pub fn settable_in_program(&self) -> bool {
        !COMMAND_LINE_ONLY.contains(&self.name)
    }
}

/// The option named `name`.
pub fn lookup(name: &str) -> Result<&'static OptionSpec, OptionError> {
    OPTIONS
        .iter()
        .find(|o| o.name == name)
        .ok_or_else(|| OptionError::Unknown {
            name: name.to_string(),
            suggestion: suggest::closest(name, OPTIONS.iter().map(|o| o.name)),
        })
}

/// Parses `name[=value]` as dtrace would set it (`value` is what follows
/// the first `=`, none without one). Refuses unknown names, values of the
/// wrong kind or out of range, and options rdtrace cannot honour yet.
pub fn parse(name: &str, value: Option<&str>) -> Result<(&'static OptionSpec, Value), OptionError> {
    let spec = lookup(name)?;
    if spec.support == Support::NotYet {
        return Err(OptionError::NotYet { name: spec.name });
    }
    let bad = |v: &str| OptionError::BadValue {
        name: spec.name,
        value: v.to_string(),
        expected: spec.kind.expected(),
    };
    let value = match (spec.kind, value) {
        (Kind::Flag, None) => return Ok((spec, Value::Flag(true))),
        (Kind::Flag, Some(v)) => Value::Flag(flag(v).ok_or_else(|| bad(v))?),
        (kind, None) => {
            return Err(OptionError::NeedsValue {
                name: spec.name,
                expected: kind.expected(),
            })
        }
        (Kind::Size { min, max }, Some(v)) => {
            let n = size(v).ok_or_else(|| bad(v))?;
            if !(min..=max).contains(&n) {
                return Err(OptionError::BadValue {
                    name: spec.name,
                    value: v.to_string(),
                    expected: format!("a size from {} to {}", show_size(min), show_size(max)),
                });
            }
            Value::Size(n)
        }
        (Kind::Time, Some(v)) => Value::Nanos(nanos(v).ok_or_else(|| bad(v))?),
        (Kind::Count, Some(v)) => Value::Count(count(v).ok_or_else(|| bad(v))?),
        (Kind::CountIn { min, max }, Some(v)) => match count(v) {
            Some(n) if (min..=max).contains(&n) => Value::Count(n),
            _ => return Err(bad(v)),
        },
        (Kind::Choice(words), Some(v)) => {
            Value::Choice(words.iter().find(|w| **w == v).ok_or_else(|| bad(v))?)
        }
        (Kind::Text, Some(v)) => Value::Text(v.to_string()),
    };
    Ok((spec, value))
}

/// A size as a person writes it: `4k`, `256m`.
fn show_size(n: u64) -> String {
    for (shift, suffix) in [(40, "t"), (30, "g"), (20, "m"), (10, "k")] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{}{suffix}", n >> shift);
        }
    }
    n.to_string()
}

/// An unsigned number as C's `strtoull(s, .., 0)` reads it, whole.
fn number(s: &str) -> Option<u64> {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// dtrace's boolean words, or any number (which sets the option).
fn flag(v: &str) -> Option<bool> {
    const COUPLES: [(&str, &str); 6] = [
        ("yes", "no"),
        ("enable", "disable"),
        ("enabled", "disabled"),
        ("true", "false"),
        ("on", "off"),
        ("set", "unset"),
    ];
    if v.is_empty() {
        return Some(false);
    }
    for (on, off) in COUPLES {
        if v.eq_ignore_ascii_case(on) {
            return Some(true);
        }
        if v.eq_ignore_ascii_case(off) {
            return Some(false);
        }
    }
    number(v).map(|_| true)
}

/// A count: a number, or a boolean word for 1 (dtrace reads both alike).
fn count(v: &str) -> Option<u64> {
    number(v).or_else(|| flag(v).map(u64::from))
}

/// Bytes: a number with an optional k, m, g or t suffix (either case).
pub fn size(v: &str) -> Option<u64> {
    let shift = match v.chars().last()?.to_ascii_lowercase() {
        't' => 40,
        'g' => 30,
        'm' => 20,
        'k' => 10,
        _ => 0,
    };
    let digits = if shift == 0 { v } else { &v[..v.len() - 1] };
    number(digits)?.checked_mul(1u64 << shift)
}

/// Nanoseconds from a time (`100ms`, `1s`) or a rate (`10hz`); a bare
/// number is nanoseconds, as dtrace reads it.
pub fn nanos(v: &str) -> Option<u64> {
    const UNITS: [(&str, u64); 14] = [
        ("ns", 1),
        ("nsec", 1),
        ("us", 1_000),
        ("usec", 1_000),
        ("ms", 1_000_000),
        ("msec", 1_000_000),
        ("s", 1_000_000_000),
        ("sec", 1_000_000_000),
        ("m", 60_000_000_000),
        ("min", 60_000_000_000),
        ("h", 3_600_000_000_000),
        ("hour", 3_600_000_000_000),
        ("d", 86_400_000_000_000),
        ("day", 86_400_000_000_000),
    ];
    // Digits end where the unit starts; `0x` numbers have letter digits.
    let hex = v.starts_with("0x") || v.starts_with("0X");
    let body = if hex { 2 } else { 0 };
    let split = v[body..]
        .find(|c: char| !(c.is_ascii_digit() || hex && c.is_ascii_hexdigit()))
        .map_or(v.len(), |i| i + body);
    let (num, unit) = v.split_at(split);
    let n = number(num)?;
    if unit.eq_ignore_ascii_case("hz") {
        return Some(1_000_000_000u64.checked_div(n).unwrap_or(0));
    }
    if unit.is_empty() {
        return Some(n);
    }
    let (_, mul) = UNITS.iter().find(|(u, _)| unit.eq_ignore_ascii_case(u))?;
    n.checked_mul(*mul)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every option rdtrace uses that sizes something has a bound, and a
    /// value past it is refused naming the value and the bounds.
    #[test]
    fn sizing_options_are_bounded() {
        let bounded = [
            ("aggsize", "64m", "65m", "a size from 0 to 64m"),
            ("bufsize", "256m", "257m", "a size from 1 to 256m"),
            ("dynvarsize", "256m", "1t", "a size from 1 to 256m"),
            ("specsize", "16m", "17m", "a size from 0 to 16m"),
            ("strsize", "4k", "4097", "a size from 1 to 4k"),
            ("nspec", "1024", "1025", "a whole number from 0 to 1024"),
            (
                "maxloop",
                "65536",
                "65537",
                "a whole number from 0 to 65536",
            ),
            ("stackframes", "128", "129", "a whole number from 1 to 128"),
        ];
        for (name, max, past, expected) in bounded {
            assert!(parse(name, Some(max)).is_ok(), "{name}={max}");
            let err = parse(name, Some(past)).unwrap_err().to_string();
            let want = format!("invalid value `{past}` for option `{name}`: expected {expected}");
            assert_eq!(err, want);
        }
        let huge = parse("nspec", Some("245566729809009887663")).unwrap_err();
        assert!(huge.to_string().contains("from 0 to 1024"), "{huge}");
        for o in OPTIONS.iter().filter(|o| o.support == Support::Used) {
            if let Kind::Size { max, .. } | Kind::CountIn { max, .. } = o.kind {
                assert!(max < u64::MAX, "{} is unbounded", o.name);
                assert!(bounded.iter().any(|b| b.0 == o.name), "{} untested", o.name);
            }
        }
    }

    #[test]
    fn sorted_and_unique() {
        assert!(OPTIONS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn values_as_dtrace_reads_them() {
        assert_eq!(size("64k"), Some(64 << 10));
        assert_eq!(size("2G"), Some(2 << 30));
        assert_eq!(size("1t"), Some(1 << 40));
        assert_eq!(size("0x100"), Some(256));
        assert_eq!(size("4mb"), None);
        assert_eq!(size("k"), None);
        assert_eq!(nanos("10hz"), Some(100_000_000));
        assert_eq!(nanos("100ms"), Some(100_000_000));
        assert_eq!(nanos("2sec"), Some(2_000_000_000));
        assert_eq!(nanos("1m"), Some(60_000_000_000));
        assert_eq!(nanos("5"), Some(5));
        assert_eq!(nanos("10parsecs"), None);
        assert_eq!(flag("No"), Some(false));
        assert_eq!(flag("0"), Some(true));
        assert_eq!(flag("maybe"), None);
    }
}
