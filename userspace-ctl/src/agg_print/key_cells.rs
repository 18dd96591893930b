//! Keys as the packed layouts print them (`agghist`, `aggpack`): each
//! element right-justified in a fixed width by its size, so that the
//! rows line up under a `key` header (`dt_print_datum`'s packed widths).

use super::{int_key, symbol_name, Key};
use crate::compiler::ir::Aggregation;
use crate::compiler::types::Type;
use std::fmt::Write;

/// The width of an element of type `ty`: 3, 5, 8 and 16 columns for 1-,
/// 2-, 4- and 8-byte integers, 16 for strings and the rest.
fn width(ty: Type) -> usize {
    match ty {
        Type::Int { .. } => int_key(0, ty).1,
        _ => 16,
    }
}

/// The key header's width: each element's and a space before it.
pub(super) fn header_width(desc: &Aggregation) -> usize {
    desc.keys.iter().map(|&ty| width(ty) + 1).sum()
}

/// A row's key elements, each a space then the element in its width.
pub(super) fn cells(out: &mut String, desc: &Aggregation, key: &[Key]) {
    for (k, &ty) in key
        .iter()
        .zip(desc.keys.iter().chain(std::iter::repeat(&Type::INT)))
    {
        let w = width(ty);
        let _ = match (k, ty) {
            (Key::Int(v), Type::Symbol(kind)) => write!(out, " {:>w$}", symbol_name(*v, kind)),
            (Key::Int(v), ty) => write!(out, " {:>w$}", int_key(*v, ty).0),
            (Key::Str(s), _) => write!(out, " {:>w$}", String::from_utf8_lossy(s)),
        };
    }
}
