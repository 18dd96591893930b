//! Printing records: dtrace's `CPU ID FUNCTION:NAME` columns (unless
//! quiet) or, with flowindent, its `CPU FUNCTION` column (even when
//! quiet, as dtrace does), then the clause's output; faults as dtrace
//! words them.

use crate::error::{Error, Result};
use crate::flow::{Firing, FlowIndent};
use crate::printf;
use crate::records::{Item, Record, Value};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::trace::{ProbeSpec, PROBE_BEGIN, PROBE_END, PROBE_ENTRY, PROBE_RETURN};
use std::collections::HashMap;
use std::io::Write;

/// Where records go, and how.
pub struct Printer {
    out: Box<dyn Write>,
    quiet: bool,
    flow: Option<FlowIndent>,
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

/// A record's probe as flowindent sees it.
fn firing<'a>(epid: u32, spec: &ProbeSpec, function: &'a str, name: &'a str) -> Firing<'a> {
    Firing {
        epid,
        probe: spec.id,
        provider: match spec.kind {
            PROBE_ENTRY | PROBE_RETURN => "fbt",
            _ => "dtrace",
        },
        function,
        name,
    }
}

/// The `-F` column of a record: `-> func`, `<- func` or `| func:name`
/// at its CPU's depth.
fn flow_column(
    flow: &mut FlowIndent,
    rec: &Record,
    spec: &ProbeSpec,
    next: Option<(u32, &ProbeSpec)>,
) -> String {
    let (function, name) = probe_name(spec);
    let this = firing(rec.epid, spec, &function, name);
    let next = next.map(|(epid, s)| (epid, s, probe_name(s)));
    let next = next
        .as_ref()
        .map(|(epid, s, (f, n))| firing(*epid, s, f, n));
    flow.column(rec.cpu, &this, next.as_ref())
}

fn io_err(source: std::io::Error) -> Error {
    Error::Io {
        what: "writing output".into(),
        source,
    }
}

impl Printer {
    /// A printer to `out`; `quiet` drops the probe columns (`-q`),
    /// `flowindent` prints the indented function column instead (`-F`).
    pub fn new(out: Box<dyn Write>, quiet: bool, flowindent: bool) -> Printer {
        Printer {
            out,
            quiet,
            flow: flowindent.then(FlowIndent::default),
            header_done: false,
        }
    }

    /// One record of `spec`'s clause; `next` is the EPID and probe of the
    /// record after it in the same CPU's buffer, if any (flowindent looks
    /// ahead).
    pub fn record(
        &mut self,
        rec: &Record,
        spec: &ProbeSpec,
        next: Option<(u32, &ProbeSpec)>,
        formats: &HashMap<u32, String>,
    ) -> Result<()> {
        let mut text = String::new();
        for item in &rec.items {
            match item {
                Item::Trace(Value::Int(n)) => text.push_str(&format!("{:>20}", *n as i64)),
                Item::Trace(Value::Str(s)) => {
                    text.push_str(&format!(" {}", String::from_utf8_lossy(s)))
                }
                Item::Printf { fmt, args } => text.push_str(&printf::format(
                    formats.get(fmt).map_or("", String::as_str),
                    args,
                )),
                Item::Exit(_) | Item::Fault { .. } => {}
            }
        }
        if let Some(flow) = self.flow.as_mut() {
            if !self.header_done {
                writeln!(self.out, "{:>3} {:<41}", "CPU", "FUNCTION").map_err(io_err)?;
                self.header_done = true;
            }
            let column = flow_column(flow, rec, spec, next);
            let sep = if self.quiet || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            write!(self.out, "{:>3} {column:<41} {text}{sep}", rec.cpu).map_err(io_err)?;
        } else if self.quiet {
            write!(self.out, "{text}").map_err(io_err)?;
        } else {
            if !self.header_done {
                writeln!(self.out, "{:>3} {:>6} {:>32}", "CPU", "ID", "FUNCTION:NAME")
                    .map_err(io_err)?;
                self.header_done = true;
            }
            let (func, name) = probe_name(spec);
            let probe = format!("{func}:{name}");
            let sep = if text.ends_with('\n') { "" } else { "\n" };
            write!(
                self.out,
                "{:>3} {:>6} {:>32} {text}{sep}",
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

    /// Flushes the output.
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn spec(id: u32, kind: u32, function: &str) -> ProbeSpec {
        let mut s = ProbeSpec {
            id,
            kind,
            ..ProbeSpec::default()
        };
        s.function[..function.len()].copy_from_slice(function.as_bytes());
        s
    }

    #[test]
    fn flowindent_rows_are_dtraces() {
        let buf = Shared::default();
        let mut p = Printer::new(Box::new(buf.clone()), false, true);
        let probes = [
            spec(10, PROBE_ENTRY, "ksys_read"),
            spec(20, PROBE_ENTRY, "vfs_read"),
            spec(21, PROBE_RETURN, "vfs_read"),
            spec(11, PROBE_RETURN, "ksys_read"),
        ];
        for (i, s) in probes.iter().enumerate() {
            let rec = Record {
                epid: i as u32 + 1,
                timestamp: 0,
                cpu: 1,
                items: Vec::new(),
            };
            p.record(&rec, s, None, &HashMap::new()).unwrap();
        }
        let text = String::from_utf8(buf.0.borrow().clone()).unwrap();
        let want = [
            format!("CPU {:<41}", "FUNCTION"),
            format!("  1 {:<41} ", " -> ksys_read"),
            format!("  1 {:<41} ", "   -> vfs_read"),
            format!("  1 {:<41} ", "   <- vfs_read"),
            format!("  1 {:<41} ", " <- ksys_read"),
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), want);
    }
}
