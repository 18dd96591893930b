//! Errors the user sees, each with a one-line fix and its own exit status.

use std::process::ExitCode;

/// Everything `rdtrace` can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The kernel module is not loaded.
    #[error("the rdtrace kernel module is not loaded")]
    ModuleNotLoaded,
    /// The module is loaded but `/dev/rdtrace` does not exist.
    #[error("{path} does not exist although the rdtrace module is loaded")]
    DeviceMissing {
        /// The device path tried.
        path: String,
        /// `major:minor` from sysfs, if known.
        devnum: Option<String>,
    },
    /// Opening the device was refused.
    #[error("permission denied opening {path}: tracing needs CAP_PERFMON or CAP_SYS_ADMIN")]
    NoPrivilege {
        /// The device path tried.
        path: String,
    },
    /// The module speaks another ABI version.
    #[error("ABI mismatch: rdtrace speaks ABI {ours}, the loaded module {theirs}")]
    AbiMismatch {
        /// Our [`rdtrace_uapi::ABI_VERSION`].
        ours: u32,
        /// The module's, if it answered at all.
        theirs: String,
    },
    /// A script that does not compile: the rendered diagnostics.
    #[error("{0}")]
    Script(String),
    /// A command line or script the user must fix.
    #[error("{0}")]
    Usage(String),
    /// An option (`-x`, `-b`, ...) that cannot be set.
    #[error("failed to set {setting}: {error}")]
    BadOption {
        /// The setting as written (`-x bufsize=12q`).
        setting: String,
        /// Why.
        error: crate::option_table::OptionError,
    },
    /// A program file that cannot be assembled or decoded.
    #[error("{0}")]
    Program(String),
    /// The verifier rejected a program.
    #[error("{0}")]
    Rejected(String),
    /// Any other failure of a system call on the device.
    #[error("{what}: {source}")]
    Io {
        /// What we were doing.
        what: String,
        /// The OS error.
        source: std::io::Error,
    },
}

impl Error {
    /// A line telling the user what to do, if there is one.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::ModuleNotLoaded => {
                "load it with `insmod rdtrace.ko` (built by `make module`), or run inside the test VM: `make vm CMD='rdtrace info'`".into()
            }
            Error::DeviceMissing { path, devnum } => match devnum {
                Some(n) => format!("mount devtmpfs on /dev, or create it: `mknod {path} c {}`", n.replace(':', " ")),
                None => "mount devtmpfs on /dev (`mount -t devtmpfs dev /dev`)".into(),
            },
            Error::NoPrivilege { .. } => "run as root (sudo rdtrace ...), or grant CAP_PERFMON".into(),
            Error::AbiMismatch { .. } => "rebuild and reload the module and the tool from the same checkout (`make module`, then `rmmod rdtrace; insmod rdtrace.ko`)".into(),
            Error::BadOption { error, .. } => return error.hint(),
            Error::Io { .. } | Error::Program(_) | Error::Rejected(_) | Error::Usage(_) | Error::Script(_) => return None,
        })
    }

    /// The process exit status: distinct for each error a script may test.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Error::Io { .. } | Error::Program(_) => 1,
            Error::Rejected(_) => 7,
            Error::Usage(_) | Error::Script(_) | Error::BadOption { .. } => 2,
            Error::ModuleNotLoaded => 3,
            Error::DeviceMissing { .. } => 4,
            Error::NoPrivilege { .. } => 5,
            Error::AbiMismatch { .. } => 6,
        })
    }
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
