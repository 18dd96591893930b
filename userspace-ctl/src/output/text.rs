//! DTrace's text: `CPU ID FUNCTION:NAME` columns (unless quiet) or, with
//! flowindent, its `CPU FUNCTION` column (even when quiet, as dtrace
//! does), then the clause's output; drops and errors on stderr in
//! dtrace's words.
//!
//! As dtrace(1): a firing's line is `%3d %6d %32s ` (or the flowindent
//! column) then its records, and a newline after the last one unless quiet
//! (so `printf("x\n")` leaves a blank line); `trace()` prints an integer
//! right-aligned in 20 columns and a string as `  %-33s`, both bare when
//! quiet; and the output ends with one more newline when tracing stops,
//! quiet or not.

use super::event::{Datum, Event, Firing};
use super::fault::error_message;
use super::probe::probe_name;
use super::rawbytes;
use super::reopen::Reopenable;
use super::sink::Sink;
use crate::error::{Error, Result};
use crate::flow::{self, FlowIndent};
use crate::ksyms::Ksyms;
use crate::stacks;
use rdtrace_uapi::trace::ProbeSpec;
use std::io::Write;

/// DTrace's text output.
pub struct TextSink {
    out: Reopenable,
    err: Box<dyn Write>,
    quiet: bool,
    flow: Option<FlowIndent>,
    header_done: bool,
    /// `_DTRACE_TESTING`: no CPU or probe ID columns.
    testing: bool,
}

/// A record's probe as flowindent sees it.
fn flow_firing<'a>(
    epid: u32,
    spec: &ProbeSpec,
    function: &'a str,
    name: &'a str,
) -> flow::Firing<'a> {
    flow::Firing {
        epid,
        probe: spec.id,
        provider: super::probe::provider(spec),
        function,
        name,
    }
}

/// The `-F` column of a firing: `-> func`, `<- func` or `| func:name`
/// at its CPU's depth.
fn flow_column(flow: &mut FlowIndent, f: &Firing<'_>) -> String {
    let (function, name) = probe_name(f.spec);
    let this = flow_firing(f.epid, f.spec, &function, &name);
    let next = f.next.map(|(epid, s)| (epid, s, probe_name(s)));
    let next = next
        .as_ref()
        .map(|(epid, s, (func, n))| flow_firing(*epid, s, func, n));
    flow.column(f.cpu, &this, next.as_ref())
}

pub(super) fn io_err(source: std::io::Error) -> Error {
    Error::Io {
        what: "writing output".into(),
        source,
    }
}

impl TextSink {
    /// Output to `out`, drops and errors to `err`; `quiet` drops the probe
    /// columns (`-q`), `flowindent` prints the indented function column
    /// instead (`-F`).
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>, quiet: bool, flowindent: bool) -> Self {
        TextSink {
            out: Reopenable::new(out),
            err,
            quiet,
            flow: flowindent.then(FlowIndent::default),
            header_done: false,
            testing: crate::invocation::testing(),
        }
    }

    /// `ftruncate()` may empty the file behind `fd`, the output's.
    pub fn with_output_fd(mut self, fd: Option<std::os::fd::RawFd>) -> Self {
        self.out.set_original_fd(fd);
        self
    }

    /// Without the CPU and probe ID columns (or with them), as dtrace
    /// under DTrace's test harness (`_DTRACE_TESTING`).
    pub fn with_testing(mut self, testing: bool) -> Self {
        self.testing = testing;
        self
    }

    /// Writes a datum as `dt_print_datum` and printf print it: straight
    /// into the output, no string built per datum (a record per hit is
    /// the consumer's hot path).
    fn write_datum(&mut self, d: &Datum) -> std::io::Result<()> {
        let quiet = self.quiet;
        let out = &mut self.out;
        match d {
            Datum::Int(n) if quiet => write!(out, "{n}"),
            Datum::Int(n) => write!(out, "{n:>20}"),
            Datum::SizedInt { value, width } => out.write_all(width.text(*value, quiet).as_bytes()),
            Datum::Str(s) if quiet => out.write_all(s.as_bytes()),
            Datum::Str(s) => write!(out, "  {s:<33}"),
            Datum::Printf(t) => out.write_all(t.as_bytes()),
            Datum::Stack(pcs) => out.write_all(stacks::text(Ksyms::global(), pcs).as_bytes()),
            Datum::Ustack(words) => out.write_all(stacks::user_text(words).as_bytes()),
            Datum::Printa(p) => out.write_all(p.text.as_bytes()),
            Datum::Bytes { bytes, raw: true } => out.write_all(rawbytes::text(bytes).as_bytes()),
            Datum::Bytes { bytes, raw: false } => {
                out.write_all(rawbytes::traced(bytes, quiet).as_bytes())
            }
            Datum::Exit(_) => Ok(()),
        }
    }

    fn write_data(&mut self, data: &[Datum]) -> Result<()> {
        data.iter()
            .try_for_each(|d| self.write_datum(d))
            .map_err(io_err)
    }

    fn firing(&mut self, f: &Firing<'_>) -> Result<()> {
        if let Some(flow) = self.flow.as_mut() {
            let cpu = |c: &dyn std::fmt::Display| match self.testing {
                true => String::new(),
                false => format!("{c:>3} "),
            };
            if !self.header_done {
                writeln!(self.out, "{}{:<41}", cpu(&"CPU"), "FUNCTION").map_err(io_err)?;
                self.header_done = true;
            }
            if f.part.opens() {
                let column = flow_column(flow, f);
                write!(self.out, "{}{column:<41} ", cpu(&f.cpu)).map_err(io_err)?;
            }
            self.write_data(&f.data)?;
            // As without flowindent: a newline ends the firing unless quiet.
            if !self.quiet && f.part.closes() {
                writeln!(self.out).map_err(io_err)?;
            }
        } else if self.quiet {
            self.write_data(&f.data)?;
        } else {
            let columns =
                |cpu: &dyn std::fmt::Display, id: &dyn std::fmt::Display| match self.testing {
                    true => String::new(),
                    false => format!("{cpu:>3} {id:>6} "),
                };
            if !self.header_done {
                let head = columns(&"CPU", &"ID");
                writeln!(self.out, "{head}{:>32}", "FUNCTION:NAME").map_err(io_err)?;
                self.header_done = true;
            }
            if f.part.opens() {
                let (func, name) = probe_name(f.spec);
                let probe = format!("{func}:{name}");
                let head = columns(&f.cpu, &f.spec.id);
                write!(self.out, "{head}{probe:>32} ").map_err(io_err)?;
            }
            self.write_data(&f.data)?;
            if f.part.closes() {
                writeln!(self.out).map_err(io_err)?;
            }
        }
        Ok(())
    }

    /// A line on stderr, after the output so far.
    fn say(&mut self, message: &str) -> Result<()> {
        self.flush()?;
        let pname = crate::invocation::pname();
        writeln!(self.err, "{pname}: {message}").map_err(io_err)?;
        self.err.flush().map_err(io_err)
    }
}

