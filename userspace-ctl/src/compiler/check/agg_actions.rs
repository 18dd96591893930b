//! The actions on whole aggregations: `printa([fmt,] @a, ...)`,
//! `clear(@a)`, `trunc(@a[, n])`, `normalize(@a, n)`, `denormalize(@a)`.
//! Each names aggregations already defined; printa's format is checked
//! against the keys of the aggregations it prints.

use super::super::ast::{Expr, ExprKind};
use super::super::diagnostics::Diagnostic;
use super::super::errtags::ErrTag;
use super::super::ir::{ActionKind, AggAction};
use super::super::names::AggActionName;
use super::super::printf_format::{self, ArgKind, Format, Piece};
use super::super::types::Type;
use super::Checker;
use rdtrace_uapi::dif::env::AggFunc;

impl Checker<'_, '_> {
    /// One aggregation action call.
    pub(super) fn agg_action(
        &mut self,
        call: &Expr,
        which: AggActionName,
        args: &[Expr],
    ) -> Option<ActionKind> {
        let (name, tag, least, most) = match which {
            AggActionName::Printa => return self.printa(call, args),
            AggActionName::Setopt => return self.setopt(call, args),
            AggActionName::Clear => ("clear", ErrTag::ClearAggarg, 1, 1),
            AggActionName::Trunc => ("trunc", ErrTag::TruncAggarg, 1, 2),
            AggActionName::Normalize => ("normalize", ErrTag::NormalizeAggarg, 2, 2),
            AggActionName::Denormalize => ("denormalize", ErrTag::NormalizeAggarg, 1, 1),
        };
        if args.len() < least || args.len() > most {
            let expected = match (least, most) {
                (1, 1) => "1 argument".to_string(),
                (l, m) if l == m => format!("{l} arguments"),
                (l, m) => format!("{l} to {m} arguments"),
            };
            let d = Diagnostic::wrong_arg_count(call.span, name, &expected, args.len());
            self.report(d);
            return None;
        }
        let agg = self.agg_arg(args.first()?, name, tag)?;
        let value = match args.get(1) {
            Some(a) if matches!(a.kind, ExprKind::AggRef(_)) => {
                self.report(Diagnostic::agg_action_value(a.span, name));
                return None;
            }
            Some(a) => {
                let v = self.expr(a)?;
                if !v.ty.is_int() {
                    self.report(Diagnostic::agg_action_value(a.span, name));
                    return None;
                }
                Some(v)
            }
            None => None,
        };
        let action = match which {
            AggActionName::Clear => AggAction::Clear(agg),
            AggActionName::Trunc => AggAction::Trunc(agg),
            AggActionName::Normalize => AggAction::Normalize(agg),
            _ => AggAction::Denormalize(agg),
        };
        Some(ActionKind::AggAction(action, value))
    }

    /// `setopt("name"[, value])`: the name a string constant, the value
    /// any string.
    fn setopt(&mut self, call: &Expr, args: &[Expr]) -> Option<ActionKind> {
        if args.is_empty() || args.len() > 2 {
            let d =
                Diagnostic::wrong_arg_count(call.span, "setopt", "1 or 2 arguments", args.len());
            self.report(d);
            return None;
        }
        let name = match args.first().map(|a| &a.kind) {
            Some(ExprKind::Str(name)) => name.clone(),
            _ => {
                let span = args.first().map_or(call.span, |a| a.span);
                self.report(Diagnostic::setopt_name(span));
                return None;
            }
        };
        let value = match args.get(1) {
            Some(a) => {
                let v = self.expr(a)?;
                if !v.ty.is_string() {
                    self.report(Diagnostic::setopt_name(a.span));
                    return None;
                }
                Some(v)
            }
            None => None,
        };
        Some(ActionKind::AggAction(AggAction::Setopt(name), value))
    }

    /// The index of the aggregation `e` names.
    fn agg_arg(&mut self, e: &Expr, action: &str, tag: ErrTag) -> Option<u32> {
        let ExprKind::AggRef(name) = &e.kind else {
            self.report(Diagnostic::agg_action_not_agg(e.span, action, tag));
            return None;
        };
        match self.aggs.iter().position(|a| &a.name == name) {
            Some(i) => u32::try_from(i).ok(),
            None => {
                self.report(Diagnostic::agg_undefined(e.span, name));
                None
            }
        }
    }

