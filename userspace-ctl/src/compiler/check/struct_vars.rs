//! Struct and union variables: `struct s x;`, `this->x`, `self->x` and
//! arrays of them hold the struct's bytes (a DIF string of its size,
//! stored like a string variable). A member is read with `blobget` at its
//! offset, written with `blobset` (`blobput` for a struct member) into
//! the variable's bytes, which are stored back whole; `x.in.m` and
//! `x.arr[i]` add their offsets up. The kernel bounds every access to the
//! bytes the variable holds: an unset struct reads as zeros.

use super::super::ast::{BinaryOp, Expr, ExprKind};
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir::{self, ArithOp, MemberStore};
use super::super::span::Span;
use super::super::types::{IntKind, Type};
use super::structs::Member;
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

/// A member of a struct variable, as `x.m`, `a[k].in.m` or `x.arr[2]`
/// name it.
pub(super) struct VarMember {
    /// The variable's value (a load).
    root: ir::Expr,
    /// The member's byte offset in it.
    offset: ir::Expr,
    /// The member.
    pub(super) member: Member,
}

/// A marker: the problem is reported.
pub(super) struct Reported;

fn int(v: u64, span: Span) -> ir::Expr {
    ir::Expr {
        kind: ir::ExprKind::Int(v),
        ty: Type::UINT,
        span,
    }
}

fn add(a: ir::Expr, b: ir::Expr, span: Span) -> ir::Expr {
    match (&a.kind, &b.kind) {
        (ir::ExprKind::Int(x), ir::ExprKind::Int(y)) => int(x.wrapping_add(*y), span),
        _ => arith(ArithOp::Add, a, b, Type::UINT, span),
    }
}

fn arith(op: ArithOp, a: ir::Expr, b: ir::Expr, ty: Type, span: Span) -> ir::Expr {
    ir::Expr {
        kind: ir::ExprKind::Arith(op, Box::new(a), Box::new(b)),
        ty,
        span,
    }
}

fn call(subr: Subr, args: Vec<ir::Expr>, ty: Type, span: Span) -> ir::Expr {
    ir::Expr {
        kind: ir::ExprKind::Call(subr, args),
        ty,
        span,
    }
}

impl Checker<'_, '_> {
    /// `e` as a member of a struct variable; `Ok(None)` if it is not one.
    pub(super) fn var_member(&mut self, e: &Expr) -> Result<Option<VarMember>, Reported> {
        match &e.kind {
            ExprKind::Member {
                base,
                name,
                arrow: false,
            } => {
                let Some((root, offset, id)) = self.struct_var_part(base)? else {
                    return Ok(None);
                };
                let Some(m) = self.struct_member(id, name, e.span) else {
                    return Err(Reported);
                };
                let offset = add(offset, int(m.offset, e.span), e.span);
                Ok(Some(VarMember {
                    root,
                    offset,
                    member: m,
                }))
            }
            ExprKind::Index(base, keys) if !self.is_variable(e) => {
                let Some(p) = self.var_member(base)? else {
                    return Ok(None);
                };
                let (Some(len), [index]) = (p.member.len, keys.as_slice()) else {
                    self.report(Diagnostic::index_unsupported(base.span));
                    return Err(Reported);
                };
                let i = self.expr(index).ok_or(Reported)?;
                if !i.ty.is_int() {
                    self.report(Diagnostic::operator_needs_int("[]", index.span, i.ty));
                    return Err(Reported);
                }
                if let ir::ExprKind::Int(n) = i.kind {
                    if n >= len {
                        self.report(Diagnostic::array_bounds(index.span, n as i64, len));
                        return Err(Reported);
                    }
                }
                let size = self.size_of(p.member.ty);
                let scaled = match i.kind {
                    ir::ExprKind::Int(n) => int(n.wrapping_mul(size), e.span),
                    _ => arith(ArithOp::Mul, i, int(size, e.span), Type::UINT, e.span),
                };
                Ok(Some(VarMember {
                    root: p.root,
                    offset: add(p.offset, scaled, e.span),
                    member: Member {
                        len: None,
                        bits: None,
                        ..p.member
                    },
                }))
            }
            _ => Ok(None),
        }
    }

