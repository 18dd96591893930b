//! The guest's `RDBENCH` console lines, parsed into a typed model.
//!
//! Parsing is two passes: every `RDBENCH` line becomes a [`Record`] (or an
//! error naming its line), then the records are assembled into rows, so a
//! row's samples may come before or after its `row` declaration.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// Lines starting with this are ours; every other line is ignored.
pub const PREFIX: &str = "RDBENCH ";

/// What a row measures, which decides the kind of samples it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Overhead,
    Scale,
    Setup,
    Startup,
    Throughput,
    /// A system-call-heavy program's run under tracers: `time` samples
    /// of its loop, scaled to 1,000,000 calls (so ms read as ns per call).
    Syscall,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Overhead,
        Group::Scale,
        Group::Setup,
        Group::Startup,
        Group::Throughput,
        Group::Syscall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Overhead => "overhead",
            Group::Scale => "scale",
            Group::Setup => "setup",
            Group::Startup => "startup",
            Group::Throughput => "throughput",
            Group::Syscall => "syscall",
        }
    }

    /// The sample line (`loop`, `time` or `rate`) this group's rows take.
    fn sample_keyword(self) -> &'static str {
        match self {
            Group::Overhead | Group::Scale => "loop",
            Group::Setup | Group::Startup | Group::Syscall => "time",
            Group::Throughput => "rate",
        }
    }

    fn empty_samples(self) -> Samples {
        match self {
            Group::Overhead | Group::Scale => Samples::Loop(Vec::new()),
            Group::Setup | Group::Startup | Group::Syscall => Samples::Time(Vec::new()),
            Group::Throughput => Samples::Rate(Vec::new()),
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Group {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Group::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Group::ALL.iter().map(|g| g.name()).collect();
                format!("unknown group `{s}` (expected one of {})", names.join(", "))
            })
    }
}

/// One CPU's result of one timed loop sample.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopSample {
    pub sample: u32,
    pub cpu: u32,
    pub calls: u64,
    pub elapsed_ns: u64,
    /// The probe handler's count on that CPU, if the mechanism reports one.
    pub hits: Option<u64>,
}

/// One duration sample.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSample {
    pub sample: u32,
    pub ns: u64,
}

/// One throughput sample.
#[derive(Debug, Clone, PartialEq)]
pub struct RateSample {
    pub sample: u32,
    pub delivered: u64,
    pub dropped: Option<u64>,
    pub elapsed_ns: u64,
}

/// A row's samples; the variant always matches the row's group.
#[derive(Debug, Clone, PartialEq)]
pub enum Samples {
    Loop(Vec<LoopSample>),
    Time(Vec<TimeSample>),
    Rate(Vec<RateSample>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub group: Group,
    pub label: String,
    pub samples: Samples,
}

/// Everything the guest reported, in declaration order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bench {
    /// Metadata in first-seen order; a repeated key keeps its last value.
    pub meta: Vec<(String, String)>,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Bench {
    pub fn meta(&self, key: &str) -> Option<&str> {
        meta_value(&self.meta, key)
    }
}

/// The value of `key` in `meta` lines kept in input order.
pub fn meta_value<'a>(meta: &'a [(String, String)], key: &str) -> Option<&'a str> {
    meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParseError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("the input has no `RDBENCH` lines (expected the console output of `make bench`)")]
    NoLines,
}

/// One `RDBENCH` line.
#[derive(Debug, Clone, PartialEq)]
enum Record {
    Meta(String, String),
    Row {
        id: String,
        group: Group,
        label: String,
    },
    Sample(String, Sample),
    Note(String),
}

/// A `loop`, `time` or `rate` line, before it is attached to its row.
#[derive(Debug, Clone, PartialEq)]
enum Sample {
    Loop(LoopSample),
    Time(TimeSample),
    Rate(RateSample),
}

impl Sample {
    fn keyword(&self) -> &'static str {
        match self {
            Sample::Loop(_) => "loop",
            Sample::Time(_) => "time",
            Sample::Rate(_) => "rate",
        }
    }

    fn number(&self) -> u32 {
        match self {
            Sample::Loop(s) => s.sample,
            Sample::Time(s) => s.sample,
            Sample::Rate(s) => s.sample,
        }
    }

    fn cpu(&self) -> Option<u32> {
        match self {
            Sample::Loop(s) => Some(s.cpu),
            Sample::Time(_) | Sample::Rate(_) => None,
        }
    }
}

