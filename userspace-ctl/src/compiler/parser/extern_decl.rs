//! `extern type name...;`: a kernel symbol's C declaration. D takes it to
//! type a backquoted symbol; rdtrace types those from BTF and the symbol
//! table, so an extern declaration is parsed in full (arrays of any shape,
//! C's implicit `int`, prototypes) and kept only for the types it defines.

use super::super::ast::Decl;
use super::super::token::TokenKind;
use super::{Parsed, Parser};

impl Parser<'_, '_> {
    /// `extern [type] declarator (, declarator)*`, up to the `;`; returns
    /// the structs, unions and enums it defines in place.
    pub(super) fn extern_decls(&mut self) -> Parsed<Vec<Decl>> {
        self.bump();
        let mut defs = Vec::new();
        // `extern e9;`: C's implicit int, no type words at all.
        let implicit_int = matches!(&self.peek().kind, TokenKind::Ident(_))
            && !self.at_type_at(0)
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.kind.is(";") || t.kind.is(","));
        if !implicit_int {
            self.type_spec(&mut defs)?;
            if self.peek().kind.is(";") {
                return Ok(defs);
            }
        }
        loop {
            while self.eat("*").is_some() {}
            if self.at_function_pointer() {
                self.function_pointer_name()?;
            } else {
                self.ident("a symbol name")?;
            }
            if self.peek().kind.is("(") {
                self.prototype_params()?;
            }
            // `a[]`, `a[2]`, `a[2][3]...`: the bounds say nothing to D.
            while self.eat("[").is_some() {
                if matches!(self.peek().kind, TokenKind::Int { .. }) {
                    self.bump();
                }
                self.expect("]", "`]` closing the array's bound")?;
            }
            if self.eat(",").is_none() {
                return Ok(defs);
            }
        }
    }
}
