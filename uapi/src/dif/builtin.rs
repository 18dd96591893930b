//! Builtin variables (`ldb rD, name`): facts about the probe hit.

use super::Ty;

macro_rules! builtins {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $ty:ident; )*) => {
        /// A builtin variable; its number is `ldb`'s immediate.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Builtin {
            $( $(#[$doc])* $variant = $code, )*
        }

        /// Every builtin, in number order.
        pub const BUILTINS: &[Builtin] = &[ $( Builtin::$variant, )* ];

        impl Builtin {
            /// The builtin with number `n`, if any.
            pub const fn from_u32(n: u32) -> Option<Builtin> {
                match n {
                    $( $code => Some(Builtin::$variant), )*
                    _ => None,
                }
            }

            /// Its name in D and in the assembler.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Builtin::$variant => $name, )*
                }
            }

            /// Its type.
            pub const fn ty(self) -> Ty {
                match self {
                    $( Builtin::$variant => Ty::$ty, )*
                }
            }
        }
    };
}

builtins! {
    /// The probed function's return value (return probes).
    Retval = 0, "retval", Int;
    /// The process id (the kernel's `tgid`), as D's `pid`.
    Pid = 1, "pid", Int;
    /// The kernel's `tgid`; the same number as `pid`.
    Tgid = 2, "tgid", Int;
    /// The thread id (the kernel's `pid`).
    Tid = 3, "tid", Int;
    /// The parent process id.
    Ppid = 4, "ppid", Int;
    /// The real user id.
    Uid = 5, "uid", Int;
    /// The real group id.
    Gid = 6, "gid", Int;
    /// The CPU the probe fired on.
    Cpu = 7, "cpu", Int;
    /// Nanoseconds since boot (monotonic, NMI-safe).
    Timestamp = 8, "timestamp", Int;
    /// Nanoseconds since the epoch.
    Walltimestamp = 9, "walltimestamp", Int;
    /// The probe's id.
    Id = 10, "id", Int;
    /// The enabled probe's id (EPID).
    Epid = 11, "epid", Int;
    /// The return address into the probed function's caller.
    Caller = 12, "caller", Int;
    /// The address of the current task.
    Curthread = 13, "curthread", Int;
    /// The current task's command name (`comm`).
    Execname = 14, "execname", Str;
    /// The probe's provider name.
    Probeprov = 15, "probeprov", Str;
    /// The probe's module name.
    Probemod = 16, "probemod", Str;
    /// The probe's function name.
    Probefunc = 17, "probefunc", Str;
    /// The probe's name.
    Probename = 18, "probename", Str;
    /// The error of the system call a syscall return probe fired for: the
    /// negated return value when it is -4095..-1, else 0; 0 on other probes.
    Errno = 19, "errno", Int;
    /// The number of frames on the kernel stack at the probe (what
    /// `stack()` would show, unbounded by `stackframes`).
    Stackdepth = 20, "stackdepth", Int;
    /// The current thread's time on a CPU, in nanoseconds.
    Vtimestamp = 21, "vtimestamp", Int;
    /// The number of frames on the user stack (what `ustack()` would
    /// show); 0 in a kernel thread.
    Ustackdepth = 22, "ustackdepth", Int;
    /// The user program counter of the current thread's caller: the
    /// second frame `ustack()` would show; 0 if none.
    Ucaller = 23, "ucaller", Int;
}

impl Builtin {
    /// The builtin named `name`, if any.
    pub fn from_name(name: &str) -> Option<Builtin> {
        BUILTINS.iter().copied().find(|b| b.name() == name)
    }
}
