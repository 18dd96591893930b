//! Statements: each must be an action call (`trace`, `printf`, `exit`);
//! printf's format is parsed and matched against its arguments.

use super::super::ast::{Expr, ExprKind, Stmt, StmtKind};
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::escapes;
use super::super::ir::{self, Action, ActionKind, Command};
use super::super::names::{self, ActionName, Destructive, Function};
use super::super::printf_format::{self, ArgKind, Format, FormatErrorKind, Piece};
use super::super::suggest;
use super::super::types::{IntKind, Type};
use super::speculation::SpecStmt;
use super::{addr_symbols, stacks, Checker};
use rdtrace_uapi::dif::limits::MAX_TUPLE;
use rdtrace_uapi::dif::subr::Subr;
use rdtrace_uapi::dif::Ty;

impl Checker<'_, '_> {
    /// Checks statements in order; broken ones are reported and left out.
    pub(super) fn statements(&mut self, body: &[Stmt]) -> Vec<Action> {
        let mut out = Vec::new();
        for s in body {
            if let StmtKind::Loop {
                init: Some(init), ..
            } = &s.kind
            {
                if let Some(c) = self.expr(init) {
                    out.push(Action {
                        kind: ActionKind::Eval(c),
                        span: init.span,
                    });
                }
            }
            out.extend(self.statement(s));
        }
        out
    }

