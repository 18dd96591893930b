//! Every diagnostic the compiler reports, each built by one constructor
//! that takes the spans it points at. Passes collect them in a
//! `Vec<Diagnostic>` and carry on; [`Diagnostics`] is what `compile`
//! returns and renders them with `codespan-reporting`.
//!
//! Each constructor also sets DTrace's error tag ([`ErrTag`]), shown as
//! `error[D_PROTO_LEN]: ...` where DTrace (with `-x errtags`) prints
//! `[D_PROTO_LEN] line 3: ...`. Which tag to use for what, as libdtrace
//! does (`dt_errtags.h`, and the `err.D_*.d` tests of its test suite):
//!
//! - `D_SYNTAX`: anything that does not lex or parse, an unknown or
//!   unfinished printf conversion; `D_STR_NL`, `D_CHR_NL`, `D_CHR_NULL`,
//!   `D_CHR_OFLOW`, `D_INT_OFLOW`, `D_INT_DIGIT` for bad literals.
//! - `D_PDESC_INVAL`: a malformed probe description.
//! - `D_IDENT_UNDEF`: an unknown variable; `D_FUNC_UNDEF`: an unknown
//!   function; `D_FUNC_IDENT`: a call of something not a name;
//!   `D_FUNC_IDKIND`: a call of a variable;
//!   `D_MACRO_UNDEF`: an unknown macro or missing `$N`.
//! - `D_PROTO_LEN` / `D_PROTO_ARG`: a call (action or subroutine) with the
//!   wrong number / type of arguments; `D_CG_EXPR`: an action used as a
//!   value.
//! - Operators on the wrong type, by operator ([`ErrTag::for_operator`]):
//!   `D_OP_INT` (`% & | ^ << >> ~`), `D_OP_ARITH` (`* /`, unary `- +`),
//!   `D_OP_SCALAR` (`! && || ^^ ?:`), `D_OP_INCOMPAT` (mismatched
//!   operands of `==`, `?:`, `+`, `-`); `D_PRED_SCALAR`: a predicate
//!   that is not an integer; `D_DIV_ZERO`; `D_ARGS_IDX`.
//! - printf: `D_PRINTF_ARG_FMT` (format not a string constant),
//!   `D_PRINTF_ARG_PROTO` (conversion without argument),
//!   `D_PRINTF_ARG_EXTRA`, `D_PRINTF_ARG_TYPE`.
//! - `D_UNKNOWN`: rdtrace limitations DTrace has no error for, and
//!   compiler bugs. A new constructor without `.tag(...)` gets this one.

mod aggs;
mod print;
mod scratch;
mod sema;
mod speculation;
mod stacks;
mod tracemem;
mod xlate;

pub use super::errtags::ErrTag;
use super::span::Span;
use super::types::Type;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Ansi, Chars, Config};
pub use sema::AddrOf;
pub use speculation::SpecRule;
use std::fmt;

/// One error, located in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, in one line.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// The text under the primary span.
    pub label: String,
    /// Other places worth showing, each with its own text.
    pub related: Vec<(Span, String)>,
    /// What to do about it.
    pub hint: Option<String>,
    /// DTrace's class for it, e.g. `D_SYNTAX`.
    pub tag: ErrTag,
}

