//! What the consumer tells an output sink: typed events decoded from the
//! kernel's records, its aggregation snapshots and its counters. Each
//! sink (DTrace's text, NDJSON) decides how they look.

use crate::agg_print::{Key, State};
use crate::compiler::ir::Aggregation;
use crate::compiler::trace_width::TraceWidth;
use crate::output::fault::FaultReport;
use rdtrace_uapi::trace::ProbeSpec;

/// One event, in the order the user sees them.
#[derive(Clone, Debug)]
pub enum Event<'a> {
    /// A probe fired and its clause recorded something.
    Probe(Firing<'a>),
    /// Tracing stopped: DTrace ends its output with a newline here.
    Stopped,
    /// Aggregations printed at exit (one printout per aggregation).
    Aggregations(Vec<Printout>),
    /// Data lost, by kind.
    Drop(Drop),
    /// A runtime error.
    Error(ErrorEvent<'a>),
    /// The end of the run.
    Summary(Summary),
}

/// A firing: the probe, where and when, and what its clause recorded.
#[derive(Clone, Debug)]
pub struct Firing<'a> {
    /// The enabled probe's EPID.
    pub epid: u32,
    /// The probe.
    pub spec: &'a ProbeSpec,
    /// The CPU it fired on.
    pub cpu: u32,
    /// Monotonic nanoseconds.
    pub timestamp: u64,
    /// What the clause recorded, in order.
    pub data: Vec<Datum>,
    /// The next record's EPID and probe on the same CPU (flowindent
    /// looks ahead).
    pub next: Option<(u32, &'a ProbeSpec)>,
    /// Which part of the firing's output this is.
    pub part: Part,
}

/// Which part of its firing's output an event is: `freopen()` splits a
/// firing between files, and as DTrace (which reopens its one stream) the
/// probe's columns go only before the first part, the closing newline
/// only after the last.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Part {
    /// All of it.
    #[default]
    Whole,
    /// Its start, up to a `freopen()`.
    First,
    /// Between two `freopen()`s.
    Middle,
    /// Its end, after a `freopen()`.
    Last,
}

impl Part {
    /// Whether the probe's columns come before this part.
    pub fn opens(self) -> bool {
        matches!(self, Part::Whole | Part::First)
    }

    /// Whether the firing's closing newline comes after this part.
    pub fn closes(self) -> bool {
        matches!(self, Part::Whole | Part::Last)
    }
}

/// One recorded value, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Datum {
    /// `trace()` of an 8-byte integer.
    Int(i64),
    /// `trace()` of any other integer, with its declared width and sign.
    SizedInt {
        /// The recorded bits.
        value: u64,
        /// Its width and sign.
        width: TraceWidth,
    },
    /// `trace()` of a string.
    Str(String),
    /// `printf()`: the formatted text.
    Printf(String),
    /// `stack()`: kernel return addresses, innermost first.
    Stack(Vec<u64>),
    /// `ustack()`: the process ID, then user return addresses.
    Ustack(Vec<u64>),
    /// `printa()`: what it printed.
    Printa(Printout),
    /// `tracemem()` or `trace()` of a struct: the bytes it shows.
    Bytes {
        /// The bytes.
        bytes: Vec<u8>,
        /// Always as a hex dump (`tracemem()`, or `rawbytes`); else as
        /// text when they spell a string.
        raw: bool,
    },
    /// `exit(status)`.
    Exit(u64),
}

/// One printing of aggregations (a `printa`, or one at exit): the rows
/// joined on their keys and sorted as DTrace sorts them, and DTrace's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printout {
    /// Each aggregation printed, with its normalization.
    pub aggs: Vec<(Aggregation, u64)>,
    /// Each row: the key, then each aggregation's state.
    pub rows: Vec<(Vec<Key>, Vec<State>)>,
    /// What DTrace prints (or the folded stacks, with `--format folded`).
    pub text: String,
}

/// What was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropKind {
    /// Records that did not fit the principal buffer.
    Principal,
    /// Probe firings skipped inside another firing.
    Nested,
    /// Aggregation keys that did not fit the table.
    Aggregation,
    /// Dynamic variables that did not fit.
    Dynamic,
    /// Records that did not fit a speculative buffer.
    Speculative,
    /// `speculation()` calls that found every buffer busy.
    SpeculationBusy,
    /// `speculation()` calls that found none free.
    SpeculationUnavailable,
    /// Return probe firings fprobe could not catch.
    MissedReturn,
    /// kprobe and kretprobe firings the kernel missed.
    MissedKprobe,
}

/// A drop count, as DTrace reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drop {
    /// What.
    pub kind: DropKind,
    /// The CPU, when counted per CPU.
    pub cpu: Option<u32>,
    /// How many.
    pub count: u64,
    /// DTrace's words for it.
    pub message: String,
}

/// A runtime error.
#[derive(Clone, Debug)]
pub enum ErrorEvent<'a> {
    /// A fault in a clause, reported by the kernel.
    Fault {
        /// The probe, when known.
        spec: Option<&'a ProbeSpec>,
        /// The CPU it happened on.
        cpu: u32,
        /// What and where.
        report: FaultReport,
    },
    /// A fault in an ERROR probe's clause (DTrace only counts these).
    InErrorProbe {
        /// The CPU.
        cpu: u32,
    },
    /// Faults whose reports were lost (a full buffer).
    Unreported {
        /// The CPU.
        cpu: u32,
        /// How many.
        count: u64,
    },
    /// The kernel's deadman stopped the probes.
    Deadman,
    /// An action the consumer carries out failed (`freopen()` of a file
    /// that cannot be opened): DTrace's library error.
    Library {
        /// The probe.
        spec: Option<&'a ProbeSpec>,
        /// The CPU the firing came from.
        cpu: u32,
        /// The enabling.
        epid: u32,
        /// What failed.
        message: String,
    },
}

/// How the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    /// A clause called `exit()`.
    Exit,
    /// Stopped (Ctrl-C, the traced command ended).
    Stopped,
    /// The deadman stopped it.
    Deadman,
}

/// The end of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// How it ended.
    pub ending: EndKind,
    /// `exit()`'s status, if one was called.
    pub exit_status: Option<u64>,
    /// Probe firings that recorded something.
    pub firings: u64,
    /// Everything dropped, summed.
    pub drops: u64,
    /// Runtime errors, summed.
    pub errors: u64,
}
