//! rdtrace's user/kernel ABI, shared by the kernel module and `rdtrace`.
//!
//! Everything here is `no_std` and free of the kernel crate: the module
//! compiles these very files (see `module/rdtrace.rs`), and userspace uses
//! them as the `rdtrace-uapi` crate. `rdtrace.h` mirrors the structs for C
//! consumers; a host test keeps the two in sync.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod aggs;
pub mod denylist;
pub mod dif;
pub mod enabling;
pub mod info;
pub mod ioctl;
pub mod load;
pub mod trace;
pub mod vars;

/// The ABI version. Bumped on any incompatible change to an ioctl, a struct
/// or the bytecode format; `rdtrace` refuses to talk to another version.
pub const ABI_VERSION: u32 = 2;

/// The bytes of a NUL-padded field up to its first NUL (all of it if none).
pub fn until_nul(field: &[u8]) -> &[u8] {
    match field.iter().position(|&b| b == 0) {
        Some(end) => field.get(..end).unwrap_or(field),
        None => field,
    }
}

/// The misc device's name, under `/dev`.
pub const DEVICE_NAME: &str = "rdtrace";
