//! Arbitrary bytes as D source: the compiler must answer with a program or
//! diagnostics, never panic or overflow its stack (scripts/fuzz compile_d).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod hostile_d;

fuzz_target!(|data: &[u8]| {
    hostile_d::check(data);
});