    fn printa(&mut self, call: &Expr, args: &[Expr]) -> Option<ActionKind> {
        let Some(first) = args.first() else {
            self.report(Diagnostic::printa_no_args(call.span));
            return None;
        };
        let (format, rest) = match &first.kind {
            ExprKind::Str(text) => (Some(text.clone()), &args[1..]),
            ExprKind::AggRef(_) => (None, args),
            _ => {
                self.report(Diagnostic::printa_bad_format(first.span));
                return None;
            }
        };
        if rest.is_empty() {
            self.report(Diagnostic::printa_no_agg(call.span));
            return None;
        }
        let mut aggs = Vec::new();
        for a in rest {
            aggs.push(self.agg_arg(a, "printa", ErrTag::PrintaAggarg)?);
        }
        self.joinable(&aggs, rest)?;
        let format = match &format {
            Some(text) => Some(self.printa_format(first, text, &aggs)?),
            None => None,
        };
        Some(ActionKind::AggAction(
            AggAction::Printa { format, aggs },
            None,
        ))
    }

    /// Aggregations printed together must have keys alike, to join on them.
    fn joinable(&mut self, aggs: &[u32], args: &[Expr]) -> Option<()> {
        let desc = |i: u32| self.aggs.get(i as usize);
        let first = desc(*aggs.first()?)?.clone();
        for (&i, a) in aggs.iter().zip(args).skip(1) {
            let other = desc(i)?;
            if other.keys.len() != first.keys.len() {
                let d = Diagnostic::printa_key_count(a.span, &other.name, &first.name);
                self.report(d);
                return None;
            }
            let alike = other
                .keys
                .iter()
                .zip(&first.keys)
                .all(|(x, y)| x.is_string() == y.is_string());
            if !alike {
                let d = Diagnostic::printa_key_types(a.span, &other.name, &first.name);
                self.report(d);
                return None;
            }
        }
        Some(())
    }

    /// The format parsed, with each key conversion checked against its
    /// key's type (a `*` takes an integer key) and each `%@d` of a
    /// count() read unsigned, as `dt_printf_validate` types it.
    fn printa_format(&mut self, at: &Expr, text: &str, aggs: &[u32]) -> Option<Format> {
        let mut format = match printf_format::parse(text) {
            Ok(f) => f,
            Err(e) => {
                self.report(Diagnostic::printa_format(at.span, &e.describe()));
                return None;
            }
        };
        let first = *aggs.first()?;
        let keys = self.aggs.get(first as usize)?.keys.clone();
        let funcs: Vec<AggFunc> = aggs
            .iter()
            .filter_map(|&a| self.aggs.get(a as usize).map(|d| d.func))
            .collect();
        let (mut next, mut current, mut conv_no) = (0, 0, 1);
        for p in &mut format.pieces {
            let Piece::Conversion(c) = p else { continue };
            let stars = usize::from(c.width_arg) + usize::from(c.precision_arg);
            if !c.agg && next + stars >= keys.len() {
                let d =
                    Diagnostic::printa_conversion_past_keys(at.span, conv_no, c.conv, keys.len());
                self.report(d);
                return None;
            }
            conv_no += 1;
            for _ in 0..stars {
                if let Some(&ty) = keys.get(next).filter(|t| !t.is_scalar()) {
                    let d = Diagnostic::printa_conversion_type(at.span, '*', next + 1, ty);
                    self.report(d);
                    return None;
                }
                next += 1;
            }
            if c.agg {
                if c.arg_kind() != ArgKind::Int {
                    self.report(Diagnostic::printa_format(
                        at.span,
                        &format!("%@{} cannot print an aggregation's value", c.conv),
                    ));
                    return None;
                }
                if funcs.get(current) == Some(&AggFunc::Count) && c.is_signed() {
                    c.conv = 'u';
                }
                current = (current + 1).min(funcs.len().saturating_sub(1));
                continue;
            }
            if let Some(&ty) = keys.get(next) {
                let fits = match c.arg_kind() {
                    ArgKind::Str => ty.is_string() || matches!(ty, Type::Usym(_)),
                    ArgKind::Stack => matches!(ty, Type::Stack | Type::Ustack),
                    ArgKind::Int => ty.is_scalar(),
                };
                if !fits {
                    let d = Diagnostic::printa_conversion_type(at.span, c.conv, next + 1, ty);
                    self.report(d);
                    return None;
                }
                match ty {
                    Type::Ustack => c.conv = printf_format::USTACK_CONV,
                    Type::Usym(kind) => c.conv = super::addr_symbols::user_conv(kind),
                    _ => {}
                }
            }
            next += 1;
        }
        Some(format)
    }
}
