//! Naming user addresses (`ustack()` frames, `uaddr()`, `usym()`,
//! `umod()`) as DTrace does (`dtrace_uaddr2str`, `dt_print_umod`):
//! `object`function+0xoff` by the process's mapped objects and their ELF
//! symbols, `object`0xaddr` in an object without a symbol there, else
//! `0xaddr` (a process that has exited, or an address no file maps). Each
//! process's objects are read once, at its first address; each file's
//! symbols once for all processes.

use crate::compiler::types::UserSymbol;
use crate::elf_symbols::{self, Function};
use crate::proc_maps::{self, Object};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// One process's mapped objects with their functions.
struct Process {
    objects: Vec<(Object, Arc<Vec<Function>>)>,
}

/// What has been read so far.
#[derive(Default)]
struct Cache {
    /// By process ID; none for one that could not be read.
    processes: HashMap<u32, Option<Process>>,
    /// Functions by file (as read through the process's root).
    files: HashMap<PathBuf, Arc<Vec<Function>>>,
}

/// Whether to name addresses at all (`-x noresolve` shows them in hex).
static RESOLVE: AtomicBool = AtomicBool::new(true);

/// Sets whether user addresses printed after are named (`noresolve`).
pub fn set_resolve(on: bool) {
    RESOLVE.store(on, Ordering::Relaxed);
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

impl Cache {
    fn process(&mut self, pid: u32) -> Option<&Process> {
        if !self.processes.contains_key(&pid) {
            let read = self.read(pid);
            self.processes.insert(pid, read);
        }
        self.processes.get(&pid)?.as_ref()
    }

    fn read(&mut self, pid: u32) -> Option<Process> {
        let objects = proc_maps::load(pid).ok()?;
        let objects = objects
            .into_iter()
            .map(|o| {
                let path = proc_maps::file_path(pid, &o);
                let functions = self
                    .files
                    .entry(path.clone())
                    .or_insert_with(|| Arc::new(elf_symbols::load(&path).unwrap_or_default()))
                    .clone();
                (o, functions)
            })
            .collect();
        Some(Process { objects })
    }
}

/// Reads process `pid`'s objects now, while it lives (a `-c` command
/// held at its entry point), for the frames printed after it exits.
pub fn remember(pid: u32) {
    if let Ok(mut c) = cache().lock() {
        c.process(pid);
    }
}

/// User address `pc` of process `pid` as a stack frame (`uaddr()`).
pub fn frame(pid: u32, pc: u64) -> String {
    name(pid, pc, UserSymbol::Address)
}

/// User address `pc` of process `pid` named as `kind` shows it.
pub fn name(pid: u32, pc: u64, kind: UserSymbol) -> String {
    if !RESOLVE.load(Ordering::Relaxed) {
        return format!("{pc:#x}");
    }
    let Ok(mut c) = cache().lock() else {
        return format!("{pc:#x}");
    };
    match c.process(pid) {
        Some(p) => name_in(p, pc, kind),
        None => format!("{pc:#x}"),
    }
}

/// A user symbol as recorded (the process ID, then the address, 8-byte
/// little-endian words) named as `kind` shows it.
pub fn recorded(bytes: &[u8], kind: UserSymbol) -> String {
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
    };
    name(word(0) as u32, word(8), kind)
}

fn name_in(p: &Process, pc: u64, kind: UserSymbol) -> String {
    let found = p.objects.iter().find_map(|(o, functions)| {
        let m = o.mappings.iter().find(|m| (m.start..m.end).contains(&pc))?;
        Some((o, functions, pc - m.start + m.offset))
    });
    let Some((object, functions, offset)) = found else {
        return format!("{pc:#x}");
    };
    if kind == UserSymbol::Module {
        return object.name().to_string();
    }
    match containing(functions, offset) {
        Some(f) if f.offset == offset || kind == UserSymbol::Function => {
            format!("{}`{}", object.name(), f.name)
        }
        Some(f) => format!("{}`{}+{:#x}", object.name(), f.name, offset - f.offset),
        None => format!("{}`{pc:#x}", object.name()),
    }
}

/// The function `offset` lies in: the last to start at or before it,
/// within its size when it has one. Of aliases, the name a person would
/// use, as DTrace's libproc prefers: global, then the fewest leading
/// underscores (`write`, not `__write`), then the first by name.
fn containing(functions: &[Function], offset: u64) -> Option<&Function> {
    let end = functions.partition_point(|f| f.offset <= offset);
    let last = functions.get(end.checked_sub(1)?)?;
    let start = functions[..end].partition_point(|f| f.offset < last.offset);
    let underscores = |f: &Function| f.name.len() - f.name.trim_start_matches('_').len();
    let f = functions[start..end]
        .iter()
        .min_by_key(|f| (!f.global, underscores(f)))
        .unwrap_or(last);
    (f.size == 0 || offset - f.offset < f.size).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proc_maps::Mapping;

    fn function(name: &str, offset: u64, size: u64, global: bool) -> Function {
        Function {
            name: name.into(),
            offset,
            size,
            global,
        }
    }

    fn process() -> Process {
        let functions = vec![
            function("_start", 0x1000, 0x20, true),
            function("helper", 0x1100, 0x40, false),
            function("main", 0x1100, 0x40, true),
            function("sized", 0x1200, 0x10, true),
        ];
        let object = Object {
            path: "/usr/bin/prog".into(),
            executable: true,
            mappings: vec![Mapping {
                start: 0x5000_0000,
                end: 0x5000_2000,
                offset: 0x1000,
                exec: true,
                path: "/usr/bin/prog".into(),
            }],
        };
        Process {
            objects: vec![(object, Arc::new(functions))],
        }
    }

    #[test]
    fn frames_read_as_dtrace_prints_them() {
        let p = process();
        let frame_in = |pc| name_in(&p, pc, UserSymbol::Address);
        // File offset = pc - start + 0x1000.
        assert_eq!(frame_in(0x5000_0000), "prog`_start");
        assert_eq!(frame_in(0x5000_0108), "prog`main+0x8");
        // Past a sized function's end, in no function: the object alone.
        assert_eq!(frame_in(0x5000_0220), "prog`0x50000220");
        // Mapped by nothing.
        assert_eq!(frame_in(0x7000_0000), "0x70000000");
    }

    #[test]
    fn usym_drops_the_offset_and_umod_keeps_the_object() {
        let p = process();
        assert_eq!(name_in(&p, 0x5000_0108, UserSymbol::Function), "prog`main");
        assert_eq!(name_in(&p, 0x5000_0108, UserSymbol::Module), "prog");
        assert_eq!(
            name_in(&p, 0x5000_0220, UserSymbol::Function),
            "prog`0x50000220"
        );
        assert_eq!(name_in(&p, 0x7000_0000, UserSymbol::Module), "0x70000000");
    }

    #[test]
    fn of_aliases_the_global_name_with_fewest_underscores_is_shown() {
        let functions = [
            function("__libc_write", 0x100, 0x20, false),
            function("__write", 0x100, 0x20, true),
            function("write", 0x100, 0x20, true),
        ];
        assert_eq!(containing(&functions, 0x110).unwrap().name, "write");
    }

    #[test]
    fn an_offset_before_every_function_has_none() {
        let functions = [function("f", 0x100, 0, true)];
        assert!(containing(&functions, 0x50).is_none());
        assert_eq!(containing(&functions, 0x500).unwrap().name, "f");
    }
}