    /// Whether `e` is a member of a struct variable, errors aside: it
    /// reaches one through `.` and `[]` alone.
    pub(super) fn var_member_peek(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Member {
                base, arrow: false, ..
            } => self.is_struct_var_part(base),
            ExprKind::Index(base, _) if !self.is_variable(e) => {
                matches!(base.kind, ExprKind::Member { arrow: false, .. })
                    && self.var_member_peek(base)
            }
            _ => false,
        }
    }

    fn is_struct_var_part(&self, base: &Expr) -> bool {
        if self.is_variable(base) {
            return matches!(self.variable_type(base), Some(Type::StructVal(_)));
        }
        self.var_member_peek(base)
    }

    /// The struct variable, or struct member of one, that `base` names:
    /// its value, the offset, the struct.
    fn struct_var_part(
        &mut self,
        base: &Expr,
    ) -> Result<Option<(ir::Expr, ir::Expr, u32)>, Reported> {
        if self.is_variable(base) {
            let Some(Type::StructVal(id)) = self.variable_type(base) else {
                return Ok(None);
            };
            let root = self.read_var(base).ok_or(Reported)?;
            return Ok(Some((root, int(0, base.span), id)));
        }
        match self.var_member(base)? {
            Some(VarMember {
                root,
                offset,
                member:
                    Member {
                        ty: Type::Struct(id),
                        len: None,
                        ..
                    },
            }) => Ok(Some((root, offset, id))),
            Some(_) => {
                let ty = self.expr(base).ok_or(Reported)?.ty;
                self.report(Diagnostic::not_struct_or_union(base.span, ty, false));
                Err(Reported)
            }
            None => Ok(None),
        }
    }

    /// `v.name` of a struct value `v` (of struct `id`) that is not a
    /// variable (an inline's).
    pub(super) fn value_member(
        &mut self,
        v: ir::Expr,
        id: u32,
        name: &str,
        span: Span,
    ) -> Option<ir::Expr> {
        let member = self.struct_member(id, name, span)?;
        let p = VarMember {
            root: v,
            offset: int(member.offset, span),
            member,
        };
        self.read_member(p, span)
    }

    /// A type as messages name it: a struct by its tag.
    pub(super) fn type_spelled(&self, t: Type) -> String {
        match t {
            Type::Struct(id) | Type::StructVal(id) => self.syms.structs[id as usize].name.clone(),
            t => t.describe().to_string(),
        }
    }

    /// The member `name` of struct `id`, or a reported error.
    pub(super) fn struct_member(&mut self, id: u32, name: &str, span: Span) -> Option<Member> {
        // A variable of a kernel struct type: its members read on first use.
        self.kernel_members(id);
        let found = self.syms.structs[id as usize]
            .members
            .iter()
            .find(|m| m.name == name)
            .cloned();
        if found.is_none() {
            let owner = self.syms.structs[id as usize].name.clone();
            self.report(Diagnostic::no_member(span, name, &owner));
        }
        found
    }

    /// The value of a member of a struct variable.
    pub(super) fn read_member(&mut self, p: VarMember, span: Span) -> Option<ir::Expr> {
        let m = &p.member;
        if m.len.is_some() || matches!(m.ty, Type::Str) {
            self.report(Diagnostic::unsupported(
                span,
                "an array or string member of a struct variable used whole",
            ));
            return None;
        }
        if let Type::Struct(id) = m.ty {
            let size = self.size_of(m.ty);
            let args = vec![p.root, p.offset, int(size, span)];
            return Some(call(Subr::Substr, args, Type::StructVal(id), span));
        }
        let width = match m.bits {
            Some((shift, bits)) => unit_bytes(shift, bits),
            None => self.size_of(m.ty),
        };
        let raw = call(
            Subr::BlobGet,
            vec![p.root, p.offset, int(width, span)],
            Type::UINT,
            span,
        );
        Some(match (m.ty, m.bits) {
            // A signed bitfield is sign-extended from its top bit.
            (Type::Int { signed: true, .. }, Some((shift, bits))) => {
                let up = u64::from(64 - shift - bits);
                let top = arith(ArithOp::Shl, raw, int(up, span), Type::UINT, span);
                let down = int(u64::from(64 - bits), span);
                let extended = arith(ArithOp::Shr, top, down, Type::INT, span);
                ir::Expr {
                    ty: m.ty,
                    ..extended
                }
            }
            (_, Some((shift, bits))) => {
                let shifted = arith(
                    ArithOp::Shr,
                    raw,
                    int(u64::from(shift), span),
                    Type::UINT,
                    span,
                );
                arith(ArithOp::And, shifted, int(mask(bits), span), m.ty, span)
            }
            (Type::Int { signed: true, size }, None) if size < 8 => ir::Expr {
                kind: ir::ExprKind::Narrow(Box::new(raw), IntKind { signed: true, size }),
                ty: m.ty,
                span,
            },
            (ty, None) => ir::Expr { ty, ..raw },
        })
    }

    /// `lhs = rhs` or `lhs op= rhs` where `lhs` is a member of a struct
    /// variable (`p`).
    pub(super) fn assign_member(
        &mut self,
        e: &Expr,
        op: Option<BinaryOp>,
        p: VarMember,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Option<ir::Expr> {
        let value = self.assigned_value(e, op, lhs, rhs)?;
        self.store_member(p, value, lhs, e.span)
    }

    /// `++`/`--` of a member of a struct variable; `post`: yields the
    /// old value.
    pub(super) fn incr_member(
        &mut self,
        e: &Expr,
        p: VarMember,
        target: &Expr,
        delta: i8,
        post: bool,
    ) -> Option<ir::Expr> {
        let old = self.read_member(
            VarMember {
                root: p.root.clone(),
                offset: p.offset.clone(),
                member: p.member.clone(),
            },
            target.span,
        )?;
        if !old.ty.is_scalar() {
            let op = if delta > 0 { "++" } else { "--" };
            self.report(Diagnostic::operator_needs_int(op, target.span, old.ty));
            return None;
        }
        let ty = old.ty;
        let step = i64::from(delta) * self.pointer_step(ty, target.span)?;
        let sum = arith(ArithOp::Add, old, int(step as u64, e.span), ty, e.span);
        let stored = self.store_member(p, sum, target, e.span)?;
        if !post {
            return Some(stored);
        }
        let back = arith(ArithOp::Sub, stored, int(step as u64, e.span), ty, e.span);
        self.convert(back, ty, "the member")
    }

    /// The struct variable with `value` stored in its member `p`.
    fn store_member(
        &mut self,
        p: VarMember,
        value: ir::Expr,
        lhs: &Expr,
        span: Span,
    ) -> Option<ir::Expr> {
        let ir::ExprKind::Load(place) = &p.root.kind else {
            self.report(Diagnostic::not_assignable(lhs.span));
            return None;
        };
        let place = place.clone();
        let Type::StructVal(id) = p.root.ty else {
            return None;
        };
        let size = self.syms.structs[id as usize].size;
        let m = p.member;
        if m.len.is_some() || matches!(m.ty, Type::Str) {
            self.report(Diagnostic::unsupported(
                lhs.span,
                "assigning an array or string member of a struct variable",
            ));
            return None;
        }
        let (value, width, put, offset) = match (m.ty, m.bits) {
            (Type::Struct(want), _) => {
                if value.ty != Type::StructVal(want) {
                    let want = Type::StructVal(want);
                    self.report(Diagnostic::assign_mismatch(
                        value.span, &m.name, want, value.ty,
                    ));
                    return None;
                }
                (value, self.size_of(m.ty), true, p.offset)
            }
            (_, Some((shift, bits))) => {
                let value = self.convert(value, Type::UINT, &m.name)?;
                let unit = unit_bytes(shift, bits);
                let old = call(
                    Subr::BlobGet,
                    vec![p.root.clone(), p.offset.clone(), int(unit, span)],
                    Type::UINT,
                    span,
                );
                let field = mask(bits) << shift;
                let kept = arith(ArithOp::And, old, int(!field, span), Type::UINT, span);
                let new = arith(
                    ArithOp::Shl,
                    arith(ArithOp::And, value, int(mask(bits), span), Type::UINT, span),
                    int(u64::from(shift), span),
                    Type::UINT,
                    span,
                );
                let merged = arith(ArithOp::Or, kept, new, Type::UINT, span);
                (merged, unit, false, p.offset)
            }
            (ty, None) => {
                let value = self.convert(value, ty, &m.name)?;
                (value, self.size_of(ty), false, p.offset)
            }
        };
        let ty = value.ty;
        Some(ir::Expr {
            kind: ir::ExprKind::MemberStore(Box::new(MemberStore {
                place,
                root: p.root,
                size,
                offset,
                value,
                width,
                put,
            })),
            ty,
            span,
        })
    }

    /// A struct value stored in a variable of type `ty`: the same struct,
    /// or 0 (a zeroed struct, which deletes a dynamic variable), made the
    /// struct's full size so a zeroed one is recognised.
    pub(super) fn struct_value(
        &mut self,
        value: ir::Expr,
        ty: Type,
        name: &str,
    ) -> Option<ir::Expr> {
        let Type::StructVal(id) = ty else {
            return Some(value);
        };
        let span = value.span;
        let size = self.syms.structs[id as usize].size;
        let bytes = match value.kind {
            ir::ExprKind::Int(0) => return Some(zeroed(size, ty, span)),
            _ if value.ty == ty => value,
            _ => {
                let (want, found) = (self.type_spelled(ty), self.type_spelled(value.ty));
                let what = format!("the value assigned to `{name}`");
                let d = Diagnostic::struct_mismatch(span, &what, &want, &found, ErrTag::OpIncompat);
                self.report(d);
                return None;
            }
        };
        let args = vec![
            bytes,
            int(size, span),
            int(0, span),
            int(0, span),
            int(0, span),
        ];
        Some(call(Subr::BlobSet, args, ty, span))
    }
}

/// `size` zero bytes as a value of type `ty` (a struct's or a string's):
/// stored in a dynamic variable, it deletes it, as no D string is NULs.
pub(super) fn zeroed(size: u64, ty: Type, span: Span) -> ir::Expr {
    let empty = ir::Expr {
        kind: ir::ExprKind::Str(String::new()),
        ty: Type::Str,
        span,
    };
    let args = vec![
        empty,
        int(size, span),
        int(0, span),
        int(0, span),
        int(0, span),
    ];
    call(Subr::BlobSet, args, ty, span)
}

/// The bytes a bitfield of `bits` bits from bit `shift` is read through.
fn unit_bytes(shift: u8, bits: u8) -> u64 {
    let bytes = (u64::from(shift) + u64::from(bits)).div_ceil(8);
    [1u64, 2, 4, 8]
        .into_iter()
        .find(|&s| s >= bytes)
        .unwrap_or(8)
}

fn mask(bits: u8) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}
