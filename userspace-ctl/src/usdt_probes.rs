//! USDT probes: the `<sys/sdt.h>` probes of a process's executable and
//! libraries (their `.note.stapsdt` notes, [`usdt_notes`]), each a uprobe
//! on the probe's instruction whose arguments the kernel reads as the
//! note says, its semaphore counted up while it is placed.
//!
//! A description names them `usdtPID:MODULE:FUNCTION:NAME` (every sdt
//! provider of the process) or, as DTrace does, `PROVIDERPID:...` with the
//! sdt provider's name (`rdtest$target:::step`). Their provider is the
//! latter (`rdtest1234`), as DTrace lists them, and answers to `usdt1234`
//! too; an sdt provider whose name would read as another provider's
//! (`pid`) is `usdt1234` only. MODULE is the object's basename (with the
//! pid provider's aliases: `a.out`, `libc`), FUNCTION the function the
//! probe is in, and each may be a glob, as NAME may.

use crate::consumer::ClausePlan;
use crate::elf_symbols::{self, Function};
use crate::pid_probes::glob;
use crate::proc_maps::{self, Object};
use crate::usdt_notes::{self, Note};
use rdtrace_uapi::trace::{UsdtArg, UsdtSpec, PROBE_UPROBE, PROBE_URETPROBE, USDT_MAX_ARGS};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

// Why a description makes no USDT probes: the same as for pid probes.
pub use crate::pid_probes::Refusal;

/// What a provider name asks for: the process, and the sdt provider
/// (`None`: all of them, for `usdtPID`).
pub fn split(provider: &str) -> Option<(Option<&str>, u32)> {
    let prefix = provider.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &provider[prefix.len()..];
    if prefix.is_empty()
        || digits.is_empty()
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        || prefix == "pid"
    {
        return None;
    }
    let pid = digits.parse().ok()?;
    Some(((prefix != "usdt").then_some(prefix), pid))
}

/// The interned provider names of USDT probes, with their process.
fn names() -> std::sync::MutexGuard<'static, HashMap<String, (&'static str, u32)>> {
    static NAMES: OnceLock<Mutex<HashMap<String, (&'static str, u32)>>> = OnceLock::new();
    NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn intern(name: String, pid: u32) -> &'static str {
    let mut names = names();
    names
        .entry(name.clone())
        .or_insert_with(|| (Box::leak(name.into_boxed_str()), pid))
        .0
}

/// The provider of sdt provider `sdt`'s probes in process `pid`
/// (`rdtest1234`, or `usdt1234` for a name that would clash).
pub fn provider_name(sdt: &str, pid: u32) -> &'static str {
    let own = format!("{sdt}{pid}");
    // A name ending in a digit would read as another process's.
    let clashes = sdt == "pid"
        || sdt.ends_with(|c: char| c.is_ascii_digit())
        || crate::kprobe_names::kind_of(&own).is_some()
        || !sdt.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    intern(if clashes { format!("usdt{pid}") } else { own }, pid)
}

/// `usdtPID`, which every USDT probe of `pid` answers to.
pub fn any_provider(pid: u32) -> &'static str {
    intern(format!("usdt{pid}"), pid)
}

/// The process of a USDT probe's provider, if it is one.
pub fn pid_of(provider: &str) -> Option<u32> {
    names().get(provider).map(|&(_, pid)| pid)
}

/// Each USDT probe's arguments and semaphore, by process and address.
fn sites() -> std::sync::MutexGuard<'static, HashMap<(u32, u64), UsdtSpec>> {
    static SITES: OnceLock<Mutex<HashMap<(u32, u64), UsdtSpec>>> = OnceLock::new();
    SITES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// A probe to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    /// Its address in the process.
    pub addr: u64,
    /// Its sdt provider.
    pub provider: String,
    pub module: String,
    pub function: String,
    pub name: String,
    /// The other names its module answers to ([`Object::aliases`]).
    pub aliases: Vec<String>,
    /// Its arguments and semaphore (the ID is set at ENABLE).
    pub spec: UsdtSpec,
}

/// The function of `functions` whose bytes hold file offset `offset` (a
/// global symbol before a local alias).
fn function_at(functions: &[Function], offset: u64) -> String {
    functions
        .iter()
        .filter(|f| f.offset <= offset && offset - f.offset < f.size.max(1))
        .max_by_key(|f| (f.global, std::cmp::Reverse(f.name.clone())))
        .map_or_else(String::new, |f| f.name.clone())
}

