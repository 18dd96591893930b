//! Variables in expressions: reading `x`, `self->x`, `this->x` and
//! `a[k, ...]`, assigning them (`=`, `op=`), and `++`/`--`. A variable's
//! type is fixed by its declaration or, as in D, by its first assignment
//! in program order; every later use is checked against it.

use super::super::ast::{BinaryOp, Expr, ExprKind};
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir::{self, Place};
use super::super::suggest;
use super::super::types::{IntKind, Type};
use super::struct_vars::zeroed;
use super::symbols::Scope;
use super::Checker;
use rdtrace_uapi::dif::limits::MAX_TUPLE;
use rdtrace_uapi::dif::program::VarKind;

/// A variable reference as written, before it is looked up.
struct Named<'e> {
    scope: Scope,
    name: &'e str,
    keys: Option<&'e [Expr]>,
}

/// What `e` names if it is a variable reference, or `None` if it is not
/// one (`args[0]` and builtins are not variables).
fn named(e: &Expr) -> Option<Named<'_>> {
    match &e.kind {
        ExprKind::Ident(name) => Some(Named {
            scope: Scope::Global,
            name,
            keys: None,
        }),
        ExprKind::Member {
            base,
            name,
            arrow: true,
        } => match &base.kind {
            ExprKind::Ident(b) if b == "self" => Some(Named {
                scope: Scope::Thread,
                name,
                keys: None,
            }),
            ExprKind::Ident(b) if b == "this" => Some(Named {
                scope: Scope::Clause,
                name,
                keys: None,
            }),
            _ => None,
        },
        ExprKind::Index(base, keys) => match &base.kind {
            ExprKind::Ident(name) if name != "args" => Some(Named {
                scope: Scope::Global,
                name,
                keys: Some(keys),
            }),
            ExprKind::Member { .. } => match named(base)? {
                Named {
                    scope: Scope::Thread,
                    name,
                    keys: None,
                } => Some(Named {
                    scope: Scope::Thread,
                    name,
                    keys: Some(keys),
                }),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// A thread-local array's keys, the thread id first.
fn with_thread(keys: Vec<ir::Expr>, per_thread: bool, e: &Expr) -> Vec<ir::Expr> {
    if !per_thread {
        return keys;
    }
    let tid = ir::Expr {
        kind: ir::ExprKind::Builtin(rdtrace_uapi::dif::builtin::Builtin::Tid),
        ty: Type::INT,
        span: e.span,
    };
    std::iter::once(tid).chain(keys).collect()
}

/// Whether two key types agree on being a struct, and on which.
fn same_struct(a: Type, b: Type) -> bool {
    match (a, b) {
        (Type::StructVal(x), Type::StructVal(y)) => x == y,
        (Type::StructVal(_), _) | (_, Type::StructVal(_)) => false,
        _ => true,
    }
}

/// The integer kind of an integer type narrower than 64 bits.
fn narrow_kind(ty: Type) -> Option<IntKind> {
    match ty {
        Type::Int { signed, size } if size < 8 => Some(IntKind { signed, size }),
        _ => None,
    }
}

/// `v` truncated to `k`'s width and extended back by its signedness.
pub(super) fn narrow_const(v: u64, k: IntKind) -> u64 {
    let bits = u32::from(k.size) * 8;
    let shift = 64 - bits;
    if k.signed {
        (((v << shift) as i64) >> shift) as u64
    } else {
        (v << shift) >> shift
    }
}

impl Checker<'_, '_> {
    /// Whether `e` is a variable reference (read through [`Checker::read_var`]).
    pub(super) fn is_variable(&self, e: &Expr) -> bool {
        match named(e) {
            Some(n) if n.scope == Scope::Global && n.keys.is_none() => {
                super::super::names::lookup(n.name).is_none()
            }
            Some(_) => true,
            None => false,
        }
    }

    /// The type of the variable `e` names, if it exists.
    pub(super) fn variable_type(&self, e: &Expr) -> Option<Type> {
        let n = named(e)?;
        self.syms.lookup(n.scope, n.name).map(|(_, v)| v.ty)
    }

    /// Reads a variable that must already exist.
    pub(super) fn read_var(&mut self, e: &Expr) -> Option<ir::Expr> {
        self.read_var_for(e, false)
    }

    /// [`Checker::read_var`]; `modified`: the read of an
    /// operator-assignment (`x += 1`), which instantiates the name.
    fn read_var_for(&mut self, e: &Expr, modified: bool) -> Option<ir::Expr> {
        let n = named(e)?;
        let Some((id, var)) = self.syms.lookup(n.scope, n.name) else {
            let names: Vec<String> = self.syms.names(n.scope).map(str::to_string).collect();
            let near = suggest::closest(n.name, names.iter().map(|s| s.as_str()))
                .map(|s| n.scope.spell(s));
            let spelled = n.scope.spell(n.name);
            // The keys are checked first, as DTrace does (`a[x]++`: `x`).
            if n.keys.is_some() {
                self.keys(e, n.name, n.keys, None)?;
            }
            let instantiated = modified || n.scope != Scope::Global || n.keys.is_some();
            self.report(Diagnostic::variable_undefined(
                e.span,
                &spelled,
                near.as_deref(),
                instantiated,
            ));
            return None;
        };
        let (ty, kind, key_types, per_thread) =
            (var.ty, var.kind, var.keys.clone(), var.per_thread);
        let keys = self.keys(e, n.name, n.keys, Some(&key_types))?.0;
        self.check_bounds(&n, &keys)?;
        let keys = with_thread(keys, per_thread, e);
        Some(ir::Expr {
            kind: ir::ExprKind::Load(Place {
                var: id,
                kind,
                keys,
            }),
            ty,
            span: e.span,
        })
    }

    /// Checks the keys of an array reference against the array's key
    /// types (`None`: the array is new and they define them).
    pub(super) fn keys(
        &mut self,
        e: &Expr,
        name: &str,
        keys: Option<&[Expr]>,
        expected: Option<&[Type]>,
    ) -> Option<(Vec<ir::Expr>, Vec<Type>)> {
        match (keys, expected) {
            (None, Some([])) | (None, None) => return Some((Vec::new(), Vec::new())),
            (None, Some(_)) => {
                self.report(Diagnostic::array_without_keys(e.span, name));
                return None;
            }
            (Some(_), Some([])) => {
                self.report(Diagnostic::scalar_indexed(e.span, name));
                return None;
            }
            _ => {}
        }
        let keys = keys.unwrap_or(&[]);
        if keys.len() > MAX_TUPLE {
            self.report(Diagnostic::too_many_keys(e.span, name, MAX_TUPLE));
            return None;
        }
        let mut checked = Vec::new();
        for k in keys {
            if is_translated(k) {
                self.report(Diagnostic::translated_key(k.span));
                return None;
            }
            checked.push(self.argument(k, "a key", ErrTag::KeyType));
        }
        let checked: Vec<ir::Expr> = checked.into_iter().collect::<Option<_>>()?;
        let types: Vec<Type> = checked.iter().map(|k| k.ty).collect();
        if let Some(want) = expected {
            let same = want.len() == types.len()
                && want
                    .iter()
                    .zip(&types)
                    .all(|(a, b)| a.is_string() == b.is_string() && same_struct(*a, *b));
            let bad_struct = want
                .iter()
                .zip(&types)
                .position(|(a, b)| !same_struct(*a, *b))
                .filter(|_| want.len() == types.len());
            if let Some(i) = bad_struct {
                let (w, f) = (self.type_spelled(want[i]), self.type_spelled(types[i]));
                let what = format!("`{name}[ ]` key #{}", i + 1);
                let d = Diagnostic::struct_mismatch(e.span, &what, &w, &f, ErrTag::ProtoArg);
                self.report(d);
                return None;
            }
            if !same {
                let mut d = Diagnostic::key_mismatch(e.span, name, want, &types);
                // A scalar array takes one index: more is no array access.
                if self.syms.array_lens.contains_key(name) && types.len() != 1 {
                    d = d.retag(ErrTag::ArrBadref);
                }
                self.report(d);
                return None;
            }
        }
        Some((checked, types))
    }

    /// An assignment's target must not be a whole scalar array.
    fn not_whole_array(&mut self, e: &Expr) -> Option<()> {
        if let ExprKind::Ident(name) = &e.kind {
            if let Some(ty) = self.syms.array_types.get(name) {
                let d = Diagnostic::array_assigned(e.span, &ty.clone());
                self.report(d);
                return None;
            }
        }
        Some(())
    }

    /// A scalar array's constant index must be inside it, as DTrace
    /// checks at compile time.
    fn check_bounds(&mut self, n: &Named<'_>, keys: &[ir::Expr]) -> Option<()> {
        if n.scope != Scope::Global {
            return Some(());
        }
        let Some(&len) = self.syms.array_lens.get(n.name) else {
            return Some(());
        };
        if let [ir::Expr {
            kind: ir::ExprKind::Int(v),
            span,
            ..
        }] = keys
        {
            let v = *v as i64;
            if v < 0 || v as u64 >= len {
                self.report(Diagnostic::array_bounds(*span, v, len));
                return None;
            }
        }
        Some(())
    }

    /// `this->x[...]` of an `x` that is not a pointer or a string: DTrace
    /// has no clause-local arrays.
    pub(super) fn is_clause_local_array(&self, e: &Expr) -> bool {
        let ExprKind::Index(base, _) = &e.kind else {
            return false;
        };
        let Some(Named {
            scope: Scope::Clause,
            name,
            ..
        }) = named(base)
        else {
            return false;
        };
        // A pointer is indexed, and a string read as its characters.
        !self.syms.lookup(Scope::Clause, name).is_some_and(|(_, v)| {
            matches!(v.ty, Type::Ptr { .. } | Type::StructPtr(_)) || v.ty.is_string()
        })
    }

    /// The place an assignment stores to, created with `value_ty` if new.
    fn place_for_store(&mut self, e: &Expr, value_ty: Type) -> Option<(Place, Type)> {
        let Some(n) = named(e) else {
            if self.is_clause_local_array(e) {
                self.report(Diagnostic::clause_local_array(e.span));
                return None;
            }
            // A member of something that has none is that error first.
            if matches!(e.kind, ExprKind::Member { .. }) && self.expr(e).is_none() {
                return None;
            }
            self.report(Diagnostic::not_assignable(e.span));
            return None;
        };
        if n.scope == Scope::Global
            && (super::super::names::lookup(n.name).is_some() || n.name == "args")
        {
            self.report(Diagnostic::builtin_assigned(e.span, n.name));
            return None;
        }
        if n.scope == Scope::Global && self.syms.is_other_name(n.name) {
            self.report(Diagnostic::not_assignable(e.span));
            return None;
        }
        self.not_whole_array(e)?;
        if let Some((id, var)) = self.syms.lookup(n.scope, n.name) {
            let (ty, kind, key_types, per_thread) =
                (var.ty, var.kind, var.keys.clone(), var.per_thread);
            let keys = self.keys(e, n.name, n.keys, Some(&key_types))?.0;
            self.check_bounds(&n, &keys)?;
            let keys = with_thread(keys, per_thread, e);
            return Some((
                Place {
                    var: id,
                    kind,
                    keys,
                },
                ty,
            ));
        }
        let (keys, key_types) = self.keys(e, n.name, n.keys, None)?;
        let id = self.add_var(n.scope, n.name, value_ty, key_types, e.span)?;
        let var = &self.syms.vars[id as usize];
        let (kind, per_thread) = (var.kind, var.per_thread);
        let keys = with_thread(keys, per_thread, e);
        Some((
            Place {
                var: id,
                kind,
                keys,
            },
            value_ty,
        ))
    }

    /// The type `e` would have, without reporting anything.
    pub(super) fn peek_type(&mut self, e: &Expr) -> Option<Type> {
        let mut scratch = Vec::new();
        std::mem::swap(self.diags, &mut scratch);
        let ty = self.expr(e).map(|c| c.ty);
        std::mem::swap(self.diags, &mut scratch);
        ty
    }

    /// `value` made to fit a variable of type `ty`, or a reported error.
    pub(super) fn convert(&mut self, value: ir::Expr, ty: Type, name: &str) -> Option<ir::Expr> {
        if self.keeps_translation(value.ty, ty) {
            return Some(value);
        }
        if matches!(ty, Type::StructVal(_)) {
            return self.struct_value(value, ty, name);
        }
        if matches!(value.ty, Type::StructVal(_) | Type::Struct(_)) {
            self.report(Diagnostic::assign_mismatch(value.span, name, ty, value.ty));
            return None;
        }
        let is_ptr = |t: Type| matches!(t, Type::Ptr { .. } | Type::StructPtr(_));
        // A pointer and an integer do not mix, but for the constant 0.
        let null = value.kind == ir::ExprKind::Int(0);
        if value.ty.is_string() != ty.is_string() || (is_ptr(ty) != is_ptr(value.ty) && !null) {
            self.report(Diagnostic::assign_mismatch(value.span, name, ty, value.ty));
            return None;
        }
        let Some(k) = narrow_kind(ty) else {
            return Some(ir::Expr { ty, ..value });
        };
        let span = value.span;
        Some(match value.kind {
            ir::ExprKind::Int(v) => ir::Expr {
                kind: ir::ExprKind::Int(narrow_const(v, k)),
                ty,
                span,
            },
            // A variable of this same type holds a value already in range.
            ir::ExprKind::Load(_) | ir::ExprKind::Deref(..) | ir::ExprKind::Narrow(..)
                if value.ty == ty =>
            {
                value
            }
            _ => ir::Expr {
                kind: ir::ExprKind::Narrow(Box::new(value), k),
                ty,
                span,
            },
        })
    }

    /// As DTrace does, `x++` and `x op= e` of a variable nothing assigned
    /// yet define it, with type `ty`, as an assignment would.
    fn define_if_new(&mut self, target: &Expr, ty: Type) {
        let Some(n) = named(target) else {
            return;
        };
        let builtin = n.scope == Scope::Global
            && (super::super::names::lookup(n.name).is_some() || self.syms.is_other_name(n.name));
        if builtin || self.syms.lookup(n.scope, n.name).is_some() {
            return;
        }
        let mut scratch = Vec::new();
        std::mem::swap(self.diags, &mut scratch);
        let keys = self.keys(target, n.name, n.keys, None);
        std::mem::swap(self.diags, &mut scratch);
        // A broken key is reported when the keys are checked for real.
        if let Some((_, key_types)) = keys {
            self.add_var(n.scope, n.name, ty, key_types, target.span);
        }
    }

    /// The value `lhs = rhs` (`rhs`) or `lhs op= rhs` (`lhs op rhs`) stores
    /// in a variable, a member or a pointer's target.
    pub(super) fn assigned_value(
        &mut self,
        e: &Expr,
        op: Option<BinaryOp>,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Option<ir::Expr> {
        match op {
            None => self.expr(rhs),
            Some(op) => self.expr(&Expr {
                kind: ExprKind::Binary(op, Box::new(lhs.clone()), Box::new(rhs.clone())),
                span: e.span,
            }),
        }
    }

    /// `lhs += rhs` and `lhs -= rhs` with a pointer on either side: as in
    /// DTrace, only a pointer to something of known size may be moved
    /// (an integer variable may not take a pointer this way). `rhs_ty` is
    /// the right side's type, as the caller peeked it.
    fn compound_pointer_ok(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        lhs: &Expr,
        rhs_ty: Option<Type>,
    ) -> Option<()> {
        if !matches!(op, BinaryOp::Add | BinaryOp::Sub) {
            return Some(());
        }
        let (Some(l), Some(r)) = (self.peek_type(lhs), rhs_ty) else {
            return Some(());
        };
        let sized_pointer = matches!(l, Type::Ptr { to: Some(_) } | Type::StructPtr(_));
        if l.is_string() || r.is_string() || (l.is_int() && r.is_int()) || sized_pointer {
            return Some(());
        }
        self.report(Diagnostic::compound_needs_known_size(e.span, op.symbol()));
        None
    }

    /// `lhs = rhs` or `lhs op= rhs`.
    pub(super) fn assign(
        &mut self,
        e: &Expr,
        op: Option<BinaryOp>,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Option<ir::Expr> {
        self.not_whole_array(lhs)?;
        match self.var_member(lhs) {
            Ok(Some(p)) => return self.assign_member(e, op, p, lhs, rhs),
            Ok(None) => {}
            Err(_) => return None,
        }
        if let Some(store) = self.pointer_store(e, op, lhs, rhs) {
            return store;
        }
        let value = match op {
            None => self.stored_value(rhs)?,
            Some(op) => {
                // `a op= b` is `a = a op b`, with `a` read first.
                let rhs_ty = self.peek_type(rhs);
                if let Some(ty) = rhs_ty.filter(|t| t.is_scalar()) {
                    self.define_if_new(lhs, Type::arithmetic(Type::INT32, ty));
                }
                self.compound_pointer_ok(e, op, lhs, rhs_ty)?;
                self.read_var_for(lhs, true).or_else(|| {
                    if named(lhs).is_none() {
                        self.report(Diagnostic::not_assignable(lhs.span));
                    }
                    None
                })?;
                self.assigned_value(e, Some(op), lhs, rhs)?
            }
        };
        let (place, ty) = self.place_for_store(lhs, value.ty)?;
        let name = self.syms.vars[place.var as usize].name.clone();
        self.note_pointer_store(place.var, &name, &value, e.span)?;
        // `self->s = 0` and `a[k] = 0` delete a string-valued dynamic
        // variable, as DTrace allows (its dt_parser special case).
        let zero = op.is_none() && ty.is_string() && value.kind == ir::ExprKind::Int(0);
        let value = match (zero, place.kind) {
            (true, VarKind::ThreadLocal | VarKind::Assoc) => zeroed(1, ty, value.span),
            (true, _) => {
                self.report(Diagnostic::string_zero(value.span, &name));
                return None;
            }
            (false, _) => self.convert(value, ty, &name)?,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Store(place, Box::new(value)),
            ty,
            span: e.span,
        })
    }

    /// `++x`, `x++`, `--x`, `x--`.
    pub(super) fn incr(
        &mut self,
        e: &Expr,
        target: &Expr,
        delta: i8,
        post: bool,
    ) -> Option<ir::Expr> {
        match self.var_member(target) {
            Ok(Some(p)) => return self.incr_member(e, p, target, delta, post),
            Ok(None) => {}
            Err(_) => return None,
        }
        if named(target).is_none() {
            self.report(Diagnostic::not_assignable(target.span));
            return None;
        }
        // DTrace makes a variable that `++` or `--` introduces an int64_t.
        self.define_if_new(target, Type::INT);
        let old = self.read_var(target)?;
        if old.ty.is_string() {
            let op = if delta > 0 { "++" } else { "--" };
            self.report(Diagnostic::operator_needs_int(op, target.span, old.ty));
            return None;
        }
        let ir::ExprKind::Load(place) = old.kind else {
            return None;
        };
        let ty = old.ty;
        // A pointer steps by its pointee's size.
        let step = i64::from(delta) * self.pointer_step(ty, target.span)?;
        if post {
            return Some(ir::Expr {
                kind: ir::ExprKind::PostIncr(place, step),
                ty,
                span: e.span,
            });
        }
        let one = ir::Expr {
            kind: ir::ExprKind::Int(step as u64),
            ty: Type::INT,
            span: e.span,
        };
        let loaded = ir::Expr {
            kind: ir::ExprKind::Load(place.clone()),
            ty,
            span: target.span,
        };
        let sum = ir::Expr {
            kind: ir::ExprKind::Arith(ir::ArithOp::Add, Box::new(loaded), Box::new(one)),
            ty,
            span: e.span,
        };
        let name = self.syms.vars[place.var as usize].name.clone();
        let value = self.convert(sum, ty, &name)?;
        Some(ir::Expr {
            kind: ir::ExprKind::Store(place, Box::new(value)),
            ty,
            span: e.span,
        })
    }
}

/// Whether `e` is translated data (`curpsinfo`, `xlate<T>(x)`): members
/// are read from it, but it is no value of its own.
fn is_translated(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Ident(n) => super::super::translators::BUILTINS.iter().any(|b| b.0 == n),
        ExprKind::Xlate(..) => true,
        _ => false,
    }
}
