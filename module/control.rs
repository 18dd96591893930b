// SPDX-License-Identifier: GPL-2.0

//! `/dev/rdtrace`: one [`Session`] per open file, ioctls dispatched by
//! number. Closing the file (or the consumer dying) drops the session and
//! with it every probe it enabled.

use crate::abi::ioctl::*;
use crate::anonymous::{self, Anonymous};
use crate::enable;
use crate::facts;
use crate::bindings;
use crate::miscdev::{FileOps, PollTable};
use crate::wakeup::Wakeup;
use crate::trace::{EnableArgs, ReadArgs, StatusArgs, MAX_AGGSIZE, STATE_IDLE};
use crate::tracing::Tracing;
use core::pin::Pin;
use kernel::alloc::KVVec;
use kernel::new_mutex;
use kernel::prelude::*;
use kernel::sync::Mutex;
use kernel::uaccess::UserSlice;

/// Largest READ copy per call: a principal buffer's largest size (it is
/// copied in place, with no bounce buffer to bound).
const READ_MAX: usize = crate::trace::MAX_BUFSIZE as usize;

// SAFETY: `repr(C)` integers only, explicit padding (sizes asserted in uapi).
unsafe impl kernel::types::FromBytes for ReadArgs {}
// SAFETY: as above.
unsafe impl kernel::types::AsBytes for ReadArgs {}
// SAFETY: as above.
unsafe impl kernel::types::AsBytes for StatusArgs {}

/// EPERM unless the caller may trace (CAP_PERFMON or CAP_SYS_ADMIN).
fn require_perfmon() -> Result {
    // SAFETY: checks the current task's credentials; no preconditions.
    if unsafe { crate::bindings::rdtrace_shim_perfmon_capable() } {
        Ok(())
    } else {
        Err(EPERM)
    }
}

/// What a file keeps of the anonymous session it claimed, beside the
/// tracing itself (`Session::tracing`).
struct Claimed {
    /// The queue the anonymous session's probes wake.
    wakeup: Wakeup,
    /// Its enabling.
    blob: KVVec<u8>,
}

/// The state of one open `/dev/rdtrace`.
#[pin_data]
pub(crate) struct Session {
    // Dropped before `wakeup` and `claimed` (declaration order): its
    // probes notify one of them.
    #[pin]
    tracing: Mutex<Option<KBox<Tracing>>>,
    wakeup: Wakeup,
    #[pin]
    claimed: Mutex<Option<Claimed>>,
}

impl FileOps for Session {
    fn open() -> Result<Pin<KBox<Self>>> {
        require_perfmon()?;
        let wakeup = Wakeup::new()?;
        KBox::pin_init(
            pin_init!(Session { tracing <- new_mutex!(None), wakeup, claimed <- new_mutex!(None) }),
            GFP_KERNEL,
        )
    }

    fn ioctl(&self, cmd: u32, arg: usize) -> Result<isize> {
        // Every call, not only open: a descriptor passed to (or kept by)
        // a process without the privilege does nothing for it.
        require_perfmon()?;
        match cmd {
            RDTRACE_IOC_INFO => {
                let bytes = facts::gather().as_bytes();
                UserSlice::new(arg, bytes.len()).writer().write_slice(&bytes)?;
            }
            RDTRACE_IOC_FUNCTIONS => {
                let count = facts::count_functions()?;
                UserSlice::new(arg, 8).writer().write_slice(&count.to_ne_bytes())?;
            }
            RDTRACE_IOC_LOAD => return crate::load_ioctl::load(arg),
            RDTRACE_IOC_ENABLE => self.enable(arg)?,
            RDTRACE_IOC_GO => self.with_tracing(|t| t.go())?,
            RDTRACE_IOC_STOP => self.with_tracing(|t| {
                t.stop();
                Ok(())
            })?,
            RDTRACE_IOC_READ => self.read(arg)?,
            RDTRACE_IOC_AGGSNAP => self.agg_snapshot(arg)?,
            RDTRACE_IOC_CLAIM => self.claim(arg)?,
            RDTRACE_IOC_STATUS => {
                let status = self.tracing.lock().as_ref().map_or_else(
                    || StatusArgs { state: STATE_IDLE, ..StatusArgs::default() },
                    |t| t.status(),
                );
                UserSlice::new(arg, core::mem::size_of::<StatusArgs>()).writer().write(&status)?;
            }
            _ => return Err(ENOTTY),
        }
        Ok(0)
    }

