//! `rdtrace trace-dif` (hidden, for tests): enables clauses whose programs
//! are DIF files (assembly or blobs) instead of D, so that kernel features
//! can be tested before the compiler emits them:
//!
//! ```text
//! rdtrace trace-dif [-q] [-x OPT=VAL]... [-c CMD] 'DESC;ACTIONS.s' 'DESC;PREDICATE.s;ACTIONS.s' ...
//! ```
//!
//! Each clause is a probe description and one or two program files joined
//! by `;`. printf formats are the string table's strings: the assembler
//! gives a printf the offset of its format as format id. Tracing ends as
//! with `-n`: `exit()`, Ctrl-C, or the end of CMD.

use crate::compiler::Format;
use crate::consumer::{interrupt_flag, ClausePlan, Session};
use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::output::TextSink;
use crate::probes::{parse_desc, Catalog};
use crate::program;
use crate::settings::Settings;
use crate::target::Target;
use rdtrace_uapi::dif::program::Program;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

/// What `trace-dif` was asked.
#[derive(Debug, Default)]
pub struct DifRequest {
    /// `DESC;[PREDICATE;]ACTIONS` per clause.
    pub clauses: Vec<String>,
    /// `-x` settings.
    pub settings: Vec<String>,
    /// `-q`.
    pub quiet: bool,
    /// `-c`.
    pub command: Option<String>,
}

/// The program's strings as formats, by string-table offset (a string
/// that does not parse as a format prints as itself).
fn formats(blob: &[u8]) -> HashMap<u32, Format> {
    let Ok(prog) = Program::parse(blob) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    let mut at = 0u32;
    for s in prog.strtab().split(|&b| b == 0) {
        out.insert(at, Format::parse_or_literal(&String::from_utf8_lossy(s)));
        at += s.len() as u32 + 1;
    }
    out
}

fn clause_plan(text: &str, catalog: &Catalog) -> Result<ClausePlan> {
    let parts: Vec<&str> = text.split(';').collect();
    let (desc, predicate, actions) = match parts.as_slice() {
        [d, a] => (d, None, a),
        [d, p, a] => (d, Some(p), a),
        _ => {
            return Err(Error::Usage(format!(
                "bad clause {text:?}: expected DESC;ACTIONS.s or DESC;PREDICATE.s;ACTIONS.s"
            )))
        }
    };
    let probes: Vec<_> = catalog
        .matching(&parse_desc(desc))?
        .into_iter()
        .cloned()
        .collect();
    if probes.is_empty() {
        return Err(Error::Usage(format!(
            "probe description {desc} matched no probe"
        )));
    }
    let actions = program::read(Path::new(actions))?;
    let predicate = predicate.map(|p| program::read(Path::new(p))).transpose()?;
    Ok(ClausePlan {
        formats: formats(&actions),
        predicate,
        actions,
        probes,
        silent: false,
        ..ClausePlan::default()
    })
}

/// Runs the request.
pub fn run(req: &DifRequest, paths: &Paths) -> Result<ExitCode> {
    let mut settings = Settings::default();
    for s in &req.settings {
        settings.set_x(s).map_err(|error| Error::BadOption {
            setting: format!("-x {s}"),
            error,
        })?;
    }
    let opts = settings.consumer();
    let dev = Device::open(paths)?;
    let catalog = Catalog::load()?;
    let plans = req
        .clauses
        .iter()
        .map(|c| clause_plan(c, &catalog))
        .collect::<Result<Vec<_>>>()?;
    let mut target = req.command.as_deref().map(Target::spawn).transpose()?;
    let mut session = Session::enable(&dev, plans, &opts)?;
    let interrupted = interrupt_flag();
    let mut out = TextSink::new(
        Box::new(std::io::stdout()),
        Box::new(std::io::stderr()),
        req.quiet,
        false,
    );
    let ending = session.run(&opts, &mut out, || {
        if let Some(t) = target.as_mut() {
            t.release();
            if t.exited().is_some() {
                return true;
            }
        }
        interrupted.load(Ordering::Relaxed)
    })?;
    Ok(ending.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdtrace_uapi::dif::asm::assemble;

    #[test]
    fn formats_are_keyed_by_string_offset() {
        let blob = assemble(
            ".string \"a\"\nlds r1, \"%d\\n\"\nmovi r0, 0\nprintf \"%d %s\\n\", r0:1\nret r0\n",
        )
        .unwrap();
        let f = formats(&blob);
        assert_eq!(f.get(&0).map(|f| f.text.as_str()), Some("a"));
        assert_eq!(f.get(&2).map(|f| f.text.as_str()), Some("%d\n"));
        assert_eq!(f.get(&6).map(|f| f.text.as_str()), Some("%d %s\n"));
    }
}
