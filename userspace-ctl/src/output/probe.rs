//! A probe's names as DTrace shows them.

use rdtrace_uapi::trace::{fixed_probe_name, provider_name, ProbeSpec};

/// A NUL-padded name as text.
pub fn cstr(b: &[u8]) -> String {
    String::from_utf8_lossy(rdtrace_uapi::until_nul(b)).into_owned()
}

/// A probe's function and name. Tick and profile probes have no function
/// and carry their name in its place.
pub fn probe_name(spec: &ProbeSpec) -> (String, String) {
    match fixed_probe_name(spec.kind) {
        Some(name) => (cstr(&spec.function), name.into()),
        None => (String::new(), cstr(&spec.function)),
    }
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
