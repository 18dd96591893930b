//! The interpreter's speed on a typical predicate-plus-aggregation program:
//!
//! ```d
//! fbt::ksys_read:entry /execname == "bash" && arg0 != 0/
//! { @lat[probefunc] = quantize(arg2); @n[probefunc] = count(); }
//! ```
//!
//! against an environment that does no work, so the figure is the
//! interpreter's own cost. Reports ns per run (criterion's time) and
//! instructions per second (its throughput, in "elements").

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

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

fn bench(c: &mut Criterion) {
    let blob = assemble(PROGRAM).expect("assembles");
    let mut work = vec![Slot::EMPTY; 64];
    let verified = verify(&blob, &Limits::DEFAULT, &mut work).expect("verifies");
    let mut env = NullEnv { sum: 0 };
    let mut scratch = [0u8; 1024];
    let exit = run(&blob, &verified, &mut env, &mut scratch).expect("runs");
    assert_eq!(exit.value, 1);
    let mut group = c.benchmark_group("interp");
    group.throughput(Throughput::Elements(exit.executed));
    group.bench_function("predicate_quantize_count", |b| {
        b.iter(|| {
            let r = run(black_box(&blob), &verified, &mut env, &mut scratch);
            black_box(r)
        })
    });
    group.finish();
    let mut group = c.benchmark_group("verify");
    group.bench_function("predicate_quantize_count", |b| {
        b.iter(|| black_box(verify(black_box(&blob), &Limits::DEFAULT, &mut work)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
