//! The D compiler: a script to DIF programs, one enabling per clause.
//!
//! [`compile`] runs the passes in order; each lives in its own module and
//! reports problems into one list of [`Diagnostic`]s instead of stopping at
//! the first.

mod asm_text;
mod assemble;
pub mod ast;
pub mod btf;
mod check;
mod codegen;
pub mod diagnostics;
pub mod errtags;
mod escapes;
pub mod ir;
mod kernel_typedefs;
mod ksyms;
pub mod lexer;
mod macro_refs;
mod names;
pub mod parser;
pub mod pragma;
pub mod print_type;
pub mod printf_format;
pub mod probes;
mod regs;
pub mod span;
pub mod stable;
pub(crate) mod suggest;
pub mod token;
pub mod trace_width;
pub mod tracemem_format;
pub mod translators;
pub mod types;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use printf_format::Format;
pub use probes::{kprobe_spelling, tracepoint_spelling, ProbeDesc};
pub use rdtrace_uapi::dif::Ty;
pub use span::Span;

/// What the script is compiled against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The target process id (`-c`, `-p`): the value of `$target`.
    pub target: Option<u64>,
    /// The macro arguments: `$1` is `args[0]`.
    pub args: Vec<String>,
    /// `$0`: the script's file as given to `-s`, else the command's name.
    pub program: String,
    /// Most iterations of a loop whose bound the compiler cannot prove
    /// (`-x maxloop`); 0 for [`DEFAULT_MAXLOOP`].
    pub maxloop: u32,
    /// `destructive` (`-w`): destructive actions are allowed.
    pub destructive: bool,
    /// `defaultargs`: a macro argument not given is 0 (or "" as `$$N`).
    pub defaultargs: bool,
    /// `argref`: the last macro argument need not be referred to.
    pub argref: bool,
    /// `zdefs` (`-Z`): descriptions may match no probe.
    pub zdefs: bool,
    /// `empty`: a script with no clauses and no declarations compiles.
    pub empty: bool,
    /// `strsize`: the largest string in bytes; 0 for the default (256).
    pub strsize: u32,
    /// The BTF file kernel types come from ([`btf::default_path`]);
    /// none: the script has D's own types only.
    pub btf: Option<std::path::PathBuf>,
    /// `stackframes`: `stack()`'s frames; 0 for the default (20).
    pub stackframes: u32,
    /// `ustackframes`: `ustack()`'s frames; 0 for the default (100).
    pub ustackframes: u32,
    /// `scratchsize`: the most one `alloca()` may take (0: unset).
    pub scratchsize: u64,
    /// `rawbytes`: `trace()` of a struct shows its bytes raw, never as a
    /// string.
    pub rawbytes: bool,
}

/// The default `maxloop`.
pub const DEFAULT_MAXLOOP: u32 = 1024;

/// A compiled script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// One per clause, in source order.
    pub clauses: Vec<Clause>,
    /// The script's variables: every program's variable table.
    pub vars: Vec<ir::Variable>,
    /// The script's aggregations, by id (what the consumer prints).
    pub aggs: Vec<ir::Aggregation>,
    /// The script's pragmas (options, dependencies), in source order.
    pub pragmas: Vec<pragma::Pragma>,
}

/// One compiled clause: an enabling for each probe it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The probe descriptions; fields may hold globs; empty matches any.
    pub probes: Vec<ProbeDesc>,
    /// Returns nonzero when the clause should fire; none: always.
    pub predicate: Option<Program>,
    /// Performs the actions through DIF's action instructions; returns 0.
    pub actions: Program,
    /// The printf formats of the actions program, each with the format id
    /// its `printf` instruction carries (see [`PrintfFormat`]).
    pub formats: Vec<PrintfFormat>,
    /// What one firing records, in order: the record layout.
    pub records: Vec<RecordItem>,
    /// Whether a firing shows (not quiet: its probe's line) even with
    /// nothing recorded. As in Oracle's DTrace, a clause whose statements
    /// record nothing (assignments, aggregations, `commit()`) shows
    /// nothing; an empty clause shows its firing (the default action).
    pub shows_firing: bool,
    /// The aggregation actions, by the format id their record carries.
    pub agg_actions: Vec<(u32, ir::AggAction)>,
    /// The clause in the source.
    pub span: Span,
}

impl Clause {
    /// The format with id `fmt_id`.
    pub fn format(&self, fmt_id: u32) -> Option<&PrintfFormat> {
        self.formats.iter().find(|f| f.fmt_id == fmt_id)
    }
}

/// One printf format of a clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintfFormat {
    /// The format's id: its offset in the actions program's string table.
    /// The interpreter passes it to `Env::printf` as `fmt_id` (with the
    /// format's bytes), so a record can carry this number and the
    /// consumer find the format again.
    pub fmt_id: u32,
    /// The parsed format; [`Format::arg_types`] is the argument layout.
    pub format: Format,
    /// A `system()` or `freopen()` command, carried out by the consumer,
    /// rather than output.
    pub command: Option<ir::Command>,
}

