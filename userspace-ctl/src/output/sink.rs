//! Where events go: DTrace's text ([`super::TextSink`]) or NDJSON
//! ([`super::JsonSink`]).

use super::event::Event;
use crate::error::Result;

/// An output sink.
pub trait Sink {
    /// Shows one event.
    fn event(&mut self, event: &Event<'_>) -> Result<()>;
    /// Flushes what was shown (before a `system()` command runs, say).
    fn flush(&mut self) -> Result<()>;
    /// `freopen(path)`: what follows is shown appended to `path`; `""`
    /// goes back to the original output.
    fn reopen(&mut self, path: &str) -> std::io::Result<()> {
        let _ = path;
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this output cannot be redirected",
        ))
    }
    /// `ftruncate()`: empties the output file, when it is one.
    fn truncate(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this output cannot be truncated",
        ))
    }
    /// Whether a firing with no data (an empty clause's record) shows
    /// anything: when not, the consumer counts it without building its
    /// event.
    fn shows_bare_firings(&self) -> bool {
        true
    }
}
