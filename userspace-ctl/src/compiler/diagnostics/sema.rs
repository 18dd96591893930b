//! Diagnostics of declarations, variables, types and the size limits.

use super::super::span::Span;
use super::super::types::Type;
use super::{Diagnostic, ErrTag};

fn type_list(types: &[Type]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|t| if t.is_string() { "string" } else { "integer" })
        .collect();
    format!("[{}]", names.join(", "))
}

impl Diagnostic {
    /// Input nested deeper than the parser follows.
    pub fn nesting_too_deep(span: Span, max: u32) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("expression or statement nested more than {max} deep"),
            "nested too deeply",
        )
        .hint("split it with variables (this->x = ...)")
        .tag(ErrTag::Syntax)
    }

    /// A statement with more operators than the compiler takes.
    pub fn expression_too_large(span: Span, max: u32) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("statement has more than {max} operators"),
            "too large",
        )
        .hint("split it over several statements with variables")
        .tag(ErrTag::Syntax)
    }

    /// A type name nothing declares.
    pub fn unknown_type(span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
        // DTrace: "failed to resolve type ...: Unknown type name".
        let d = Diagnostic::new(span, format!("undefined type `{name}`"), "unknown type");
        d.maybe_hint(suggestion.map(|s| format!("did you mean `{s}`?")))
            .tag(ErrTag::Unknown)
    }

    /// A script with no clause and no declaration (`-x empty` allows it).
    pub fn empty_program(span: Span) -> Diagnostic {
        Diagnostic::new(span, "empty D program translation unit", "nothing here")
            .hint("add a probe clause, or run with `-x empty` to allow an empty program")
            .tag(ErrTag::Empty)
    }

    /// `self this int x;`: a variable lives in one scope.
    pub fn two_storage_classes(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "more than one storage class specified",
            "second class",
        )
        .hint("a variable is either global, `self->` (per thread) or `this->` (per clause)")
        .tag(ErrTag::DeclClass)
    }

    /// An inline named like a builtin variable or subroutine.
    pub fn builtin_redeclared(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("identifier redefined: {name}"),
            "a built-in name",
        )
        .hint(format!(
            "`{name}` is a built-in variable or subroutine: pick another name"
        ))
        .tag(ErrTag::DeclIdred)
    }

    /// `int f(void v);`.
    pub fn named_void_parameter(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("void parameter may not have a name: {name}"),
            "named",
        )
        .hint("write `(void)` for a function without parameters")
        .tag(ErrTag::DeclProtoName)
    }

    /// `int f(int a[int]);`.
    pub fn dynamic_parameter(span: Span, name: &str, index: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("function prototype may not use parameter of type dynamic variable: {name}, parameter #{index}"),
            "an associative array type",
        )
        .hint("a parameter is a C type: a pointer or an integer")
        .tag(ErrTag::DeclProtoType)
    }

    /// `int f(int, void);`.
    pub fn void_not_sole(span: Span) -> Diagnostic {
        Diagnostic::new(span, "void must be sole parameter", "void among others")
            .hint("`(void)` means no parameters; drop it from a list")
            .tag(ErrTag::DeclProtoVoid)
    }

    /// `int a[...];`.
    pub fn varargs_array(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "array prototype may not use a variable-length argument list",
            "variable-length",
        )
        .hint("an associative array's keys are a fixed list of types")
        .tag(ErrTag::DeclProtoVarargs)
    }

    /// `int f(static int);`.
    pub fn parameter_storage_class(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "inappropriate storage class for function or associative array parameter",
            "storage class",
        )
        .hint("a parameter is a type, optionally with a name")
        .tag(ErrTag::DeclParmclass)
    }

    /// `short void`.
    pub fn void_with_attributes(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "invalid type declaration: attributes may not be used with void type",
            "void",
        )
        .tag(ErrTag::DeclVoidattr)
    }

    /// `long struct s`.
    pub fn long_non_integer(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "invalid type declaration: long and long long may only be used with integer or floating-point type",
            "not an integer type",
        )
        .tag(ErrTag::DeclLongint)
    }

    /// `unsigned struct s`.
    pub fn sign_non_integer(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "invalid type declaration: signed and unsigned may only be used with integer type",
            "not an integer type",
        )
        .tag(ErrTag::DeclSignint)
    }

    /// `this int a[int];`: clause-locals are scalars.
    pub fn local_assoc(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "associative arrays may not be declared as local variables",
            "a `this->` array",
        )
        .hint("declare it global (`int a[int];`) or per thread (`self int a[int];`)")
        .tag(ErrTag::DeclLocassc)
    }

    /// `` `name `` used as a value: the kernel's BTF has no types for its
    /// global variables.
    pub fn kernel_symbol_value(span: Span, sym: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("no type information for kernel symbol {sym}"),
            "type unknown",
        )
        .hint(format!(
            "read it through a typed pointer to its address: *(unsigned long *)&{sym}"
        ))
        .tag(ErrTag::SymNotypes)
    }

    /// `` &`name `` of a symbol the kernel does not have.
    pub fn kernel_symbol_unresolved(span: Span, sym: &str, why: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("failed to resolve {sym}: {why}"),
            "no such symbol",
        )
        .hint("kernel symbols are looked up in /proc/kallsyms of the machine that compiles")
        .tag(ErrTag::IdentUndef)
    }

    /// A second declaration of a name.
    pub fn redeclared(span: Span, name: &str, previous: Span) -> Diagnostic {
        let d = Diagnostic::new(
            span,
            format!("`{name}` is already declared"),
            "declared again",
        )
        .tag(ErrTag::DeclIdred);
        if previous == span {
            d
        } else {
            d.related(previous, "first declared here")
        }
    }

    /// A value of the wrong kind for a variable.
    pub fn assign_mismatch(span: Span, name: &str, var: Type, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`{name}` holds {} but this is {}",
                var.describe(),
                found.describe()
            ),
            "incompatible value",
        )
        .hint("a variable's type is fixed by its declaration or first assignment")
        .tag(ErrTag::OpIncompat)
    }

    /// `offsetof(int, x)`: only a struct or union has members.
    pub fn offsetof_not_struct(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "offsetof( ) needs a struct or union type, this is {}",
                found.describe()
            ),
            "not a struct or union",
        )
        .tag(ErrTag::OffsetofType)
    }

    /// `sizeof(void)`: void has no size.
    pub fn sizeof_void(span: Span) -> Diagnostic {
        Diagnostic::new(span, "sizeof( ) may not be applied to type void", "no size")
            .tag(ErrTag::SizeofType)
    }

    /// `0` stored in a string variable that it cannot delete.
    pub fn string_zero(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`{name}` holds a string: 0 deletes only a `self->` variable or an array element"
            ),
            "not a string",
        )
        .hint("assign \"\" to empty a string")
        .tag(ErrTag::OpIncompat)
    }

    /// A value that must be a compile-time constant.
    pub fn not_constant(span: Span) -> Diagnostic {
        Diagnostic::new(span, "expected an integer constant", "not a constant")
    }

    /// More variables than a program's table holds.
    pub fn too_many_variables(span: Span, max: u32) -> Diagnostic {
        Diagnostic::new(span, format!("more than {max} variables"), "one too many")
    }

    /// An associative array with too many keys.
    pub fn too_many_keys(span: Span, name: &str, max: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` has more than {max} keys"),
            "too many keys",
        )
    }

    /// A variable read before any declaration or assignment.
    /// `instantiated`: named by `->`, `[` or an operator-assignment,
    /// which DTrace classes apart from a plain unknown name.
    pub fn variable_undefined(
        span: Span,
        name: &str,
        suggestion: Option<&str>,
        instantiated: bool,
    ) -> Diagnostic {
        let tag = if instantiated {
            ErrTag::VarUndef
        } else {
            ErrTag::IdentUndef
        };
        let d = Diagnostic::new(
            span,
            format!("`{name}` has not yet been declared or assigned"),
            "undefined",
        )
        .tag(tag);
        match suggestion {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint("assign it in an earlier clause, or declare it at the top"),
        }
    }

    /// Arithmetic on a pointer to nothing sized (`void *`).
    pub fn void_pointer_arith(span: Span, ty: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "pointer arithmetic needs the size of what {} points to, and void has none",
                ty.describe()
            ),
            "a pointer to void",
        )
        .hint("cast it to a pointer to a sized type, or to an integer")
        .tag(ErrTag::OpIncompat)
    }

    /// `this->x[k]`: clause-local variables are scalars.
    pub fn clause_local_array(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "local variables may not be used as associative arrays",
            "a clause-local array",
        )
        .hint("use a global array, or a thread-local one (self->x[k])")
        .tag(ErrTag::ArrLocal)
    }

    /// A constant index outside a scalar array's bounds.
    pub fn array_bounds(span: Span, index: i64, len: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("index outside array bounds: {index}, max is {len}"),
            "outside the array",
        )
        .hint(format!(
            "the array's elements are [0] to [{}]",
            len.saturating_sub(1)
        ))
        .tag(ErrTag::ArrBounds)
    }

    /// A whole scalar array assigned.
    pub fn array_assigned(span: Span, ty: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("operator = may not be applied to operand of type \"{ty}\""),
            "an array",
        )
        .hint("assign its elements one by one")
        .tag(ErrTag::OpArrfun)
    }

    /// A whole scalar array as a predicate.
    pub fn array_as_predicate(span: Span) -> Diagnostic {
        Diagnostic::new(span, "predicate result must be of scalar type", "an array")
            .hint("test one of its elements, e.g. `a[0]`")
            .tag(ErrTag::PredScalar)
    }

    /// A scalar array declared other than as a global.
    pub fn non_global_scalar_array(span: Span) -> Diagnostic {
        Diagnostic::unsupported(span, "a thread-local or clause-local scalar array")
    }

    /// An associative array used without keys.
    pub fn array_without_keys(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` is an associative array: it needs keys"),
            "missing [keys]",
        )
        .tag(ErrTag::ArrBadref)
    }

    /// A scalar used with keys.
    pub fn scalar_indexed(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` is a scalar, not an associative array"),
            "indexed scalar",
        )
        .tag(ErrTag::IdentBadref)
    }

    /// Keys of other types than the array's.
    pub fn key_mismatch(span: Span, name: &str, want: &[Type], found: &[Type]) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`{name}` is keyed by {} but these keys are {}",
                type_list(want),
                type_list(found)
            ),
            "wrong keys",
        )
        // DTrace checks keys as a call's arguments: count, then types.
        .tag(if want.len() == found.len() {
            ErrTag::ProtoArg
        } else {
            ErrTag::ProtoLen
        })
    }

    /// A value or key of another struct type than the variable's.
    pub fn struct_mismatch(
        span: Span,
        what: &str,
        want: &str,
        found: &str,
        tag: ErrTag,
    ) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{what} is incompatible: {want} expected, this is {found}"),
            "another type",
        )
        .tag(tag)
    }

    /// `x += p` or `x -= p` where the result is a pointer but `x` is not
    /// one to something of known size.
    pub fn compound_needs_known_size(span: Span, op: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("operator {op}= requires left-hand scalar operand of known size"),
            "a pointer does not fit here",
        )
        .hint("the variable must be a pointer to a type of known size (not `void *`), or both sides integers")
        .tag(ErrTag::OpVfptr)
    }

    /// Assignment to something that is not a variable.
    pub fn not_assignable(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "this cannot be assigned to",
            "not a modifiable variable",
        )
        .hint("assign to a variable: x, self->x, this->x or a[key]")
        .tag(ErrTag::OpLval)
    }

    /// Assignment to a builtin.
    pub fn builtin_assigned(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` is a builtin variable and cannot be assigned"),
            "read-only",
        )
        .tag(ErrTag::OpWrite)
    }

    /// A cast between strings and integers.
    pub fn bad_cast(span: Span, from: Type, to: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("cannot cast {} to {}", from.describe(), to.describe()),
            "invalid cast",
        )
        .tag(ErrTag::CastInval)
    }

    /// `*e` of a `void *`: it points at nothing of known size.
    pub fn deref_void(span: Span) -> Diagnostic {
        Diagnostic::new(span, "cannot dereference pointer to void", "a `void *`")
            .hint("cast it to the pointer type first: *(int *)p")
            .tag(ErrTag::DerefVoid)
    }

    /// `alloca(n)` (or `copyin(addr, n)`: `name`) of a constant larger
    /// than `scratchsize`.
    pub fn alloca_size(span: Span, name: &str, size: u64, scratchsize: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("{name}({size}) size larger than scratchsize {scratchsize}"),
            "too large",
        )
        .hint("raise scratchsize (-x scratchsize=...) or allocate less")
        .tag(ErrTag::AllocaSize)
    }

    /// `trace()` of a `void` expression: there is no value to record.
    pub fn trace_void(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "trace( ) may not be applied to a void expression",
            "void",
        )
        .tag(ErrTag::TraceVoid)
    }

    /// `*e` of a non-pointer.
    pub fn deref_non_pointer(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`*` needs a pointer, this is {}", found.describe()),
            "not a pointer",
        )
        .hint("cast the address first: *(int *)addr")
        .tag(ErrTag::DerefNonptr)
    }

    /// `break` or `continue` outside a loop.
    pub fn outside_loop(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "`break` or `continue` outside a loop",
            "not in a loop",
        )
        .tag(ErrTag::Syntax)
    }

    /// A loop whose proven trip count is beyond DIF's bound.
    pub fn loop_too_long(span: Span, n: i128, max: u32) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("this loop runs {n} times; at most {max} are allowed"),
            "too many iterations",
        )
    }

    /// `.` or `->` on something that is not a struct pointer.
    pub fn not_a_struct(span: Span, found: Type) -> Diagnostic {
        Diagnostic::new(
            span,
            format!(
                "`->` needs a pointer to a struct or union, this is {}",
                found.describe()
            ),
            "not a struct pointer",
        )
        .tag(ErrTag::OpPtr)
    }

    /// `p->m` on a pointer to something not a struct, or `s.m` on
    /// something not a struct.
    pub fn not_struct_or_union(span: Span, found: Type, arrow: bool) -> Diagnostic {
        let (op, needs) = if arrow {
            ("->", "a pointer to a struct or union")
        } else {
            (".", "a struct or union")
        };
        Diagnostic::new(
            span,
            format!("`{op}` needs {needs}, this is {}", found.describe()),
            "not a struct or union",
        )
        .tag(ErrTag::OpSou)
    }

    /// `&` of what has no address D can take: a D variable (`var`), a
    /// bitfield, or a value that is not an lvalue.
    pub fn address_of(span: Span, what: AddrOf) -> Diagnostic {
        let (message, label, tag) = match what {
            AddrOf::Var => (
                "cannot take address of dynamic variable",
                "a D variable",
                ErrTag::AddrofVar,
            ),
            AddrOf::Bitfield => (
                "cannot take address of bit-field",
                "a bitfield",
                ErrTag::AddrofBitfield,
            ),
            AddrOf::Value => (
                "unacceptable operand for unary & operator",
                "not an lvalue",
                ErrTag::AddrofLval,
            ),
        };
        Diagnostic::new(span, message, label).tag(tag)
    }

    /// A struct variable (or key) larger than `strsize`, the most a
    /// variable's bytes hold.
    pub fn struct_over_strsize(span: Span, size: u64, strsize: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("a struct variable of {size} bytes does not fit strsize ({strsize} bytes)"),
            "too large",
        )
        .hint(format!("raise it: -x strsize={size}"))
        .tag(ErrTag::Unknown)
    }

    /// `offsetof` of a bitfield.
    pub fn offsetof_bitfield(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("cannot take offset of a bit-field: {name}"),
            "a bitfield",
        )
        .tag(ErrTag::OffsetofBitfield)
    }

    /// A bitfield width that is not a positive integer constant.
    pub fn bitfield_width(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "positive integral constant expression expected as bit-field size",
            "not a positive constant",
        )
        .tag(ErrTag::DeclBfconst)
    }

    /// A bitfield wider than its type.
    pub fn bitfield_too_big(span: Span, name: &str, bits: u64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("bit-field too big for type: {name}"),
            format!("{bits} bits"),
        )
        .tag(ErrTag::DeclBfsize)
    }

    /// A bitfield of a type that is not an integer.
    pub fn bitfield_type(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("invalid type for bit-field: {name}"),
            "not an integer type",
        )
        .tag(ErrTag::DeclBftype)
    }

    /// A member of a struct or union type that is not defined (yet).
    pub fn incomplete_member(span: Span, ty: &str, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("incomplete struct/union/enum {ty}: {name}"),
            "defined later or not at all",
        )
        .hint("define a struct before a member of it; a pointer to it may come first")
        .tag(ErrTag::DeclIncomplete)
    }

    /// Type words that do not combine, such as a struct definition
    /// followed by another type without a `;` between.
    pub fn invalid_type_combination(span: Span) -> Diagnostic {
        Diagnostic::new(span, "invalid type combination", "a second type")
            .hint("end a struct or union definition with `;`")
            .tag(ErrTag::DeclCombo)
    }

    /// `sizeof` of a bitfield.
    pub fn sizeof_bitfield(span: Span) -> Diagnostic {
        Diagnostic::new(span, "cannot apply sizeof to a bit-field", "a bitfield")
            .tag(ErrTag::SizeofBitfield)
    }

    /// `args[n]` past the arguments the clause's probes have.
    pub fn arg_index_past_probe(span: Span, n: u64, probe: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("index {n} is out of range for {probe} args[ ]"),
            "no such argument",
        )
        .tag(ErrTag::ArgsIdx)
    }

    /// A member the struct does not have.
    pub fn no_member(span: Span, name: &str, owner: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}` is not a member of {owner}"),
            "no such member",
        )
        .tag(ErrTag::TypeMember)
    }

    /// A member of a translated type (`psinfo_t`) that its translator
    /// does not convert.
    pub fn xlate_noconv(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("translator does not define conversion for member: {name}"),
            "not translated on Linux",
        )
        .tag(ErrTag::XlateNoconv)
    }

    /// A destructive action without `-w`.
    pub fn destructive_not_allowed(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}()` is a destructive action: destructive actions not allowed"),
            "needs -w",
        )
        .hint("run with -w (or #pragma D option destructive) to allow it")
    }

    /// `panic()` and `breakpoint()`.
    pub fn kernel_stopping_action(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("`{name}()` is refused: rdtrace never panics or stops the kernel"),
            "refused",
        )
        .hint("use a debug kernel and gdb on the VM instead")
    }
}

