//! `-l -v`: each listed probe's stability attributes and argument types,
//! in dtrace's layout. The attributes are the providers' own (dtrace's
//! provider definitions: the description's are the least of its provider,
//! module, function and name; the arguments' are the provider's);
//! argument types are the stable providers' translated types and, for fbt
//! entry and tracepoints, the kernel's BTF prototype.

use crate::compiler::btf::{KType, KernelBtf};
use crate::compiler::stable;
use crate::probes::Probe;
use crate::stability::{block, Attributes, PRIVATE, STABLE};
use rdtrace_uapi::trace::{PROBE_ENTRY, PROBE_TRACEPOINT};

const EVOLVING_ISA: Attributes = ("Evolving", "Evolving", "ISA");
const EVOLVING_COMMON: Attributes = ("Evolving", "Evolving", "Common");
const PRIVATE_ISA: Attributes = ("Private", "Private", "ISA");

/// The description's and the arguments' attributes of `provider`'s probes.
fn attributes(provider: &str) -> (Attributes, Attributes) {
    match provider {
        "dtrace" => (STABLE, STABLE),
        "proc" | "sched" => (PRIVATE, EVOLVING_ISA),
        "profile" => (PRIVATE, EVOLVING_COMMON),
        _ => (PRIVATE, PRIVATE_ISA),
    }
}

/// `k` as a C type name.
fn type_name(btf: &KernelBtf, k: &KType) -> String {
    match k {
        KType::Void => "void".into(),
        KType::Char => "char".into(),
        KType::Int { signed, size } => {
            let base = match size {
                1 => "char",
                2 => "short",
                4 => "int",
                _ => "long",
            };
            if *signed {
                base.into()
            } else {
                format!("unsigned {base}")
            }
        }
        KType::Ptr(to) => {
            let inner = type_name(btf, to);
            if inner.ends_with('*') {
                format!("{inner}*")
            } else {
                format!("{inner} *")
            }
        }
        KType::Struct { id, union } => btf.layout(*id).map_or_else(
            || {
                if *union {
                    "union".into()
                } else {
                    "struct".into()
                }
            },
            |s| s.name,
        ),
        KType::Array(of, n) => format!("{}[{n}]", type_name(btf, of)),
        KType::Other => "void".into(),
    }
}

/// `p`'s argument types, `args[0]` first (none when it has no typed
/// arguments).
fn arg_types(p: &Probe, btf: Option<&KernelBtf>) -> Vec<String> {
    if let Some(s) = stable::named(p.provider, &p.name) {
        return s.args.iter().map(|(ty, _)| (*ty).to_string()).collect();
    }
    let Some(btf) = btf else {
        return Vec::new();
    };
    let proto = match p.kind {
        PROBE_ENTRY if p.provider == "fbt" => btf.function(&p.function),
        PROBE_TRACEPOINT => btf.tracepoint(&p.name),
        _ => None,
    };
    proto.map_or_else(Vec::new, |f| {
        f.params.iter().map(|k| type_name(btf, k)).collect()
    })
}

/// The block `-l -v` prints under `p`'s line.
pub fn describe(p: &Probe, btf: Option<&KernelBtf>) -> String {
    let (desc, args) = attributes(p.provider);
    let types = arg_types(p, btf);
    let types = if types.is_empty() {
        "\t\tNone\n".to_string()
    } else {
        types
            .iter()
            .enumerate()
            .map(|(i, t)| format!("\t\targs[{i}]: {t}\n"))
            .collect()
    };
    format!(
        "{}{}\n\tArgument Types\n{types}\n",
        block("Probe Description Attributes", desc),
        block("Argument Attributes", args)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdtrace_uapi::trace::PROBE_BEGIN;

    fn probe(provider: &'static str, name: &str, kind: u32) -> Probe {
        Probe {
            id: 1,
            kind,
            addr: 0,
            provider,
            module: "vmlinux".into(),
            function: "".into(),
            name: name.to_string().into(),
            under: None,
        }
    }

    #[test]
    fn a_stable_probe_shows_its_translated_types() {
        let p = probe("sched", "enqueue", PROBE_TRACEPOINT);
        assert_eq!(
            describe(&p, None),
            "\n\tProbe Description Attributes\n\t\tIdentifier Names: Private\n\t\tData Semantics:   Private\n\t\tDependency Class: Unknown\n\
             \n\tArgument Attributes\n\t\tIdentifier Names: Evolving\n\t\tData Semantics:   Evolving\n\t\tDependency Class: ISA\n\
             \n\tArgument Types\n\t\targs[0]: lwpsinfo_t *\n\t\targs[1]: psinfo_t *\n\t\targs[2]: cpuinfo_t *\n\n"
        );
    }

    #[test]
    fn begin_is_stable_with_no_arguments() {
        let text = describe(&probe("dtrace", "BEGIN", PROBE_BEGIN), None);
        assert!(
            text.contains("Dependency Class: Common\n\n\tArgument Attributes"),
            "{text}"
        );
        assert!(text.ends_with("\tArgument Types\n\t\tNone\n\n"), "{text}");
    }
}
