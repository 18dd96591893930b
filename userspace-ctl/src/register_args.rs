//! Whether a kernel function takes every argument in a register, from its
//! BTF prototype, by the System V x86-64 rules the kernel is built with.
//! Only then may the module see an fbt return by calling the function from
//! its own trampoline ([`rdtrace_uapi::trace::PROBE_REGISTER_ARGS`]): the
//! trampoline copies no stack arguments.

use crate::compiler::btf::{KernelBtf, Prototype, Shape};

/// The integer argument registers: rdi, rsi, rdx, rcx, r8, r9.
pub const ARG_REGISTERS: u64 = 6;

/// The integer registers a call with this prototype fills, or `None` when
/// some argument goes on the stack however few the others are.
pub fn registers(p: &Prototype) -> Option<u64> {
    if p.variadic {
        return None;
    }
    // A record returned in memory: its address is a hidden first argument.
    let hidden = match p.ret {
        Shape::Record { size, .. } if size > 16 => 1,
        // Returned in SSE registers or of no known type: be safe.
        Shape::Float | Shape::Unknown | Shape::Record { integer: false, .. } => return None,
        _ => 0,
    };
    p.params.iter().try_fold(hidden, |n, s| match *s {
        Shape::Int(size) if (1..=16).contains(&size) => Some(n + size.div_ceil(8)),
        Shape::Record {
            size,
            integer: true,
        } if (1..=16).contains(&size) => Some(n + size.div_ceil(8)),
        _ => None,
    })
}

/// Whether every argument of `function` is in a register, by its BTF:
/// every `FUNC` of that name must say so. A compiler clone (`.isra.0`,
/// `.constprop.0`, `.part.0`, `.cold`) is not: its real signature may
/// differ from the one BTF gives the original.
pub fn eligible(btf: &KernelBtf, function: &str) -> bool {
    if function.contains('.') {
        return false;
    }
    let protos = btf.prototypes(function);
    !protos.is_empty()
        && protos
            .iter()
            .all(|p| registers(p).is_some_and(|n| n <= ARG_REGISTERS))
}

#[cfg(test)]
#[path = "register_args_tests.rs"]
mod tests;
