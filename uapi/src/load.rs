//! The LOAD ioctl: hand the kernel a DIF program blob to verify and,
//! optionally, run once as a test (as BPF's `PROG_TEST_RUN` does).
//!
//! The kernel copies at most [`MAX_BLOB`] bytes from `prog`, verifies them
//! and writes a [`LoadResult`] back into the same struct. A rejected program
//! makes the ioctl fail with EINVAL after the result (error code, instruction
//! and the verifier's message) has been written, so the caller can say why.

/// Largest program blob the kernel copies in.
pub const MAX_BLOB: u32 = 256 * 1024;

/// [`LoadArgs::flags`]: run the program once after verifying it.
pub const LOAD_TEST_RUN: u32 = 1 << 0;

/// Every flag the kernel knows; others are rejected with EINVAL.
pub const LOAD_FLAGS_ALL: u32 = LOAD_TEST_RUN;

/// Length of [`LoadResult::message`].
pub const MESSAGE_LEN: usize = 160;

/// What the verifier and (with [`LOAD_TEST_RUN`]) the test run found.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadResult {
    /// 0 when the program was accepted, otherwise the verifier's error code.
    pub error_code: u32,
    /// The instruction the error names.
    pub error_insn: u32,
    /// Worst-case instruction count of an accepted program.
    pub bound: u64,
    /// Test run: the program's return value.
    pub retval: u64,
    /// Test run: instructions executed.
    pub executed: u64,
    /// Test run: 0, or the fault code that ended the program.
    pub fault: u32,
    /// Test run: the faulting instruction.
    pub fault_insn: u32,
    /// Test run: the faulting address, where the fault has one.
    pub fault_addr: u64,
    /// The verifier's (or the fault's) message in words, NUL-terminated.
    pub message: [u8; MESSAGE_LEN],
}

/// The argument of [`crate::ioctl::RDTRACE_IOC_LOAD`].
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadArgs {
    /// User address of the blob.
    pub prog: u64,
    /// Length of the blob in bytes.
    pub prog_len: u32,
    /// `LOAD_*` flags.
    pub flags: u32,
    /// Test run: the probe arguments `arg0`..`arg5`.
    pub args: [u64; 6],
    /// Written by the kernel.
    pub result: LoadResult,
}

const _: () = assert!(core::mem::size_of::<LoadResult>() == 208);
const _: () = assert!(core::mem::size_of::<LoadArgs>() == 272);

impl Default for LoadResult {
    fn default() -> Self {
        LoadResult {
            error_code: 0,
            error_insn: 0,
            bound: 0,
            retval: 0,
            executed: 0,
            fault: 0,
            fault_insn: 0,
            fault_addr: 0,
            message: [0; MESSAGE_LEN],
        }
    }
}

impl LoadResult {
    /// The message as text, up to its NUL.
    pub fn message_str(&self) -> &str {
        core::str::from_utf8(crate::until_nul(&self.message)).unwrap_or("?")
    }
}

/// Writes formatted text into a fixed buffer, truncating, always leaving a
/// NUL at the end. For messages in the kernel, where nothing allocates.
pub struct FixedWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> FixedWriter<'a> {
    /// A writer over `buf`, which it clears.
    pub fn new(buf: &'a mut [u8]) -> Self {
        buf.fill(0);
        FixedWriter { buf, len: 0 }
    }
}

impl core::fmt::Write for FixedWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let room = self.buf.len().saturating_sub(1).saturating_sub(self.len);
        let take = s.len().min(room);
        if let (Some(dst), Some(src)) = (
            self.buf.get_mut(self.len..self.len + take),
            s.as_bytes().get(..take),
        ) {
            dst.copy_from_slice(src);
            self.len += take;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::fmt::Write;

    #[test]
    fn fixed_writer_truncates_and_terminates() {
        let mut buf = [0xffu8; 8];
        let mut w = FixedWriter::new(&mut buf);
        write!(w, "hello {}", 12345).unwrap();
        assert_eq!(&buf, b"hello 1\0");
    }
}
