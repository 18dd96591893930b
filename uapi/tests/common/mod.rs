//! Shared by the integration tests (and, through `#[path]`, by the fuzz
//! targets and the benchmark).
#![allow(dead_code)]

pub mod gen;
pub mod mock;

use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::fault::Fault;
use rdtrace_uapi::dif::interp::{run, Exit};
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot, Verified};

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