impl Diagnostic {
    fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span,
            label: label.into(),
            related: Vec::new(),
            hint: None,
            tag: ErrTag::Unknown,
        }
    }

    fn tag(mut self, tag: ErrTag) -> Diagnostic {
        self.tag = tag;
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    fn related(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.related.push((span, text.into()));
        self
    }

    fn maybe_hint(self, hint: Option<String>) -> Diagnostic {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    // ---- lexer -------------------------------------------------------

    /// A character no token starts with.
    pub fn unexpected_char(span: Span, c: char) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("unexpected character `{c}`"),
            "not valid here",
        )
        .tag(ErrTag::Syntax)
    }

    /// A string literal with no closing quote on its line.
    pub fn unterminated_string(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "unterminated string literal",
            "this string is never closed",
        )
        .hint("add the closing `\"` before the end of the line")
        .tag(ErrTag::StrNl)
    }

    /// A character literal with no closing quote.
    pub fn unterminated_char(span: Span) -> Diagnostic {
        Diagnostic::new(span, "unterminated character literal", "no closing `'`")
            .hint("a character literal is one character in single quotes: 'a'")
            .tag(ErrTag::ChrNl)
    }

    /// A character literal with no character, or more than eight.
    pub fn bad_char_literal(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "a character constant holds one to eight characters",
            "here",
        )
        .hint("use double quotes for a string")
        // `''` is empty; anything else is too many characters.
        .tag(if span.end - span.start <= 2 {
            ErrTag::ChrNull
        } else {
            ErrTag::ChrOflow
        })
    }

    /// A `/*` comment never closed.
    pub fn unterminated_comment(span: Span) -> Diagnostic {
        Diagnostic::new(span, "unterminated comment", "this comment is never closed")
            .hint("close it with `*/`")
            .tag(ErrTag::Syntax)
    }

    /// A backslash escape with nothing to make a byte of (`\\x` with no
    /// hex digit, a backslash ending the literal).
    pub fn bad_escape(span: Span, text: &str) -> Diagnostic {
        Diagnostic::new(span, format!("malformed escape sequence `{text}`"), "here")
            .hint("escapes: \\n \\t \\r \\a \\b \\f \\v \\\\ \\\" \\xHH and octal \\NNN")
            .tag(ErrTag::Syntax)
    }

    /// An integer literal beyond 64 bits.
    pub fn int_too_large(span: Span) -> Diagnostic {
        Diagnostic::new(span, "integer literal too large", "does not fit in 64 bits")
            .tag(ErrTag::IntOflow)
    }

    /// A malformed integer literal (bad digit or suffix).
    pub fn bad_int_literal(span: Span, why: &str) -> Diagnostic {
        // DTrace lexes `12abc` and `0x` as a number and an identifier
        // (a syntax error); only a digit its base lacks is D_INT_DIGIT.
        let tag = if why.contains("octal") {
            ErrTag::IntDigit
        } else {
            ErrTag::Syntax
        };
        Diagnostic::new(span, "malformed integer literal", why).tag(tag)
    }

    /// A `#pragma` or other preprocessor line.
    pub fn pragma_unsupported(span: Span) -> Diagnostic {
        Diagnostic::new(span, "preprocessor lines are not supported yet", "ignored")
            .hint("pass options on the command line with -x, e.g. -x bufsize=8m")
            .tag(ErrTag::PragmaInval)
    }

    /// A `$` not followed by a macro name.
    pub fn bad_macro(span: Span) -> Diagnostic {
        Diagnostic::new(span, "expected a macro name after `$`", "here")
            .hint("macros are $target, $1 .. $9 and $$1 .. $$9 for strings")
            .tag(ErrTag::Syntax)
    }

    // ---- control lines and options --------------------------------------

    /// A `#` line that is no directive D knows (dtrace's `D_PRAGCTL_INVAL`).
    pub fn control_invalid(span: Span, name: Option<&str>) -> Diagnostic {
        let message = match name {
            Some(n) => format!("invalid control directive `#{n}`"),
            None => "invalid control directive".to_string(),
        };
        Diagnostic::new(span, message, "not a D directive").hint(
            "D knows #pragma D, #line and #error; run the C preprocessor with -C for #define, #include and #if",
        )
        .tag(ErrTag::PragctlInval)
    }

    /// `#pragma D` with an unknown name (dtrace's `D_PRAGMA_INVAL`).
    pub fn pragma_invalid(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(span, format!("invalid D pragma `{name}`"), "unknown pragma")
            .maybe_hint(
                super::suggest::closest(name, ["option", "depends_on", "attributes", "binding"])
                    .map(|s| format!("did you mean `{s}`?")),
            )
            .tag(ErrTag::PragmaInval)
    }

    /// `#pragma D attributes` with words that are no stability
    /// attributes (`D_PRAGMA_INVAL`).
    pub fn pragma_attributes_invalid(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "invalid attributes specified by #pragma attributes",
            "not name/data/class",
        )
        .hint("write stabilities and a class such as Stable/Evolving/Common")
        .tag(ErrTag::PragmaInval)
    }

    /// A pragma about a name that cannot be one (`D_PRAGMA_UNUSED`).
    pub fn pragma_unused(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(span, format!("unused #pragma {name}"), "no such identifier")
            .tag(ErrTag::PragmaUnused)
    }

    /// A pragma whose words are not of its form (`D_PRAGMA_MALFORM`).
    pub fn pragma_malformed(span: Span, name: &str, form: &str) -> Diagnostic {
        Diagnostic::new(span, format!("malformed #pragma {name}"), "here")
            .hint(format!("write {form}"))
            .tag(ErrTag::PragmaMalform)
    }

    /// `#pragma D option` with more than one setting (`D_PRAGMA_MALFORM`).
    pub fn pragma_superfluous(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("superfluous arguments for #pragma {name}"),
            "not expected",
        )
        .hint("set one option per #pragma D option line")
        .tag(ErrTag::PragmaMalform)
    }

    /// `#error`: the script stops itself (`D_PRAGERR`).
    pub fn error_directive(span: Span, text: &str) -> Diagnostic {
        Diagnostic::new(span, format!("#error: {text}"), "the script's own error")
            .tag(ErrTag::Pragerr)
    }

    /// `#pragma D depends_on` naming what is not here (`D_PRAGMA_DEPEND`).
    pub fn depends_on_missing(span: Span, class: &str, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("program requires {class} {name}"),
            format!("no {class} `{name}` here"),
        )
        .tag(ErrTag::PragmaDepend)
    }

    /// `#pragma D depends_on library` in a main program (`D_PRAGMA_DEPEND`).
    pub fn depends_on_library(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "main program may not explicitly depend on a library",
            "here",
        )
        .hint("library dependencies belong in D library files")
        .tag(ErrTag::PragmaDepend)
    }

    /// `#pragma D depends_on` with a class other than provider, module or
    /// library (`D_PRAGMA_INVAL`).
    pub fn depends_on_bad_class(span: Span, class: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("invalid class `{class}` in #pragma depends_on"),
            "not a class",
        )
        .hint("the classes are provider, module and library")
        .tag(ErrTag::PragmaInval)
    }

    /// An option that cannot be set (`D_PRAGMA_OPTSET`): unknown, a bad
    /// value, or not supported yet.
    pub fn option_error(span: Span, error: &crate::option_table::OptionError) -> Diagnostic {
        Diagnostic::new(span, format!("failed to set option: {error}"), "here")
            .maybe_hint(error.hint())
            .tag(ErrTag::PragmaOptset)
    }

    // ---- parser ------------------------------------------------------

    /// A token other than the ones the grammar allows here.
    pub fn unexpected_token(span: Span, found: &str, expected: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("expected {expected}, found {found}"),
            format!("expected {expected}"),
        )
        .tag(ErrTag::Syntax)
    }

    /// A predicate with no closing `/`.
    pub fn unclosed_predicate(span: Span, open: Span) -> Diagnostic {
        Diagnostic::new(span, "the predicate is not closed", "expected `/` here")
            .related(open, "predicate starts here")
            .hint("a predicate is written /expression/ between the probes and `{`")
            .tag(ErrTag::Syntax)
    }

    /// A clause body with no closing `}`.
    pub fn unclosed_body(span: Span, open: Span) -> Diagnostic {
        Diagnostic::new(span, "the clause body is not closed", "expected `}`")
            .related(open, "body starts here")
            .tag(ErrTag::Syntax)
    }

    /// A clause that starts with something other than a probe
    /// description.
    pub fn expected_probe(span: Span, found: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("expected a probe description, found {found}"),
            "a clause starts with its probes",
        )
        .hint("write e.g. `fbt::vfs_read:entry { ... }` or `BEGIN { ... }`")
        .tag(ErrTag::Syntax)
    }

    // ---- probe descriptions ------------------------------------------

    /// A probe description with more than four fields.
    pub fn probe_too_many_fields(span: Span, text: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("probe description `{text}` has more than four fields"),
            "too many `:`",
        )
        .hint("a probe description is provider:module:function:name")
        .tag(ErrTag::PdescInval)
    }

    /// A glob with an unclosed `[`.
    pub fn probe_bad_glob(span: Span, text: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("malformed pattern in probe description `{text}`"),
            "`[` is never closed",
        )
        .tag(ErrTag::PdescInval)
    }

    /// A malformed `kprobe:FUNCTION+OFFSET` or `kretprobe:FUNCTION`.
    pub fn probe_bad_kprobe(span: Span, text: &str, why: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("invalid probe description `{text}`: {why}"),
            "not a kprobe this can place",
        )
        .hint("write e.g. `kprobe:vfs_read`, `kprobe:vfs_read+9` or `kretprobe:vfs_read`")
        .tag(ErrTag::PdescInval)
    }

    /// A probe description with every field empty.
    pub fn probe_empty(span: Span) -> Diagnostic {
        Diagnostic::new(span, "empty probe description", "matches nothing useful")
            .hint("name at least one field, e.g. `fbt:::entry`")
            .tag(ErrTag::PdescInval)
    }

    // ---- names and macros --------------------------------------------

    /// An identifier that names nothing.
    pub fn unknown_identifier(span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("unknown identifier `{name}`"),
            "not a known variable",
        )
        .maybe_hint(suggestion.map(|s| format!("did you mean `{s}`?")))
        .tag(ErrTag::IdentUndef)
    }

    /// `retval`, which D does not have.
    pub fn retval_not_d(span: Span) -> Diagnostic {
        Diagnostic::new(span, "unknown identifier `retval`", "not a D variable").hint(
            "on a return probe the return value is `arg1` (and `arg0` the offset), as in DTrace",
        )
        .tag(ErrTag::IdentUndef)
    }

    /// A `$name` macro that does not exist.
    pub fn unknown_macro(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(span, format!("unknown macro `${name}`"), "not a macro")
            .hint("macros are $target, $1 .. $9 and $$1 .. $$9 for strings")
            .tag(ErrTag::MacroUndef)
    }

    /// `$N` beyond the arguments given.
    pub fn missing_macro_arg(span: Span, n: usize, given: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("macro argument ${n} is not defined ({given} given)"),
            "no such argument",
        )
        .hint("pass macro arguments after the script, e.g. rdtrace -s x.d 42")
        .tag(ErrTag::MacroUndef)
    }

    /// Arguments given beyond what the script refers to (DTrace checks
    /// the last one).
    pub fn unused_macro_arg(span: Span, n: usize, value: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("extraneous argument '{value}' (${n} is not referenced)"),
            "the script ends without using it",
        )
        .hint("drop the argument, or run with `-x argref` to allow arguments the script ignores")
        .tag(ErrTag::MacroUnused)
    }

    /// `$N` whose value is not an integer.
    pub fn macro_not_integer(span: Span, n: &str, value: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("macro argument ${n} is `{value}`, not an integer"),
            "used as an integer",
        )
        .hint(format!("use `$${n}` to use it as a string"))
        .tag(ErrTag::MacroUndef)
    }

    // ---- types and expressions ---------------------------------------

    /// An operator applied to a string.
    pub fn operator_needs_int(op: &str, operand: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            operand,
            format!("operator `{op}` needs integer operands"),
            format!("this is {}", found.describe()),
        )
        .tag(ErrTag::for_operator(op, false))
    }

    /// A unary operator applied to a string.
    pub fn unary_needs_int(op: &str, operand: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            operand,
            format!("operator `{op}` needs an integer operand"),
            format!("this is {}", found.describe()),
        )
        .tag(ErrTag::for_operator(op, true))
    }

    /// A comparison of a string with an integer.
    pub fn compare_mismatch(left: (Span, Type), right: (Span, Type)) -> Diagnostic {
        Diagnostic::new(
            right.0,
            format!(
                "cannot compare {} with {}",
                left.1.describe(),
                right.1.describe()
            ),
            format!("this is {}", right.1.describe()),
        )
        .related(left.0, format!("this is {}", left.1.describe()))
        .tag(ErrTag::OpIncompat)
    }

    /// A string as a clause's predicate.
    pub fn string_as_predicate(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "a string cannot be used as a predicate",
            "this is a string",
        )
        .hint("compare it, e.g. `execname == \"cat\"`")
        .tag(ErrTag::PredScalar)
    }

    /// A string where a truth value is needed.
    pub fn string_as_condition(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "a string cannot be used as a condition",
            "this is a string",
        )
        .hint("compare it, e.g. `execname == \"cat\"`")
        .tag(ErrTag::OpScalar)
    }

    /// The two arms of `?:` with different types.
    pub fn ternary_mismatch(span: Span, yes: (Span, Type), no: (Span, Type)) -> Diagnostic {
        Diagnostic::new(span, "the two results of `?:` have different types", "here")
            .related(yes.0, format!("this is {}", yes.1.describe()))
            .related(no.0, format!("this is {}", no.1.describe()))
            .tag(ErrTag::OpIncompat)
    }

    /// Division or remainder by a constant zero.
    pub fn division_by_zero(span: Span) -> Diagnostic {
        Diagnostic::new(span, "division by zero", "this is zero").tag(ErrTag::DivZero)
    }

    /// Indexing something other than `args`.
    pub fn index_unsupported(span: Span) -> Diagnostic {
        Diagnostic::new(span, "only `args[N]` can be indexed so far", "not `args`")
            .hint("associative arrays come with the full D language")
            .tag(ErrTag::Unknown)
    }

    /// `args[N]` with N beyond the last argument register.
    pub fn arg_index_out_of_range(span: Span, n: u64, max: u32) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("argument index {n} out of range"),
            format!("at most {max}"),
        )
        .tag(ErrTag::ArgsIdx)
    }

    /// `uregs[i]` with `i` not an integer constant (DTrace's wording).
    pub fn uregs_not_constant(span: Span, ty: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "uregs[ ] argument #1 is incompatible with prototype: prototype: an integer constant, argument: {}",
                ty.describe()
            ),
            "not a constant",
        )
        .hint("name the register with a constant: uregs[R_PC], uregs[R_SP], uregs[R_RAX]")
        .tag(ErrTag::ProtoArg)
    }

    /// `uregs[N]` past the last register (`R_TRAPNO`).
    pub fn uregs_out_of_bounds(span: Span, reg: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("uregs[]: index out of bounds ({reg})"),
            "no such register",
        )
        .hint("registers are R_R15 (0) to R_TRAPNO (25): R_PC, R_SP, R_FP, R_RAX...")
        .tag(ErrTag::Unknown)
    }

    /// A D construct parsed but not compiled yet.
    pub fn unsupported(span: Span, what: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{what} is not supported yet"),
            "not supported yet",
        )
        .hint("this slice of D has builtins, arithmetic, comparisons, trace, printf and exit")
        .tag(ErrTag::Unknown)
    }

    // ---- calls and actions -------------------------------------------

    /// A statement that is not an action.
    pub fn not_an_action(span: Span) -> Diagnostic {
        Diagnostic::new(span, "this statement has no effect", "not an action")
            .hint("a clause body is a list of actions: trace(expr), printf(\"fmt\", ...), exit(n)")
            .tag(ErrTag::Unknown)
    }

    /// A subroutine called as a statement, its result dropped.
    pub fn result_unused(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("the result of `{name}()` is not used"),
            "value dropped",
        )
        .hint(format!("record it: trace({name}(...))"))
        .tag(ErrTag::Unknown)
    }

    /// An action called inside an expression.
    pub fn action_in_expression(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}()` is an action, not a value"),
            "used as a value",
        )
        .hint("call actions as statements of their own")
        .tag(ErrTag::CgExpr)
    }

    /// An action (which has no value: DTrace's `void`) passed where a
    /// value is wanted; `tag` is the receiver's class of error.
    pub fn void_argument(span: Span, name: &str, receiver: &str, tag: ErrTag) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{receiver} needs a value, but `{name}()` is an action and has none"),
            "has no value",
        )
        .hint("call actions as statements of their own")
        .tag(tag)
    }

    /// A call to a function that does not exist.
    pub fn unknown_function(span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("unknown action or subroutine `{name}`"),
            "not a known function",
        )
        .maybe_hint(suggestion.map(|s| format!("did you mean `{s}`?")))
        .tag(ErrTag::FuncUndef)
    }

    /// A call of a variable, e.g. `pid(1)`.
    pub fn variable_called(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` is a variable, not a function"),
            "not a function",
        )
        .tag(ErrTag::FuncIdkind)
    }

    /// A call that names something that is not a function.
    pub fn not_callable(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "only named functions can be called",
            "not a function name",
        )
        .tag(ErrTag::FuncIdent)
    }

    /// A call with the wrong number of arguments.
    pub fn wrong_arg_count(span: Span, name: &str, expected: &str, got: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` takes {expected}, but {got} given"),
            "wrong number of arguments",
        )
        .tag(ErrTag::ProtoLen)
    }

    /// An argument of the wrong type.
    pub fn arg_type(span: Span, name: &str, expected: Type, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`{name}` expects {} here, found {}",
                expected.describe(),
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .tag(ErrTag::ProtoArg)
    }

    /// A pointer argument that does not point to what the prototype says.
    pub fn arg_pointer_type(span: Span, name: &str, expected: &str, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`{name}` expects {expected} here, found {}",
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .tag(ErrTag::ProtoArg)
    }

    /// An argument that must be an integer constant.
    pub fn arg_not_constant(span: Span, name: &str, n: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` argument #{n} must be an integer constant"),
            "not a constant",
        )
        .tag(ErrTag::ProtoArg)
    }

    // ---- printf --------------------------------------------------------

    /// A printf whose format is not a string literal.
    pub fn format_not_literal(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "printf's format must be a string literal",
            "not a string literal",
        )
        .hint("write printf(\"%d\\n\", value)")
        .tag(ErrTag::PrintfArgFmt)
    }

    /// An unknown conversion in a format.
    pub fn format_bad_conversion(span: Span, conv: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("unknown conversion `{conv}`"),
            "in this format",
        )
        .hint("conversions: %d %i %u %x %X %o %c %s %p %%, with flags, width and precision")
        .tag(ErrTag::Syntax)
    }

    /// `%@` in printf: only printa has an aggregation to print.
    pub fn format_aggregation(span: Span, conv: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{conv}` prints an aggregation's value, which printf() has not"),
            "an aggregation conversion",
        )
        .hint("use printa(\"...%@d\", @name) to print an aggregation")
        .tag(ErrTag::PrintfAggConv)
    }

    /// A floating-point conversion (`%f`, `%e`, `%g`).
    pub fn format_unsupported_conversion(span: Span, conv: &str) -> Diagnostic {
        // DTrace parses these, then finds no argument of a floating-point
        // type: D has none (D_PRINTF_ARG_TYPE).
        Diagnostic::new(
            span,
            format!("`{conv}` expects a floating-point value, and D has none"),
            "no D value can be printed this way",
        )
        .hint(
            "print an integer with %d, scaled if need be: printf(\"%d.%03d\", x / 1000, x % 1000)",
        )
        .tag(ErrTag::PrintfArgType)
    }

    /// A `%` at the end of a format.
    pub fn format_incomplete(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "incomplete conversion at the end of the format",
            "here",
        )
        .hint("write %% for a literal percent sign")
        .tag(ErrTag::Syntax)
    }

    /// `printf("")`: DTrace refuses an empty format.
    pub fn format_empty(span: Span, action: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{action}( ) format string is empty"),
            "empty format",
        )
        .hint("print an empty line with \"\\n\"")
        .tag(ErrTag::PrintfFmtEmpty)
    }

    /// A printa() conversion past the aggregation's keys (not `%@`).
    pub fn printa_conversion_past_keys(
        span: Span,
        conv_no: usize,
        conv: char,
        keys: usize,
    ) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "printa( ) prototype mismatch: conversion #{conv_no} (%{conv}) has no key to print (the aggregation has {keys})"
            ),
            "one conversion too many",
        )
        .hint("print the aggregation's value with %@ (for example %@d)")
        .tag(ErrTag::PrintfArgProto)
    }

    /// A conversion with no argument for it.
    pub fn format_missing_arg(span: Span, needed: usize, given: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("the format needs {needed} arguments but {given} given"),
            "this conversion has no argument",
        )
        .tag(ErrTag::PrintfArgProto)
    }

    /// `%*d` or `%.*d` without the width's or precision's argument.
    pub fn format_missing_star(span: Span, conv_no: usize, star: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("printf( ) prototype mismatch: conversion #{conv_no} is missing a corresponding \"{star}\" argument"),
            "this conversion's argument is missing",
        )
        .hint(format!("`{star}` takes an integer argument before the conversion's value"))
        .tag(ErrTag::PrintfDynProto)
    }

    /// A `*` width or precision given something other than an integer.
    pub fn format_star_type(arg: Span, conv_span: Span, star: &str, found: Type) -> Diagnostic {
        Diagnostic::new(
            arg,
            format!(
                "the \"{star}\" argument must be an integer, but this is {}",
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .related(conv_span, "conversion here")
        .tag(ErrTag::PrintfDynType)
    }

    /// An argument no conversion uses.
    pub fn format_extra_arg(span: Span, needed: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            "argument not used by the format",
            match needed {
                1 => "the format has 1 conversion".to_string(),
                n => format!("the format has {n} conversions"),
            },
        )
        .hint("add a conversion for it or remove it")
        .tag(ErrTag::PrintfArgExtra)
    }

    /// An argument whose type does not suit its conversion.
    pub fn format_arg_type(
        arg: Span,
        conv_span: Span,
        conv: &str,
        expected: Type,
        found: Type,
    ) -> Diagnostic {
        let fix = if found.is_string() {
            "use `%s` for a string"
        } else {
            "use `%d` for a signed or `%u` for an unsigned integer"
        };
        Diagnostic::new(
            arg,
            format!(
                "`{conv}` expects {}, but this argument is {}",
                expected.describe(),
                found.describe()
            ),
            format!("this is {}", found.describe()),
        )
        .related(conv_span, "conversion here")
        .hint(fix)
        .tag(ErrTag::PrintfArgType)
    }

    /// More printf arguments than one record can hold.
    pub fn too_many_args(span: Span, name: &str, max: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` takes at most {max} value arguments for now"),
            "too many",
        )
        .tag(ErrTag::Unknown)
    }

    // ---- code generation -----------------------------------------------

    /// An expression needing more registers than DIF has.
    pub fn too_complex(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "expression too complex",
            "needs more than 15 registers",
        )
        .hint("split it over several actions")
        .tag(ErrTag::Unknown)
    }

    /// A clause whose program is past one of the program format's limits
    /// (instructions, constants, string bytes, variables, aggregations).
    pub fn program_too_large(span: Span, what: &str, size: u32, max: u32) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("clause needs {size} {what}, more than the {max} a program may hold"),
            "this clause",
        )
        .hint("split it over several clauses, or shorten its strings")
        .tag(ErrTag::Unknown)
    }

    /// A compiler bug: the assembler or the verifier rejected generated
    /// code.
    pub fn internal(span: Span, what: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("internal compiler error: {what}"),
            "while compiling this clause",
        )
        .hint("this is a bug in rdtrace; please report it with the script")
    }
}

