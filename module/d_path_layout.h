/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RDTRACE_D_PATH_LAYOUT_H
#define RDTRACE_D_PATH_LAYOUT_H

#include <linux/types.h>

/* Where d_path() finds its fields, in bytes, field for field as
 * uapi/src/dif/interp/d_path.rs's PathLayout. */
struct rdtrace_path_layout {
	u32 path_mnt;
	u32 path_dentry;
	u32 dentry_parent;
	u32 dentry_name_len;
	u32 dentry_name;
	u32 dentry_hash_pprev;
	u32 dentry_op;
	u32 op_dname;
	u32 vfsmount_root;
	u32 mount_vfsmount;
	u32 mount_parent;
	u32 mount_mountpoint;
};

/* This kernel's layout, constant from build time. */
extern const struct rdtrace_path_layout rdtrace_path_layout;

#endif
