//! The names D code can use so far: builtin variables, probe arguments,
//! actions and subroutines, each with its type.

use super::ir;
use super::types::{SymbolKind, Type, UserSymbol};
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::subr::Subr;

/// What an identifier names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    /// A builtin variable, loaded with `ldb`.
    Builtin(Builtin, Type),
    /// `argN`, loaded with `ldarg`.
    Arg(u32),
}

/// D's builtin variables and their D types. (`retval` is not D: on a
/// return probe `arg1` is the return value. `tgid` is the same as `pid`.)
const BUILTINS: &[(&str, Builtin, Type)] = &[
    ("pid", Builtin::Pid, Type::INT),
    ("tid", Builtin::Tid, Type::INT),
    ("ppid", Builtin::Ppid, Type::INT),
    ("uid", Builtin::Uid, Type::UINT),
    ("gid", Builtin::Gid, Type::UINT),
    ("cpu", Builtin::Cpu, Type::INT),
    ("timestamp", Builtin::Timestamp, Type::UINT),
    ("walltimestamp", Builtin::Walltimestamp, Type::UINT),
    ("id", Builtin::Id, Type::UINT),
    ("epid", Builtin::Epid, Type::UINT),
    ("caller", Builtin::Caller, Type::UINT),
    ("curthread", Builtin::Curthread, Type::Ptr { to: None }),
    ("execname", Builtin::Execname, Type::Str),
    ("probeprov", Builtin::Probeprov, Type::Str),
    ("probemod", Builtin::Probemod, Type::Str),
    ("probefunc", Builtin::Probefunc, Type::Str),
    ("probename", Builtin::Probename, Type::Str),
    ("errno", Builtin::Errno, Type::INT32),
    ("stackdepth", Builtin::Stackdepth, Type::UINT32),
    ("vtimestamp", Builtin::Vtimestamp, Type::UINT),
    ("ustackdepth", Builtin::Ustackdepth, Type::UINT32),
    ("ucaller", Builtin::Ucaller, Type::UINT),
];

/// The integer constants D predefines: DTrace's fault codes (ERROR's
/// `arg4`) and `NULL`.
pub const CONSTANTS: &[(&str, i64)] = &[
    ("NULL", 0),
    ("DTRACEFLT_UNKNOWN", 0),
    ("DTRACEFLT_BADADDR", 1),
    ("DTRACEFLT_BADALIGN", 2),
    ("DTRACEFLT_ILLOP", 3),
    ("DTRACEFLT_DIVZERO", 4),
    ("DTRACEFLT_NOSCRATCH", 5),
    ("DTRACEFLT_KPRIV", 6),
    ("DTRACEFLT_UPRIV", 7),
    ("DTRACEFLT_TUPOFLOW", 8),
    ("DTRACEFLT_BADSTACK", 9),
    // uregs[]'s registers as DTrace numbers them on x86-64: struct
    // pt_regs's words, the segment registers and trap number after them,
    // and the i386 and generic names of the same words.
    ("R_R15", 0),
    ("R_R14", 1),
    ("R_R13", 2),
    ("R_R12", 3),
    ("R_RBP", 4),
    ("R_RBX", 5),
    ("R_R11", 6),
    ("R_R10", 7),
    ("R_R9", 8),
    ("R_R8", 9),
    ("R_RAX", 10),
    ("R_RCX", 11),
    ("R_RDX", 12),
    ("R_RSI", 13),
    ("R_RDI", 14),
    ("R_ERR", 15),
    ("R_RIP", 16),
    ("R_CS", 17),
    ("R_RFL", 18),
    ("R_RSP", 19),
    ("R_SS", 20),
    ("R_DS", 21),
    ("R_ES", 22),
    ("R_FS", 23),
    ("R_GS", 24),
    ("R_TRAPNO", 25),
    ("R_EAX", 10),
    ("R_EBX", 5),
    ("R_ECX", 11),
    ("R_EDX", 12),
    ("R_ESI", 13),
    ("R_EDI", 14),
    ("R_EBP", 4),
    ("R_ESP", 19),
    ("R_EIP", 16),
    ("R_EFL", 18),
    ("R_PC", 16),
    ("R_SP", 19),
    ("R_FP", 4),
    ("R_PS", 18),
    ("R_R0", 10),
    ("R_R1", 5),
];

