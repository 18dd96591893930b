//! The pid provider's probes: `pidPID:MODULE:FUNCTION:NAME` on a running
//! process, NAME `entry`, `return` or an instruction's offset into the
//! function in hex (`pid123:a.out:main:4`), through uprobes. Like the
//! kprobe provider's they are made when a description names the provider
//! exactly (the pid is never a glob, as in DTrace): MODULE and FUNCTION
//! may be globs over the objects the process maps (`/proc/PID/maps`,
//! named as [`Object::aliases`] says) and their ELF function symbols; an
//! empty or `*` NAME means `entry` and `return` (offsets are not listed:
//! that would need a disassembler). A probe's address is where its
//! instruction is mapped in the process.

use crate::elf_symbols::{self, Function};
use crate::proc_maps::{self, Object};
use globset::{Glob, GlobMatcher};
use rdtrace_uapi::trace::{PROBE_UPROBE, PROBE_URETPROBE};

/// Most probes one description may make: each is a uprobe registered
/// alone.
pub const MAX_MATCHES: usize = 10_000;

/// Why a description makes no pid probes: DTrace's error tag and words.
pub type Refusal = (&'static str, String);

/// The process a provider name (`pid1234`) names (0 for `pid0`, which no
/// process is).
pub fn pid_of(provider: &str) -> Option<u32> {
    let digits = provider.strip_prefix("pid")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The provider's name for the process `pid`, made once per process (a
/// probe's provider is a static name).
pub fn provider_name(pid: u32) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<u32, &'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    names
        .entry(pid)
        .or_insert_with(|| Box::leak(format!("pid{pid}").into_boxed_str()))
}

/// What a probe name asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The function's first instruction.
    Entry,
    /// Its return.
    Return,
    /// The instruction at this byte offset into it.
    Offset(u64),
}

/// The sites a probe name stands for: `entry`, `return`, a hex offset
/// (without `0x`, as DTrace), or both ends for an empty or `*` name;
/// `Err` for any other.
pub fn sites(name: &str) -> Result<Vec<Site>, Refusal> {
    match name {
        "" | "*" => Ok(vec![Site::Entry, Site::Return]),
        "entry" => Ok(vec![Site::Entry]),
        "return" => Ok(vec![Site::Return]),
        hex if hex.bytes().all(|b| b.is_ascii_hexdigit()) => u64::from_str_radix(hex, 16)
            .map(|o| vec![if o == 0 { Site::Entry } else { Site::Offset(o) }])
            .map_err(|e| ("D_PROC_NAME", format!("bad offset `{hex}`: {e}"))),
        other => Err((
            "D_PROC_NAME",
            format!(
                "`{other}` is not a pid provider probe name (entry, return, or an offset in hex)"
            ),
        )),
    }
}

/// A probe to make: kind, address in the process, module, function, name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub kind: u32,
    pub addr: u64,
    pub module: String,
    pub function: String,
    pub name: String,
    /// The other names its module answers to ([`Object::aliases`]).
    pub aliases: Vec<String>,
}

/// A probe description field as a matcher; empty or `*` matches anything.
pub(crate) fn glob(g: &str) -> Result<Option<GlobMatcher>, Refusal> {
    if g.is_empty() || g == "*" {
        return Ok(None);
    }
    Glob::new(g)
        .map(|g| Some(g.compile_matcher()))
        .map_err(|e| ("D_PDESC_INVAL", e.to_string()))
}

