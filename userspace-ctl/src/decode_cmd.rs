//! `rdtrace decode [FILE]`: prints what an in-kernel consumer forwarded
//! (consumers/dlog's frames, from its collector) as `rdtrace` prints it.
//!
//! A frame, little-endian: `u32` length of the rest, `u8` kind, `u8` host
//! name length, `u16` CPU, the host name, the payload. Kinds: the enabling
//! (the blob the consumer traces with: it carries the probe table and the
//! formats), a record (as the kernel wrote it), and the consumer's counters
//! when it closes, and one CPU's aggregation snapshot (the AGGSNAP format;
//! the consumer sends every CPU's after the session stopped, CPU 0 first).
//! Each host's records print with its own enabling; its aggregations,
//! merged over its CPUs, print at the end as `rdtrace` prints them at exit.
//! A record that acts on aggregations (`printa`, `normalize`, ...) waits,
//! with the host's records after it, for the host's snapshot.

use crate::agg_print::view::AggView;
use crate::agg_print::{actions, Merged};
use crate::compiler::ir::Aggregation;
use crate::consumer::ClausePlan;
use crate::enabling_file::{self, Decoded};
use crate::error::{Error, Result};
use crate::output::event::Event;
use crate::output::{Sink, TextSink};
use crate::records::{self, Record};
use rdtrace_uapi::trace::record::EPID_ERROR;
use std::collections::HashMap;
use std::io::Read;
use std::process::ExitCode;

/// A frame carrying the enabling blob.
pub const FRAME_ENABLING: u8 = 1;
/// A frame carrying one record.
pub const FRAME_RECORD: u8 = 2;
/// A frame carrying the consumer's counters, [`STATS_NAMES`] in order, `u64` each.
pub const FRAME_STATS: u8 = 3;
/// A frame carrying one CPU's aggregation snapshot; CPU 0's starts a set.
pub const FRAME_AGGSNAP: u8 = 4;
/// The counters of a [`FRAME_STATS`] frame.
pub const STATS_NAMES: [&str; 7] = [
    "delivered",
    "consumer drops",
    "drops",
    "errors",
    "dynamic variable drops",
    "aggregation drops",
    "link drops",
];

/// One frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// `FRAME_*`.
    pub kind: u8,
    /// The sending host's name.
    pub host: String,
    /// The CPU of a record.
    pub cpu: u32,
    /// The payload.
    pub payload: Vec<u8>,
}

/// Reads the next frame; `None` at a clean end of the stream (a cut-off
/// frame is an end too: the link went away mid-frame).
pub fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Frame>> {
    let mut len = [0u8; 4];
    if let Err(e) = r.read_exact(&mut len) {
        return if e.kind() == std::io::ErrorKind::UnexpectedEof {
            Ok(None)
        } else {
            Err(e)
        };
    }
    let len = u32::from_le_bytes(len) as usize;
    let mut body = vec![0u8; len];
    match r.read_exact(&mut body) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    if len < 4 || len < 4 + body[1] as usize {
        return Ok(None);
    }
    let host_len = body[1] as usize;
    Ok(Some(Frame {
        kind: body[0],
        host: String::from_utf8_lossy(&body[4..4 + host_len]).into_owned(),
        cpu: u32::from(u16::from_le_bytes([body[2], body[3]])),
        payload: body[4 + host_len..].to_vec(),
    }))
}

/// One host's enabling, ready to print with, and its aggregations.
struct HostView {
    decoded: Decoded,
    plans: Vec<ClausePlan>,
    aggs: Vec<Aggregation>,
    view: AggView,
    /// Its last snapshot set, merged over the CPUs.
    merged: Option<Merged>,
    /// Records waiting for the snapshot (see the module's comment).
    pending: Vec<Record>,
}

