//! rdtrace's control tool as a library: the CLI, the device client and the
//! printers. `main.rs` only calls [`cli::run`].

pub mod blobs;
pub mod cli;
pub mod compiler;
pub mod consumer;
pub mod device;
pub mod dif_trace;
pub mod error;
pub mod info;
pub mod options;
pub mod output;
pub mod printf;
pub mod probes;
pub mod profile_names;
pub mod program;
pub mod records;
pub mod target;
pub mod trace_cmd;