impl Sink for TextSink {
    fn event(&mut self, event: &Event<'_>) -> Result<()> {
        match event {
            Event::Probe(f) => self.firing(f),
            // The newline dtrace prints when tracing stops.
            Event::Stopped => {
                writeln!(self.out).map_err(io_err)?;
                self.flush()
            }
            Event::Aggregations(printouts) => {
                for p in printouts {
                    self.out.write_all(p.text.as_bytes()).map_err(io_err)?;
                }
                self.flush()
            }
            Event::Drop(d) => self.say(&d.message),
            Event::Error(e) => self.say(&error_message(e)),
            Event::Summary(_) => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(io_err)
    }

    fn reopen(&mut self, path: &str) -> std::io::Result<()> {
        self.out.reopen(path)
    }

    fn truncate(&mut self) -> std::io::Result<()> {
        self.out.truncate()
    }

    /// Quiet, without flowindent, a firing shows only its data.
    fn shows_bare_firings(&self) -> bool {
        !self.quiet || self.flow.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::trace_width::TraceWidth;
    use crate::output::event::{ErrorEvent, Part};
    use crate::output::testing::Shared;
    use rdtrace_uapi::trace::{PROBE_BEGIN, PROBE_ENTRY, PROBE_RETURN};

    fn flow_spec(id: u32, kind: u32, function: &str) -> ProbeSpec {
        let mut s = ProbeSpec {
            id,
            kind,
            ..ProbeSpec::default()
        };
        s.function[..function.len()].copy_from_slice(function.as_bytes());
        s
    }

    fn firing(epid: u32, spec: &ProbeSpec, cpu: u32, data: Vec<Datum>) -> Event<'_> {
        Event::Probe(Firing {
            epid,
            spec,
            cpu,
            timestamp: 0,
            data,
            next: None,
            part: Default::default(),
        })
    }

    #[test]
    fn flowindent_rows_are_dtraces() {
        let buf = Shared::default();
        let mut p = TextSink::new(Box::new(buf.clone()), Box::new(buf.clone()), false, true);
        let probes = [
            flow_spec(10, PROBE_ENTRY, "ksys_read"),
            flow_spec(20, PROBE_ENTRY, "vfs_read"),
            flow_spec(21, PROBE_RETURN, "vfs_read"),
            flow_spec(11, PROBE_RETURN, "ksys_read"),
        ];
        for (i, s) in probes.iter().enumerate() {
            p.event(&firing(i as u32 + 1, s, 1, Vec::new())).unwrap();
        }
        let text = buf.text();
        let want = [
            format!("CPU {:<41}", "FUNCTION"),
            format!("  1 {:<41} ", " -> ksys_read"),
            format!("  1 {:<41} ", "   -> vfs_read"),
            format!("  1 {:<41} ", "   <- vfs_read"),
            format!("  1 {:<41} ", " <- ksys_read"),
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), want);
    }

