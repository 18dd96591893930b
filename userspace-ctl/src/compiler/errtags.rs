//! DTrace's error tags: the `D_*` names libdtrace gives each compile
//! error class (its `dt_errtags.h`), which DTrace prints in brackets with
//! `-x errtags` and its test suite puts in file names
//! (`err.D_PROTO_LEN.toofew.d`). rdtrace prints them always, as
//! `error[D_PROTO_LEN]: ...`, so a DTrace user recognises the class.
//!
//! Only the tags rdtrace's diagnostics use are here; add the next one
//! from DTrace's list when a diagnostic needs it, spelled as DTrace does.

use std::fmt;

/// One DTrace error class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrTag {
    /// No DTrace class fits: rdtrace limitations and compiler bugs.
    Unknown,
    /// The input does not parse (tokens, clause shape, printf conversions).
    Syntax,
    /// A probe description that is malformed.
    PdescInval,
    /// A predicate that is not an integer (or pointer).
    PredScalar,
    /// A call of something that is not a function name.
    FuncIdent,
    /// A call of a function that does not exist.
    FuncUndef,
    /// A call of a name that is not a function (a variable).
    FuncIdkind,
    /// An operator that needs integer operands (`% & | ^ << >> ~`).
    OpInt,
    /// An operator that needs a truth value (`! && || ^^ ?:`).
    OpScalar,
    /// An operator that needs arithmetic operands (`* /`, unary `- +`).
    OpArith,
    /// `+=` or `-=` of a pointer to a variable that is neither an
    /// integer nor a pointer to something of known size (`void *`).
    OpVfptr,
    /// Operand types that do not go together (`==` of a string and an
    /// integer, `?:` arms, `+`/`-` of two strings).
    OpIncompat,
    /// An action called where a value is needed.
    CgExpr,
    /// Division or remainder by a constant zero.
    DivZero,
    /// An undefined macro, or `$N` beyond the arguments given.
    MacroUndef,
    /// A macro argument given but never referred to (without `argref`).
    MacroUnused,
    /// An integer literal beyond 64 bits.
    IntOflow,
    /// A digit that does not belong (8 or 9 in an octal literal).
    IntDigit,
    /// A string literal with a newline (or end of input) before its `"`.
    StrNl,
    /// A character literal with a newline before its `'`.
    ChrNl,
    /// An empty character literal `''`.
    ChrNull,
    /// A character literal too long.
    ChrOflow,
    /// An identifier that names nothing.
    IdentUndef,
    /// A call with the wrong number of arguments.
    ProtoLen,
    /// A call argument of the wrong type.
    ProtoArg,
    /// `print()` of a pointer to a type of no size.
    PrintSize,
    /// `args[N]` with N out of range.
    ArgsIdx,
    /// A printf conversion with no argument.
    PrintfArgProto,
    /// A printf argument that does not suit its conversion.
    PrintfArgType,
    /// printf arguments no conversion uses.
    PrintfArgExtra,
    /// A printf format that is not a string constant.
    PrintfArgFmt,
    /// A printf-like action's format that is empty.
    PrintfFmtEmpty,
    /// A `#pragma` rdtrace does not take.
    PragmaInval,
    /// A pragma whose words are not of its form.
    PragmaMalform,
    /// A `depends_on` that is not met or not allowed.
    PragmaDepend,
    /// An option a pragma cannot set.
    PragmaOptset,
    /// A pragma naming nothing it could apply to.
    PragmaUnused,
    /// A `#` line that is no D control directive.
    PragctlInval,
    /// `#error`.
    Pragerr,
    /// A script with nothing in it.
    Empty,
    /// A `void` parameter with a name.
    DeclProtoName,
    /// A parameter of a dynamic (associative array) type.
    DeclProtoType,
    /// `void` among other parameters.
    DeclProtoVoid,
    /// `...` in an associative array's key types.
    DeclProtoVarargs,
    /// A storage class on a parameter.
    DeclParmclass,
    /// `short void` and the like.
    DeclVoidattr,
    /// `long` or `short` with a non-integer type.
    DeclLongint,
    /// `signed` or `unsigned` with a non-integer type.
    DeclSignint,
    /// `this int a[int];`.
    DeclLocassc,
    /// `%*d` without the width's argument.
    PrintfDynProto,
    /// A `*` width or precision that is not an integer.
    PrintfDynType,
    /// A kernel symbol whose type is unknown.
    SymNotypes,
    /// A declaration with two storage classes (`self this int x;`).
    DeclClass,
    /// A name declared twice.
    DeclIdred,
    /// A type name nothing declares.
    TypeErr,
    /// Assignment to something that is not a variable.
    OpLval,
    /// Assignment to a builtin variable.
    OpWrite,
    /// A cast between strings and integers.
    CastInval,
    /// `*` of something that is not a pointer.
    DerefNonptr,
    /// `*` of a `void *`.
    DerefVoid,
    /// `trace()` of a `void` expression.
    TraceVoid,
    /// trace() of an aggregation (a dynamic expression).
    TraceDyn,
    /// A `tracemem()` address that is neither an integer nor a pointer.
    TracememAddr,
    /// A `tracemem()` size that is not a positive integer constant.
    TracememSize,
    /// `tracemem()` with more than three arguments.
    TracememArgs,
    /// A `tracemem()` dynamic size that is not a scalar.
    TracememDynsize,
    /// An `alloca()` larger than `scratchsize`.
    AllocaSize,
    /// A variable holding both alloca and other pointers.
    AllocaIncompat,
    /// An associative array used with the wrong keys or none.
    ArrBadref,
    /// A scalar variable used with keys.
    IdentBadref,
    /// `->` on something that is not a struct pointer.
    OpPtr,
    /// `.` or `->` applied to something that is not a struct or union
    /// (or a pointer to one).
    OpSou,
    /// `&` of a D variable.
    AddrofVar,
    /// `&` of something that is not an lvalue.
    AddrofLval,
    /// A variable that `->`, `[` or an operator-assignment names, read
    /// before anything declares or assigns it.
    VarUndef,
    /// `stringof()` of something with no value (an action).
    StringofType,
    /// A clause-local (`this->`) variable used as an associative array.
    ArrLocal,
    /// A constant index outside a scalar array's bounds.
    ArrBounds,
    /// A whole array assigned.
    OpArrfun,
    /// An aggregation conversion (`%@`) in `printf()`.
    PrintfAggConv,
    /// `&` of a bitfield.
    AddrofBitfield,
    /// `sizeof` of a bitfield.
    SizeofBitfield,
    /// `offsetof` of a bitfield.
    OffsetofBitfield,
    /// A bitfield width that is not a positive constant.
    DeclBfconst,
    /// A bitfield wider than its type.
    DeclBfsize,
    /// A bitfield of a type that is not an integer.
    DeclBftype,
    /// A member of a struct or union type not (yet) defined.
    DeclIncomplete,
    /// Type words that do not combine (`struct a {...} struct b`).
    DeclCombo,
    /// `short` or `long` with `char`.
    DeclCharattr,
    /// An enumerator beyond `int`.
    DeclEnoflow,
    /// An enumerator set to something not an integer constant.
    DeclEnconst,
    /// An action as the value of `?:`.
    OpAct,
    /// An array declared with empty brackets.
    DeclArrnull,
    /// An array dimension that is not a positive constant.
    DeclArrsub,
    /// An array dimension too large.
    DeclArrbig,
    /// A storage class D has no use for (`register`, `auto`).
    DeclBadclass,
    /// `freopen(".")`: a file name that cannot be one.
    FreopenInvalid,
    /// A member of a translated type its translator does not convert.
    XlateNoconv,
    /// A struct, union or enum defined twice.
    DeclTypered,
    /// A member the struct or union does not have.
    TypeMember,
    /// `->` or `.` on a struct or union only declared (`struct s *`).
    OpIncomplete,
    /// A second translator between the same two types.
    XlateRedecl,
    /// A translator whose output is not a struct or union (or one only
    /// declared).
    XlateSou,
    /// A translator's member that its output type does not have.
    XlateMemb,
    /// A translator's member given a value of an incompatible type.
    XlateIncompat,
    /// `xlate` with no translator between the two types.
    XlateNone,
    /// `break` or `continue` outside a loop.
    OpVoid,
    /// An aggregation assigned something other than an aggregating call.
    AggFunc,
    /// sizeof of a type that has no size (`void`).
    SizeofType,
    /// offsetof of a type that is not a struct or union.
    OffsetofType,
    /// An aggregation written as a statement without a function.
    AggNull,
    /// An aggregation indexed twice (`@a[1][2]`).
    AggMdim,
    /// An aggregation used with another function than before.
    AggRedef,
    /// A destructive action after `speculate()`.
    ActSpec,
    /// An aggregation after `commit()`.
    AggComm,
    /// An aggregation after `speculate()`.
    AggSpec,
    /// `commit()` after a data-recording action.
    CommDrec,
    /// A data-recording action (or `exit()`) after `commit()`.
    DrecComm,
    /// `exit()` after `speculate()`.
    ExitSpec,
    /// `speculate()` after `commit()`.
    SpecComm,
    /// `speculate()` after a data-recording action.
    SpecDrec,
    /// `speculate()` after `speculate()`.
    SpecSpec,
    /// A `stack()` frame count that is not a positive constant.
    StackSize,
    /// A `ustack()` frame count that is not a positive constant.
    UstackFrames,
    /// A `ustack()` string size that is not a positive constant.
    UstackStrsize,
    /// `printa` without an aggregation.
    PrintaProto,
    /// A `printa` argument that is not an aggregation (or format).
    PrintaAggarg,
    /// Aggregations joined by `printa` with different key counts.
    PrintaAggkey,
    /// Aggregations joined by `printa` with different key types.
    PrintaAggproto,
    /// `trunc` of something not an aggregation.
    TruncAggarg,
    /// `clear` of something not an aggregation.
    ClearAggarg,
    /// `normalize`/`denormalize` of something not an aggregation.
    NormalizeAggarg,
    /// An llquantize parameter, or a redefinition with another.
    /// An lquantize parameter, or a redefinition with another.
    LquantBasetype,
    /// An lquantize parameter, or a redefinition with another.
    LquantBaseval,
    /// An lquantize parameter, or a redefinition with another.
    LquantLimtype,
    /// An lquantize parameter, or a redefinition with another.
    LquantLimval,
    /// An lquantize parameter, or a redefinition with another.
    LquantMismatch,
    /// An lquantize parameter, or a redefinition with another.
    LquantSteptype,
    /// An lquantize parameter, or a redefinition with another.
    LquantStepval,
    /// An lquantize parameter, or a redefinition with another.
    LquantSteplarge,
    /// An lquantize parameter, or a redefinition with another.
    LquantStepsmall,
    /// An lquantize parameter, or a redefinition with another.
    LquantMatchbase,
    /// An lquantize parameter, or a redefinition with another.
    LquantMatchlim,
    /// An lquantize parameter, or a redefinition with another.
    LquantMatchstep,
    /// A string aggregated by a function of integers.
    AggScalar,
    /// A key of a type keys cannot have (an aggregation).
    KeyType,
    /// An llquantize parameter, or a redefinition with another.
    LlquantFactortype,
    /// An llquantize parameter, or a redefinition with another.
    LlquantFactorval,
    /// An llquantize parameter, or a redefinition with another.
    LlquantLmagtype,
    /// An llquantize parameter, or a redefinition with another.
    LlquantLmagval,
    /// An llquantize parameter, or a redefinition with another.
    LlquantHmagtype,
    /// An llquantize parameter, or a redefinition with another.
    LlquantHmagval,
    /// An llquantize parameter, or a redefinition with another.
    LlquantSteptype,
    /// An llquantize parameter, or a redefinition with another.
    LlquantStepval,
    /// An llquantize parameter, or a redefinition with another.
    LlquantMatchfactor,
    /// An llquantize parameter, or a redefinition with another.
    LlquantMatchlmag,
    /// An llquantize parameter, or a redefinition with another.
    LlquantMatchhmag,
    /// An llquantize parameter, or a redefinition with another.
    LlquantMatchsteps,
}

