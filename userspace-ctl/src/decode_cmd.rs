//! `rdtrace decode [FILE]`: prints what an in-kernel consumer forwarded
//! (consumers/dlog's frames, from its collector) as `rdtrace` prints it.
//!
//! A frame, little-endian: `u32` length of the rest, `u8` kind, `u8` host
//! name length, `u16` CPU, the host name, the payload. Kinds: the enabling
//! (the blob the consumer traces with: it carries the probe table and the
//! formats), a record (as the kernel wrote it), and the consumer's counters
//! when it closes. Each host's records print with its own enabling.

use crate::consumer::ClausePlan;
use crate::enabling_file::{self, Decoded};
use crate::error::{Error, Result};
use crate::output::decode::datum;
use crate::output::event::{Event, Firing};
use crate::output::{Sink, TextSink};
use crate::records::{self, Item, Record};
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

/// One host's enabling, ready to print with.
struct HostView {
    decoded: Decoded,
    plans: Vec<ClausePlan>,
}

/// Prints every frame of `input` (stdin when `None`).
pub fn run(input: Option<&std::path::Path>) -> Result<ExitCode> {
    let reader: Box<dyn Read> = match input {
        Some(path) => Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(
            |source| Error::Io {
                what: format!("opening {}", path.display()),
                source,
            },
        )?)),
        None => Box::new(std::io::BufReader::new(std::io::stdin().lock())),
    };
    decode_stream(reader, Box::new(std::io::stdout()))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the records of the frames in `reader` to `out`, as rdtrace
/// prints them (faults and counters go to stderr, as rdtrace's do).
pub fn decode_stream(mut reader: impl Read, out: Box<dyn std::io::Write>) -> Result<()> {
    let mut hosts: HashMap<String, HostView> = HashMap::new();
    let mut out = Some(out);
    let mut printer: Option<TextSink> = None;
    loop {
        let frame = read_frame(&mut reader).map_err(|source| Error::Io {
            what: "reading frames".into(),
            source,
        })?;
        let Some(frame) = frame else { break };
        match frame.kind {
            FRAME_ENABLING => {
                let decoded = enabling_file::decode(&frame.payload)?;
                let plans = decoded.meta.plans();
                if let Some(out) = out.take() {
                    let m = &decoded.meta;
                    let err = Box::new(std::io::stderr());
                    printer = Some(TextSink::new(out, err, m.quiet, m.flowindent));
                }
                hosts.insert(frame.host, HostView { decoded, plans });
            }
            FRAME_RECORD => {
                let (Some(view), Some(out)) = (hosts.get(&frame.host), printer.as_mut()) else {
                    continue;
                };
                for rec in records::decode(&frame.payload, frame.cpu) {
                    print_record(view, &rec, out)?;
                }
            }
            FRAME_STATS => print_stats(&frame),
            _ => {}
        }
    }
    if let Some(out) = printer.as_mut() {
        out.event(&Event::Stopped)?;
        out.flush()?;
    }
    Ok(())
}

fn print_record(view: &HostView, rec: &Record, out: &mut dyn Sink) -> Result<()> {
    let specs = &view.decoded.specs;
    if rec.epid == EPID_ERROR {
        for e in crate::fault_events::events(rec, specs, &view.plans) {
            out.event(&e)?;
        }
        return Ok(());
    }
    let Some(spec) = specs.get(rec.epid.wrapping_sub(1) as usize) else {
        return Ok(());
    };
    let empty = ClausePlan::default();
    let plan = view.plans.get(spec.clause as usize).unwrap_or(&empty);
    if plan.silent && rec.items.is_empty() {
        return Ok(());
    }
    // system() commands ran nowhere: the traced host's consumer is a
    // kernel module. Their records are not output.
    let data = rec
        .items
        .iter()
        .filter(|i| !matches!(i, Item::Printf { fmt, .. } if plan.system.contains(fmt)))
        .filter_map(|i| datum(i, &plan.formats))
        .collect();
    out.event(&Event::Probe(Firing {
        epid: rec.epid,
        spec,
        cpu: rec.cpu,
        timestamp: rec.timestamp,
        data,
        next: None,
    }))
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
                under: None,
                id: 12,
                kind: rdtrace_uapi::trace::PROBE_ENTRY,
                addr: 0xffffffff81000000,
                provider: "fbt",
                module: "vmlinux".into(),
                function: "ksys_read".into(),
                name: "entry".into(),
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
        decode_stream(&stream[..], Box::new(out.clone())).unwrap();
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
