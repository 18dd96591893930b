//! Top-level declarations (`int x;`, `self string s;`, `int a[string,
//! int];`, `inline`, `typedef`, `enum`) and type names, which casts and
//! `sizeof` share.

use super::super::ast::{Decl, DeclKind, Member, Storage, TypeName};
use super::super::span::Span;
use super::super::token::TokenKind;
use super::super::types::{Type, TYPE_WORDS};
use super::{Parsed, Parser};

/// Qualifiers and storage words D accepts and ignores here.
const IGNORED_WORDS: &[&str] = &["extern", "static", "const", "volatile", "register"];

impl Parser<'_, '_> {
    /// Whether the token `ahead` tokens on starts a type name.
    pub(super) fn at_type_at(&self, ahead: usize) -> bool {
        let t = self.tokens.get(self.pos + ahead).map(|t| &t.kind);
        match t {
            Some(TokenKind::Ident(w)) => {
                TYPE_WORDS.contains(&w.as_str())
                    || IGNORED_WORDS.contains(&w.as_str())
                    || matches!(w.as_str(), "struct" | "union" | "enum")
                    || self.typedefs.contains(w)
                    || Type::is_int_typedef(w)
            }
            _ => false,
        }
    }

    /// A type name: words, then `*`s.
    pub(super) fn type_name(&mut self) -> Parsed<TypeName> {
        let start = self.peek().span;
        let mut words: Vec<String> = Vec::new();
        let mut end = start;
        while let TokenKind::Ident(w) = &self.peek().kind {
            let w = w.clone();
            if IGNORED_WORDS.contains(&w.as_str()) {
                end = self.bump().span;
                continue;
            }
            let is_word = TYPE_WORDS.contains(&w.as_str());
            let is_tag = matches!(w.as_str(), "struct" | "union" | "enum");
            // A named type is one word; the builtin words combine.
            if words.is_empty() && !is_word && !is_tag {
                end = self.bump().span;
                words.push(w);
                break;
            }
            if !is_word && !is_tag && !words.last().is_some_and(|l| is_tag_word(l)) {
                break;
            }
            end = self.bump().span;
            words.push(w);
        }
        // A tag scoped to a module, `struct D`s` (the script's own) or
        // `struct vmlinux`file`: the tag alone, as D looks in both.
        if words.last().is_some_and(|l| is_tag_word(l)) {
            if let TokenKind::KernelSym(scoped) = &self.peek().kind {
                if let Some((_, tag)) = scoped.split_once('`').filter(|(m, _)| !m.is_empty()) {
                    words.push(tag.to_string());
                    end = self.bump().span;
                }
            }
        }
        if words.is_empty() {
            return Err(self.unexpected("a type name"));
        }
        if let Some(d) = word_combination_error(&words, start.to(end)) {
            return Err(self.report(d));
        }
        let mut pointers = 0u8;
        while let Some(s) = self.eat("*") {
            pointers = pointers.saturating_add(1);
            end = s;
        }
        Ok(TypeName {
            base: words.join(" "),
            pointers,
            span: start.to(end),
        })
    }

    /// One top-level declaration through its `;` (several for `int a,
    /// b;`).
    pub(super) fn declaration(&mut self) -> Parsed<Vec<Decl>> {
        self.operators = 0;
        let first = self.peek().clone();
        let word = match &first.kind {
            TokenKind::Ident(w) => w.clone(),
            _ => return Err(self.unexpected("a declaration")),
        };
        let decls = match word.as_str() {
            "translator" => {
                let parsed = self.translator_decl();
                return Ok(super::translator::recovered(self, parsed));
            }
            "inline" => vec![self.inline_decl()?],
            "typedef" => self.typedef_decl()?,
            "extern" => self.extern_decls()?,
            _ => self.var_decls()?,
        };
        self.expect(";", "`;` ending the declaration")?;
        Ok(decls)
    }

    pub(super) fn ident(&mut self, what: &str) -> Parsed<(String, Span)> {
        let t = self.peek().clone();
        match t.kind {
            TokenKind::Ident(name) => {
                self.bump();
                Ok((name, t.span))
            }
            _ => Err(self.unexpected(what)),
        }
    }

