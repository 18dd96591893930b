//! `d_path(struct path *)`: a file's path, walked from its dentry up
//! through its mounts to the root of the mount tree, as the kernel's
//! `d_path()` builds it (`prepend_path` in fs/d_path.c), but without its
//! locks: every read is nofault and the walk is bounded, so a rename that
//! races it can give a stale name, never a hang or a fault of the
//! kernel's. An unlinked file ends in ` (deleted)`, as the kernel writes
//! it; a pseudo file whose name the kernel makes up (`d_dname`: pipes,
//! sockets, anonymous inodes) is `<unknown>`, as Oracle's DTrace gives.

use super::super::fault::FaultCode;
use super::{trap, Trap};

/// Where the walk's fields lie in the running kernel's structs (offsets
/// in bytes): the module's C shim fills it in from the kernel's headers,
/// `struct mount` being private to fs/.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PathLayout {
    /// `struct path`'s `mnt`.
    pub path_mnt: u32,
    /// `struct path`'s `dentry`.
    pub path_dentry: u32,
    /// `struct dentry`'s `d_parent`.
    pub dentry_parent: u32,
    /// `struct dentry`'s `d_name.len`.
    pub dentry_name_len: u32,
    /// `struct dentry`'s `d_name.name`.
    pub dentry_name: u32,
    /// `struct dentry`'s `d_hash.pprev` (NULL once unhashed).
    pub dentry_hash_pprev: u32,
    /// `struct dentry`'s `d_op`.
    pub dentry_op: u32,
    /// `struct dentry_operations`'s `d_dname`.
    pub op_dname: u32,
    /// `struct vfsmount`'s `mnt_root`.
    pub vfsmount_root: u32,
    /// `struct mount`'s `mnt` (the `struct vfsmount` in it).
    pub mount_vfsmount: u32,
    /// `struct mount`'s `mnt_parent`.
    pub mount_parent: u32,
    /// `struct mount`'s `mnt_mountpoint`.
    pub mount_mountpoint: u32,
}

/// The most dentries and mounts one walk visits: deeper than any path
/// that fits a D string, and a bound should the tree change under it.
pub const MAX_STEPS: usize = 256;

/// What a pseudo file's path reads as.
const UNKNOWN: &[u8] = b"<unknown>";
/// What follows an unlinked file's path.
const DELETED: &[u8] = b" (deleted)";

/// Writes the path of the `struct path` at `path` into the front of `out`
/// and returns its length, reading kernel memory through `read`. A path
/// longer than `out` is [`FaultCode::NoScratch`].
pub fn d_path(
    layout: &PathLayout,
    path: u64,
    out: &mut [u8],
    read: &mut impl FnMut(u64, &mut [u8]) -> Result<(), Trap>,
) -> Result<usize, Trap> {
    let mut dentry = word(read, path, layout.path_dentry)?;
    let mut vfsmount = word(read, path, layout.path_mnt)?;
    let ops = word(read, dentry, layout.dentry_op)?;
    if ops != 0 && word(read, ops, layout.op_dname)? != 0 {
        let room = out
            .get_mut(..UNKNOWN.len())
            .ok_or(trap(FaultCode::NoScratch))?;
        room.copy_from_slice(UNKNOWN);
        return Ok(UNKNOWN.len());
    }
    let mut text = Backwards::new(out);
    let parent = word(read, dentry, layout.dentry_parent)?;
    if word(read, dentry, layout.dentry_hash_pprev)? == 0 && parent != dentry {
        text.prepend(DELETED)?;
    }
    let suffix = text.len();
    let mut mount = vfsmount.wrapping_sub(u64::from(layout.mount_vfsmount));
    for _ in 0..MAX_STEPS {
        if dentry == word(read, vfsmount, layout.vfsmount_root)? {
            // At its mount's root: on to where the mount is mounted,
            // unless it is the tree's root (its own parent).
            let parent_mount = word(read, mount, layout.mount_parent)?;
            if parent_mount == mount {
                break;
            }
            dentry = word(read, mount, layout.mount_mountpoint)?;
            mount = parent_mount;
            vfsmount = mount.wrapping_add(u64::from(layout.mount_vfsmount));
            continue;
        }
        let parent = word(read, dentry, layout.dentry_parent)?;
        if parent == dentry {
            // The root of a tree no mount holds.
            break;
        }
        let len = word(read, dentry, layout.dentry_name_len)? as u32 as usize;
        let name = word(read, dentry, layout.dentry_name)?;
        text.prepend_read(name, len, read)?;
        text.prepend(b"/")?;
        dentry = parent;
    }
    if text.len() == suffix {
        text.prepend(b"/")?;
    }
    let (start, len) = (text.start, text.len());
    out.copy_within(start.., 0);
    Ok(len)
}

/// The 8 bytes at `addr + offset`, little-endian.
fn word(
    read: &mut impl FnMut(u64, &mut [u8]) -> Result<(), Trap>,
    addr: u64,
    offset: u32,
) -> Result<u64, Trap> {
    let mut bytes = [0u8; 8];
    read(addr.wrapping_add(u64::from(offset)), &mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The text written from the end of a buffer towards its front.
struct Backwards<'o> {
    out: &'o mut [u8],
    start: usize,
}

impl<'o> Backwards<'o> {
    fn new(out: &'o mut [u8]) -> Self {
        let start = out.len();
        Backwards { out, start }
    }

    fn len(&self) -> usize {
        self.out.len().saturating_sub(self.start)
    }

    /// Room for `n` more bytes before the text, or no scratch.
    fn claim(&mut self, n: usize) -> Result<&mut [u8], Trap> {
        let end = self.start;
        let at = end.checked_sub(n).ok_or(trap(FaultCode::NoScratch))?;
        self.start = at;
        self.out.get_mut(at..end).ok_or(trap(FaultCode::NoScratch))
    }

    fn prepend(&mut self, bytes: &[u8]) -> Result<(), Trap> {
        self.claim(bytes.len())?.copy_from_slice(bytes);
        Ok(())
    }

    /// `len` bytes of kernel memory at `addr` before the text.
    fn prepend_read(
        &mut self,
        addr: u64,
        len: usize,
        read: &mut impl FnMut(u64, &mut [u8]) -> Result<(), Trap>,
    ) -> Result<(), Trap> {
        read(addr, self.claim(len)?)
    }
}

#[cfg(test)]
#[path = "d_path_tests.rs"]
mod tests;
