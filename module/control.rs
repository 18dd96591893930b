// SPDX-License-Identifier: GPL-2.0

//! `/dev/rdtrace`: one [`Session`] per open file, ioctls dispatched by number.

use crate::abi::ioctl::{RDTRACE_IOC_INFO, RDTRACE_IOC_LOAD};
use crate::facts;
use crate::miscdev::FileOps;
use kernel::prelude::*;
use kernel::uaccess::UserSlice;

/// The state of one open `/dev/rdtrace`.
pub(crate) struct Session;

impl FileOps for Session {
    fn open() -> Result<KBox<Self>> {
        // SAFETY: checks the current task's credentials; no preconditions.
        if !unsafe { crate::bindings::rdtrace_shim_perfmon_capable() } {
            return Err(EPERM);
        }
        Ok(KBox::new(Session, GFP_KERNEL)?)
    }

    fn ioctl(&self, cmd: u32, arg: usize) -> Result<isize> {
        match cmd {
            RDTRACE_IOC_INFO => {
                let info = facts::gather()?;
                let bytes = info.as_bytes();
                UserSlice::new(arg, bytes.len()).writer().write_slice(&bytes)?;
                Ok(0)
            }
            RDTRACE_IOC_LOAD => crate::load_ioctl::load(arg),
            _ => Err(ENOTTY),
        }
    }
}
