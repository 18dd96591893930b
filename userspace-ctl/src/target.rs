//! `-c CMD`: the traced command, started held at the door until the probes
//! are live (so its first read is seen), then released; `$target` is its
//! pid. As dtrace does, CMD is split into words and executed directly (no
//! shell), so every event of that pid is the command's own.

use crate::error::{Error, Result};
use std::ffi::CString;

/// A command started by `-c`.
pub struct Target {
    pid: libc::pid_t,
    gate: Option<libc::c_int>,
    status: Option<i32>,
}

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
        })
    }

    /// The command's pid (`$target`).
    pub fn pid(&self) -> u64 {
        self.pid as u64
    }

    /// Lets the command run.
    pub fn release(&mut self) {
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
