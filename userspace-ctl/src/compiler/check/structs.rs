//! Structs and unions, the script's (their C layout, LP64) and the
//! kernel's ([`super::kernel`]), and member access (`p->m`, `s.m`) and
//! indexing (`p->a[i]`), compiled to nofault loads. A struct-typed value
//! is held as its address, so `p->s.m` is one addition more.

use super::super::ast::{self, Expr, ExprKind, UnaryOp};
use super::super::diagnostics::{AddrOf, Diagnostic, ErrTag};
use super::super::ir::{self, ArithOp};
use super::super::names;
use super::super::span::Span;
use super::super::types::{IntKind, Type};
use super::symbols::Scope;
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

/// One member: its type, byte offset and array length.
#[derive(Clone, Debug)]
pub(super) struct Member {
    pub(super) name: String,
    pub(super) ty: Type,
    pub(super) offset: u64,
    pub(super) len: Option<u64>,
    /// A bitfield's bit within the byte at `offset`, and its width.
    pub(super) bits: Option<(u8, u8)>,
    /// Its type as the script wrote it (`__u8`, `enum eh`, `void *`), for
    /// `print()`; empty for a kernel struct's.
    pub(super) written: String,
}

/// A declared struct or union.
#[derive(Clone, Debug)]
pub(super) struct StructDef {
    /// `struct tag` or `union tag`, for messages.
    pub(super) name: String,
    pub(super) members: Vec<Member>,
    pub(super) size: u64,
    pub(super) align: u64,
    /// A kernel struct whose members are still to be read: its BTF id.
    pub(super) kernel: Option<u32>,
}

/// Whether [`Checker::memory_member`] takes a member of translated data
/// (`curpsinfo->pr_fname`), which is no memory of that type: its type
/// still bounds a constant index.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Translated {
    /// By its type only (a bound).
    Typed,
    /// Refused (bytes read from its address).
    Refused,
}

impl Checker<'_, '_> {
    /// Notes that struct `key`'s definition had errors.
    fn broken(&mut self, key: String) {
        self.syms.broken_structs.insert(key);
    }