    fn poll(&self, table: &PollTable) -> u32 {
        // Register first, then look: a record committed in between wakes us.
        self.wakeup.poll_wait(table);
        if let Some(c) = self.claimed.lock().as_ref() {
            c.wakeup.poll_wait(table);
        }
        match self.tracing.lock().as_ref() {
            Some(t) if t.readable() => bindings::RDTRACE_POLLIN,
            _ => 0,
        }
    }
}

impl Session {
    fn with_tracing(&self, f: impl FnOnce(&Tracing) -> Result) -> Result {
        match self.tracing.lock().as_ref() {
            Some(t) => f(t),
            None => Err(EINVAL),
        }
    }

    fn enable(&self, arg: usize) -> Result {
        let (mut reader, mut writer) = UserSlice::new(arg, core::mem::size_of::<EnableArgs>()).reader_writer();
        let mut args: EnableArgs = reader.read()?;
        let mut guard = self.tracing.lock();
        // A new ENABLE replaces what the session had.
        *guard = None;
        let mut source = enable::UserSource::new(&args);
        match enable::plan(&mut args, &mut source) {
            Ok(plan) => {
                let mut tracing = Tracing::new(plan, args.deadman_ms, self.wakeup.handle())?;
                if let Err(refusal) = tracing.register_kprobes(&mut args) {
                    writer.write(&args)?;
                    return Err(refusal.errno);
                }
                *guard = Some(tracing);
                writer.write(&args)
            }
            Err(refusal) => {
                writer.write(&args)?;
                Err(refusal.errno)
            }
        }
    }

    /// CLAIM: the anonymous session becomes this file's; its enabling is
    /// copied out (see `RDTRACE_IOC_CLAIM`).
    fn claim(&self, arg: usize) -> Result {
        let (mut reader, mut writer) = UserSlice::new(arg, core::mem::size_of::<ReadArgs>()).reader_writer();
        let mut args: ReadArgs = reader.read()?;
        let mut claimed = self.claimed.lock();
        if claimed.is_none() {
            let mut tracing = self.tracing.lock();
            if tracing.is_some() {
                return Err(EBUSY);
            }
            let anon = anonymous::claim().ok_or(ENOENT)?;
            let Anonymous { tracing: t, wakeup, blob } = KBox::into_inner(anon);
            t.arm_deadman();
            *tracing = Some(t);
            *claimed = Some(Claimed { wakeup, blob });
        }
        let blob = claimed.as_ref().map_or(&[][..], |c| c.blob.as_slice());
        args.copied = blob.len() as u32;
        if args.len as usize >= blob.len() {
            UserSlice::new(args.buf as usize, blob.len()).writer().write_slice(blob)?;
        }
        writer.write(&args)
    }

    fn agg_snapshot(&self, arg: usize) -> Result {
        let (mut reader, mut writer) = UserSlice::new(arg, core::mem::size_of::<ReadArgs>()).reader_writer();
        let mut args: ReadArgs = reader.read()?;
        let len = (args.len as usize).min(MAX_AGGSIZE as usize);
        let mut buf = KVVec::from_elem(0u8, len, GFP_KERNEL)?;
        let copied = match self.tracing.lock().as_ref() {
            Some(t) => t.agg_snapshot(args.cpu as usize, buf.as_mut_slice()),
            None => return Err(EINVAL),
        };
        UserSlice::new(args.buf as usize, copied).writer().write_slice(buf.get(..copied).unwrap_or(&[]))?;
        args.copied = copied as u32;
        writer.write(&args)
    }

    fn read(&self, arg: usize) -> Result {
        let (mut reader, mut writer) = UserSlice::new(arg, core::mem::size_of::<ReadArgs>()).reader_writer();
        let mut args: ReadArgs = reader.read()?;
        let guard = self.tracing.lock();
        let Some(t) = guard.as_ref() else { return Err(EINVAL) };
        // Straight from the ring to the consumer's buffer, under the
        // session's lock (a mutex: the copy may fault pages in). A failed
        // copy consumes nothing.
        let room = (args.len as usize).min(READ_MAX);
        let mut out = UserSlice::new(args.buf as usize, room).writer();
        let copied = t.read_with(args.cpu as usize, room, |run| out.write_slice(run))?;
        drop(guard);
        args.copied = copied as u32;
        writer.write(&args)
    }
}