impl HostView {
    fn new(decoded: Decoded) -> Result<HostView> {
        let plans = decoded.meta.plans();
        let aggs = decoded.meta.aggregations()?;
        let mut view = AggView::default();
        view.sort = decoded.meta.aggs.sort;
        Ok(HostView {
            decoded,
            plans,
            aggs,
            view,
            merged: None,
            pending: Vec::new(),
        })
    }

    fn plan_of(&self, rec: &Record) -> Option<&ClausePlan> {
        let spec = self.decoded.specs.get(rec.epid.wrapping_sub(1) as usize)?;
        self.plans.get(spec.clause as usize)
    }

    /// Prints `rec` now, or queues it until the snapshot comes.
    fn take(&mut self, rec: Record, out: &mut dyn Sink) -> Result<()> {
        let acts = self
            .plan_of(&rec)
            .is_some_and(|p| !p.agg_actions.is_empty());
        if !self.pending.is_empty() || (acts && self.merged.is_none()) {
            self.pending.push(rec);
            return Ok(());
        }
        self.print_record(&rec, out)
    }

    /// Prints the queued records, with what snapshot there is.
    fn flush(&mut self, out: &mut dyn Sink) -> Result<()> {
        if self.merged.is_none() && !self.pending.is_empty() {
            self.merged = Some(Merged::default());
        }
        for rec in std::mem::take(&mut self.pending) {
            self.print_record(&rec, out)?;
        }
        Ok(())
    }

    /// What `rdtrace` prints at exit: the aggregations not yet printed.
    fn print_aggregations(&self, out: &mut dyn Sink) -> Result<()> {
        if self.aggs.is_empty() {
            return Ok(());
        }
        let empty = Merged::default();
        let merged = self.merged.as_ref().unwrap_or(&empty);
        out.event(&Event::Aggregations(self.view.at_exit(merged, &self.aggs)))
    }

    fn print_record(&mut self, rec: &Record, out: &mut dyn Sink) -> Result<()> {
        if rec.epid == EPID_ERROR {
            return self.print_fault(rec, out);
        }
        let empty = ClausePlan::default();
        let plan = self.plan_of(rec).unwrap_or(&empty);
        let acts = actions::of_record(plan, rec);
        let merged = &self.merged;
        let mut printed = actions::apply(&mut self.view, &self.aggs, acts, || {
            Ok(merged.clone().unwrap_or_default())
        })?;
        let specs = &self.decoded.specs;
        let Some(spec) = specs.get(rec.epid.wrapping_sub(1) as usize) else {
            return Ok(());
        };
        let plan = self.plans.get(spec.clause as usize).unwrap_or(&empty);
        if plan.silent && rec.items.is_empty() {
            return Ok(());
        }
        // Commands (system(), freopen(), ...) ran nowhere: the traced
        // host's consumer is a kernel module. Their records are not output.
        let data = crate::shown::data(&rec.items, 0, plan, &mut printed);
        out.event(&crate::shown::firing(
            rec,
            spec,
            data,
            None,
            Default::default(),
        ))
    }

    fn print_fault(&self, rec: &Record, out: &mut dyn Sink) -> Result<()> {
        for e in crate::fault_events::events(rec, &self.decoded.specs, &self.plans) {
            out.event(&e)?;
        }
        Ok(())
    }
}

/// Prints every frame of `input` (stdin when `None`); with `merge`, the
/// hosts' aggregations as one. With `kafka`, publishes them instead, as
/// `rdtrace -o kafka://` does, each host's events keyed by its name (the
/// dlog collector's frames, fed here as they come, go to the fleet's topic).
pub fn run(
    input: Option<&std::path::Path>,
    merge: bool,
    kafka: Option<crate::kafka::Target>,
) -> Result<ExitCode> {
    let reader: Box<dyn Read> = match input {
        Some(path) => Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(
            |source| Error::Io {
                what: format!("opening {}", path.display()),
                source,
            },
        )?)),
        None => Box::new(std::io::BufReader::new(std::io::stdin().lock())),
    };
    let Some(target) = kafka else {
        decode_stream(reader, Box::new(std::io::stdout()), merge)?;
        return Ok(ExitCode::SUCCESS);
    };
    let publisher = crate::kafka::publish::Publisher::start(target);
    let key = publisher.key();
    let sink = crate::output::JsonSink::new(Box::new(publisher));
    decode_to(reader, Printer::Given(Box::new(sink)), merge, &mut |host| {
        *key.lock().unwrap_or_else(|e| e.into_inner()) = host.to_string();
    })?;
    if crate::kafka::publish::undelivered() > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Where decoded events go: DTrace's text (made when the first enabling
