//! Expressions, by precedence climbing over [`BinaryOp::TABLE`]:
//! assignment, then `?:`, then the binary operators, then prefix and
//! postfix operators and primaries.

use super::super::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use super::super::diagnostics::Diagnostic;
use super::super::token::TokenKind;
use super::{Parsed, Parser};

/// Most operators in one statement: the checker and code generator
/// recurse over the tree, and this keeps them far from the stack's end.
pub const MAX_OPERATORS: u32 = 1000;

const ASSIGN_OPS: &[(&str, Option<BinaryOp>)] = &[
    ("=", None),
    ("+=", Some(BinaryOp::Add)),
    ("-=", Some(BinaryOp::Sub)),
    ("*=", Some(BinaryOp::Mul)),
    ("/=", Some(BinaryOp::Div)),
    ("%=", Some(BinaryOp::Rem)),
    ("&=", Some(BinaryOp::BitAnd)),
    ("|=", Some(BinaryOp::BitOr)),
    ("^=", Some(BinaryOp::BitXor)),
    ("<<=", Some(BinaryOp::Shl)),
    (">>=", Some(BinaryOp::Shr)),
];

const UNARY_OPS: &[(&str, UnaryOp)] = &[
    ("-", UnaryOp::Neg),
    ("+", UnaryOp::Plus),
    ("~", UnaryOp::BitNot),
    ("!", UnaryOp::Not),
    ("*", UnaryOp::Deref),
    ("&", UnaryOp::AddrOf),
];

fn binary_node(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    let span = a.span.to(b.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
        span,
    }
}

impl Parser<'_, '_> {
    /// A full expression (assignments included: D has them, the checker
    /// says they are not supported yet).
    pub(in super::super) fn expr(&mut self) -> Parsed<Expr> {
        self.enter()?;
        let e = self.assignment();
        self.leave();
        e
    }

