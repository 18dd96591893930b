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
mod kernel;
mod llquantize;
mod loops;
mod macros;
mod pointer_arith;
mod speculation;
mod stacks;
mod structs;
mod symbols;
mod tracepoint_args;
mod vars;

use super::ast;
use super::diagnostics::Diagnostic;
use super::ir;
use super::probes;
use super::Options;

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
    diags: &mut Vec<Diagnostic>,
) -> Checked {
    let mut cx = Checker {
        source,
        opts,
        diags,
        syms: symbols::Symbols::default(),
        loops: 0,
        aggs: Vec::new(),
        spec: speculation::SpecOrder::default(),
        kernel: kernel::Kernel::default(),
        agg_keys: false,
    };
    cx.declarations(&script.decls);
    let clauses = script.clauses.iter().filter_map(|c| cx.clause(c)).collect();
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

    fn clause(&mut self, clause: &ast::Clause) -> Option<ir::Clause> {
        let errors = self.diags.len();
        self.spec = speculation::SpecOrder::default();
        let probes: Vec<_> = clause
            .probes
            .iter()
            .filter_map(|p| probes::resolve(p, self.opts, self.diags))
            .collect();
        self.kernel_args(&probes);
        let predicate = clause.predicate.as_ref().and_then(|p| self.predicate(p));
        let actions = self.statements(&clause.body);
        (self.diags.len() == errors).then_some(ir::Clause {
            probes,
            predicate,
            actions,
            span: clause.span,
        })
    }
}
