//! Aggregation statements: the function and its arguments checked, the
//! aggregation's id, function and key types fixed at its first use (as a
//! variable's type is), and every later use held to them.

use super::super::ast::{Expr, ExprKind, Stmt};
use super::super::diagnostics::Diagnostic;
use super::super::errtags::ErrTag;
use super::super::ir::{self, Action, ActionKind, AggFunc, Aggregation};
use super::super::span::Span;
use super::super::types::Type;
use super::Checker;
use rdtrace_uapi::aggs::{llquantize, lquantize, quantize};
use rdtrace_uapi::dif::limits::MAX_TUPLE;

/// The aggregating function named `name` and how many arguments it takes
/// (least, most).
fn function(name: &str) -> Option<(AggFunc, usize, usize)> {
    Some(match name {
        "count" => (AggFunc::Count, 0, 0),
        "sum" => (AggFunc::Sum, 1, 1),
        "min" => (AggFunc::Min, 1, 1),
        "max" => (AggFunc::Max, 1, 1),
        "avg" => (AggFunc::Avg, 1, 1),
        "stddev" => (AggFunc::Stddev, 1, 1),
        "quantize" => (AggFunc::Quantize, 1, 2),
        "lquantize" => (AggFunc::Lquantize, 3, 5),
        "llquantize" => (AggFunc::Llquantize, 5, 6),
        _ => return None,
    })
}

/// How a message names an aggregation's function.
fn describe(func: AggFunc, lq: (i64, i64, u64)) -> String {
    match func {
        AggFunc::Lquantize => format!("lquantize( ) with {}, {}, {}", lq.0, lq.1, lq.2),
        f => format!("{}( )", f.name()),
    }
}

/// Most buckets an lquantize may have between its bounds.
pub const LQUANTIZE_MAX_LEVELS: u64 = 4096;

impl Checker<'_, '_> {
    /// `@name[keys] = func(args)`.
    pub(super) fn aggregate(
        &mut self,
        s: &Stmt,
        name: &str,
        keys: Option<&[Expr]>,
        (func_name, func_span): &(String, Span),
        args: &[Expr],
    ) -> Option<Action> {
        let Some((func, least, most)) = function(func_name) else {
            let mut d = Diagnostic::agg_unknown_function(*func_span, func_name);
            // A name that is no function at all is DTrace's undefined one.
            if super::super::names::function(func_name).is_none() {
                d = d.retag(ErrTag::FuncUndef);
            }
            self.report(d);
            return None;
        };
        if args.len() < least || args.len() > most {
            let expected = match (least, most) {
                (0, 0) => "no arguments".to_string(),
                (1, 1) => "1 argument".to_string(),
                (l, m) if l == m => format!("{l} arguments"),
                (l, m) => format!("{l} to {m} arguments"),
            };
            self.report(Diagnostic::wrong_arg_count(
                s.span,
                func_name,
                &expected,
                args.len(),
            ));
            return None;
        }
        let value = match args.first() {
            Some(a) => {
                let v = self.expr(a)?;
                if v.ty.is_string() {
                    self.report(Diagnostic::agg_scalar(a.span, func_name));
                    return None;
                }
                Some(v)
            }
            None => None,
        };
        let lq = if func == AggFunc::Lquantize {
            self.lquantize_parameters(args)?
        } else {
            (0, 0, 0)
        };
        let llq = if func == AggFunc::Llquantize {
            Some(self.llquantize_parameters(args)?)
        } else {
            None
        };
        let display = format!("@{name}");
        let existing = self.aggs.iter().position(|a| a.name == name);
        let expected = existing
            .and_then(|i| self.aggs.get(i))
            .map(|a| a.keys.clone());
        let at = Expr {
            kind: ExprKind::Ident(display.clone()),
            span: s.span,
        };
        if let Some(k) = keys
            .into_iter()
            .flatten()
            .find(|k| matches!(k.kind, ExprKind::AggRef(_)))
        {
            self.report(Diagnostic::agg_as_key(k.span));
            return None;
        }
        self.agg_keys = true;
        let checked = self.keys(&at, &display, keys, expected.as_deref());
        self.agg_keys = false;
        let (mut keys, types) = checked?;
        if func == AggFunc::Lquantize {
            // The kernel reads the parameters from the tuple's end (see
            // rdtrace_uapi::aggs::lquantize).
            if keys.len() + lquantize::PARAMS > MAX_TUPLE {
                let max = MAX_TUPLE - lquantize::PARAMS;
                self.report(Diagnostic::too_many_keys(s.span, &display, max));
                return None;
            }
            let levels = (lq.1.abs_diff(lq.0)) / lq.2;
            for v in [lq.0 as u64, lq.2, levels] {
                keys.push(ir::Expr {
                    kind: ir::ExprKind::Int(v),
                    ty: Type::INT,
                    span: s.span,
                });
            }
            keys.push(self.increment(func_name, args.get(4), s.span)?);
        }
        if func == AggFunc::Quantize {
            // The kernel reads the increment from the tuple's end (see
            // rdtrace_uapi::aggs::quantize).
            if keys.len() + quantize::PARAMS > MAX_TUPLE {
                let max = MAX_TUPLE - quantize::PARAMS;
                self.report(Diagnostic::too_many_keys(s.span, &display, max));
                return None;
            }
            keys.push(self.increment(func_name, args.get(1), s.span)?);
        }
        if let Some(p) = llq {
            // The kernel reads them from the tuple's end (see
            // rdtrace_uapi::aggs::llquantize).
            if keys.len() + llquantize::PARAMS > MAX_TUPLE {
                let max = MAX_TUPLE - llquantize::PARAMS;
                self.report(Diagnostic::too_many_keys(s.span, &display, max));
                return None;
            }
            for v in [p.factor, p.low, p.high, p.steps] {
                keys.push(ir::Expr {
                    kind: ir::ExprKind::Int(v),
                    ty: Type::INT,
                    span: s.span,
                });
            }
            keys.push(self.increment(func_name, args.get(5), s.span)?);
        }
        let agg = match existing {
            Some(i) => {
                let prev = self.aggs.get(i)?;
                if let (Some(a), Some(b)) = (prev.llquantize, llq) {
                    if a != b {
                        let tag = super::llquantize::mismatch_tag(&a, &b);
                        self.report(Diagnostic::llquantize_redefined(s.span, name, tag));
                        return None;
                    }
                }
                if prev.func == func && func == AggFunc::Lquantize && prev.lquantize != lq {
                    let tag = if prev.lquantize.0 != lq.0 {
                        ErrTag::LquantMatchbase
                    } else if prev.lquantize.1 != lq.1 {
                        ErrTag::LquantMatchlim
                    } else {
                        ErrTag::LquantMatchstep
                    };
                    let (cur, old) = (describe(func, lq), describe(prev.func, prev.lquantize));
                    let d = Diagnostic::agg_redefined(s.span, name, &cur, &old);
                    self.report(d.retag(tag));
                    return None;
                }
                if prev.func != func || prev.lquantize != lq {
                    let (cur, old) = (describe(func, lq), describe(prev.func, prev.lquantize));
                    self.report(Diagnostic::agg_redefined(s.span, name, &cur, &old));
                    return None;
                }
                i
            }
            None => {
                self.aggs.push(Aggregation {
                    name: name.to_string(),
                    func,
                    lquantize: lq,
                    llquantize: llq,
                    keys: types,
                    span: s.span,
                });
                self.aggs.len() - 1
            }
        };
        Some(Action {
            kind: ActionKind::Aggregate {
                agg: u32::try_from(agg).ok()?,
                keys,
                value,
            },
            span: s.span,
        })
    }

