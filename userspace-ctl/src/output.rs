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

#[cfg(test)]
mod tests {
    use super::Printer;
    use crate::records::{Item, Record, Value};
    use rdtrace_uapi::trace::{ProbeSpec, PROBE_BEGIN};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::io::Write;
    use std::rc::Rc;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What one BEGIN firing recording `items` prints, then the end.
    fn printed(quiet: bool, items: Vec<Item>) -> String {
        let buf = Shared::default();
        let mut p = Printer::new(Box::new(buf.clone()), quiet);
        let spec = ProbeSpec {
            kind: PROBE_BEGIN,
            id: 1,
            ..ProbeSpec::default()
        };
        let formats = HashMap::from([(0, "hi\n".to_string())]);
        let rec = Record {
            epid: 1,
            timestamp: 0,
            cpu: 0,
            items,
        };
        p.record(&rec, &spec, &formats).unwrap();
        p.end().unwrap();
        let out = buf.0.borrow().clone();
        String::from_utf8(out).unwrap()
    }

    const ROW: &str = "  0      1                           :BEGIN ";

    #[test]
    fn trace_columns_as_dtrace() {
        let out = printed(false, vec![Item::Trace(Value::Int(42))]);
        let header = "CPU     ID                    FUNCTION:NAME\n";
        assert_eq!(out, format!("{header}{ROW}{:>20}\n\n", 42));
        let out = printed(false, vec![Item::Trace(Value::Str(b"ab".to_vec()))]);
        assert_eq!(out, format!("{header}{ROW}  {:<33}\n\n", "ab"));
    }

    #[test]
    fn quiet_values_are_bare() {
        let items = vec![
            Item::Trace(Value::Int(42)),
            Item::Trace(Value::Str(b"ab".to_vec())),
        ];
        assert_eq!(printed(true, items), "42ab\n");
    }

    #[test]
    fn a_firing_ends_its_line_even_after_printf_newline() {
        let printf = Item::Printf {
            fmt: 0,
            args: vec![],
        };
        assert!(printed(false, vec![printf.clone()]).ends_with(&format!("{ROW}hi\n\n\n")));
        assert_eq!(printed(true, vec![printf]), "hi\n\n");
    }
}
