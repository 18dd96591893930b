//! The probe catalog: every function the kernel lets ftrace patch, read
//! from tracefs, as `fbt` entry and return probes with stable IDs (for this
//! boot), plus `dtrace:::BEGIN` and `dtrace:::END`. Functions on the
//! kernel-enforced denylist are left out.

use crate::error::{Error, Result};
use globset::{Glob, GlobMatcher};
use rdtrace_uapi::denylist::is_denied;
use rdtrace_uapi::trace::{PROBE_BEGIN, PROBE_END, PROBE_ENTRY, PROBE_RETURN};
use std::collections::HashMap;
use std::path::Path;

/// Where ftrace lists its patchable functions with their addresses.
pub const FILTER_ADDRS: &str = "/sys/kernel/tracing/available_filter_functions_addrs";

/// One probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// The probe ID.
    pub id: u32,
    /// `PROBE_*`.
    pub kind: u32,
    /// The ftrace location (0 for BEGIN/END).
    pub addr: u64,
    /// `fbt` or `dtrace`.
    pub provider: &'static str,
    /// `vmlinux` or the module's name.
    pub module: String,
    /// The function (empty for BEGIN/END).
    pub function: String,
    /// `entry`, `return`, `BEGIN` or `END`.
    pub name: &'static str,
}

pub use crate::compiler::ProbeDesc;

/// Parses a bare description as dtrace does (`-l -n DESC`): missing
/// leading fields are empty, and an empty field matches anything.
pub fn parse_desc(text: &str) -> ProbeDesc {
    let mut parts: Vec<&str> = text.trim().split(':').collect();
    while parts.len() < 4 {
        parts.insert(0, "");
    }
    ProbeDesc {
        provider: parts[0].into(),
        module: parts[1].into(),
        function: parts[2..parts.len() - 1].join(":"),
        name: parts[parts.len() - 1].into(),
    }
}

/// A compiled description.
struct Matcher {
    fields: [Option<GlobMatcher>; 4],
}

impl Matcher {
    fn new(desc: &ProbeDesc) -> Result<Matcher> {
        let glob = |g: &str| -> Result<Option<GlobMatcher>> {
            if g.is_empty() || g == "*" {
                return Ok(None);
            }
            Glob::new(g)
                .map(|g| Some(g.compile_matcher()))
                .map_err(|e| Error::Usage(format!("bad probe description `{desc}`: {e}")))
        };
        Ok(Matcher {
            fields: [
                glob(&desc.provider)?,
                glob(&desc.module)?,
                glob(&desc.function)?,
                glob(&desc.name)?,
            ],
        })
    }

    fn matches(&self, p: &Probe) -> bool {
        let values = [p.provider, p.module.as_str(), p.function.as_str(), p.name];
        self.fields
            .iter()
            .zip(values)
            .all(|(m, v)| m.as_ref().is_none_or(|m| m.is_match(v)))
    }
}

/// The text of ftrace's function list, or an error saying what to check.
fn read_list(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        what: format!(
            "reading {} (is tracefs mounted, and are you root?)",
            path.display()
        ),
        source,
    })
}

/// Every probe of this boot.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Sorted by ID.
    pub probes: Vec<Probe>,
    /// Indexes into `probes` by function name, so that a description naming
    /// a function exactly does not glob-match all ~50,000 probes: a script
    /// naming 1,000 functions took 36 s to compile under TCG without it.
    by_function: HashMap<String, Vec<usize>>,
}