    /// Counts one operator against [`MAX_OPERATORS`].
    fn operator(&mut self) -> Parsed<()> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            let span = self.peek().span;
            return Err(self.report(Diagnostic::expression_too_large(span, MAX_OPERATORS)));
        }
        Ok(())
    }

    /// An expression without assignment: `?:` and below (an enumerator's
    /// value).
    pub(super) fn ternary_expr(&mut self) -> Parsed<Expr> {
        self.ternary()
    }

    fn assignment(&mut self) -> Parsed<Expr> {
        let lhs = self.ternary()?;
        let op = match &self.peek().kind {
            TokenKind::Punct(p) => ASSIGN_OPS.iter().find(|(s, _)| s == p).map(|(_, op)| *op),
            _ => None,
        };
        let Some(op) = op else {
            return Ok(lhs);
        };
        self.bump();
        self.operator()?;
        let rhs = self.expr()?;
        let span = lhs.span.to(rhs.span);
        Ok(Expr {
            kind: ExprKind::Assign(op, Box::new(lhs), Box::new(rhs)),
            span,
        })
    }

    fn ternary(&mut self) -> Parsed<Expr> {
        let cond = self.binary(0)?;
        if self.eat("?").is_none() {
            return Ok(cond);
        }
        self.operator()?;
        let yes = self.expr()?;
        self.expect(":", "`:` of the `?:` operator")?;
        // `a ? b : c ? d : ...` nests to the right: one level each.
        self.enter()?;
        let no = self.ternary();
        self.leave();
        let no = no?;
        let span = cond.span.to(no.span);
        Ok(Expr {
            kind: ExprKind::Ternary(Box::new(cond), Box::new(yes), Box::new(no)),
            span,
        })
    }

    /// Binary operators binding tighter than `min`.
    fn binary(&mut self, min: u8) -> Parsed<Expr> {
        let mut lhs = self.unary()?;
        loop {
            let op = match &self.peek().kind {
                TokenKind::Punct(p) => BinaryOp::from_symbol(p),
                _ => None,
            };
            let Some((op, bp)) = op.filter(|&(_, bp)| bp > min) else {
                return Ok(lhs);
            };
            self.bump();
            self.operator()?;
            let rhs = self.binary(bp)?;
            lhs = binary_node(op, lhs, rhs);
        }
    }

    fn unary(&mut self) -> Parsed<Expr> {
        self.enter()?;
        let e = self.unary_inner();
        self.leave();
        e
    }

    fn unary_inner(&mut self) -> Parsed<Expr> {
        if self.peek().kind.is("++") || self.peek().kind.is("--") {
            let t = self.bump();
            self.operator()?;
            let target = self.unary()?;
            let span = t.span.to(target.span);
            let delta = if t.kind.is("++") { 1 } else { -1 };
            return Ok(Expr {
                kind: ExprKind::Incr {
                    target: Box::new(target),
                    delta,
                    post: false,
                },
                span,
            });
        }
        if matches!(&self.peek().kind, TokenKind::Ident(w) if w == "sizeof") {
            return self.sizeof();
        }
        if matches!(&self.peek().kind, TokenKind::Ident(w) if w == "offsetof") {
            let start = self.bump().span;
            self.expect("(", "`(` after offsetof")?;
            let ty = self.type_name()?;
            self.expect(",", "`,` and the member")?;
            let t = self.peek().clone();
            let TokenKind::Ident(member) = t.kind else {
                return Err(self.unexpected("a member name"));
            };
            self.bump();
            let end = self.expect(")", "`)`")?;
            return Ok(Expr {
                kind: ExprKind::Offsetof(ty, member),
                span: start.to(end),
            });
        }
        if self.peek().kind.is("(") && self.at_type_at(1) {
            let open = self.bump().span;
            let ty = self.type_name()?;
            self.expect(")", "`)` closing the cast")?;
            self.operator()?;
            let operand = self.unary()?;
            let span = open.to(operand.span);
            return Ok(Expr {
                kind: ExprKind::Cast(ty, Box::new(operand)),
                span,
            });
        }
        let op = match &self.peek().kind {
            TokenKind::Punct(p) => UNARY_OPS.iter().find(|(s, _)| s == p).map(|(_, op)| *op),
            _ => None,
        };
        let Some(op) = op else {
            return self.postfix();
        };
        let start = self.bump().span;
        self.operator()?;
        let operand = self.unary()?;
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    /// `sizeof (type)` or `sizeof expr`.
    fn sizeof(&mut self) -> Parsed<Expr> {
        let start = self.bump().span;
        if self.peek().kind.is("(") && self.at_type_at(1) {
            self.bump();
            let ty = self.type_name()?;
            let end = self.expect(")", "`)` closing sizeof")?;
            return Ok(Expr {
                kind: ExprKind::SizeofType(ty),
                span: start.to(end),
            });
        }
        let operand = self.unary()?;
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::SizeofExpr(Box::new(operand)),
            span,
        })
    }

    fn postfix(&mut self) -> Parsed<Expr> {
        let mut e = self.primary()?;
        loop {
            // Each postfix operator nests the tree one level deeper
            // (`x.a.a.a...`): counted, so that later passes' recursion
            // stays bounded.
            if self.peek().kind.is("(")
                || self.peek().kind.is("[")
                || self.peek().kind.is(".")
                || self.peek().kind.is("->")
            {
                self.operator()?;
            }
            if self.eat("(").is_some() {
                let mut args = Vec::new();
                let close = loop {
                    if let Some(close) = self.eat(")") {
                        break close;
                    }
                    if !args.is_empty() {
                        self.expect(",", "`,` or `)`")?;
                    }
                    args.push(self.expr()?);
                };
                let span = e.span.to(close);
                e = Expr {
                    kind: ExprKind::Call(Box::new(e), args),
                    span,
                };
            } else if self.eat("[").is_some() {
                let mut keys = vec![self.expr()?];
                while self.eat(",").is_some() {
                    keys.push(self.expr()?);
                }
                let close = self.expect("]", "`]`")?;
                let span = e.span.to(close);
                e = Expr {
                    kind: ExprKind::Index(Box::new(e), keys),
                    span,
                };
            } else if self.peek().kind.is("++") || self.peek().kind.is("--") {
                let t = self.bump();
                self.operator()?;
                let span = e.span.to(t.span);
                e = Expr {
                    kind: ExprKind::Incr {
                        target: Box::new(e),
                        delta: if t.kind.is("++") { 1 } else { -1 },
                        post: true,
                    },
                    span,
                };
            } else if self.peek().kind.is(".") || self.peek().kind.is("->") {
                let arrow = self.bump().kind.is("->");
                let t = self.peek().clone();
                let TokenKind::Ident(name) = t.kind else {
                    return Err(self.unexpected("a member name"));
                };
                self.bump();
                let span = e.span.to(t.span);
                e = Expr {
                    kind: ExprKind::Member {
                        base: Box::new(e),
                        name,
                        arrow,
                    },
                    span,
                };
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Parsed<Expr> {
        if self.at_xlate() {
            return self.xlate();
        }
        let t = self.peek().clone();
        let kind = match t.kind {
            TokenKind::Int {
                value,
                unsigned,
                long,
            } => ExprKind::Int {
                value,
                unsigned,
                long,
            },
            TokenKind::Str(s) => ExprKind::Str(s),
            TokenKind::Ident(name) => ExprKind::Ident(name),
            TokenKind::KernelSym(sym) => ExprKind::KernelSym(sym),
            TokenKind::Agg(name) => ExprKind::AggRef(name),
            TokenKind::Macro { name, string } => ExprKind::Macro { name, string },
            TokenKind::Punct("(") => {
                let open = self.bump().span;
                let mut inner = self.expr()?;
                let close = self.expect(")", "`)`")?;
                inner.span = open.to(close);
                return Ok(inner);
            }
            _ => return Err(self.unexpected("an expression")),
        };
        self.bump();
        Ok(Expr { kind, span: t.span })
    }
}