/// says how: `-q`, `-F`) or a sink given.
enum Printer {
    Text(Box<dyn std::io::Write>),
    Given(Box<dyn Sink>),
}

/// Prints the records of the frames in `reader` to `out`, as rdtrace
/// prints them (faults and counters go to stderr, as rdtrace's do), then
/// each host's aggregations (with `merge`, all hosts' merged exactly, as
/// one).
pub fn decode_stream(reader: impl Read, out: Box<dyn std::io::Write>, merge: bool) -> Result<()> {
    decode_to(reader, Printer::Text(out), merge, &mut |_| {})
}

/// [`decode_stream`] into `printer`, `on_host` told whose events come next.
fn decode_to(
    mut reader: impl Read,
    printer: Printer,
    merge: bool,
    on_host: &mut dyn FnMut(&str),
) -> Result<()> {
    let mut hosts: HashMap<String, HostView> = HashMap::new();
    // Hosts in the order they first sent their enabling.
    let mut order: Vec<String> = Vec::new();
    let (mut out, mut printer) = match printer {
        Printer::Text(w) => (Some(w), None),
        Printer::Given(sink) => (None, Some(sink)),
    };
    loop {
        let frame = read_frame(&mut reader).map_err(|source| Error::Io {
            what: "reading frames".into(),
            source,
        })?;
        let Some(frame) = frame else { break };
        on_host(&frame.host);
        match frame.kind {
            FRAME_ENABLING => {
                let decoded = enabling_file::decode(&frame.payload)?;
                if let Some(out) = out.take() {
                    let m = &decoded.meta;
                    let err = Box::new(std::io::stderr());
                    printer = Some(Box::new(TextSink::new(out, err, m.quiet, m.flowindent)));
                }
                if !order.contains(&frame.host) {
                    order.push(frame.host.clone());
                }
                hosts.insert(frame.host, HostView::new(decoded)?);
            }
            FRAME_RECORD => {
                let (Some(view), Some(out)) = (hosts.get_mut(&frame.host), printer.as_deref_mut())
                else {
                    continue;
                };
                for rec in records::decode(&frame.payload, frame.cpu) {
                    view.take(rec, out)?;
                }
            }
            FRAME_AGGSNAP => {
                if let Some(view) = hosts.get_mut(&frame.host) {
                    let merged = match view.merged.as_mut() {
                        Some(m) if frame.cpu != 0 => m,
                        _ => view.merged.insert(Merged::default()),
                    };
                    merged.add_snapshot(&frame.payload);
                }
            }
            FRAME_STATS => {
                if let (Some(view), Some(out)) =
                    (hosts.get_mut(&frame.host), printer.as_deref_mut())
                {
                    view.flush(out)?;
                }
                print_stats(&frame);
            }
            _ => {}
        }
    }
    if let Some(out) = printer.as_deref_mut() {
        for host in &order {
            if let Some(view) = hosts.get_mut(host) {
                on_host(host);
                view.flush(out)?;
            }
        }
        out.event(&Event::Stopped)?;
        let views: Vec<(&String, &HostView)> = order
            .iter()
            .filter_map(|h| Some((h, hosts.get(h)?)))
            .collect();
        if merge {
            let views: Vec<&HostView> = views.iter().map(|(_, v)| *v).collect();
            print_merged(&views, out)?;
        } else {
            for (host, view) in views {
                on_host(host);
                view.print_aggregations(out)?;
            }
        }
        out.flush()?;
    }
    Ok(())
}