impl ErrTag {
    /// The name as DTrace spells it, e.g. `D_PROTO_LEN`.
    pub fn name(self) -> &'static str {
        match self {
            ErrTag::Unknown => "D_UNKNOWN",
            ErrTag::Syntax => "D_SYNTAX",
            ErrTag::PdescInval => "D_PDESC_INVAL",
            ErrTag::PredScalar => "D_PRED_SCALAR",
            ErrTag::FuncIdent => "D_FUNC_IDENT",
            ErrTag::FuncUndef => "D_FUNC_UNDEF",
            ErrTag::FuncIdkind => "D_FUNC_IDKIND",
            ErrTag::OpInt => "D_OP_INT",
            ErrTag::OpScalar => "D_OP_SCALAR",
            ErrTag::OpArith => "D_OP_ARITH",
            ErrTag::OpVfptr => "D_OP_VFPTR",
            ErrTag::OpIncompat => "D_OP_INCOMPAT",
            ErrTag::CgExpr => "D_CG_EXPR",
            ErrTag::DivZero => "D_DIV_ZERO",
            ErrTag::MacroUndef => "D_MACRO_UNDEF",
            ErrTag::MacroUnused => "D_MACRO_UNUSED",
            ErrTag::IntOflow => "D_INT_OFLOW",
            ErrTag::IntDigit => "D_INT_DIGIT",
            ErrTag::StrNl => "D_STR_NL",
            ErrTag::ChrNl => "D_CHR_NL",
            ErrTag::ChrNull => "D_CHR_NULL",
            ErrTag::ChrOflow => "D_CHR_OFLOW",
            ErrTag::IdentUndef => "D_IDENT_UNDEF",
            ErrTag::ProtoLen => "D_PROTO_LEN",
            ErrTag::ProtoArg => "D_PROTO_ARG",
            ErrTag::PrintSize => "D_PRINT_SIZE",
            ErrTag::ArgsIdx => "D_ARGS_IDX",
            ErrTag::PrintfArgProto => "D_PRINTF_ARG_PROTO",
            ErrTag::PrintfArgType => "D_PRINTF_ARG_TYPE",
            ErrTag::PrintfArgExtra => "D_PRINTF_ARG_EXTRA",
            ErrTag::PrintfFmtEmpty => "D_PRINTF_FMT_EMPTY",
            ErrTag::PrintfArgFmt => "D_PRINTF_ARG_FMT",
            ErrTag::PragmaInval => "D_PRAGMA_INVAL",
            ErrTag::PragmaMalform => "D_PRAGMA_MALFORM",
            ErrTag::PragmaDepend => "D_PRAGMA_DEPEND",
            ErrTag::PragmaOptset => "D_PRAGMA_OPTSET",
            ErrTag::PragmaUnused => "D_PRAGMA_UNUSED",
            ErrTag::PragctlInval => "D_PRAGCTL_INVAL",
            ErrTag::Empty => "D_EMPTY",
            ErrTag::DeclProtoName => "D_DECL_PROTO_NAME",
            ErrTag::DeclProtoVoid => "D_DECL_PROTO_VOID",
            ErrTag::DeclProtoVarargs => "D_DECL_PROTO_VARARGS",
            ErrTag::DeclParmclass => "D_DECL_PARMCLASS",
            ErrTag::DeclVoidattr => "D_DECL_VOIDATTR",
            ErrTag::DeclLongint => "D_DECL_LONGINT",
            ErrTag::DeclSignint => "D_DECL_SIGNINT",
            ErrTag::DeclLocassc => "D_DECL_LOCASSC",
            ErrTag::PrintfDynProto => "D_PRINTF_DYN_PROTO",
            ErrTag::PrintfDynType => "D_PRINTF_DYN_TYPE",
            ErrTag::SymNotypes => "D_SYM_NOTYPES",
            ErrTag::DeclClass => "D_DECL_CLASS",
            ErrTag::DeclIdred => "D_DECL_IDRED",
            ErrTag::TypeErr => "D_TYPE_ERR",
            ErrTag::OpLval => "D_OP_LVAL",
            ErrTag::OpWrite => "D_OP_WRITE",
            ErrTag::CastInval => "D_CAST_INVAL",
            ErrTag::DerefNonptr => "D_DEREF_NONPTR",
            ErrTag::DerefVoid => "D_DEREF_VOID",
            ErrTag::TraceVoid => "D_TRACE_VOID",
            ErrTag::TraceDyn => "D_TRACE_DYN",
            ErrTag::TracememAddr => "D_TRACEMEM_ADDR",
            ErrTag::TracememSize => "D_TRACEMEM_SIZE",
            ErrTag::TracememArgs => "D_TRACEMEM_ARGS",
            ErrTag::TracememDynsize => "D_TRACEMEM_DYNSIZE",
            ErrTag::AllocaSize => "D_ALLOCA_SIZE",
            ErrTag::AllocaIncompat => "D_ALLOCA_INCOMPAT",
            ErrTag::ArrBadref => "D_ARR_BADREF",
            ErrTag::IdentBadref => "D_IDENT_BADREF",
            ErrTag::OpPtr => "D_OP_PTR",
            ErrTag::OpSou => "D_OP_SOU",
            ErrTag::AddrofVar => "D_ADDROF_VAR",
            ErrTag::AddrofLval => "D_ADDROF_LVAL",
            ErrTag::StringofType => "D_STRINGOF_TYPE",
            ErrTag::VarUndef => "D_VAR_UNDEF",
            ErrTag::ArrLocal => "D_ARR_LOCAL",
            ErrTag::ArrBounds => "D_ARR_BOUNDS",
            ErrTag::OpArrfun => "D_OP_ARRFUN",
            ErrTag::PrintfAggConv => "D_PRINTF_AGG_CONV",
            ErrTag::AddrofBitfield => "D_ADDROF_BITFIELD",
            ErrTag::SizeofBitfield => "D_SIZEOF_BITFIELD",
            ErrTag::OffsetofBitfield => "D_OFFSETOF_BITFIELD",
            ErrTag::DeclBfconst => "D_DECL_BFCONST",
            ErrTag::DeclBfsize => "D_DECL_BFSIZE",
            ErrTag::DeclBftype => "D_DECL_BFTYPE",
            ErrTag::DeclIncomplete => "D_DECL_INCOMPLETE",
            ErrTag::DeclCombo => "D_DECL_COMBO",
            ErrTag::DeclCharattr => "D_DECL_CHARATTR",
            ErrTag::DeclEnoflow => "D_DECL_ENOFLOW",
            ErrTag::DeclEnconst => "D_DECL_ENCONST",
            ErrTag::OpAct => "D_OP_ACT",
            ErrTag::DeclArrnull => "D_DECL_ARRNULL",
            ErrTag::DeclArrsub => "D_DECL_ARRSUB",
            ErrTag::DeclArrbig => "D_DECL_ARRBIG",
            ErrTag::DeclProtoType => "D_DECL_PROTO_TYPE",
            ErrTag::DeclBadclass => "D_DECL_BADCLASS",
            ErrTag::FreopenInvalid => "D_FREOPEN_INVALID",
            ErrTag::XlateNoconv => "D_XLATE_NOCONV",
            ErrTag::DeclTypered => "D_DECL_TYPERED",
            ErrTag::TypeMember => "D_TYPE_MEMBER",
            ErrTag::OpIncomplete => "D_OP_INCOMPLETE",
            ErrTag::XlateRedecl => "D_XLATE_REDECL",
            ErrTag::XlateSou => "D_XLATE_SOU",
            ErrTag::XlateMemb => "D_XLATE_MEMB",
            ErrTag::XlateIncompat => "D_XLATE_INCOMPAT",
            ErrTag::XlateNone => "D_XLATE_NONE",
            ErrTag::OpVoid => "D_OP_VOID",
            ErrTag::AggFunc => "D_AGG_FUNC",
            ErrTag::SizeofType => "D_SIZEOF_TYPE",
            ErrTag::OffsetofType => "D_OFFSETOF_TYPE",
            ErrTag::AggNull => "D_AGG_NULL",
            ErrTag::AggMdim => "D_AGG_MDIM",
            ErrTag::AggRedef => "D_AGG_REDEF",
            ErrTag::StackSize => "D_STACK_SIZE",
            ErrTag::UstackFrames => "D_USTACK_FRAMES",
            ErrTag::UstackStrsize => "D_USTACK_STRSIZE",
            ErrTag::PrintaProto => "D_PRINTA_PROTO",
            ErrTag::PrintaAggarg => "D_PRINTA_AGGARG",
            ErrTag::PrintaAggkey => "D_PRINTA_AGGKEY",
            ErrTag::PrintaAggproto => "D_PRINTA_AGGPROTO",
            ErrTag::TruncAggarg => "D_TRUNC_AGGARG",
            ErrTag::ClearAggarg => "D_CLEAR_AGGARG",
            ErrTag::NormalizeAggarg => "D_NORMALIZE_AGGARG",
            ErrTag::LquantBasetype => "D_LQUANT_BASETYPE",
            ErrTag::LquantBaseval => "D_LQUANT_BASEVAL",
            ErrTag::LquantLimtype => "D_LQUANT_LIMTYPE",
            ErrTag::LquantLimval => "D_LQUANT_LIMVAL",
            ErrTag::LquantMismatch => "D_LQUANT_MISMATCH",
            ErrTag::LquantSteptype => "D_LQUANT_STEPTYPE",
            ErrTag::LquantStepval => "D_LQUANT_STEPVAL",
            ErrTag::LquantSteplarge => "D_LQUANT_STEPLARGE",
            ErrTag::LquantStepsmall => "D_LQUANT_STEPSMALL",
            ErrTag::LquantMatchbase => "D_LQUANT_MATCHBASE",
            ErrTag::LquantMatchlim => "D_LQUANT_MATCHLIM",
            ErrTag::LquantMatchstep => "D_LQUANT_MATCHSTEP",
            ErrTag::AggScalar => "D_AGG_SCALAR",
            ErrTag::KeyType => "D_KEY_TYPE",
            ErrTag::LlquantFactortype => "D_LLQUANT_FACTORTYPE",
            ErrTag::LlquantFactorval => "D_LLQUANT_FACTORVAL",
            ErrTag::LlquantLmagtype => "D_LLQUANT_LMAGTYPE",
            ErrTag::LlquantLmagval => "D_LLQUANT_LMAGVAL",
            ErrTag::LlquantHmagtype => "D_LLQUANT_HMAGTYPE",
            ErrTag::LlquantHmagval => "D_LLQUANT_HMAGVAL",
            ErrTag::LlquantSteptype => "D_LLQUANT_STEPTYPE",
            ErrTag::LlquantStepval => "D_LLQUANT_STEPVAL",
            ErrTag::LlquantMatchfactor => "D_LLQUANT_MATCHFACTOR",
            ErrTag::LlquantMatchlmag => "D_LLQUANT_MATCHLMAG",
            ErrTag::LlquantMatchhmag => "D_LLQUANT_MATCHHMAG",
            ErrTag::LlquantMatchsteps => "D_LLQUANT_MATCHSTEPS",
            ErrTag::Pragerr => "D_PRAGERR",
            ErrTag::ActSpec => "D_ACT_SPEC",
            ErrTag::AggComm => "D_AGG_COMM",
            ErrTag::AggSpec => "D_AGG_SPEC",
            ErrTag::CommDrec => "D_COMM_DREC",
            ErrTag::DrecComm => "D_DREC_COMM",
            ErrTag::ExitSpec => "D_EXIT_SPEC",
            ErrTag::SpecComm => "D_SPEC_COMM",
            ErrTag::SpecDrec => "D_SPEC_DREC",
            ErrTag::SpecSpec => "D_SPEC_SPEC",
        }
    }

    /// The tag of an operator that refused a string operand, as DTrace
    /// classes the operator (its `dt_cook_op2`/`dt_cook_op1`).
    pub fn for_operator(op: &str, unary: bool) -> ErrTag {
        match op {
            "*" | "/" => ErrTag::OpArith,
            "+" | "-" if unary => ErrTag::OpArith,
            "+" | "-" => ErrTag::OpIncompat,
            "!" | "&&" | "||" | "^^" | "?:" | "++" | "--" => ErrTag::OpScalar,
            "[]" => ErrTag::ArgsIdx,
            _ => ErrTag::OpInt,
        }
    }
}

impl fmt::Display for ErrTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrTag;

    #[test]
    fn operators_take_dtraces_classes() {
        assert_eq!(ErrTag::for_operator("%", false), ErrTag::OpInt);
        assert_eq!(ErrTag::for_operator("<<", false), ErrTag::OpInt);
        assert_eq!(ErrTag::for_operator("~", true), ErrTag::OpInt);
        assert_eq!(ErrTag::for_operator("*", false), ErrTag::OpArith);
        assert_eq!(ErrTag::for_operator("-", true), ErrTag::OpArith);
        assert_eq!(ErrTag::for_operator("-", false), ErrTag::OpIncompat);
        assert_eq!(ErrTag::for_operator("&&", false).name(), "D_OP_SCALAR");
    }
}
