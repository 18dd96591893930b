//! Expressions, by precedence climbing over [`BinaryOp::TABLE`]:
//! assignment, then `?:`, then the binary operators, then prefix and
//! postfix operators and primaries.

use super::super::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use super::super::token::TokenKind;
use super::{Parsed, Parser};

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

fn node(kind: ExprKind, a: &Expr, b: &Expr) -> Expr {
    Expr {
        kind,
        span: a.span.to(b.span),
    }
}

impl Parser<'_, '_> {
    /// A full expression (assignments included: D has them, the checker
    /// says they are not supported yet).
    pub(in super::super) fn expr(&mut self) -> Parsed<Expr> {
        let lhs = self.ternary()?;
        let op = match &self.peek().kind {
            TokenKind::Punct(p) => ASSIGN_OPS.iter().find(|(s, _)| s == p).map(|(_, op)| *op),
            _ => None,
        };
        let Some(op) = op else {
            return Ok(lhs);
        };
        self.bump();
        let rhs = self.expr()?;
        Ok(node(
            ExprKind::Assign(op, Box::new(lhs.clone()), Box::new(rhs.clone())),
            &lhs,
            &rhs,
        ))
    }

    fn ternary(&mut self) -> Parsed<Expr> {
        let cond = self.binary(0)?;
        if self.eat("?").is_none() {
            return Ok(cond);
        }
        let yes = self.expr()?;
        self.expect(":", "`:` of the `?:` operator")?;
        let no = self.ternary()?;
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
            let rhs = self.binary(bp)?;
            lhs = node(
                ExprKind::Binary(op, Box::new(lhs.clone()), Box::new(rhs.clone())),
                &lhs,
                &rhs,
            );
        }
    }

    fn unary(&mut self) -> Parsed<Expr> {
        let op = match &self.peek().kind {
            TokenKind::Punct(p) => UNARY_OPS.iter().find(|(s, _)| s == p).map(|(_, op)| *op),
            _ => None,
        };
        let Some(op) = op else {
            return self.postfix();
        };
        let start = self.bump().span;
        let operand = self.unary()?;
        let span = start.to(operand.span);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn postfix(&mut self) -> Parsed<Expr> {
        let mut e = self.primary()?;
        loop {
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
                let index = self.expr()?;
                let close = self.expect("]", "`]`")?;
                let span = e.span.to(close);
                e = Expr {
                    kind: ExprKind::Index(Box::new(e), Box::new(index)),
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
        let t = self.peek().clone();
        let kind = match t.kind {
            TokenKind::Int { value, unsigned } => ExprKind::Int { value, unsigned },
            TokenKind::Str(s) => ExprKind::Str(s),
            TokenKind::Ident(name) => ExprKind::Ident(name),
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
