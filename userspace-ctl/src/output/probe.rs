//! A probe's names as DTrace shows them.

use rdtrace_uapi::trace::{probe_function_and_name, provider_name, ProbeSpec};

/// A NUL-padded name as text.
pub fn cstr(b: &[u8]) -> String {
    String::from_utf8_lossy(rdtrace_uapi::until_nul(b)).into_owned()
}

/// A probe's function and name, as the kernel's `probefunc` and
/// `probename` give them.
pub fn probe_name(spec: &ProbeSpec) -> (String, String) {
    let mut digits = [0; 16];
    let (function, name) = probe_function_and_name(spec, &mut digits);
    (cstr(function), cstr(name))
}

/// `provider:module:function:name`.
pub fn full_name(spec: &ProbeSpec) -> String {
    let (function, name) = probe_name(spec);
    format!(
        "{}:{}:{function}:{name}",
        provider_name(spec.kind),
        cstr(&spec.module)
    )
}