pub fn parse(input: &str) -> Result<Bench, ParseError> {
    let mut records = Vec::new();
    for (index, line) in input.lines().enumerate() {
        // Serial consoles end lines with "\r\n"; `lines` keeps the '\r'.
        let Some(body) = line.trim_end().strip_prefix(PREFIX) else {
            continue;
        };
        let line = index + 1;
        let record = parse_record(body).map_err(|reason| ParseError::Line { line, reason })?;
        records.push((line, record));
    }
    if records.is_empty() {
        return Err(ParseError::NoLines);
    }
    assemble(records)
}

fn parse_record(body: &str) -> Result<Record, String> {
    let (kind, rest) = split_words::<1>(body).ok_or("missing the record kind")?;
    let [kind] = kind;
    match kind {
        "meta" => {
            let ([key], value) = split_words::<1>(rest).ok_or("`meta` needs KEY VALUE")?;
            if value.is_empty() {
                return Err(format!("`meta {key}` has no value"));
            }
            Ok(Record::Meta(key.to_owned(), value.to_owned()))
        }
        "row" => {
            let ([id, group], label) =
                split_words::<2>(rest).ok_or("`row` needs ID GROUP LABEL")?;
            if label.is_empty() {
                return Err(format!("`row {id}` has no label"));
            }
            Ok(Record::Row {
                id: id.to_owned(),
                group: group.parse()?,
                label: label.to_owned(),
            })
        }
        "loop" => {
            let [id, sample, cpu, calls, elapsed, hits] =
                fields(rest, "loop", "ID SAMPLE CPU CALLS ELAPSED_NS HITS")?;
            let calls = number("CALLS", calls)?;
            if calls == 0 {
                return Err("CALLS is 0; a loop sample must call the target".into());
            }
            Ok(Record::Sample(
                id.to_owned(),
                Sample::Loop(LoopSample {
                    sample: number("SAMPLE", sample)?,
                    cpu: number("CPU", cpu)?,
                    calls,
                    elapsed_ns: number("ELAPSED_NS", elapsed)?,
                    hits: optional_number("HITS", hits)?,
                }),
            ))
        }
        "time" => {
            let [id, sample, ns] = fields(rest, "time", "ID SAMPLE NS")?;
            Ok(Record::Sample(
                id.to_owned(),
                Sample::Time(TimeSample {
                    sample: number("SAMPLE", sample)?,
                    ns: number("NS", ns)?,
                }),
            ))
        }
        "rate" => {
            let [id, sample, delivered, dropped, elapsed] =
                fields(rest, "rate", "ID SAMPLE DELIVERED DROPPED ELAPSED_NS")?;
            let elapsed_ns = number("ELAPSED_NS", elapsed)?;
            if elapsed_ns == 0 {
                return Err("ELAPSED_NS is 0; a rate needs a duration".into());
            }
            Ok(Record::Sample(
                id.to_owned(),
                Sample::Rate(RateSample {
                    sample: number("SAMPLE", sample)?,
                    delivered: number("DELIVERED", delivered)?,
                    dropped: optional_number("DROPPED", dropped)?,
                    elapsed_ns,
                }),
            ))
        }
        "note" if rest.is_empty() => Err("`note` has no text".into()),
        "note" => Ok(Record::Note(rest.to_owned())),
        other => Err(format!(
            "unknown record kind `{other}` (expected meta, row, loop, time, rate or note)"
        )),
    }
}

/// The first `N` whitespace-separated words of `s` and the (trimmed) rest,
/// which keeps its inner spacing; `None` if `s` has fewer than `N` words.
fn split_words<const N: usize>(s: &str) -> Option<([&str; N], &str)> {
    let mut words = [""; N];
    let mut rest = s.trim();
    for word in &mut words {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        *word = &rest[..end];
        rest = rest[end..].trim_start();
    }
    Some((words, rest))
}

