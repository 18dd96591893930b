//! Structured programs: the bytes choose a well-formed program (nested
//! loops, early exits, every instruction family), which is assembled,
//! verified and run; the run must stay within the verifier's bound. A
//! rejection other than "too costly" is a bug in the verifier.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

mod shared;

fuzz_target!(|data: &[u8]| {
    let text = shared::gen::program(data);
    let blob = rdtrace_uapi::dif::asm::assemble(&text).expect("generated text assembles");
    let mut work = vec![Slot::EMPTY; 4096];
    if let Err(e) = verify(&blob, &Limits::DEFAULT, &mut work) {
        assert!(matches!(e, VerifyError::TooCostly { .. }), "{e}\n{text}");
        return;
    }
    assert!(shared::check(&blob));
});
