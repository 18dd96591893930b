//! Shared by both targets: verify, then run a verified program against the
//! mock environment and check the bound; run its lowered program too and
//! require the same result, fault and environment calls.

use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::lowered::LoweredInsn;
use rdtrace_uapi::dif::verifier::{verify, verify_lowered, Limits, Slot};

#[path = "../../tests/common/mock.rs"]
#[allow(dead_code)]
pub mod mock;

#[path = "../../tests/common/calls.rs"]
#[allow(dead_code)]
pub mod calls;

#[path = "../../tests/common/gen.rs"]
#[allow(dead_code)]
pub mod gen;

/// Verifies `blob`; if accepted, runs it and asserts the run stayed within
/// the bound and never hit a fault only an unverified program can. Also
/// disassembles it. Returns whether it verified.
pub fn check(blob: &[u8]) -> bool {
    let _ = rdtrace_uapi::dif::disasm::disassemble(blob);
    let mut work = vec![Slot::EMPTY; 4096];
    let Ok(v) = verify(blob, &Limits::DEFAULT, &mut work) else {
        return false;
    };
    let mut env = mock::MockEnv::new();
    let mut scratch = [0u8; 1024];
    let executed = match run(blob, &v, &mut env, &mut scratch) {
        Ok(e) => e.executed,
        Err(f) => {
            assert_ne!(
                f.code,
                FaultCode::Budget,
                "verified program ran out of budget"
            );
            assert_ne!(
                f.code,
                FaultCode::IllegalOp,
                "verified program hit ILLOP at {}",
                f.insn
            );
            f.executed
        }
    };
    assert!(
        executed <= v.cost(),
        "executed {executed} > bound {}",
        v.cost()
    );
    same_as_reference(blob);
    true
}

/// Runs a verified `blob` with the reference interpreter and lowered, each
/// against a recording mock, and requires the same outcome and calls.
fn same_as_reference(blob: &[u8]) {
    let mut work = vec![Slot::EMPTY; 4096];
    let code = vec![LoweredInsn::EMPTY; blob.len() / 8];
    let lowered = verify_lowered(blob, &Limits::DEFAULT, &mut work, code)
        .expect("verify_lowered accepts what verify does");
    let (mut a, mut b) = (calls::Recording::default(), calls::Recording::default());
    let (mut sa, mut sb) = ([0u8; 1024], [0u8; 1024]);
    let by_ref = run(blob, lowered.verified(), &mut a, &mut sa);
    let by_low = lowered.run(&mut b, &mut sb);
    assert_eq!(by_ref, by_low, "results differ");
    assert_eq!(a.calls, b.calls, "environment calls differ");
}
