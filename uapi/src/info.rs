//! The INFO ioctl's answer: the ABI version and facts about the running kernel.

/// Bits of [`Info::features`].
pub mod feature {
    /// Dynamic ftrace (patching `fentry` nops) is available.
    pub const FTRACE: u64 = 1 << 0;
    /// ftrace can call a direct trampoline (`register_ftrace_direct`).
    pub const FTRACE_DIRECT: u64 = 1 << 1;
    /// fprobe (entry and exit handlers over ftrace) is available.
    pub const FPROBE: u64 = 1 << 2;
    /// kprobes are available.
    pub const KPROBES: u64 = 1 << 3;
    /// kretprobes are available.
    pub const KRETPROBES: u64 = 1 << 4;
    /// kprobes at a function's start go through ftrace.
    pub const KPROBES_ON_FTRACE: u64 = 1 << 5;

    /// Every feature bit with its name, for printing.
    pub const NAMES: [(u64, &str); 6] = [
        (FTRACE, "ftrace"),
        (FTRACE_DIRECT, "ftrace-direct"),
        (FPROBE, "fprobe"),
        (KPROBES, "kprobes"),
        (KRETPROBES, "kretprobes"),
        (KPROBES_ON_FTRACE, "kprobes-on-ftrace"),
    ];
}

/// Length of [`Info::release`], as `struct new_utsname`'s fields.
pub const RELEASE_LEN: usize = 65;

/// The answer to [`crate::ioctl::RDTRACE_IOC_INFO`].
///
/// Every field is explicit, padding included, so the layout is the same in
/// Rust and C and no kernel byte leaks through implicit padding.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    /// [`crate::ABI_VERSION`] of the module.
    pub abi_version: u32,
    /// Online CPUs.
    pub online_cpus: u32,
    /// Possible CPUs (the size of per-CPU arrays).
    pub possible_cpus: u32,
    /// Explicit padding; always zero.
    pub _pad0: u32,
    /// [`feature`] bits.
    pub features: u64,
    /// Always 0 from INFO, which every open asks: the count is
    /// [`crate::ioctl::RDTRACE_IOC_FUNCTIONS`]'s, which walks ftrace's
    /// whole table.
    pub ftrace_functions: u64,
    /// The kernel release (`uname -r`), NUL-terminated.
    pub release: [u8; RELEASE_LEN],
    /// Explicit padding; always zero.
    pub _pad1: [u8; 7],
}

const _: () = assert!(core::mem::size_of::<Info>() == 104);
const _: () = assert!(core::mem::align_of::<Info>() == 8);

impl Default for Info {
    fn default() -> Self {
        Info {
            abi_version: 0,
            online_cpus: 0,
            possible_cpus: 0,
            _pad0: 0,
            features: 0,
            ftrace_functions: 0,
            release: [0; RELEASE_LEN],
            _pad1: [0; 7],
        }
    }
}

impl Info {
    /// The kernel release as text, up to its NUL.
    pub fn release_str(&self) -> &str {
        core::str::from_utf8(crate::until_nul(&self.release)).unwrap_or("?")
    }

    /// The struct's bytes, for copying to userspace.
    pub fn as_bytes(&self) -> [u8; core::mem::size_of::<Info>()] {
        let mut out = [0u8; core::mem::size_of::<Info>()];
        let mut put = |at: usize, bytes: &[u8]| out[at..at + bytes.len()].copy_from_slice(bytes);
        put(0, &self.abi_version.to_ne_bytes());
        put(4, &self.online_cpus.to_ne_bytes());
        put(8, &self.possible_cpus.to_ne_bytes());
        put(16, &self.features.to_ne_bytes());
        put(24, &self.ftrace_functions.to_ne_bytes());
        put(32, &self.release);
        out
    }

    /// Parses the bytes the kernel wrote.
    pub fn from_bytes(b: &[u8; core::mem::size_of::<Info>()]) -> Info {
        let u32_at = |at: usize| u32::from_ne_bytes(field(b, at));
        let u64_at = |at: usize| u64::from_ne_bytes(field(b, at));
        let mut release = [0u8; RELEASE_LEN];
        release.copy_from_slice(&b[32..32 + RELEASE_LEN]);
        Info {
            abi_version: u32_at(0),
            online_cpus: u32_at(4),
            possible_cpus: u32_at(8),
            _pad0: 0,
            features: u64_at(16),
            ftrace_functions: u64_at(24),
            release,
            _pad1: [0; 7],
        }
    }
}

/// `N` bytes of `b` from `at`; the callers' offsets are constants in range.
fn field<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[at..at + N]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let mut info = Info {
            abi_version: 1,
            online_cpus: 2,
            possible_cpus: 8,
            features: 0b101,
            ftrace_functions: 18_500,
            ..Info::default()
        };
        info.release[..7].copy_from_slice(b"6.12.57");
        let back = Info::from_bytes(&info.as_bytes());
        assert_eq!(back, info);
        assert_eq!(back.release_str(), "6.12.57");
    }
}
