//! Shared by both targets: verify, then run a verified program against the
//! mock environment and check the bound.

use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

#[path = "../../tests/common/mock.rs"]
#[allow(dead_code)]
pub mod mock;

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
    true
}
