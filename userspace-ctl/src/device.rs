//! The client side of `/dev/rdtrace`: opening it with clear errors and the
//! ioctls, each in one small function.

use crate::error::{Error, Result};
use rdtrace_uapi::info::Info;
use rdtrace_uapi::ioctl::*;
use rdtrace_uapi::load::{LoadArgs, LoadResult};
use rdtrace_uapi::trace::{EnableArgs, ReadArgs, StatusArgs};
use rdtrace_uapi::ABI_VERSION;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// Where the device and the module's sysfs entries live.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The device node.
    pub device: PathBuf,
    /// `/sys/module/rdtrace`: present when the module is loaded.
    pub module: PathBuf,
    /// `/sys/class/misc/rdtrace/dev`: the device number.
    pub devnum: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            device: PathBuf::from(format!("/dev/{}", rdtrace_uapi::DEVICE_NAME)),
            module: PathBuf::from("/sys/module/rdtrace"),
            devnum: PathBuf::from("/sys/class/misc/rdtrace/dev"),
        }
    }
}

/// What ended a [`Device::wait_either`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Woken {
    /// The timeout passed (or a signal came) with nothing readable.
    Timeout,
    /// Records wait in the device.
    Records,
    /// The other descriptor became readable.
    Other,
}

/// An open `/dev/rdtrace` whose ABI version matched ours.
#[derive(Debug)]
pub struct Device {
    file: File,
    info: Info,
}

impl Device {
    /// Opens the device and checks the module's ABI version.
    pub fn open(paths: &Paths) -> Result<Device> {
        let file = open_file(paths)?;
        let info = query_info(&file).map_err(|source| match source.raw_os_error() {
            Some(libc::ENOTTY) => Error::AbiMismatch {
                ours: ABI_VERSION,
                theirs: "unknown (it rejected our INFO request)".into(),
            },
            _ => Error::Io {
                what: "INFO ioctl".into(),
                source,
            },
        })?;
        if info.abi_version != ABI_VERSION {
            return Err(Error::AbiMismatch {
                ours: ABI_VERSION,
                theirs: info.abi_version.to_string(),
            });
        }
        Ok(Device { file, info })
    }

    /// The facts the module reported when opened (without the function
    /// count: [`Device::count_functions`]).
    pub fn info(&self) -> &Info {
        &self.info
    }

    /// The functions ftrace can trace, as the module counts them (a walk
    /// of ftrace's whole table: not part of every open).
    pub fn count_functions(&self) -> io::Result<u64> {
        let mut count = 0u64;
        raw_ioctl(
            &self.file,
            RDTRACE_IOC_FUNCTIONS,
            &mut count as *mut u64 as usize,
        )?;
        Ok(count)
    }

