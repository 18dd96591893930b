//! NDJSON output (`--format json`): one object a line, each with its
//! `type` and the schema `version` (`schema/rdtrace-ndjson.schema.json`).

use super::event::{Datum, Drop, DropKind, EndKind, ErrorEvent, Event, Firing, Part, Summary};
use super::fault::error_message;
use super::json_agg::{aggregations, frames};
use super::probe::{cstr, probe_name};
use super::rawbytes;
use super::reopen::Reopenable;
use super::sink::Sink;
use super::text::io_err;
use crate::error::Result;
use rdtrace_uapi::dif::fault::{dtraceflt, FaultCode};
use rdtrace_uapi::dif::INSN_SIZE;
use serde_json::{json, Value};
use std::io::Write;

/// The schema version every line carries; bumped when a field changes
/// meaning or goes away (new fields keep it).
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON Schema the lines follow.
pub const SCHEMA: &str = include_str!("../../schema/rdtrace-ndjson.schema.json");

/// NDJSON output.
pub struct JsonSink {
    out: Reopenable,
}

impl JsonSink {
    /// Lines to `out`.
    pub fn new(out: Box<dyn Write>) -> Self {
        JsonSink {
            out: Reopenable::new(out),
        }
    }

    /// `ftruncate()` may empty the file behind `fd`, the output's.
    pub fn with_output_fd(mut self, fd: Option<std::os::fd::RawFd>) -> Self {
        self.out.set_original_fd(fd);
        self
    }

    /// Writes `v` as a line of `kind`, its type and version first.
    fn line(&mut self, kind: &str, v: Value) -> Result<()> {
        let mut line = serde_json::Map::new();
        line.insert("type".into(), json!(kind));
        line.insert("version".into(), json!(SCHEMA_VERSION));
        if let Value::Object(fields) = v {
            line.extend(fields);
        }
        serde_json::to_writer(&mut self.out, &line).map_err(|e| io_err(e.into()))?;
        self.out.write_all(b"\n").map_err(io_err)
    }
}

fn datum(d: &Datum) -> Value {
    match d {
        Datum::Int(n) => json!({"kind": "int", "value": n}),
        Datum::SizedInt { value, width } => match width.value(*value) {
            n if width.signed => json!({"kind": "int", "value": n as i64}),
            n => json!({"kind": "int", "value": n as u64}),
        },
        Datum::Str(s) => json!({"kind": "string", "value": s}),
        Datum::Printf(t) => json!({"kind": "printf", "text": t}),
        Datum::Stack(pcs) => json!({"kind": "stack", "frames": frames(pcs)}),
        Datum::Ustack(words) => json!({
            "kind": "ustack",
            "pid": words.first(),
            "frames": crate::stacks::user_frames(words),
        }),
        Datum::Printa(p) => json!({"kind": "printa", "aggregations": aggregations(p)}),
        Datum::Bytes { bytes, .. } => json!({"kind": "bytes", "value": rawbytes::hex(bytes)}),
        Datum::Exit(status) => json!({"kind": "exit", "status": status}),
    }
}

fn probe(f: &Firing<'_>) -> Value {
    let (function, name) = probe_name(f.spec);
    json!({
        "epid": f.epid,
        "id": f.spec.id,
        "provider": super::probe::provider_full(f.spec),
        "module": cstr(&f.spec.module),
        "function": function,
        "name": name,
        "cpu": f.cpu,
        "timestamp": f.timestamp,
        "values": f.data.iter().map(datum).collect::<Vec<_>>(),
    })
}

fn drop_kind(k: DropKind) -> &'static str {
    match k {
        DropKind::Principal => "principal",
        DropKind::Nested => "nested",
        DropKind::Aggregation => "aggregation",
        DropKind::Dynamic => "dynamic",
        DropKind::Speculative => "speculative",
        DropKind::SpeculationBusy => "speculation_busy",
        DropKind::SpeculationUnavailable => "speculation_unavailable",
        DropKind::MissedReturn => "missed_return",
        DropKind::MissedKprobe => "missed_kprobe",
    }
}

fn drop(d: &Drop) -> Value {
    json!({
        "kind": drop_kind(d.kind),
        "cpu": d.cpu,
        "count": d.count,
        "message": d.message,
    })
}

fn error(e: &ErrorEvent<'_>) -> Value {
    let message = error_message(e);
    match e {
        ErrorEvent::Fault { spec, cpu, report } => {
            let flt =
                FaultCode::from_u8(report.code).map_or(dtraceflt::UNKNOWN, FaultCode::dtrace_fault);
            json!({
                "kind": "fault",
                "message": message,
                "cpu": cpu,
                "epid": report.epid,
                "probe": spec.map(|s| s.id),
                "action": report.action,
                "fault": dtraceflt::words(flt),
                "address": dtraceflt::has_address(flt).then_some(report.addr),
                "offset": u64::from(report.insn) * INSN_SIZE as u64,
                "location": report.location,
            })
        }
        ErrorEvent::InErrorProbe { cpu } => {
            json!({"kind": "error_probe", "message": message, "cpu": cpu})
        }
        ErrorEvent::Unreported { cpu, count } => {
            json!({"kind": "unreported", "message": message, "cpu": cpu, "count": count})
        }
        ErrorEvent::Deadman => json!({"kind": "deadman", "message": message}),
        ErrorEvent::Library {
            spec, cpu, epid, ..
        } => json!({
            "kind": "library",
            "message": message,
            "cpu": cpu,
            "epid": epid,
            "probe": spec.map(|s| s.id),
        }),
    }
}

fn summary(s: &Summary) -> Value {
    let ending = match s.ending {
        EndKind::Exit => "exit",
        EndKind::Stopped => "stopped",
        EndKind::Deadman => "deadman",
    };
    json!({
        "ending": ending,
        "exit_status": s.exit_status,
        "firings": s.firings,
        "drops": s.drops,
        "errors": s.errors,
    })
}

impl Sink for JsonSink {
    fn event(&mut self, event: &Event<'_>) -> Result<()> {
        match event {
            // A freopen()'s empty last part only closes a text line.
            Event::Probe(f) if f.data.is_empty() && f.part == Part::Last => Ok(()),
            Event::Probe(f) => self.line("probe", probe(f)),
            Event::Stopped => self.flush(),
            Event::Aggregations(printouts) => {
                for agg in printouts.iter().flat_map(aggregations) {
                    self.line("aggregation", agg)?;
                }
                self.flush()
            }
            Event::Drop(d) => self.line("drop", drop(d)),
            Event::Error(e) => self.line("error", error(e)),
            Event::Summary(s) => {
                self.line("summary", summary(s))?;
                self.flush()
            }
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
}