/// The kernel's form of `note` placed at `addr`: symbols are resolved by
/// how far the object was moved from its link-time addresses.
fn spec_of(note: &Note, addr: u64) -> UsdtSpec {
    let bias = addr.wrapping_sub(note.pc);
    let resolve = |s: &str, addend: i64| {
        let (_, at) = note.symbols.iter().find(|(n, _)| n == s)?;
        Some(at.wrapping_add(bias).wrapping_add(addend as u64))
    };
    let mut args = [UsdtArg::default(); USDT_MAX_ARGS];
    for (slot, a) in args.iter_mut().zip(&note.args) {
        *slot = a.to_uapi(&resolve);
    }
    UsdtSpec {
        id: 0,
        addr,
        nargs: note.args.len().min(USDT_MAX_ARGS) as u32,
        semaphore: note.semaphore,
        args,
    }
}

/// The probes `sdt` (any for `None`), `module`, `function` and `name`
/// make on `objects`, whose notes and functions the closures give.
pub fn make(
    objects: &[Object],
    notes_of: &mut dyn FnMut(&Object) -> Vec<Note>,
    functions_of: &mut dyn FnMut(&Object) -> Vec<Function>,
    sdt: Option<&str>,
    (module, function, name): (&str, &str, &str),
) -> Result<Vec<Made>, Refusal> {
    let (m, f, n) = (glob(module)?, glob(function)?, glob(name)?);
    let mut out = Vec::new();
    for object in objects {
        if let Some(m) = &m {
            if !object.aliases().iter().any(|a| m.is_match(a)) {
                continue;
            }
        }
        let notes: Vec<Note> = notes_of(object)
            .into_iter()
            .filter(|note| sdt.is_none_or(|s| s == note.provider))
            .filter(|note| n.as_ref().is_none_or(|n| n.is_match(&note.name)))
            .collect();
        if notes.is_empty() {
            continue;
        }
        let functions = functions_of(object);
        for note in notes {
            let func = function_at(&functions, note.offset);
            if f.as_ref().is_some_and(|f| !f.is_match(&func)) {
                continue;
            }
            let Some(addr) = object.address_of(note.offset) else {
                continue;
            };
            out.push(Made {
                addr,
                spec: spec_of(&note, addr),
                provider: note.provider,
                module: object.name().to_string(),
                function: func,
                name: note.name,
                aliases: object.aliases().iter().map(|a| a.to_string()).collect(),
            });
        }
    }
    Ok(out)
}

/// The probes a description on process `pid` makes, reading its maps and
/// objects, and notes each one's arguments for [`specs`]. `sdt` is the
/// sdt provider (`None` for `usdtPID`); a process that is not there is an
/// error only for `usdtPID` (another name may be no USDT provider).
pub fn make_for(
    pid: u32,
    sdt: Option<&str>,
    fields: (&str, &str, &str),
) -> Result<Vec<Made>, Refusal> {
    if pid == 0 {
        return Err(("D_PROC_BADPID", "`usdt0` names no process".into()));
    }
    let objects = match proc_maps::load(pid) {
        Ok(objects) => objects,
        Err(_) if sdt.is_some() => return Ok(Vec::new()),
        Err(e) => return Err(("D_PROC_GRAB", format!("failed to grab process {pid}: {e}"))),
    };
    let path = |o: &Object| proc_maps::file_path(pid, o);
    let mut notes_of = |o: &Object| usdt_notes::load(&path(o)).unwrap_or_default();
    let mut functions_of = |o: &Object| elf_symbols::load(&path(o)).unwrap_or_default();
    let made = make(&objects, &mut notes_of, &mut functions_of, sdt, fields)?;
    let mut sites = sites();
    for m in &made {
        sites.insert((pid, m.addr), m.spec);
    }
    Ok(made)
}

