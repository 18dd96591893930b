//! `-c CMD`: the traced command, started held at the door until the probes
//! are live (so its first read is seen), then released; `$target` is its
//! pid. As dtrace does, CMD is split into words and executed directly (no
//! shell), so every event of that pid is the command's own.
//!
//! For the pid provider the probes need the command's code mapped: as
//! dtrace does, it is first run under ptrace to its ELF entry point (the
//! executable and its libraries loaded, none of its own code run), held
//! there while the probes are placed, and let go at release.

use crate::error::{Error, Result};
use std::ffi::CString;

/// A command started by `-c`.
pub struct Target {
    pid: libc::pid_t,
    gate: Option<libc::c_int>,
    status: Option<i32>,
    /// Held at its entry point under ptrace until release.
    traced: bool,
    /// Readable once it has exited (none before Linux 5.3).
    pidfd: Option<std::os::fd::OwnedFd>,
}

/// `AT_ENTRY` in the auxiliary vector: the executable's entry point.
const AT_ENTRY: u64 = 9;

fn os_err(what: &str) -> Error {
    Error::Io {
        what: what.into(),
        source: std::io::Error::last_os_error(),
    }
}

impl Target {
    /// Forks the command; the child waits on a pipe before `execvp`.
    pub fn spawn(cmd: &str) -> Result<Target> {
        let words =
            shell_words::split(cmd).map_err(|e| Error::Usage(format!("-c '{cmd}': {e}")))?;
        let argv: Vec<CString> = words
            .iter()
            .map(|w| CString::new(w.as_str()))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::Usage(format!("-c '{cmd}': contains a NUL byte")))?;
        if argv.is_empty() {
            return Err(Error::Usage("-c needs a command".into()));
        }
        let mut argp: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
        argp.push(std::ptr::null());
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2(2) writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(os_err("pipe"));
        }
        // SAFETY: fork(2) has no preconditions. The child below calls only
        // async-signal-safe functions (read, execvp on prepared arguments,
        // _exit) before it execs or exits.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            // SAFETY: in the child: `fds[0]` is open, `argp` is a
            // NULL-terminated array of valid C strings built before fork.
            unsafe {
                let mut b = [0u8; 1];
                libc::read(fds[0], b.as_mut_ptr().cast(), 1);
                libc::execvp(argp[0], argp.as_ptr());
                libc::_exit(127);
            }
        }
        // SAFETY: the read end is ours to close in the parent.
        unsafe { libc::close(fds[0]) };
        if pid < 0 {
            // SAFETY: as above, the write end.
            unsafe { libc::close(fds[1]) };
            return Err(os_err("fork"));
        }
        Ok(Target {
            pid,
            gate: Some(fds[1]),
            status: None,
            traced: false,
            pidfd: pidfd_open(pid),
        })
    }

    /// Lets the command exec and runs it to its entry point, where it
    /// stays stopped (its objects mapped) until [`Target::release`].
    pub fn run_to_entry(&mut self) -> Result<()> {
        let pid = self.pid;
        let opts = (libc::PTRACE_O_TRACEEXEC | libc::PTRACE_O_EXITKILL) as usize;
        // SAFETY: PTRACE_SEIZE on our own child, which waits on the gate.
        if unsafe { libc::ptrace(libc::PTRACE_SEIZE, pid, 0usize, opts) } != 0 {
            return Err(os_err("ptrace(PTRACE_SEIZE) of the command"));
        }
        self.traced = true;
        self.open_gate();
        let exec_stop = (libc::SIGTRAP | (libc::PTRACE_EVENT_EXEC << 8)) << 8 | 0x7f;
        self.wait_for(|st| st == exec_stop)?;
        let entry = self.entry_point()?;
        let word = self.peek(entry)?;
        self.poke(entry, (word & !0xff) | 0xcc)?;
        self.cont()?;
        self.wait_for(|st| libc::WIFSTOPPED(st) && libc::WSTOPSIG(st) == libc::SIGTRAP)?;
        self.poke(entry, word)?;
        // SAFETY: a zeroed user_regs_struct is valid; the tracee is stopped.
        let mut regs: libc::user_regs_struct = unsafe { std::mem::zeroed() };
        // SAFETY: GETREGS writes one user_regs_struct into `regs`.
        if unsafe { libc::ptrace(libc::PTRACE_GETREGS, pid, 0usize, &mut regs) } != 0 {
            return Err(os_err("ptrace(PTRACE_GETREGS)"));
        }
        if regs.rip != entry + 1 {
            return Err(Error::Usage(format!(
                "-c: the command stopped at {:#x}, not at its entry point {entry:#x}",
                regs.rip
            )));
        }
        regs.rip = entry;
        // SAFETY: SETREGS reads one user_regs_struct from `regs`.
        if unsafe { libc::ptrace(libc::PTRACE_SETREGS, pid, 0usize, &regs) } != 0 {
            return Err(os_err("ptrace(PTRACE_SETREGS)"));
        }
        Ok(())
    }

    /// Waits for a stop `want` accepts, passing other signals on; an
    /// error if the command ends first.
    fn wait_for(&mut self, want: impl Fn(i32) -> bool) -> Result<()> {
        loop {
            let mut st = 0;
            // SAFETY: `pid` is our child.
            if unsafe { libc::waitpid(self.pid, &mut st, libc::__WALL) } != self.pid {
                return Err(os_err("waitpid"));
            }
            if libc::WIFEXITED(st) || libc::WIFSIGNALED(st) {
                self.status = Some(st);
                self.traced = false;
                return Err(Error::Usage(
                    "-c: the command ended before it started".into(),
                ));
            }
            if want(st) {
                return Ok(());
            }
            let sig = if libc::WIFSTOPPED(st) && (st >> 16) == 0 {
                libc::WSTOPSIG(st)
            } else {
                0
            };
            // SAFETY: the tracee is in a ptrace stop.
            unsafe { libc::ptrace(libc::PTRACE_CONT, self.pid, 0usize, sig as usize) };
        }
    }

    /// The executable's entry point, from its auxiliary vector.
    fn entry_point(&self) -> Result<u64> {
        let auxv =
            std::fs::read(format!("/proc/{}/auxv", self.pid)).map_err(|source| Error::Io {
                what: "reading the command's auxv".into(),
                source,
            })?;
        auxv.chunks_exact(16)
            .map(|c| {
                let word = |b: &[u8]| u64::from_ne_bytes(b.try_into().unwrap_or([0; 8]));
                (word(&c[..8]), word(&c[8..]))
            })
            .find(|&(key, _)| key == AT_ENTRY)
            .map(|(_, v)| v)
            .ok_or_else(|| Error::Usage("-c: the command has no entry point".into()))
    }

    fn peek(&self, addr: u64) -> Result<u64> {
        // SAFETY: errno is ours to clear; PEEKTEXT reads the stopped
        // tracee's memory and returns the word.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: as above.
        let word = unsafe { libc::ptrace(libc::PTRACE_PEEKTEXT, self.pid, addr as usize, 0usize) };
        // SAFETY: as above.
        if word == -1 && unsafe { *libc::__errno_location() } != 0 {
            return Err(os_err("ptrace(PTRACE_PEEKTEXT)"));
        }
        Ok(word as u64)
    }

    fn poke(&self, addr: u64, word: u64) -> Result<()> {
        // SAFETY: POKETEXT writes one word of the stopped tracee's memory.
        if unsafe {
            libc::ptrace(
                libc::PTRACE_POKETEXT,
                self.pid,
                addr as usize,
                word as usize,
            )
        } != 0
        {
            return Err(os_err("ptrace(PTRACE_POKETEXT)"));
        }
        Ok(())
    }

    fn cont(&self) -> Result<()> {
        // SAFETY: the tracee is in a ptrace stop.
        if unsafe { libc::ptrace(libc::PTRACE_CONT, self.pid, 0usize, 0usize) } != 0 {
            return Err(os_err("ptrace(PTRACE_CONT)"));
        }
        Ok(())
    }

    /// The command's pid (`$target`).
    pub fn pid(&self) -> u64 {
        self.pid as u64
    }

    /// A descriptor that becomes readable when the command exits, if the
    /// kernel has pidfds; open as long as this `Target`.
    pub fn exit_fd(&self) -> Option<std::os::fd::RawFd> {
        use std::os::fd::AsRawFd;
        self.pidfd.as_ref().map(AsRawFd::as_raw_fd)
    }

    /// Lets the command run (from its entry point, if held there).
    pub fn release(&mut self) {
        if std::mem::take(&mut self.traced) {
            // SAFETY: our tracee, stopped at its entry point: it runs on.
            unsafe { libc::ptrace(libc::PTRACE_DETACH, self.pid, 0usize, 0usize) };
        }
        self.open_gate();
    }

    fn open_gate(&mut self) {
        if let Some(fd) = self.gate.take() {
            // SAFETY: `fd` is the pipe's write end, owned here; closing it
            // after the write wakes the child's read.
            unsafe {
                libc::write(fd, b"g".as_ptr().cast(), 1);
                libc::close(fd);
            }
        }
    }

    /// Its wait status, once it has exited.
    pub fn exited(&mut self) -> Option<i32> {
        if self.status.is_none() {
            let mut st = 0;
            // SAFETY: `pid` is our child; WNOHANG never blocks.
            if unsafe { libc::waitpid(self.pid, &mut st, libc::WNOHANG) } == self.pid {
                self.status = Some(st);
            }
        }
        self.status
    }
}

/// `pidfd_open(2)` on our child `pid`, or `None` where the kernel has none.
fn pidfd_open(pid: libc::pid_t) -> Option<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: pidfd_open takes a pid and flags and returns a new
    // descriptor or -1; it touches no memory of ours.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    let fd = libc::c_int::try_from(fd).ok().filter(|&fd| fd >= 0)?;
    // SAFETY: `fd` was just returned to us by the kernel and is owned by
    // nothing else.
    Some(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// As dtrace does, a command it started and that still runs when tracing
/// ends (an `exit()`, an error, Ctrl-C) is killed, never waited for.
impl Drop for Target {
    fn drop(&mut self) {
        if let Some(fd) = self.gate.take() {
            // SAFETY: the pipe's write end, owned here, closed once.
            unsafe { libc::close(fd) };
        }
        if self.exited().is_none() {
            let mut st = 0;
            // SAFETY: `pid` is our child, not yet reaped: the signal and
            // the wait reach no other process.
            unsafe {
                libc::kill(self.pid, libc::SIGKILL);
                libc::waitpid(self.pid, &mut st, 0);
            }
        }
    }
}
