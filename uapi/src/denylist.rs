//! Functions rdtrace refuses to probe: those on its own probe path, and
//! those whose probing could recurse or run where a handler must not. The
//! kernel enforces this list at ENABLE; `rdtrace -l` leaves these out.

/// Exact names.
const EXACT: &[&str] = &[
    // The memory, clock and identity routines a handler calls.
    "copy_from_kernel_nofault",
    "copy_from_kernel_nofault_allowed",
    "copy_from_user_nofault",
    "ktime_get_mono_fast_ns",
    "ktime_get_real_fast_ns",
    "from_kuid_munged",
    "from_kgid_munged",
    "map_id_up",
    "__task_pid_nr_ns",
    // Stack capture and the unwinder.
    "stack_trace_save",
    "arch_stack_walk",
    "kernel_text_address",
    "__kernel_text_address",
    "core_kernel_text",
    "is_module_text_address",
    "__module_text_address",
    "__module_address",
    "is_ftrace_trampoline",
    "is_bpf_text_address",
    "get_stack_info",
    // Preemption and interrupt-state bookkeeping around every handler.
    "preempt_count_add",
    "preempt_count_sub",
    "trace_hardirqs_on",
    "trace_hardirqs_off",
    "in_lock_functions",
];

/// Name prefixes: whole subsystems the probe path runs through.
const PREFIXES: &[&str] = &[
    "ftrace_", // ftrace itself
    "__ftrace_",
    "function_trace_",
    "fprobe", // return probes
    "rethook",
    "__rethook",
    "arch_rethook",
    "kprobe", // kprobes share the int3 and ftrace paths
    "__kprobe",
    "rcu_", // RCU and lockdep internals
    "__rcu_",
    "lock_acquire",
    "lock_release",
    "lock_is_held",
    "lockdep_",
    "__lockdep_",
    "unwind_", // the unwinder
    "__unwind_",
    "exc_", // exception and NMI entry
    "do_int3",
    "irqentry_",
    "nmi_",
    "default_do_nmi",
    "rdtrace", // rdtrace's own C code
];

/// Whether rdtrace refuses to probe the function `name`.
pub fn is_denied(name: &str) -> bool {
    let name = name.as_bytes();
    // Bytes, not `str::contains`: its searcher brings a panic path objtool
    // does not know into the kernel build.
    EXACT.iter().any(|e| e.as_bytes() == name)
        || PREFIXES.iter().any(|p| starts_with(name, p.as_bytes()))
        // The first byte first: a 4-byte compare is a `memcmp` call.
        || name.windows(4).any(|w| w[0] == b'_' && w == b"_nmi")
}

/// `name.starts_with(prefix)`, the first bytes compared first: most
/// names differ from a prefix there, where `starts_with`'s `memcmp` call
/// cost more than the comparison (ENABLE checks every probe's name,
/// ~24,000 of them for `fbt:::entry`).
fn starts_with(name: &[u8], prefix: &[u8]) -> bool {
    match (name.first(), prefix.first()) {
        (Some(a), Some(b)) if a != b => false,
        _ => name.starts_with(prefix),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_denied, starts_with};

    #[test]
    fn starts_with_agrees_with_str() {
        let names = [
            "",
            "r",
            "rcu",
            "rcu_",
            "rcu_read_lock",
            "rdtrace",
            "rdtrac",
            "xrcu_",
            "kprobe",
        ];
        for name in names {
            for prefix in names {
                assert_eq!(
                    starts_with(name.as_bytes(), prefix.as_bytes()),
                    name.starts_with(prefix),
                    "{name:?} {prefix:?}"
                );
            }
        }
    }

    #[test]
    fn prefixes_and_names_near_them() {
        assert!(is_denied("rcu_"));
        assert!(is_denied("kprobe_busy_begin"));
        assert!(!is_denied("rcu"));
        assert!(!is_denied("krcu_x"));
        assert!(!is_denied("ktime_get_mono_fast_n"));
        assert!(is_denied("ktime_get_mono_fast_ns"));
    }

    #[test]
    fn denies_the_probe_path_and_allows_the_rest() {
        for name in [
            "copy_from_kernel_nofault",
            "ftrace_ops_list_func",
            "rcu_note_context_switch",
            "exc_int3",
            "do_nmi",
            "rdtrace_hook_hit",
        ] {
            assert!(is_denied(name), "{name}");
        }
        for name in ["vfs_read", "ksys_read", "do_sys_open", "schedule"] {
            assert!(!is_denied(name), "{name}");
        }
    }
}
