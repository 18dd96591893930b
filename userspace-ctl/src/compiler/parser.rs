//! The parser: tokens to the syntax tree ([`super::ast`]).
//!
//! Recursive descent for clauses and statements, precedence climbing for
//! expressions (`parser/expr.rs`). An error is reported once and the
//! parser resynchronises (at the next `;` or `}` inside a body, at the next
//! probe description between clauses), so one run reports every broken
//! statement rather than the first.

mod agg;
mod decl;
mod expr;
mod extern_decl;
mod proto;
mod translator;

use super::ast::{Clause, Expr, ProbeSpec, Script, Stmt, StmtKind};
use super::diagnostics::Diagnostic;
use super::span::Span;
use super::token::{Token, TokenKind};
use std::collections::HashSet;

/// Parses a whole script. Broken pieces are left out of the result; their
/// diagnostics are in `diags`.
pub fn parse(tokens: &[Token], diags: &mut Vec<Diagnostic>) -> Script {
    parse_with_types(tokens, &HashSet::new(), diags)
}

/// [`parse`], with `kernel_types` type names too (the kernel's typedefs
/// the script casts to: [`super::kernel_typedefs`]).
pub fn parse_with_types(
    tokens: &[Token],
    kernel_types: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Script {
    let eof = Token {
        kind: TokenKind::Eof,
        span: tokens.last().map_or(Span::default(), |t| t.span),
    };
    let mut p = Parser {
        tokens,
        eof,
        pos: 0,
        diags,
        typedefs: super::translators::TYPEDEFS
            .iter()
            .map(|t| t.to_string())
            .chain(kernel_types.iter().cloned())
            .collect(),
        depth: 0,
        operators: 0,
        anonymous: 0,
    };
    let mut clauses = Vec::new();
    let mut decls = Vec::new();
    while p.peek().kind != TokenKind::Eof {
        // The lexer makes identifiers, not probe descriptions, of a
        // declaration where a clause could start.
        if matches!(p.peek().kind, TokenKind::Ident(_)) {
            match p.declaration() {
                Ok(d) => decls.extend(d),
                Err(Reported) => p.skip_statement_at_top(),
            }
            continue;
        }
        match p.clause() {
            Ok(c) => clauses.push(c),
            Err(Reported) => p.skip_to_next_clause(),
        }
    }
    Script { clauses, decls }
}

/// Deepest nesting of expressions and statements the parser follows: the
/// recursion stays far from the stack's end on any input.
pub const MAX_NESTING: u32 = 256;

/// A diagnostic for this failure is already in the list.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reported;

/// A parse step's result.
pub(super) type Parsed<T> = Result<T, Reported>;

pub(super) struct Parser<'t, 'd> {
    tokens: &'t [Token],
    eof: Token,
    pos: usize,
    diags: &'d mut Vec<Diagnostic>,
    /// Names declared by `typedef`, which start casts and declarations.
    typedefs: HashSet<String>,
    /// How many anonymous structs and unions so far: each gets a tag no
    /// script can write.
    anonymous: u32,
    /// How deep the recursion is, bounded by [`MAX_NESTING`].
    depth: u32,
    /// Operators in the current statement, bounded by
    /// [`expr::MAX_OPERATORS`].
    operators: u32,
}

impl Parser<'_, '_> {
    /// Enters one level of nesting, or reports that the input nests too
    /// deeply; pair with [`Parser::leave`].
    pub(super) fn enter(&mut self) -> Parsed<()> {
        if self.depth >= MAX_NESTING {
            let span = self.peek().span;
            return Err(self.report(Diagnostic::nesting_too_deep(span, MAX_NESTING)));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves a level entered with [`Parser::enter`].
    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(super) fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.eof)
    }

    pub(super) fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    /// Consumes the punctuation `p` if it is next.
    pub(super) fn eat(&mut self, p: &str) -> Option<Span> {
        if self.peek().kind.is(p) {
            Some(self.bump().span)
        } else {
            None
        }
    }

    /// Consumes `p` or reports what was found instead.
    pub(super) fn expect(&mut self, p: &str, expected: &str) -> Parsed<Span> {
        match self.eat(p) {
            Some(span) => Ok(span),
            None => Err(self.unexpected(expected)),
        }
    }

    /// Reports the next token as unexpected.
    pub(super) fn unexpected(&mut self, expected: &str) -> Reported {
        let t = self.peek();
        let d = Diagnostic::unexpected_token(t.span, &t.kind.describe(), expected);
        self.report(d)
    }

    pub(super) fn report(&mut self, d: Diagnostic) -> Reported {
        self.diags.push(d);
        Reported
    }

    /// `probes [/pred/] [{ body }]`.
    fn clause(&mut self) -> Parsed<Clause> {
        let mut probes = Vec::new();
        loop {
            let t = self.peek().clone();
            let TokenKind::ProbeDesc(text) = t.kind else {
                let d = Diagnostic::expected_probe(t.span, &t.kind.describe());
                return Err(self.report(d));
            };
            self.bump();
            probes.push(ProbeSpec { text, span: t.span });
            if self.eat(",").is_none() {
                break;
            }
        }
        let start = probes.first().map_or(Span::default(), |p| p.span);
        let mut end = probes.last().map_or(start, |p| p.span);
        let predicate = if self.peek().kind == TokenKind::PredicateOpen {
            let open = self.bump().span;
            self.operators = 0;
            let e = self.expr()?;
            if self.peek().kind != TokenKind::PredicateClose {
                let d = Diagnostic::unclosed_predicate(self.peek().span, open);
                self.report(d);
                if !self.peek().kind.is("{") {
                    return Err(Reported);
                }
            } else {
                end = self.bump().span;
            }
            Some(e)
        } else {
            None
        };
        let mut body = Vec::new();
        if let Some(open) = self.eat("{") {
            let close = self.body(open, &mut body);
            end = close;
        }
        Ok(Clause {
            probes,
            predicate,
            body,
            span: start.to(end),
        })
    }

    /// Statements up to the closing brace; returns its span.
    fn body(&mut self, open: Span, out: &mut Vec<Stmt>) -> Span {
        loop {
            let t = self.peek().clone();
            match &t.kind {
                TokenKind::Eof => {
                    self.report(Diagnostic::unclosed_body(t.span, open));
                    return t.span;
                }
                TokenKind::Punct("}") => return self.bump().span,
                TokenKind::Punct(";") => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            match self.statement() {
                Ok(s) => out.extend(s),
                Err(Reported) => self.skip_statement(),
            }
        }
    }

    /// One statement and its `;` (optional before `}`): more than one
    /// for expressions joined by C's comma operator (`a = 1, b = 2;`),
    /// each its own statement, in order.
    fn statement(&mut self) -> Parsed<Vec<Stmt>> {
        self.enter()?;
        let s = self.statement_inner();
        self.leave();
        s
    }

    fn statement_inner(&mut self) -> Parsed<Vec<Stmt>> {
        self.operators = 0;
        if let TokenKind::Ident(w) = &self.peek().kind {
            match w.as_str() {
                "if" => return self.if_statement().map(|s| vec![s]),
                "for" => return self.for_statement().map(|s| vec![s]),
                "while" => return self.while_statement().map(|s| vec![s]),
                "break" | "continue" => {
                    let t = self.bump();
                    let kind = if t.kind == TokenKind::Ident("break".into()) {
                        StmtKind::Break
                    } else {
                        StmtKind::Continue
                    };
                    if self.eat(";").is_none() && !self.peek().kind.is("}") {
                        return Err(self.unexpected("`;`"));
                    }
                    return Ok(vec![Stmt { kind, span: t.span }]);
                }
                _ => {}
            }
        }
        if let TokenKind::Agg(_) = &self.peek().kind {
            return self.aggregate_statement().map(|s| vec![s]);
        }
        let mut stmts = Vec::new();
        loop {
            let e: Expr = self.expr()?;
            let span = e.span;
            stmts.push(Stmt {
                kind: StmtKind::Expr(e),
                span,
            });
            if self.eat(",").is_none() {
                break;
            }
        }
        if self.eat(";").is_none() && !self.peek().kind.is("}") {
            return Err(self.unexpected("`;` or `}`"));
        }
        Ok(stmts)
    }

    /// `if (cond) stmt-or-block [else stmt-or-block]`.
    fn if_statement(&mut self) -> Parsed<Stmt> {
        let start = self.bump().span;
        self.expect("(", "`(` after `if`")?;
        let cond = self.expr()?;
        self.expect(")", "`)` closing the condition")?;
        let (then, mut end) = self.branch_body()?;
        let mut otherwise = Vec::new();
        if matches!(&self.peek().kind, TokenKind::Ident(w) if w == "else") {
            self.bump();
            let (stmts, e) = self.branch_body()?;
            otherwise = stmts;
            end = e;
        }
        Ok(Stmt {
            kind: StmtKind::If(cond, then, otherwise),
            span: start.to(end),
        })
    }

    /// `for ([init]; [cond]; [step]) body`.
    fn for_statement(&mut self) -> Parsed<Stmt> {
        let start = self.bump().span;
        self.expect("(", "`(` after `for`")?;
        let part = |p: &mut Self, end: &str| -> Parsed<Option<Expr>> {
            if p.eat(end).is_some() {
                return Ok(None);
            }
            let e = p.expr()?;
            p.expect(end, if end == ";" { "`;`" } else { "`)`" })?;
            Ok(Some(e))
        };
        let init = part(self, ";")?;
        let cond = part(self, ";")?;
        let step = part(self, ")")?;
        let (body, end) = self.branch_body()?;
        Ok(Stmt {
            kind: StmtKind::Loop {
                init,
                cond,
                step,
                body,
            },
            span: start.to(end),
        })
    }

    /// `while (cond) body`.
    fn while_statement(&mut self) -> Parsed<Stmt> {
        let start = self.bump().span;
        self.expect("(", "`(` after `while`")?;
        let cond = self.expr()?;
        self.expect(")", "`)` closing the condition")?;
        let (body, end) = self.branch_body()?;
        Ok(Stmt {
            kind: StmtKind::Loop {
                init: None,
                cond: Some(cond),
                step: None,
                body,
            },
            span: start.to(end),
        })
    }

    /// A braced block or one statement, as the body of `if` or `else`.
    fn branch_body(&mut self) -> Parsed<(Vec<Stmt>, Span)> {
        if let Some(open) = self.eat("{") {
            let mut body = Vec::new();
            let close = self.body(open, &mut body);
            return Ok((body, close));
        }
        let s = self.statement()?;
        let span = s.last().map_or(Span::new(0, 0), |s| s.span);
        Ok((s, span))
    }

    /// Skips a broken top-level declaration through its `;`.
    fn skip_statement_at_top(&mut self) {
        loop {
            match &self.peek().kind {
                TokenKind::Eof | TokenKind::ProbeDesc(_) => return,
                TokenKind::Punct(";") => {
                    self.bump();
                    return;
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips to just after the next `;`, or to the `}` closing the body.
    fn skip_statement(&mut self) {
        let mut depth = 0u32;
        loop {
            match &self.peek().kind {
                TokenKind::Eof | TokenKind::ProbeDesc(_) => return,
                TokenKind::Punct(";") if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct("}") if depth == 0 => return,
                TokenKind::Punct("{") => depth += 1,
                TokenKind::Punct("}") => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips to the next probe description (the lexer only makes those
    /// where a clause may start).
    fn skip_to_next_clause(&mut self) {
        self.bump();
        while !matches!(self.peek().kind, TokenKind::Eof | TokenKind::ProbeDesc(_)) {
            self.bump();
        }
    }
}