    /// `[self|this] type name [keys] (, name [keys])*`.
    fn var_decls(&mut self) -> Parsed<Vec<Decl>> {
        let start = self.peek().span;
        if let TokenKind::Ident(w) = &self.peek().kind {
            if matches!(w.as_str(), "register" | "auto") {
                let d = super::Diagnostic::bad_storage_class(start, &w.clone());
                return Err(self.report(d));
            }
        }
        let storage = match &self.peek().kind {
            TokenKind::Ident(w) if w == "self" => Storage::Thread,
            TokenKind::Ident(w) if w == "this" => Storage::Clause,
            _ => Storage::Global,
        };
        if storage != Storage::Global {
            self.bump();
            let next = self.peek().clone();
            if matches!(&next.kind, TokenKind::Ident(w) if w == "self" || w == "this") {
                return Err(self.report(super::Diagnostic::two_storage_classes(next.span)));
            }
        }
        // `self x;`: C's implicit int, as D takes it.
        let mut decls = Vec::new();
        let base = if storage != Storage::Global && !self.at_type_at(0) {
            TypeName {
                base: "int".into(),
                pointers: 0,
                span: self.peek().span,
            }
        } else {
            self.type_spec(&mut decls)?
        };
        // `struct s { ... };` defines the type alone; `struct s;` declares
        // it ahead of its definition (or the kernel's), which needs nothing.
        let tagged = ["struct ", "union "]
            .iter()
            .any(|w| base.base.starts_with(w));
        if (!decls.is_empty() || (tagged && base.pointers == 0)) && self.peek().kind.is(";") {
            return Ok(decls);
        }
        decls.extend(self.declarators(start, storage, base)?);
        Ok(decls)
    }

    /// A type name, or a struct, union or enum defined in place (`struct
    /// [tag] { ... }`, `enum [tag] { ... }`), whose definitions (nested
    /// ones first) go to `defs`.
    pub(super) fn type_spec(&mut self, defs: &mut Vec<Decl>) -> Parsed<TypeName> {
        let start = self.peek().span;
        let word = match &self.peek().kind {
            TokenKind::Ident(w) if is_tag_word(w) => w.clone(),
            _ => return self.type_name(),
        };
        let at = |p: &Self, n: usize| p.tokens.get(p.pos + n).map(|t| &t.kind);
        let tag = match (at(self, 1), at(self, 2)) {
            (Some(t), _) if t.is("{") => None,
            (Some(TokenKind::Ident(tag)), Some(t)) if t.is("{") => Some(tag.clone()),
            _ => return self.type_name(),
        };
        if word == "enum" {
            let d = self.enum_decl()?;
            let span = start.to(d.span);
            defs.push(d);
            return Ok(TypeName {
                base: "int".into(),
                pointers: 0,
                span,
            });
        }
        let tag = tag.unwrap_or_else(|| {
            self.anonymous += 1;
            format!("<anonymous {}>", self.anonymous)
        });
        let d = self.struct_decl(tag.clone(), defs)?;
        let span = start.to(d.span);
        defs.push(d);
        Ok(TypeName {
            base: format!("{word} {tag}"),
            pointers: 0,
            span,
        })
    }

