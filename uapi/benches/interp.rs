//! The interpreter's speed on a typical predicate-plus-aggregation program:
//!
//! ```d
//! fbt::ksys_read:entry /execname == "bash" && arg0 != 0/
//! { @lat[probefunc] = quantize(arg2); @n[probefunc] = count(); }
//! ```
//!
//! and the hit-path programs of `make bench` (an always-false predicate,
//! the empty clause, a printf), each by the reference interpreter and
//! lowered, against an environment that does no work, so the figure is
//! the interpreter's own cost. Reports ns per run (criterion's time) and
//! instructions per second (its throughput, in "elements").
//!
//! `INTERP_ICOUNT=N cargo bench --bench interp` instead runs each N times
//! (`INTERP_ONLY=NAME`: only that program) through a non-inlined function
//! per interpreter, for
//! `valgrind --tool=callgrind` to count host instructions per run (build
//! with `RUSTFLAGS=-Cjump-tables=n`, as the kernel's IBT build does).

use criterion::{black_box, criterion_group, Criterion, Throughput};
use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::interp::{run, Exit};
use rdtrace_uapi::dif::lowered::{LoweredInsn, LoweredProgram};
use rdtrace_uapi::dif::verifier::{verify, verify_lowered, Limits, Slot, Verified};

const PROGRAM: &str = r#"
    .aggs 2
    ldb r1, execname
    lds r2, "bash"
    call r3, strcmp, r1
    jnei r3, 0, skip
    ldarg r4, 0
    jeqi r4, 0, skip
    ldb r5, probefunc
    ldarg r6, 2
    quantize @0, r6, r5:1
    count @1, r5:1
    movi r0, 1
    ret r0
skip:
    movi r0, 0
    ret r0
"#;

/// The programs the compiler makes for `make bench`'s rows:
/// `/arg0 == 12345678901234/`, the empty clause and `printf("%d\n", arg0)`.
const HIT_PATH: [(&str, &str); 3] = [
    (
        "false_predicate",
        "ldarg r1, 0\n ldc r2, =12345678901234\n jne r1, r2, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
    ),
    ("empty_clause", "movi r0, 0\n ret r0"),
    ("printf_arg0", "ldarg r1, 0\n printf \"%d\\n\", r1:1\n movi r0, 0\n ret r0"),
];

/// An environment that answers at once and keeps a running sum so the
/// aggregations are not optimised away.
struct NullEnv {
    sum: u64,
}

impl Env for NullEnv {
    fn read_kernel(&mut self, _: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        out.fill(0);
        Ok(())
    }
    fn read_user(&mut self, _: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        out.fill(0);
        Ok(())
    }
    fn builtin(&mut self, _: Builtin) -> Result<u64, FaultCode> {
        Ok(1)
    }
    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode> {
        let s: &[u8] = if which == Builtin::Execname {
            b"bash"
        } else {
            b"ksys_read"
        };
        let n = s.len().min(out.len());
        out[..n].copy_from_slice(&s[..n]);
        Ok(n)
    }
    fn arg(&mut self, i: u64) -> Result<u64, FaultCode> {
        Ok(i.wrapping_mul(100).wrapping_add(7))
    }
    fn rand(&mut self) -> u64 {
        4
    }
    fn load_var(&mut self, _: VarRef, _: &[Value<'_>], _: &mut [u8]) -> Result<Loaded, FaultCode> {
        Ok(Loaded::Int(0))
    }
    fn store_var(&mut self, _: VarRef, _: &[Value<'_>], _: Value<'_>) -> Result<(), FaultCode> {
        Ok(())
    }
    fn trace(&mut self, _: Value<'_>) -> Result<(), FaultCode> {
        Ok(())
    }
    fn printf(&mut self, _: u32, _: &[u8], _: &[Value<'_>]) -> Result<(), FaultCode> {
        Ok(())
    }
    fn stack(&mut self, _: u32, _: bool) -> Result<(), FaultCode> {
        Ok(())
    }
    fn exit(&mut self, _: u64) -> Result<(), FaultCode> {
        Ok(())
    }
    fn aggregate(
        &mut self,
        _: u32,
        _: AggFunc,
        value: u64,
        keys: &[Value<'_>],
    ) -> Result<(), FaultCode> {
        self.sum = self.sum.wrapping_add(value).wrapping_add(keys.len() as u64);
        Ok(())
    }
}

/// A program ready for both interpreters.
struct Bench {
    name: &'static str,
    blob: Vec<u8>,
    verified: Verified,
    lowered: LoweredProgram<Vec<u8>, Vec<LoweredInsn>>,
}

fn programs() -> Vec<Bench> {
    let all = [("predicate_quantize_count", PROGRAM)]
        .into_iter()
        .chain(HIT_PATH);
    all.map(|(name, text)| {
        let blob = assemble(text).expect("assembles");
        let mut work = vec![Slot::EMPTY; 64];
        let verified = verify(&blob, &Limits::DEFAULT, &mut work).expect("verifies");
        let code = vec![LoweredInsn::EMPTY; blob.len() / 8];
        let lowered =
            verify_lowered(blob.clone(), &Limits::DEFAULT, &mut work, code).expect("lowers");
        Bench {
            name,
            blob,
            verified,
            lowered,
        }
    })
    .collect()
}

#[inline(never)]
fn run_reference(p: &Bench, env: &mut NullEnv, scratch: &mut [u8]) -> Exit {
    run(black_box(&p.blob), &p.verified, env, scratch).expect("runs")
}

#[inline(never)]
fn run_lowered(p: &Bench, env: &mut NullEnv, scratch: &mut [u8]) -> Exit {
    black_box(&p.lowered).run(env, scratch).expect("runs")
}

fn bench(c: &mut Criterion) {
    let mut env = NullEnv { sum: 0 };
    let mut scratch = [0u8; 1024];
    for p in programs() {
        let exit = run_reference(&p, &mut env, &mut scratch);
        assert_eq!(exit, run_lowered(&p, &mut env, &mut scratch));
        let mut group = c.benchmark_group(p.name);
        group.throughput(Throughput::Elements(exit.executed));
        group.bench_function("reference", |b| {
            b.iter(|| black_box(run_reference(&p, &mut env, &mut scratch)))
        });
        group.bench_function("lowered", |b| {
            b.iter(|| black_box(run_lowered(&p, &mut env, &mut scratch)))
        });
        group.finish();
    }
    let blob = assemble(PROGRAM).expect("assembles");
    let mut work = vec![Slot::EMPTY; 64];
    let mut group = c.benchmark_group("verify");
    group.bench_function("predicate_quantize_count", |b| {
        b.iter(|| black_box(verify(black_box(&blob), &Limits::DEFAULT, &mut work)))
    });
    group.finish();
}

/// Runs every program `n` times per interpreter, for callgrind.
fn icount(n: u32) {
    let mut env = NullEnv { sum: 0 };
    let mut scratch = [0u8; 1024];
    let only = std::env::var("INTERP_ONLY").ok();
    for p in programs() {
        if only.as_deref().is_some_and(|o| o != p.name) {
            continue;
        }
        for _ in 0..n {
            black_box(run_reference(&p, &mut env, &mut scratch));
            black_box(run_lowered(&p, &mut env, &mut scratch));
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    match std::env::var("INTERP_ICOUNT") {
        Ok(n) => icount(n.parse().expect("INTERP_ICOUNT is a count")),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
