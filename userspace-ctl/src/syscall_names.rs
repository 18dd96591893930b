//! The syscall provider's names: every 64-bit system call has an x86-64
//! wrapper `__x64_sys_NAME` in ftrace's function list, and its probes are
//! `syscall::NAME:entry` and `syscall::NAME:return` (DTrace's syscall
//! provider has no module). The compat wrappers (`__ia32_sys_*`,
//! `__x64_compat_sys_*`) serve 32-bit callers and make no probes.

use rdtrace_uapi::trace::{SYSCALL_ALIAS_PREFIX, SYSCALL_WRAPPER_PREFIX};

/// The system call whose wrapper is the function `function` of `module`
/// (`None`: the kernel itself), if it is one.
pub fn syscall_name<'a>(function: &'a str, module: Option<&str>) -> Option<&'a str> {
    if module.is_some() {
        return None;
    }
    function
        .strip_prefix(SYSCALL_WRAPPER_PREFIX)
        .filter(|name| !name.is_empty())
}

/// The system call a `__do_sys_NAME` function of the kernel may be: the
/// call's wrapper when it takes no arguments (`SYSCALL_DEFINE0` makes
/// `__x64_sys_NAME` an alias of it, and ftrace lists it under this name).
/// Only a call without a `__x64_sys_NAME` wrapper of its own is one.
pub fn syscall_alias_name<'a>(function: &'a str, module: Option<&str>) -> Option<&'a str> {
    if module.is_some() {
        return None;
    }
    function
        .strip_prefix(SYSCALL_ALIAS_PREFIX)
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kernels_x64_wrappers_name_system_calls() {
        assert_eq!(syscall_name("__x64_sys_openat", None), Some("openat"));
        assert_eq!(
            syscall_name("__x64_sys_rt_sigreturn", None),
            Some("rt_sigreturn")
        );
        for f in [
            "__ia32_sys_openat",
            "__x64_compat_sys_openat",
            "__ia32_compat_sys_openat",
            "__do_sys_openat",
            "__se_sys_openat",
            "do_sys_openat2",
            "__x64_sys_",
            "ksys_read",
        ] {
            assert_eq!(syscall_name(f, None), None, "{f}");
        }
        assert_eq!(syscall_name("__x64_sys_openat", Some("m")), None);
    }

    #[test]
    fn do_sys_functions_are_candidate_aliases() {
        assert_eq!(
            syscall_alias_name("__do_sys_getppid", None),
            Some("getppid")
        );
        assert_eq!(syscall_alias_name("__do_sys_", None), None);
        assert_eq!(syscall_alias_name("__do_sys_getppid", Some("m")), None);
        assert_eq!(syscall_alias_name("__x64_sys_getppid", None), None);
    }
}
