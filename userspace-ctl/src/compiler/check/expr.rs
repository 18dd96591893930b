//! Typing expressions: resolve names, check operand types, pick the
//! operation (integer or string comparison, signed or unsigned).

use super::super::ast::{BinaryOp, Expr, ExprKind, TypeName, UnaryOp};
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir::{self, ArithOp, CmpOp, LogicOp};
use super::super::names::{self, ActionName, Function, Name};
use super::super::suggest;
use super::super::types::{IntKind, Type};
use super::{consts, Checker};
use rdtrace_uapi::dif::limits::MAX_ARG;
use rdtrace_uapi::dif::subr::{Subr, MAX_UREG};
use rdtrace_uapi::dif::Ty;

/// A literal's type, as C gives it: `int` if it fits, else `long`; with
/// a `u` suffix the unsigned types.
fn literal_type(value: u64, unsigned: bool, long: bool) -> Type {
    match (unsigned, value) {
        (false, v) if v <= i32::MAX as u64 && !long => Type::INT32,
        (false, v) if v <= i64::MAX as u64 => Type::INT,
        (true, v) if v <= u64::from(u32::MAX) && !long => Type::UINT32,
        _ => Type::UINT,
    }
}

fn typed(kind: ir::ExprKind, ty: Type, e: &Expr) -> ir::Expr {
    ir::Expr {
        kind,
        ty,
        span: e.span,
    }
}

fn arith_op(op: BinaryOp) -> Option<ArithOp> {
    Some(match op {
        BinaryOp::Add => ArithOp::Add,
        BinaryOp::Sub => ArithOp::Sub,
        BinaryOp::Mul => ArithOp::Mul,
        BinaryOp::Div => ArithOp::Div,
        BinaryOp::Rem => ArithOp::Rem,
        BinaryOp::BitAnd => ArithOp::And,
        BinaryOp::BitOr => ArithOp::Or,
        BinaryOp::BitXor => ArithOp::Xor,
        BinaryOp::Shl => ArithOp::Shl,
        BinaryOp::Shr => ArithOp::Shr,
        _ => return None,
    })
}

fn cmp_op(op: BinaryOp) -> Option<CmpOp> {
    Some(match op {
        BinaryOp::Eq => CmpOp::Eq,
        BinaryOp::Ne => CmpOp::Ne,
        BinaryOp::Lt => CmpOp::Lt,
        BinaryOp::Le => CmpOp::Le,
        BinaryOp::Gt => CmpOp::Gt,
        BinaryOp::Ge => CmpOp::Ge,
        _ => return None,
    })
}

fn logic_op(op: BinaryOp) -> Option<LogicOp> {
    Some(match op {
        BinaryOp::And => LogicOp::And,
        BinaryOp::Or => LogicOp::Or,
        BinaryOp::Xor => LogicOp::Xor,
        _ => return None,
    })
}

impl Checker<'_, '_> {
    /// Whether a call of `name` with `got` arguments fits its `params`,
    /// the last `optional` of them left out at will; D_PROTO_LEN if not.
    pub(super) fn arity_ok(
        &mut self,
        e: &Expr,
        name: &str,
        got: usize,
        params: usize,
        optional: usize,
    ) -> bool {
        if got <= params && got + optional >= params {
            return true;
        }
        let expected = match (params, optional) {
            (1, 0) => "1 argument".to_string(),
            (n, 0) => format!("{n} arguments"),
            (n, _) => format!("{} or {n} arguments", n - 1),
        };
        self.report(Diagnostic::wrong_arg_count(e.span, name, &expected, got));
        false
    }

    /// An expression used as a truth value: it must be an integer.
    pub(super) fn condition(&mut self, e: &Expr) -> Option<ir::Expr> {
        let c = self.expr(e)?;
        if c.ty.is_string() {
            self.report(Diagnostic::string_as_condition(e.span));
            return None;
        }
        Some(c)
    }

