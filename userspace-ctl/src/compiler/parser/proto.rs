//! Function prototypes in declarations: `extern int getint(void);`,
//! `int *(*fp)(int, ...);`. D cannot call them, so the parser checks
//! their form as DTrace does and keeps nothing.

use super::super::span::Span;
use super::super::token::TokenKind;
use super::{Diagnostic, Parsed, Parser};

/// Storage classes a parameter may not have.
const STORAGE_CLASSES: &[&str] = &["static", "extern", "register", "auto", "self", "this"];

impl Parser<'_, '_> {
    /// Whether a declarator at the cursor is a function pointer: `(*`.
    pub(super) fn at_function_pointer(&self) -> bool {
        self.peek().kind.is("(")
            && self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| t.kind.is("*"))
    }

    /// `(*...*name)`: a function pointer's name, before its parameters.
    pub(super) fn function_pointer_name(&mut self) -> Parsed<(String, Span)> {
        self.expect("(", "`(`")?;
        while self.eat("*").is_some() {}
        let t = self.peek().clone();
        let TokenKind::Ident(name) = t.kind else {
            return Err(self.unexpected("the function pointer's name"));
        };
        self.bump();
        self.expect(")", "`)` after the function pointer's name")?;
        Ok((name, t.span))
    }

    /// `(params)`: `void` alone, or types with optional names, the last
    /// may be `...`; returns the span through `)`.
    pub(super) fn prototype_params(&mut self) -> Parsed<Span> {
        self.expect("(", "`(` and the parameters")?;
        let mut index = 0usize;
        let mut void_at = None;
        loop {
            if let Some(close) = self.eat(")") {
                return Ok(close);
            }
            index += 1;
            if self.eat("...").is_some() {
                return self.expect(")", "`)`: `...` ends the parameters");
            }
            let first = self.peek().clone();
            if let TokenKind::Ident(w) = &first.kind {
                if STORAGE_CLASSES.contains(&w.as_str()) {
                    return Err(self.report(Diagnostic::parameter_storage_class(first.span)));
                }
            }
            let ty = self.type_name()?;
            let is_void = ty.base == "void" && ty.pointers == 0;
            let name = match &self.peek().kind {
                TokenKind::Ident(n) => {
                    let n = n.clone();
                    Some((n, self.bump().span))
                }
                _ => None,
            };
            if self.peek().kind.is("[") {
                let what = name.as_ref().map_or("", |(n, _)| n.as_str()).to_string();
                return Err(self.report(Diagnostic::dynamic_parameter(
                    self.peek().span,
                    &what,
                    index,
                )));
            }
            if is_void {
                if let Some((n, span)) = name {
                    return Err(self.report(Diagnostic::named_void_parameter(span, &n)));
                }
                void_at = Some(ty.span);
            }
            if index > 1 {
                if let Some(span) = void_at {
                    return Err(self.report(Diagnostic::void_not_sole(span)));
                }
            }
            if self.eat(",").is_none() {
                return self.expect(")", "`,` or `)` after the parameter");
            }
            if let Some(span) = void_at {
                return Err(self.report(Diagnostic::void_not_sole(span)));
            }
        }
    }
}
