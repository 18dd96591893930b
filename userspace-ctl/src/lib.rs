//! rdtrace's control tool as a library: the CLI, the device client and the
//! printers. `main.rs` only calls [`cli::run`].

pub mod agg_print;
pub mod anonymous;
pub mod blobs;
pub mod cli;
pub mod compiler;
pub mod consumer;
pub mod cpp;
pub mod decode_cmd;
pub mod device;
pub mod dif_trace;
pub mod docs;
pub mod enabling_file;
pub mod error;
pub mod flow;
pub mod folded;
pub mod info;
pub mod kprobe_names;
pub mod ksyms;
pub mod option_table;
pub mod output;
pub mod printf;
pub mod probes;
pub mod profile_names;
pub mod program;
pub mod records;
pub mod settings;
pub mod spec_drops;
pub mod stability;
pub mod stacks;
pub mod syscall_names;
pub mod system;
pub mod target;
pub mod trace_cmd;
pub mod tracepoints;