    /// A clause's predicate: it must be an integer.
    pub(super) fn predicate(&mut self, e: &Expr) -> Option<ir::Expr> {
        if let ExprKind::Ident(name) = &e.kind {
            if self.syms.array_lens.contains_key(name) {
                self.report(Diagnostic::array_as_predicate(e.span));
                return None;
            }
        }
        let c = self.expr(e)?;
        if c.ty.is_string() {
            self.report(Diagnostic::string_as_predicate(e.span));
            return None;
        }
        Some(c)
    }

    /// The operand of unary `op`: it must be an integer.
    fn unary_operand(&mut self, e: &Expr, op: &str) -> Option<ir::Expr> {
        let c = self.argument(e, &format!("operator {op}"), ErrTag::for_operator(op, true))?;
        if c.ty.is_string() {
            self.report(Diagnostic::unary_needs_int(op, e.span, c.ty));
            return None;
        }
        Some(c)
    }

    /// An operand that must be an integer for operator `op`.
    fn int_operand(&mut self, e: &Expr, op: &str) -> Option<ir::Expr> {
        let c = self.argument(
            e,
            &format!("operator {op}"),
            ErrTag::for_operator(op, false),
        )?;
        if c.ty.is_string() {
            self.report(Diagnostic::operator_needs_int(op, e.span, c.ty));
            return None;
        }
        Some(c)
    }

    /// Checks an expression used for its value.
    pub(super) fn expr(&mut self, e: &Expr) -> Option<ir::Expr> {
        match &e.kind {
            ExprKind::Int {
                value,
                unsigned,
                long,
            } => Some(typed(
                ir::ExprKind::Int(*value),
                literal_type(*value, *unsigned, *long),
                e,
            )),
            ExprKind::Str(s) => Some(typed(ir::ExprKind::Str(s.clone()), Type::Str, e)),
            ExprKind::Ident(name) => self.ident(e, name),
            ExprKind::KernelSym(sym) => {
                // A name the kernel lacks says so; any other has no type.
                let d = match super::super::ksyms::address(sym) {
                    Err(why @ super::super::ksyms::Unresolved::Unknown) => {
                        Diagnostic::kernel_symbol_unresolved(e.span, sym, &why.to_string())
                    }
                    _ => Diagnostic::kernel_symbol_value(e.span, sym),
                };
                self.report(d);
                None
            }
            ExprKind::AggRef(name) => {
                self.report(Diagnostic::agg_as_value(e.span, name));
                None
            }
            ExprKind::Macro { name, string } => self.macro_var(e, name, *string),
            ExprKind::Unary(op, operand) => self.unary(e, *op, operand),
            ExprKind::Binary(op, l, r) => self.binary(e, *op, l, r),
            ExprKind::Ternary(c, yes, no) => self.ternary(e, c, yes, no),
            ExprKind::Call(callee, args) => self.call(e, callee, args),
            ExprKind::Index(..) if self.is_clause_local_array(e) => {
                self.report(Diagnostic::clause_local_array(e.span));
                None
            }
            ExprKind::Index(base, keys) => self.index(e, base, keys),
            ExprKind::Assign(op, lhs, rhs) => self.assign(e, *op, lhs, rhs),
            ExprKind::Incr {
                target,
                delta,
                post,
            } => self.incr(e, target, *delta, *post),
            ExprKind::Member { .. } if self.is_variable(e) => self.read_var(e),
            ExprKind::Member {
                base,
                name,
                arrow: true,
            } if super::tracepoint_args::is_args(base) => self.tracepoint_arg(e, name),
            ExprKind::Member { arrow: false, .. } if self.var_member_peek(e) => {
                let p = self.var_member(e).ok()??;
                self.read_member(p, e.span)
            }
            ExprKind::Member { base, name, arrow } => self.member_access(e, base, name, *arrow),
            ExprKind::Offsetof(ty, member) => self.offsetof(e, ty, member),
            ExprKind::Cast(ty, operand) => self.cast(e, ty, operand),
            ExprKind::Xlate(ty, operand) => self.xlate(e, ty, operand),
            ExprKind::SizeofType(ty) => {
                if ty.base == "void" && ty.pointers == 0 {
                    self.report(Diagnostic::sizeof_void(e.span));
                    return None;
                }
                let t = self.resolve_type(ty)?;
                let size = self.size_of(t);
                Some(typed(ir::ExprKind::Int(size), Type::UINT, e))
            }
            ExprKind::SizeofExpr(operand) => {
                let size = self.size_of_value(operand)?;
                Some(typed(ir::ExprKind::Int(size), Type::UINT, e))
            }
        }
    }

