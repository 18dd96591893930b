//! ioctl request numbers, encoded as the kernel's `_IOR`/`_IOW` macros do
//! (x86 and the generic layout: 2 direction bits, 14 size bits, 8 type bits,
//! 8 number bits).

use crate::info::Info;
use crate::load::LoadArgs;
use crate::trace::{EnableArgs, ReadArgs, StatusArgs};

const NRBITS: u32 = 8;
const TYPEBITS: u32 = 8;
const SIZEBITS: u32 = 14;
const NRSHIFT: u32 = 0;
const TYPESHIFT: u32 = NRSHIFT + NRBITS;
const SIZESHIFT: u32 = TYPESHIFT + TYPEBITS;
const DIRSHIFT: u32 = SIZESHIFT + SIZEBITS;

/// No data transfer.
pub const IOC_NONE: u32 = 0;
/// Userspace writes, the kernel reads.
pub const IOC_WRITE: u32 = 1;
/// The kernel writes, userspace reads.
pub const IOC_READ: u32 = 2;

/// rdtrace's ioctl type byte.
pub const IOC_MAGIC: u8 = b'R';

/// `_IOC(dir, type, nr, size)`; sizes above 14 bits fail to compile.
pub const fn ioc(dir: u32, ty: u8, nr: u8, size: usize) -> u32 {
    assert!(size < (1 << SIZEBITS), "ioctl argument too large");
    (dir << DIRSHIFT)
        | ((size as u32) << SIZESHIFT)
        | ((ty as u32) << TYPESHIFT)
        | ((nr as u32) << NRSHIFT)
}

/// `_IOR(IOC_MAGIC, nr, T)`.
pub const fn ior<T>(nr: u8) -> u32 {
    ioc(IOC_READ, IOC_MAGIC, nr, core::mem::size_of::<T>())
}

/// `_IOW(IOC_MAGIC, nr, T)`.
pub const fn iow<T>(nr: u8) -> u32 {
    ioc(IOC_WRITE, IOC_MAGIC, nr, core::mem::size_of::<T>())
}

/// `_IOWR(IOC_MAGIC, nr, T)`.
pub const fn iowr<T>(nr: u8) -> u32 {
    ioc(
        IOC_READ | IOC_WRITE,
        IOC_MAGIC,
        nr,
        core::mem::size_of::<T>(),
    )
}

/// Reads the module's ABI version and facts into an [`Info`]; cheap, as
/// every open does it (its `ftrace_functions` is 0: see
/// [`RDTRACE_IOC_FUNCTIONS`]).
pub const RDTRACE_IOC_INFO: u32 = ior::<Info>(0x01);

/// Verifies (and optionally test-runs) a program; see [`crate::load`].
pub const RDTRACE_IOC_LOAD: u32 = iowr::<LoadArgs>(0x02);

/// Verifies clauses and prepares probes and buffers; see [`crate::trace`].
pub const RDTRACE_IOC_ENABLE: u32 = iowr::<EnableArgs>(0x03);

/// Starts firing the enabled probes (and BEGIN).
pub const RDTRACE_IOC_GO: u32 = ioc(IOC_NONE, IOC_MAGIC, 0x04, 0);

/// Stops firing (and fires END); records stay readable.
pub const RDTRACE_IOC_STOP: u32 = ioc(IOC_NONE, IOC_MAGIC, 0x05, 0);

/// Copies one CPU's pending records.
pub const RDTRACE_IOC_READ: u32 = iowr::<ReadArgs>(0x06);

/// Copies one CPU's aggregations (see [`crate::aggs::snapshot`]);
/// `ReadArgs::len` should be [`crate::aggs::AGG_BYTES_PER_CPU`].
pub const RDTRACE_IOC_AGGSNAP: u32 = iowr::<ReadArgs>(0x08);

/// Reports the state and per-CPU counters.
pub const RDTRACE_IOC_STATUS: u32 = ior::<StatusArgs>(0x07);

/// Claims the anonymous session (the module's `anonymous` parameter) for
/// this file, which must have no session: from then on it is this file's,
/// running. `ReadArgs::copied` is set to the size of its enabling
/// ([`crate::enabling`]), whose bytes are copied to `buf` when `len` holds
/// them; calling again on the claiming file copies them again. ENOENT
/// when there is no anonymous session (or another file claimed it).
pub const RDTRACE_IOC_CLAIM: u32 = iowr::<ReadArgs>(0x09);

/// Counts the functions ftrace can trace (the lines of
/// `available_filter_functions`) into a `u64`: a match of every ftrace
/// record, half a second under TCG, so only `rdtrace info` asks.
pub const RDTRACE_IOC_FUNCTIONS: u32 = ior::<u64>(0x0a);

/// The direction bits of a request number.
pub const fn dir_of(cmd: u32) -> u32 {
    cmd >> DIRSHIFT
}

/// The argument size encoded in a request number.
pub const fn size_of_cmd(cmd: u32) -> usize {
    ((cmd >> SIZESHIFT) & ((1 << SIZEBITS) - 1)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_kernel_encoding() {
        // _IOR('R', 1, 8-byte struct) computed by hand: dir 2, size 8.
        assert_eq!(ioc(IOC_READ, b'R', 1, 8), 0x8008_5201);
        assert_eq!(ioc(IOC_WRITE, b'R', 2, 16), 0x4010_5202);
        assert_eq!(dir_of(RDTRACE_IOC_INFO), IOC_READ);
        assert_eq!(size_of_cmd(RDTRACE_IOC_INFO), core::mem::size_of::<Info>());
    }
}