/// The USDT probes' specs among `plans`' probes, once per site (probe
/// ID and address).
pub fn specs(plans: &[ClausePlan]) -> Vec<UsdtSpec> {
    let sites = sites();
    let mut out: Vec<UsdtSpec> = Vec::new();
    // A USDT probe is a uprobe: the ~25,000 of `fbt:::entry` pay no
    // look-up (a lock and a string hash each).
    let uprobes = plans
        .iter()
        .flat_map(|c| &c.probes)
        .filter(|p| matches!(p.kind, PROBE_UPROBE | PROBE_URETPROBE));
    for p in uprobes {
        let Some(pid) = pid_of(p.provider) else {
            continue;
        };
        if out.iter().any(|s| s.id == p.id && s.addr == p.addr) {
            continue;
        }
        if let Some(spec) = sites.get(&(pid, p.addr)) {
            out.push(UsdtSpec {
                id: p.id,
                addr: p.addr,
                ..*spec
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usdt_args;

    const MAPS: &str = "\
55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234    /tmp/d/prog
55d0c0a01000-55d0c0a02000 r-xp 00001000 08:01 1234    /tmp/d/prog
55d0c0a03000-55d0c0a04000 rw-p 00002000 08:01 1234    /tmp/d/prog
7f1c2a028000-7f1c2a1bd000 r-xp 00028000 08:01 77      /usr/lib/libc.so.6
";

    fn note(provider: &str, name: &str, pc: u64, sema: u64, args: &str) -> Note {
        let args = usdt_args::parse(args);
        Note {
            provider: provider.into(),
            name: name.into(),
            pc,
            offset: pc,
            semaphore: sema,
            symbols: vec![("counter".into(), 0x3010)],
            args,
        }
    }

    fn made(sdt: Option<&str>, module: &str, function: &str, name: &str) -> Vec<Made> {
        let objects = proc_maps::parse(MAPS, "/tmp/d/prog");
        let mut notes_of = |o: &Object| match o.name() {
            "prog" => vec![
                note("rdtest", "step", 0x1140, 0, "-4@%edi 8@%rsi"),
                note("rdtest", "guarded", 0x1190, 0x2010, "4@counter(%rip)"),
                note("other", "step", 0x11a0, 0, ""),
            ],
            _ => vec![note("libc", "memory_malloc_retry", 0x9a010, 0, "8@%rbp")],
        };
        let mut functions_of = |o: &Object| match o.name() {
            "prog" => vec![
                Function {
                    name: "main".into(),
                    offset: 0x1100,
                    size: 0x80,
                    global: true,
                },
                Function {
                    name: "work".into(),
                    offset: 0x1180,
                    size: 0x40,
                    global: false,
                },
            ],
            _ => vec![],
        };
        make(
            &objects,
            &mut notes_of,
            &mut functions_of,
            sdt,
            (module, function, name),
        )
        .unwrap()
    }

    fn names(m: &[Made]) -> Vec<String> {
        m.iter()
            .map(|m| {
                format!(
                    "{:x} {} {}:{}:{}",
                    m.addr, m.provider, m.module, m.function, m.name
                )
            })
            .collect()
    }

    #[test]
    fn provider_names_and_their_processes() {
        assert_eq!(split("usdt42"), Some((None, 42)));
        assert_eq!(split("rdtest42"), Some((Some("rdtest"), 42)));
        assert_eq!(split("my_app2x42"), Some((Some("my_app2x"), 42)));
        for p in ["pid42", "usdt", "42", "fbt", "usdt$target", "a-b42"] {
            assert_eq!(split(p), None, "{p}");
        }
        assert_eq!(provider_name("rdtest", 42), "rdtest42");
        assert_eq!(provider_name("pid", 42), "usdt42");
        assert_eq!(provider_name("app2", 42), "usdt42");
        assert_eq!(any_provider(43), "usdt43");
        assert_eq!(pid_of("rdtest42"), Some(42));
        assert_eq!(pid_of("usdt43"), Some(43));
        assert_eq!(pid_of("nosuch42"), None);
    }

    #[test]
    fn probes_by_provider_module_function_and_name() {
        assert_eq!(
            names(&made(None, "", "", "step")),
            [
                "55d0c0a01140 rdtest prog:main:step",
                "55d0c0a011a0 other prog:work:step"
            ]
        );
        assert_eq!(
            names(&made(Some("rdtest"), "a.out", "", "")),
            [
                "55d0c0a01140 rdtest prog:main:step",
                "55d0c0a01190 rdtest prog:work:guarded"
            ]
        );
        assert_eq!(names(&made(None, "libc", "", "memory_*")).len(), 1);
        assert_eq!(names(&made(None, "", "ma*", "")).len(), 1);
        assert!(made(Some("nosuch"), "", "", "").is_empty());
    }

    #[test]
    fn arguments_and_semaphores_for_the_kernel() {
        use rdtrace_uapi::trace::{USDT_ARG_ABS, USDT_ARG_REG};
        let m = made(Some("rdtest"), "", "", "step");
        let s = m[0].spec;
        assert_eq!((s.nargs, s.semaphore), (2, 0));
        assert_eq!(
            (
                s.args[0].kind,
                s.args[0].reg,
                s.args[0].size,
                s.args[0].signed
            ),
            (USDT_ARG_REG, 14, 4, 1)
        );
        let m = made(Some("rdtest"), "", "", "guarded");
        let s = m[0].spec;
        assert_eq!(s.semaphore, 0x2010);
        // The symbol at link-time 0x3010, in an object moved by 0x55d0c0a00000.
        assert_eq!(
            (s.args[0].kind, s.args[0].value as u64),
            (USDT_ARG_ABS, 0x55d0c0a03010)
        );
    }
}
