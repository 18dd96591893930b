//! A sink's output that `freopen()` sends to a file and back: DTrace's
//! `dtrace_freopen`, which appends to the file it names and restores the
//! original output for an empty name; and that `ftruncate()` empties.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::fd::{AsRawFd, RawFd};

/// The original output, or the file the last `freopen()` opened.
pub struct Reopenable {
    original: Box<dyn Write>,
    /// The original's descriptor, when it has one `ftruncate()` may empty.
    original_fd: Option<RawFd>,
    file: Option<BufWriter<File>>,
}

impl Reopenable {
    pub fn new(original: Box<dyn Write>) -> Self {
        Reopenable {
            original,
            original_fd: None,
            file: None,
        }
    }

    /// The original's descriptor, for `ftruncate()`.
    pub fn set_original_fd(&mut self, fd: Option<RawFd>) {
        self.original_fd = fd;
    }

    /// `ftruncate()`: empties the current output's file, and what follows
    /// is written from its start.
    pub fn truncate(&mut self) -> io::Result<()> {
        self.flush()?;
        let fd = match &self.file {
            Some(f) => f.get_ref().as_raw_fd(),
            None => self.original_fd.ok_or_else(|| {
                io::Error::new(io::ErrorKind::Unsupported, "the output is no file")
            })?,
        };
        // SAFETY: system calls on a descriptor this output keeps open (its
        // file's, or the original's, which outlives the sink); no memory
        // is passed.
        if unsafe { libc::ftruncate(fd, 0) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: as above.
        if unsafe { libc::lseek(fd, 0, libc::SEEK_SET) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Sends what follows to `path`, appended; `""` goes back to the
    /// original output (nothing to do if it never left). A file that
    /// cannot be opened leaves the output where it was.
    pub fn reopen(&mut self, path: &str) -> io::Result<()> {
        let next = match path {
            "" => None,
            path => Some(OpenOptions::new().append(true).create(true).open(path)?),
        };
        self.flush()?;
        self.file = next.map(BufWriter::new);
        Ok(())
    }

    fn current(&mut self) -> &mut dyn Write {
        match &mut self.file {
            Some(f) => f,
            None => &mut self.original,
        }
    }
}

impl Write for Reopenable {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.current().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.current().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(f) = &mut self.file {
            f.flush()?;
        }
        self.original.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::Shared;

    #[test]
    fn reopens_appends_and_restores() {
        let path = std::env::temp_dir().join(format!("rdtrace-reopen-{}", std::process::id()));
        std::fs::write(&path, "before\n").unwrap();
        let buf = Shared::default();
        let mut out = Reopenable::new(Box::new(buf.clone()));
        out.write_all(b"a\n").unwrap();
        out.reopen(path.to_str().unwrap()).unwrap();
        out.write_all(b"b\n").unwrap();
        out.reopen("").unwrap();
        out.write_all(b"c\n").unwrap();
        out.flush().unwrap();
        assert_eq!(buf.text(), "a\nc\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before\nb\n");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_file_that_cannot_open_keeps_the_output() {
        let buf = Shared::default();
        let mut out = Reopenable::new(Box::new(buf.clone()));
        let err = out.reopen("/nonexistent-dir/x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        out.write_all(b"still here\n").unwrap();
        assert_eq!(buf.text(), "still here\n");
    }

    #[test]
    fn truncate_empties_the_reopened_file_and_needs_a_file() {
        let path = std::env::temp_dir().join(format!("rdtrace-truncate-{}", std::process::id()));
        let mut out = Reopenable::new(Box::new(Shared::default()));
        assert_eq!(
            out.truncate().unwrap_err().kind(),
            io::ErrorKind::Unsupported
        );
        out.reopen(path.to_str().unwrap()).unwrap();
        out.write_all(b"old\n").unwrap();
        out.truncate().unwrap();
        out.write_all(b"new\n").unwrap();
        out.reopen("").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        std::fs::remove_file(&path).unwrap();
    }
}