    /// Hands `blob` to the kernel's verifier (and runs it once with
    /// `LOAD_TEST_RUN` in `flags`). `Ok((accepted, result))` whenever the
    /// kernel gave a verdict; `Err` for other failures (EFAULT, E2BIG, ...).
    pub fn load(&self, blob: &[u8], flags: u32, args: [u64; 6]) -> io::Result<(bool, LoadResult)> {
        let mut load = LoadArgs {
            prog: blob.as_ptr() as u64,
            prog_len: u32::try_from(blob.len()).unwrap_or(u32::MAX),
            flags,
            args,
            result: LoadResult::default(),
        };
        match raw_ioctl(
            &self.file,
            RDTRACE_IOC_LOAD,
            &mut load as *mut LoadArgs as usize,
        ) {
            Ok(_) => Ok((true, load.result)),
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) && load.result.error_code != 0 => {
                Ok((false, load.result))
            }
            // Lockdown kept a kernel-reading program from its test run.
            Err(e) if e.raw_os_error() == Some(libc::EPERM) && load.result.message[0] != 0 => Err(
                io::Error::new(e.kind(), load.result.message_str().to_string()),
            ),
            Err(e) => Err(e),
        }
    }

    /// ENABLE; the kernel writes its reasons into `args` on failure.
    pub fn enable(&self, args: &mut EnableArgs) -> io::Result<()> {
        raw_ioctl(
            &self.file,
            RDTRACE_IOC_ENABLE,
            args as *mut EnableArgs as usize,
        )
        .map(drop)
    }

    /// GO.
    pub fn go(&self) -> io::Result<()> {
        raw_ioctl(&self.file, RDTRACE_IOC_GO, 0).map(drop)
    }

    /// STOP.
    pub fn stop(&self) -> io::Result<()> {
        raw_ioctl(&self.file, RDTRACE_IOC_STOP, 0).map(drop)
    }

    /// READ: whole records of `cpu` into `buf`; returns the bytes copied.
    pub fn read(&self, cpu: u32, buf: &mut [u8]) -> io::Result<usize> {
        self.copy_out(RDTRACE_IOC_READ, cpu, buf)
    }

    /// AGGSNAP: `cpu`'s aggregation entries into `buf`; returns the bytes
    /// copied.
    pub fn agg_snapshot(&self, cpu: u32, buf: &mut [u8]) -> io::Result<usize> {
        self.copy_out(RDTRACE_IOC_AGGSNAP, cpu, buf)
    }

    /// CLAIM: the anonymous session becomes this device's; returns its
    /// enabling (see `RDTRACE_IOC_CLAIM`).
    pub fn claim(&self) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let mut args = ReadArgs {
                buf: buf.as_mut_ptr() as u64,
                len: buf.len() as u32,
                ..ReadArgs::default()
            };
            raw_ioctl(
                &self.file,
                RDTRACE_IOC_CLAIM,
                &mut args as *mut ReadArgs as usize,
            )?;
            let size = args.copied as usize;
            if size <= buf.len() {
                buf.truncate(size);
                return Ok(buf);
            }
            // Claimed already: the second call copies it whole.
            buf.resize(size, 0);
        }
    }

    /// An ioctl taking [`ReadArgs`] that copies `cpu`'s bytes into `buf`.
    fn copy_out(&self, request: u32, cpu: u32, buf: &mut [u8]) -> io::Result<usize> {
        let mut args = ReadArgs {
            buf: buf.as_mut_ptr() as u64,
            len: buf.len() as u32,
            cpu,
            ..ReadArgs::default()
        };
        raw_ioctl(&self.file, request, &mut args as *mut ReadArgs as usize)?;
        Ok((args.copied as usize).min(buf.len()))
    }

    /// Sleeps in poll(2) until records wait or `timeout` passes; true if
    /// the device is readable.
    pub fn wait(&self, timeout: std::time::Duration) -> io::Result<bool> {
        Ok(self.wait_either(timeout, None)? == Woken::Records)
    }

    /// As [`Device::wait`], but `other` (if any) becoming readable ends
    /// the wait too; says which ended it.
    pub fn wait_either(
        &self,
        timeout: std::time::Duration,
        other: Option<std::os::fd::RawFd>,
    ) -> io::Result<Woken> {
        let pollfd = |fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // A negative descriptor is ignored by poll(2).
        let mut pfds = [pollfd(self.file.as_raw_fd()), pollfd(other.unwrap_or(-1))];
        let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: `pfds` is an array of two valid pollfds for the call.
        let rc = unsafe { libc::poll(pfds.as_mut_ptr(), 2, ms) };
        let readable = |p: &libc::pollfd| p.revents & libc::POLLIN != 0;
        match rc {
            // The other descriptor first: it ends the run, records or not.
            rc if rc > 0 && readable(&pfds[1]) => Ok(Woken::Other),
            rc if rc > 0 && readable(&pfds[0]) => Ok(Woken::Records),
            rc if rc >= 0 => Ok(Woken::Timeout),
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    Ok(Woken::Timeout)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// STATUS.
    pub fn status(&self) -> io::Result<StatusArgs> {
        let mut st = StatusArgs::default();
        raw_ioctl(
            &self.file,
            RDTRACE_IOC_STATUS,
            &mut st as *mut StatusArgs as usize,
        )?;
        Ok(st)
    }

    /// Issues a raw ioctl; for tests of the kernel's argument checking.
    pub fn raw_ioctl(&self, cmd: u32, arg: usize) -> io::Result<i32> {
        raw_ioctl(&self.file, cmd, arg)
    }
}

fn open_file(paths: &Paths) -> Result<File> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .open(&paths.device)
    {
        Ok(f) => Ok(f),
        Err(e) => Err(classify_open_error(paths, e)),
    }
}

fn classify_open_error(paths: &Paths, e: io::Error) -> Error {
    let path = paths.device.display().to_string();
    match e.kind() {
        io::ErrorKind::NotFound if !exists(&paths.module) => Error::ModuleNotLoaded,
        io::ErrorKind::NotFound => Error::DeviceMissing {
            path,
            devnum: std::fs::read_to_string(&paths.devnum)
                .ok()
                .map(|s| s.trim().to_string()),
        },
        io::ErrorKind::PermissionDenied => Error::NoPrivilege { path },
        _ if e.raw_os_error() == Some(libc::ENXIO) || e.raw_os_error() == Some(libc::ENODEV) => {
            Error::ModuleNotLoaded
        }
        _ => Error::Io {
            what: format!("opening {path}"),
            source: e,
        },
    }
}

fn exists(p: &Path) -> bool {
    p.try_exists().unwrap_or(false)
}

fn query_info(file: &File) -> io::Result<Info> {
    let mut buf = [0u8; core::mem::size_of::<Info>()];
    raw_ioctl(file, RDTRACE_IOC_INFO, buf.as_mut_ptr() as usize)?;
    Ok(Info::from_bytes(&buf))
}

fn raw_ioctl(file: &File, cmd: u32, arg: usize) -> io::Result<i32> {
    // SAFETY: `file` is an open descriptor. The kernel treats `arg` as an
    // untrusted user address: a bad one yields EFAULT, never corrupts us,
    // and callers pass either a buffer sized for `cmd` or a deliberately
    // bad address in tests.
    let rc = unsafe { libc::ioctl(file.as_raw_fd(), cmd as libc::c_ulong, arg) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}