    fn statement(&mut self, s: &Stmt) -> Option<Action> {
        let e = match &s.kind {
            StmtKind::Expr(e) => discarded(e),
            StmtKind::Loop {
                init,
                cond,
                step,
                body,
            } => return self.loop_statement(s, init.as_ref(), cond.as_ref(), step.as_ref(), body),
            StmtKind::Aggregate {
                name,
                keys,
                func,
                args,
            } => {
                if let Some((rule, earlier)) = self.spec.note(SpecStmt::Aggregate, s.span) {
                    self.report(Diagnostic::spec_order(s.span, rule, earlier));
                    return None;
                }
                return self.aggregate(s, name, keys.as_deref(), func, args);
            }
            StmtKind::Break | StmtKind::Continue => {
                if self.loops == 0 {
                    self.report(Diagnostic::outside_loop(s.span));
                    return None;
                }
                let kind = if s.kind == StmtKind::Break {
                    ActionKind::Break
                } else {
                    ActionKind::Continue
                };
                return Some(Action { kind, span: s.span });
            }
            StmtKind::If(cond, then, otherwise) => {
                let c = self.condition(cond);
                let (then, otherwise) = (self.statements(then), self.statements(otherwise));
                return Some(Action {
                    kind: ActionKind::If(c?, then, otherwise),
                    span: s.span,
                });
            }
        };
        // Any expression is a statement, as in DTrace: assignments for
        // their effect, others evaluated (and their faults reported).
        let eval = |cx: &mut Self| {
            let c = cx.expr(e)?;
            Some(Action {
                kind: ActionKind::Eval(c),
                span: e.span,
            })
        };
        let ExprKind::Call(callee, args) = &e.kind else {
            return eval(self);
        };
        let ExprKind::Ident(name) = &callee.kind else {
            self.report(Diagnostic::not_callable(callee.span));
            return None;
        };
        if let Some(stmt) = SpecStmt::of_call(name) {
            if let Some((rule, earlier)) = self.spec.note(stmt, e.span) {
                self.report(Diagnostic::spec_order(e.span, rule, earlier));
                return None;
            }
        }
        let kind = match names::function(name) {
            Some(Function::Action(ActionName::Spec(op))) => {
                let [arg] = self.arity::<1>(e, name, args)?;
                let c = self.expr(arg)?;
                if c.ty.is_string() {
                    self.report(Diagnostic::arg_type(arg.span, name, Type::INT, c.ty));
                    return None;
                }
                ActionKind::Spec(op, c)
            }
            Some(Function::Action(ActionName::Trace)) => {
                let [arg] = self.arity::<1>(e, name, args)?;
                // trace(stack()) is stack(), as in DTrace.
                if let ExprKind::Call(inner, inner_args) = &arg.kind {
                    if let (true, ExprKind::Ident(inner_name)) =
                        (stacks::is_stack_call(arg), &inner.kind)
                    {
                        return Some(Action {
                            kind: self.stack_action(arg, inner_name, inner_args)?,
                            span: e.span,
                        });
                    }
                }
                // `(void)e` has no value, whatever `e` is, nor has an action.
                let void = match &arg.kind {
                    ExprKind::Cast(to, _) => to.base == "void" && to.pointers == 0,
                    ExprKind::Call(callee, _) => matches!(
                        &callee.kind,
                        ExprKind::Ident(n) if matches!(
                            names::function(n),
                            Some(Function::Action(a))
                                if !matches!(a, ActionName::Symbol(_) | ActionName::UserSymbol(_))
                        )
                    ),
                    _ => false,
                };
                if void {
                    self.report(Diagnostic::trace_void(arg.span));
                    return None;
                }
                if let ExprKind::AggRef(agg) = &arg.kind {
                    self.report(Diagnostic::agg_as_value(arg.span, agg).retag(ErrTag::TraceDyn));
                    return None;
                }
                if let Some(kind) = self.trace_array(arg) {
                    return Some(Action { kind, span: e.span });
                }
                let value = self.expr(arg)?;
                match value.ty {
                    Type::Symbol(kind) => addr_symbols::trace_symbol(value, kind),
                    Type::Usym(kind) => addr_symbols::trace_user_symbol(value, kind),
                    Type::Struct(id) | Type::StructVal(id) => self.trace_struct(value, id)?,
                    Type::Str if self.opts.rawbytes => self.trace_raw_string(value),
                    _ => ActionKind::Trace(value),
                }
            }
            Some(Function::Action(ActionName::Tracemem)) => self.tracemem(e, args)?,
            Some(Function::Action(ActionName::Print)) => self.print_action(e, args)?,
            Some(Function::Action(ActionName::Stack | ActionName::Ustack)) => {
                self.stack_action(e, name, args)?
            }
            Some(Function::Action(ActionName::Exit)) => {
                let [arg] = self.arity::<1>(e, name, args)?;
                let c = self.argument(arg, "`exit`", ErrTag::ProtoArg)?;
                if c.ty.is_string() {
                    self.report(Diagnostic::arg_type(arg.span, name, Type::INT, c.ty));
                    return None;
                }
                ActionKind::Exit(c)
            }
            Some(Function::Action(ActionName::Printf)) => self.printf("printf", e, args)?,
            Some(Function::Action(ActionName::Ftruncate)) => {
                let [] = self.arity::<0>(e, name, args)?;
                ActionKind::Command(Command::Ftruncate, Format::default(), Vec::new())
            }
            Some(Function::Action(ActionName::Agg(a))) => self.agg_action(e, a, args)?,
            Some(Function::Action(ActionName::Destructive(d))) => {
                self.destructive(e, name, d, args)?
            }
            // A statement of its own, `func(pc)` is an action (DTrace's
            // DTRACEACT_SYM/MOD), printing the symbol as trace() would.
            Some(Function::Action(ActionName::Symbol(kind))) => {
                let value = self.symbol_value(e, name, kind, args)?;
                addr_symbols::trace_symbol(value, kind)
            }
            Some(Function::Action(ActionName::UserSymbol(kind))) => {
                let value = self.user_symbol_value(e, name, kind, args)?;
                addr_symbols::trace_user_symbol(value, kind)
            }
            Some(Function::Subr(_)) => return eval(self),
            None if super::expr::is_checker_subr(name) => return eval(self),
            None if names::lookup(name).is_some() => {
                self.report(Diagnostic::variable_called(callee.span, name));
                return None;
            }
            None => {
                let near = suggest::closest(name, names::function_names());
                self.report(Diagnostic::unknown_function(callee.span, name, near));
                return None;
            }
        };
        Some(Action { kind, span: e.span })
    }

