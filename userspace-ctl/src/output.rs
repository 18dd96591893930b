//! Printing records: dtrace's `CPU ID FUNCTION:NAME` columns (unless
//! quiet) or, with flowindent, its `CPU FUNCTION` column (even when
//! quiet, as dtrace does), then the clause's output; faults as dtrace
//! words them.
//!
//! As dtrace(1): a firing's line is `%3d %6d %32s ` (or the flowindent
//! column) then its records, and a newline after the last one unless quiet
//! (so `printf("x\n")` leaves a blank line); `trace()` prints an integer
//! right-aligned in 20 columns and a string as `  %-33s`, both bare when
//! quiet; and the output ends with one more newline when tracing stops,
//! quiet or not.

use crate::compiler::trace_width;
use crate::error::{Error, Result};
use crate::flow::{Firing, FlowIndent};
use crate::ksyms::Ksyms;
use crate::printf;
use crate::records::{Item, Record, Value};
use crate::stacks;
use rdtrace_uapi::dif::fault::{dtraceflt, FaultCode};
use rdtrace_uapi::dif::INSN_SIZE;
use rdtrace_uapi::trace::{probe_function_and_name, provider_name, ProbeSpec};
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

/// A probe's function and name, as the kernel's `probefunc` and
/// `probename` give them.
fn probe_name(spec: &ProbeSpec) -> (String, String) {
    let mut digits = [0; 16];
    let (function, name) = probe_function_and_name(spec, &mut digits);
    (cstr(function), cstr(name))
}

/// `provider:module:function:name`.
fn full_name(spec: &ProbeSpec) -> String {
    let (function, name) = probe_name(spec);
    format!(
        "{}:{}:{function}:{name}",
        provider_name(spec.kind),
        cstr(&spec.module)
    )
}

/// A fault as the kernel reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultReport {
    /// The faulting enabling's EPID.
    pub epid: u32,
    /// Where: 0 the predicate, N the Nth action.
    pub action: u8,
    /// `FaultCode` number.
    pub code: u8,
    /// The faulting instruction.
    pub insn: u32,
    /// The address, for address faults.
    pub addr: u64,
    /// Where in the script, `script.d:3:15`, when the compiler's map from
    /// instructions to source says.
    pub location: Option<String>,
}

/// DTrace's words for a fault (`dt_handle_err`), without the program name:
/// `error on enabled probe ID 3 (ID 4: fbt:vmlinux:ksys_read:entry):
/// invalid address (0x8) in action #1 at DIF offset 16`.
pub fn fault_text(spec: Option<&ProbeSpec>, f: &FaultReport) -> String {
    let flt = FaultCode::from_u8(f.code).map_or(dtraceflt::UNKNOWN, FaultCode::dtrace_fault);
    let probe = spec.map_or_else(
        || "?".to_string(),
        |s| format!("ID {}: {}", s.id, full_name(s)),
    );
    let details = if dtraceflt::has_address(flt) {
        format!(" ({:#x})", f.addr)
    } else {
        String::new()
    };
    let place = match f.action {
        0 => "predicate".to_string(),
        n => format!("action #{n}"),
    };
    let offset = u64::from(f.insn) * INSN_SIZE as u64;
    let location = f
        .location
        .as_ref()
        .map_or(String::new(), |l| format!(" ({l})"));
    format!(
        "error on enabled probe ID {} ({probe}): {}{details} in {place} at DIF offset {offset}{location}",
        f.epid,
        dtraceflt::words(flt)
    )
}

