//! Translators: the script's (`translator struct out < struct in *p >
//! { ... };`) and DTrace's own (`psinfo_t`, `lwpsinfo_t`, `cpuinfo_t`,
//! declared by the prelude's D text, [`super::super::translators`]), in
//! one table that `xlate < T > (e)`, `curpsinfo` and the stable
//! providers' arguments all look up.
//!
//! Translated data is typed as a *shadow* of the output struct: an entry
//! of the struct table with the output's name, members and size, whose
//! id says which translator made it. The value held is the translator's
//! input. `x.member` (or `p->member`) on it compiles that member's
//! translation with the input bound to the translator's parameter, at
//! each access, so only the members used are computed, as in DTrace.

use super::super::ast::{Expr, ExprKind, Translator, TranslatorMember, TypeName};
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::super::span::Span;
use super::super::types::{IntKind, Type};
use super::structs::{Member, StructDef};
use super::Checker;

/// One translator.
pub(super) struct Xlator {
    /// The struct (or union) it produces: its id in the struct table.
    output: u32,
    /// The input's type as written.
    input_name: TypeName,
    /// The input's type, once resolved (the prelude's are resolved on
    /// first use: they name the kernel's types).
    input: Option<Type>,
    /// The input's name in the members' translations.
    param: String,
    /// Each member's translation.
    members: Vec<TranslatorMember>,
    /// The struct id of the data it translates to.
    shadow: u32,
    /// Declared by the prelude: members are checked when used, and moved
    /// to where they are used (the prelude is no part of the script).
    prelude: bool,
    /// Where it is declared.
    span: Span,
}

/// Every translator, in declaration order.
#[derive(Default)]
pub(super) struct Xlators {
    list: Vec<Xlator>,
    /// Declaring the prelude's translators.
    pub(super) prelude: bool,
}

impl Checker<'_, '_> {
    /// `translator out < in param > { ... }`: checked as DTrace does at
    /// the declaration (the types, then each member in order), then
    /// entered.
    pub(super) fn declare_translator(&mut self, t: &Translator, span: Span) {
        let prelude = self.xlators.prelude;
        let Some(output) = self.translator_output(&t.output) else {
            return;
        };
        let input = if prelude {
            None
        } else {
            match self.translator_input(&t.input) {
                Some(ty) => Some(ty),
                None => return,
            }
        };
        if let Some(prev) = self
            .xlators
            .list
            .iter()
            .find(|x| x.output == output && input.is_some() && x.input == input)
        {
            let (from, to) = (
                self.spelling(input.unwrap_or(Type::INT)),
                self.struct_name(output),
            );
            let d = Diagnostic::xlate_redeclared(t.output.span, &from, &to, prev.span);
            self.report(d);
            return;
        }
        if let Some(ty) = input {
            let errors = self.diags.len();
            for m in &t.members {
                self.check_translated_member(output, &t.param, ty, m);
            }
            if self.diags.len() != errors {
                return;
            }
        }
        let def = self.syms.structs[output as usize].clone();
        let shadow = self.syms.structs.len() as u32;
        self.syms.structs.push(def);
        self.xlators.list.push(Xlator {
            output,
            input_name: t.input.clone(),
            input,
            param: t.param.clone(),
            members: t.members.clone(),
            shadow,
            prelude,
            span,
        });
    }

    /// A translator's output type: a struct or union the script (or the
    /// kernel) defines.
    fn translator_output(&mut self, t: &TypeName) -> Option<u32> {
        let tagged = t.base.starts_with("struct ") || t.base.starts_with("union ");
        if t.base.starts_with("enum ") {
            self.report(Diagnostic::xlate_output_not_sou(t.span));
            return None;
        }
        if tagged && t.pointers == 0 && self.struct_named(&t.base).is_none() {
            self.report(Diagnostic::xlate_output_incomplete(t.span, &t.base));
            return None;
        }
        match self.resolve_type(t)? {
            Type::Struct(id) if self.syms.forward.contains(&id) => {
                let name = self.struct_name(id);
                self.report(Diagnostic::xlate_output_incomplete(t.span, &name));
                None
            }
            Type::Struct(id) => Some(id),
            _ => {
                self.report(Diagnostic::xlate_output_not_sou(t.span));
                None
            }
        }
    }

