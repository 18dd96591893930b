// SPDX-License-Identifier: GPL-2.0

//! The syscall provider's probe arguments. Its probes sit on the x86-64
//! wrappers `__x64_sys_NAME`, whose one argument is the user's registers:
//! on entry arg0..arg5 are the call's arguments read from them; on return,
//! as DTrace has it, arg0 and arg1 are both the return value.

use crate::bindings;

/// The arguments of a syscall entry probe: `hook_args` are the wrapper's
/// own (arg0 the `struct pt_regs *`). Unreadable registers read as zeros.
pub(crate) fn entry(hook_args: &[u64; 6]) -> [u64; 6] {
    let mut args = [0u64; 6];
    const _: () = assert!(bindings::RDTRACE_SYSCALL_NARGS == 6);
    // SAFETY: `args` has room for the 6 values written; the registers are
    // read with a nofault copy, so any address is safe to pass.
    unsafe { bindings::rdtrace_syscall_regs_args(hook_args[0] as _, args.as_mut_ptr()) };
    args
}

/// The arguments of a syscall return probe: `hook_args` are the return
/// hook's (arg1 the return value).
pub(crate) fn ret(hook_args: &[u64; 6]) -> [u64; 6] {
    [hook_args[1], hook_args[1], 0, 0, 0, 0]
}