    /// A destructive action: only with `-w`; `system` is run by the
    /// consumer, the ones that would stop or slow the kernel are refused.
    fn destructive(
        &mut self,
        call: &Expr,
        name: &str,
        d: Destructive,
        args: &[Expr],
    ) -> Option<ActionKind> {
        // The prototype first, as DTrace checks it at compile time and
        // the privilege only when enabling.
        let arity = match d {
            Destructive::Panic | Destructive::Breakpoint | Destructive::Stop => Some(0),
            Destructive::Raise | Destructive::Chill => Some(1),
            Destructive::System | Destructive::Freopen => None,
        };
        let mut checked = Vec::new();
        if let Some(n) = arity {
            if args.len() != n {
                let expected = if n == 0 { "no arguments" } else { "1 argument" };
                let d = Diagnostic::wrong_arg_count(call.span, name, expected, args.len());
                self.report(d);
                return None;
            }
            for a in args {
                let c = self.expr(a)?;
                if c.ty.is_string() {
                    self.report(Diagnostic::arg_type(a.span, name, Type::INT, c.ty));
                    return None;
                }
                checked.push(c);
            }
        }
        if let (
            Destructive::Freopen,
            Some(Expr {
                kind: ExprKind::Str(s),
                span,
                ..
            }),
        ) = (d, args.first())
        {
            if s == "." || s == ".." {
                self.report(Diagnostic::freopen_invalid(*span, s));
                return None;
            }
        }
        if matches!(d, Destructive::Panic | Destructive::Breakpoint) {
            self.report(Diagnostic::kernel_stopping_action(call.span, name));
            return None;
        }
        if !self.opts.destructive {
            self.report(Diagnostic::destructive_not_allowed(call.span, name));
            return None;
        }
        if args.len() > MAX_TUPLE + 1 {
            self.report(Diagnostic::too_many_args(
                args[MAX_TUPLE + 1].span,
                name,
                MAX_TUPLE,
            ));
            return None;
        }
        // raise(sig) runs in probe context: a call for its effect.
        if d == Destructive::Raise {
            let ty = Type::INT;
            let kind = ir::ExprKind::Call(Subr::Raise, checked);
            return Some(ActionKind::Eval(ir::Expr {
                kind,
                ty,
                span: call.span,
            }));
        }
        // Only system()'s and freopen()'s arguments are a format (chill(1)
        // is no printf). freopen("") restores the original output.
        let (command, printf) = match d {
            Destructive::Freopen if matches!(args, [Expr { kind: ExprKind::Str(s), .. }] if s.is_empty()) => {
                (
                    Command::Freopen,
                    Some(ActionKind::Printf(Format::default(), Vec::new())),
                )
            }
            Destructive::Freopen => (Command::Freopen, Some(self.printf(name, call, args)?)),
            Destructive::System => (Command::System, Some(self.printf(name, call, args)?)),
            _ => (Command::System, None),
        };
        match printf {
            Some(ActionKind::Printf(f, values)) => Some(ActionKind::Command(command, f, values)),
            _ => {
                self.report(Diagnostic::unsupported(call.span, &format!("`{name}()`")));
                None
            }
        }
    }

