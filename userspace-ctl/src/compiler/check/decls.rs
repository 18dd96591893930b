//! Top-level declarations into the symbol table, and type names into
//! types.

use super::super::ast::{Decl, DeclKind, TypeName};
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir;
use super::super::suggest;
use super::super::types::Type;
use super::symbols::{AddError, Inline, Scope};
use super::Checker;
use rdtrace_uapi::dif::limits::{MAX_TUPLE, MAX_VARS};

impl Checker<'_, '_> {
    /// The type a type name names, or a reported error.
    pub(super) fn resolve_type(&mut self, t: &TypeName) -> Option<Type> {
        let base = match t.base.as_str() {
            "string" => Some(Type::Str),
            "void" if t.pointers > 0 => {
                let ptr = Type::Ptr { to: None };
                return Some((1..t.pointers).fold(ptr, |p, _| p.pointer_to()));
            }
            name => Type::int_named(name)
                .or_else(|| self.syms.typedefs.get(name).copied())
                .or_else(|| self.syms.struct_names.get(name).map(|&id| Type::Struct(id)))
                .or_else(|| self.enum_named(name))
                .or_else(|| self.kernel_type_named(name)),
        };
        let Some(base) = base else {
            // Its definition's errors are reported already.
            if self.syms.broken_structs.contains(&t.base) {
                return None;
            }
            let typedefs: Vec<String> = self.syms.typedefs.keys().cloned().collect();
            let mut names: Vec<&str> = Type::names().collect();
            names.extend(typedefs.iter().map(|s| s.as_str()));
            let near = suggest::closest(&t.base, names).map(str::to_string);
            let d = Diagnostic::unknown_type(t.span, &t.base, near.as_deref());
            self.report_kernel(d);
            return None;
        };
        Some((0..t.pointers).fold(base, |p, _| p.pointer_to()))
    }

    /// `enum tag` the script declares: C's enum, a signed 4-byte integer.
    fn enum_named(&self, name: &str) -> Option<Type> {
        let tag = name.strip_prefix("enum ")?;
        self.syms.enum_tags.contains_key(tag).then_some(Type::Int {
            signed: true,
            size: 4,
        })
    }

    /// Enters every declaration, in source order.
    pub(super) fn declarations(&mut self, decls: &[Decl]) {
        for d in decls {
            self.declaration(d);
        }
    }

