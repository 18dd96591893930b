//! Output: the typed events the consumer decodes from the kernel's records
//! and counters ([`event`]), and the sinks that show them: DTrace's text
//! ([`TextSink`]) and NDJSON ([`JsonSink`], `--format json`).

pub mod buckets;
pub mod decode;
pub mod event;
pub mod fault;
pub mod json;
pub mod json_agg;
pub mod json_state;
pub mod print_type;
pub mod probe;
pub mod rawbytes;
pub mod reopen;
pub mod sink;
pub mod status;
#[cfg(test)]
mod testing;
pub mod text;
pub mod validate;

pub use event::{Datum, Event, Printout};
pub use fault::{fault_text, FaultReport};
pub use json::JsonSink;
pub use sink::Sink;
pub use text::TextSink;

/// How events are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// DTrace's text.
    #[default]
    Text,
    /// NDJSON.
    Json,
}

/// The sink for `format`, writing to `out`, whose file `ftruncate()` may
/// empty through `fd` (drops and errors in text to stderr).
pub fn sink(
    format: Format,
    out: Box<dyn std::io::Write>,
    fd: Option<std::os::fd::RawFd>,
    quiet: bool,
    flowindent: bool,
) -> Box<dyn Sink> {
    match format {
        Format::Text => Box::new(
            TextSink::new(out, Box::new(std::io::stderr()), quiet, flowindent).with_output_fd(fd),
        ),
        Format::Json => Box::new(JsonSink::new(out).with_output_fd(fd)),
    }
}

#[cfg(test)]
mod json_tests;
