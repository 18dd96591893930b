//! `system()`: the destructive action the consumer carries out, as
//! DTrace's does — the formatted command runs through `sh -c`, with the
//! tracer's output flushed first so the two stay in order.

use crate::error::{Error, Result};
use std::process::Command;

/// Runs `command` with `sh -c` and waits for it; its status is not ours.
pub fn run(command: &str) -> Result<()> {
    Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .status()
        .map(|_| ())
        .map_err(|source| Error::Io {
            what: format!("running system(\"{}\")", command.escape_default()),
            source,
        })
}
