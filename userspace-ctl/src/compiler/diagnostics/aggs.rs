//! Diagnostics of aggregation statements.

use super::super::span::Span;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// `@x = expr` where expr is not a call of an aggregating function.
    pub fn agg_not_a_function(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "an aggregation may only be assigned an aggregating function",
            "not an aggregating function",
        )
        .hint("count(), sum(x), min(x), max(x), avg(x), stddev(x), quantize(x), lquantize(x, lo, hi, step)")
        .tag(ErrTag::AggFunc)
    }

    /// `@x = f()` where `f` is not an aggregating function.
    pub fn agg_unknown_function(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}( ) may not be used as an aggregating function"),
            "not an aggregating function",
        )
        .hint("count(), sum(x), min(x), max(x), avg(x), stddev(x), quantize(x), lquantize(x, lo, hi, step)")
        .tag(ErrTag::AggFunc)
    }

    /// An aggregation used with another function (or lquantize
    /// parameters) than at its first use.
    pub fn agg_redefined(span: Span, name: &str, current: &str, previous: &str) -> Diagnostic {
        // dtrace puts current and previous on lines of their own; here
        // they are the hint, so the message stays one line.
        Diagnostic::new(
            span,
            format!("aggregation redefined: @{name}"),
            "redefined here",
        )
        .hint(format!("current: {current}; previous: {previous}"))
        .tag(ErrTag::AggRedef)
    }

    /// An lquantize parameter that is not a suitable constant.
    pub fn agg_bad_parameter(span: Span, what: &str) -> Diagnostic {
        Diagnostic::new(span, format!("lquantize( ) {what}"), "bad parameter").tag(ErrTag::AggFunc)
    }
}
