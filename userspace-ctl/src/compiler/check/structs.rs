//! Structs and unions the script declares: their C layout (LP64), and
//! member access through a pointer (`p->m`), compiled to nofault loads.

use super::super::ast::{Expr, TypeName};
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ArithOp};
use super::super::span::Span;
use super::super::types::{IntKind, Type};
use super::Checker;

/// One member: its type, byte offset and array length.
#[derive(Clone, Debug)]
pub(super) struct Member {
    pub(super) name: String,
    pub(super) ty: Type,
    pub(super) offset: u64,
    pub(super) len: Option<u64>,
}

/// A declared struct or union.
#[derive(Clone, Debug)]
pub(super) struct StructDef {
    pub(super) members: Vec<Member>,
    pub(super) size: u64,
    pub(super) align: u64,
}

impl Checker<'_, '_> {
    /// The size of a type, structs included.
    pub(super) fn size_of(&self, ty: Type) -> u64 {
        match ty {
            Type::Struct(id) => self.syms.structs.get(id as usize).map_or(0, |s| s.size),
            t => t.size(self.strsize()),
        }
    }

    fn align_of(&self, ty: Type) -> u64 {
        match ty {
            Type::Struct(id) => self.syms.structs.get(id as usize).map_or(1, |s| s.align),
            Type::Str => 1,
            t => t.size(1).max(1),
        }
    }

    /// Lays out and enters `struct name { members }`.
    pub(super) fn declare_struct(
        &mut self,
        union: bool,
        name: &str,
        members: &[(TypeName, String, Option<u64>, Span)],
        span: Span,
    ) {
        let key = format!("{} {name}", if union { "union" } else { "struct" });
        if self.syms.struct_names.contains_key(&key) {
            self.report(Diagnostic::redeclared(span, &key, span));
            return;
        }
        let (mut size, mut align, mut laid) = (0u64, 1u64, Vec::new());
        for (tn, m, len, mspan) in members {
            let Some(ty) = self.resolve_type(tn) else {
                return;
            };
            if laid.iter().any(|x: &Member| x.name == *m) {
                self.report(Diagnostic::redeclared(*mspan, m, *mspan));
                return;
            }
            let a = self.align_of(ty);
            let bytes = self.size_of(ty).saturating_mul(len.unwrap_or(1));
            let offset = if union { 0 } else { size.div_ceil(a) * a };
            size = if union {
                size.max(bytes)
            } else {
                offset + bytes
            };
            align = align.max(a);
            laid.push(Member {
                name: m.clone(),
                ty,
                offset,
                len: *len,
            });
        }
        let id = self.syms.structs.len() as u32;
        self.syms.structs.push(StructDef {
            members: laid,
            size: size.div_ceil(align) * align,
            align,
        });
        self.syms.struct_names.insert(key, id);
    }

    /// The member `name` of the struct `ty` names, or a reported error.
    fn member(&mut self, ty: Type, name: &str, span: Span) -> Option<Member> {
        let (Type::Struct(id) | Type::StructPtr(id)) = ty else {
            self.report(Diagnostic::not_a_struct(span, ty));
            return None;
        };
        let found = self.syms.structs[id as usize]
            .members
            .iter()
            .find(|m| m.name == name)
            .cloned();
        if found.is_none() {
            self.report(Diagnostic::no_member(span, name));
        }
        found
    }

    /// `offsetof(struct s, m)`.
    pub(super) fn offsetof(&mut self, e: &Expr, ty: &TypeName, name: &str) -> Option<ir::Expr> {
        let t = self.resolve_type(ty)?;
        let m = self.member(t, name, e.span)?;
        Some(ir::Expr {
            kind: ir::ExprKind::Int(m.offset),
            ty: Type::UINT,
            span: e.span,
        })
    }

    /// `base->name` (`arrow`) or `base.name` on a struct pointer.
    pub(super) fn member_access(
        &mut self,
        e: &Expr,
        base: &Expr,
        name: &str,
        arrow: bool,
    ) -> Option<ir::Expr> {
        let b = self.expr(base)?;
        if !arrow || !matches!(b.ty, Type::StructPtr(_)) {
            self.report(Diagnostic::not_a_struct(base.span, b.ty));
            return None;
        }
        let m = self.member(b.ty, name, e.span)?;
        let addr = ir::Expr {
            kind: ir::ExprKind::Arith(
                ArithOp::Add,
                Box::new(b),
                Box::new(ir::Expr {
                    kind: ir::ExprKind::Int(m.offset),
                    ty: Type::UINT,
                    span: e.span,
                }),
            ),
            ty: Type::UINT,
            span: e.span,
        };
        let (kind, ty) = match (m.ty, m.len) {
            // An array member is its address.
            (t, Some(_)) => (addr.kind, t.pointer_to()),
            (Type::Int { signed, size }, None) => (
                ir::ExprKind::Deref(Box::new(addr), IntKind { signed, size }),
                m.ty,
            ),
            (Type::Ptr { .. } | Type::StructPtr(_), None) => (
                ir::ExprKind::Deref(
                    Box::new(addr),
                    IntKind {
                        signed: false,
                        size: 8,
                    },
                ),
                m.ty,
            ),
            _ => {
                self.report(Diagnostic::unsupported(
                    e.span,
                    "reading a struct or string member whole",
                ));
                return None;
            }
        };
        Some(ir::Expr {
            kind,
            ty,
            span: e.span,
        })
    }
}
