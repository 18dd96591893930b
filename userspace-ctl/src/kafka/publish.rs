//! `-o kafka://BROKER/TOPIC`: each NDJSON line becomes one Kafka record,
//! keyed by the host's name, with the headers `run` (this run's id:
//! host, pid and start time) and `seq` (the line's number among the
//! run's lines of its host), so
//! that a reader drops the copies a retry after a lost acknowledgement
//! publishes twice.
//!
//! A thread publishes the lines in batches; a line leaves the queue only
//! when the broker acknowledged it, so nothing acknowledged is lost and
//! nothing unacknowledged is forgotten while the broker is away. An
//! unreachable broker never blocks tracing: it is reported once on stderr
//! (and again when it is back, with how many lines waited), the lines
//! wait (at most [`QUEUE_LINES`]; more are counted as dropped), and at the
//! end the run waits at most `RDTRACE_KAFKA_WAIT` seconds (30) for the
//! broker, then reports what it could not deliver and exits 1.

use super::{connect, runtime, timed, Target};
use rskafka::chrono::DateTime;
use rskafka::client::partition::{Compression, PartitionClient};
use rskafka::record::Record;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Lines kept waiting for the broker at most.
pub const QUEUE_LINES: usize = 1 << 20;
/// Lines in one produce request at most.
const BATCH_LINES: usize = 1000;
/// Bytes in one produce request at most (brokers take 1 MiB by default).
const BATCH_BYTES: usize = 512 << 10;

/// Lines this process could not deliver (its exit status says so).
static UNDELIVERED: AtomicU64 = AtomicU64::new(0);

/// How many lines this process's publishers could not deliver.
pub fn undelivered() -> u64 {
    UNDELIVERED.load(Ordering::Relaxed)
}

/// One line to publish.
#[derive(Clone)]
struct Line {
    /// Its number in the run.
    seq: u64,
    /// Its host.
    key: String,
    line: Vec<u8>,
}

#[derive(Default)]
struct Queue {
    /// The lines not yet acknowledged, oldest first.
    lines: VecDeque<Line>,
    next_seq: HashMap<String, u64>,
    dropped: u64,
    closing: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    more: Condvar,
}

/// A `Write` that publishes each line to a topic.
pub struct Publisher {
    shared: Arc<Shared>,
    partial: Vec<u8>,
    thread: Option<JoinHandle<()>>,
    /// The key of the lines written next: this host's name, or the host
    /// a decoded frame came from (`rdtrace decode -o kafka://`).
    key: Arc<Mutex<String>>,
}

