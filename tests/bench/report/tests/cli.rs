//! Runs the binary on `tests/fixtures/sample.txt`, a console capture of a
//! `make bench` run, and on broken inputs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample.txt")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rdtrace-bench-report"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn run_stdin(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rdtrace-bench-report"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn failure(out: &Output) -> String {
    assert!(!out.status.success(), "unexpectedly succeeded");
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The fields of the table line starting with `label`.
fn line_of<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line for {label:?} in\n{text}"))
}

fn close(actual: &serde_json::Value, expected: f64) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{actual} is no number"));
    assert!(
        (actual - expected).abs() < 1e-6 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

#[test]
fn text_report_of_the_fixture() {
    let text = stdout(&run(&[fixture().as_os_str()]));
    assert!(text.starts_with(
        "rdtrace benchmark — mode time, 2 CPUs, 5 samples × 300 ms, kernel 6.12.57\n"
    ));
    assert!(text.contains("(bare call 12.3 ns)"));
    assert!(
        line_of(&text, "bare call (no probe)").ends_with("12.1 /  12.3 /  12.4      (per call)")
    );
    assert!(line_of(&text, "rdtrace FBT entry, null clause")
        .ends_with("65.4 /  65.8 /  66.7            1.00"));
    assert!(line_of(&text, "kprobe via int3").ends_with("875.2 / 876.1 / 879.2           13.32"));
    assert!(line_of(&text, "rdtrace module loaded").contains("-0.1 /   0.1 /   0.2"));
    assert!(line_of(&text, "bpftrace kprobe, count()").contains("no samples"));
    assert!(line_of(&text, "all 41234 probes enabled").ends_with("92.7 / 95.2 / 96.5       1.44"));
    assert!(line_of(&text, "bpftrace: attach 100 kprobes").ends_with("1969.4 / 2283.8 / 2310.4"));
    assert!(line_of(&text, "bpftrace printf via perf buffer").ends_with("344k (338k–348k)   11.17"));
    assert!(text
        .contains("- kprobe-int3: 1 of 5 samples had hits != calls (hits 673715, calls 673732)\n"));
    insta::assert_snapshot!("sample_text", text);
}

#[test]
fn json_report_of_the_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.json");
    let from_stdin = stdout(&run_stdin(&std::fs::read_to_string(fixture()).unwrap()));
    let from_file = stdout(&run(&[
        "--json".as_ref(),
        path.as_os_str(),
        fixture().as_os_str(),
    ]));
    assert_eq!(from_stdin, from_file);

    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["unit"], "ns");
    assert_eq!(v["meta"]["date"], "2025-06-01T12:00Z");
    close(&v["baseline_per_call"], 12.275492532571189);

    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 21);
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap();

    let null = row("rdtrace-null");
    assert_eq!(null["group"], "overhead");
    assert_eq!(null["label"], "rdtrace FBT entry, null clause");
    assert_eq!(null["samples"], 5);
    close(&null["delta"]["min"], 65.40315943449032);
    close(&null["delta"]["median"], 65.75536775352838);
    close(&null["delta"]["max"], 66.66966706481132);
    close(&null["ratio"], 1.0);
    close(&row("kprobe-int3")["ratio"], 13.323019000887907);
    close(
        &row("rdtrace-loaded")["delta"]["median"],
        0.08006490238098252,
    );
    close(&row("scale-all")["ratio"], 1.441581873866068);
    assert!(row("none").get("ratio").is_none());
    assert_eq!(row("bpftrace-kprobe")["samples"], 0);
    assert!(row("bpftrace-kprobe").get("delta").is_none());

    close(&row("setup-bpftrace-100")["ms"]["median"], 2283.823741);
    close(&row("startup-rdtrace")["ms"]["median"], 35.682787);
    assert_eq!(row("startup-rdtrace")["samples"], 3);
    let tput = row("tput-bpftrace");
    close(&tput["records_per_s"]["median"], 343909.1762933252);
    close(&tput["drop_percent"], 11.17383146220531);
    assert!(row("tput-ftrace").get("drop_percent").is_none());

    assert_eq!(v["notes"].as_array().unwrap().len(), 3);
}

#[test]
fn png_chart_of_the_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.png");
    stdout(&run(&[
        "--png".as_ref(),
        path.as_os_str(),
        fixture().as_os_str(),
    ]));
    let png = std::fs::read(&path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian. Two panels: 8 overhead bars
    // (no baseline, no sample-less row) and 3 scale bars.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1000, 100 + 40 * 8 + 100 + 40 * 3));
}

#[test]
fn a_missing_font_is_named_with_its_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rdtrace-bench-report"))
        .env("BENCH_FONT", "/nonexistent/font.ttf")
        .arg("--png")
        .arg(dir.path().join("bench.png"))
        .arg(fixture())
        .output()
        .unwrap();
    let err = failure(&out);
    assert!(err.contains("/nonexistent/font.ttf"), "{err}");
    assert!(err.contains("fonts-dejavu-core"), "{err}");
}

#[test]
fn input_without_rdbench_lines_fails() {
    let err = failure(&run_stdin(
        "Booting from ROM..\n[    0.0] Linux version 6.12\n",
    ));
    assert!(err.contains("no `RDBENCH` lines"), "{err}");
}

#[test]
fn missing_baseline_fails() {
    let err = failure(&run_stdin(
        "RDBENCH row rdtrace-null overhead null\nRDBENCH loop rdtrace-null 0 0 10 700 10\n",
    ));
    assert!(err.contains("row `none`"), "{err}");
}

#[test]
fn malformed_line_fails_with_its_number() {
    let err = failure(&run_stdin(
        "login: root\nRDBENCH meta mode time\nRDBENCH loop none 0 0 10 x -\n",
    ));
    assert!(err.contains("<stdin>: line 3: ELAPSED_NS `x`"), "{err}");
}

#[test]
fn icount_mode_labels_instructions() {
    let text = stdout(&run_stdin(
        "RDBENCH meta mode icount\n\
         RDBENCH row none overhead bare call\n\
         RDBENCH loop none 0 0 10 300 -\n\
         RDBENCH row rdtrace-null overhead null\n\
         RDBENCH loop rdtrace-null 0 0 10 2300 10\n",
    ));
    assert!(text.contains("(bare call 30.0 insns)"), "{text}");
    assert!(text.contains("Δ insns/hit"), "{text}");
    assert!(
        line_of(&text, "null").contains("200.0 / 200.0 / 200.0"),
        "{text}"
    );
}
