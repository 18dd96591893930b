//! `rdtrace fuzz-probes` (hidden, for tests): random DIF programs at real
//! probes. Each round opens the device, enables one to four programs the
//! host verifier accepts (generated, mutated or random bytes) on busy fbt,
//! syscall, tracepoint, profile and kprobe probes, often beside a program that
//! faults on purpose, drives reads, writes and context switches for a
//! moment, stops and closes. Programs the host verifier rejects are
//! handed to ENABLE alone: the kernel must refuse each with the host's
//! error code, instruction and words. The kernel's log is the in-VM
//! test's to check (tests/vm/probe_fuzz.sh).
//!
//! ```text
//! rdtrace fuzz-probes [--seed S] [--seconds N]
//! ```

mod programs;
mod tally;

use crate::consumer::{enable_options, probe_specs, ClausePlan, Options, Session};
use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::probes::{parse_desc, Catalog, Probe};
use crate::program::verify_host;
use crate::settings::Settings;
use programs::Origin;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::trace::{ClauseSpec, EnableArgs};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tally::Tally;

/// Busy probes of every kind the fuzzer's own workload makes fire.
const PROBES: [&str; 11] = [
    "fbt::vfs_read:entry",
    "fbt::vfs_read:return",
    "fbt::vfs_write:entry",
    "fbt::ksys_write:return",
    "syscall::read:entry",
    "syscall::getppid:return",
    "tracepoint:sched::sched_switch",
    "tracepoint:sched::sched_wakeup",
    "profile:::profile-997",
    "kprobe::vfs_write:entry",
    "kretprobe::ksys_read:return",
];

/// The probe the faulting programs go on: the workload reads every round.
const FAULT_PROBE: &str = "fbt::vfs_read:entry";

/// What was asked.
#[derive(Debug)]
pub struct FuzzRequest {
    /// Random seed: the same seed makes the same programs.
    pub seed: u64,
    /// How long to run.
    pub seconds: u64,
}

/// Counts for the closing line, and what went wrong.
#[derive(Debug, Default)]
struct Stats {
    rounds: u64,
    run: [u64; 3],
    rejected: u64,
    refused: u64,
    firings: u64,
    faults: u64,
    planted: u64,
    drops: u64,
    failures: Vec<String>,
}

impl Stats {
    fn fail(&mut self, what: String) {
        eprintln!("fuzz-probes: FAIL {what}");
        self.failures.push(what);
    }
}

/// Runs rounds until the time is up; fails if any check failed.
pub fn run(req: &FuzzRequest, paths: &Paths) -> Result<ExitCode> {
    let mut catalog = Catalog::load()?;
    let mut probes = Vec::new();
    for desc in PROBES {
        catalog.provide(&parse_desc(desc))?;
        let mut found: Vec<Probe> = catalog
            .matching(&parse_desc(desc))?
            .into_iter()
            .cloned()
            .collect();
        crate::tracepoints::set_arities(&mut found);
        if found.is_empty() {
            return Err(Error::Usage(format!(
                "fuzz-probes: {desc} matched no probe"
            )));
        }
        probes.push(found);
    }
    let fault_probe = probes[PROBES.iter().position(|d| *d == FAULT_PROBE).unwrap_or(0)].clone();
    let mut settings = Settings::default();
    for s in ["bufsize=64k", "switchrate=50hz", "dynvarsize=64k"] {
        settings.set_x(s).map_err(|error| Error::BadOption {
            setting: s.into(),
            error,
        })?;
    }
    let opts = settings.consumer();
    let mut rng = fastrand::Rng::with_seed(req.seed);
    let mut stats = Stats::default();
    let end = Instant::now() + Duration::from_secs(req.seconds);
    while Instant::now() < end {
        round(paths, &probes, &fault_probe, &opts, &mut rng, &mut stats)?;
    }
    println!(
        "fuzz-probes: {} rounds, {} programs run ({} generated, {} mutated, {} random bytes), \
         {} firings, {} faults ({} planted, each attributed), {} drops, {} rejected as the host \
         verifier did, {} enablings refused",
        stats.rounds,
        stats.run.iter().sum::<u64>(),
        stats.run[0],
        stats.run[1],
        stats.run[2],
        stats.firings,
        stats.faults,
        stats.planted,
        stats.drops,
        stats.rejected,
        stats.refused,
    );
    if stats.failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        println!("fuzz-probes: {} failures", stats.failures.len());
        Ok(ExitCode::FAILURE)
    }
}

fn origin(rng: &mut fastrand::Rng) -> Origin {
    match rng.u8(0..10) {
        0..=5 => Origin::Generated,
        6..=8 => Origin::Mutated,
        _ => Origin::Raw,
    }
}

fn plan(actions: Vec<u8>, predicate: Option<Vec<u8>>, probes: Vec<Probe>) -> ClausePlan {
    ClausePlan {
        predicate,
        actions,
        probes,
        ..ClausePlan::default()
    }
}

