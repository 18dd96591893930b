//! The semantic checks: the syntax tree to the checked program
//! ([`super::ir`]). Probe descriptions are split, names and macros
//! resolved, every expression typed, actions and printf formats matched
//! against their arguments. Each problem is reported where it is and the
//! check goes on with the next statement, so one run shows them all.

mod actions;
mod consts;
mod expr;
mod macros;

use super::ast;
use super::diagnostics::Diagnostic;
use super::ir;
use super::probes;
use super::Options;

/// Checks every clause; clauses with errors are left out (their
/// diagnostics are in `diags`).
pub fn check(
    script: &ast::Script,
    source: &str,
    opts: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ir::Clause> {
    let mut cx = Checker {
        source,
        opts,
        diags,
    };
    script.clauses.iter().filter_map(|c| cx.clause(c)).collect()
}

/// What the checks need along the way.
struct Checker<'a, 'd> {
    source: &'a str,
    opts: &'a Options,
    diags: &'d mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn clause(&mut self, clause: &ast::Clause) -> Option<ir::Clause> {
        let errors = self.diags.len();
        let probes: Vec<_> = clause
            .probes
            .iter()
            .filter_map(|p| probes::resolve(p, self.opts, self.diags))
            .collect();
        let predicate = clause.predicate.as_ref().and_then(|p| self.predicate(p));
        let actions: Vec<_> = clause
            .body
            .iter()
            .filter_map(|s| self.statement(s))
            .collect();
        (self.diags.len() == errors).then_some(ir::Clause {
            probes,
            predicate,
            actions,
            span: clause.span,
        })
    }
}
