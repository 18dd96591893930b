//! A fault in a clause as the kernel reports it, and DTrace's words for it.

use super::event::ErrorEvent;
use super::probe::full_name;
use rdtrace_uapi::dif::fault::{dtraceflt, FaultCode};
use rdtrace_uapi::dif::INSN_SIZE;
use rdtrace_uapi::trace::ProbeSpec;

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

/// The probe an error names, `ID 4: fbt:vmlinux:ksys_read:entry`, or `?`.
fn probe_words(spec: Option<&ProbeSpec>) -> String {
    spec.map_or_else(
        || "?".to_string(),
        |s| format!("ID {}: {}", s.id, full_name(s)),
    )
}

/// DTrace's words for a fault (`dt_handle_err`), without the program name:
/// `error on enabled probe ID 3 (ID 4: fbt:vmlinux:ksys_read:entry):
/// invalid address (0x8) in action #1 at DIF offset 16`.
pub fn fault_text(spec: Option<&ProbeSpec>, f: &FaultReport) -> String {
    let flt = FaultCode::from_u8(f.code).map_or(dtraceflt::UNKNOWN, FaultCode::dtrace_fault);
    let probe = probe_words(spec);
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

/// DTrace's words for a runtime error, without the program name.
pub fn error_message(e: &ErrorEvent<'_>) -> String {
    match e {
        ErrorEvent::Fault { spec, report, .. } => fault_text(*spec, report),
        ErrorEvent::InErrorProbe { .. } => "1 error in ERROR probe enabling".into(),
        ErrorEvent::Unreported { cpu, count } => {
            format!(
                "{count} error{} on CPU {cpu}",
                if *count == 1 { "" } else { "s" }
            )
        }
        ErrorEvent::Deadman => {
            "processing aborted: the consumer did not call in for too long (deadman)".into()
        }
        ErrorEvent::Library {
            spec,
            epid,
            message,
            ..
        } => format!(
            "error on enabled probe ID {epid} ({}): {message}",
            probe_words(*spec)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdtrace_uapi::trace::{PROBE_ENTRY, PROBE_TICK};

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
}