    /// `(type) e`.
    fn cast(&mut self, e: &Expr, ty: &TypeName, operand: &Expr) -> Option<ir::Expr> {
        let to = self.resolve_type(ty)?;
        let c = self.argument(operand, "a cast", ErrTag::CastInval)?;
        if self.cast_of_translated((e, operand), &c, ty, to) {
            return None;
        }
        // An alloca pointer cast to a string is the string there.
        if to.is_string() && self.taint(&c) == super::scratch::Taint::Alloca {
            let kind = ir::ExprKind::Call(Subr::Stringof, vec![c]);
            return Some(typed(kind, Type::Str, e));
        }
        if to.is_string() != c.ty.is_string() {
            self.report(Diagnostic::bad_cast(e.span, c.ty, to));
            return None;
        }
        let kind = match (to, c.kind) {
            (Type::Int { size, .. }, ir::ExprKind::Int(v)) => {
                ir::ExprKind::Int(fold_cast(v, c.ty, size))
            }
            (Type::Int { signed, size }, kind) if size < 8 => {
                let inner = ir::Expr { kind, ..c };
                ir::ExprKind::Narrow(Box::new(inner), IntKind { signed, size })
            }
            (_, kind) => kind,
        };
        Some(typed(kind, to, e))
    }

    /// `` &`name ``: the symbol's address, from the running kernel.
    fn kernel_symbol_address(&mut self, e: &Expr, sym: &str) -> Option<ir::Expr> {
        match super::super::ksyms::address(sym) {
            Ok(addr) => Some(typed(ir::ExprKind::Int(addr), Type::Ptr { to: None }, e)),
            Err(why) => {
                self.report(Diagnostic::kernel_symbol_unresolved(
                    e.span,
                    sym,
                    &why.to_string(),
                ));
                None
            }
        }
    }

    fn ident(&mut self, e: &Expr, name: &str) -> Option<ir::Expr> {
        if let Some(bound) = self.bound_name(name, e) {
            return Some(bound);
        }
        match names::lookup(name) {
            Some(Name::Builtin(b, _)) if self.stable_name(b, e).is_some() => self.stable_name(b, e),
            Some(Name::Builtin(b, ty)) => {
                let ty = self.builtin_type(b, ty);
                Some(typed(ir::ExprKind::Builtin(b), ty, e))
            }
            Some(Name::Arg(n)) if self.stable.is_some() => self.stable_raw_arg(n, e),
            Some(Name::Arg(n)) => Some(typed(ir::ExprKind::Arg(n), names::ARG_TYPE, e)),
            None if names::CONSTANTS.iter().any(|(n, _)| *n == name) => {
                let v = names::CONSTANTS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(0, |c| c.1);
                let ty = if name == "NULL" {
                    Type::Ptr { to: None }
                } else {
                    Type::INT32
                };
                Some(typed(ir::ExprKind::Int(v as u64), ty, e))
            }
            None if self.syms.enumerators.contains_key(name) => {
                let v = self.syms.enumerators[name];
                Some(typed(ir::ExprKind::Int(v as u64), Type::INT32, e))
            }
            None if super::super::translators::BUILTINS
                .iter()
                .any(|b| b.0 == name) =>
            {
                self.translated_builtin(name, e).flatten()
            }
            None if self.syms.inlines.contains_key(name) => {
                let inline = self.syms.inlines[name].clone();
                let value = self.expr(&inline.value)?;
                // Translated data stays itself: its members are read
                // through the translator.
                let value = match self.translates_to(value.ty, inline.ty) {
                    true => value,
                    false => self.convert(value, inline.ty, name)?,
                };
                Some(ir::Expr {
                    span: e.span,
                    ..value
                })
            }
            None if self
                .syms
                .lookup(super::symbols::Scope::Global, name)
                .is_some() =>
            {
                self.read_var(e)
            }
            None if name == "retval" => {
                self.report(Diagnostic::retval_not_d(e.span));
                None
            }
            None if name == "args" => {
                self.report(Diagnostic::args_without_index(e.span));
                None
            }
            None => {
                let near = suggest::closest(name, names::variable_names());
                self.report(Diagnostic::unknown_identifier(e.span, name, near));
                None
            }
        }
    }