impl Publisher {
    /// Starts publishing to `target`.
    pub fn start(target: Target) -> Publisher {
        let shared = Arc::new(Shared::default());
        let host = super::host_name();
        let run = format!(
            "{host}:{}:{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let key = Arc::new(Mutex::new(host));
        let sender = Sender {
            shared: Arc::clone(&shared),
            target,
            run,
        };
        let thread = std::thread::spawn(move || sender.run());
        Publisher {
            shared,
            partial: Vec::new(),
            thread: Some(thread),
            key,
        }
    }

    /// The key of the lines written next, to change.
    pub fn key(&self) -> Arc<Mutex<String>> {
        Arc::clone(&self.key)
    }

    fn push(&self, line: Vec<u8>) {
        let key = self.key.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut q = lock(&self.shared);
        if q.lines.len() >= QUEUE_LINES {
            q.dropped += 1;
            return;
        }
        // Numbered by host: collect finds each host's gaps.
        let next = q.next_seq.entry(key.clone()).or_default();
        let seq = *next;
        *next += 1;
        q.lines.push_back(Line { seq, key, line });
        self.shared.more.notify_one();
    }

    /// Waits for the broker to acknowledge every line (at most
    /// `RDTRACE_KAFKA_WAIT` seconds), reporting what was not.
    pub fn finish(&mut self) {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.push(line);
        }
        lock(&self.shared).closing = true;
        self.shared.more.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Write for Publisher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(end) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).take(end).collect();
            self.push(line);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.finish();
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Queue> {
    shared.queue.lock().unwrap_or_else(|e| e.into_inner())
}

/// The publishing thread.
struct Sender {
    shared: Arc<Shared>,
    target: Target,
    run: String,
}

impl Sender {
    fn run(self) {
        let Ok(rt) = runtime() else {
            self.give_up("no runtime for the Kafka client");
            return;
        };
        let url = self.target.url();
        let mut client: Option<PartitionClient> = None;
        // The error that made the broker unreachable, while it is.
        let mut outage: Option<String> = None;
        let mut published = 0u64;
        let mut deadline: Option<Instant> = None;
        loop {
            let batch = {
                let mut q = lock(&self.shared);
                while q.lines.is_empty() && !q.closing {
                    q = self.shared.more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
                if q.closing && deadline.is_none() {
                    deadline = Some(Instant::now() + finish_wait());
                }
                if q.lines.is_empty() {
                    break;
                }
                // At least one line: one over BATCH_BYTES goes alone.
                let mut bytes = 0;
                q.lines
                    .iter()
                    .take(BATCH_LINES)
                    .enumerate()
                    .take_while(|(i, l)| {
                        bytes += l.line.len();
                        *i == 0 || bytes <= BATCH_BYTES
                    })
                    .map(|(_, l)| l.clone())
                    .collect::<Vec<_>>()
            };
            let result = rt.block_on(async {
                if client.is_none() {
                    client = Some(connect(&self.target).await?);
                }
                let Some(c) = client.as_ref() else {
                    return Err("no client".to_string());
                };
                let records = batch.iter().map(|l| self.record(l)).collect();
                timed("publishing", c.produce(records, Compression::NoCompression)).await
            });
            match result {
                Ok(_) => {
                    let n = batch.len();
                    lock(&self.shared).lines.drain(..n);
                    published += n as u64;
                    if let Some(why) = outage.take() {
                        let waiting = lock(&self.shared).lines.len() as u64 + n as u64;
                        eprintln!(
                            "rdtrace: {url}: the broker is back (it was unreachable: {why}); \
                             publishing the {waiting} events that waited"
                        );
                    }
                }
                Err(why) => {
                    client = None;
                    if outage.is_none() {
                        let waiting = lock(&self.shared).lines.len();
                        eprintln!(
                            "rdtrace: {url}: broker unreachable ({why}); \
                             {published} events published, {waiting} waiting"
                        );
                    }
                    outage = Some(why);
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        let q = lock(&self.shared);
        let lost = q.lines.len() as u64 + q.dropped;
        if lost > 0 {
            UNDELIVERED.fetch_add(lost, Ordering::Relaxed);
            eprintln!(
                "rdtrace: {url}: {lost} events not delivered ({} dropped while the queue was full, \
                 {} unacknowledged{}); {published} published",
                q.dropped,
                q.lines.len(),
                outage.map_or(String::new(), |w| format!(": {w}"))
            );
        }
    }

    fn record(&self, l: &Line) -> Record {
        Record {
            key: Some(l.key.as_bytes().to_vec()),
            value: Some(l.line.clone()),
            headers: BTreeMap::from([
                ("run".to_string(), self.run.as_bytes().to_vec()),
                ("seq".to_string(), l.seq.to_string().into_bytes()),
            ]),
            timestamp: now(),
        }
    }

    fn give_up(&self, why: &str) {
        let mut q = lock(&self.shared);
        let lost = q.lines.len() as u64 + q.dropped;
        q.lines.clear();
        UNDELIVERED.fetch_add(lost, Ordering::Relaxed);
        eprintln!("rdtrace: {}: {why}", self.target.url());
    }
}

/// The record's time (chrono here has no clock of its own).
fn now() -> DateTime<rskafka::chrono::Utc> {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// How long the end of a run waits for an unreachable broker.
fn finish_wait() -> Duration {
    let secs = std::env::var("RDTRACE_KAFKA_WAIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}
