//! The validated settings of one run: every option set by a flag (`-q`,
//! `-b 8k`), by `-x name=value` or by `#pragma D option`, applied in that
//! order as dtrace applies them, typed, and handed to the compiler, the
//! consumer and the kernel's ENABLE.

use crate::compiler;
use crate::consumer;
use crate::option_table::{self, OptionError, OptionSpec, Value};
use rdtrace_uapi::trace::{
    BUFPOLICY_FILL, BUFPOLICY_RING, BUFPOLICY_SWITCH, DEFAULT_DYNVARSIZE, DEFAULT_NSPEC,
    DEFAULT_SPECSIZE, DEFAULT_STRSIZE, ENABLE_DESTRUCTIVE, ENABLE_SHARED_ENTRY,
};
use std::collections::BTreeMap;
use std::time::Duration;

/// Every option's value for this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `quiet` (`-q`): print only what the clauses print.
    pub quiet: bool,
    /// `flowindent` (`-F`): indent entries and returns.
    pub flowindent: bool,
    /// `destructive` (`-w`): allow destructive actions.
    pub destructive: bool,
    /// `nodirect`: entry probes through ftrace's shared `ftrace_ops` path.
    pub nodirect: bool,
    /// `nocallreturn`: fbt return probes all through fprobe, never by
    /// rdtrace's trampoline calling the function.
    pub nocallreturn: bool,
    /// `zdefs` (`-Z`): allow descriptions that match no probe.
    pub zdefs: bool,
    /// `empty`: a script with nothing in it compiles.
    pub empty: bool,
    /// `defaultargs`: unset macro arguments are 0 or "".
    pub defaultargs: bool,
    /// `bufsize` (`-b`): principal buffer bytes per CPU.
    pub bufsize: u64,
    /// `bufpolicy`: a `BUFPOLICY_*`.
    pub bufpolicy: u32,
    /// `switchrate`: how often the buffers are drained.
    pub switchrate: Duration,
    /// `deadman` (rdtrace's own): how long the consumer may stay silent.
    pub deadman: Duration,
    /// `dynvarsize`: dynamic-variable bytes.
    pub dynvarsize: u64,
    /// `strsize`: the largest string.
    pub strsize: u32,
    /// `nspec`: how many speculations.
    pub nspec: u32,
    /// `specsize`: each speculation's buffer per CPU.
    pub specsize: u64,
    /// `aggsize`: each CPU's aggregation table; 0 the kernel's default.
    pub aggsize: u32,
    /// `maxloop`: iterations of a loop whose bound is not proven.
    pub maxloop: u32,
    /// `maxactive`: kretprobe instances per probe; 0 the kernel's default.
    pub maxactive: u64,
    /// `cpp` (`-C`): run the C preprocessor first.
    pub cpp: bool,
    /// `cpppath`: which preprocessor.
    pub cpp_path: String,
    /// `define`, `undef`, `incdir` (`-D`, `-U`, `-I`), in order, as cpp
    /// arguments.
    pub cpp_args: Vec<String>,
    /// `cpphdrs` (`-H`): cpp prints the files it includes.
    pub cpp_headers: bool,
    /// Options accepted and kept with no effect yet, by name.
    pub stored: BTreeMap<&'static str, Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            quiet: false,
            flowindent: false,
            destructive: false,
            nodirect: false,
            nocallreturn: false,
            zdefs: false,
            empty: false,
            defaultargs: false,
            bufsize: 4 << 20,
            bufpolicy: BUFPOLICY_SWITCH,
            switchrate: Duration::from_millis(100),
            deadman: Duration::ZERO,
            dynvarsize: DEFAULT_DYNVARSIZE,
            strsize: DEFAULT_STRSIZE,
            nspec: DEFAULT_NSPEC,
            specsize: DEFAULT_SPECSIZE,
            aggsize: 0,
            maxloop: 0,
            maxactive: 0,
            cpp: false,
            cpp_path: "cpp".into(),
            cpp_args: Vec::new(),
            cpp_headers: false,
            stored: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Sets `name` to `value` (none: the bare name, `-x quiet`).
    pub fn set(&mut self, name: &str, value: Option<&str>) -> Result<(), OptionError> {
        let (spec, value) = option_table::parse(name, value)?;
        self.apply(spec, value);
        Ok(())
    }

    /// Sets `name=value` or `name` as `-x` writes it.
    pub fn set_x(&mut self, setting: &str) -> Result<(), OptionError> {
        match setting.split_once('=') {
            Some((name, value)) => self.set(name, Some(value)),
            None => self.set(setting, None),
        }
    }

    /// Applies an already parsed value (a pragma's: the compiler parsed
    /// it to point at it in the source).
    pub fn apply(&mut self, spec: &OptionSpec, value: Value) {
        let on = matches!(value, Value::Flag(true));
        let text = match &value {
            Value::Text(t) => t.clone(),
            _ => String::new(),
        };
        let bytes = match value {
            Value::Size(n) | Value::Count(n) => n,
            _ => 0,
        };
        let time = match value {
            Value::Nanos(n) => Duration::from_nanos(n),
            _ => Duration::ZERO,
        };
        match spec.name {
            "quiet" => self.quiet = on,
            "flowindent" => self.flowindent = on,
            "destructive" => self.destructive = on,
            "nodirect" => self.nodirect = on,
            "nocallreturn" => self.nocallreturn = on,
            "zdefs" => self.zdefs = on,
            "empty" => self.empty = on,
            "defaultargs" => self.defaultargs = on,
            // DTrace takes any size but 0 (`-b 64`); the kernel's
            // buffers are at least a page, so a smaller one is a page.
            "bufsize" => self.bufsize = bytes.max(rdtrace_uapi::trace::MIN_BUFSIZE),
            "bufpolicy" => {
                self.bufpolicy = match value {
                    Value::Choice("fill") => BUFPOLICY_FILL,
                    Value::Choice("ring") => BUFPOLICY_RING,
                    _ => BUFPOLICY_SWITCH,
                }
            }
            // 0hz would spin: the drain loop polls at least every 1 ms.
            "switchrate" => self.switchrate = time.max(Duration::from_millis(1)),
            "deadman" => self.deadman = time,
            "dynvarsize" => self.dynvarsize = bytes,
            "strsize" => self.strsize = u32::try_from(bytes).unwrap_or(u32::MAX),
            "nspec" => self.nspec = u32::try_from(bytes).unwrap_or(u32::MAX),
            "specsize" => self.specsize = bytes,
            "aggsize" => self.aggsize = u32::try_from(bytes).unwrap_or(u32::MAX),
            "maxloop" => self.maxloop = u32::try_from(bytes).unwrap_or(u32::MAX),
            "maxactive" => self.maxactive = bytes,
            "cpp" => self.cpp = on,
            "cpphdrs" => self.cpp_headers = on,
            "cpppath" => self.cpp_path = text,
            "define" => self.cpp_args.push(format!("-D{text}")),
            "undef" => self.cpp_args.push(format!("-U{text}")),
            "incdir" => self.cpp_args.push(format!("-I{text}")),
            "cppargs" => self
                .cpp_args
                .extend(text.split_whitespace().map(String::from)),
            _ => {
                self.stored.insert(spec.name, value);
            }
        }
    }

    /// What the consumer and the kernel's ENABLE need.
    pub fn consumer(&self) -> consumer::Options {
        consumer::Options {
            bufsize: self.bufsize,
            bufpolicy: self.bufpolicy,
            switchrate: self.switchrate,
            deadman: self.deadman,
            dynvarsize: self.dynvarsize,
            strsize: self.strsize,
            nspec: self.nspec,
            specsize: self.specsize,
            aggsize: self.aggsize,
            maxactive: self.maxactive,
            callreturn: !self.nocallreturn,
            flags: if self.destructive {
                ENABLE_DESTRUCTIVE
            } else {
                0
            } | if self.nodirect {
                ENABLE_SHARED_ENTRY
            } else {
                0
            },
        }
    }

    /// `stackindent`: the columns a stack's frames are indented.
    /// Whether flag option `name` (`aggzoom`, `noresolve`) is set.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.stored.get(name), Some(Value::Flag(true)))
    }

    /// Choice option `name`'s word, if set (`encoding`).
    pub fn choice(&self, name: &str) -> Option<&'static str> {
        match self.stored.get(name) {
            Some(Value::Choice(w)) => Some(w),
            _ => None,
        }
    }

    /// `printsize`: the most bytes of a `print()` shown.
    pub fn print_size(&self) -> u64 {
        match self.stored.get("printsize") {
            Some(Value::Size(n)) => *n,
            _ => crate::output::print_type::DEFAULT_PRINTSIZE,
        }
    }

    pub fn stack_indent(&self) -> usize {
        match self.stored.get("stackindent") {
            Some(Value::Count(n)) => usize::try_from(*n).unwrap_or(usize::MAX),
            _ => crate::stacks::STACK_INDENT,
        }
    }

    /// What the compiler needs, with the target and macro arguments.
    pub fn compiler(&self, target: Option<u64>, args: Vec<String>) -> compiler::Options {
        compiler::Options {
            target,
            args,
            program: String::new(),
            destructive: self.destructive,
            defaultargs: self.defaultargs,
            argref: matches!(self.stored.get("argref"), Some(Value::Flag(true))),
            zdefs: self.zdefs,
            empty: self.empty,
            strsize: self.strsize,
            maxloop: self.maxloop,
            btf: Some(compiler::btf::default_path()),
            stackframes: match self.stored.get("stackframes") {
                Some(Value::Count(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
                _ => 0,
            },
            ustackframes: match self.stored.get("ustackframes") {
                Some(Value::Count(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
                _ => 0,
            },
            scratchsize: match self.stored.get("scratchsize") {
                Some(Value::Size(n)) => *n,
                _ => 0,
            },
            rawbytes: matches!(self.stored.get("rawbytes"), Some(Value::Flag(true))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_settings_win_and_reach_the_consumer() {
        let mut s = Settings::default();
        s.set_x("bufsize=64k").unwrap();
        s.set_x("bufpolicy=ring").unwrap();
        s.set_x("switchrate=20hz").unwrap();
        s.set_x("quiet").unwrap();
        s.set_x("quiet=no").unwrap();
        s.set("destructive", None).unwrap();
        s.set_x("pgmax=4").unwrap();
        let c = s.consumer();
        assert_eq!(
            (c.bufsize, c.bufpolicy, c.switchrate, c.flags, s.quiet),
            (
                65536,
                BUFPOLICY_RING,
                Duration::from_millis(50),
                ENABLE_DESTRUCTIVE,
                false
            )
        );
        assert_eq!(s.stored.get("pgmax"), Some(&Value::Count(4)));
        assert!(s.set_x("bufsize=0").is_err());
        s.set_x("bufsize=64").unwrap();
        assert_eq!(s.consumer().bufsize, 4096);
        assert!(s.set_x("bufpolicy=nope").is_err());
        assert!(s.set_x("nosuch=1").is_err());
    }

    #[test]
    fn variable_sizes_reach_the_consumer_within_the_kernels_limits() {
        let mut s = Settings::default();
        s.set_x("dynvarsize=2m").unwrap();
        s.set_x("strsize=1k").unwrap();
        let c = s.consumer();
        assert_eq!((c.dynvarsize, c.strsize), (2 << 20, 1024));
        assert!(s.set_x("strsize=4097").is_err());
        assert!(s.set_x("strsize=0").is_err());
        assert!(s.set_x("dynvarsize=512m").is_err());
    }

    #[test]
    fn speculation_sizes_reach_the_consumer() {
        let mut s = Settings::default();
        assert_eq!((s.consumer().nspec, s.consumer().specsize), (1, 32 << 10));
        s.set_x("nspec=4").unwrap();
        s.set_x("specsize=1k").unwrap();
        assert_eq!((s.consumer().nspec, s.consumer().specsize), (4, 1024));
        assert!(s.set_x("specsize=1g").is_err());
        assert!(s.set_x("specsize=-40").is_err());
    }
}
