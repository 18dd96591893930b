//! Diagnostics of aggregation statements.

use super::super::span::Span;
use super::super::types::Type;
use super::{Diagnostic, ErrTag};

impl Diagnostic {
    /// `@x = expr` where expr is not a call of an aggregating function.
    pub fn agg_without_function(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "an aggregation statement needs an aggregating function",
            "no function assigned",
        )
        .hint("write `@name[keys] = count();` (or sum(x), max(x), quantize(x), ...)")
        .tag(ErrTag::AggNull)
    }

    /// `@a[1][2]`: aggregations have one key tuple.
    pub fn agg_multi_dimensional(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "multi-dimensional aggregation arrays are not supported",
            "a second index",
        )
        .hint("put every key in one tuple: @a[1, 2]")
        .tag(ErrTag::AggMdim)
    }

    /// `@x = e` where `e` is not a call.
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

impl Diagnostic {
    /// `@a` used as a value (`@a + 3`): only the aggregation actions take
    /// an aggregation.
    pub fn agg_as_value(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("aggregation @{name} may not be used as a value"),
            "an aggregation",
        )
        .hint("aggregations are only named in printa(), clear(), trunc(), normalize() and denormalize()")
        .tag(ErrTag::OpIncompat)
    }

    /// An argument of an aggregation action that must be an aggregation.
    pub fn agg_action_not_agg(span: Span, action: &str, tag: ErrTag) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{action}( ) argument must be an aggregation"),
            "not an aggregation",
        )
        .tag(tag)
    }

    /// trunc's or normalize's count that is not an integer.
    pub fn agg_action_value(span: Span, action: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{action}( ) argument #2 must be an integer"),
            "not an integer",
        )
        .tag(ErrTag::ProtoArg)
    }

    /// printa's first argument is neither a format string nor an aggregation.
    pub fn printa_bad_format(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "printa( ) argument #1 must be a format string or an aggregation",
            "neither",
        )
        .tag(ErrTag::PrintaAggarg)
    }

    /// printa with a format but no aggregation.
    pub fn printa_no_agg(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "printa( ) prototype mismatch: an aggregation is required",
            "no aggregation",
        )
        .tag(ErrTag::PrintaProto)
    }

    /// printa with nothing at all.
    pub fn printa_no_args(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "printa( ) prototype mismatch: 0 args passed, at least 1 expected",
            "no aggregation",
        )
        .hint("printa(@name) or printa(\"format\", @name)")
        .tag(ErrTag::ProtoLen)
    }

    /// An aggregation never assigned anywhere before its use.
    pub fn agg_undefined(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("undefined aggregation @{name}"),
            "not defined before this use",
        )
        .tag(ErrTag::IdentUndef)
    }

    /// Aggregations printed together whose keys differ in number.
    pub fn printa_key_count(span: Span, name: &str, first: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("printa( ) aggregation @{name} has a different number of keys than @{first}"),
            "keys differ",
        )
        .tag(ErrTag::PrintaAggkey)
    }

    /// Aggregations printed together whose key types differ.
    pub fn printa_key_types(span: Span, name: &str, first: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("printa( ) aggregation @{name} has keys of other types than @{first}"),
            "key types differ",
        )
        .tag(ErrTag::PrintaAggproto)
    }

    /// A printa format the consumer could not apply.
    pub fn printa_format(span: Span, what: &str) -> Diagnostic {
        Diagnostic::new(span, format!("printa( ) format: {what}"), "bad format")
            .tag(ErrTag::PrintfArgFmt)
    }

    /// A printa conversion whose key is of another type.
    pub fn printa_conversion_type(span: Span, conv: char, n: usize, key: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "printa( ) %{conv} conversion does not match key #{n}: {}",
                key.describe()
            ),
            "wrong type",
        )
        .tag(ErrTag::PrintfArgType)
    }
}

impl Diagnostic {
    /// An llquantize parameter out of DTrace's limits.
    pub fn llquantize_parameter(span: Span, which: &str, why: &str, tag: ErrTag) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("llquantize( ) argument {which} {why}"),
            "bad parameter",
        )
        .tag(tag)
    }

    /// An llquantize used again with other parameters.
    pub fn llquantize_redefined(span: Span, name: &str, tag: ErrTag) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("llquantize( ) parameters of @{name} differ from its first use"),
            "other parameters",
        )
        .tag(tag)
    }
}

impl Diagnostic {
    /// setopt's arguments are strings, the name a constant.
    pub fn setopt_name(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "setopt( ) takes an option name (a string constant) and a string value",
            "not a string",
        )
        .tag(ErrTag::ProtoArg)
    }
}

impl Diagnostic {
    /// An lquantize parameter out of DTrace's limits.
    pub fn lquantize_parameter(span: Span, why: &str, tag: ErrTag) -> Diagnostic {
        Diagnostic::new(span, format!("lquantize( ) {why}"), "bad parameter").tag(tag)
    }

    /// A string given to a function that aggregates integers.
    pub fn agg_scalar(span: Span, func: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{func}( ) requires a scalar (integer) value"),
            "a string",
        )
        .tag(ErrTag::AggScalar)
    }

    /// This diagnostic with another tag (a finer class of the same error).
    pub fn retag(self, tag: ErrTag) -> Diagnostic {
        self.tag(tag)
    }
}

impl Diagnostic {
    /// A quantization's increment that is not an integer.
    pub fn agg_increment(span: Span, func: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{func}( ) increment must be an integer (a scalar)"),
            "not an integer",
        )
        .tag(ErrTag::ProtoArg)
    }
}

impl Diagnostic {
    /// An aggregation used as a key.
    pub fn agg_as_key(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "an aggregation may not be used as a key",
            "an aggregation",
        )
        .tag(ErrTag::KeyType)
    }
}
