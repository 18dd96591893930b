//! A fault record (`EPID_ERROR`) as output events, the same for
//! `rdtrace` tracing and for `rdtrace decode` printing what an in-kernel
//! consumer forwarded: each fault in DTrace's words, except a fault in an
//! ERROR probe's own clause, which DTrace only counts.

use crate::consumer::{fault_location, ClausePlan};
use crate::output::event::{ErrorEvent, Event};
use crate::output::FaultReport;
use crate::records::{Item, Record};
use rdtrace_uapi::trace::{ProbeSpec, PROBE_ERROR};

/// The error events of `rec`'s faults, with the probes `specs` (by EPID
/// - 1) and the clause `plans` to find each fault's source position in.
pub fn fault_events<'s>(
    rec: &Record,
    specs: &'s [ProbeSpec],
    plans: &[ClausePlan],
) -> Vec<ErrorEvent<'s>> {
    rec.items
        .iter()
        .filter_map(|item| {
            let Item::Fault {
                epid,
                action,
                code,
                insn,
                addr,
                ..
            } = *item
            else {
                return None;
            };
            let spec = specs.get(epid.wrapping_sub(1) as usize);
            if spec.is_some_and(|s| s.kind == PROBE_ERROR) {
                return Some(ErrorEvent::InErrorProbe { cpu: rec.cpu });
            }
            let report = FaultReport {
                epid,
                action,
                code,
                insn,
                addr,
                location: fault_location(specs, plans, epid, action, insn),
            };
            Some(ErrorEvent::Fault {
                spec,
                cpu: rec.cpu,
                report,
            })
        })
        .collect()
}

/// [`fault_events`] as events.
pub fn events<'s>(rec: &Record, specs: &'s [ProbeSpec], plans: &[ClausePlan]) -> Vec<Event<'s>> {
    fault_events(rec, specs, plans)
        .into_iter()
        .map(Event::Error)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consumer::FaultSites;
    use rdtrace_uapi::trace::PROBE_BEGIN;

    fn fault(epid: u32, insn: u32) -> Item {
        Item::Fault {
            epid,
            probe: epid,
            action: 1,
            code: 1,
            insn,
            addr: 0x10,
        }
    }

    #[test]
    fn faults_are_reported_and_an_error_clauses_only_counted() {
        let spec = |kind, clause| ProbeSpec {
            kind,
            clause,
            id: clause + 1,
            ..ProbeSpec::default()
        };
        let specs = [spec(PROBE_BEGIN, 0), spec(PROBE_ERROR, 1)];
        let plans = [ClausePlan {
            sites: FaultSites {
                predicate: Vec::new(),
                actions: vec!["a.d:1:1".into(), "a.d:2:9".into()],
            },
            ..ClausePlan::default()
        }];
        let rec = Record {
            epid: rdtrace_uapi::trace::record::EPID_ERROR,
            timestamp: 0,
            cpu: 1,
            items: vec![fault(1, 1), fault(2, 0)],
        };
        let events = fault_events(&rec, &specs, &plans);
        assert_eq!(events.len(), 2);
        let ErrorEvent::Fault { cpu, report, .. } = &events[0] else {
            panic!("{:?}", events[0]);
        };
        assert_eq!((*cpu, report.location.as_deref()), (1, Some("a.d:2:9")));
        assert!(matches!(events[1], ErrorEvent::InErrorProbe { cpu: 1 }));
    }
}
