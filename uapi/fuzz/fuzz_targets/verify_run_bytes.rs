//! Arbitrary bytes -> verify -> run (when accepted) against the mock.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    shared::check(data);
});
