//! Translators: the declaration `translator struct out < struct in *p >
//! { member = expr; ... };` and the operator `xlate < type > (expr)`.

use super::super::ast::{Decl, DeclKind, Expr, ExprKind, Translator, TranslatorMember};
use super::super::diagnostics::Diagnostic;
use super::super::token::TokenKind;
use super::{Parsed, Parser, Reported};

impl Parser<'_, '_> {
    /// `translator out < in param > { member = expr; ... };`, through its
    /// `;`.
    pub(super) fn translator_decl(&mut self) -> Parsed<Vec<Decl>> {
        let start = self.bump().span;
        if self.at_struct_definition() {
            return Ok(self.translator_with_struct_body());
        }
        let output = self.type_name()?;
        self.expect("<", "`<` and the translator's input type")?;
        let input = self.type_name()?;
        let (param, _) = self.ident("the name of the translator's input")?;
        self.expect(">", "`>` closing the translator's input")?;
        self.expect("{", "`{` and the translated members")?;
        let mut members = Vec::new();
        let end = loop {
            if let Some(close) = self.eat("}") {
                break close;
            }
            self.operators = 0;
            let (name, span) = self.ident("a member name or `}`")?;
            self.expect("=", "`=` and the member's translation")?;
            let value = self.expr()?;
            self.expect(";", "`;` after the member's translation")?;
            members.push(TranslatorMember { name, value, span });
        };
        self.expect(";", "`;` ending the translator")?;
        let kind = DeclKind::Translator(Translator {
            output,
            input,
            param,
            members,
        });
        Ok(vec![Decl {
            kind,
            span: start.to(end),
        }])
    }

    /// `translator struct tag { ...`: C's grammar reads a struct
    /// definition there, which DTrace reports as the type redeclared when
    /// the script defined `tag` before, and as a syntax error otherwise.
    fn translator_with_struct_body(&mut self) -> Vec<Decl> {
        let (Some(TokenKind::Ident(word)), Some(TokenKind::Ident(tag)), Some(open)) = (
            self.tokens.get(self.pos).map(|t| t.kind.clone()),
            self.tokens.get(self.pos + 1).map(|t| t.kind.clone()),
            self.tokens.get(self.pos + 2).map(|t| t.span),
        ) else {
            return Vec::new();
        };
        let name = format!("{word} {tag}");
        if self.defined_before(&word, &tag) {
            self.report(Diagnostic::type_redeclared(open, &name));
        } else {
            self.pos += 2;
            self.unexpected("`<` and the translator's input type");
        }
        self.skip_declaration();
        Vec::new()
    }

    /// Whether the tokens before the cursor define `word tag { ... }`.
    fn defined_before(&self, word: &str, tag: &str) -> bool {
        self.tokens[..self.pos.min(self.tokens.len())]
            .windows(3)
            .any(|w| {
                matches!(&w[0].kind, TokenKind::Ident(a) if a == word)
                    && matches!(&w[1].kind, TokenKind::Ident(b) if b == tag)
                    && w[2].kind.is("{")
            })
    }

    /// Skips the rest of a broken declaration: through the `;` that ends
    /// it outside braces.
    pub(super) fn skip_declaration(&mut self) {
        let mut depth = 0u32;
        loop {
            match &self.peek().kind {
                TokenKind::Eof => return,
                TokenKind::Punct(";") if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct("{") => depth += 1,
                TokenKind::Punct("}") => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    /// Whether `xlate <` is next.
    pub(super) fn at_xlate(&self) -> bool {
        matches!(&self.peek().kind, TokenKind::Ident(w) if w == "xlate")
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.kind.is("<"))
    }

    /// `xlate < type > (expr)`.
    pub(super) fn xlate(&mut self) -> Parsed<Expr> {
        let start = self.bump().span;
        self.bump();
        let ty = self.type_name()?;
        self.expect(">", "`>` closing the translated type")?;
        self.expect("(", "`(` and the expression to translate")?;
        let operand = self.expr()?;
        let close = self.expect(")", "`)` closing the translated expression")?;
        Ok(Expr {
            kind: ExprKind::Xlate(ty, Box::new(operand)),
            span: start.to(close),
        })
    }
}

/// A broken translator is reported; its declaration is skipped.
pub(super) fn recovered(p: &mut Parser<'_, '_>, r: Parsed<Vec<Decl>>) -> Vec<Decl> {
    match r {
        Ok(d) => d,
        Err(Reported) => {
            p.skip_declaration();
            Vec::new()
        }
    }
}