/// `arg0` .. `arg9`, as in DTrace.
const ARGS: &[&str] = &[
    "arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "arg7", "arg8", "arg9",
];

/// The type of `argN` and `args[N]`: DTrace's `int64_t`.
pub const ARG_TYPE: Type = Type::INT;

/// What `name` names, if anything.
pub fn lookup(name: &str) -> Option<Name> {
    if let Some(&(_, b, ty)) = BUILTINS.iter().find(|(n, _, _)| *n == name) {
        return Some(Name::Builtin(b, ty));
    }
    ARGS.iter()
        .position(|a| *a == name)
        .map(|i| Name::Arg(i as u32))
}

/// Every variable name, for suggestions.
pub fn variable_names() -> impl Iterator<Item = &'static str> {
    BUILTINS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(ARGS.iter().copied())
        .chain(["args"])
}

/// An action: a statement that records something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionName {
    /// `trace(e)`.
    Trace,
    /// `tracemem(addr, size[, dsize])`.
    Tracemem,
    /// `print(p)`: what `p` points to, by its type.
    Print,
    /// `printf(fmt, ...)`.
    Printf,
    /// `exit(n)`.
    Exit,
    /// `stack()`, `stack(n)`: the kernel stack (also a value, as a key).
    Stack,
    /// `ustack()` and `jstack()`: a user stack.
    Ustack,
    /// `func(pc)`, `sym(pc)`, `mod(pc)`: a kernel address shown by symbol.
    Symbol(SymbolKind),
    /// `usym(a)`, `ufunc(a)`, `umod(a)`, `uaddr(a)`: a user address shown
    /// by symbol.
    UserSymbol(UserSymbol),
    /// `ftruncate()`: the consumer empties its output file.
    Ftruncate,
    /// A destructive action: `system`, `freopen`, `raise`, `stop`, `chill`,
    /// `panic`, `breakpoint`.
    Destructive(Destructive),
    /// `speculate(id)`, `commit(id)`, `discard(id)`.
    Spec(ir::SpecOp),
    /// An action on whole aggregations.
    Agg(AggActionName),
}

/// The actions that name aggregations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggActionName {
    /// `printa([fmt,] @a...)`.
    Printa,
    /// `clear(@a)`.
    Clear,
    /// `trunc(@a[, n])`.
    Trunc,
    /// `normalize(@a, n)`.
    Normalize,
    /// `denormalize(@a)`.
    Denormalize,
    /// `setopt(name[, value])`: carried out by the consumer too.
    Setopt,
}

/// DTrace's destructive actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destructive {
    /// `system(fmt, ...)`: the consumer runs the formatted command.
    System,
    /// `freopen(fmt, ...)`: the consumer sends its output to the
    /// formatted path (`""`: back to the original).
    Freopen,
    /// `raise(sig)`.
    Raise,
    /// `stop()`.
    Stop,
    /// `chill(ns)`.
    Chill,
    /// `panic()`.
    Panic,
    /// `breakpoint()`.
    Breakpoint,
}

/// What a called name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    /// An action.
    Action(ActionName),
    /// A subroutine, computing a value.
    Subr(Subr),
}