    /// A translator's input type; a struct or union nothing defines is
    /// declared, as C's `struct s *` declares `struct s`.
    fn translator_input(&mut self, t: &TypeName) -> Option<Type> {
        let tagged = t.base.starts_with("struct ") || t.base.starts_with("union ");
        if tagged && self.struct_named(&t.base).is_none() {
            self.declare_forward(&t.base);
        }
        self.resolve_type(t)
    }

    /// The struct table id of `struct tag` (or `union tag`), the script's
    /// or the kernel's, if either defines or declares it.
    fn struct_named(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.syms.struct_names.get(name) {
            return Some(id);
        }
        match self.kernel_type_named(name) {
            Some(Type::Struct(id)) => Some(id),
            _ => None,
        }
    }

    /// Enters `struct tag` with no definition yet.
    fn declare_forward(&mut self, name: &str) {
        let id = self.syms.structs.len() as u32;
        self.syms.structs.push(StructDef {
            name: name.to_string(),
            members: Vec::new(),
            size: 0,
            align: 1,
            kernel: None,
        });
        self.syms.struct_names.insert(name.to_string(), id);
        self.syms.forward.insert(id);
    }

    /// Checks `member = value` of a translator from `input` to struct
    /// `output` (DTrace's `dt_cook_xlator`).
    fn check_translated_member(
        &mut self,
        output: u32,
        param: &str,
        input: Type,
        m: &TranslatorMember,
    ) {
        let member = self.syms.structs[output as usize]
            .members
            .iter()
            .find(|x| x.name == m.name)
            .cloned();
        let Some(member) = member else {
            let owner = self.struct_name(output);
            self.report(Diagnostic::xlate_no_member(m.span, &m.name, &owner));
            return;
        };
        // Any value of the input's type: the members are compiled again,
        // with the real input, where they are used.
        let placeholder = ir::Expr {
            kind: ir::ExprKind::Arg(0),
            ty: input,
            span: m.value.span,
        };
        let Some(value) = self.with_input(param, placeholder, |cx| cx.expr(&m.value)) else {
            return;
        };
        if !self.member_accepts(&member, &value) {
            let want = self.member_spelling(&member);
            let found = self.spelling(value.ty);
            let d = Diagnostic::xlate_incompatible(m.value.span, &m.name, &want, &found);
            self.report(d);
        }
    }