    fn unary(&mut self, e: &Expr, op: UnaryOp, operand: &Expr) -> Option<ir::Expr> {
        let wrap = |k: fn(Box<ir::Expr>) -> ir::ExprKind, c: ir::Expr| {
            let ty = c.ty;
            typed(k(Box::new(c)), ty, e)
        };
        match op {
            UnaryOp::Neg => {
                let c = self.unary_operand(operand, "-")?;
                // Fold negative literals so they can be immediates.
                Some(match c.kind {
                    ir::ExprKind::Int(v) => typed(ir::ExprKind::Int(v.wrapping_neg()), c.ty, e),
                    _ => wrap(ir::ExprKind::Neg, c),
                })
            }
            UnaryOp::BitNot => Some(wrap(
                ir::ExprKind::BitNot,
                self.unary_operand(operand, "~")?,
            )),
            UnaryOp::Plus => self.unary_operand(operand, "+"),
            UnaryOp::Not => {
                let c = self.condition(operand)?;
                Some(typed(ir::ExprKind::Not(Box::new(c)), Type::INT, e))
            }
            UnaryOp::Deref => {
                let c = self.expr(operand)?;
                if let Type::StructPtr(_) = c.ty {
                    return self.struct_deref(c, e.span);
                }
                if c.ty == (Type::Ptr { to: None }) {
                    self.report(Diagnostic::deref_void(e.span));
                    return None;
                }
                let Some(to) = c.ty.pointee() else {
                    self.report(Diagnostic::deref_non_pointer(operand.span, c.ty));
                    return None;
                };
                let Type::Int { signed, size } = to else {
                    return None;
                };
                let kind = ir::ExprKind::Deref(Box::new(c), IntKind { signed, size });
                Some(typed(kind, to, e))
            }
            UnaryOp::AddrOf => {
                if let ExprKind::KernelSym(sym) = &operand.kind {
                    return self.kernel_symbol_address(e, sym);
                }
                self.address_of(e, operand)
            }
        }
    }

