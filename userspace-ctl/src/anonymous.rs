//! Anonymous (always-on) tracing, DTrace's `-A` and `-a`: `rdtrace -A`
//! saves the compiled enabling where rdtrace.ko reads it when it loads
//! (its `anonymous` parameter), so tracing starts before any consumer
//! exists; `rdtrace -a` claims that session from the module (CLAIM) and
//! consumes it like its own: what was recorded since the module loaded,
//! then on until exit(), the end of `-c CMD` or Ctrl-C, and the
//! aggregations at the end.

use crate::consumer::{interrupt_flag, Session};
use crate::device::{Device, Paths};
use crate::enabling_file;
use crate::error::{Error, Result};
use crate::target::Target;
use crate::trace_cmd::{output_sink, Request};
use rdtrace_uapi::enabling::Enabling;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

/// Where `-A` saves the enabling without `-o`.
pub const ENABLING_PATH: &str = "/etc/rdtrace/anonymous.enab";
/// The modprobe configuration `-A` writes beside it: modprobe then
/// passes the parameter whenever it loads rdtrace (at boot too).
pub const MODPROBE_CONF: &str = "/etc/modprobe.d/rdtrace.conf";

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            what: format!("creating {}", dir.display()),
            source,
        })?;
    }
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        what: format!("writing {}", path.display()),
        source,
    })
}

/// `-A`: saves `blob` to `output`, or to [`ENABLING_PATH`] with the
/// modprobe option that names it.
pub fn save(output: Option<&Path>, blob: &[u8]) -> Result<ExitCode> {
    let path = output.unwrap_or(Path::new(ENABLING_PATH));
    write(path, blob)?;
    eprintln!("rdtrace: saved anonymous enabling in {}", path.display());
    if output.is_none() {
        let conf = format!("options rdtrace anonymous={ENABLING_PATH}\n");
        write(Path::new(MODPROBE_CONF), conf.as_bytes())?;
        eprintln!("rdtrace: modprobe rdtrace now starts it ({MODPROBE_CONF})");
    } else {
        eprintln!(
            "rdtrace: load rdtrace.ko with anonymous={} to start it",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `-a`: claims the anonymous session and consumes it.
pub fn claim(req: &Request, paths: &Paths) -> Result<ExitCode> {
    if !req.descriptions.is_empty() || req.script.is_some() {
        return Err(Error::Usage(
            "-a consumes the anonymous enabling: give no -n or -s with it".into(),
        ));
    }
    let interrupted = interrupt_flag();
    let dev = Device::open(paths)?;
    let blob = dev.claim().map_err(|source| match source.raw_os_error() {
        Some(libc::ENOENT) => Error::Usage(
            "no anonymous tracing state: load rdtrace.ko with anonymous=FILE (rdtrace -A writes FILE)"
                .into(),
        ),
        _ => Error::Io {
            what: "CLAIM".into(),
            source,
        },
    })?;
    let decoded = enabling_file::decode(&blob)?;
    let bufsize = Enabling::parse(&blob)
        .map_err(|e| Error::Program(e.to_string()))?
        .args()
        .bufsize;
    let mut settings = req.settings.clone();
    settings.quiet |= decoded.meta.quiet;
    settings.flowindent |= decoded.meta.flowindent;
    let opts = settings.consumer();
    let mut session = Session::claimed(&dev, &decoded, bufsize)?;
    let mut out = output_sink(req, &settings)?;
    let mut target = match &req.command {
        Some(cmd) => Some(Target::spawn(cmd)?),
        None => None,
    };
    let pid = req.pid;
    let ending = session.run(&opts, out.as_mut(), || {
        if let Some(t) = target.as_mut() {
            t.release();
            if t.exited().is_some() {
                return true;
            }
        }
        if let Some(p) = pid {
            if !Path::new(&format!("/proc/{p}")).exists() {
                return true;
            }
        }
        interrupted.load(Ordering::Relaxed)
    })?;
    Ok(ending.exit_code())
}
