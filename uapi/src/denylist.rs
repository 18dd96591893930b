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

/// Whether rdtrace refuses to probe the function `name`. ENABLE asks this
/// of every probe's name (~24,000 for `fbt:::entry`), so each list is
/// indexed by first byte, and `_nmi` is found by 4-byte words, not
/// `memcmp` calls.
pub fn is_denied(name: &str) -> bool {
    let name = name.as_bytes();
    let Some(&first) = name.first() else {
        return false;
    };
    // Every entry has four bytes: a name whose first four differ is not
    // compared further (a tenth of kernel functions start with `__`,
    // where ten entries do).
    let head = head(name);
    any_of(EXACT, EXACT_BY_FIRST[first as usize], |e| {
        head == self::head(e) && name == e
    }) || any_of(PREFIXES, PREFIXES_BY_FIRST[first as usize], |p| {
        head == self::head(p) && name.starts_with(p)
    }) || contains_nmi(name)
}

/// The first four bytes of `b` as a word, if it has four.
fn head(b: &[u8]) -> Option<u32> {
    b.first_chunk::<4>().map(|h| u32::from_le_bytes(*h))
}

/// Whether `_nmi` is in `name`, compared four bytes at a time. Only a
/// name not yet verified pays it (the ctl's function table keeps the
/// answer, the module's verified names skip it).
fn contains_nmi(name: &[u8]) -> bool {
    name.windows(4)
        .any(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) == NMI)
}

/// `_nmi` as the word [`contains_nmi`] compares with.
const NMI: u32 = u32::from_le_bytes(*b"_nmi");

/// Whether `test` holds for an entry of `list` whose bit is set in `mask`.
fn any_of(list: &[&str], mut mask: u64, test: impl Fn(&[u8]) -> bool) -> bool {
    while mask != 0 {
        let i = mask.trailing_zeros() as usize;
        mask &= mask.wrapping_sub(1);
        if list.get(i).is_some_and(|e| test(e.as_bytes())) {
            return true;
        }
    }
    false
}

/// Per first byte, the entries of `list` that start with it (bit i for
/// entry i).
const fn by_first_byte(list: &[&str]) -> [u64; 256] {
    assert!(list.len() <= 64, "one bit per entry");
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < list.len() {
        table[list[i].as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    table
}

static EXACT_BY_FIRST: [u64; 256] = by_first_byte(EXACT);
static PREFIXES_BY_FIRST: [u64; 256] = by_first_byte(PREFIXES);

#[cfg(test)]
mod tests {
    use super::{is_denied, EXACT, PREFIXES};
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec;

    /// The lists as written, searched one entry after another.
    fn is_denied_plainly(name: &str) -> bool {
        EXACT.contains(&name)
            || PREFIXES.iter().any(|p| name.starts_with(p))
            || name.contains("_nmi")
    }

    #[test]
    fn indexed_lists_agree_with_plain_search() {
        let mut names = vec![
            String::new(),
            "_".into(),
            "_nm".into(),
            "x_nmi".into(),
            "_nmi".into(),
            "a_nmix".into(),
            "__nm_nmj_nm".into(),
            "^^^^^^^_nmi".into(),
        ];
        // `_nmi` and near misses at every place across two words.
        for at in 0..20 {
            for word in ["_nmi", "_nmj", "_nm", "__nmi"] {
                names.push(format!("{}{word}{}", "x".repeat(at), "y".repeat(at % 5)));
            }
        }
        for e in EXACT.iter().chain(PREFIXES) {
            // The entry, its every prefix, and it with a byte added or
            // changed at either end.
            for end in 0..=e.len() {
                names.push(e[..end].to_string());
            }
            names.push(format!("{e}x"));
            names.push(format!("x{e}"));
            names.push(format!("{}y", &e[..e.len() - 1]));
        }
        for name in &names {
            assert_eq!(is_denied(name), is_denied_plainly(name), "{name:?}");
        }
    }

    #[test]
    fn every_entry_has_the_four_bytes_compared_first() {
        for e in EXACT.iter().chain(PREFIXES) {
            assert!(e.len() >= 4, "{e}");
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