    /// What one BEGIN firing recording `data` prints, then the end.
    fn printed(quiet: bool, data: Vec<Datum>) -> String {
        printed_as(quiet, false, data)
    }

    /// The same, with `_DTRACE_TESTING`'s columns or without.
    fn printed_as(quiet: bool, testing: bool, data: Vec<Datum>) -> String {
        let buf = Shared::default();
        let mut p = TextSink::new(Box::new(buf.clone()), Box::new(buf.clone()), quiet, false)
            .with_testing(testing);
        let spec = ProbeSpec {
            kind: PROBE_BEGIN,
            id: 1,
            ..ProbeSpec::default()
        };
        p.event(&firing(1, &spec, 0, data)).unwrap();
        p.event(&Event::Stopped).unwrap();
        buf.text()
    }

    const ROW: &str = "  0      1                           :BEGIN ";

    /// A firing split by freopen() shows its probe's columns before its
    /// first part and its newline after its last, as DTrace's one stream.
    #[test]
    fn a_split_firing_has_one_row_and_one_newline() {
        let buf = Shared::default();
        let mut p = TextSink::new(Box::new(buf.clone()), Box::new(buf.clone()), false, false);
        let spec = ProbeSpec {
            kind: PROBE_BEGIN,
            id: 1,
            ..ProbeSpec::default()
        };
        let parts = [(Part::First, "a"), (Part::Middle, "b"), (Part::Last, "c")];
        for (part, text) in parts {
            p.event(&Event::Probe(Firing {
                epid: 1,
                spec: &spec,
                cpu: 0,
                timestamp: 0,
                data: vec![Datum::Printf(text.into())],
                next: None,
                part,
            }))
            .unwrap();
        }
        let head = format!("CPU     ID {:>32}", "FUNCTION:NAME");
        assert_eq!(buf.text(), format!("{head}\n{ROW}abc\n"));
    }

    #[test]
    fn trace_columns_as_dtrace() {
        let out = printed(false, vec![Datum::Int(42)]);
        let header = "CPU     ID                    FUNCTION:NAME\n";
        assert_eq!(out, format!("{header}{ROW}{:>20}\n\n", 42));
        let out = printed(false, vec![Datum::Str("ab".into())]);
        assert_eq!(out, format!("{header}{ROW}  {:<33}\n\n", "ab"));
        let width = TraceWidth {
            size: 1,
            signed: true,
        };
        let out = printed(false, vec![Datum::SizedInt { value: 7, width }]);
        assert_eq!(out, format!("{header}{ROW}   7\n\n"));
    }

    #[test]
    fn under_dtrace_testing_the_cpu_and_id_columns_are_left_out() {
        let out = printed_as(false, true, vec![Datum::Int(42)]);
        let header = "                   FUNCTION:NAME\n";
        let row = "                          :BEGIN ";
        assert_eq!(out, format!("{header}{row}{:>20}\n\n", 42));
    }

    /// The consumer skips a bare firing's event when the sink says it
    /// shows nothing: true only if printing it writes nothing.
    #[test]
    fn bare_firings_are_skipped_only_where_they_print_nothing() {
        for (quiet, flowindent) in [(false, false), (false, true), (true, false), (true, true)] {
            let buf = Shared::default();
            let mut p = TextSink::new(
                Box::new(buf.clone()),
                Box::new(buf.clone()),
                quiet,
                flowindent,
            );
            let spec = flow_spec(1, PROBE_ENTRY, "vfs_read");
            p.event(&firing(1, &spec, 0, Vec::new())).unwrap();
            let shown = !buf.text().is_empty();
            assert_eq!(
                p.shows_bare_firings(),
                shown,
                "quiet {quiet}, flowindent {flowindent}"
            );
        }
    }

    #[test]
    fn quiet_values_are_bare() {
        let data = vec![Datum::Int(42), Datum::Str("ab".into())];
        assert_eq!(printed(true, data), "42ab\n");
    }

    #[test]
    fn a_firing_ends_its_line_even_after_printf_newline() {
        let printf = Datum::Printf("hi\n".into());
        assert!(printed(false, vec![printf.clone()]).ends_with(&format!("{ROW}hi\n\n\n")));
        assert_eq!(printed(true, vec![printf]), "hi\n\n");
    }

    #[test]
    fn errors_go_to_stderr_after_the_output() {
        let (out, err) = (Shared::default(), Shared::default());
        let mut p = TextSink::new(Box::new(out.clone()), Box::new(err.clone()), true, false);
        p.event(&Event::Error(ErrorEvent::Unreported { cpu: 1, count: 2 }))
            .unwrap();
        p.event(&Event::Error(ErrorEvent::InErrorProbe { cpu: 0 }))
            .unwrap();
        assert_eq!(out.text(), "");
        assert_eq!(
            err.text(),
            format!(
                "{0}: 2 errors on CPU 1\n{0}: 1 error in ERROR probe enabling\n",
                crate::invocation::pname()
            )
        );
    }
}
