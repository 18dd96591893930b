//! `print(p)`: what the pointer `p` points to, recorded as its bytes and
//! shown by its type (Oracle's DTrace's `print()`). The type is described
//! here ([`PrintType`]), with the names the script or the kernel gave its
//! members' types.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::ActionKind;
use super::super::print_type::{record_name, PrintKind, PrintMember, PrintType, MAX_DEPTH};
use super::super::types::{IntKind, Type};
use super::structs::Member;
use super::Checker;

/// The most bytes one `print()` records (as `tracemem()`'s most).
const MAX_PRINT: u64 = u16::MAX as u64;

impl Checker<'_, '_> {
    /// `print(p)`.
    pub(super) fn print_action(&mut self, call: &Expr, args: &[Expr]) -> Option<ActionKind> {
        let [arg] = self.arity::<1>(call, "print", args)?;
        let p = self.expr(arg)?;
        let ty = match p.ty {
            Type::StructPtr(id) => self.struct_print_type(id, 0),
            Type::Ptr { to: Some(k) } => int_type(k),
            Type::Ptr { to: None } => PrintType::other("void", 0),
            t => {
                self.report(Diagnostic::print_not_pointer(arg.span, t));
                return None;
            }
        };
        if ty.size == 0 {
            self.report(Diagnostic::print_size(arg.span, &ty.name));
            return None;
        }
        let bytes = super::tracemem::memory_bytes(p.clone(), ty.size.min(MAX_PRINT));
        Some(ActionKind::Print {
            addr: p,
            bytes,
            ty: Box::new(ty),
        })
    }

    /// Struct `id` of the table, its members `depth` levels below the
    /// printed type.
    fn struct_print_type(&mut self, id: u32, depth: usize) -> PrintType {
        if let Some(t) = self.kernel_print_type(id, depth) {
            return t;
        }
        let Some(def) = self.syms.structs.get(id as usize).cloned() else {
            return PrintType::other("?", 0);
        };
        let (kw, tag) = def.name.split_once(' ').unwrap_or(("struct", ""));
        let members = match depth < MAX_DEPTH {
            true => def
                .members
                .iter()
                .map(|m| self.member_print_type(m, depth + 1))
                .collect(),
            false => Vec::new(),
        };
        PrintType {
            name: record_name(kw == "union", tag),
            size: def.size,
            kind: PrintKind::Struct(members),
        }
    }

    fn member_print_type(&mut self, m: &Member, depth: usize) -> PrintMember {
        let elem = self.declared_print_type(m.ty, &m.written, depth);
        let ty = match m.len {
            Some(len) => PrintType {
                name: format!("{} [{len}]", elem.name),
                size: elem.size.saturating_mul(len),
                kind: PrintKind::Array(Box::new(elem), len),
            },
            None => elem,
        };
        let (bit, bits) = m.bits.map_or((0, None), |(at, width)| (at, Some(width)));
        PrintMember {
            name: m.name.clone(),
            bit_offset: m.offset * 8 + u64::from(bit),
            bits,
            ty,
        }
    }

    /// A member of type `ty` that the script wrote as `written`.
    fn declared_print_type(&mut self, ty: Type, written: &str, depth: usize) -> PrintType {
        match ty {
            Type::Struct(id) | Type::StructVal(id) => self.struct_print_type(id, depth),
            Type::Int { signed, size } => {
                let values = written
                    .strip_prefix("enum ")
                    .and_then(|tag| self.syms.enum_tags.get(tag));
                match values {
                    Some(v) => PrintType {
                        name: written.into(),
                        size: u64::from(size),
                        kind: PrintKind::Enum(v.clone()),
                    },
                    None => PrintType::int(written, u64::from(size), signed),
                }
            }
            Type::Ptr { .. } | Type::StructPtr(_) => PrintType {
                name: written.into(),
                size: 8,
                kind: PrintKind::Pointer,
            },
            t => PrintType::other(written, self.size_of(t)),
        }
    }
}

/// The integer type `k`, by D's name for it.
fn int_type(k: IntKind) -> PrintType {
    PrintType::int(k.spelling(), u64::from(k.size), k.signed)
}