    fn binary(&mut self, e: &Expr, op: BinaryOp, l: &Expr, r: &Expr) -> Option<ir::Expr> {
        if let Some(lop) = logic_op(op) {
            let (a, b) = (self.condition(l), self.condition(r));
            let kind = ir::ExprKind::Logical(lop, Box::new(a?), Box::new(b?));
            return Some(typed(kind, Type::INT, e));
        }
        if let Some(cop) = cmp_op(op) {
            let (a, b) = (self.expr(l), self.expr(r));
            let (a, b) = super::structs::string_compatible(a?, b?);
            let kind = match (a.ty, b.ty) {
                (Type::Str, Type::Str) => ir::ExprKind::StrCompare(cop, Box::new(a), Box::new(b)),
                // A string against NULL: the string subroutines give ""
                // where DTrace's give NULL, so `s == NULL` tests for "".
                (Type::Str, Type::Ptr { to: None }) if b.kind == ir::ExprKind::Int(0) => {
                    let empty = typed(ir::ExprKind::Str(String::new()), Type::Str, r);
                    ir::ExprKind::StrCompare(cop, Box::new(a), Box::new(empty))
                }
                (Type::Ptr { to: None }, Type::Str) if a.kind == ir::ExprKind::Int(0) => {
                    let empty = typed(ir::ExprKind::Str(String::new()), Type::Str, l);
                    ir::ExprKind::StrCompare(cop, Box::new(empty), Box::new(b))
                }
                (a_ty, b_ty) if a_ty.is_scalar() && b_ty.is_scalar() => ir::ExprKind::Compare {
                    op: cop,
                    signed: Type::arithmetic(a.ty, b.ty).is_signed(),
                    lhs: Box::new(a),
                    rhs: Box::new(b),
                },
                _ => {
                    let d = Diagnostic::compare_mismatch((l.span, a.ty), (r.span, b.ty));
                    self.report(d);
                    return None;
                }
            };
            return Some(typed(kind, Type::INT, e));
        }
        let aop = arith_op(op)?;
        let (a, b) = (
            self.int_operand(l, op.symbol()),
            self.int_operand(r, op.symbol()),
        );
        let (a, b) = (a?, b?);
        if matches!(aop, ArithOp::Div | ArithOp::Rem) && consts::value(&b) == Some(0) {
            self.report(Diagnostic::division_by_zero(r.span));
            return None;
        }
        if let Some(pointers) = self.pointer_arith(e, aop, &a, &b) {
            return pointers;
        }
        let ty = match aop {
            ArithOp::Shl | ArithOp::Shr => a.ty.promoted(),
            _ => Type::arithmetic(a.ty, b.ty),
        };
        Some(typed(
            ir::ExprKind::Arith(aop, Box::new(a), Box::new(b)),
            ty,
            e,
        ))
    }

    fn ternary(&mut self, e: &Expr, c: &Expr, yes: &Expr, no: &Expr) -> Option<ir::Expr> {
        // Both branches' calls are checked before either's place in `?:`.
        let (a, b) = (self.action_arity_error(yes), self.action_arity_error(no));
        if a || b {
            return None;
        }
        let (c, y, n) = (
            self.condition(c),
            self.argument(yes, "`?:`", ErrTag::OpAct),
            self.argument(no, "`?:`", ErrTag::OpAct),
        );
        let (c, y, n) = (c?, y?, n?);
        let ty = match (y.ty, n.ty) {
            (Type::Str, Type::Str) => Type::Str,
            (a, b) if a.is_scalar() && b.is_scalar() => Type::arithmetic(a, b),
            _ => {
                let d = Diagnostic::ternary_mismatch(e.span, (yes.span, y.ty), (no.span, n.ty));
                self.report(d);
                return None;
            }
        };
        let kind = ir::ExprKind::Ternary(Box::new(c), Box::new(y), Box::new(n));
        Some(typed(kind, ty, e))
    }

