//! The records the consumer carries out rather than shows: `system()`
//! runs its command, `freopen()` sends what follows to a file,
//! `ftruncate()` empties the output file.

use crate::compiler::ir::Command;
use crate::consumer::ClausePlan;
use crate::error::Result;
use crate::output::event::{ErrorEvent, Event};
use crate::output::Sink;
use crate::records::{Item, Record};
use rdtrace_uapi::trace::ProbeSpec;

/// Carries out a command record of `rec`: runs `system()`'s command,
/// sends the output to `freopen()`'s file (a file that cannot be opened
/// is DTrace's library error, and the output stays where it was), or
/// empties the output file.
pub fn run(
    item: &Item,
    plan: &ClausePlan,
    rec: &Record,
    spec: &ProbeSpec,
    out: &mut dyn Sink,
) -> Result<()> {
    let Item::Printf { fmt, args } = item else {
        return Ok(());
    };
    let Some(f) = plan.formats.get(fmt) else {
        return Ok(());
    };
    let text = crate::printf::format(f, args);
    match plan.commands.get(fmt) {
        Some(Command::System) => return crate::system::run(&text),
        // As DTrace, whatever the output is: a failure is not reported.
        Some(Command::Ftruncate) => {
            let _ = out.truncate();
            return Ok(());
        }
        Some(Command::Freopen) => {}
        None => return Ok(()),
    }
    match out.reopen(&text) {
        Ok(()) => Ok(()),
        Err(e) => out.event(&Event::Error(ErrorEvent::Library {
            spec: Some(spec),
            cpu: rec.cpu,
            epid: rec.epid,
            message: format!("couldn't freopen() \"{text}\": {}", os_words(&e)),
        })),
    }
}

/// An I/O error as `strerror` words it, without Rust's "(os error N)".
fn os_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