    /// The size of a type, structs included.
    pub(super) fn size_of(&self, ty: Type) -> u64 {
        match ty {
            Type::Struct(id) | Type::StructVal(id) => {
                self.syms.structs.get(id as usize).map_or(0, |s| s.size)
            }
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

    /// Lays out and enters `struct name { members }`. A bitfield takes
    /// the whole bytes its width needs, aligned to their power of two,
    /// as DTrace lays D's bitfields out, without raising the struct's
    /// alignment.
    pub(super) fn declare_struct(
        &mut self,
        union: bool,
        name: &str,
        members: &[ast::Member],
        span: Span,
    ) {
        let key = format!("{} {name}", if union { "union" } else { "struct" });
        let declared = self.syms.struct_names.get(&key).copied();
        if declared.is_some_and(|id| !self.syms.forward.contains(&id)) {
            self.report(Diagnostic::type_redeclared(span, &key));
            return;
        }
        let (mut size, mut align, mut laid) = (0u64, 1u64, Vec::new());
        let reported = self.diags.len();
        for m in members {
            let scalar = matches!(m.ty.base.as_str(), "float" | "double" | "long double");
            if m.bits.is_some() && (scalar || m.ty.pointers > 0) {
                let name = if m.name.is_empty() { "(anon)" } else { &m.name };
                self.report(Diagnostic::bitfield_type(m.span, name));
                return self.broken(key);
            }
            let ty = self.member_type(m);
            let Some(ty) = ty else {
                return self.broken(key);
            };
            if !m.name.is_empty() && laid.iter().any(|x: &Member| x.name == m.name) {
                self.report(Diagnostic::redeclared(m.span, &m.name, m.span));
                return self.broken(key);
            }
            let bits = match &m.bits {
                Some(w) => match self.bitfield_bits(w, ty, &m.name) {
                    Some(b) => Some(b),
                    None => return self.broken(key),
                },
                None => None,
            };
            let (a, bytes) = match bits {
                Some(b) => {
                    let unit = u64::from(b).div_ceil(8);
                    (unit.next_power_of_two(), unit)
                }
                None => (
                    self.align_of(ty),
                    self.size_of(ty).saturating_mul(m.len.unwrap_or(1)),
                ),
            };
            let offset = if union { 0 } else { size.div_ceil(a) * a };
            size = if union {
                size.max(bytes)
            } else {
                offset + bytes
            };
            if bits.is_none() {
                align = align.max(a);
            }
            laid.push(Member {
                name: m.name.clone(),
                ty,
                offset,
                len: m.len,
                bits: bits.map(|b| (0, b)),
                written: (0..m.ty.pointers).fold(m.ty.base.clone(), |t, _| {
                    super::super::print_type::pointer_name(&t)
                }),
            });
        }
        if self.diags.len() > reported {
            return self.broken(key);
        }
        let def = StructDef {
            name: key.clone(),
            members: laid,
            size: size.div_ceil(align) * align,
            align,
            kernel: None,
        };
        // A struct only declared so far is defined in place: what
        // already points to it sees the members.
        if let Some(id) = declared {
            self.syms.forward.remove(&id);
            self.syms.structs[id as usize] = def;
            return;
        }
        let id = self.syms.structs.len() as u32;
        self.syms.structs.push(def);
        self.syms.struct_names.insert(key, id);
    }

    /// A member's type; a struct or union not defined yet is incomplete.
    fn member_type(&mut self, m: &ast::Member) -> Option<Type> {
        let tag = m.ty.base.starts_with("struct ") || m.ty.base.starts_with("union ");
        let known = self.syms.struct_names.contains_key(&m.ty.base);
        if tag && !known && m.ty.pointers == 0 && self.kernel_type_named(&m.ty.base).is_none() {
            let d = Diagnostic::incomplete_member(m.span, &m.ty.base, &m.name);
            self.report(d);
            return None;
        }
        self.resolve_type(&m.ty)
    }

    /// A bitfield's width: a positive constant no wider than its integer
    /// type.
    fn bitfield_bits(&mut self, w: &Expr, ty: Type, name: &str) -> Option<u8> {
        let c = self.expr(w)?;
        let ir::ExprKind::Int(v) = c.kind else {
            self.report(Diagnostic::bitfield_width(w.span));
            return None;
        };
        if v as i64 <= 0 {
            self.report(Diagnostic::bitfield_width(w.span));
            return None;
        }
        let Type::Int { size, .. } = ty else {
            self.report(Diagnostic::bitfield_type(w.span, name));
            return None;
        };
        if v > u64::from(size) * 8 {
            self.report(Diagnostic::bitfield_too_big(w.span, name, v));
            return None;
        }
        Some(v as u8)
    }

    /// The member `name` of the struct `ty` names, or a reported error.
    fn member(&mut self, ty: Type, name: &str, span: Span) -> Option<Member> {
        let (Type::Struct(id) | Type::StructPtr(id)) = ty else {
            self.report(Diagnostic::not_a_struct(span, ty));
            return None;
        };
        self.kernel_members(id);
        self.struct_member(id, name, span)
    }

    /// `offsetof(struct s, m)`.
    pub(super) fn offsetof(
        &mut self,
        e: &Expr,
        ty: &ast::TypeName,
        name: &str,
    ) -> Option<ir::Expr> {
        // A struct or union that does not exist is no struct to take from.
        let reported = self.diags.len();
        let t = self.resolve_type(ty);
        let tagged = ty.base.starts_with("struct ") || ty.base.starts_with("union ");
        if t.is_none() && tagged {
            for d in self.diags[reported..].iter_mut() {
                d.tag = ErrTag::OffsetofType;
            }
        }
        let t = t?;
        if !matches!(t, Type::Struct(_)) {
            self.report(Diagnostic::offsetof_not_struct(e.span, t));
            return None;
        }
        let m = self.member(t, name, e.span)?;
        if m.bits.is_some() {
            self.report(Diagnostic::offsetof_bitfield(e.span, name));
            return None;
        }
        Some(ir::Expr {
            kind: ir::ExprKind::Int(m.offset),
            ty: Type::UINT,
            span: e.span,
        })
    }

    /// `base->name` on a struct pointer (`arrow`) or `base.name` on a
    /// struct.
    pub(super) fn member_access(
        &mut self,
        e: &Expr,
        base: &Expr,
        name: &str,
        arrow: bool,
    ) -> Option<ir::Expr> {
        let b = self.expr(base)?;
        if let Some(t) = self.translator_of(b.ty, arrow) {
            return self.translated_member(e, b, t, name);
        }
        if let (Type::StructVal(id), false) = (b.ty, arrow) {
            return self.value_member(b, id, name, e.span);
        }
        let (addr, m) = self.member_address_of(e, base, b, name, arrow)?;
        self.load(addr, m.ty, m.len, m.bits, e.span)
    }

    /// Where `base->name` (or `base.name`) is, and the member.
    pub(super) fn member_address(
        &mut self,
        e: &Expr,
        base: &Expr,
        name: &str,
        arrow: bool,
    ) -> Option<(ir::Expr, Member)> {
        let b = self.expr(base)?;
        self.member_address_of(e, base, b, name, arrow)
    }

    /// [`Self::member_address`] with `base` checked (`b`).
    pub(super) fn member_address_of(
        &mut self,
        e: &Expr,
        base: &Expr,
        b: ir::Expr,
        name: &str,
        arrow: bool,
    ) -> Option<(ir::Expr, Member)> {
        match (arrow, b.ty) {
            (true, Type::StructPtr(_)) | (false, Type::Struct(_)) => {}
            (true, Type::Ptr { .. }) | (false, _) => {
                self.report_kernel(Diagnostic::not_struct_or_union(base.span, b.ty, arrow));
                return None;
            }
            (true, _) => {
                self.report_kernel(Diagnostic::not_a_struct(base.span, b.ty));
                return None;
            }
        }
        if let Type::Struct(id) | Type::StructPtr(id) = b.ty {
            if self.syms.forward.contains(&id) {
                let owner = self.syms.structs[id as usize].name.clone();
                let op = if arrow { "->" } else { "." };
                self.report(Diagnostic::op_incomplete(e.span, op, &owner));
                return None;
            }
        }
        let m = self.member(b.ty, name, e.span)?;
        Some((offset_by(b, m.offset, e.span), m))
    }

    /// `&operand`: the address of a struct member, or `p` of `&*p`.
    pub(super) fn address_of(&mut self, e: &Expr, operand: &Expr) -> Option<ir::Expr> {
        if let Some(p) = self.var_member(operand).ok()? {
            let why = match p.member.bits {
                Some(_) => AddrOf::Bitfield,
                None => AddrOf::Var,
            };
            self.report(Diagnostic::address_of(e.span, why));
            return None;
        }
        match &operand.kind {
            ExprKind::Member { base, name, arrow } if !self.is_variable(operand) => {
                let (addr, m) = self.member_address(operand, base, name, *arrow)?;
                if m.bits.is_some() {
                    self.report(Diagnostic::address_of(e.span, AddrOf::Bitfield));
                    return None;
                }
                Some(ir::Expr {
                    ty: m.ty.pointer_to(),
                    span: e.span,
                    ..addr
                })
            }
            ExprKind::Unary(UnaryOp::Deref, p) => {
                let c = self.expr(p)?;
                Some(ir::Expr { span: e.span, ..c })
            }
            ExprKind::Ident(n) if names::lookup(n).is_none() && !self.syms.is_other_name(n) => {
                self.report(Diagnostic::address_of(e.span, AddrOf::Var));
                None
            }
            ExprKind::Member { .. } | ExprKind::Index(..) | ExprKind::AggRef(_)
                if (self.is_variable(operand) && !self.indexes_pointer(operand))
                    || matches!(operand.kind, ExprKind::AggRef(_)) =>
            {
                self.report(Diagnostic::address_of(e.span, AddrOf::Var));
                None
            }
            ExprKind::Index(base, keys) => {
                let (addr, elem) = self.element_address(operand, base, keys)?;
                Some(ir::Expr {
                    ty: elem.pointer_to(),
                    span: e.span,
                    ..addr
                })
            }
            _ => {
                self.report(Diagnostic::address_of(e.span, AddrOf::Value));
                None
            }
        }
    }

    /// The value of type `ty` at `addr`: an array is its address (a
    /// `char` array the string there, as DTrace reads `char[N]`), a
    /// struct its address, anything else a load.
    fn load(
        &mut self,
        addr: ir::Expr,
        ty: Type,
        len: Option<u64>,
        bits: Option<(u8, u8)>,
        span: Span,
    ) -> Option<ir::Expr> {
        let at = |kind, ty| ir::Expr { kind, ty, span };
        Some(match (ty, len) {
            (Type::CHAR, Some(_)) => at(ir::ExprKind::Call(Subr::Stringof, vec![addr]), Type::Str),
            (t, Some(_)) => at(addr.kind, t.pointer_to()),
            (Type::Struct(_) | Type::StructVal(_), None) => at(addr.kind, ty),
            (Type::Int { .. }, None) if bits.is_some() => {
                let (shift, width) = bits.unwrap_or_default();
                bitfield(addr, ty, shift, width, span)
            }
            (Type::Int { signed, size }, None) => at(
                ir::ExprKind::Deref(Box::new(addr), IntKind { signed, size }),
                ty,
            ),
            (Type::Ptr { .. } | Type::StructPtr(_), None) => at(
                ir::ExprKind::Deref(
                    Box::new(addr),
                    IntKind {
                        signed: false,
                        size: 8,
                    },
                ),
                ty,
            ),
            (Type::Str, None) => {
                self.report(Diagnostic::unsupported(
                    span,
                    "reading a string member whole",
                ));
                return None;
            }
            // Kernel types never hold D's stack or symbol values.
            (Type::Stack | Type::Ustack | Type::Symbol(_) | Type::Usym(_), None) => {
                self.report(Diagnostic::unsupported(
                    span,
                    "a kernel member of this type",
                ));
                return None;
            }
        })
    }

    /// An expression whose value is used whole (printed, a key), as an
    /// argument of `receiver` whose errors are `tag`'s (see
    /// [`Checker::argument`]): not a struct, which is held as its address.
    pub(super) fn whole_argument(
        &mut self,
        e: &Expr,
        receiver: Option<(&str, ErrTag)>,
    ) -> Option<ir::Expr> {
        let c = match receiver {
            Some((name, tag)) => self.argument(e, name, tag)?,
            None => self.expr(e)?,
        };
        if let Type::Struct(_) | Type::StructVal(_) = c.ty {
            let what = "using a struct or union value whole (not one of its members)";
            self.report(Diagnostic::unsupported(e.span, what));
            return None;
        }
        Some(c)
    }

    /// An assignment's value: anything but a struct in kernel memory
    /// (a struct variable's value is its bytes, and is copied).
    pub(super) fn stored_value(&mut self, e: &Expr) -> Option<ir::Expr> {
        let c = self.expr(e)?;
        if let Type::Struct(_) = c.ty {
            let what = "copying a kernel struct or union into a variable";
            self.report(Diagnostic::unsupported(e.span, what));
            return None;
        }
        Some(c)
    }

    /// `sizeof e`: a member's own size (an array's whole), else the
    /// size of `e`'s type.
    pub(super) fn size_of_value(&mut self, e: &Expr) -> Option<u64> {
        // A string constant is its characters and the NUL (DTrace's
        // `char [n]`), not `strsize`.
        if let ExprKind::Str(s) = &e.kind {
            return Some(s.len() as u64 + 1);
        }
        if let Some(p) = self.var_member(e).ok()? {
            if p.member.bits.is_some() {
                self.report(Diagnostic::sizeof_bitfield(e.span));
                return None;
            }
            let m = &p.member;
            return Some(self.size_of(m.ty).saturating_mul(m.len.unwrap_or(1)));
        }
        if let ExprKind::Member { base, name, arrow } = &e.kind {
            if !self.is_variable(e) {
                let (_, m) = self.member_address(e, base, name, *arrow)?;
                if m.bits.is_some() {
                    self.report(Diagnostic::sizeof_bitfield(e.span));
                    return None;
                }
                return Some(self.size_of(m.ty).saturating_mul(m.len.unwrap_or(1)));
            }
        }
        let reported = self.diags.len();
        let t = self.expr(e);
        // An associative array has no size: DTrace's bad reference.
        for d in self.diags[reported..].iter_mut() {
            if d.tag == ErrTag::ArrBadref {
                d.tag = ErrTag::IdentBadref;
            }
        }
        Some(self.size_of(t?.ty))
    }

    /// `*p` on a struct pointer: the struct (its address).
    pub(super) fn struct_deref(&mut self, p: ir::Expr, span: Span) -> Option<ir::Expr> {
        let Type::StructPtr(id) = p.ty else {
            return None;
        };
        Some(ir::Expr {
            ty: Type::Struct(id),
            span,
            ..p
        })
    }

    /// Whether `base` is a scalar variable holding a pointer, so that
    /// `base[i]` indexes the pointer rather than naming an associative
    /// array.
    pub(super) fn is_pointer_variable(&self, base: &Expr) -> bool {
        let (scope, name) = match &base.kind {
            ExprKind::Ident(n) => (Scope::Global, n),
            ExprKind::Member {
                base: owner,
                name,
                arrow: true,
            } => match &owner.kind {
                ExprKind::Ident(o) if o == "self" => (Scope::Thread, name),
                ExprKind::Ident(o) if o == "this" => (Scope::Clause, name),
                _ => return false,
            },
            _ => return false,
        };
        self.syms.lookup(scope, name).is_some_and(|(_, v)| {
            v.keys.is_empty() && matches!(v.ty, Type::Ptr { to: Some(_) } | Type::StructPtr(_))
        })
    }

    /// Whether `e` is `p[i]` of a pointer variable `p` (not an array).
    fn indexes_pointer(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Index(base, _) if self.is_pointer_variable(base))
    }

    /// `base[i]` on a pointer (an array member is one): the element.
    pub(super) fn element(&mut self, e: &Expr, base: &Expr, keys: &[Expr]) -> Option<ir::Expr> {
        let (addr, elem) = self.element_address(e, base, keys)?;
        self.load(addr, elem, None, None, e.span)
    }

    /// `base` indexed: its value, as an address, and the element type.
    fn indexed_base(&mut self, base: &Expr) -> Option<(ir::Expr, Type)> {
        let b = self.expr(base)?;
        let elem = match b.ty {
            Type::StructPtr(id) => Type::Struct(id),
            t => match t.pointee() {
                Some(p) => p,
                None => {
                    self.report(Diagnostic::index_unsupported(base.span));
                    return None;
                }
            },
        };
        Some((b, elem))
    }

    /// Refuses a constant `index` (checked: `i`) past the end of `base`
    /// when `base` is an array member of a struct in memory
    /// (`curthread->comm[256]`), as DTrace does at compile time.
    pub(super) fn member_bounds(&mut self, base: &Expr, i: &ir::Expr, index: &Expr) -> Option<()> {
        let ir::ExprKind::Int(n) = i.kind else {
            return Some(());
        };
        // A flexible array member (`numbers[]`, length 0) has no bound.
        match self
            .memory_member(base, Translated::Typed)
            .and_then(|(_, m)| m.len)
        {
            Some(len) if len > 0 && n >= len => {
                self.report(Diagnostic::array_bounds(index.span, n as i64, len));
                None
            }
            _ => Some(()),
        }
    }

    /// The address of `base` if it is a `char` array member of a struct
    /// in memory (`p->name`), which as a value is a string: indexed, it is
    /// its characters (`p->name[0] = 'x'`).
    fn char_array_member(&mut self, base: &Expr) -> Option<ir::Expr> {
        let (addr, m) = self.memory_member(base, Translated::Typed)?;
        (m.len.is_some() && m.bits.is_none() && m.ty == Type::CHAR).then_some(addr)
    }

    /// `e`'s address and member if it is a member of a struct in memory
    /// (not a D variable's; of translated data only by its type, with
    /// `Translated::Typed`), reporting nothing: a try, whose errors the
    /// ordinary check reports again.
    pub(super) fn memory_member(
        &mut self,
        e: &Expr,
        translated: Translated,
    ) -> Option<(ir::Expr, Member)> {
        let ExprKind::Member { base, name, arrow } = &e.kind else {
            return None;
        };
        if self.is_variable(e) {
            return None;
        }
        let reported = self.diags.len();
        let found = self.expr(base).and_then(|b| {
            if translated == Translated::Refused && self.translator_of(b.ty, *arrow).is_some() {
                return None;
            }
            self.member_address_of(e, base, b, name, *arrow)
        });
        self.diags.truncate(reported);
        found
    }

    /// Where `base[i]` is, and its type.
    pub(super) fn element_address(
        &mut self,
        e: &Expr,
        base: &Expr,
        keys: &[Expr],
    ) -> Option<(ir::Expr, Type)> {
        let (b, elem) = match self.char_array_member(base) {
            Some(addr) => (addr, Type::CHAR),
            None => self.indexed_base(base)?,
        };
        let [index] = keys else {
            self.report(Diagnostic::index_unsupported(base.span));
            return None;
        };
        let i = self.expr(index)?;
        if !i.ty.is_int() {
            self.report(Diagnostic::operator_needs_int("[]", index.span, i.ty));
            return None;
        }
        self.member_bounds(base, &i, index)?;
        let size = self.size_of(elem);
        if let ir::ExprKind::Int(n) = i.kind {
            return Some((offset_by(b, n.wrapping_mul(size), e.span), elem));
        }
        let scaled = ir::Expr {
            kind: ir::ExprKind::Arith(ArithOp::Mul, Box::new(i), Box::new(constant(size, e.span))),
            ty: Type::UINT,
            span: e.span,
        };
        let addr = ir::Expr {
            kind: ir::ExprKind::Arith(ArithOp::Add, Box::new(b), Box::new(scaled)),
            ty: Type::UINT,
            span: e.span,
        };
        Some((addr, elem))
    }
}

fn constant(v: u64, span: Span) -> ir::Expr {
    ir::Expr {
        kind: ir::ExprKind::Int(v),
        ty: Type::UINT,
        span,
    }
}

/// `base + offset`, as an address.
fn offset_by(base: ir::Expr, offset: u64, span: Span) -> ir::Expr {
    if offset == 0 {
        return ir::Expr {
            ty: Type::UINT,
            ..base
        };
    }
    ir::Expr {
        kind: ir::ExprKind::Arith(
            ArithOp::Add,
            Box::new(base),
            Box::new(constant(offset, span)),
        ),
        ty: Type::UINT,
        span,
    }
}

/// A bitfield of `width` bits from bit `shift` of the byte at `addr`:
/// the smallest load that holds it, shifted down and masked.
fn bitfield(addr: ir::Expr, ty: Type, shift: u8, width: u8, span: Span) -> ir::Expr {
    let bytes = (u32::from(shift) + u32::from(width)).div_ceil(8);
    let size = [1u8, 2, 4, 8]
        .into_iter()
        .find(|&s| u32::from(s) >= bytes)
        .unwrap_or(8);
    let unit = ir::Expr {
        kind: ir::ExprKind::Deref(
            Box::new(addr),
            IntKind {
                signed: false,
                size,
            },
        ),
        ty: Type::UINT,
        span,
    };
    let shifted = ir::Expr {
        kind: ir::ExprKind::Arith(
            ArithOp::Shr,
            Box::new(unit),
            Box::new(constant(u64::from(shift), span)),
        ),
        ty: Type::UINT,
        span,
    };
    let mask = if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    ir::Expr {
        kind: ir::ExprKind::Arith(
            ArithOp::And,
            Box::new(shifted),
            Box::new(constant(mask, span)),
        ),
        ty,
        span,
    }
}

/// Whether `ty` is a `char *`, which DTrace takes where a string goes.
fn is_char_pointer(ty: Type) -> bool {
    ty == Type::Ptr {
        to: Some(IntKind {
            signed: true,
            size: 1,
        }),
    }
}

/// A subroutine's string argument: a `char *` as
/// [`char_pointer_as_string`] reads it, and a constant 0 (NULL) as the
/// string at address 0, which faults when read, as DTrace's NULL string
/// arguments do (`strlen(NULL)`: an invalid address).
pub(super) fn string_argument(e: ir::Expr) -> ir::Expr {
    let null = !e.ty.is_string()
        && matches!(e.ty, Type::Int { .. } | Type::Ptr { .. })
        && super::consts::value(&e) == Some(0);
    if !null {
        return char_pointer_as_string(e);
    }
    let span = e.span;
    ir::Expr {
        kind: ir::ExprKind::Call(Subr::Stringof, vec![e]),
        ty: Type::Str,
        span,
    }
}

/// `e` as a string if it is a `char *` (the string it points to, read
/// as `stringof` does), else `e`.
pub(super) fn char_pointer_as_string(e: ir::Expr) -> ir::Expr {
    if !is_char_pointer(e.ty) {
        return e;
    }
    let span = e.span;
    ir::Expr {
        kind: ir::ExprKind::Call(Subr::Stringof, vec![e]),
        ty: Type::Str,
        span,
    }
}

/// The operands of a comparison: when both are strings or `char *`
/// (DTrace's "string-compatible" types), both as strings, so they
/// compare as strings.
pub(super) fn string_compatible(a: ir::Expr, b: ir::Expr) -> (ir::Expr, ir::Expr) {
    let compatible = |t: Type| t == Type::Str || is_char_pointer(t);
    let any_pointer = is_char_pointer(a.ty) || is_char_pointer(b.ty);
    if !(any_pointer && compatible(a.ty) && compatible(b.ty)) {
        return (a, b);
    }
    (char_pointer_as_string(a), char_pointer_as_string(b))
}
