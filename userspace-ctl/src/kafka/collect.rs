//! `rdtrace collect kafka://BROKER/TOPIC`: reads the topic from its first
//! record to its last and prints the aggregations every run of every host
//! published at exit, merged exactly as `rdtrace decode --merge` merges
//! them ([`Merged::add`]: counts, sums and buckets add, min and max keep
//! the extreme, avg and stddev add their sums), as one host's printout.
//! The hosts' drops and errors go to stderr, each with its host.
//!
//! Stack and symbol keys merge by their symbols (each host has its own
//! kernel addresses) and print as strings.

use super::{connect, runtime, timed, Target};
use crate::agg_print::view::AggView;
use crate::agg_print::{Key, Merged};
use crate::compiler::ir::Aggregation;
use crate::compiler::types::Type;
use crate::enabling_file::AggMeta;
use crate::error::{Error, Result};
use crate::output::json_state::from_json;
use crate::output::{Event, Format};
use rskafka::client::partition::OffsetAt;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::process::ExitCode;

/// What the topic's records add up to.
#[derive(Default)]
pub struct Collected {
    /// The aggregations, in the order first seen.
    pub aggs: Vec<Aggregation>,
    /// Their entries, merged over every host.
    pub merged: Merged,
    /// The hosts heard from.
    pub hosts: BTreeSet<String>,
    /// `(host, run, seq)` of every line taken, to skip a retry's copy.
    seen: HashSet<(String, Vec<u8>, Vec<u8>)>,
    /// Each host's runs: the lines taken and the highest sequence number.
    runs: BTreeMap<String, BTreeMap<Vec<u8>, RunCount>>,
}

/// What one run published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunCount {
    /// Lines taken (copies skipped).
    pub lines: u64,
    /// Probe lines among them.
    pub probes: u64,
    /// One past the highest sequence number seen.
    pub end: u64,
}

impl RunCount {
    /// Lines the run published before its last one that never arrived.
    pub fn missing(&self) -> u64 {
        self.end - self.lines
    }
}

