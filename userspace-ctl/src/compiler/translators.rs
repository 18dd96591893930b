//! DTrace's process-model types and their translators from the kernel's:
//! `psinfo_t` and `lwpsinfo_t` from a `struct task_struct *`, `cpuinfo_t`
//! from a CPU number, with the constants scripts compare them with
//! (`CLD_EXITED`, `SIGUSR1`, `ENOENT`, ...). The types are declared by
//! [`PRELUDE`] and the translators by [`TRANSLATORS`], D text every
//! script is checked after, as DTrace reads its `/usr/lib/dtrace` files.

/// The declarations every script sees, as D text.
pub const PRELUDE: &str = r#"
struct psinfo {
    int pr_flag; int pr_nlwp; pid_t pr_pid; pid_t pr_ppid; pid_t pr_pgid;
    pid_t pr_sid; uid_t pr_uid; uid_t pr_euid; gid_t pr_gid; gid_t pr_egid;
    uintptr_t pr_addr; size_t pr_size; size_t pr_rssize; uintptr_t pr_ttydev;
    ushort_t pr_pctcpu; ushort_t pr_pctmem; int64_t pr_start; int64_t pr_time;
    int64_t pr_ctime; char pr_fname[16]; char pr_psargs[80]; int pr_wstat;
    int pr_argc; uintptr_t pr_argv; uintptr_t pr_envp; char pr_dmodel;
    int pr_taskid; int pr_projid; int pr_nzomb; int pr_poolid; int pr_zoneid;
    int pr_contract;
};
typedef struct psinfo psinfo_t;
struct lwpsinfo {
    int pr_flag; int pr_lwpid; uintptr_t pr_addr; uintptr_t pr_wchan;
    char pr_stype; char pr_state; char pr_sname; char pr_nice;
    short pr_syscall; char pr_oldpri; char pr_cpu; int pr_pri;
    ushort_t pr_pctcpu; int64_t pr_start; int64_t pr_time; char pr_clname[8];
    char pr_name[16]; int pr_onpro; int pr_bindpro; int pr_bindpset;
    int pr_lgrp;
};
typedef struct lwpsinfo lwpsinfo_t;
struct cpuinfo {
    int cpu_id; int cpu_pset; int cpu_chip; int cpu_lgrp;
};
typedef struct cpuinfo cpuinfo_t;
typedef uint32_t ipaddr_t;
inline string __inet_ntoa[uint8_t *a] = strjoin(strjoin(strjoin(lltostr(*a), "."),
    strjoin(lltostr(*(a + 1)), ".")), strjoin(strjoin(lltostr(*(a + 2)), "."),
    lltostr(*(a + 3))));
inline int AF_INET = 2;
inline int AF_INET6 = 10;
inline int ARPHRD_ETHER = 1;
inline int ARPHRD_INFINIBAND = 32;
inline char PR_MODEL_ILP32 = 1;
inline char PR_MODEL_LP64 = 2;
inline int PR_STOPPED = 1;
inline char SSLEEP = 1;
inline char SRUN = 2;
inline char SZOMB = 3;
inline char SSTOP = 4;
inline char SIDL = 5;
inline char SONPROC = 6;
inline char SWAIT = 7;
inline int CLD_EXITED = 1;
inline int CLD_KILLED = 2;
inline int CLD_DUMPED = 3;
inline int CLD_TRAPPED = 4;
inline int CLD_STOPPED = 5;
inline int CLD_CONTINUED = 6;
inline int SIGHUP = 1;
inline int SIGINT = 2;
inline int SIGQUIT = 3;
inline int SIGILL = 4;
inline int SIGTRAP = 5;
inline int SIGABRT = 6;
inline int SIGBUS = 7;
inline int SIGFPE = 8;
inline int SIGKILL = 9;
inline int SIGUSR1 = 10;
inline int SIGSEGV = 11;
inline int SIGUSR2 = 12;
inline int SIGPIPE = 13;
inline int SIGALRM = 14;
inline int SIGTERM = 15;
inline int SIGSTKFLT = 16;
inline int SIGCHLD = 17;
inline int SIGCONT = 18;
inline int SIGSTOP = 19;
inline int SIGTSTP = 20;
inline int SIGTTIN = 21;
inline int SIGTTOU = 22;
inline int SIGURG = 23;
inline int SIGXCPU = 24;
inline int SIGXFSZ = 25;
inline int SIGVTALRM = 26;
inline int SIGPROF = 27;
inline int SIGWINCH = 28;
inline int SIGIO = 29;
inline int SIGPWR = 30;
inline int SIGSYS = 31;
inline int EPERM = 1;
inline int ENOENT = 2;
inline int ESRCH = 3;
inline int EINTR = 4;
inline int EIO = 5;
inline int ENXIO = 6;
inline int E2BIG = 7;
inline int ENOEXEC = 8;
inline int EBADF = 9;
inline int ECHILD = 10;
inline int EAGAIN = 11;
inline int ENOMEM = 12;
inline int EACCES = 13;
inline int EFAULT = 14;
inline int EBUSY = 16;
inline int EEXIST = 17;
inline int ENODEV = 19;
inline int ENOTDIR = 20;
inline int EISDIR = 21;
inline int EINVAL = 22;
inline int ENFILE = 23;
inline int EMFILE = 24;
inline int ENOTTY = 25;
inline int EFBIG = 27;
inline int ENOSPC = 28;
inline int ESPIPE = 29;
inline int EROFS = 30;
inline int EPIPE = 32;
inline int ERANGE = 34;
inline int ENAMETOOLONG = 36;
inline int ENOSYS = 38;
inline int ELOOP = 40;
"#;