/// The most diagnostics rendered: each shows its whole source line, so a
/// long line of bad characters would otherwise print its square.
pub const MAX_RENDERED: usize = 20;

/// The diagnostics of one failed compilation, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    /// Every diagnostic.
    pub items: Vec<Diagnostic>,
    file_name: String,
    source: String,
}

impl Diagnostics {
    pub(crate) fn new(mut items: Vec<Diagnostic>, file_name: &str, source: &str) -> Diagnostics {
        items.sort_by_key(|d| (d.span.start, d.span.end));
        Diagnostics {
            items,
            file_name: file_name.to_string(),
            source: source.to_string(),
        }
    }

    /// Renders the first [`MAX_RENDERED`] diagnostics with their file,
    /// line:column, the source line with a caret under the span, and the
    /// hint; `color` adds ANSI colors. The count at the end covers all.
    pub fn render(&self, source: &str, file_name: &str, color: bool) -> String {
        let file = SimpleFile::new(file_name, source);
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let mut out = Vec::new();
        for d in self.items.iter().take(MAX_RENDERED) {
            let report = to_report(d, source.len());
            let result = if color {
                term::emit_to_write_style(&mut Ansi::new(&mut out), &config, &file, &report)
            } else {
                term::emit_to_io_write(&mut out, &config, &file, &report)
            };
            if result.is_err() {
                let (line, col) = d.span.line_col(source);
                let (tag, msg) = (d.tag, &d.message);
                out.extend(format!("{file_name}:{line}:{col}: error[{tag}]: {msg}\n").bytes());
            }
        }
        let n = self.items.len();
        if n > MAX_RENDERED {
            out.extend(format!("({} more not shown)\n", n - MAX_RENDERED).bytes());
        }
        out.extend(format!("{n} error{}\n", if n == 1 { "" } else { "s" }).bytes());
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The codespan report for one diagnostic, spans clamped to the source.
fn to_report(d: &Diagnostic, len: usize) -> Report<()> {
    let clamp = |s: Span| {
        let r = s.range();
        r.start.min(len)..r.end.min(len)
    };
    let mut labels = vec![Label::primary((), clamp(d.span)).with_message(&d.label)];
    for (span, text) in &d.related {
        labels.push(Label::secondary((), clamp(*span)).with_message(text));
    }
    let notes = d.hint.iter().map(|h| format!("hint: {h}")).collect();
    Report::error()
        .with_code(d.tag.name())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&self.source, &self.file_name, false))
    }
}

impl std::error::Error for Diagnostics {}
