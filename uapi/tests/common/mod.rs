//! Shared by the integration tests (and, through `#[path]`, by the fuzz
//! targets and the benchmark).
#![allow(dead_code)]

pub mod calls;
pub mod gen;
pub mod mock;

use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::fault::Fault;
use rdtrace_uapi::dif::interp::{run, Exit};
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::lowered::{LoweredInsn, LoweredProgram};
use rdtrace_uapi::dif::verifier::{verify, verify_lowered, Limits, Slot, Verified};

/// Verifies a blob with the default limits.
pub fn check(blob: &[u8]) -> Result<Verified, VerifyError> {
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    verify(blob, &Limits::DEFAULT, &mut work)
}

/// Assembles, panicking on assembler errors.
pub fn asm(text: &str) -> Vec<u8> {
    assemble(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Assembles and verifies, panicking on either error.
pub fn load(text: &str) -> (Vec<u8>, Verified) {
    let blob = asm(text);
    let v = check(&blob).unwrap_or_else(|e| panic!("{e}\n{text}"));
    (blob, v)
}

/// Assembles, verifies and runs with a fresh mock environment.
pub fn exec(text: &str) -> (Result<Exit, Fault>, mock::MockEnv) {
    let (blob, v) = load(text);
    let mut env = mock::MockEnv::new();
    let mut scratch = [0u8; 2048];
    let r = run(&blob, &v, &mut env, &mut scratch);
    (r, env)
}

/// The return value of a program that must not fault.
pub fn ret(text: &str) -> u64 {
    match exec(text).0 {
        Ok(e) => e.value,
        Err(f) => panic!("fault {f}\n{text}"),
    }
}

/// Verifies and lowers a blob with the default limits.
pub fn lower(blob: &[u8]) -> Result<LoweredProgram<&[u8], Vec<LoweredInsn>>, VerifyError> {
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    let code = vec![LoweredInsn::EMPTY; blob.len() / 8];
    verify_lowered(blob, &Limits::DEFAULT, &mut work, code)
}

/// Runs a verified blob with the reference interpreter and its lowered
/// program, each against a fresh recording mock with `scratch` bytes of
/// string space, and panics unless both end the same way after the same
/// environment calls. Returns whether the blob verified.
pub fn same_as_reference(blob: &[u8], scratch: usize) -> bool {
    let Ok(lowered) = lower(blob) else {
        assert!(
            check(blob).is_err(),
            "verify_lowered rejected what verify accepts"
        );
        return false;
    };
    let v = check(blob).expect("verify accepts what verify_lowered does");
    assert_eq!(&v, lowered.verified());
    let (mut env_ref, mut env_low) = (calls::Recording::default(), calls::Recording::default());
    let (mut s_ref, mut s_low) = (vec![0u8; scratch], vec![0u8; scratch]);
    let by_ref = run(blob, &v, &mut env_ref, &mut s_ref);
    let by_low = lowered.run(&mut env_low, &mut s_low);
    let text = rdtrace_uapi::dif::disasm::disassemble(blob).unwrap_or_default();
    assert_eq!(by_ref, by_low, "results differ\n{text}");
    assert_eq!(
        env_ref.calls, env_low.calls,
        "environment calls differ\n{text}"
    );
    true
}
