//! rskafka against the real broker the fleet test uses (tansu, which
//! `make deps` builds into the cache): lines published by `-o kafka://`
//! come back from the topic in order, keyed by host, and a broker that is
//! down is reported, not waited for. Skipped (with a note) when tansu is
//! not built.

use rdtrace::kafka::collect::read_topic;
use rdtrace::kafka::publish::{undelivered, Publisher};
use rdtrace::kafka::Target;
use std::io::Write;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn tansu() -> Option<std::path::PathBuf> {
    let cache = std::env::var_os("RDTRACE_CACHE")
        .map(Into::into)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cache/rdtrace"))
        })?;
    let bin = cache.join("tansu-0.6.0/bin/tansu");
    bin.exists().then_some(bin)
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

struct Broker(Child);

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(bin: &std::path::Path, port: u16) -> Broker {
    let url = format!("tcp://127.0.0.1:{port}");
    let child = Command::new(bin)
        .args([
            "broker",
            "--listener-url",
            &url,
            "--advertised-listener-url",
            &url,
        ])
        .args(["--storage-engine", "memory://tansu/"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let broker = Broker(child);
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "tansu did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    broker
}

#[test]
fn published_lines_come_back_and_a_down_broker_is_reported() {
    let Some(bin) = tansu() else {
        eprintln!("skipped: no tansu in the cache (make deps builds it)");
        return;
    };
    let port = free_port();
    let _broker = start(&bin, port);
    let url = format!("kafka://127.0.0.1:{port}/unit");
    let target = Target::parse(&url).unwrap().unwrap();
    let agg = concat!(
        r#"{"type":"aggregation","version":1,"name":"@","function":"count","#,
        r#""entries":[{"keys":["dd"],"value":5,"state":{"scalar":5}}],"#,
        r#""definition":{"name":"","func":"count","lquantize":[0,0,0],"llquantize":null,"keys":["Str"]}}"#
    );
    let mut p = Publisher::start(target.clone());
    for i in 0..2000 {
        writeln!(p, r#"{{"type":"probe","n":{i}}}"#).unwrap();
    }
    writeln!(p, "{agg}").unwrap();
    p.finish();
    assert_eq!(undelivered(), 0);
    let got = read_topic(&target, None).unwrap();
    let host = rdtrace::kafka::host_name();
    let runs = got.runs(&host);
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].lines, runs[0].probes, runs[0].missing()),
        (2001, 2000, 0)
    );
    assert_eq!(
        got.merged.render(&got.aggs).trim(),
        format!("{:<50} {:>16}", "dd", 5)
    );

    // Nothing listens here: reported as undelivered within the wait.
    std::env::set_var("RDTRACE_KAFKA_WAIT", "1");
    let down = Target::parse(&format!("kafka://127.0.0.1:{}/unit", free_port()))
        .unwrap()
        .unwrap();
    let t0 = Instant::now();
    let mut p = Publisher::start(down);
    writeln!(p, "{agg}").unwrap();
    p.finish();
    assert_eq!(undelivered(), 1);
    assert!(t0.elapsed() < Duration::from_secs(30));
}