/// Whether a glob field is a plain name (matches only itself).
fn is_literal(field: &str) -> bool {
    !field.is_empty() && !field.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

impl Catalog {
    /// Reads ftrace's list.
    pub fn load() -> Result<Catalog> {
        Catalog::load_from(Path::new(FILTER_ADDRS))
    }

    /// The names of this kernel's ftrace-able functions that are denied.
    pub fn load_denied() -> Result<Vec<String>> {
        Ok(read_list(Path::new(FILTER_ADDRS))?
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .filter(|f| is_denied(f))
            .map(String::from)
            .collect())
    }

    /// Reads a list in `available_filter_functions_addrs` format.
    pub fn load_from(path: &Path) -> Result<Catalog> {
        Ok(Catalog::parse(&read_list(path)?))
    }

    /// Parses `ADDR NAME [MODULE]` lines.
    pub fn parse(text: &str) -> Catalog {
        let special = |id, kind, name| Probe {
            id,
            kind,
            addr: 0,
            provider: "dtrace",
            module: String::new(),
            function: String::new(),
            name,
        };
        let mut probes = vec![
            special(1, PROBE_BEGIN, "BEGIN"),
            special(2, PROBE_END, "END"),
        ];
        let mut by_function: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let mut it = line.split_whitespace();
            let (Some(addr), Some(func)) = (it.next(), it.next()) else {
                continue;
            };
            let Ok(addr) = u64::from_str_radix(addr, 16) else {
                continue;
            };
            if is_denied(func) {
                continue;
            }
            let module = it
                .next()
                .map_or("vmlinux", |m| m.trim_matches(|c| c == '[' || c == ']'));
            let id = 3 + 2 * i as u32;
            let at = probes.len();
            by_function
                .entry(func.into())
                .or_default()
                .extend([at, at + 1]);
            for (id, kind, name) in [(id, PROBE_ENTRY, "entry"), (id + 1, PROBE_RETURN, "return")] {
                probes.push(Probe {
                    id,
                    kind,
                    addr,
                    provider: "fbt",
                    module: module.into(),
                    function: func.into(),
                    name,
                });
            }
        }
        Catalog {
            probes,
            by_function,
        }
    }

    /// The probes a description matches, in ID order.
    pub fn matching(&self, desc: &ProbeDesc) -> Result<Vec<&Probe>> {
        let m = Matcher::new(desc)?;
        if is_literal(&desc.function) {
            let found = self
                .by_function
                .get(&desc.function)
                .map_or(&[][..], Vec::as_slice);
            return Ok(found
                .iter()
                .map(|&i| &self.probes[i])
                .filter(|p| m.matches(p))
                .collect());
        }
        Ok(self.probes.iter().filter(|p| m.matches(p)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "ffffffff811cf85a ksys_read\nffffffff811cf8a0 vfs_read\nffffffff81001000 rcu_read_lock\nffffffffc0001004 ext4_read [ext4]\n";

    #[test]
    fn descriptions_parse_like_dtrace() {
        assert_eq!(parse_desc("fbt::vfs_*:entry").function, "vfs_*");
        let d = parse_desc("ksys_read:entry");
        assert_eq!(
            (
                d.provider.as_str(),
                d.module.as_str(),
                d.function.as_str(),
                d.name.as_str()
            ),
            ("", "", "ksys_read", "entry")
        );
        assert_eq!(parse_desc("BEGIN").name, "BEGIN");
    }

    #[test]
    fn an_exact_function_name_is_looked_up_and_matches_what_a_scan_would() {
        let c = Catalog::parse(
            "ffffffff81000000 dup\nffffffff81000100 other\nffffffffc0000000 dup [m]\n",
        );
        let ids = |d: &str| -> Vec<u32> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids("fbt::dup:entry"), [3, 7]);
        assert_eq!(ids("fbt::dup:entry"), ids("fbt::du[p]:entry"));
        assert_eq!(ids("fbt:m:dup:"), [7, 8]);
        assert!(ids("fbt::nosuch:entry").is_empty());
    }

    #[test]
    fn globs_match_every_field_and_the_denylist_is_left_out() {
        let c = Catalog::parse(LIST);
        let names = |d: &str| -> Vec<String> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| format!("{}:{}:{}", p.module, p.function, p.name))
                .collect()
        };
        assert_eq!(
            names("fbt::*read:entry"),
            [
                "vmlinux:ksys_read:entry",
                "vmlinux:vfs_read:entry",
                "ext4:ext4_read:entry"
            ]
        );
        assert_eq!(names("fbt:ext4::").len(), 2);
        assert_eq!(names("fbt:::return").len(), 3);
        assert!(names("fbt::rcu_read_lock:").is_empty());
        assert_eq!(names("BEGIN"), ["::BEGIN"]);
        assert_eq!(
            c.matching(&parse_desc("fbt::vfs_read:return")).unwrap()[0].id,
            6
        );
    }
}
