//! The JSON sink: what each event looks like (snapshot), and every line
//! it writes follows the schema.

use super::event::{Datum, Drop, DropKind, EndKind, ErrorEvent, Event, Firing, Printout, Summary};
use super::testing::Shared;
use super::validate::problems;
use super::{FaultReport, JsonSink, Sink};
use crate::agg_print::{Key, State};
use crate::compiler::ir::{AggFunc, Aggregation};
use crate::compiler::trace_width::TraceWidth;
use crate::compiler::types::Type;
use crate::compiler::Span;
use rdtrace_uapi::aggs::state::{QUANTIZE_BUCKETS, QUANTIZE_ZERO};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::trace::{ProbeSpec, PROBE_ENTRY};
use std::collections::BTreeMap;

fn spec() -> ProbeSpec {
    let mut s = ProbeSpec {
        kind: PROBE_ENTRY,
        id: 42,
        ..ProbeSpec::default()
    };
    s.module[..7].copy_from_slice(b"vmlinux");
    s.function[..9].copy_from_slice(b"ksys_read");
    s
}

fn agg(name: &str, func: AggFunc, keys: Vec<Type>) -> Aggregation {
    Aggregation {
        name: name.into(),
        func,
        lquantize: (0, 100, 10),
        llquantize: None,
        keys,
        span: Span::new(0, 0),
    }
}

/// `@[execname] = count()` with two keys.
fn counts() -> Printout {
    Printout {
        aggs: vec![(agg("", AggFunc::Count, vec![Type::Str]), 1)],
        rows: vec![
            (vec![Key::Str(b"sh".to_vec())], vec![State::Scalar(2)]),
            (vec![Key::Str(b"cat".to_vec())], vec![State::Scalar(7)]),
        ],
        text: String::new(),
    }
}

/// `@lat = quantize(...)` and `@l[pid] = lquantize(..., 0, 100, 10)`.
fn histograms() -> Vec<Printout> {
    let mut q = vec![0; QUANTIZE_BUCKETS];
    q[QUANTIZE_ZERO + 1] = 3; // 1
    q[QUANTIZE_ZERO + 11] = 5; // 1024..2047
    let pid = Type::Int {
        signed: true,
        size: 4,
    };
    vec![
        Printout {
            aggs: vec![(agg("lat", AggFunc::Quantize, vec![]), 1)],
            rows: vec![(vec![], vec![State::Quantize(q)])],
            text: String::new(),
        },
        Printout {
            aggs: vec![(agg("l", AggFunc::Lquantize, vec![pid]), 1)],
            rows: vec![(
                vec![Key::Int(u64::MAX)],
                vec![State::Lquantize(BTreeMap::from([(0, 1), (3, 2), (11, 4)]))],
            )],
            text: String::new(),
        },
    ]
}

fn write(events: &[Event<'_>]) -> String {
    let buf = Shared::default();
    let mut sink = JsonSink::new(Box::new(buf.clone()));
    for e in events {
        sink.event(e).unwrap();
    }
    buf.text()
}

/// One of each event.
fn every_event(spec: &ProbeSpec) -> Vec<Event<'_>> {
    let firing = Firing {
        epid: 3,
        spec,
        cpu: 1,
        timestamp: 123_456_789,
        data: vec![
            Datum::Printf("cat read 4096\n".into()),
            Datum::Int(-5),
            Datum::SizedInt {
                value: 0xffff_ffff,
                width: TraceWidth {
                    size: 4,
                    signed: true,
                },
            },
            Datum::Str("cat".into()),
            Datum::Bytes {
                bytes: b"ca\0t".to_vec(),
                raw: true,
            },
            Datum::Printa(counts()),
            Datum::Exit(0),
        ],
        next: None,
        part: Default::default(),
    };
    let fault = FaultReport {
        epid: 3,
        action: 1,
        code: FaultCode::BadAddr as u8,
        insn: 2,
        addr: 8,
        location: Some("script.d:3:15".into()),
    };
    vec![
        Event::Probe(firing),
        Event::Stopped,
        Event::Aggregations(histograms()),
        Event::Drop(Drop {
            kind: DropKind::Principal,
            cpu: Some(0),
            count: 12,
            message: "12 drops on CPU 0".into(),
        }),
        Event::Drop(Drop {
            kind: DropKind::Dynamic,
            cpu: None,
            count: 1,
            message: "1 dynamic variable drop".into(),
        }),
        Event::Error(ErrorEvent::Fault {
            spec: Some(spec),
            cpu: 1,
            report: fault,
        }),
        Event::Error(ErrorEvent::Unreported { cpu: 0, count: 2 }),
        Event::Error(ErrorEvent::InErrorProbe { cpu: 0 }),
        Event::Error(ErrorEvent::Deadman),
        Event::Summary(Summary {
            ending: EndKind::Exit,
            exit_status: Some(0),
            firings: 1,
            drops: 13,
            errors: 4,
        }),
    ]
}

#[test]
fn each_event_is_one_line_of_json() {
    let spec = spec();
    insta::assert_snapshot!(write(&every_event(&spec)));
}

#[test]
fn every_line_follows_the_schema() {
    let spec = spec();
    let mut events = every_event(&spec);
    // Stacks symbolise through this machine's kallsyms: checked here, not
    // in the snapshot.
    events.push(Event::Probe(Firing {
        epid: 1,
        spec: &spec,
        cpu: 0,
        timestamp: 0,
        data: vec![Datum::Stack(vec![0xffff_ffff_8100_0000, 0x10, 0])],
        next: None,
        part: Default::default(),
    }));
    // A user stack of a process that is not there: addresses.
    events.push(Event::Probe(Firing {
        epid: 1,
        spec: &spec,
        cpu: 0,
        timestamp: 0,
        data: vec![Datum::Ustack(vec![u64::from(u32::MAX), 0x401000, 0])],
        next: None,
        part: Default::default(),
    }));
    let text = write(&events);
    assert!(
        text.contains(r#"{"kind":"ustack","pid":4294967295,"frames":["0x401000"]}"#),
        "{text}"
    );
    assert_eq!(text.lines().count(), 12);
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_what_it_does_not_describe() {
    let spec = spec();
    let text = write(&every_event(&spec));
    let first = text.lines().next().unwrap();
    for bad in [
        first.replace("\"cpu\":1,", ""),
        first.replace("\"version\":1", "\"version\":2"),
        first.replace("\"kind\":\"printf\"", "\"kind\":\"printf2\""),
        text.lines()
            .nth(1)
            .unwrap()
            .replace("\"lower\":1,", "\"lower\":\"1\","),
    ] {
        assert!(!problems(&bad).is_empty(), "accepted: {bad}");
    }
}

#[test]
fn histogram_buckets_sum_to_the_count() {
    let text = write(&[Event::Aggregations(histograms())]);
    let lat: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let buckets = lat["entries"][0]["buckets"].as_array().unwrap();
    let total: i64 = buckets.iter().map(|b| b["count"].as_i64().unwrap()).sum();
    assert_eq!(total, 8);
    assert_eq!(buckets[1]["lower"], 1024);
    assert_eq!(buckets[1]["upper"], 2047);
}
