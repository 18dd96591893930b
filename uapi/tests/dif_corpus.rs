//! Replays every saved fuzz input (`fuzz/corpus/<target>/*`) through
//! verify and run, and the lowered program against the reference, as the
//! fuzz targets do, so `cargo test` covers the corpus without cargo-fuzz
//! or nightly.

mod common;

use std::path::Path;

use common::mock::MockEnv;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::interp::run;

fn verify_and_run(blob: &[u8]) -> bool {
    let _ = rdtrace_uapi::dif::disasm::disassemble(blob);
    let Ok(v) = common::check(blob) else {
        return false;
    };
    let mut env = MockEnv::new();
    let mut scratch = [0u8; 1024];
    let executed = match run(blob, &v, &mut env, &mut scratch) {
        Ok(e) => e.executed,
        Err(f) => {
            assert_ne!(f.code, FaultCode::Budget);
            assert_ne!(f.code, FaultCode::IllegalOp);
            f.executed
        }
    };
    assert!(executed <= v.cost());
    assert!(common::same_as_reference(blob, 1024));
    true
}

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
    }
    out.sort();
    out
}

#[test]
fn replay_verify_run_bytes() {
    let all = inputs("verify_run_bytes");
    assert!(!all.is_empty());
    let accepted = all.iter().filter(|(_, b)| verify_and_run(b)).count();
    println!("{} inputs, {accepted} verified", all.len());
}

#[test]
fn replay_verify_run_structured() {
    let all = inputs("verify_run_structured");
    assert!(!all.is_empty());
    for (name, data) in &all {
        let text = common::gen::program(data);
        let blob = common::asm(&text);
        match common::check(&blob) {
            Ok(_) => assert!(verify_and_run(&blob), "{name}"),
            Err(e) => assert!(matches!(e, VerifyError::TooCostly { .. }), "{name}: {e}"),
        }
    }
}

/// Writes seed inputs: `RDTRACE_WRITE_SEEDS=1 cargo test --test dif_corpus
/// write_seeds -- --ignored`.
#[test]
#[ignore]
fn write_seeds() {
    if std::env::var_os("RDTRACE_WRITE_SEEDS").is_none() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let bytes = root.join("verify_run_bytes");
    let structured = root.join("verify_run_structured");
    std::fs::create_dir_all(&bytes).unwrap();
    std::fs::create_dir_all(&structured).unwrap();
    let mut seed = 7u64;
    for i in 0..40 {
        let data: Vec<u8> = (0..(50 + i * 20))
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u8
            })
            .collect();
        std::fs::write(structured.join(format!("seed-{i:02}")), &data).unwrap();
        let blob = common::asm(&common::gen::program(&data));
        std::fs::write(bytes.join(format!("seed-{i:02}")), &blob).unwrap();
    }
}
