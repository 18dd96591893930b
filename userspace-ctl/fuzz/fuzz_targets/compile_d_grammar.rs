//! D-shaped source (grammar_d) from the fuzzer's bytes: the compiler must
//! answer with a program or diagnostics, never panic or overflow its stack
//! (scripts/fuzz compile_d_grammar).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod grammar_d;
mod hostile_d;

fuzz_target!(|data: &[u8]| {
    hostile_d::check(grammar_d::source(data).as_bytes());
});