    /// `args[N]`, or an associative array's element.
    fn index(&mut self, e: &Expr, base: &Expr, keys: &[Expr]) -> Option<ir::Expr> {
        if let ExprKind::Ident(name) = &base.kind {
            if self
                .syms
                .inlines
                .get(name)
                .is_some_and(|i| !i.params.is_empty())
            {
                return self.inline_use(e, name, keys);
            }
        }
        if base.kind == ExprKind::Ident("uregs".into()) {
            return self.uregs(e, keys);
        }
        if base.kind != ExprKind::Ident("args".into()) {
            if let [index] = keys {
                if self.peek_type(base).is_some_and(|t| t.is_string()) {
                    return self.string_char(e, base, index);
                }
            }
            if self.is_variable(e) && !self.is_pointer_variable(base) {
                return self.read_var(e);
            }
            if self.var_member_peek(e) {
                let p = self.var_member(e).ok()??;
                return self.read_member(p, e.span);
            }
            return self.element(e, base, keys);
        }
        let [index] = keys else {
            self.report(Diagnostic::index_unsupported(base.span));
            return None;
        };
        // A string index is DTrace's argument-prototype error.
        let i = self.expr(index)?;
        if i.ty.is_string() {
            let d = Diagnostic::operator_needs_int("[]", index.span, i.ty);
            self.report(d.retag(ErrTag::ProtoArg));
            return None;
        }
        if let (Some(p), ir::ExprKind::Int(n)) = (self.stable, &i.kind) {
            return self.stable_arg(p, *n, e.span);
        }
        let kind = match i.kind {
            ir::ExprKind::Int(n) if n > u64::from(MAX_ARG) => {
                self.report(Diagnostic::arg_index_out_of_range(index.span, n, MAX_ARG));
                return None;
            }
            ir::ExprKind::Int(n) => ir::ExprKind::Arg(n as u32),
            _ => ir::ExprKind::ArgAt(Box::new(i)),
        };
        let ty = match kind {
            ir::ExprKind::Arg(n) => self.arg_type(u64::from(n), index.span)?,
            _ => names::ARG_TYPE,
        };
        Some(super::kernel::narrowed(typed(kind, ty, e)))
    }

    /// `uregs[R]`: the thread's user register `R`, an integer constant
    /// (`R_PC`), as DTrace requires.
    fn uregs(&mut self, e: &Expr, keys: &[Expr]) -> Option<ir::Expr> {
        let [index] = keys else {
            self.report(Diagnostic::index_unsupported(e.span));
            return None;
        };
        let i = self.int_operand(index, "[]")?;
        let Some(reg) = consts::value(&i) else {
            self.report(Diagnostic::uregs_not_constant(index.span, i.ty));
            return None;
        };
        if reg > MAX_UREG {
            self.report(Diagnostic::uregs_out_of_bounds(index.span, reg));
            return None;
        }
        let reg = ir::Expr {
            kind: ir::ExprKind::Int(reg),
            ty: Type::INT,
            span: index.span,
        };
        Some(typed(
            ir::ExprKind::Call(Subr::Uregs, vec![reg]),
            Type::UINT,
            e,
        ))
    }