    /// `name [keys] (, name [keys])*` declaring variables of type `base`.
    fn declarators(&mut self, start: Span, storage: Storage, base: TypeName) -> Parsed<Vec<Decl>> {
        let mut decls = Vec::new();
        loop {
            let mut ty = base.clone();
            while self.eat("*").is_some() {
                ty.pointers = ty.pointers.saturating_add(1);
            }
            // A function or a function pointer: checked, then dropped.
            if self.at_function_pointer() {
                self.function_pointer_name()?;
                self.prototype_params()?;
                if self.eat(",").is_none() {
                    return Ok(decls);
                }
                continue;
            }
            let (name, name_span) = self.ident("a variable name")?;
            if is_tag_word(&name) || TYPE_WORDS.contains(&name.as_str()) {
                return Err(self.report(super::Diagnostic::invalid_type_combination(name_span)));
            }
            if self.peek().kind.is("(") {
                self.prototype_params()?;
                if self.eat(",").is_none() {
                    return Ok(decls);
                }
                continue;
            }
            if self.peek().kind.is("[") {
                if let Some(TokenKind::Int { value, .. }) =
                    self.tokens.get(self.pos + 1).map(|t| t.kind.clone())
                {
                    self.bump();
                    self.bump();
                    let end = self.expect("]", "`]` closing the array's length")?;
                    decls.push(Decl {
                        kind: DeclKind::Array {
                            storage,
                            ty,
                            name,
                            len: value,
                        },
                        span: start.to(end),
                    });
                    if self.eat(",").is_none() {
                        return Ok(decls);
                    }
                    continue;
                }
            }
            let mut end = name_span;
            let keys = if let Some(open) = self.eat("[") {
                if self.peek().kind.is("]") {
                    let d = super::Diagnostic::array_no_dimension(open, &name);
                    return Err(self.report(d));
                }
                if self.peek().kind.is("-") {
                    let d = super::Diagnostic::array_bad_dimension(self.peek().span);
                    return Err(self.report(d));
                }
                let mut keys = Vec::new();
                loop {
                    if let Some(span) = self.eat("...") {
                        return Err(self.report(super::Diagnostic::varargs_array(span)));
                    }
                    keys.push(self.type_name()?);
                    if self.eat(",").is_none() {
                        break;
                    }
                }
                end = self.expect("]", "`]` closing the key types")?;
                Some(keys)
            } else {
                None
            };
            decls.push(Decl {
                kind: DeclKind::Var {
                    storage,
                    ty,
                    name,
                    keys,
                },
                span: start.to(end),
            });
            if self.eat(",").is_none() {
                return Ok(decls);
            }
        }
    }

    /// `inline type name = expr`.
    fn inline_decl(&mut self) -> Parsed<Decl> {
        let start = self.bump().span;
        let ty = self.type_name()?;
        let (name, _) = self.ident("the inline's name")?;
        let mut params = Vec::new();
        if self.eat("[").is_some() {
            loop {
                let ty = self.type_name()?;
                let (param, _) = self.ident("the parameter's name")?;
                params.push((ty, param));
                if self.eat(",").is_none() {
                    break;
                }
            }
            self.expect("]", "`]` closing the parameters")?;
        }
        self.expect("=", "`=` and the inline's value")?;
        let value = self.expr()?;
        let span = start.to(value.span);
        Ok(Decl {
            kind: DeclKind::Inline {
                ty,
                name,
                value,
                params,
            },
            span,
        })
    }

    /// `typedef type name`, the type possibly defined in place.
    fn typedef_decl(&mut self) -> Parsed<Vec<Decl>> {
        let start = self.bump().span;
        let mut decls = Vec::new();
        let mut ty = self.type_spec(&mut decls)?;
        while self.eat("*").is_some() {
            ty.pointers = ty.pointers.saturating_add(1);
        }
        let (name, end) = self.ident("the new type's name")?;
        self.typedefs.insert(name.clone());
        decls.push(Decl {
            kind: DeclKind::Typedef { ty, name },
            span: start.to(end),
        });
        Ok(decls)
    }

    /// Whether `struct tag {` (or `union tag {`) is next.
    pub(super) fn at_struct_definition(&self) -> bool {
        let at = |n: usize| self.tokens.get(self.pos + n).map(|t| &t.kind);
        matches!(at(0), Some(TokenKind::Ident(w)) if w == "struct" || w == "union")
            && matches!(at(1), Some(TokenKind::Ident(_)))
            && at(2).is_some_and(|t| t.is("{"))
    }

