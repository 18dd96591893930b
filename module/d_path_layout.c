// SPDX-License-Identifier: GPL-2.0
/*
 * The offsets d_path() walks by, for module/d_path_layout.rs: taken from
 * the kernel's own headers at build time, so that the walk in probe
 * context needs no BTF. struct mount is private to fs/ (Kbuild adds
 * -I$(srctree)/fs for this file).
 */
#include <linux/dcache.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/stddef.h>
#include "mount.h"
#include "d_path_layout.h"

const struct rdtrace_path_layout rdtrace_path_layout = {
	.path_mnt = offsetof(struct path, mnt),
	.path_dentry = offsetof(struct path, dentry),
	.dentry_parent = offsetof(struct dentry, d_parent),
	.dentry_name_len = offsetof(struct dentry, d_name.len),
	.dentry_name = offsetof(struct dentry, d_name.name),
	.dentry_hash_pprev = offsetof(struct dentry, d_hash.pprev),
	.dentry_op = offsetof(struct dentry, d_op),
	.op_dname = offsetof(struct dentry_operations, d_dname),
	.vfsmount_root = offsetof(struct vfsmount, mnt_root),
	.mount_vfsmount = offsetof(struct mount, mnt),
	.mount_parent = offsetof(struct mount, mnt_parent),
	.mount_mountpoint = offsetof(struct mount, mnt_mountpoint),
};
