// SPDX-License-Identifier: GPL-2.0

//! `d_path()`'s view of this kernel's structs: the offsets
//! module/d_path_layout.c takes from the kernel's headers at build time.

use crate::bindings;
use crate::dif::interp::d_path::PathLayout;

/// The offsets `d_path()` walks by in this kernel.
pub(crate) fn path_layout() -> PathLayout {
    // SAFETY: a `const` the C side initialises at build time; nothing
    // writes it.
    let c = unsafe { bindings::rdtrace_path_layout };
    PathLayout {
        path_mnt: c.path_mnt,
        path_dentry: c.path_dentry,
        dentry_parent: c.dentry_parent,
        dentry_name_len: c.dentry_name_len,
        dentry_name: c.dentry_name,
        dentry_hash_pprev: c.dentry_hash_pprev,
        dentry_op: c.dentry_op,
        op_dname: c.op_dname,
        vfsmount_root: c.vfsmount_root,
        mount_vfsmount: c.mount_vfsmount,
        mount_parent: c.mount_parent,
        mount_mountpoint: c.mount_mountpoint,
    }
}