/// Whether a glob field is a plain name.
fn is_literal(field: &str) -> bool {
    !field.is_empty() && !field.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

/// The probes `module`, `function` and `name` (a description's fields)
/// make on `objects`, whose functions `functions_of` gives. One function
/// per address (a global symbol before its local aliases, then the first
/// by name), so that a glob does not probe one instruction twice.
pub fn make(
    objects: &[Object],
    functions_of: &mut dyn FnMut(&Object) -> Vec<Function>,
    module: &str,
    function: &str,
    name: &str,
) -> Result<Vec<Made>, Refusal> {
    let sites = sites(name)?;
    let (m, f) = (glob(module)?, glob(function)?);
    let mut out = Vec::new();
    let mut modules = Vec::new();
    for object in objects {
        if let Some(m) = &m {
            if !object.aliases().iter().any(|a| m.is_match(a)) {
                continue;
            }
        }
        modules.push(object.name());
        let mut chosen: Vec<Function> = Vec::new();
        for func in functions_of(object) {
            if f.as_ref().is_some_and(|f| !f.is_match(&func.name)) {
                continue;
            }
            match chosen.iter_mut().find(|c| c.offset == func.offset) {
                Some(c) if func.global && !c.global => *c = func,
                Some(_) => {}
                None => chosen.push(func),
            }
        }
        for func in chosen {
            for &site in &sites {
                let (kind, at, probe) = match site {
                    Site::Entry => (PROBE_UPROBE, 0, "entry".to_string()),
                    Site::Return => (PROBE_URETPROBE, 0, "return".to_string()),
                    Site::Offset(o) => {
                        if func.size != 0 && o >= func.size {
                            return Err((
                                "D_PROC_OFF",
                                format!(
                                    "offset {o:#x} is past the end of {} ({} bytes)",
                                    func.name, func.size
                                ),
                            ));
                        }
                        (PROBE_UPROBE, o, format!("{o:x}"))
                    }
                };
                let Some(addr) = object.address_of(func.offset + at) else {
                    continue;
                };
                out.push(Made {
                    kind,
                    addr,
                    module: object.name().to_string(),
                    function: func.name.clone(),
                    name: probe,
                    aliases: object.aliases().iter().map(|a| a.to_string()).collect(),
                });
            }
        }
    }
    // A function named exactly in a module that is there must be there.
    if out.is_empty() && is_literal(function) && is_literal(module) && !modules.is_empty() {
        return Err((
            "D_PROC_FUNC",
            format!("no function `{function}` in {}", modules.join(", ")),
        ));
    }
    Ok(out)
}

/// The probes a description on process `pid` makes, reading its maps and
/// objects.
pub fn make_for(pid: u32, module: &str, function: &str, name: &str) -> Result<Vec<Made>, Refusal> {
    if pid == 0 {
        return Err(("D_PROC_BADPID", "`pid0` names no process".into()));
    }
    let objects = proc_maps::load(pid)
        .map_err(|e| ("D_PROC_GRAB", format!("failed to grab process {pid}: {e}")))?;
    let mut functions_of =
        |o: &Object| elf_symbols::load(&proc_maps::file_path(pid, o)).unwrap_or_default();
    make(&objects, &mut functions_of, module, function, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPS: &str = "\
55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234    /tmp/d/prog
55d0c0a01000-55d0c0a02000 r-xp 00001000 08:01 1234    /tmp/d/prog
7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 77      /usr/lib/libc.so.6
7f1c2a028000-7f1c2a1bd000 r-xp 00028000 08:01 77      /usr/lib/libc.so.6
";

    fn func(name: &str, offset: u64, size: u64, global: bool) -> Function {
        Function {
            name: name.into(),
            offset,
            size,
            global,
        }
    }

    fn made(module: &str, function: &str, name: &str) -> Result<Vec<String>, Refusal> {
        let objects = proc_maps::parse(MAPS, "/tmp/d/prog");
        let mut functions_of = |o: &Object| match o.name() {
            "prog" => vec![
                func("main", 0x1139, 0x40, true),
                func("work", 0x1180, 0x10, false),
            ],
            _ => vec![
                func("__libc_malloc", 0x9a000, 0x200, false),
                func("malloc", 0x9a000, 0x200, true),
                func("free", 0x9b000, 0x100, true),
            ],
        };
        Ok(make(&objects, &mut functions_of, module, function, name)?
            .iter()
            .map(|m| {
                format!(
                    "{:x} {}:{}:{} {}",
                    m.addr, m.module, m.function, m.name, m.kind
                )
            })
            .collect())
    }

    #[test]
    fn providers_name_a_literal_process() {
        assert_eq!(pid_of("pid123"), Some(123));
        assert_eq!(pid_of("pid0"), Some(0));
        assert_eq!(make_for(0, "", "", "").unwrap_err().0, "D_PROC_BADPID");
        for p in ["pid", "pid*", "pid12a", "fbt", "pid$target"] {
            assert_eq!(pid_of(p), None, "{p}");
        }
        assert_eq!(provider_name(42), "pid42");
        assert!(std::ptr::eq(provider_name(42), provider_name(42)));
    }

    #[test]
    fn names_are_entry_return_or_a_hex_offset() {
        assert_eq!(sites("entry"), Ok(vec![Site::Entry]));
        assert_eq!(sites(""), Ok(vec![Site::Entry, Site::Return]));
        assert_eq!(sites("1c"), Ok(vec![Site::Offset(0x1c)]));
        assert_eq!(sites("0"), Ok(vec![Site::Entry]));
        assert!(sites("beginning").is_err());
        assert!(sites("0x4").is_err());
    }

    #[test]
    fn modules_by_dtrace_names_and_functions_at_their_mapped_addresses() {
        assert_eq!(
            made("a.out", "main", "entry").unwrap(),
            ["55d0c0a01139 prog:main:entry 13"]
        );
        assert_eq!(
            made("prog", "main", "4").unwrap(),
            ["55d0c0a0113d prog:main:4 13"]
        );
        assert_eq!(
            made("", "work", "return").unwrap(),
            ["55d0c0a01180 prog:work:return 14"]
        );
        // libc by every DTrace spelling; one probe for malloc's alias.
        for m in [
            "libc.so.6",
            "libc",
            "libc.so",
            "/usr/lib/libc.so.6",
            "libc*",
        ] {
            assert_eq!(
                made(m, "malloc", "entry").unwrap(),
                ["7f1c2a09a000 libc.so.6:malloc:entry 13"],
                "{m}"
            );
        }
        assert_eq!(
            made("libc", "*alloc", "entry").unwrap(),
            ["7f1c2a09a000 libc.so.6:malloc:entry 13"]
        );
        assert_eq!(made("libc", "", "").unwrap().len(), 4);
        assert!(made("libd", "malloc", "entry").unwrap().is_empty());
        assert!(made("a.out", "nosu*", "entry").unwrap().is_empty());
        assert_eq!(
            made("a.out", "nosuch", "entry").unwrap_err(),
            ("D_PROC_FUNC", "no function `nosuch` in prog".into())
        );
    }

    #[test]
    fn an_offset_past_the_functions_end_or_a_bad_name_is_refused() {
        let (tag, err) = made("a.out", "work", "10").unwrap_err();
        assert_eq!(tag, "D_PROC_OFF");
        assert!(err.contains("past the end of work (16 bytes)"), "{err}");
        let (tag, err) = made("a.out", "main", "start").unwrap_err();
        assert_eq!(tag, "D_PROC_NAME");
        assert!(err.contains("not a pid provider probe name"), "{err}");
    }
}
