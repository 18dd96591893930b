// SPDX-License-Identifier: GPL-2.0

//! A misc character device whose file operations call a safe trait.
//!
//! The 6.12 `kernel` crate has no miscdevice abstraction (6.13 added one), so
//! this is the only place that touches `struct miscdevice` and
//! `struct file_operations`. The `extern "C"` callbacks are private; they turn
//! raw pointers into a borrowed [`FileOps`] value and errors into errnos.

use crate::bindings;
use core::marker::PhantomData;
use core::pin::Pin;
use kernel::ffi::{c_int, c_long, c_uint, c_ulong, c_void};
use kernel::prelude::*;
use kernel::types::{ForeignOwnable, Opaque};

/// What an open file of the device does. One value per open file.
pub(crate) trait FileOps: Sized + Send + Sync + 'static {
    /// Called on `open(2)`; the returned value lives until the last close.
    fn open() -> Result<Pin<KBox<Self>>>;

    /// Called on `ioctl(2)`; `arg` is the untrusted user argument.
    fn ioctl(&self, cmd: u32, arg: usize) -> Result<isize>;

    /// Called on `poll(2)`: registers on `table` and returns the ready mask.
    fn poll(&self, table: &PollTable) -> u32;
}

/// The arguments of one `poll` call, valid for its duration.
pub(crate) struct PollTable {
    pub(crate) file: *mut bindings::file,
    pub(crate) table: *mut bindings::poll_table_struct,
}

/// The pinned C structs. `misc.fops` points at `fops` in the same allocation.
struct RawMisc {
    misc: Opaque<bindings::miscdevice>,
    fops: Opaque<bindings::file_operations>,
}

/// A registered misc device, deregistered on drop.
///
/// # Invariants
///
/// `raw.misc` is registered with `misc_register` and stays pinned until
/// `misc_deregister` in `drop`.
pub(crate) struct Registration<T: FileOps> {
    raw: Pin<KBox<RawMisc>>,
    _ops: PhantomData<T>,
}

// SAFETY: the C structs are only written before registration and by the misc
// core under its own lock; `T: Send + Sync` covers the callbacks' state.
unsafe impl<T: FileOps> Send for Registration<T> {}
// SAFETY: as above; `&Registration` gives no access to the C structs.
unsafe impl<T: FileOps> Sync for Registration<T> {}

impl<T: FileOps> Registration<T> {
    /// Registers `/dev/<name>` with the given permission bits.
    pub(crate) fn register(name: &'static CStr, mode: u16) -> Result<Self> {
        let raw = KBox::pin(
            RawMisc {
                misc: Opaque::uninit(),
                fops: Opaque::uninit(),
            },
            GFP_KERNEL,
        )?;
        let fops = bindings::file_operations {
            // SAFETY: the shim only returns THIS_MODULE.
            owner: unsafe { bindings::rdtrace_shim_this_module() },
            open: Some(open_callback::<T>),
            release: Some(release_callback::<T>),
            unlocked_ioctl: Some(ioctl_callback::<T>),
            poll: Some(poll_callback::<T>),
            ..Default::default()
        };
        // SAFETY: `raw` is pinned and exclusively ours; both slots are valid
        // for writes and not yet shared with C.
        unsafe { raw.fops.get().write(fops) };
        let misc = bindings::miscdevice {
            minor: bindings::MISC_DYNAMIC_MINOR as c_int,
            name: name.as_char_ptr(),
            fops: raw.fops.get(),
            mode,
            ..Default::default()
        };
        // SAFETY: as above.
        unsafe { raw.misc.get().write(misc) };
        // SAFETY: `misc` is fully initialised and pinned for as long as the
        // returned `Registration` lives; `name` is 'static.
        kernel::error::to_result(unsafe { bindings::misc_register(raw.misc.get()) })?;
        // INVARIANT: registered just above.
        Ok(Registration {
            raw,
            _ops: PhantomData,
        })
    }
}

impl<T: FileOps> Drop for Registration<T> {
    fn drop(&mut self) {
        // SAFETY: registered by the type invariant. After this returns no new
        // open can start; files still open hold a module reference (`owner`),
        // so the module, and these callbacks, outlive them.
        unsafe { bindings::misc_deregister(self.raw.misc.get()) };
    }
}

/// # Safety
///
/// Called by the VFS with a valid `file` being opened.
unsafe extern "C" fn open_callback<T: FileOps>(
    _inode: *mut bindings::inode,
    file: *mut bindings::file,
) -> c_int {
    match T::open() {
        Ok(state) => {
            // SAFETY: `file` is valid (VFS contract); nothing else uses its
            // private data while it is being opened.
            unsafe { bindings::rdtrace_shim_file_set_private(file, state.into_foreign().cast_mut()) };
            0
        }
        Err(e) => e.to_errno(),
    }
}

/// # Safety
///
/// Called by the VFS once, on the last close of a file `open_callback` opened.
unsafe extern "C" fn release_callback<T: FileOps>(
    _inode: *mut bindings::inode,
    file: *mut bindings::file,
) -> c_int {
    // SAFETY: `file` is valid (VFS contract).
    let ptr = unsafe { bindings::rdtrace_shim_file_private(file) };
    // SAFETY: `ptr` came from `into_foreign` in `open_callback`, and release
    // runs once, after every other file operation has returned.
    drop(unsafe { Pin::<KBox<T>>::from_foreign(ptr) });
    0
}

/// # Safety
///
/// Called by the VFS with a valid `file` that `open_callback` opened.
unsafe extern "C" fn ioctl_callback<T: FileOps>(
    file: *mut bindings::file,
    cmd: c_uint,
    arg: c_ulong,
) -> c_long {
    // SAFETY: `file` is valid (VFS contract).
    let ptr: *const c_void = unsafe { bindings::rdtrace_shim_file_private(file) };
    // SAFETY: `ptr` came from `into_foreign` and stays valid until release,
    // which cannot run while this call holds the file.
    let state: Pin<&T> = unsafe { Pin::<KBox<T>>::borrow(ptr) };
    match state.ioctl(cmd, arg) {
        Ok(v) => v as c_long,
        Err(e) => e.to_errno() as c_long,
    }
}

/// # Safety
///
/// Called by the VFS with a valid `file` that `open_callback` opened.
unsafe extern "C" fn poll_callback<T: FileOps>(
    file: *mut bindings::file,
    table: *mut bindings::poll_table_struct,
) -> bindings::__poll_t {
    // SAFETY: `file` is valid (VFS contract).
    let ptr: *const c_void = unsafe { bindings::rdtrace_shim_file_private(file) };
    // SAFETY: as in `ioctl_callback`.
    let state: Pin<&T> = unsafe { Pin::<KBox<T>>::borrow(ptr) };
    state.poll(&PollTable { file, table })
}