/// Exactly `N` whitespace-separated fields.
fn fields<'a, const N: usize>(s: &'a str, kind: &str, names: &str) -> Result<[&'a str; N], String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    words
        .as_slice()
        .try_into()
        .map_err(|_| format!("`{kind}` needs {N} fields ({names}), found {}", words.len()))
}

fn number<T: FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name} `{text}` is not a non-negative integer"))
}

/// A number, or `-` for "not reported".
fn optional_number(name: &str, text: &str) -> Result<Option<u64>, String> {
    match text {
        "-" => Ok(None),
        _ => number(name, text).map(Some),
    }
}

/// Second pass: rows in declaration order, samples attached to their row.
fn assemble(records: Vec<(usize, Record)>) -> Result<Bench, ParseError> {
    let mut bench = Bench::default();
    // Row id -> (index in `bench.rows`, line of its declaration).
    let mut declared: HashMap<String, (usize, usize)> = HashMap::new();
    let mut samples = Vec::new();
    for (line, record) in records {
        match record {
            Record::Meta(key, value) => match bench.meta.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => bench.meta.push((key, value)),
            },
            Record::Row { id, group, label } => {
                if let Some(&(_, first)) = declared.get(&id) {
                    let reason = format!("row `{id}` is declared twice (first on line {first})");
                    return Err(ParseError::Line { line, reason });
                }
                declared.insert(id.clone(), (bench.rows.len(), line));
                bench.rows.push(Row {
                    id,
                    group,
                    label,
                    samples: group.empty_samples(),
                });
            }
            Record::Note(text) => bench.notes.push(text),
            Record::Sample(id, sample) => samples.push((line, id, sample)),
        }
    }

    // (row index, sample, CPU) -> line that reported it.
    let mut seen: HashMap<(usize, u32, Option<u32>), usize> = HashMap::new();
    for (line, id, sample) in samples {
        let error = |reason: String| ParseError::Line { line, reason };
        let &(index, _) = declared.get(&id).ok_or_else(|| {
            error(format!(
                "`{}` sample for undeclared row `{id}`",
                sample.keyword()
            ))
        })?;
        if let Some(first) = seen.insert((index, sample.number(), sample.cpu()), line) {
            let cpu = sample
                .cpu()
                .map(|c| format!(" CPU {c}"))
                .unwrap_or_default();
            return Err(error(format!(
                "`{id}` sample {}{cpu} is reported twice (first on line {first})",
                sample.number()
            )));
        }
        let row = &mut bench.rows[index];
        match (&mut row.samples, sample) {
            (Samples::Loop(all), Sample::Loop(s)) => all.push(s),
            (Samples::Time(all), Sample::Time(s)) => all.push(s),
            (Samples::Rate(all), Sample::Rate(s)) => all.push(s),
            (_, sample) => {
                return Err(error(format!(
                    "`{}` sample for row `{id}` of group {}, which takes `{}` samples",
                    sample.keyword(),
                    row.group,
                    row.group.sample_keyword()
                )))
            }
        }
    }
    Ok(bench)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_error(input: &str) -> (usize, String) {
        match parse(input) {
            Err(ParseError::Line { line, reason }) => (line, reason),
            other => panic!("expected a line error, got {other:?}"),
        }
    }

    #[test]
    fn ignores_lines_without_the_prefix() {
        let input = "[    1.234] rdtrace: loaded\n\
                     RDBENCHmeta x y\n\
                     rdbench meta x y\n\
                     \x20RDBENCH meta x y\n\
                     RDBENCH meta mode time\r\n\
                     random junk RDBENCH row none overhead bare\n";
        let bench = parse(input).unwrap();
        assert_eq!(bench.meta, vec![("mode".to_owned(), "time".to_owned())]);
        assert!(bench.rows.is_empty());
    }

    #[test]
    fn no_rdbench_lines_is_an_error() {
        assert_eq!(parse("login: root\nRDBENCH\n"), Err(ParseError::NoLines));
    }

    #[test]
    fn parses_every_record_kind() {
        let input = "RDBENCH meta kernel 6.12.57 #1 SMP\n\
                     RDBENCH row none overhead bare   call\n\
                     RDBENCH row setup-rdtrace-100 setup rdtrace, 100 probes\n\
                     RDBENCH row tput-rdtrace throughput rdtrace consumer\n\
                     RDBENCH loop none 0 1 1000 12000 -\n\
                     RDBENCH time setup-rdtrace-100 0 5000000\n\
                     RDBENCH rate tput-rdtrace 0 900 100 1000000000\n\
                     RDBENCH note bpftrace   missing\n";
        let bench = parse(input).unwrap();
        assert_eq!(bench.meta("kernel"), Some("6.12.57 #1 SMP"));
        assert_eq!(bench.notes, vec!["bpftrace   missing"]);
        let ids: Vec<_> = bench.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["none", "setup-rdtrace-100", "tput-rdtrace"]);
        assert_eq!(bench.rows[0].label, "bare   call");
        assert_eq!(bench.rows[1].group, Group::Setup);
        assert_eq!(
            bench.rows[0].samples,
            Samples::Loop(vec![LoopSample {
                sample: 0,
                cpu: 1,
                calls: 1000,
                elapsed_ns: 12000,
                hits: None
            }])
        );
        assert_eq!(
            bench.rows[1].samples,
            Samples::Time(vec![TimeSample {
                sample: 0,
                ns: 5_000_000
            }])
        );
        assert_eq!(
            bench.rows[2].samples,
            Samples::Rate(vec![RateSample {
                sample: 0,
                delivered: 900,
                dropped: Some(100),
                elapsed_ns: 1_000_000_000
            }])
        );
    }

    #[test]
    fn samples_may_precede_their_row() {
        let input = "RDBENCH loop none 0 0 10 100 5\nRDBENCH row none overhead bare\n";
        let bench = parse(input).unwrap();
        match &bench.rows[0].samples {
            Samples::Loop(s) => assert_eq!(s[0].hits, Some(5)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn repeated_meta_keeps_first_position_and_last_value() {
        let bench = parse("RDBENCH meta a 1\nRDBENCH meta b 2\nRDBENCH meta a 3\n").unwrap();
        assert_eq!(
            bench.meta,
            vec![("a".into(), "3".into()), ("b".into(), "2".into())]
        );
    }

    #[test]
    fn malformed_lines_name_their_line_number() {
        let cases = [
            (
                "junk\nRDBENCH meta mode time\nRDBENCH loop none 0 0 10\n",
                3,
                "6 fields",
            ),
            (
                "RDBENCH row x overhead a\nRDBENCH loop x 0 0 ten 5 -\n",
                2,
                "CALLS `ten`",
            ),
            (
                "\n\nRDBENCH row x sideways label\n",
                3,
                "unknown group `sideways`",
            ),
            ("RDBENCH frobnicate\n", 1, "unknown record kind"),
            ("RDBENCH row x overhead\n", 1, "no label"),
            (
                "RDBENCH row x overhead a\nRDBENCH loop x 0 0 0 5 -\n",
                2,
                "CALLS is 0",
            ),
        ];
        for (input, want_line, want_reason) in cases {
            let (line, reason) = line_error(input);
            assert_eq!(line, want_line, "{input:?}");
            assert!(reason.contains(want_reason), "{input:?}: {reason}");
        }
    }

    #[test]
    fn samples_must_match_a_declared_row_of_the_right_group() {
        let (line, reason) = line_error("RDBENCH time ghost 0 5\n");
        assert_eq!(line, 1);
        assert!(reason.contains("undeclared row `ghost`"), "{reason}");

        let (line, reason) = line_error("RDBENCH row s setup a\nRDBENCH loop s 0 0 1 1 -\n");
        assert_eq!(line, 2);
        assert!(reason.contains("takes `time` samples"), "{reason}");

        let (line, reason) = line_error("RDBENCH row x overhead a\nRDBENCH row x scale b\n");
        assert_eq!(line, 2);
        assert!(
            reason.contains("declared twice (first on line 1)"),
            "{reason}"
        );

        let input =
            "RDBENCH row x overhead a\nRDBENCH loop x 0 1 1 1 -\nRDBENCH loop x 0 1 1 1 -\n";
        let (line, reason) = line_error(input);
        assert_eq!(line, 3);
        assert!(
            reason.contains("sample 0 CPU 1 is reported twice (first on line 2)"),
            "{reason}"
        );
    }
}