/// A record's probe as flowindent sees it.
fn firing<'a>(epid: u32, spec: &ProbeSpec, function: &'a str, name: &'a str) -> Firing<'a> {
    Firing {
        epid,
        probe: spec.id,
        provider: provider_name(spec.kind),
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
    let this = firing(rec.epid, spec, &function, &name);
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
                Item::Trace(Value::Int(n)) if self.quiet => text.push_str(&(*n as i64).to_string()),
                Item::Trace(Value::Int(n)) => text.push_str(&format!("{:>20}", *n as i64)),
                Item::Trace(Value::Str(s)) if self.quiet => {
                    text.push_str(&String::from_utf8_lossy(s))
                }
                Item::Trace(Value::Str(s)) => {
                    text.push_str(&format!("  {:<33}", String::from_utf8_lossy(s)))
                }
                Item::Printf { fmt, args } => {
                    let format = formats.get(fmt).map_or("", String::as_str);
                    match (trace_width::width_of(format), args.first()) {
                        (Some(size), Some(Value::Int(n))) => {
                            text.push_str(&trace_width::text(*n, size, self.quiet))
                        }
                        _ => text.push_str(&printf::format(format, args)),
                    }
                }
                Item::Stack(pcs) => text.push_str(&stacks::text(Ksyms::global(), pcs)),
                Item::Text(t) => text.push_str(t),
                Item::Exit(_) | Item::Fault { .. } => {}
            }
        }
        if let Some(flow) = self.flow.as_mut() {
            if !self.header_done {
                writeln!(self.out, "{:>3} {:<41}", "CPU", "FUNCTION").map_err(io_err)?;
                self.header_done = true;
            }
            let column = flow_column(flow, rec, spec, next);
            // As without flowindent: a newline ends the firing unless quiet.
            let sep = if self.quiet { "" } else { "\n" };
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
            writeln!(
                self.out,
                "{:>3} {:>6} {:>32} {text}",
                rec.cpu, spec.id, probe
            )
            .map_err(io_err)?;
        }
        Ok(())
    }

    /// A fault in a clause, as dtrace reports it (on stderr, after the
    /// output so far).
    pub fn fault(&mut self, spec: Option<&ProbeSpec>, fault: &FaultReport) -> Result<()> {
        self.flush()?;
        eprintln!("rdtrace: {}", fault_text(spec, fault));
        Ok(())
    }

    /// The newline dtrace prints when tracing stops.
    pub fn end(&mut self) -> Result<()> {
        writeln!(self.out).map_err(io_err)?;
        self.flush()
    }

    /// Writes `s` as it is (the aggregations' printout).
    pub fn text(&mut self, s: &str) -> Result<()> {
        self.out.write_all(s.as_bytes()).map_err(io_err)?;
        self.flush()
    }

    /// Flushes the output.
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdtrace_uapi::trace::{PROBE_BEGIN, PROBE_ENTRY, PROBE_RETURN, PROBE_TICK};
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

    fn flow_spec(id: u32, kind: u32, function: &str) -> ProbeSpec {
        let mut s = ProbeSpec {
            id,
            kind,
            ..ProbeSpec::default()
        };
        s.function[..function.len()].copy_from_slice(function.as_bytes());
        s
    }

    fn spec(kind: u32, id: u32, module: &str, function: &str) -> ProbeSpec {
        let mut s = ProbeSpec {
            kind,
            id,
            ..ProbeSpec::default()
        };
        s.module[..module.len()].copy_from_slice(module.as_bytes());
        s.function[..function.len()].copy_from_slice(function.as_bytes());
        s
    }

    fn report(action: u8, code: FaultCode, insn: u32, addr: u64) -> FaultReport {
        FaultReport {
            epid: 3,
            action,
            code: code as u8,
            insn,
            addr,
            location: None,
        }
    }

    #[test]
    fn faults_are_worded_as_dtrace_words_them() {
        let fbt = spec(PROBE_ENTRY, 4, "vmlinux", "ksys_read");
        assert_eq!(
            fault_text(Some(&fbt), &report(1, FaultCode::BadAddr, 2, 8)),
            "error on enabled probe ID 3 (ID 4: fbt:vmlinux:ksys_read:entry): invalid address (0x8) in action #1 at DIF offset 16"
        );
        let tick = spec(PROBE_TICK, 30, "", "tick-1s");
        assert_eq!(
            fault_text(Some(&tick), &report(0, FaultCode::DivZero, 5, 0)),
            "error on enabled probe ID 3 (ID 30: profile:::tick-1s): divide-by-zero in predicate at DIF offset 40"
        );
        let words = |code| {
            let text = fault_text(None, &report(1, code, 0, 0x10));
            text["error on enabled probe ID 3 (?): ".len()..].to_string()
        };
        assert_eq!(
            words(FaultCode::BadAlign),
            "invalid alignment (0x10) in action #1 at DIF offset 0"
        );
        assert_eq!(
            words(FaultCode::NoScratch),
            "out of scratch space in action #1 at DIF offset 0"
        );
        assert_eq!(
            words(FaultCode::IllegalOp),
            "illegal operation in action #1 at DIF offset 0"
        );
    }

    #[test]
    fn a_source_location_is_appended_when_known() {
        let mut r = report(1, FaultCode::BadAddr, 1, 0);
        r.location = Some("script.d:3:15".into());
        assert!(fault_text(None, &r).ends_with("at DIF offset 8 (script.d:3:15)"));
    }

    #[test]
    fn flowindent_rows_are_dtraces() {
        let buf = Shared::default();
        let mut p = Printer::new(Box::new(buf.clone()), false, true);
        let probes = [
            flow_spec(10, PROBE_ENTRY, "ksys_read"),
            flow_spec(20, PROBE_ENTRY, "vfs_read"),
            flow_spec(21, PROBE_RETURN, "vfs_read"),
            flow_spec(11, PROBE_RETURN, "ksys_read"),
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

    /// What one BEGIN firing recording `items` prints, then the end.
    fn printed(quiet: bool, items: Vec<Item>) -> String {
        let buf = Shared::default();
        let mut p = Printer::new(Box::new(buf.clone()), quiet, false);
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
        p.record(&rec, &spec, None, &formats).unwrap();
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
