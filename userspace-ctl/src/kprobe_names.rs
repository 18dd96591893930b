//! The kprobe provider's probes: `kprobe:MODULE:FUNCTION:NAME` (NAME
//! `entry`, or the offset in hex) and `kretprobe:MODULE:FUNCTION:return`,
//! for any kernel text symbol, including those ftrace cannot patch. Too
//! many to list up front (every function times every offset), they are
//! made when a description names the provider exactly (as the profile
//! provider's `tick-N`): its function may be a glob over kallsyms' text
//! symbols; an empty or `*` name means the function's entry (offsets
//! cannot be enumerated without disassembling). Functions on rdtrace's
//! denylist, the kernel's kprobe blacklist or in rdtrace itself are left
//! out; the kernel checks the rest when it registers the probe.

use crate::ksyms::entries;
use globset::Glob;
use rdtrace_uapi::denylist::is_denied;
use rdtrace_uapi::trace::{PROBE_KPROBE, PROBE_KRETPROBE};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The kernel's symbols.
pub const KALLSYMS: &str = "/proc/kallsyms";
/// The kernel's kprobe blacklist (debugfs; may be absent).
pub const BLACKLIST: &str = "/sys/kernel/debug/kprobes/blacklist";

/// A kprobe-able function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// `vmlinux` or the module's name.
    pub module: String,
    /// The symbol.
    pub name: String,
}

/// The kprobe provider kind a description names, if it names the
/// provider exactly.
pub fn kind_of(provider: &str) -> Option<u32> {
    match provider {
        "kprobe" => Some(PROBE_KPROBE),
        "kretprobe" => Some(PROBE_KRETPROBE),
        _ => None,
    }
}

/// The offset a probe name stands for, for a probe of `kind`: `entry` (a
/// kprobe's) or `return` (a kretprobe's) is 0, as is an empty or `*` name;
/// a kprobe's hex digits are its offset. `None`: no such probe.
pub fn offset_of(kind: u32, name: &str) -> Option<u64> {
    match (kind, name) {
        (_, "" | "*") => Some(0),
        (PROBE_KPROBE, "entry") | (PROBE_KRETPROBE, "return") => Some(0),
        (PROBE_KPROBE, hex) if !hex.starts_with('+') => u64::from_str_radix(hex, 16).ok(),
        _ => None,
    }
}

/// The text symbols of kallsyms text `kallsyms` a kprobe may go on, each
/// once, minus the names on `blacklist` (the kernel's list's text).
pub fn parse(kallsyms: &str, blacklist: &str) -> Vec<Function> {
    let black: HashSet<&str> = blacklist
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let mut seen = HashSet::new();
    entries(kallsyms)
        .filter(|e| matches!(e.kind, "t" | "T" | "w" | "W"))
        .filter(|e| e.module != "rdtrace" && !is_denied(e.name) && !black.contains(e.name))
        .filter(|e| seen.insert((e.module, e.name)))
        .map(|e| Function {
            module: e.module.into(),
            name: e.name.into(),
        })
        .collect()
}

/// The running kernel's kprobe-able functions, read once (none if
/// kallsyms is unreadable).
pub fn global() -> &'static [Function] {
    static FUNCTIONS: OnceLock<Vec<Function>> = OnceLock::new();
    FUNCTIONS.get_or_init(|| {
        let kallsyms = std::fs::read_to_string(KALLSYMS).unwrap_or_default();
        let blacklist = std::fs::read_to_string(BLACKLIST).unwrap_or_default();
        parse(&kallsyms, &blacklist)
    })
}

/// The functions `module` and `function` (globs, empty: any) match.
pub fn matching<'f>(
    functions: &'f [Function],
    module: &str,
    function: &str,
) -> Result<Vec<&'f Function>, globset::Error> {
    let glob = |g: &str| -> Result<Option<globset::GlobMatcher>, globset::Error> {
        if g.is_empty() || g == "*" {
            return Ok(None);
        }
        Ok(Some(Glob::new(g)?.compile_matcher()))
    };
    let (m, f) = (glob(module)?, glob(function)?);
    let literal = !function.contains(['*', '?', '[', ']', '{', '}', '\\']);
    Ok(functions
        .iter()
        .filter(|x| {
            let name_ok = if literal && !function.is_empty() {
                x.name == function
            } else {
                f.as_ref().is_none_or(|f| f.is_match(&x.name))
            };
            name_ok && m.as_ref().is_none_or(|m| m.is_match(&x.module))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KALLSYMS: &str = "ffffffff81000000 T vfs_read\nffffffff81000100 t vfs_readv\nffffffff81000200 D some_data\nffffffff81000300 t rcu_read_lock\nffffffff81000400 t dup\nffffffff81000500 t dup\nffffffff81000600 t noinstr_thing\nffffffffc0000000 t ext4_read\t[ext4]\nffffffffc1000000 t rdtrace_ioctl\t[rdtrace]\n";
    const BLACKLIST: &str = "0xffffffff81000600-0xffffffff81000610\tnoinstr_thing\n";

    fn names(module: &str, function: &str) -> Vec<String> {
        let f = parse(KALLSYMS, BLACKLIST);
        matching(&f, module, function)
            .unwrap()
            .iter()
            .map(|f| format!("{}:{}", f.module, f.name))
            .collect()
    }

    #[test]
    fn text_symbols_less_denied_blacklisted_and_rdtraces_own_each_once() {
        assert_eq!(
            names("", ""),
            [
                "vmlinux:vfs_read",
                "vmlinux:vfs_readv",
                "vmlinux:dup",
                "ext4:ext4_read"
            ]
        );
        assert_eq!(
            names("", "vfs_*"),
            ["vmlinux:vfs_read", "vmlinux:vfs_readv"]
        );
        assert_eq!(names("", "vfs_read"), ["vmlinux:vfs_read"]);
        assert_eq!(names("ext4", ""), ["ext4:ext4_read"]);
        assert!(names("", "some_data").is_empty());
        assert!(names("", "rdtrace_ioctl").is_empty());
    }

    #[test]
    fn names_are_entry_return_or_a_hex_offset() {
        assert_eq!(offset_of(PROBE_KPROBE, "entry"), Some(0));
        assert_eq!(offset_of(PROBE_KPROBE, ""), Some(0));
        assert_eq!(offset_of(PROBE_KPROBE, "1a"), Some(26));
        assert_eq!(offset_of(PROBE_KPROBE, "return"), None);
        assert_eq!(offset_of(PROBE_KRETPROBE, "return"), Some(0));
        assert_eq!(offset_of(PROBE_KRETPROBE, "entry"), None);
        assert_eq!(offset_of(PROBE_KRETPROBE, "4"), None);
        assert_eq!(offset_of(PROBE_KPROBE, "zz"), None);
    }
}