    /// Runs `f` with `param` naming `input` and no other translator's
    /// parameter in sight.
    fn with_input<T>(&mut self, param: &str, input: ir::Expr, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.bound, vec![(param.to_string(), input)]);
        let out = f(self);
        self.bound = saved;
        out
    }

    /// Whether a member of this type takes `value`, by DTrace's rules for
    /// arguments (`dt_node_is_argcompat`).
    fn member_accepts(&self, member: &Member, value: &ir::Expr) -> bool {
        if member.len.is_some() {
            // A char array takes a string; other arrays nothing.
            return is_char(member.ty) && is_stringlike(value.ty);
        }
        compatible(member.ty, value)
    }

    /// `xlate < to > (operand)`.
    pub(super) fn xlate(&mut self, e: &Expr, to: &TypeName, operand: &Expr) -> Option<ir::Expr> {
        let value = self.expr(operand)?;
        self.translate(value, to, e.span)
    }

    /// `value` translated to `to` (a struct or a pointer to one): the
    /// value, typed as the translator's data.
    pub(super) fn translate(
        &mut self,
        value: ir::Expr,
        to: &TypeName,
        span: Span,
    ) -> Option<ir::Expr> {
        let target = self.resolve_type(to)?;
        let written = spelled(to);
        let (output, pointer) = match target {
            Type::Struct(id) => (id, false),
            Type::StructPtr(id) => (id, true),
            _ => {
                let from = self.spelling(value.ty);
                self.report(Diagnostic::xlate_none(span, &from, &written, false));
                return None;
            }
        };
        let Some(i) = self.find_translator(output, &value) else {
            let from = self.spelling(value.ty);
            self.report_kernel(Diagnostic::xlate_none(span, &from, &written, true));
            return None;
        };
        let shadow = self.xlators.list[i].shadow;
        let ty = if pointer {
            Type::StructPtr(shadow)
        } else {
            Type::Struct(shadow)
        };
        Some(ir::Expr { ty, span, ..value })
    }

    /// The translator to struct `output` that takes `value`: one whose
    /// input is of `value`'s type, else one whose input accepts it
    /// (DTrace's `dt_xlator_lookup`). Without the kernel's types, a
    /// prelude translator whose input is one of them stands in: the use
    /// of a member says what is missing.
    fn find_translator(&mut self, output: u32, value: &ir::Expr) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.xlators.list.len())
            .filter(|&i| self.xlators.list[i].output == output)
            .collect();
        for &i in &candidates {
            self.resolve_input(i);
        }
        let inputs: Vec<(usize, Type)> = candidates
            .iter()
            .filter_map(|&i| self.xlators.list[i].input.map(|t| (i, t)))
            .collect();
        inputs
            .iter()
            .find(|(_, t)| *t == value.ty)
            .or_else(|| inputs.iter().find(|(_, t)| compatible(*t, value)))
            .map(|&(i, _)| i)
            .or_else(|| {
                candidates
                    .into_iter()
                    .find(|&i| self.xlators.list[i].input.is_none())
            })
    }

    /// Resolves a prelude translator's input type, quietly: without the
    /// kernel's types it takes nothing.
    fn resolve_input(&mut self, i: usize) {
        if self.xlators.list[i].input.is_some() {
            return;
        }
        let name = self.xlators.list[i].input_name.clone();
        let mut quiet = Vec::new();
        std::mem::swap(self.diags, &mut quiet);
        let ty = self.resolve_type(&name);
        std::mem::swap(self.diags, &mut quiet);
        self.xlators.list[i].input = ty;
    }

    /// The translator whose data `ty` is, when `ty` is translated data
    /// (`.`) or a pointer to it (`->`).
    pub(super) fn translator_of(&self, ty: Type, arrow: bool) -> Option<usize> {
        let id = match (arrow, ty) {
            (true, Type::StructPtr(id)) | (false, Type::Struct(id)) => id,
            _ => return None,
        };
        self.translator_of_shadow(id)
    }

    /// Whether `ty` is translated data of the struct `declared` (an
    /// inline of a struct type bound to an `xlate`).
    pub(super) fn translates_to(&self, ty: Type, declared: Type) -> bool {
        let (Type::Struct(shadow), Type::StructVal(out) | Type::Struct(out)) = (ty, declared)
        else {
            return false;
        };
        self.translator_of_shadow(shadow)
            .is_some_and(|i| self.xlators.list[i].output == out)
    }

    fn translator_of_shadow(&self, id: u32) -> Option<usize> {
        self.xlators.list.iter().position(|x| x.shadow == id)
    }

    /// Whether `ty` is translated data (`Some(false)`) or a pointer to it
    /// (`Some(true)`).
    pub(super) fn translated(&self, ty: Type) -> Option<bool> {
        match ty {
            Type::Struct(id) => self.translator_of_shadow(id).map(|_| false),
            Type::StructPtr(id) => self.translator_of_shadow(id).map(|_| true),
            _ => None,
        }
    }

    /// Whether a value of type `from` stays translated data where `to`
    /// is declared (an inline, a variable of the output's type).
    pub(super) fn keeps_translation(&self, from: Type, to: Type) -> bool {
        let shadow_of = |id: u32| {
            self.translator_of_shadow(id)
                .map(|i| self.xlators.list[i].output)
        };
        match (from, to) {
            (Type::Struct(a), Type::Struct(b)) | (Type::StructPtr(a), Type::StructPtr(b)) => {
                a == b || shadow_of(a) == Some(b)
            }
            _ => false,
        }
    }

    /// `base.name` (or `base->name`) on translated data (`base` checked):
    /// the member's translation with the input bound to `base`.
    pub(super) fn translated_member(
        &mut self,
        e: &Expr,
        base: ir::Expr,
        xlator: usize,
        name: &str,
    ) -> Option<ir::Expr> {
        let x = &self.xlators.list[xlator];
        let (shadow, prelude, param) = (x.shadow, x.prelude, x.param.clone());
        let translation = x.members.iter().find(|m| m.name == name).cloned();
        let input = x.input;
        let member = self.syms.structs[shadow as usize]
            .members
            .iter()
            .find(|m| m.name == name)
            .cloned();
        let Some(member) = member else {
            let owner = self.struct_name(shadow);
            self.report(Diagnostic::no_member(e.span, name, &owner));
            return None;
        };
        let Some(translation) = translation else {
            self.report(Diagnostic::xlate_noconv(e.span, name));
            return None;
        };
        let input = match input {
            Some(t) => t,
            // The kernel's types are missing: say so.
            None => {
                let name = self.xlators.list[xlator].input_name.clone();
                self.resolve_type(&TypeName {
                    span: e.span,
                    ..name
                })?
            }
        };
        let bound = ir::Expr { ty: input, ..base };
        let mut body = translation.value;
        if prelude {
            super::stable::respan(&mut body, e.span);
        }
        let value = self.with_input(&param, bound, |cx| cx.underlying(|cx| cx.expr(&body)))?;
        if member.len.is_some() {
            // A char array: a string, as D reads one.
            return Some(value);
        }
        self.convert(value, member.ty, name)
    }

    /// A cast of `value` (of `operand`) to `to`: refused when `value` is
    /// translated data, which has no address to take or bits to
    /// reinterpret, but for a builtin that is a pointer in DTrace cast to
    /// an integer (`(int64_t)curcpu`, `(uintptr_t)curpsinfo`): the
    /// translator's input, the CPU's number or the thread's address.
    pub(super) fn cast_of_translated(
        &mut self,
        (e, operand): (&Expr, &Expr),
        value: &ir::Expr,
        to: &TypeName,
        resolved: Type,
    ) -> bool {
        let Some(pointer) = self.translated(value.ty) else {
            return false;
        };
        let builtin = matches!(&operand.kind, ExprKind::Ident(n)
            if super::super::translators::BUILTINS.iter().any(|b| b.0 == n));
        if pointer && builtin && matches!(resolved, Type::Int { .. }) {
            return false;
        }
        self.report(Diagnostic::cast_translated(e.span, pointer, &spelled(to)));
        true
    }

    /// `struct tag` of struct `id`.
    pub(super) fn struct_name(&self, id: u32) -> String {
        self.syms
            .structs
            .get(id as usize)
            .map_or_else(String::new, |s| s.name.clone())
    }

    /// A member's type as C spells it (`char *`, `char [16]`).
    fn member_spelling(&self, m: &Member) -> String {
        match m.len {
            Some(n) => format!("{} [{n}]", self.spelling(m.ty)),
            None => self.spelling(m.ty),
        }
    }

    /// A type as C spells it, for messages DTrace words that way.
    pub(super) fn spelling(&self, ty: Type) -> String {
        match ty {
            Type::Int { signed, size } => IntKind { signed, size }.spelling().to_string(),
            Type::Ptr { to: None } => "void *".into(),
            Type::Ptr { to: Some(k) } => format!("{} *", k.spelling()),
            Type::Str => "string".into(),
            Type::Struct(id) | Type::StructVal(id) => self.struct_name(id),
            Type::StructPtr(id) => format!("{} *", self.struct_name(id)),
            Type::Stack | Type::Ustack => "stack".into(),
            Type::Symbol(_) | Type::Usym(_) => "_symaddr".into(),
        }
    }
}