    /// Exactly `N` arguments.
    pub(super) fn arity<'e, const N: usize>(
        &mut self,
        call: &Expr,
        name: &str,
        args: &'e [Expr],
    ) -> Option<&'e [Expr; N]> {
        let r = args.try_into().ok();
        // An undefined macro argument is DTrace's lexer's error: first.
        let reported = self.diags.len();
        if r.is_none() {
            for a in args
                .iter()
                .filter(|a| matches!(a.kind, ExprKind::Macro { .. }))
            {
                let _ = self.expr(a);
            }
        }
        if r.is_none() && self.diags.len() == reported {
            let expected = if N == 1 {
                "1 argument".into()
            } else {
                format!("{N} arguments")
            };
            self.report(Diagnostic::wrong_arg_count(
                call.span,
                name,
                &expected,
                args.len(),
            ));
        }
        r
    }

    /// `name(fmt, values...)`: printf, or a command formatted as printf.
    fn printf(&mut self, name: &str, call: &Expr, args: &[Expr]) -> Option<ActionKind> {
        let Some((fmt, values)) = args.split_first() else {
            let d = Diagnostic::wrong_arg_count(call.span, name, "a format and values", 0);
            self.report(d);
            return None;
        };
        let ExprKind::Str(text) = &fmt.kind else {
            // A format of another type is a prototype mismatch, as
            // DTrace's printf(123) is; a string not written out is not.
            match self.expr(fmt) {
                Some(v) if !v.ty.is_string() => {
                    self.report(Diagnostic::arg_type(fmt.span, name, Type::Str, v.ty))
                }
                Some(_) => self.report(Diagnostic::format_not_literal(fmt.span)),
                None => {}
            }
            return None;
        };
        // Decode the literal again from the source to map format offsets
        // to source spans; if the span is not just the literal (it was
        // parenthesised), point at the whole argument instead.
        let inner = fmt.span.start as usize + 1..(fmt.span.end as usize).saturating_sub(1);
        let decoded = self
            .source
            .get(inner.clone())
            .map(|body| escapes::decode(body, inner.start, false, &mut Vec::new()))
            .filter(|d| d.bytes == text.as_bytes());
        let span_of = |r: std::ops::Range<usize>| match &decoded {
            Some(d) => d.span(r.start, r.end),
            None => fmt.span,
        };
        if text.is_empty() {
            self.report(Diagnostic::format_empty(fmt.span, name));
            return None;
        }
        let mut format = match printf_format::parse(text) {
            Ok(f) => f,
            Err(e) => {
                let span = span_of(e.range);
                self.report(match e.kind {
                    FormatErrorKind::Unknown(c) | FormatErrorKind::Malformed(c) => {
                        Diagnostic::format_bad_conversion(span, &c)
                    }
                    FormatErrorKind::Unsupported(c) => {
                        Diagnostic::format_unsupported_conversion(span, &c)
                    }
                    FormatErrorKind::Incomplete => Diagnostic::format_incomplete(span),
                });
                return None;
            }
        };
        // `%@` is printa's; a stack (`%k`) is printa's key only, so far.
        for c in format.conversions() {
            let spec = &format.text[c.range.clone()];
            let span = span_of(c.range.clone());
            if c.agg {
                self.report(Diagnostic::format_aggregation(span, spec));
                return None;
            }
            if c.arg_kind() == ArgKind::Stack {
                self.report(Diagnostic::format_unsupported_conversion(span, spec));
                return None;
            }
        }
        let checked: Vec<_> = values
            .iter()
            .map(|v| self.whole_argument(v, Some(("`printf`", ErrTag::PrintfArgType))))
            .collect();
        let convs: Vec<_> = format.conversions().collect();
        let slots = printf_slots(&convs);
        let mut ok = checked.iter().all(Option::is_some);
        if let Some(slot) = slots.get(values.len()) {
            let span = span_of(slot.conv.range.clone());
            self.report(match slot.role {
                SlotRole::Value => Diagnostic::format_missing_arg(span, slots.len(), values.len()),
                role => Diagnostic::format_missing_star(span, slot.index + 1, role.star()),
            });
            ok = false;
        }
        for extra in values.iter().skip(slots.len()) {
            self.report(Diagnostic::format_extra_arg(extra.span, convs.len()));
            ok = false;
        }
        // `%s` takes a `char *` too, as DTrace's printf does.
        let checked: Vec<_> = checked
            .into_iter()
            .zip(
                slots
                    .iter()
                    .map(|s| s.role == SlotRole::Value && s.conv.arg_type() == Ty::Str),
            )
            .map(|(v, string)| {
                v.map(|v| {
                    if string {
                        super::structs::char_pointer_as_string(v)
                    } else {
                        v
                    }
                })
            })
            .collect();
        for ((slot, value), arg) in slots.iter().zip(&checked).zip(values) {
            let Some(value) = value else { continue };
            let conv = slot.conv;
            let want_ty = if slot.role == SlotRole::Value {
                conv.arg_type()
            } else {
                Ty::Int
            };
            if value.ty.dif() == want_ty {
                continue;
            }
            let want = if want_ty == Ty::Str {
                Type::Str
            } else {
                Type::INT
            };
            let conv_span = span_of(conv.range.clone());
            let spec = &format.text[conv.range.clone()];
            let d = match slot.role {
                SlotRole::Value => {
                    Diagnostic::format_arg_type(arg.span, conv_span, spec, want, value.ty)
                }
                role => Diagnostic::format_star_type(arg.span, conv_span, role.star(), value.ty),
            };
            self.report(d);
            ok = false;
        }
        let checked: Vec<_> = checked
            .into_iter()
            .flatten()
            .zip(&slots)
            .map(|(v, slot)| match slot.role {
                SlotRole::Value => printf_width(v, slot.conv),
                _ => v,
            })
            .collect();
        if !ok {
            return None;
        }
        // `%d` of an unsigned 64-bit value prints it unsigned, as
        // `pfcheck_dint` makes it `%u`.
        let unsigned: Vec<bool> = slots
            .iter()
            .zip(&checked)
            .filter(|(s, _)| s.role == SlotRole::Value)
            .map(|(_, v)| {
                matches!(
                    v.ty,
                    Type::Int {
                        signed: false,
                        size: 8
                    }
                )
            })
            .collect();
        let convs = format.pieces.iter_mut().filter_map(|p| match p {
            Piece::Conversion(c) => Some(c),
            Piece::Literal(_) | Piece::Typed(_) => None,
        });
        let mut patched = Vec::new();
        for (c, unsigned) in convs.zip(unsigned) {
            if unsigned && c.is_signed() {
                c.conv = 'u';
                patched.push(c.range.end - 1);
            }
        }
        // The text says `%u` too: a format is interned by its text, and a
        // `%d` of a signed value with the same text elsewhere keeps its own.
        for at in patched {
            format.text.replace_range(at..at + 1, "u");
        }
        Some(ActionKind::Printf(format, checked))
    }
}