    /// `s[i]` of a string `s`: its `i`th character, as a `char` (0 past
    /// its end), DTrace reading a string as the char array it is.
    fn string_char(&mut self, e: &Expr, base: &Expr, index: &Expr) -> Option<ir::Expr> {
        let s = self.expr(base)?;
        let i = self.int_operand(index, "[]")?;
        self.member_bounds(base, &i, index)?;
        let one = ir::Expr {
            kind: ir::ExprKind::Int(1),
            ty: Type::UINT,
            span: e.span,
        };
        let byte = ir::Expr {
            kind: ir::ExprKind::Call(Subr::BlobGet, vec![s, i, one]),
            ty: Type::UINT,
            span: e.span,
        };
        let char_kind = IntKind {
            signed: true,
            size: 1,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Narrow(Box::new(byte), char_kind),
            ty: Type::CHAR,
            span: e.span,
        })
    }

    /// A call used as a value: a subroutine.
    fn call(&mut self, e: &Expr, callee: &Expr, args: &[Expr]) -> Option<ir::Expr> {
        let ExprKind::Ident(name) = &callee.kind else {
            self.report(Diagnostic::not_callable(callee.span));
            return None;
        };
        match names::function(name) {
            Some(Function::Subr(s)) => self.subr_call(e, name, s, args),
            Some(Function::Action(ActionName::Stack | ActionName::Ustack)) => {
                self.stack_value(e, name, args)
            }
            Some(Function::Action(ActionName::Symbol(kind))) => {
                self.symbol_value(e, name, kind, args)
            }
            Some(Function::Action(ActionName::UserSymbol(kind))) => {
                self.user_symbol_value(e, name, kind, args)
            }
            Some(Function::Action(_)) => {
                self.report(Diagnostic::action_in_expression(e.span, name));
                None
            }
            // D subroutines the prelude defines in D (`inet_ntoa` reads
            // the four bytes at its address in kernel memory).
            None if super::scratch::SCRATCH_SUBRS.contains(&name.as_str()) => {
                self.scratch_call(e, name, args)
            }
            None if PRELUDE_SUBRS.contains(&name.as_str()) => {
                self.inline_use(e, &format!("__{name}"), args)
            }
            None if name == "strtok" => self.strtok_call(e, args),
            None if super::inet::INET_SUBRS.contains(&name.as_str()) => {
                self.inet_call(e, name, args)
            }
            None if names::lookup(name).is_some() => {
                self.report(Diagnostic::variable_called(callee.span, name));
                None
            }
            None => {
                let near = suggest::closest(name, names::function_names());
                self.report(Diagnostic::unknown_function(callee.span, name, near));
                None
            }
        }
    }

    /// Reports `trace()` or `exit()` called with other than one argument,
    /// as DTrace checks a call's prototype before where it stands.
    fn action_arity_error(&mut self, arg: &Expr) -> bool {
        let ExprKind::Call(callee, given) = &arg.kind else {
            return false;
        };
        let ExprKind::Ident(name) = &callee.kind else {
            return false;
        };
        let one = matches!(
            names::function(name),
            Some(Function::Action(ActionName::Trace | ActionName::Exit))
        );
        if !one || given.len() == 1 {
            return false;
        }
        let d = Diagnostic::wrong_arg_count(arg.span, name, "1 argument", given.len());
        self.report(d);
        true
    }

    /// An argument of `receiver`: an action (no value) or an aggregation
    /// there is `tag`'s error, as in DTrace.
    pub(super) fn argument(&mut self, arg: &Expr, receiver: &str, tag: ErrTag) -> Option<ir::Expr> {
        if let ExprKind::Call(callee, _) = &arg.kind {
            if let ExprKind::Ident(name) = &callee.kind {
                if let Some(Function::Action(a)) = names::function(name) {
                    if self.action_arity_error(arg) {
                        return None;
                    }
                    if !matches!(
                        a,
                        ActionName::Stack
                            | ActionName::Ustack
                            | ActionName::Symbol(_)
                            | ActionName::UserSymbol(_)
                    ) {
                        self.report(Diagnostic::void_argument(arg.span, name, receiver, tag));
                        return None;
                    }
                }
            }
        }
        if let ExprKind::AggRef(name) = &arg.kind {
            self.report(Diagnostic::agg_as_value(arg.span, name).retag(tag));
            return None;
        }
        self.expr(arg)
    }

    fn subr_call(&mut self, e: &Expr, name: &str, subr: Subr, args: &[Expr]) -> Option<ir::Expr> {
        // copyinstr(addr, maxlen) is a subroutine of its own.
        let subr = match (subr, args.len()) {
            (Subr::Copyinstr, 2) => Subr::CopyinstrN,
            _ => subr,
        };
        // stringof() of a string is that string.
        if let (Subr::Stringof, [arg]) = (subr, args) {
            let c = self.argument(arg, "`stringof`", ErrTag::StringofType)?;
            if c.ty.is_string() {
                return Some(ir::Expr { span: e.span, ..c });
            }
        }
        let params = subr.args();
        // D's substr(s, start) takes the rest of the string; index and
        // rindex search the whole string without a start.
        let fill = match subr {
            Subr::Substr => Some(i64::MAX as u64),
            Subr::Index | Subr::Rindex => Some(rdtrace_uapi::dif::subr::NO_START),
            // lltostr and strtoll are decimal without a base.
            Subr::Lltostr | Subr::Strtoll => Some(10),
            _ => None,
        };
        let optional = usize::from(fill.is_some());
        if !self.arity_ok(e, name, args.len(), params.len(), optional) {
            return None;
        }
        let mut checked = Vec::new();
        let mut ok = true;
        let receiver = format!("`{name}`");
        for (arg, &param) in args.iter().zip(params) {
            let Some(c) = self.argument(arg, &receiver, ErrTag::ProtoArg) else {
                ok = false;
                continue;
            };
            // A `char *` (or NULL) is a string where a string is expected.
            let c = match param {
                Ty::Str => super::structs::string_argument(c),
                _ => c,
            };
            if c.ty.dif() != param {
                let want = if param == Ty::Str {
                    Type::Str
                } else {
                    Type::INT
                };
                self.report(Diagnostic::arg_type(arg.span, name, want, c.ty));
                ok = false;
            }
            checked.push(c);
        }
        if !ok {
            return None;
        }
        if let (Subr::DPath, [arg], [path]) = (subr, args, checked.as_slice()) {
            self.path_pointer(arg, path)?;
        }
        if let (Some(fill), true) = (fill, checked.len() < params.len()) {
            checked.push(typed(ir::ExprKind::Int(fill), Type::INT, e));
        }
        let ty = match subr {
            _ if subr.ret() == Ty::Str => Type::Str,
            // A `struct task_struct *` when the kernel's types are at hand.
            Subr::MutexOwner => {
                self.builtin_type(rdtrace_uapi::dif::builtin::Builtin::Curthread, Type::INT)
            }
            Subr::MutexOwned | Subr::MutexTypeAdaptive | Subr::MutexTypeSpin | Subr::Progenyof => {
                Type::INT32
            }
            _ => Type::INT,
        };
        Some(typed(ir::ExprKind::Call(subr, checked), ty, e))
    }
}