/// DTrace's translators to the process-model types, as D text declared
/// after [`PRELUDE`] through the same path as a script's own
/// (`check/xlators.rs`). Their input is the kernel's `struct
/// task_struct`, so their members are checked where they are used. A
/// member of the type with no translation here is `D_XLATE_NOCONV`.
pub const TRANSLATORS: &str = r"
translator psinfo_t < struct task_struct *T > {
    pr_nlwp = T->signal->nr_threads;
    pr_pid = T->tgid;
    pr_ppid = T->real_parent->tgid;
    pr_pgid = ((struct pid *)T->signal->pids[2])->numbers[0].nr;
    pr_sid = ((struct pid *)T->signal->pids[3])->numbers[0].nr;
    pr_uid = T->cred->uid.val;
    pr_euid = T->cred->euid.val;
    pr_gid = T->cred->gid.val;
    pr_egid = T->cred->egid.val;
    pr_addr = (uintptr_t)T;
    pr_ttydev = T->signal->tty ? (uintptr_t)T->signal->tty : (uintptr_t)-1;
    pr_fname = T->comm;
    /* The arguments are in the process's own memory: its name stands
       for them. */
    pr_psargs = T->comm;
    pr_wstat = 0;
    pr_argc = 0;
    pr_argv = 0;
    pr_envp = 0;
    pr_dmodel = PR_MODEL_LP64;
    pr_taskid = 0;
    pr_projid = 0;
    pr_nzomb = 0;
    pr_poolid = 0;
    pr_zoneid = 0;
    pr_contract = 0;
};
translator lwpsinfo_t < struct task_struct *T > {
    pr_flag = (T->__state & 4) ? PR_STOPPED : 0;
    pr_lwpid = T->pid;
    pr_addr = (uintptr_t)T;
    pr_wchan = 0;
    pr_stype = 0;
    /* The state bits tested in the order of Oracle's translator. */
    pr_state = (T->__state & 3) ? SSLEEP : (T->__state & 12) ? SSTOP :
        (T->__state & 0xb0) ? SZOMB : (T->__state & 0x300) ? SWAIT : SRUN;
    pr_sname = (T->__state & 3) ? 'S' : (T->__state & 12) ? 'T' :
        (T->__state & 0xb0) ? 'Z' : (T->__state & 0x300) ? 'W' : 'R';
    pr_pri = T->prio;
    pr_name = T->comm;
    pr_onpro = T == curthread ? cpu : -1;
    pr_bindpro = -1;
    pr_bindpset = -1;
    pr_lgrp = 0;
};
translator cpuinfo_t < int T > {
    cpu_id = T;
    cpu_pset = -1;
    cpu_chip = 0;
    cpu_lgrp = 0;
};
inline int chip = curcpu->cpu_chip;
inline int lgrp = curcpu->cpu_lgrp;
inline int pset = curcpu->cpu_pset;
";

/// The type names [`PRELUDE`] declares: every script's parser knows
/// them as types.
pub const TYPEDEFS: &[&str] = &["psinfo_t", "lwpsinfo_t", "cpuinfo_t", "ipaddr_t"];

/// The builtin variables that are translations of another: `curpsinfo`
/// is `curthread` as a `psinfo_t *`.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    ("curpsinfo", "psinfo_t *", "curthread"),
    ("curlwpsinfo", "lwpsinfo_t *", "curthread"),
    ("curcpu", "cpuinfo_t *", "cpu"),
];

/// Whether `word` is a name the prelude gives a script: a type, struct
/// tag, constant or inline of [`PRELUDE`] (`__inet_ntoa` also as
/// `inet_ntoa`, the subroutine written with it), or a builtin translated
/// by [`TRANSLATORS`]. A script that names none of them, on no stable
/// probe, is checked without the prelude: lexing and declaring it was
/// most of compiling a small script.
pub fn names_prelude(word: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names: std::collections::HashSet<_> =
                PRELUDE.split(';').filter_map(declared_name).collect();
            let bare: Vec<_> = names.iter().filter_map(|n| n.strip_prefix("__")).collect();
            names.extend(bare);
            names.extend(TYPEDEFS);
            names.extend(BUILTINS.iter().map(|b| b.0));
            names
        })
        .contains(word)
}

/// The name one of [`PRELUDE`]'s `;`-ended declarations declares:
/// `struct NAME {`, `typedef ... NAME`, `inline TYPE NAME = ...` or
/// `inline TYPE NAME[...] = ...`.
fn declared_name(decl: &'static str) -> Option<&'static str> {
    let words = |s: &'static str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
    };
    let decl = decl.trim_start_matches(['}', '\n', ' ']);
    if let Some(rest) = decl.strip_prefix("struct ") {
        return words(rest).next();
    }
    if decl.starts_with("typedef ") {
        return words(decl).next_back();
    }
    let head = decl.strip_prefix("inline ")?.split(['=', '[']).next()?;
    words(head).next_back()
}

#[cfg(test)]
mod tests {
    use super::names_prelude;

    #[test]
    fn the_prelude_names_are_its_types_constants_inlines_and_translated_builtins() {
        for name in [
            "psinfo_t",
            "lwpsinfo",
            "cpuinfo_t",
            "ipaddr_t",
            "SIGKILL",
            "ELOOP",
            "AF_INET6",
            "PR_MODEL_LP64",
            "SONPROC",
            "CLD_EXITED",
            "__inet_ntoa",
            "inet_ntoa",
            "curpsinfo",
            "curcpu",
        ] {
            assert!(names_prelude(name), "{name}");
        }
        for name in [
            "int", "pr_pid", "strjoin", "execname", "inline", "struct", "T",
        ] {
            assert!(!names_prelude(name), "{name}");
        }
    }
}
