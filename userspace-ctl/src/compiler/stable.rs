//! DTrace's stable providers, `proc` and `sched`, as translations over
//! the kernel's own probes (Oracle's DTrace for Linux builds them the same
//! way): each stable probe fires on one underlying probe (a tracepoint, a
//! function's entry or return, a system call), only when its condition
//! holds, with DTrace's arguments computed from the underlying probe's
//! (`args[0]` of `proc:::signal-send` is the target's `lwpsinfo_t *`,
//! translated from the tracepoint's `struct task_struct *`). Everything
//! here is D text the checker compiles into the clause: the kernel sees
//! only the underlying probe.

use super::probes::ProbeDesc;
use globset::Glob;

/// The stable providers.
pub const PROVIDERS: &[&str] = &["proc", "sched"];

/// The module every stable probe shows, as in Oracle's DTrace.
pub const MODULE: &str = "vmlinux";

/// Where a stable probe fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The tracepoint `SUBSYS:NAME`; `arg0..` are its `TP_PROTO` arguments.
    Tracepoint(&'static str, &'static str),
    /// A function's entry (fbt; a compiler's `.isra.0`-style clone of it
    /// too); `arg0..` are its arguments.
    Entry(&'static str),
    /// A function's return (fbt); `arg1` is the return value.
    Return(&'static str),
    /// A system call's entry; `arg0..` are its arguments.
    SyscallEntry(&'static str),
    /// A system call's return; `arg1` is the return value.
    SyscallReturn(&'static str),
}

/// One argument of a stable probe: its D type (a translated type such as
/// `psinfo_t *`, or an integer or `string`), and the D expression over the
/// underlying probe's `arg0..` that gives it (for a translated type, the
/// translator's input).
pub type Arg = (&'static str, &'static str);

/// A stable probe.
#[derive(Debug, PartialEq, Eq)]
pub struct StableProbe {
    /// `proc` or `sched`.
    pub provider: &'static str,
    /// `exec-success`, `on-cpu`, ...
    pub name: &'static str,
    /// What it fires on.
    pub site: Site,
    /// A D condition over the underlying probe's arguments: the probe
    /// fires only when it holds.
    pub when: Option<&'static str>,
    /// `args[0]`, `args[1]`, ...
    pub args: &'static [Arg],
}

const TASK_ARG0: &[Arg] = &[
    ("lwpsinfo_t *", "(struct task_struct *)arg0"),
    ("psinfo_t *", "(struct task_struct *)arg0"),
];
const CURRENT: &[Arg] = &[("lwpsinfo_t *", "curthread"), ("psinfo_t *", "curthread")];
const SIGNAL: &[Arg] = &[
    ("lwpsinfo_t *", "(struct task_struct *)arg2"),
    ("psinfo_t *", "(struct task_struct *)arg2"),
    ("int", "(int)arg0"),
];
const NEW_TASK: &str = "((struct task_struct *)arg1)";
const SWITCH_NEXT: &[Arg] = &[
    ("lwpsinfo_t *", "(struct task_struct *)arg2"),
    ("psinfo_t *", "(struct task_struct *)arg2"),
];

macro_rules! probe {
    ($provider:literal, $name:literal, $site:expr, $when:expr, $args:expr) => {
        StableProbe {
            provider: $provider,
            name: $name,
            site: $site,
            when: $when,
            args: $args,
        }
    };
}

/// Every stable probe, in the order `-l` lists them.
pub const PROBES: &[StableProbe] = &[
    probe!(
        "proc",
        "create",
        Site::Tracepoint("sched", "sched_process_fork"),
        // A new process: the child leads its own thread group.
        Some("((struct task_struct *)arg1)->pid == ((struct task_struct *)arg1)->tgid"),
        &[("psinfo_t *", NEW_TASK)]
    ),
    probe!(
        "proc",
        "exec",
        Site::SyscallEntry("execve"),
        None,
        &[("string", "copyinstr(arg0)")]
    ),
    probe!(
        "proc",
        "exec-failure",
        Site::SyscallReturn("execve"),
        Some("(int)arg1 < 0"),
        // As Oracle's DTrace: the call's return value, -errno.
        &[("int", "(int)arg1")]
    ),
    probe!(
        "proc",
        "exec-success",
        Site::Tracepoint("sched", "sched_process_exec"),
        None,
        &[]
    ),
    probe!(
        "proc",
        "exit",
        Site::Tracepoint("sched", "sched_process_exit"),
        // The last thread of the process: its group is dead.
        Some("((struct task_struct *)arg0)->signal->live.counter == 0"),
        // CLD_EXITED, CLD_DUMPED or CLD_KILLED from the exit code.
        &[(
            "int",
            "(((struct task_struct *)arg0)->exit_code & 0x7f) == 0 ? 1 : \
             (((struct task_struct *)arg0)->exit_code & 0x80) ? 3 : 2",
        )]
    ),
    probe!(
        "proc",
        "lwp-create",
        Site::Tracepoint("sched", "sched_process_fork"),
        Some("((struct task_struct *)arg1)->pid != ((struct task_struct *)arg1)->tgid"),
        &[("lwpsinfo_t *", NEW_TASK), ("psinfo_t *", NEW_TASK)]
    ),
    probe!(
        "proc",
        "lwp-exit",
        Site::Tracepoint("sched", "sched_process_exit"),
        None,
        &[]
    ),
    probe!(
        "proc",
        "lwp-start",
        Site::Return("schedule_tail"),
        None,
        &[]
    ),
    probe!(
        "proc",
        "signal-clear",
        Site::SyscallReturn("rt_sigtimedwait"),
        Some("(int)arg1 > 0"),
        &[("int", "(int)arg1")]
    ),
    probe!(
        "proc",
        "signal-discard",
        Site::Tracepoint("signal", "signal_generate"),
        // TRACE_SIGNAL_IGNORED.
        Some("(int)arg4 == 1"),
        SIGNAL
    ),
    probe!(
        "proc",
        "signal-handle",
        Site::Tracepoint("signal", "signal_deliver"),
        None,
        &[
            ("int", "(int)arg0"),
            ("uintptr_t", "arg1"),
            ("uintptr_t", "((struct k_sigaction *)arg2)->sa.sa_handler"),
        ]
    ),
    probe!(
        "proc",
        "signal-send",
        Site::Tracepoint("signal", "signal_generate"),
        Some("(int)arg4 != 1"),
        SIGNAL
    ),
    probe!(
        "proc",
        "start",
        Site::Return("schedule_tail"),
        // A new process's first thread.
        Some("curthread->pid == curthread->tgid"),
        &[]
    ),
    probe!(
        "sched",
        "enqueue",
        Site::Entry("enqueue_task"),
        None,
        &[
            ("lwpsinfo_t *", "(struct task_struct *)arg1"),
            ("psinfo_t *", "(struct task_struct *)arg1"),
            ("cpuinfo_t *", "((struct rq *)arg0)->cpu"),
        ]
    ),
    probe!(
        "sched",
        "off-cpu",
        Site::Tracepoint("sched", "sched_switch"),
        None,
        SWITCH_NEXT
    ),
    probe!(
        "sched",
        "on-cpu",
        Site::Entry("finish_task_switch"),
        None,
        &[]
    ),
    probe!(
        "sched",
        "preempt",
        Site::Tracepoint("sched", "sched_switch"),
        Some("(unsigned char)arg0 != 0"),
        &[]
    ),
    probe!(
        "sched",
        "sleep",
        Site::Tracepoint("sched", "sched_switch"),
        Some("(unsigned char)arg0 == 0 && (unsigned int)arg3 != 0"),
        &[]
    ),
    probe!(
        "sched",
        "surrender",
        Site::Entry("do_sched_yield"),
        None,
        CURRENT
    ),
    probe!("sched", "tick", Site::Entry("sched_tick"), None, CURRENT),
    probe!(
        "sched",
        "wakeup",
        Site::Tracepoint("sched", "sched_wakeup"),
        None,
        TASK_ARG0
    ),
];

/// Whether the glob `field` (empty: anything) matches `value`.
fn field_matches(field: &str, value: &str) -> bool {
    if crate::probes::is_literal(field) {
        // Compared, not compiled: a glob's regex per stable probe.
        return field == value;
    }
    field.is_empty()
        || field == "*"
        || Glob::new(field).is_ok_and(|g| g.compile_matcher().is_match(value))
}

/// The stable probes `desc` matches.
pub fn matching(desc: &ProbeDesc) -> Vec<&'static StableProbe> {
    PROBES
        .iter()
        .filter(|p| {
            field_matches(&desc.provider, p.provider)
                && field_matches(&desc.module, MODULE)
                && field_matches(&desc.function, "")
                && field_matches(&desc.name, p.name)
        })
        .collect()
}

/// The stable probe a description names exactly.
pub fn named(provider: &str, name: &str) -> Option<&'static StableProbe> {
    PROBES
        .iter()
        .find(|p| p.provider == provider && p.name == name)
}

/// Whether `desc` is only about stable probes (names a stable provider or
/// a stable probe's name exactly): then the probes it matches are all
/// stable ones, and it matches no other.
pub fn only_stable(desc: &ProbeDesc) -> bool {
    PROVIDERS.contains(&desc.provider.as_str())
        || (desc.provider.is_empty() && PROBES.iter().any(|p| p.name == desc.name))
}

/// The exact description of a stable probe.
pub fn desc_of(p: &StableProbe) -> ProbeDesc {
    ProbeDesc {
        provider: p.provider.into(),
        module: MODULE.into(),
        function: String::new(),
        name: p.name.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(provider: &str, name: &str) -> Vec<&'static str> {
        let d = ProbeDesc {
            provider: provider.into(),
            name: name.into(),
            ..ProbeDesc::default()
        };
        matching(&d).iter().map(|p| p.name).collect()
    }

    #[test]
    fn descriptions_match_stable_probes_by_glob() {
        assert_eq!(
            names("proc", "exec*"),
            ["exec", "exec-failure", "exec-success"]
        );
        assert_eq!(names("", "exec-success"), ["exec-success"]);
        assert_eq!(names("sched", "on-cpu"), ["on-cpu"]);
        assert!(names("fbt", "on-cpu").is_empty());
        assert_eq!(names("sched", "").len(), 8);
    }

    #[test]
    fn every_probe_is_named_once() {
        for (i, p) in PROBES.iter().enumerate() {
            assert!(
                !PROBES[..i]
                    .iter()
                    .any(|q| q.provider == p.provider && q.name == p.name),
                "{}:::{}",
                p.provider,
                p.name
            );
            assert_eq!(named(p.provider, p.name), Some(p));
        }
    }
}