/// What `&` was applied to, when it has no address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrOf {
    /// A D variable (its storage is the tracer's, not the kernel's).
    Var,
    /// A bitfield.
    Bitfield,
    /// A value that is not an lvalue.
    Value,
}

impl Diagnostic {
    /// An enumerator set to what is not an integer constant.
    pub fn enum_not_constant(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("enumerator '{name}' must be assigned to an integral constant expression"),
            "not an integer constant",
        )
        .tag(ErrTag::DeclEnconst)
    }

    /// An enumerator beyond `int`'s range.
    pub fn enum_overflow(span: Span, name: &str, value: i64) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("enumerator '{name}' value overflows INT_MAX (2147483647)"),
            format!("{value} is not an int"),
        )
        .tag(ErrTag::DeclEnoflow)
    }

    /// A typedef name defined twice.
    pub fn typedef_redeclared(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(span, format!("typedef redeclared: {name}"), "defined again")
            .tag(ErrTag::DeclIdred)
    }

    /// Type words that do not make a type (`char int`, `double double`).
    pub fn bad_type_combination(span: Span, words: &str) -> Diagnostic {
        let words: Vec<&str> = words.split(' ').collect();
        let char_size =
            words.contains(&"char") && words.iter().any(|w| matches!(*w, "short" | "long"));
        let d = if char_size {
            Diagnostic::new(
                span,
                "invalid type declaration: short and long may not be used with char type",
                "not a type",
            )
            .tag(ErrTag::DeclCharattr)
        } else {
            Diagnostic::new(span, "invalid type combination", "not a type").tag(ErrTag::DeclCombo)
        };
        d.hint("one base type, with at most `signed` or `unsigned` and `short` or `long`")
    }

    /// `args` used without an index.
    pub fn args_without_index(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "`args` may not be referenced as a scalar",
            "needs [N]",
        )
        .hint("index it: args[0]")
        .tag(ErrTag::IdentBadref)
    }
}

