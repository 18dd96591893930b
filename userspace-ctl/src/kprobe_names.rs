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

/// Most functions one description may put kprobes on: each kprobe is
/// registered and patched alone (an ftrace update or a breakpoint each),
/// where fbt patches all its functions in one update.
pub const MAX_MATCHES: usize = 1000;

/// A kernel function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// `vmlinux` or the module's name.
    pub module: String,
    /// The symbol.
    pub name: String,
    /// Its size in bytes (to the next text symbol), if kallsyms gave
    /// addresses.
    pub size: Option<u64>,
    /// Why no kprobe may go there (rdtrace's denylist, the kernel's kprobe
    /// blacklist, boot-time code since freed): a glob leaves it out, a
    /// name is refused with the reason.
    pub refused: Option<&'static str>,
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

/// A kprobe as bpftrace writes it: `kprobe:FUNCTION+OFFSET` (decimal),
/// `kretprobe:MODULE:FUNCTION` for a module's.
pub fn spelling(kind: u32, module: &str, function: &str, offset: u64) -> String {
    let mut out = rdtrace_uapi::trace::provider_name(kind).to_string();
    if !module.is_empty() && module != "vmlinux" {
        out += &format!(":{module}");
    }
    out += &format!(":{function}");
    if kind == PROBE_KPROBE && offset != 0 {
        out += &format!("+{offset}");
    }
    out
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

/// The text symbols of kallsyms text `kallsyms`, each once, but rdtrace's
/// own; those on `blacklist` (the kernel's list's text), rdtrace's
/// denylist or between `_sinittext` and `_einittext` are marked refused.
pub fn parse(kallsyms: &str, blacklist: &str) -> Vec<Function> {
    let black: HashSet<&str> = blacklist
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let text: Vec<_> = entries(kallsyms)
        .filter(|e| matches!(e.kind, "t" | "T" | "w" | "W"))
        .collect();
    // A function ends where the next text symbol starts.
    let mut starts: Vec<u64> = text.iter().map(|e| e.addr).filter(|&a| a != 0).collect();
    starts.sort_unstable();
    let size = |addr: u64| -> Option<u64> {
        let next = starts.get(starts.partition_point(|&a| a <= addr))?;
        (addr != 0).then(|| next - addr)
    };
    let vmlinux = |name: &str| {
        text.iter()
            .find(|e| e.module == "vmlinux" && e.name == name)
            .map(|e| e.addr)
    };
    let init = vmlinux("_sinittext").unwrap_or(0)..vmlinux("_einittext").unwrap_or(0);
    let refused = |e: &crate::ksyms::Entry<'_>| {
        if is_denied(e.name) {
            Some("on rdtrace's denylist")
        } else if black.contains(e.name) {
            Some("on the kernel's kprobe blacklist")
        } else if e.module == "vmlinux" && init.contains(&e.addr) {
            Some("boot-time code, freed since")
        } else {
            None
        }
    };
    let mut seen = HashSet::new();
    text.iter()
        .filter(|e| e.module != "rdtrace" && seen.insert((e.module, e.name)))
        .map(|e| Function {
            module: e.module.into(),
            name: e.name.into(),
            size: size(e.addr),
            refused: refused(e),
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
                x.refused.is_none() && f.as_ref().is_none_or(|f| f.is_match(&x.name))
            };
            name_ok && m.as_ref().is_none_or(|m| m.is_match(&x.module))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KALLSYMS: &str = "ffffffff80000000 T _sinittext\nffffffff80000000 t start_kernel_thing\nffffffff80001000 T _einittext\nffffffff81000000 T vfs_read\nffffffff81000080 t vfs_readv\nffffffff81000200 D some_data\nffffffff81000300 t rcu_read_lock\nffffffff81000400 t dup\nffffffff81000500 t dup\nffffffff81000600 t noinstr_thing\nffffffffc0000000 t ext4_read\t[ext4]\nffffffffc1000000 t rdtrace_ioctl\t[rdtrace]\n";
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
        // Named exactly, a refused function is there to be refused.
        assert_eq!(names("", "rcu_read_lock"), ["vmlinux:rcu_read_lock"]);
        let f = parse(KALLSYMS, BLACKLIST);
        let at = |name: &str| f.iter().find(|f| f.name == name).unwrap();
        assert_eq!(at("vfs_read").size, Some(0x80));
        assert_eq!(at("vfs_readv").size, Some(0x280));
        assert_eq!(at("rcu_read_lock").refused, Some("on rdtrace's denylist"));
        assert_eq!(
            at("noinstr_thing").refused,
            Some("on the kernel's kprobe blacklist")
        );
        assert_eq!(
            at("start_kernel_thing").refused,
            Some("boot-time code, freed since")
        );
        assert_eq!(at("vfs_read").refused, None);
        assert_eq!(
            names("", "")[1..],
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