/// A type name as written (`struct out *`).
fn spelled(t: &TypeName) -> String {
    match t.pointers {
        0 => t.base.clone(),
        n => format!("{} {}", t.base, "*".repeat(usize::from(n))),
    }
}

fn is_char(ty: Type) -> bool {
    matches!(ty, Type::Int { size: 1, .. })
}

fn is_char_pointer(ty: Type) -> bool {
    matches!(
        ty,
        Type::Ptr {
            to: Some(IntKind { size: 1, .. })
        }
    )
}

fn is_stringlike(ty: Type) -> bool {
    ty == Type::Str || is_char_pointer(ty)
}

fn is_pointer(ty: Type) -> bool {
    matches!(ty, Type::Ptr { .. } | Type::StructPtr(_))
}

/// Whether a place of type `want` takes `value` (DTrace's
/// `dt_node_is_argcompat`): integers take integers, strings strings (or
/// `char *`), pointers compatible pointers, `void *` or a constant 0, a
/// struct the same struct.
fn compatible(want: Type, value: &ir::Expr) -> bool {
    let found = value.ty;
    if want == found {
        return true;
    }
    match (want, found) {
        (Type::Int { .. }, Type::Int { .. }) => true,
        (w, f) if is_stringlike(w) && is_stringlike(f) => true,
        (w, Type::Int { .. }) if is_pointer(w) => value.kind == ir::ExprKind::Int(0),
        (Type::Ptr { to: None }, f) => is_pointer(f),
        (w, Type::Ptr { to: None }) => is_pointer(w),
        _ => false,
    }
}
