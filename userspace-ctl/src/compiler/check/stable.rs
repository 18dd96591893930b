//! Clauses on the stable providers (`proc`, `sched`) and DTrace's
//! translated types (`psinfo_t *`): a clause is checked once per stable
//! probe it names, with that probe's condition and arguments
//! ([`super::super::stable`]) and its names as constants; an argument of
//! a translated type (`psinfo_t *`) is its input translated by the
//! prelude's translator ([`super::xlators`]).

use super::super::ast::{self, Expr, ExprKind, TypeName};
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::super::span::Span;
use super::super::stable::{self, StableProbe, MODULE};
use super::super::translators;
use super::super::types::Type;
use super::Checker;
use rdtrace_uapi::dif::builtin::Builtin;

/// D text as an expression whose every part is at `span` (where a fault
/// in it or an error about it points).
pub(super) fn snippet(text: &str, span: Span) -> Option<Expr> {
    let source = format!("BEGIN {{ ({text}); }}");
    let mut diags = Vec::new();
    let tokens = super::super::lexer::lex(&source, &mut diags);
    let script = super::super::parser::parse(&tokens, &mut diags);
    if !diags.is_empty() {
        return None;
    }
    let stmt = script.clauses.into_iter().next()?.body.into_iter().next()?;
    let ast::StmtKind::Expr(mut e) = stmt.kind else {
        return None;
    };
    respan(&mut e, span);
    Some(e)
}

pub(super) fn respan(e: &mut Expr, span: Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Cast(t, a) => {
            t.span = span;
            respan(a, span);
        }
        ExprKind::SizeofType(t) | ExprKind::Offsetof(t, _) => t.span = span,
        ExprKind::Unary(_, a)
        | ExprKind::SizeofExpr(a)
        | ExprKind::Incr { target: a, .. }
        | ExprKind::Member { base: a, .. } => respan(a, span),
        ExprKind::Xlate(t, a) => {
            t.span = span;
            respan(a, span);
        }
        ExprKind::Binary(_, a, b) | ExprKind::Assign(_, a, b) => {
            respan(a, span);
            respan(b, span);
        }
        ExprKind::Ternary(a, b, c) => {
            respan(a, span);
            respan(b, span);
            respan(c, span);
        }
        ExprKind::Call(a, args) | ExprKind::Index(a, args) => {
            respan(a, span);
            args.iter_mut().for_each(|x| respan(x, span));
        }
        _ => {}
    }
}

/// `name` (`psinfo_t *`) as a type name at `span`.
fn type_name(name: &str, span: Span) -> TypeName {
    let pointers = name.matches('*').count() as u8;
    TypeName {
        base: name.trim_end_matches([' ', '*']).to_string(),
        pointers,
        span,
    }
}

impl Checker<'_, '_> {
    /// The stable probes a clause's descriptions name, each with the
    /// descriptions of the other probes left for a clause of its own
    /// (none when every description is about stable probes).
    pub(super) fn split_stable(
        &mut self,
        probes: &[super::super::probes::ProbeDesc],
    ) -> (
        Vec<&'static StableProbe>,
        Vec<super::super::probes::ProbeDesc>,
    ) {
        let mut found: Vec<&'static StableProbe> = Vec::new();
        let mut rest = Vec::new();
        for d in probes {
            let matched = stable::matching(d);
            for p in &matched {
                if !found.iter().any(|f| std::ptr::eq(*f, *p)) {
                    found.push(p);
                }
            }
            if matched.is_empty() || !stable::only_stable(d) {
                rest.push(d.clone());
            }
        }
        (found, rest)
    }

    /// Runs `f` as the underlying probe's code: `arg0..` raw.
    pub(super) fn underlying<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.stable.take();
        let out = f(self);
        self.stable = saved;
        out
    }

    /// The stable probe's condition (`None`: always).
    pub(super) fn stable_condition(&mut self, span: Span) -> Option<Option<ir::Expr>> {
        let Some(p) = self.stable else {
            return Some(None);
        };
        let Some(text) = p.when else {
            return Some(None);
        };
        let e = snippet(text, span)?;
        self.underlying(|cx| cx.predicate(&e)).map(Some)
    }

    /// `args[n]` of the clause's stable probe.
    pub(super) fn stable_arg(
        &mut self,
        p: &'static StableProbe,
        n: u64,
        span: Span,
    ) -> Option<ir::Expr> {
        let Some(&(ty, text)) = p.args.get(n as usize) else {
            let name = format!("{}:{MODULE}::{}", p.provider, p.name);
            self.report(Diagnostic::arg_index_past_probe(span, n, &name));
            return None;
        };
        let e = snippet(text, span)?;
        let value = self.underlying(|cx| cx.expr(&e))?;
        let name = type_name(ty, span);
        match self.resolve_type(&name)? {
            // A translated type: the translator's input, translated.
            Type::Struct(_) | Type::StructPtr(_) => self.translate(value, &name, span),
            ty => Some(self.retyped(value, ty)),
        }
    }

    /// `argN` of the clause's stable probe: its `args[N]` as an integer
    /// (a translated argument's input), or the underlying probe's.
    pub(super) fn stable_raw_arg(&mut self, n: u32, e: &Expr) -> Option<ir::Expr> {
        let p = self.stable?;
        let raw = ir::Expr {
            kind: ir::ExprKind::Arg(n),
            ty: super::super::names::ARG_TYPE,
            span: e.span,
        };
        match p.args.get(n as usize) {
            Some((ty, _)) if *ty != "string" => {
                let v = self.stable_arg(p, u64::from(n), e.span)?;
                Some(ir::Expr {
                    ty: super::super::names::ARG_TYPE,
                    ..v
                })
            }
            _ => Some(raw),
        }
    }

    /// `probeprov`, `probemod`, `probefunc`, `probename` of a stable
    /// probe: its own names, not the underlying probe's.
    pub(super) fn stable_name(&self, b: Builtin, e: &Expr) -> Option<ir::Expr> {
        let p = self.stable?;
        let text = match b {
            Builtin::Probeprov => p.provider,
            Builtin::Probemod => MODULE,
            Builtin::Probefunc => "",
            Builtin::Probename => p.name,
            _ => return None,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Str(text.into()),
            ty: Type::Str,
            span: e.span,
        })
    }

    /// `curpsinfo`, `curlwpsinfo`, `curcpu`.
    pub(super) fn translated_builtin(&mut self, name: &str, e: &Expr) -> Option<Option<ir::Expr>> {
        let &(_, ty, input) = translators::BUILTINS.iter().find(|b| b.0 == name)?;
        let Some(input) = snippet(input, e.span) else {
            return Some(None);
        };
        let value = self.expr(&input);
        Some(value.and_then(|v| self.translate(v, &type_name(ty, e.span), e.span)))
    }

    /// `value` as type `ty`, bits unchanged.
    fn retyped(&self, value: ir::Expr, ty: Type) -> ir::Expr {
        ir::Expr { ty, ..value }
    }

    /// A name bound by the translator being compiled (`T`).
    pub(super) fn bound_name(&self, name: &str, e: &Expr) -> Option<ir::Expr> {
        let (_, v) = self.bound.iter().rev().find(|(n, _)| n == name)?;
        Some(ir::Expr {
            span: e.span,
            ..v.clone()
        })
    }
}
