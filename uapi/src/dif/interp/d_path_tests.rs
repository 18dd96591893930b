//! The walk over a made-up kernel: a root mount, a mount on /tmp,
//! names, an unlinked file and a pseudo file.

#![allow(clippy::arithmetic_side_effects)]

extern crate std;

use super::*;
use std::collections::HashMap;
use std::string::String;
use std::vec;

const LAYOUT: PathLayout = PathLayout {
    path_mnt: 0,
    path_dentry: 8,
    dentry_parent: 0,
    dentry_name_len: 8,
    dentry_name: 16,
    dentry_hash_pprev: 24,
    dentry_op: 32,
    op_dname: 8,
    vfsmount_root: 0,
    mount_vfsmount: 16,
    mount_parent: 0,
    mount_mountpoint: 8,
};

/// Kernel memory: words and name bytes at made-up addresses.
#[derive(Default)]
struct Kernel {
    bytes: HashMap<u64, u8>,
    next: u64,
}

impl Kernel {
    /// A fresh page for an object of at most a page.
    fn alloc(&mut self) -> u64 {
        self.next += 0x1000;
        self.next
    }
    fn put(&mut self, addr: u64, word: u64) {
        for (i, b) in word.to_le_bytes().into_iter().enumerate() {
            self.bytes.insert(addr + i as u64, b);
        }
    }
    fn text(&mut self, s: &str) -> u64 {
        let at = self.alloc();
        for (i, b) in s.bytes().enumerate() {
            self.bytes.insert(at + i as u64, b);
        }
        at
    }
    /// A hashed dentry named `name` under `parent` (itself when 0).
    fn dentry(&mut self, name: &str, parent: u64) -> u64 {
        let d = self.alloc();
        let name_at = self.text(name);
        self.put(d, if parent == 0 { d } else { parent });
        self.put(d + 8, name.len() as u64);
        self.put(d + 16, name_at);
        self.put(d + 24, 0xdead_0000);
        self.put(d + 32, 0);
        d
    }
    /// A mount of the tree at `root` on `mountpoint` of `parent` (its own
    /// parent when 0): its `struct vfsmount`'s address.
    fn mount(&mut self, root: u64, parent: u64, mountpoint: u64) -> u64 {
        let m = self.alloc();
        self.put(m, if parent == 0 { m } else { parent - 16 });
        self.put(m + 8, mountpoint);
        self.put(m + 16, root);
        m + 16
    }
    fn path(&mut self, vfsmount: u64, dentry: u64) -> u64 {
        let p = self.alloc();
        self.put(p, vfsmount);
        self.put(p + 8, dentry);
        p
    }
    fn walk(&self, path: u64, room: usize) -> Result<String, Trap> {
        let mut out = vec![0u8; room];
        let mut read = |addr: u64, out: &mut [u8]| {
            for (i, b) in out.iter_mut().enumerate() {
                let at = addr + i as u64;
                *b = *self.bytes.get(&at).ok_or((FaultCode::BadAddr, at))?;
            }
            Ok(())
        };
        let n = d_path(&LAYOUT, path, &mut out, &mut read)?;
        Ok(String::from_utf8(out[..n].to_vec()).unwrap())
    }
}

/// The made-up kernel: `/etc/passwd` on the root mount, `/tmp/x` on a
/// mount at `/tmp`; returns the mounts and the dentries by name.
fn tree() -> (Kernel, u64, u64, HashMap<&'static str, u64>) {
    let mut k = Kernel::default();
    let root = k.dentry("/", 0);
    let etc = k.dentry("etc", root);
    let passwd = k.dentry("passwd", etc);
    let tmp = k.dentry("tmp", root);
    let rootfs = k.mount(root, 0, root);
    let tmp_root = k.dentry("/", 0);
    let x = k.dentry("x", tmp_root);
    let tmpfs = k.mount(tmp_root, rootfs, tmp);
    let names = HashMap::from([
        ("root", root),
        ("etc", etc),
        ("passwd", passwd),
        ("tmp", tmp),
        ("tmp_root", tmp_root),
        ("x", x),
    ]);
    (k, rootfs, tmpfs, names)
}

#[test]
fn a_path_is_its_names_from_the_root() {
    let (mut k, rootfs, _, d) = tree();
    let p = k.path(rootfs, d["passwd"]);
    assert_eq!(k.walk(p, 256).unwrap(), "/etc/passwd");
    let p = k.path(rootfs, d["etc"]);
    assert_eq!(k.walk(p, 256).unwrap(), "/etc");
}

#[test]
fn the_root_is_a_slash() {
    let (mut k, rootfs, tmpfs, d) = tree();
    let p = k.path(rootfs, d["root"]);
    assert_eq!(k.walk(p, 256).unwrap(), "/");
    // A mount's root is where it is mounted.
    let p = k.path(tmpfs, d["tmp_root"]);
    assert_eq!(k.walk(p, 256).unwrap(), "/tmp");
}

#[test]
fn a_walk_crosses_into_the_mount_above() {
    let (mut k, _, tmpfs, d) = tree();
    let p = k.path(tmpfs, d["x"]);
    assert_eq!(k.walk(p, 256).unwrap(), "/tmp/x");
}

#[test]
fn an_unlinked_file_is_deleted() {
    let (mut k, rootfs, _, d) = tree();
    let gone = k.dentry("old", d["etc"]);
    k.put(gone + 24, 0);
    let p = k.path(rootfs, gone);
    assert_eq!(k.walk(p, 256).unwrap(), "/etc/old (deleted)");
}

#[test]
fn a_pseudo_file_is_unknown() {
    let (mut k, rootfs, _, _) = tree();
    let pipe = k.dentry("", 0);
    let ops = k.alloc();
    k.put(ops + 8, 0xffff_ffff_8100_0000);
    k.put(pipe + 32, ops);
    let p = k.path(rootfs, pipe);
    assert_eq!(k.walk(p, 256).unwrap(), "<unknown>");
}

#[test]
fn a_tree_no_mount_holds_ends_at_its_root() {
    let (mut k, rootfs, _, _) = tree();
    let loose = k.dentry("loose", 0);
    let child = k.dentry("child", loose);
    let p = k.path(rootfs, child);
    assert_eq!(k.walk(p, 256).unwrap(), "/child");
}

#[test]
fn a_path_longer_than_its_room_is_no_scratch() {
    let (mut k, rootfs, _, d) = tree();
    let p = k.path(rootfs, d["passwd"]);
    assert_eq!(k.walk(p, 11).unwrap(), "/etc/passwd");
    assert_eq!(k.walk(p, 10).unwrap_err().0, FaultCode::NoScratch);
}

#[test]
fn a_bad_pointer_faults_at_its_address() {
    let k = Kernel::default();
    assert_eq!(
        k.walk(0x18, 256).unwrap_err(),
        (FaultCode::BadAddr, 0x18 + 8)
    );
}

#[test]
fn a_cycle_ends_within_the_bound() {
    let (mut k, rootfs, _, _) = tree();
    let a = k.dentry("a", 0);
    let b = k.dentry("b", a);
    k.put(a, b);
    let p = k.path(rootfs, b);
    // Each name costs two bytes: the bound stops the walk first.
    let text = k.walk(p, 4 * MAX_STEPS).unwrap();
    assert_eq!(text.len(), 2 * MAX_STEPS);
}
