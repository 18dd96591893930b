//! rdtrace's control tool as a library: the CLI, the device client and the
//! printers. `main.rs` only calls [`cli::run`].

pub mod blobs;
pub mod cli;
pub mod compiler;
pub mod device;
pub mod error;
pub mod info;
pub mod program;