/// The hosts' aggregations merged, printed as one host's at exit: every
/// entry added up by aggregation and key as the CPUs' are (counts, sums
/// and buckets add, min and max take the extreme, avg and stddev keep
/// their sums), so the fleet's numbers are exact.
fn print_merged(views: &[&HostView], out: &mut dyn Sink) -> Result<()> {
    let Some(first) = views.first() else {
        return Ok(());
    };
    if let Some(other) = views.iter().find(|v| v.aggs != first.aggs) {
        return Err(Error::Usage(format!(
            "decode --merge: the hosts traced different aggregations ({} and {})",
            first.decoded.meta.aggs.aggs.len(),
            other.decoded.meta.aggs.aggs.len()
        )));
    }
    let mut all = Merged::default();
    for view in views {
        for (agg, entries) in view.merged.iter().flat_map(|m| m.aggregations()) {
            let Some(desc) = first.aggs.get(agg as usize) else {
                continue;
            };
            for (key, state) in entries {
                all.add(agg, desc.func, key.clone(), state.clone());
            }
        }
    }
    let mut view = AggView::default();
    view.sort = first.view.sort;
    if first.aggs.is_empty() {
        return Ok(());
    }
    out.event(&Event::Aggregations(view.at_exit(&all, &first.aggs)))
}

