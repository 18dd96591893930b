//! `-v`: dtrace's stability report for a program. rdtrace does not track
//! stability per identifier: the probe-description attributes are those
//! dtrace gives its providers (`dtrace` Stable, `fbt` Private with an
//! Unknown dependency class: function names are the kernel's), the
//! statement attributes those of the D builtins rdtrace compiles (Stable).

use crate::compiler::ProbeDesc;

/// One set of attributes: identifier names, data semantics, class.
pub type Attributes = (&'static str, &'static str, &'static str);

/// The dtrace provider's and the D builtins'.
pub const STABLE: Attributes = ("Stable", "Stable", "Common");
/// Private names and data, of unknown dependency (the kernel's functions).
pub const PRIVATE: Attributes = ("Private", "Private", "Unknown");

/// One attribute block as dtrace prints it, under `title`.
pub fn block(title: &str, (names, data, class): Attributes) -> String {
    format!(
        "\n\t{title}\n\t\tIdentifier Names: {names}\n\t\tData Semantics:   {data}\n\t\tDependency Class: {class}\n"
    )
}

/// The report dtrace prints for `-v`, for the program `name`.
pub fn report(name: &str, descs: &[&ProbeDesc]) -> String {
    let any_fbt = descs.iter().any(|d| d.provider != "dtrace");
    let probes = if any_fbt { PRIVATE } else { STABLE };
    format!(
        "\nStability attributes for script {name}:\n{}{}\n",
        block("Minimum Probe Description Attributes", probes),
        block("Minimum Statement Attributes", STABLE)
    )
}