impl Diagnostic {
    /// `int a[];`: neither a dimension nor key types.
    pub fn array_no_dimension(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("array declaration requires array dimension or tuple signature: {name}"),
            "empty brackets",
        )
        .hint("give its length (int a[8]) or its key types (int a[string])")
        .tag(ErrTag::DeclArrnull)
    }

    /// `int a[-7];`.
    pub fn array_bad_dimension(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "positive integral constant expression or tuple signature expected as array declaration subscript",
            "not a positive constant",
        )
        .tag(ErrTag::DeclArrsub)
    }

    /// An array longer than a dimension may be.
    pub fn array_too_big(span: Span, len: u64) -> Diagnostic {
        Diagnostic::new(span, "array dimension too big", format!("{len} elements"))
            .tag(ErrTag::DeclArrbig)
    }
}

impl Diagnostic {
    /// An associative array keyed by `void`.
    pub fn void_key(span: Span, n: usize) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("array prototype may not use parameter of type void: parameter #{n}"),
            "no value of this type",
        )
        .tag(ErrTag::DeclProtoType)
    }

    /// `register x;`, `auto x;`.
    pub fn bad_storage_class(span: Span, word: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            "specified storage class not appropriate in D",
            format!("`{word}` has no meaning here"),
        )
        .hint("declare it without the storage class, or as self or this")
        .tag(ErrTag::DeclBadclass)
    }

    /// `freopen(".")`, `freopen("..")`.
    pub fn freopen_invalid(span: Span, name: &str) -> Diagnostic {
        Diagnostic::new(
            span,
            format!("freopen( ) argument #1 cannot be \"{name}\""),
            "a directory",
        )
        .tag(ErrTag::FreopenInvalid)
    }
}

impl Diagnostic {
    /// Translated data (`curpsinfo`) as a key.
    pub fn translated_key(span: Span) -> Diagnostic {
        Diagnostic::new(
            span,
            "a key must be a value, not translated data",
            "translated: read a member of it",
        )
        .hint("key by one of its members, e.g. curpsinfo->pr_pid")
        .tag(ErrTag::KeyType)
    }
}