    /// A quantization's increment: the expression given, else 1.
    fn increment(&mut self, func: &str, arg: Option<&Expr>, span: Span) -> Option<ir::Expr> {
        let Some(a) = arg else {
            return Some(ir::Expr {
                kind: ir::ExprKind::Int(1),
                ty: Type::INT,
                span,
            });
        };
        if matches!(a.kind, ExprKind::AggRef(_)) {
            self.report(Diagnostic::agg_increment(a.span, func));
            return None;
        }
        let v = self.expr(a)?;
        if !v.ty.is_int() {
            self.report(Diagnostic::agg_increment(a.span, func));
            return None;
        }
        Some(v)
    }

    /// lquantize's constant lower bound, upper bound and step (default 1).
    fn lquantize_parameters(&mut self, args: &[Expr]) -> Option<(i64, i64, u64)> {
        let kinds = [
            (ErrTag::LquantBasetype, "lower bound"),
            (ErrTag::LquantLimtype, "upper bound"),
            (ErrTag::LquantSteptype, "step"),
        ];
        let mut consts = Vec::new();
        for (a, (tag, what)) in args.iter().skip(1).take(3).zip(kinds) {
            let c = self.expr(a)?;
            match constant(&c) {
                Some(v) => consts.push(v),
                None => {
                    let why = format!("{what} must be an integer constant");
                    self.report(Diagnostic::lquantize_parameter(a.span, &why, tag));
                    return None;
                }
            }
        }
        let (lo, hi) = (*consts.first()?, *consts.get(1)?);
        let step = consts.get(2).copied().unwrap_or(1);
        let at = |i: usize| args.get(i).map_or(Span::new(0, 0), |a| a.span);
        // DTrace's checks, in its order, each with its tag.
        let int32 = i64::from(i32::MIN)..=i64::from(i32::MAX);
        let fail = if !int32.contains(&lo) {
            Some((
                1,
                "lower bound must be a 32-bit quantity",
                ErrTag::LquantBaseval,
            ))
        } else if !int32.contains(&hi) {
            Some((
                2,
                "upper bound must be a 32-bit quantity",
                ErrTag::LquantLimval,
            ))
        } else if hi <= lo {
            Some((
                2,
                "upper bound must be greater than lower bound",
                ErrTag::LquantMismatch,
            ))
        } else if step <= 0 {
            Some((3, "step must be greater than zero", ErrTag::LquantSteptype))
        } else if step > i64::from(u16::MAX) {
            Some((3, "step must be a 16-bit quantity", ErrTag::LquantStepval))
        } else if (hi - lo) / step == 0 {
            Some((3, "step is larger than the range", ErrTag::LquantSteplarge))
        } else if (hi - lo) / step > LQUANTIZE_MAX_LEVELS as i64 {
            Some((
                3,
                "has too many levels (the step is too small)",
                ErrTag::LquantStepsmall,
            ))
        } else {
            None
        };
        if let Some((i, why, tag)) = fail {
            self.report(Diagnostic::lquantize_parameter(at(i), why, tag));
            return None;
        }
        Some((lo, hi, step.unsigned_abs()))
    }
}

/// The value of a constant expression (a literal, possibly negated).
fn constant(e: &ir::Expr) -> Option<i64> {
    match &e.kind {
        ir::ExprKind::Int(v) => Some(*v as i64),
        ir::ExprKind::Neg(inner) => constant(inner).map(i64::wrapping_neg),
        _ => None,
    }
}
