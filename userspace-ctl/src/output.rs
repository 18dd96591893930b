//! Printing records: dtrace's `CPU ID FUNCTION:NAME` columns (unless
//! quiet), then the clause's output; faults as dtrace words them.
//!
//! As dtrace(1): a firing's line is `%3d %6d %32s ` then its records, and
//! a newline after the last one unless quiet (so `printf("x\n")` leaves a
//! blank line); `trace()` prints an integer right-aligned in 20 columns
//! and a string as `  %-33s`, both bare when quiet; and the output ends
//! with one more newline when tracing stops, quiet or not.

use crate::error::{Error, Result};
use crate::printf;
use crate::records::{Item, Record, Value};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::trace::{ProbeSpec, PROBE_BEGIN, PROBE_END, PROBE_ENTRY};
use std::collections::HashMap;
use std::io::Write;

/// Where records go, and how.
pub struct Printer {
    out: Box<dyn Write>,
    quiet: bool,
    header_done: bool,
}

fn cstr(b: &[u8]) -> String {
    String::from_utf8_lossy(rdtrace_uapi::until_nul(b)).into_owned()
}

fn probe_name(spec: &ProbeSpec) -> (String, &'static str) {
    let name = match spec.kind {
        PROBE_ENTRY => "entry",
        PROBE_BEGIN => "BEGIN",
        PROBE_END => "END",
        _ => "return",
    };
    (cstr(&spec.function), name)
}

fn io_err(source: std::io::Error) -> Error {
    Error::Io {
        what: "writing output".into(),
        source,
    }
}

impl Printer {
    /// A printer to `out`; `quiet` drops the probe columns (`-q`).
    pub fn new(out: Box<dyn Write>, quiet: bool) -> Printer {
        Printer {
            out,
            quiet,
            header_done: false,
        }
    }

    /// One record of `spec`'s clause.
    pub fn record(
        &mut self,
        rec: &Record,
        spec: &ProbeSpec,
        formats: &HashMap<u32, String>,
    ) -> Result<()> {
        let mut text = String::new();
        for item in &rec.items {
            match item {
                Item::Trace(Value::Int(n)) if self.quiet => text.push_str(&(*n as i64).to_string()),
                Item::Trace(Value::Int(n)) => text.push_str(&format!("{:>20}", *n as i64)),
                Item::Trace(Value::Str(s)) if self.quiet => {
                    text.push_str(&String::from_utf8_lossy(s))
                }
                Item::Trace(Value::Str(s)) => {
                    text.push_str(&format!("  {:<33}", String::from_utf8_lossy(s)))
                }
                Item::Printf { fmt, args } => text.push_str(&printf::format(
                    formats.get(fmt).map_or("", String::as_str),
                    args,
                )),
                Item::Exit(_) | Item::Fault { .. } => {}
            }
        }
        if self.quiet {
            write!(self.out, "{text}").map_err(io_err)?;
        } else {
            if !self.header_done {
                writeln!(self.out, "{:>3} {:>6} {:>32}", "CPU", "ID", "FUNCTION:NAME")
                    .map_err(io_err)?;
                self.header_done = true;
            }
            let (func, name) = probe_name(spec);
            let probe = format!("{func}:{name}");
            writeln!(
                self.out,
                "{:>3} {:>6} {:>32} {text}",
                rec.cpu, spec.id, probe
            )
            .map_err(io_err)?;
        }
        Ok(())
    }

    /// A fault in a clause, as dtrace reports it.
    pub fn fault(
        &mut self,
        spec: Option<&ProbeSpec>,
        code: u8,
        insn: u32,
        addr: u64,
    ) -> Result<()> {
        let what = FaultCode::from_u8(code).map_or("unknown fault", |c| c.name());
        let probe = spec.map_or("?".to_string(), |s| {
            let (f, n) = probe_name(s);
            format!("ID {} ({}:{})", s.id, f, n)
        });
        self.flush()?;
        eprintln!("rdtrace: error on enabled probe {probe}: {what} (address {addr:#x}) at DIF instruction {insn}");
        Ok(())
    }

    /// The newline dtrace prints when tracing stops.
    pub fn end(&mut self) -> Result<()> {
        writeln!(self.out).map_err(io_err)?;
        self.flush()
    }

    /// Flushes the output.
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(io_err)
    }
}