/// What a printf argument is to its conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SlotRole {
    /// The width of `%*d`.
    Width,
    /// The precision of `%.*d`.
    Precision,
    /// The value converted.
    Value,
}

impl SlotRole {
    /// How the format spells a width or precision argument.
    fn star(self) -> &'static str {
        match self {
            SlotRole::Width => "*",
            _ => ".*",
        }
    }
}

/// One argument position of a format.
struct Slot<'f> {
    conv: &'f printf_format::Conversion,
    /// The conversion's index among the format's conversions.
    index: usize,
    role: SlotRole,
}

/// The format's argument positions, in order.
fn printf_slots<'f>(convs: &[&'f printf_format::Conversion]) -> Vec<Slot<'f>> {
    let mut slots = Vec::new();
    for (index, &conv) in convs.iter().enumerate() {
        let roles = [
            (conv.width_arg, SlotRole::Width),
            (conv.precision_arg, SlotRole::Precision),
            (true, SlotRole::Value),
        ];
        for (present, role) in roles {
            if present {
                slots.push(Slot { conv, index, role });
            }
        }
    }
    slots
}

/// An integer argument cut to the width printf reads it at, as DTrace's
/// printf does: the length modifier's (`hh` 1, `h` 2 bytes), else the
/// argument type's. `%d`/`%i` of a signed type narrower than `long long`
/// reads it as a C `int`, as C's varargs promote it (a `signed char`
/// holding -6 prints -6); every other conversion, and any of an unsigned
/// type, reads it unsigned: Oracle DTrace's own tests print `%d` of an
/// `unsigned int` as unsigned and `%x` of an `int` -1 as `ffffffff`. (A
/// constant cast keeps only the low bytes, so `(char)0xef` prints 239.)
fn printf_width(v: ir::Expr, c: &printf_format::Conversion) -> ir::Expr {
    let (size, type_signed) = match (c.length.as_str(), v.ty) {
        ("hh", Type::Int { signed, .. }) => (1, signed),
        ("h", Type::Int { signed, .. }) => (2, signed),
        ("", Type::Int { signed, size }) => (size, signed),
        _ => (8, true),
    };
    if size >= 8 || c.arg_type() == Ty::Str || c.conv == 'p' {
        return v;
    }
    let k = match c.length.as_str() {
        "" if c.is_signed() && type_signed => IntKind {
            signed: true,
            size: size.max(4),
        },
        _ => IntKind {
            signed: c.is_signed() && type_signed && size >= 4,
            size,
        },
    };
    let (span, ty) = (v.span, v.ty);
    let kind = match v.kind {
        ir::ExprKind::Int(n) => ir::ExprKind::Int(super::vars::narrow_const(n, k)),
        kind => ir::ExprKind::Narrow(Box::new(ir::Expr { kind, ty, span }), k),
    };
    ir::Expr { kind, ty, span }
}

/// `e` without the `(void)` casts around it: a statement's value is
/// thrown away anyway, so `(void)f(x);` is `f(x);`, as in C.
fn discarded(mut e: &Expr) -> &Expr {
    while let ExprKind::Cast(ty, inner) = &e.kind {
        if ty.base != "void" || ty.pointers != 0 {
            break;
        }
        e = inner;
    }
    e
}
