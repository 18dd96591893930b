//! A probe's names as DTrace shows them.

use rdtrace_uapi::trace::{probe_function_and_name, probe_provider, provider_name, ProbeSpec};

/// The kinds of the probes only shown, never enabled: a stable provider's
/// (`proc:::exec`) is this plus the provider's index in
/// [`crate::compiler::stable::PROVIDERS`], its module `vmlinux` and its
/// name in the function field; the kernel enables the probe it fires on.
pub const SHOWN_STABLE: u32 = 0x8000_0000;

/// A NUL-padded name as text.
pub fn cstr(b: &[u8]) -> String {
    String::from_utf8_lossy(rdtrace_uapi::until_nul(b)).into_owned()
}

/// A probe's provider.
pub fn provider(spec: &ProbeSpec) -> &'static str {
    match spec.kind.checked_sub(SHOWN_STABLE) {
        Some(i) => crate::compiler::stable::PROVIDERS
            .get(i as usize)
            .copied()
            .unwrap_or("?"),
        None => provider_name(spec.kind),
    }
}

/// A probe's provider as `probeprov` gives it: a pid provider probe's
/// with its process (`pid1234`).
pub fn provider_full(spec: &ProbeSpec) -> String {
    if spec.kind >= SHOWN_STABLE {
        return provider(spec).to_string();
    }
    let mut buf = [0; 16];
    cstr(probe_provider(spec, &mut buf))
}

/// A probe's function and name, as the kernel's `probefunc` and
/// `probename` give them.
pub fn probe_name(spec: &ProbeSpec) -> (String, String) {
    if spec.kind >= SHOWN_STABLE {
        return (String::new(), cstr(&spec.function));
    }
    let mut digits = [0; 16];
    let (function, name) = probe_function_and_name(spec, &mut digits);
    (cstr(function), cstr(name))
}

/// `provider:module:function:name`.
pub fn full_name(spec: &ProbeSpec) -> String {
    let (function, name) = probe_name(spec);
    format!(
        "{}:{}:{function}:{name}",
        provider_full(spec),
        cstr(&spec.module)
    )
}