    /// `struct [tag] { type name[N]; ... }` (or `union`), named `name`;
    /// the structs and unions its members define go to `defs`.
    fn struct_decl(&mut self, name: String, defs: &mut Vec<Decl>) -> Parsed<Decl> {
        let start = self.bump().span;
        let union = matches!(&self.tokens[self.pos - 1].kind, TokenKind::Ident(w) if w == "union");
        if !self.peek().kind.is("{") {
            self.bump();
        }
        self.expect("{", "`{` and the members")?;
        let mut members = Vec::new();
        let end = loop {
            if let Some(close) = self.eat("}") {
                break close;
            }
            self.enter()?;
            let base = self.type_spec(defs);
            self.leave();
            let base = base?;
            loop {
                let mut ty = base.clone();
                while self.eat("*").is_some() {
                    ty.pointers = ty.pointers.saturating_add(1);
                }
                // `int : 3;`: an unnamed bitfield, padding.
                let (member, span) = match self.peek().kind.is(":") {
                    true => (String::new(), self.peek().span),
                    false => self.ident("a member name")?,
                };
                let len = if self.eat("[").is_some() {
                    let t = self.peek().clone();
                    let TokenKind::Int { value, .. } = t.kind else {
                        return Err(self.unexpected("the array's length"));
                    };
                    self.bump();
                    self.expect("]", "`]`")?;
                    Some(value)
                } else {
                    None
                };
                let bits = match self.eat(":") {
                    Some(_) => Some(self.ternary_expr()?),
                    None => None,
                };
                members.push(Member {
                    ty,
                    name: member,
                    len,
                    bits,
                    span,
                });
                if self.eat(",").is_none() {
                    break;
                }
            }
            self.expect(";", "`;` after the member")?;
        };
        Ok(Decl {
            kind: DeclKind::Struct {
                union,
                name,
                members,
            },
            span: start.to(end),
        })
    }

    /// `enum [tag] { A [= e], ... }`.
    fn enum_decl(&mut self) -> Parsed<Decl> {
        let start = self.bump().span;
        let name = match &self.peek().kind {
            TokenKind::Ident(tag) => {
                let tag = tag.clone();
                self.bump();
                Some(tag)
            }
            _ => None,
        };
        self.expect("{", "`{` and the enumerators")?;
        let mut members = Vec::new();
        let end = loop {
            if let Some(close) = self.eat("}") {
                break close;
            }
            let (name, span) = self.ident("an enumerator name")?;
            let value = if self.eat("=").is_some() {
                Some(self.ternary_expr()?)
            } else {
                None
            };
            members.push((name, value, span));
            if self.eat(",").is_none() {
                break self.expect("}", "`,` or `}`")?;
            }
        };
        Ok(Decl {
            kind: DeclKind::Enum { name, members },
            span: start.to(end),
        })
    }
}

/// C's rules on which type words combine: `long` and `short`, `signed`
/// and `unsigned` only with integers, nothing with `void`.
fn word_combination_error(words: &[String], span: Span) -> Option<super::Diagnostic> {
    use super::Diagnostic;
    let has = |w: &str| words.iter().any(|x| x == w);
    let modifier = |ws: &[&str]| words.iter().any(|x| ws.contains(&x.as_str()));
    if has("void") && words.len() > 1 {
        return Some(Diagnostic::void_with_attributes(span));
    }
    let tag = words.iter().any(|w| is_tag_word(w));
    if tag && modifier(&["long", "short"]) {
        return Some(Diagnostic::long_non_integer(span));
    }
    if tag && modifier(&["signed", "unsigned"]) {
        return Some(Diagnostic::sign_non_integer(span));
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    is_bad_combination(&words).then(|| Diagnostic::bad_type_combination(span, &words.join(" ")))
}

fn is_tag_word(w: &str) -> bool {
    matches!(w, "struct" | "union" | "enum")
}

/// Whether `words` are only C's type words, in a combination that is no
/// type (`char int`, `double double`); `long double` and `unsigned long
/// int` are types, if not D's, and `short long` is a type name DTrace
/// cannot resolve.
fn is_bad_combination(words: &[&str]) -> bool {
    const WORDS: &[&str] = &[
        "char", "short", "int", "long", "signed", "unsigned", "float", "double", "void",
    ];
    if words.len() < 2 || !words.iter().all(|w| WORDS.contains(w)) {
        return false;
    }
    let count = |w: &str| words.iter().filter(|&&x| x == w).count();
    let bases = ["char", "int", "float", "double", "void"]
        .iter()
        .filter(|b| count(b) > 0)
        .count();
    let long_double = count("double") == 1 && count("long") == 1 && words.len() == 2;
    bases > 1
        || (count("char") > 0 && (count("short") > 0 || count("long") > 0))
        || (count("signed") > 0 && count("unsigned") > 0)
        || count("long") > 2
        || [
            "char", "short", "int", "float", "double", "void", "signed", "unsigned",
        ]
        .iter()
        .any(|w| count(w) > 1)
        || (count("double") > 0 && !long_double && words.len() > 1)
}
