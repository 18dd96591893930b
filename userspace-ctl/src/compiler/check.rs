//! The semantic checks: the syntax tree to the checked program
//! ([`super::ir`]). Probe descriptions are split, names and macros
//! resolved, every expression typed, actions and printf formats matched
//! against their arguments. Each problem is reported where it is and the
//! check goes on with the next statement, so one run shows them all.

mod actions;
mod addr_symbols;
mod agg_actions;
mod aggs;
mod consts;
mod decls;
mod expr;
mod inet;
mod inline_params;
mod kernel;
mod llquantize;
mod loops;
mod macros;
mod pointer_arith;
mod print;
mod scratch;
mod speculation;
mod stable;
mod stacks;
mod strtok;
mod struct_vars;
mod structs;
mod symbols;
mod tracemem;
mod tracepoint_args;
mod vars;
mod xlators;

use super::ast;
use super::btf::KernelBtf;
use super::diagnostics::Diagnostic;
use super::errtags::ErrTag;
use super::ir;
use super::probes;
use super::types;
use super::Options;
use std::rc::Rc;

/// The checked script.
pub struct Checked {
    /// The clauses without errors.
    pub clauses: Vec<ir::Clause>,
    /// Every variable, in the order each program's table lists them.
    pub vars: Vec<ir::Variable>,
    /// Every aggregation, by id.
    pub aggs: Vec<ir::Aggregation>,
}

/// Checks the declarations, then every clause in source order (so a
/// variable's first assignment fixes its type for the clauses after
/// it); clauses with errors are left out (their diagnostics are in
/// `diags`).
pub fn check(
    script: &ast::Script,
    source: &str,
    opts: &Options,
    btf: Option<Rc<KernelBtf>>,
    diags: &mut Vec<Diagnostic>,
    prelude: bool,
) -> Checked {
    let mut cx = Checker {
        source,
        opts,
        diags,
        syms: symbols::Symbols::default(),
        loops: 0,
        aggs: Vec::new(),
        spec: speculation::SpecOrder::default(),
        kernel: kernel::Kernel::read(btf),
        agg_keys: false,
        stable: None,
        bound: Vec::new(),
        xlators: xlators::Xlators::default(),
    };
    if prelude {
        cx.declare_prelude();
    }
    cx.declarations(&script.decls);
    let clauses = script.clauses.iter().flat_map(|c| cx.clause(c)).collect();
    Checked {
        clauses,
        vars: cx.syms.vars,
        aggs: cx.aggs,
    }
}

/// What the checks need along the way.
struct Checker<'a, 'd> {
    source: &'a str,
    opts: &'a Options,
    diags: &'d mut Vec<Diagnostic>,
    syms: symbols::Symbols,
    /// How many loops enclose the statement being checked.
    loops: u32,
    /// The aggregations seen so far, by id.
    aggs: Vec<ir::Aggregation>,
    /// The clause's speculation actions so far.
    spec: speculation::SpecOrder,
    /// The kernel's types this script uses.
    kernel: kernel::Kernel,
    /// Checking an aggregation's keys: the one place `stack()` is a value.
    agg_keys: bool,
    /// The stable probe (`proc:::exec`) the clause is being checked for.
    stable: Option<&'static super::stable::StableProbe>,
    /// The names a translator binds (`T`) while its member is checked.
    bound: Vec<(String, ir::Expr)>,
    /// The translators, DTrace's and the script's.
    xlators: xlators::Xlators,
}

impl Checker<'_, '_> {
    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The size of a string (`sizeof` of one).
    fn strsize(&self) -> u64 {
        match self.opts.strsize {
            0 => 256,
            n => u64::from(n),
        }
    }

    /// DTrace's predefined types, constants and translators
    /// ([`super::translators::PRELUDE`], [`super::translators::TRANSLATORS`]).
    fn declare_prelude(&mut self) {
        self.xlators.prelude = true;
        for text in [super::translators::PRELUDE, super::translators::TRANSLATORS] {
            let mut diags = Vec::new();
            let tokens = super::lexer::lex(text, &mut diags);
            let prelude = super::parser::parse(&tokens, &mut diags);
            debug_assert!(diags.is_empty(), "{diags:?}");
            self.declarations(&prelude.decls);
        }
        self.xlators.prelude = false;
    }

    /// The checked clause: one for its probes, or with stable probes
    /// among them one for each of those (and one for the others).
    fn clause(&mut self, clause: &ast::Clause) -> Vec<ir::Clause> {
        let errors = self.diags.len();
        let probes: Vec<_> = clause
            .probes
            .iter()
            .filter_map(|p| probes::resolve(p, self.opts, self.diags))
            .collect();
        if self.diags.len() != errors {
            return Vec::new();
        }
        let (stables, rest) = self.split_stable(&probes);
        if stables.is_empty() {
            return self.clause_on(clause, probes, None).into_iter().collect();
        }
        let mut out = Vec::new();
        if !rest.is_empty() {
            out.extend(self.clause_on(clause, rest, None));
        }
        for p in stables {
            let desc = super::stable::desc_of(p);
            match self.clause_on(clause, vec![desc], Some(p)) {
                Some(c) => out.push(c),
                // Its errors once, not for every probe.
                None => break,
            }
        }
        out
    }

    /// The checked predicate and actions. Like DTrace, the actions are
    /// checked first, so that a variable they declare (`i++`) may be read
    /// by the predicate (`/i % 2 == 0/`); when they read a variable that
    /// only the predicate declares, the predicate goes first.
    fn predicate_and_actions(
        &mut self,
        clause: &ast::Clause,
    ) -> (Option<ir::Expr>, Vec<ir::Action>) {
        let Some(pred) = &clause.predicate else {
            return (None, self.statements(&clause.body));
        };
        let mark = self.diags.len();
        let spec = self.spec;
        let actions = self.statements(&clause.body);
        let undefined = self.diags[mark..]
            .iter()
            .any(|d| matches!(d.tag, ErrTag::IdentUndef | ErrTag::VarUndef));
        if !undefined {
            return (self.predicate(pred), actions);
        }
        self.diags.truncate(mark);
        self.spec = spec;
        let predicate = self.predicate(pred);
        (predicate, self.statements(&clause.body))
    }

    fn clause_on(
        &mut self,
        clause: &ast::Clause,
        probes: Vec<probes::ProbeDesc>,
        stable: Option<&'static super::stable::StableProbe>,
    ) -> Option<ir::Clause> {
        let errors = self.diags.len();
        self.spec = speculation::SpecOrder::default();
        self.stable = stable;
        self.kernel_args(&probes);
        let (predicate, actions) = self.predicate_and_actions(clause);
        let condition = self.stable_condition(clause.span);
        let predicate = match (condition, predicate) {
            (Some(Some(c)), Some(p)) => Some(ir::Expr {
                span: p.span,
                ty: types::Type::INT32,
                kind: ir::ExprKind::Logical(ir::LogicOp::And, Box::new(c), Box::new(p)),
            }),
            (Some(Some(c)), None) => Some(c),
            (_, p) => p,
        };
        self.stable = None;
        (self.diags.len() == errors).then_some(ir::Clause {
            probes,
            predicate,
            actions,
            span: clause.span,
        })
    }
}
