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

/// DTrace's stability levels, lowest first.
const STABILITIES: &[&str] = &[
    "Internal", "Private", "Obsolete", "External", "Unstable", "Evolving", "Stable", "Standard",
];
/// DTrace's dependency classes, narrowest first.
const CLASSES: &[&str] = &["Unknown", "CPU", "Platform", "Group", "ISA", "Common"];

/// Whether `text` is an attribute triple as `#pragma D attributes` takes
/// it: `name[/data[/class]]`, each word a stability (the class a
/// dependency class), in any case.
pub fn valid_attributes(text: &str) -> bool {
    let is = |set: &[&str], w: &str| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    let words: Vec<&str> = text.split('/').collect();
    words.len() <= 3
        && words.iter().enumerate().all(|(i, w)| match i {
            2 => is(CLASSES, w),
            _ => is(STABILITIES, w),
        })
}

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

#[cfg(test)]
mod tests {
    use super::valid_attributes;

    #[test]
    fn attribute_triples() {
        for ok in [
            "Stable/Stable/Common",
            "evolving/Private/isa",
            "Unstable",
            "Stable/Stable",
        ] {
            assert!(valid_attributes(ok), "{ok}");
        }
        for bad in [
            "incorrect_attr",
            "Stable/Stable/Stable",
            "Stable//Common",
            "A/B/C/D",
        ] {
            assert!(!valid_attributes(bad), "{bad}");
        }
    }
}