impl Collected {
    /// Takes one record: `host`'s NDJSON `line`, `id` its run and
    /// sequence number (if it has them).
    pub fn take(&mut self, host: &str, id: Option<(Vec<u8>, Vec<u8>)>, line: &[u8]) -> Result<()> {
        let (run, seq) = match id {
            Some((run, seq)) => {
                if !self
                    .seen
                    .insert((host.to_string(), run.clone(), seq.clone()))
                {
                    return Ok(());
                }
                let seq = std::str::from_utf8(&seq).ok().and_then(|s| s.parse().ok());
                (run, seq)
            }
            None => (Vec::new(), None),
        };
        let Ok(v) = serde_json::from_slice::<Value>(line) else {
            eprintln!("rdtrace: collect: {host}: a record that is not JSON");
            return Ok(());
        };
        self.hosts.insert(host.to_string());
        let count = self
            .runs
            .entry(host.to_string())
            .or_default()
            .entry(run)
            .or_default();
        count.lines += 1;
        count.end = count.end.max(seq.map_or(count.lines, |s: u64| s + 1));
        if v.get("type").and_then(Value::as_str) == Some("probe") {
            count.probes += 1;
        }
        match v.get("type").and_then(Value::as_str) {
            Some("aggregation") => self.aggregation(host, &v),
            Some("drop" | "error") => {
                let msg = v.get("message").and_then(Value::as_str).unwrap_or("");
                eprintln!("rdtrace: {host}: {}", msg.trim_end());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Each host's runs, in the order of their ids.
    pub fn runs(&self, host: &str) -> Vec<RunCount> {
        self.runs
            .get(host)
            .map_or(Vec::new(), |r| r.values().copied().collect())
    }

    fn aggregation(&mut self, host: &str, v: &Value) -> Result<()> {
        let bad = |why: &str| Error::Usage(format!("collect: {host}: {why}"));
        let meta: AggMeta = v
            .get("definition")
            .and_then(|d| serde_json::from_value(d.clone()).ok())
            .ok_or_else(|| bad("an aggregation without its definition (an older rdtrace?)"))?;
        let mut desc = meta.aggregation()?;
        // Symbols and stacks arrive as their names.
        for t in &mut desc.keys {
            if matches!(
                t,
                Type::Stack | Type::Ustack | Type::Symbol(_) | Type::Usym(_)
            ) {
                *t = Type::Str;
            }
        }
        let id = match self.aggs.iter().position(|a| a.name == desc.name) {
            Some(i) if self.aggs[i] != desc => {
                return Err(bad(&format!(
                    "@{} is not the aggregation the other hosts traced",
                    desc.name
                )))
            }
            Some(i) => i,
            None => {
                self.aggs.push(desc.clone());
                self.aggs.len() - 1
            }
        };
        let entries = v.get("entries").and_then(Value::as_array);
        for e in entries.into_iter().flatten() {
            let keys = e.get("keys").and_then(Value::as_array);
            let key: Option<Vec<Key>> = keys.into_iter().flatten().map(key).collect();
            let state = e.get("state").and_then(from_json);
            let (Some(key), Some(state)) = (key, state) else {
                return Err(bad("an aggregation entry without its keys or state"));
            };
            self.merged.add(id as u32, desc.func, key, state);
        }
        Ok(())
    }
}

/// A key element from its JSON.
fn key(v: &Value) -> Option<Key> {
    Some(match v {
        Value::String(s) => Key::Str(s.as_bytes().to_vec()),
        Value::Number(n) => Key::Int(n.as_u64().or_else(|| n.as_i64().map(|i| i as u64))?),
        Value::Array(frames) => {
            let frames: Vec<&str> = frames.iter().filter_map(Value::as_str).collect();
            Key::Str(frames.join("\n").into_bytes())
        }
        _ => return None,
    })
}

/// Reads every record of `target`'s topic (of `host` only, if given).
pub fn read_topic(target: &Target, host: Option<&str>) -> Result<Collected> {
    let url = target.url();
    let unreachable = |why: String| Error::Usage(format!("{url}: {why}"));
    let rt = runtime()?;
    rt.block_on(async {
        let client = connect(target).await.map_err(unreachable)?;
        let mut offset = timed("reading offsets", client.get_offset(OffsetAt::Earliest))
            .await
            .map_err(unreachable)?;
        let end = timed("reading offsets", client.get_offset(OffsetAt::Latest))
            .await
            .map_err(unreachable)?;
        let mut all = Collected::default();
        while offset < end {
            let (records, _) = timed(
                "fetching records",
                client.fetch_records(offset, 1..(4 << 20), 1_000),
            )
            .await
            .map_err(unreachable)?;
            if records.is_empty() {
                break;
            }
            for r in records {
                offset = r.offset + 1;
                let rec = r.record;
                let from = String::from_utf8_lossy(rec.key.as_deref().unwrap_or_default());
                if host.is_some_and(|h| h != from) {
                    continue;
                }
                let id = rec
                    .headers
                    .get("run")
                    .zip(rec.headers.get("seq"))
                    .map(|(r, s)| (r.clone(), s.clone()));
                all.take(&from, id, rec.value.as_deref().unwrap_or_default())?;
            }
        }
        Ok(all)
    })
}

/// Prints the topic's aggregations merged, as `format`.
pub fn run(url: &str, host: Option<&str>, format: Format) -> Result<ExitCode> {
    let target = Target::parse(url)
        .ok_or_else(|| Error::Usage(format!("{url}: not a kafka://BROKER/TOPIC address")))??;
    let all = read_topic(&target, host)?;
    if all.hosts.is_empty() {
        return Err(Error::Usage(format!("{url}: no records")));
    }
    for host in &all.hosts {
        let runs = all.runs(host);
        let sum = |f: fn(&RunCount) -> u64| runs.iter().map(f).sum::<u64>();
        let missing = match sum(RunCount::missing) {
            0 => "none missing".to_string(),
            n => format!("{n} missing"),
        };
        eprintln!(
            "rdtrace: collect: {host}: {} run{}, {} events ({} probe firings), {missing}",
            runs.len(),
            if runs.len() == 1 { "" } else { "s" },
            sum(|r| r.lines),
            sum(|r| r.probes),
        );
    }
    let mut out = crate::output::sink(format, Box::new(std::io::stdout()), None, true, false);
    if !all.aggs.is_empty() {
        let printouts = AggView::default().at_exit(&all.merged, &all.aggs);
        out.event(&Event::Aggregations(printouts))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(host_value: u64) -> String {
        format!(
            concat!(
                r#"{{"type":"aggregation","version":1,"name":"@","function":"avg","#,
                r#""entries":[{{"keys":["cat"],"value":0,"state":{{"avg":[2,{}]}}}}],"#,
                r#""definition":{{"name":"","func":"avg","lquantize":[0,0,0],"#,
                r#""llquantize":null,"keys":["Str"]}}}}"#
            ),
            host_value
        )
    }

    #[test]
    fn hosts_merge_and_a_retry_copy_counts_once() {
        let mut all = Collected::default();
        let id = |run: &str, seq: &str| Some((run.into(), seq.into()));
        all.take("a", id("a1", "0"), line(10).as_bytes()).unwrap();
        all.take("a", id("a1", "0"), line(10).as_bytes()).unwrap();
        all.take("b", id("b1", "0"), line(3).as_bytes()).unwrap();
        let text = all.merged.render(&all.aggs);
        // (10 + 3) / (2 + 2)
        assert_eq!(text.trim(), format!("{:<50} {:>16}", "cat", 3));
        assert_eq!(all.hosts.len(), 2);
        let one = RunCount {
            lines: 1,
            probes: 0,
            end: 1,
        };
        assert_eq!(all.runs("a"), [one]);
        // Line 2 of a run came, line 1 never did.
        all.take("b", id("b1", "2"), b"{}").unwrap();
        assert_eq!(all.runs("b")[0].missing(), 1);
    }
}