impl Checker<'_, '_> {
    /// `d_path()`'s argument as DTrace's prototype wants it: a pointer to
    /// another struct than `struct path` is refused (an integer or
    /// `void *` is taken as the address of one).
    fn path_pointer(&mut self, arg: &Expr, path: &ir::Expr) -> Option<()> {
        let Type::StructPtr(id) = path.ty else {
            return Some(());
        };
        let found = self.struct_name(id);
        if found == "struct path" {
            return Some(());
        }
        let what = "`d_path` argument #1";
        let found = format!("{found} *");
        self.report(Diagnostic::struct_mismatch(
            arg.span,
            what,
            "struct path *",
            &found,
            ErrTag::ProtoArg,
        ));
        None
    }
}

/// Subroutines written in D in the prelude, as inlines named `__NAME`.
const PRELUDE_SUBRS: &[&str] = &["inet_ntoa"];

/// Whether `name` is a subroutine the checker compiles itself rather
/// than through the names table (the prelude's, scratch's, `strtok`,
/// `inet_ntoa6`, `inet_ntop`, `link_ntop`).
pub(super) fn is_checker_subr(name: &str) -> bool {
    PRELUDE_SUBRS.contains(&name)
        || super::scratch::SCRATCH_SUBRS.contains(&name)
        || name == "strtok"
        || super::inet::INET_SUBRS.contains(&name)
}

/// A constant cast to an integer of `to` bytes, folded as DTrace folds it
/// (`dt_node_cast`): narrower keeps the low bytes, zero-extended whatever
/// the sign (`(char)-1` is 255); wider sign-extends a signed source into
/// the new width (`(short)(signed char)-1` is 0xffff) and zero-extends an
/// unsigned one; the same width changes nothing.
fn fold_cast(v: u64, from: Type, to: u8) -> u64 {
    let Type::Int { signed, size } = from else {
        return narrow_to(v, to);
    };
    if to < size {
        narrow_to(v, to)
    } else if to > size && signed {
        let widened = super::vars::narrow_const(v, IntKind { signed, size });
        narrow_to(widened, to)
    } else if to > size {
        narrow_to(v, size)
    } else {
        v
    }
}

/// The low `size` bytes of `v`, zero-extended.
fn narrow_to(v: u64, size: u8) -> u64 {
    match size {
        0..=7 => super::vars::narrow_const(
            v,
            IntKind {
                signed: false,
                size,
            },
        ),
        _ => v,
    }
}