fn round(
    paths: &Paths,
    probes: &[Vec<Probe>],
    fault_probe: &[Probe],
    opts: &Options,
    rng: &mut fastrand::Rng,
    stats: &mut Stats,
) -> Result<()> {
    stats.rounds += 1;
    let dev = Device::open(paths)?;
    let mut plans = Vec::new();
    let mut origins = Vec::new();
    let wanted = rng.usize(1..=4);
    while plans.len() < wanted {
        let from = origin(rng);
        let blob = programs::make(rng, from);
        let at = probes[rng.usize(..probes.len())].clone();
        match verify_host(&blob) {
            Ok(_) => {
                let predicate = (rng.u8(0..4) == 0).then(|| programs::generated(rng));
                let predicate = predicate.filter(|p| verify_host(p).is_ok());
                plans.push(plan(blob, predicate, at));
                origins.push(from);
            }
            Err(e) => check_rejected(&dev, &blob, &e, at, stats),
        }
    }
    let mut planted = None;
    if rng.bool() {
        let mut faulting = programs::faulting();
        let (blob, code) = faulting.swap_remove(rng.usize(..faulting.len()));
        planted = Some((plans.len() as u32, code));
        plans.push(plan(blob, None, fault_probe.to_vec()));
    }
    let mut session = match Session::enable(&dev, plans, opts) {
        Ok(s) => s,
        // Every program verified on the host: the kernel must agree.
        Err(Error::Rejected(why)) => {
            stats.fail(format!("round {}: {why}", stats.rounds));
            return Ok(());
        }
        Err(e) => {
            // Not the programs: a limit of the enabling as a whole.
            stats.refused += 1;
            if stats.refused <= 3 {
                eprintln!("fuzz-probes: round {}: enabling refused: {e}", stats.rounds);
            }
            return Ok(());
        }
    };
    for from in origins {
        stats.run[from as usize] += 1;
    }
    let mut tally = Tally::default();
    let until = Instant::now() + Duration::from_millis(rng.u64(100..600));
    if let Err(e) = session.run(opts, &mut tally, || {
        workload();
        Instant::now() >= until
    }) {
        stats.fail(format!("round {}: tracing failed: {e}", stats.rounds));
        return Ok(());
    }
    check_round(&tally, planted, stats);
    Ok(())
}

/// What the round's events must show: every fault attributed to a probe,
/// the planted one among them (or counted while its report was lost).
fn check_round(
    tally: &Tally,
    planted: Option<(u32, rdtrace_uapi::dif::fault::FaultCode)>,
    stats: &mut Stats,
) {
    let reported: u64 = tally.faults.values().sum();
    stats.firings += tally.firings;
    stats.faults += tally.errors;
    stats.drops += tally.drops;
    let round = stats.rounds;
    if tally.unattributed > 0 {
        stats.fail(format!(
            "round {round}: {} faults name no enabled probe",
            tally.unattributed
        ));
    }
    if reported + tally.unreported > tally.errors {
        stats.fail(format!(
            "round {round}: {reported} faults reported and {} unreported, but STATUS counts {}",
            tally.unreported, tally.errors
        ));
    }
    if let Some((clause, code)) = planted {
        let seen = tally
            .faults
            .get(&(clause, code as u8))
            .copied()
            .unwrap_or(0);
        if seen == 0 && tally.unreported == 0 {
            stats.fail(format!(
                "round {round}: the planted {} fault in clause {} was not reported",
                code.name(),
                clause + 1
            ));
        }
        stats.planted += seen;
    }
}

/// A program the host rejected, alone in an ENABLE: the kernel must refuse
/// it with the same code, instruction and words.
fn check_rejected(
    dev: &Device,
    blob: &[u8],
    host: &VerifyError,
    at: Vec<Probe>,
    stats: &mut Stats,
) {
    let plans = [plan(blob.to_vec(), None, at)];
    let clause = ClauseSpec {
        actions: blob.as_ptr() as u64,
        actions_len: blob.len() as u32,
        ..ClauseSpec::default()
    };
    let specs = probe_specs(&plans, 0);
    let mut args = EnableArgs {
        clauses: &clause as *const ClauseSpec as u64,
        probes: specs.as_ptr() as u64,
        nclauses: 1,
        nprobes: specs.len() as u32,
        ..enable_options(&Options::default())
    };
    if dev.enable(&mut args).is_ok() {
        stats.fail(format!(
            "the kernel enabled a program the host rejects ({host}): {blob:02x?}"
        ));
        return;
    }
    let words = String::from_utf8_lossy(rdtrace_uapi::until_nul(&args.message)).into_owned();
    let mut want = host.to_string();
    want.truncate(args.message.len() - 1);
    let names_insn = !want.starts_with("instruction ")
        || words.starts_with(&format!("instruction {}:", args.error_insn));
    if args.error_code != host.code()
        || args.error_insn != host.insn()
        || words != want
        || !names_insn
    {
        stats.fail(format!(
            "verdicts differ: host {} at {} ({want}), kernel {} at {} ({words}): {blob:02x?}",
            host.code(),
            host.insn(),
            args.error_code,
            args.error_insn
        ));
    }
    stats.rejected += 1;
}

/// Reads, writes, a system call and a short sleep: every probe in
/// [`PROBES`] fires.
fn workload() {
    let mut buf = [0u8; 256];
    for _ in 0..8 {
        if let Ok(mut f) = std::fs::File::open("/proc/self/stat") {
            let _ = f.read(&mut buf);
        }
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
            let _ = f.write_all(&buf[..16]);
        }
        // SAFETY: getppid has no preconditions.
        let _ = unsafe { libc::getppid() };
    }
    std::thread::sleep(Duration::from_millis(1));
}
