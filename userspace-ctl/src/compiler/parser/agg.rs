//! The aggregation statement: `@name[keys] = func(args);`.

use super::super::ast::{ExprKind, Stmt, StmtKind};
use super::super::token::TokenKind;
use super::{Parsed, Parser};

impl Parser<'_, '_> {
    /// `@name[k1, k2] = func(args)` (keys optional), then `;` or `}`.
    pub(super) fn aggregate_statement(&mut self) -> Parsed<Stmt> {
        let at = self.bump();
        let TokenKind::Agg(name) = at.kind else {
            return Err(self.unexpected("an aggregation"));
        };
        let keys = if self.eat("[").is_some() {
            let mut keys = vec![self.expr()?];
            while self.eat(",").is_some() {
                keys.push(self.expr()?);
            }
            self.expect("]", "`]`")?;
            Some(keys)
        } else {
            None
        };
        let next = self.peek().clone();
        if next.kind.is("[") && keys.is_some() {
            return Err(self.report(super::Diagnostic::agg_multi_dimensional(next.span)));
        }
        if next.kind.is(";") || next.kind.is("}") {
            return Err(self.report(super::Diagnostic::agg_without_function(at.span)));
        }
        self.expect("=", "`=`")?;
        let rhs = self.expr()?;
        let ExprKind::Call(callee, args) = rhs.kind else {
            return Err(self.report(super::Diagnostic::agg_not_a_function(rhs.span)));
        };
        let ExprKind::Ident(func) = callee.kind else {
            return Err(self.report(super::Diagnostic::agg_not_a_function(callee.span)));
        };
        if self.eat(";").is_none() && !self.peek().kind.is("}") {
            return Err(self.unexpected("`;` or `}`"));
        }
        Ok(Stmt {
            kind: StmtKind::Aggregate {
                name,
                keys,
                func: (func, callee.span),
                args,
            },
            span: at.span.to(rhs.span),
        })
    }
}