/// One thing a firing records, in program order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordItem {
    /// `trace(v)`: one value of this type.
    Trace(Ty),
    /// `printf`: the format `fmt_id` and its arguments.
    Printf {
        /// The format id.
        fmt_id: u32,
        /// The argument types, in order.
        args: Vec<Ty>,
    },
    /// `exit(n)`: the exit status.
    Exit,
    /// `stack(n)`: at most `n` kernel frames.
    Stack(u32),
    /// `ustack(n)`: the process ID and at most `n` user frames.
    Ustack(u32),
}

/// One DIF program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// Its assembly text (what `--emit=bytecode` prints).
    pub asm: String,
    /// The assembled blob, verified on the host.
    pub blob: Vec<u8>,
    /// The verifier's worst-case instruction count.
    pub cost: u64,
    /// The source of each instruction, by index: where a fault points.
    pub spans: Vec<Span>,
}

/// Compiles a D script. `file_name` names the source in diagnostics.
pub fn compile(source: &str, file_name: &str, opts: &Options) -> Result<Compiled, Diagnostics> {
    let fail = |diags| Diagnostics::new(diags, file_name, source);
    let mut diags = Vec::new();
    // 0. Control lines: `#pragma D option` and the like are read and
    //    blanked in place, so later spans still point into `source`; the
    //    compiler's own options among them apply from here on.
    let blanked = pragma::extract(source, &mut diags);
    let source = blanked.text.as_str();
    let opts = &opts.with_pragmas(&blanked.pragmas);
    // 1. Lex. Context-sensitive, as D is: probe descriptions are single
    //    tokens where a clause may start, and the lexer tells a
    //    predicate's closing `/` from division.
    let tokens = lexer::lex(source, &mut diags);
    // 2. Parse into the syntax tree. Runs even after lexical errors: the
    //    lexer left a placeholder token for each, so the parser sees the
    //    shape of the script and reports its own problems as well.
    let kernel_types = kernel_typedefs::named_in(&tokens, opts.btf.as_deref());
    let script = parser::parse_with_types(&tokens, &kernel_types.names, &mut diags);
    let given = opts.args.len();
    if given > 0 && !opts.argref && !macro_refs::refers_to(&tokens, given) {
        diags.push(Diagnostic::unused_macro_arg(
            Span::new(source.len(), source.len()),
            given,
            &opts.args[given - 1],
        ));
    }
    if diags.is_empty() && script.clauses.is_empty() && script.decls.is_empty() && !opts.empty {
        diags.push(Diagnostic::empty_program(Span::new(
            source.len(),
            source.len(),
        )));
    }
    // 3. Check: split probe descriptions, resolve names and macros, type
    //    every expression, match printf formats to arguments. It sees
    //    only what parsed, so a syntax error does not cascade into
    //    checker errors, and every clause is checked to report all at
    //    once.
    //    DTrace's prelude (`SIGKILL`, `psinfo_t`, its translators) is
    //    declared first only for a script that can refer to it; a check
    //    that fails without it is run again with it, so that every error
    //    and hint is as it would be.
    let prelude = uses_prelude(&tokens, &script, opts);
    let before = diags.len();
    let btf = kernel_types.btf;
    let mut checked = check::check(&script, source, opts, btf.clone(), &mut diags, prelude);
    if !prelude && diags.len() > before {
        diags.truncate(before);
        checked = check::check(&script, source, opts, btf, &mut diags, true);
    }
    // 4. Stop here on any error: code generation assumes a program that
    //    is well formed and well typed throughout.
    if !diags.is_empty() {
        return Err(fail(diags));
    }
    // 5. Generate assembly per clause, then 6. assemble and verify it
    //    with the kernel's own verifier, so no program the kernel would
    //    refuse ever leaves the compiler.
    //    Every program declares every clause's spill slots after the
    //    script's variables, so all of them have one variable table.
    let mut generated = Vec::new();
    for (i, c) in checked.clauses.iter().enumerate() {
        match codegen::generate(c, i, &checked.vars, &checked.aggs) {
            Ok(g) => generated.push((c, g)),
            Err(d) => diags.push(d),
        }
    }
    let spills: std::collections::BTreeSet<_> = generated
        .iter()
        .flat_map(|(_, g)| g.spills.iter().copied())
        .collect();
    let mut clauses = Vec::new();
    for (c, g) in generated {
        match lower(c, g, &spills) {
            Ok(clause) => clauses.push(clause),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(fail(diags));
    }
    Ok(Compiled {
        clauses,
        vars: checked.vars,
        aggs: checked.aggs,
        pragmas: blanked.pragmas,
    })
}

/// Whether a script can refer to what DTrace's prelude declares: it
/// names one of its types, constants or translated builtins
/// ([`translators::names_prelude`]), or a clause may fire on a stable
/// probe (whose arguments are its translated types).
fn uses_prelude(tokens: &[token::Token], script: &ast::Script, opts: &Options) -> bool {
    let named = tokens.iter().any(|t| match &t.kind {
        token::TokenKind::Ident(w) => translators::names_prelude(w),
        _ => false,
    });
    named
        || script.clauses.iter().flat_map(|c| &c.probes).any(|p| {
            probes::resolve(p, opts, &mut Vec::new())
                .is_some_and(|d| !stable::matching(&d).is_empty())
        })
}

/// Step 6 for one clause: its programs, with the script's spill slots
/// declared, assembled and verified.
fn lower(
    c: &ir::Clause,
    generated: codegen::Generated,
    spills: &std::collections::BTreeSet<codegen::spill::Slot>,
) -> Result<Clause, Diagnostic> {
    let finish = |mut asm: asm_text::AsmText| {
        codegen::spill::declare(&mut asm, spills);
        let text = asm.finish();
        assemble::assemble(text.asm, text.spans, c.span)
    };
    let predicate = match generated.predicate {
        Some(asm) => Some(finish(asm)?),
        None => None,
    };
    let actions = finish(generated.actions)?;
    let mut formats = Vec::new();
    for (fmt_id, format, command) in generated.formats {
        if formats.iter().any(|f: &PrintfFormat| f.fmt_id == fmt_id) {
            continue;
        }
        let key = codegen::actions::command_key(command, &format);
        assemble::check_string(&actions, fmt_id, &key, c.span)?;
        formats.push(PrintfFormat {
            fmt_id,
            format,
            command,
        });
    }
    let mut records = Vec::new();
    record_items(&c.actions, &formats, &mut records);
    Ok(Clause {
        probes: c.probes.clone(),
        predicate,
        actions,
        formats,
        records,
        shows_firing: c.actions.is_empty() || c.actions.iter().any(records_data),
        agg_actions: generated.agg_actions,
        span: c.span,
    })
}

/// Whether an action is (or holds) one that records data.
fn records_data(a: &ir::Action) -> bool {
    match &a.kind {
        ir::ActionKind::Eval(_)
        | ir::ActionKind::Aggregate { .. }
        | ir::ActionKind::Spec(ir::SpecOp::Commit | ir::SpecOp::Discard, _)
        | ir::ActionKind::Break
        | ir::ActionKind::Continue => false,
        ir::ActionKind::If(_, then, otherwise) => then.iter().chain(otherwise).any(records_data),
        ir::ActionKind::Loop { body, .. } => body.iter().any(records_data),
        ir::ActionKind::Trace(_)
        | ir::ActionKind::Printf(..)
        | ir::ActionKind::Exit(_)
        | ir::ActionKind::Command(..)
        | ir::ActionKind::Stack(_)
        | ir::ActionKind::Ustack(_)
        | ir::ActionKind::Tracemem { .. }
        | ir::ActionKind::Print { .. }
        | ir::ActionKind::AggAction(..)
        | ir::ActionKind::Spec(ir::SpecOp::Speculate, _) => true,
    }
}

/// What the actions may record, in program order (an `if`'s branches
/// each add theirs; a firing records those of the branch it takes).
fn record_items(actions: &[ir::Action], formats: &[PrintfFormat], out: &mut Vec<RecordItem>) {
    for a in actions {
        out.push(match &a.kind {
            ir::ActionKind::Trace(e) => RecordItem::Trace(e.ty.dif()),
            ir::ActionKind::Exit(_) => RecordItem::Exit,
            ir::ActionKind::Stack(n) => RecordItem::Stack(*n),
            ir::ActionKind::Ustack(n) => RecordItem::Ustack(*n),
            ir::ActionKind::Tracemem { dynamic, .. } => RecordItem::Printf {
                fmt_id: 0,
                args: match dynamic {
                    Some(_) => vec![Ty::Str, Ty::Int],
                    None => vec![Ty::Str],
                },
            },
            ir::ActionKind::Print { .. } => RecordItem::Printf {
                fmt_id: 0,
                args: vec![Ty::Int, Ty::Str],
            },
            ir::ActionKind::Printf(f, _) => {
                for piece in f.chunks(rdtrace_uapi::dif::limits::MAX_TUPLE) {
                    out.push(RecordItem::Printf {
                        fmt_id: formats
                            .iter()
                            .find(|p| p.command.is_none() && p.format.text == piece.text)
                            .map_or(0, |p| p.fmt_id),
                        args: piece.arg_types(),
                    });
                }
                continue;
            }
            ir::ActionKind::Command(..)
            | ir::ActionKind::Spec(..)
            | ir::ActionKind::AggAction(..)
            | ir::ActionKind::Aggregate { .. }
            | ir::ActionKind::Eval(_)
            | ir::ActionKind::Break
            | ir::ActionKind::Continue => continue,
            ir::ActionKind::Loop { body, .. } => {
                record_items(body, formats, out);
                continue;
            }
            ir::ActionKind::If(_, then, otherwise) => {
                record_items(then, formats, out);
                record_items(otherwise, formats, out);
                continue;
            }
        });
    }
}