fn print_stats(frame: &Frame) {
    for (name, chunk) in STATS_NAMES.iter().zip(frame.payload.chunks_exact(8)) {
        let n = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if n > 0 && *name != "delivered" {
            eprintln!("rdtrace: {}: {n} {name}", frame.host);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(kind: u8, host: &str, cpu: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = Vec::new();
        f.extend_from_slice(&((4 + host.len() + payload.len()) as u32).to_le_bytes());
        f.push(kind);
        f.push(host.len() as u8);
        f.extend_from_slice(&cpu.to_le_bytes());
        f.extend_from_slice(host.as_bytes());
        f.extend_from_slice(payload);
        f
    }

    /// A `Write` whose bytes the test reads after the printer is gone.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A printf record of EPID 1: format 1 with a string and an integer.
    fn printf_record(s: &str, n: u64) -> Vec<u8> {
        use rdtrace_uapi::trace::record::{ITEM_INT, ITEM_PRINTF, ITEM_STR};
        let mut body = vec![ITEM_PRINTF];
        body.extend_from_slice(&1u32.to_le_bytes());
        body.push(2);
        body.push(ITEM_STR);
        body.extend_from_slice(&(s.len() as u16).to_le_bytes());
        body.extend_from_slice(s.as_bytes());
        body.push(ITEM_INT);
        body.extend_from_slice(&n.to_le_bytes());
        let mut rec = Vec::new();
        rec.extend_from_slice(&((16 + body.len()) as u32).to_le_bytes());
        rec.extend_from_slice(&1u32.to_le_bytes());
        rec.extend_from_slice(&42u64.to_le_bytes());
        rec.extend(body);
        rec
    }

    fn enabling(quiet: bool) -> Vec<u8> {
        use crate::consumer::Options;
        use crate::probes::Probe;
        let plan = ClausePlan {
            actions: vec![0; 8],
            formats: HashMap::from([(1, crate::compiler::Format::parse_or_literal("%s %d\n"))]),
            probes: vec![Probe {
                id: 12,
                kind: rdtrace_uapi::trace::PROBE_ENTRY,
                addr: 0xffffffff81000000,
                provider: "fbt",
                module: "vmlinux".into(),
                function: "ksys_read".into(),
                name: "entry".into(),
                under: None,
            }],
            ..ClausePlan::default()
        };
        crate::enabling_file::encode(&[plan], &Options::default(), quiet, false)
    }

    fn decoded(quiet: bool, records: &[(u16, Vec<u8>)]) -> String {
        let mut stream = frame(FRAME_ENABLING, "vm-a", 0, &enabling(quiet));
        for (cpu, rec) in records {
            stream.extend(frame(FRAME_RECORD, "vm-a", *cpu, rec));
        }
        let out = Shared::default();
        decode_stream(&stream[..], Box::new(out.clone()), false).unwrap();
        let bytes = out.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn records_print_as_rdtrace_prints_them() {
        let recs = [
            (0, printf_record("dd", 1234)),
            (1, printf_record("cat", 131072)),
        ];
        assert_eq!(decoded(true, &recs), "dd 1234\ncat 131072\n\n");
        let columns = decoded(false, &recs[..1]);
        let want = format!(
            "{:>3} {:>6} {:>32}\n{:>3} {:>6} {:>32} dd 1234\n\n\n",
            "CPU", "ID", "FUNCTION:NAME", 0, 12, "ksys_read:entry"
        );
        assert_eq!(columns, want);
    }

    /// One CPU's snapshot of `@[name] = count()` (aggregation 0) with
    /// these counts.
    fn count_snapshot(counts: &[(&str, u64)]) -> Vec<u8> {
        use core::sync::atomic::{AtomicU64, Ordering};
        use rdtrace_uapi::aggs::table::AggTable;
        use rdtrace_uapi::dif::env::{AggFunc, Value};
        use rdtrace_uapi::vars::key::Key as VKey;
        let words: Vec<AtomicU64> = (0..4096).map(|_| AtomicU64::new(0)).collect();
        let t = AggTable::new(&words);
        for (name, n) in counts {
            for _ in 0..*n {
                let elems = [Value::Str(name.as_bytes())];
                let key = VKey::assoc(0, &elems, 256);
                t.update(&key, AggFunc::Count, 1).unwrap();
            }
        }
        t.entries()
            .iter()
            .flat_map(|w| w.load(Ordering::Relaxed).to_le_bytes())
            .collect()
    }

    /// An enabling of `@[execname] = count()` whose clause 0 has a
    /// printa of format 9 (when `printa` is set).
    fn count_enabling(printa: bool) -> Vec<u8> {
        use crate::compiler::ir::{AggAction, AggFunc, Aggregation};
        use crate::compiler::types::Type;
        use crate::consumer::Options;
        let mut plan = ClausePlan {
            actions: vec![0; 8],
            probes: vec![crate::probes::Probe {
                id: 1,
                kind: rdtrace_uapi::trace::PROBE_END,
                addr: 0,
                provider: "dtrace",
                module: String::new().into(),
                function: "".into(),
                name: "END".into(),
                under: None,
            }],
            ..ClausePlan::default()
        };
        if printa {
            let act = AggAction::Printa {
                format: Some(crate::compiler::Format::parse_or_literal("%s %@d\n")),
                aggs: vec![0],
            };
            plan.agg_actions.insert(9, act);
        }
        let aggs = [Aggregation {
            name: String::new(),
            func: AggFunc::Count,
            lquantize: (0, 0, 0),
            llquantize: None,
            keys: vec![Type::Str],
            span: Default::default(),
        }];
        let printing = crate::enabling_file::Printing {
            quiet: true,
            aggs: &aggs,
            ..Default::default()
        };
        crate::enabling_file::encode_printing(&[plan], &Options::default(), &printing)
    }

    fn decode_bytes(stream: &[u8]) -> String {
        decode_merged(stream, false)
    }

    fn decode_merged(stream: &[u8], merge: bool) -> String {
        let out = Shared::default();
        decode_stream(stream, Box::new(out.clone()), merge).unwrap();
        let bytes = out.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn aggregations_merge_over_cpus_and_print_at_the_end() {
        let mut stream = frame(FRAME_ENABLING, "vm-a", 0, &count_enabling(false));
        stream.extend(frame(
            FRAME_AGGSNAP,
            "vm-a",
            0,
            &count_snapshot(&[("cat", 2), ("dd", 20)]),
        ));
        stream.extend(frame(
            FRAME_AGGSNAP,
            "vm-a",
            1,
            &count_snapshot(&[("cat", 3)]),
        ));
        let want = concat!(
            "\n",
            "  cat                                                               5\n",
            "  dd                                                               20\n",
        );
        assert_eq!(decode_bytes(&stream), want);
        // A second set (CPU 0 again) replaces the first.
        stream.extend(frame(
            FRAME_AGGSNAP,
            "vm-a",
            0,
            &count_snapshot(&[("dd", 1)]),
        ));
        let want = concat!(
            "\n",
            "  dd                                                                1\n",
        );
        assert_eq!(decode_bytes(&stream), want);
    }

    #[test]
    fn merge_adds_up_the_hosts() {
        let mut stream = Vec::new();
        for (host, counts) in [
            ("vm-a", &[("cat", 2u64), ("dd", 20)][..]),
            ("vm-b", &[("dd", 5)][..]),
            ("vm-c", &[("ls", 1), ("cat", 1)][..]),
        ] {
            stream.extend(frame(FRAME_ENABLING, host, 0, &count_enabling(false)));
            stream.extend(frame(FRAME_AGGSNAP, host, 0, &count_snapshot(counts)));
        }
        let line = |k: &str, n: u64| format!("  {k:<50} {n:>16}\n");
        let want = format!("\n{}{}{}", line("ls", 1), line("cat", 3), line("dd", 25));
        assert_eq!(decode_merged(&stream, true), want);
        // Without --merge, each host's own, in the order they came.
        let want = format!(
            "\n{}{}{}{}{}",
            line("cat", 2),
            line("dd", 20),
            line("dd", 5),
            line("cat", 1),
            line("ls", 1)
        );
        assert_eq!(decode_merged(&stream, false), want);
    }

    #[test]
    fn a_printa_waits_for_the_snapshot() {
        // END's printa arrives before the snapshot taken after END.
        let mut rec = Vec::new();
        let body = [rdtrace_uapi::trace::record::ITEM_PRINTF, 9, 0, 0, 0, 0];
        rec.extend_from_slice(&((16 + body.len()) as u32).to_le_bytes());
        rec.extend_from_slice(&1u32.to_le_bytes());
        rec.extend_from_slice(&42u64.to_le_bytes());
        rec.extend(body);
        let mut stream = frame(FRAME_ENABLING, "vm-a", 0, &count_enabling(true));
        stream.extend(frame(FRAME_RECORD, "vm-a", 0, &rec));
        stream.extend(frame(
            FRAME_AGGSNAP,
            "vm-a",
            0,
            &count_snapshot(&[("ls", 4)]),
        ));
        stream.extend(frame(FRAME_STATS, "vm-a", 0, &[0; 56]));
        // Printed by the printa, so not again at the end.
        assert_eq!(decode_bytes(&stream), "ls 4\n\n");
    }

    #[test]
    fn frames_read_back_and_a_cut_frame_ends_the_stream() {
        let mut bytes = frame(FRAME_RECORD, "vm1", 1, b"abc");
        bytes.extend(frame(FRAME_STATS, "h", 0, &[]));
        let mut r = &bytes[..];
        let f = read_frame(&mut r).unwrap().unwrap();
        assert_eq!(
            (f.kind, f.host.as_str(), f.cpu, &f.payload[..]),
            (FRAME_RECORD, "vm1", 1, &b"abc"[..])
        );
        assert_eq!(read_frame(&mut r).unwrap().unwrap().kind, FRAME_STATS);
        assert_eq!(read_frame(&mut r).unwrap(), None);
        let cut = frame(FRAME_RECORD, "vm1", 0, b"abcdef");
        assert_eq!(read_frame(&mut &cut[..cut.len() - 2]).unwrap(), None);
    }
}