    fn declaration(&mut self, d: &Decl) {
        match &d.kind {
            DeclKind::Var {
                storage,
                ty,
                name,
                keys,
            } => {
                let Some(ty) = self.resolve_type(ty) else {
                    return;
                };
                let scope = Scope::of(*storage);
                let mut key_types = Vec::new();
                for (n, k) in keys.iter().flatten().enumerate() {
                    if k.base == "void" && k.pointers == 0 {
                        self.report(Diagnostic::void_key(k.span, n + 1));
                        return;
                    }
                    let Some(t) = self.resolve_type(k) else {
                        return;
                    };
                    key_types.push(t);
                }
                if key_types.len() > MAX_TUPLE {
                    self.report(Diagnostic::too_many_keys(d.span, name, MAX_TUPLE));
                    return;
                }
                if keys.is_some() && scope == Scope::Clause {
                    self.report(Diagnostic::local_assoc(d.span));
                    return;
                }
                if let Some((_, prev)) = self.syms.lookup(scope, name) {
                    let prev = prev.span;
                    self.report(Diagnostic::redeclared(d.span, &scope.spell(name), prev));
                    return;
                }
                self.add_var(scope, name, ty, key_types, d.span);
            }
            DeclKind::Inline {
                ty,
                name,
                value,
                params,
            } => {
                let ty = match self.resolve_type(ty) {
                    Some(Type::Struct(id)) => Type::StructVal(id),
                    Some(t) => t,
                    None => return,
                };
                let mut typed_params = Vec::new();
                for (pty, pname) in params {
                    let Some(t) = self.resolve_type(pty) else {
                        return;
                    };
                    typed_params.push((t, pname.clone()));
                }
                // The parameters stand for values of their types here.
                let depth = self.bound.len();
                for (pty, pname) in &typed_params {
                    let kind = match pty.is_string() {
                        true => ir::ExprKind::Str(String::new()),
                        false => ir::ExprKind::Int(0),
                    };
                    let span = value.span;
                    self.bound.push((
                        pname.clone(),
                        ir::Expr {
                            kind,
                            ty: *pty,
                            span,
                        },
                    ));
                }
                let checked = self.expr(value);
                self.bound.truncate(depth);
                let Some(checked) = checked else {
                    return;
                };
                if checked.ty.is_string() != ty.is_string() && !self.translates_to(checked.ty, ty) {
                    self.report(Diagnostic::assign_mismatch(
                        value.span, name, ty, checked.ty,
                    ));
                    return;
                }
                match self.inline_clash(name) {
                    Some(Some(prev)) => {
                        self.report(Diagnostic::redeclared(d.span, name, prev));
                        return;
                    }
                    Some(None) => {
                        self.report(Diagnostic::builtin_redeclared(d.span, name));
                        return;
                    }
                    None => {}
                }
                let inline = Inline {
                    ty,
                    value: value.clone(),
                    params: typed_params,
                    span: d.span,
                };
                self.syms.inlines.insert(name.clone(), inline);
            }
            DeclKind::Array {
                storage,
                ty: tn,
                name,
                len,
            } => {
                let Some(ty) = self.resolve_type(tn) else {
                    return;
                };
                if *storage != super::super::ast::Storage::Global {
                    self.report(Diagnostic::non_global_scalar_array(d.span));
                    return;
                }
                if *len == 0 {
                    self.report(Diagnostic::array_bad_dimension(d.span));
                    return;
                }
                if *len > u64::from(u32::MAX) {
                    self.report(Diagnostic::array_too_big(d.span, *len));
                    return;
                }
                if let Some((_, prev)) = self.syms.lookup(Scope::Global, name) {
                    let prev = prev.span;
                    self.report(Diagnostic::redeclared(d.span, name, prev));
                    return;
                }
                let index = Type::Int {
                    signed: true,
                    size: 8,
                };
                if self
                    .add_var(Scope::Global, name, ty, vec![index], d.span)
                    .is_some()
                {
                    self.syms.array_lens.insert(name.clone(), *len);
                    let stars = "*".repeat(usize::from(tn.pointers));
                    let spelled = format!("{}{stars} [{len}]", tn.base);
                    self.syms.array_types.insert(name.clone(), spelled);
                }
            }
            DeclKind::Struct {
                union,
                name,
                members,
            } => self.declare_struct(*union, name, members, d.span),
            DeclKind::Typedef { ty, name } => {
                if self.syms.typedefs.contains_key(name) {
                    self.report(Diagnostic::typedef_redeclared(d.span, name));
                    return;
                }
                let reported = self.diags.len();
                let resolved = self.resolve_type(ty);
                // An unknown plain name is no type to DTrace's grammar.
                if resolved.is_none() && !ty.base.contains(' ') {
                    for d in self.diags[reported..].iter_mut() {
                        d.tag = ErrTag::Syntax;
                    }
                }
                if let Some(t) = resolved {
                    self.syms.typedefs.insert(name.clone(), t);
                }
            }
            DeclKind::Translator(t) => self.declare_translator(t, d.span),
            DeclKind::Enum { name, members } => {
                let mut next = 0i64;
                let mut values = Vec::new();
                for (name, value, span) in members {
                    if let Some(v) = value {
                        // A constant expression, earlier enumerators in it
                        // (`BLUE = GREEN + ORANGE`), as C allows.
                        let reported = self.diags.len();
                        let value = self.expr(v);
                        let value = value.as_ref().filter(|e| !e.ty.is_string());
                        match value.and_then(super::consts::value) {
                            Some(n) => next = n as i64,
                            None => {
                                // Its own errors, or else this one.
                                if self.diags.len() == reported {
                                    self.report(Diagnostic::enum_not_constant(v.span, name));
                                }
                                continue;
                            }
                        }
                    }
                    if i32::try_from(next).is_err() {
                        self.report(Diagnostic::enum_overflow(*span, name, next));
                        continue;
                    }
                    if self.syms.enumerators.insert(name.clone(), next).is_some() {
                        self.report(Diagnostic::redeclared(*span, name, *span));
                    }
                    values.push((name.clone(), next));
                    next = next.wrapping_add(1);
                }
                if let Some(tag) = name {
                    if self.syms.enum_tags.insert(tag.clone(), values).is_some() {
                        self.report(Diagnostic::type_redeclared(d.span, &format!("enum {tag}")));
                    }
                }
            }
        }
    }

    /// What an inline named `name` would redefine: an earlier inline (its
    /// span), a variable, or a builtin variable or subroutine (no span).
    fn inline_clash(&self, name: &str) -> Option<Option<super::super::span::Span>> {
        if let Some(prev) = self.syms.inlines.get(name) {
            return Some(Some(prev.span));
        }
        if let Some((_, var)) = self.syms.lookup(Scope::Global, name) {
            return Some(Some(var.span));
        }
        let builtin = crate::compiler::names::lookup(name).is_some()
            || crate::compiler::names::function(name).is_some();
        builtin.then_some(None)
    }

    /// Adds a variable, reporting a full table.
    pub(super) fn add_var(
        &mut self,
        scope: Scope,
        name: &str,
        ty: Type,
        keys: Vec<Type>,
        span: super::super::span::Span,
    ) -> Option<u32> {
        // A struct variable's bytes are a string's: at most strsize.
        for t in std::iter::once(ty).chain(keys.iter().copied()) {
            if let Type::Struct(_) | Type::StructVal(_) = t {
                let size = self.size_of(t);
                if size > self.strsize() {
                    let d = Diagnostic::struct_over_strsize(span, size, self.strsize());
                    self.report(d);
                    return None;
                }
            }
        }
        match self.syms.add(scope, name, ty, keys, span) {
            Ok(id) => Some(id),
            Err(AddError::TooMany) => {
                self.report(Diagnostic::too_many_variables(span, MAX_VARS));
                None
            }
        }
    }
}
