//! The cheaper fbt return path: ORs [`PROBE_REGISTER_ARGS`] into the
//! ENABLE's `PROBE_RETURN` specs whose function takes every argument in a
//! register ([`crate::register_args`]), so the module may see the return
//! from its own trampoline instead of through fprobe. Only the specs the
//! kernel gets are marked: everything shown keeps plain `PROBE_RETURN`.
//! `-x nocallreturn` marks none.

use crate::compiler::btf::{self, KernelBtf};
use crate::register_args;
use rdtrace_uapi::trace::{ProbeSpec, FUNCTION_LEN, PROBE_REGISTER_ARGS, PROBE_RETURN};
use rdtrace_uapi::until_nul;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The kernel's BTF files, each read the first time a probe needs it: a
/// session with no fbt return probe reads none.
pub struct BtfFiles {
    dir: PathBuf,
    vmlinux: PathBuf,
    /// By module (`vmlinux` too); `None`: missing or unreadable.
    loaded: HashMap<String, Option<KernelBtf>>,
    /// Few functions to look up: vmlinux is mapped, not parsed.
    few: bool,
}

/// Up to this many functions, mapping vmlinux's BTF and scanning it for
/// each is faster than parsing it all (see [`KernelBtf::load_mapped`]).
const FEW_LOOKUPS: usize = 64;

impl BtfFiles {
    /// The running kernel's (`/sys/kernel/btf`), or those beside
    /// `RDTRACE_BTF` when a test names another kernel's.
    pub fn system() -> BtfFiles {
        let vmlinux = btf::default_path();
        let dir = vmlinux
            .parent()
            .map_or_else(|| PathBuf::from("/sys/kernel/btf"), Path::to_path_buf);
        BtfFiles {
            dir,
            vmlinux,
            loaded: HashMap::new(),
            few: false,
        }
    }

    /// `vmlinux` and modules' split BTF files in `dir` (tests).
    pub fn in_dir(dir: &Path) -> BtfFiles {
        BtfFiles {
            dir: dir.to_path_buf(),
            vmlinux: dir.join("vmlinux"),
            loaded: HashMap::new(),
            few: false,
        }
    }

    /// `module`'s BTF, a module's split on vmlinux's.
    pub fn get(&mut self, module: &str) -> Option<&KernelBtf> {
        let module = if module.is_empty() { "vmlinux" } else { module };
        // A module name is a file name in the BTF directory, nothing else.
        if module.contains('/') || module.starts_with('.') {
            return None;
        }
        if !self.loaded.contains_key("vmlinux") {
            let base = if self.few {
                KernelBtf::load_mapped(&self.vmlinux).ok()
            } else {
                KernelBtf::load(&self.vmlinux).ok()
            };
            self.loaded.insert("vmlinux".into(), base);
        }
        if !self.loaded.contains_key(module) {
            let split = {
                let base = self.loaded.get("vmlinux")?.as_ref()?;
                KernelBtf::load_split(&self.dir.join(module), base).ok()
            };
            self.loaded.insert(module.into(), split);
        }
        self.loaded.get(module)?.as_ref()
    }
}

/// Marks the fbt return specs whose function takes its arguments in
/// registers (a stable provider's probe on one is one too: the kernel
/// sees only the kind and function).
pub fn mark(specs: &mut [ProbeSpec], files: &mut BtfFiles) {
    let returns = specs.iter().filter(|s| s.kind == PROBE_RETURN);
    let functions: std::collections::HashSet<_> = returns.map(|s| s.function).collect();
    files.few = functions.len() <= FEW_LOOKUPS;
    let mut known: HashMap<(String, String), bool> = HashMap::new();
    for s in specs.iter_mut().filter(|s| s.kind == PROBE_RETURN) {
        let module = String::from_utf8_lossy(until_nul(&s.module)).into_owned();
        let function = String::from_utf8_lossy(until_nul(&s.function)).into_owned();
        // A name that fills the field may be cut short: another function's.
        if function.len() >= FUNCTION_LEN - 1 {
            continue;
        }
        let key = (module, function);
        let eligible = match known.get(&key) {
            Some(&e) => e,
            None => {
                let e = files
                    .get(&key.0)
                    .is_some_and(|k| register_args::eligible(k, &key.1));
                known.insert(key, e);
                e
            }
        };
        if eligible {
            s.kind |= PROBE_REGISTER_ARGS;
        }
    }
}

/// A spec as shown: its kind without the flag (an enabling read back).
pub fn unmark(spec: &mut ProbeSpec) {
    if spec.kind == PROBE_RETURN | PROBE_REGISTER_ARGS {
        spec.kind = PROBE_RETURN;
    }
}

#[cfg(test)]
#[path = "call_return_tests.rs"]
mod tests;