const ACTIONS: &[(&str, ActionName)] = &[
    ("trace", ActionName::Trace),
    ("tracemem", ActionName::Tracemem),
    ("print", ActionName::Print),
    ("printf", ActionName::Printf),
    ("exit", ActionName::Exit),
    ("ftruncate", ActionName::Ftruncate),
    ("speculate", ActionName::Spec(ir::SpecOp::Speculate)),
    ("commit", ActionName::Spec(ir::SpecOp::Commit)),
    ("discard", ActionName::Spec(ir::SpecOp::Discard)),
    ("stack", ActionName::Stack),
    ("ustack", ActionName::Ustack),
    ("jstack", ActionName::Ustack),
    ("func", ActionName::Symbol(SymbolKind::Function)),
    ("sym", ActionName::Symbol(SymbolKind::Function)),
    ("mod", ActionName::Symbol(SymbolKind::Module)),
    ("usym", ActionName::UserSymbol(UserSymbol::Function)),
    ("ufunc", ActionName::UserSymbol(UserSymbol::Function)),
    ("umod", ActionName::UserSymbol(UserSymbol::Module)),
    ("uaddr", ActionName::UserSymbol(UserSymbol::Address)),
    ("printa", ActionName::Agg(AggActionName::Printa)),
    ("clear", ActionName::Agg(AggActionName::Clear)),
    ("trunc", ActionName::Agg(AggActionName::Trunc)),
    ("normalize", ActionName::Agg(AggActionName::Normalize)),
    ("denormalize", ActionName::Agg(AggActionName::Denormalize)),
    ("setopt", ActionName::Agg(AggActionName::Setopt)),
    ("system", ActionName::Destructive(Destructive::System)),
    ("freopen", ActionName::Destructive(Destructive::Freopen)),
    ("raise", ActionName::Destructive(Destructive::Raise)),
    ("stop", ActionName::Destructive(Destructive::Stop)),
    ("chill", ActionName::Destructive(Destructive::Chill)),
    ("panic", ActionName::Destructive(Destructive::Panic)),
    (
        "breakpoint",
        ActionName::Destructive(Destructive::Breakpoint),
    ),
];

/// The DIF subroutines D code may call, under their D names. (D's
/// `strchr` and `strrchr` return the rest of the string: DIF's
/// `strchrs`/`strrchrs`; `hton*` are `ntoh*`, the same byte swap.)
const SUBRS: &[(&str, Subr)] = &[
    ("strlen", Subr::Strlen),
    ("strjoin", Subr::Strjoin),
    ("substr", Subr::Substr),
    ("copyinstr", Subr::Copyinstr),
    ("stringof", Subr::Stringof),
    ("ntohs", Subr::Ntohs),
    ("ntohl", Subr::Ntohl),
    ("ntohll", Subr::Ntohll),
    ("htons", Subr::Ntohs),
    ("htonl", Subr::Ntohl),
    ("htonll", Subr::Ntohll),
    ("rand", Subr::Rand),
    ("index", Subr::Index),
    ("rindex", Subr::Rindex),
    ("toupper", Subr::Toupper),
    ("tolower", Subr::Tolower),
    ("lltostr", Subr::Lltostr),
    ("strtoll", Subr::Strtoll),
    ("basename", Subr::Basename),
    ("dirname", Subr::Dirname),
    ("strstr", Subr::Strstr),
    ("strchr", Subr::StrchrStr),
    ("strrchr", Subr::StrrchrStr),
    ("speculation", Subr::Speculation),
    ("cleanpath", Subr::Cleanpath),
    ("getmajor", Subr::Getmajor),
    ("getminor", Subr::Getminor),
    ("mutex_owned", Subr::MutexOwned),
    ("mutex_owner", Subr::MutexOwner),
    ("mutex_type_adaptive", Subr::MutexTypeAdaptive),
    ("mutex_type_spin", Subr::MutexTypeSpin),
    ("progenyof", Subr::Progenyof),
    ("d_path", Subr::DPath),
];

/// The function `name` calls, if any.
pub fn function(name: &str) -> Option<Function> {
    if let Some(&(_, a)) = ACTIONS.iter().find(|(n, _)| *n == name) {
        return Some(Function::Action(a));
    }
    SUBRS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, s)| Function::Subr(s))
}

/// Every function name, for suggestions.
pub fn function_names() -> impl Iterator<Item = &'static str> {
    ACTIONS
        .iter()
        .map(|(n, _)| *n)
        .chain(SUBRS.iter().map(|(n, _)| *n))
}
