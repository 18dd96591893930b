//! The symbol table of the whole script: variables (with the type fixed
//! by their declaration or first assignment, in any clause), inlines,
//! typedefs and enumerators.

use super::super::ast;
use super::super::ir::Variable;
use super::super::span::Span;
use super::super::types::Type;
use rdtrace_uapi::dif::limits::{MAX_TUPLE, MAX_VARS};
use rdtrace_uapi::dif::program::VarKind;
use std::collections::{HashMap, HashSet};

/// Which namespace a variable name lives in: globals and associative
/// arrays share one, `self->` and `this->` have their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Scope {
    /// `x` and `x[k]`.
    Global,
    /// `self->x`.
    Thread,
    /// `this->x`.
    Clause,
}

impl Scope {
    /// The scope of a declaration's storage class.
    pub(super) fn of(storage: ast::Storage) -> Scope {
        match storage {
            ast::Storage::Global => Scope::Global,
            ast::Storage::Thread => Scope::Thread,
            ast::Storage::Clause => Scope::Clause,
        }
    }

    /// How the name is written with its prefix.
    pub(super) fn spell(self, name: &str) -> String {
        match self {
            Scope::Global => name.to_string(),
            Scope::Thread => format!("self->{name}"),
            Scope::Clause => format!("this->{name}"),
        }
    }

    /// The DIF storage class of a scalar (or, in the global scope with
    /// keys, an array) in this scope.
    fn kind(self, assoc: bool) -> VarKind {
        match self {
            Scope::Global | Scope::Thread if assoc => VarKind::Assoc,
            Scope::Global => VarKind::Global,
            Scope::Thread => VarKind::ThreadLocal,
            Scope::Clause => VarKind::ClauseLocal,
        }
    }
}

/// An inline: a named expression with a declared type.
#[derive(Clone, Debug)]
pub(super) struct Inline {
    pub(super) ty: Type,
    pub(super) value: ast::Expr,
    /// Its parameters (`inline int f[int x] = x + 1;`), bound by a use's
    /// keys.
    pub(super) params: Vec<(Type, String)>,
    /// Its declaration.
    pub(super) span: crate::compiler::span::Span,
}

/// Everything names resolve to.
#[derive(Default)]
pub(super) struct Symbols {
    /// The variable table, in order of first declaration or assignment.
    pub(super) vars: Vec<Variable>,
    by_name: HashMap<(Scope, String), u32>,
    pub(super) inlines: HashMap<String, Inline>,
    /// Each global scalar array's length (kept as an associative array
    /// keyed by the index).
    pub(super) array_lens: HashMap<String, u64>,
    /// Each global scalar array's type as DTrace spells it (`int [3]`).
    pub(super) array_types: HashMap<String, String>,
    pub(super) typedefs: HashMap<String, Type>,
    pub(super) enumerators: HashMap<String, i64>,
    /// Each declared `enum tag`'s enumerators, in order (the tag is then
    /// a type: a signed 4-byte integer, as C's).
    pub(super) enum_tags: HashMap<String, Vec<(String, i64)>>,
    /// Declared structs and unions, by id ([`Type::Struct`]).
    pub(super) structs: Vec<super::structs::StructDef>,
    /// Their ids by `struct tag` / `union tag`.
    pub(super) struct_names: HashMap<String, u32>,
    /// The `struct tag`s whose definition had errors: a use of one is
    /// not reported again.
    pub(super) broken_structs: HashSet<String>,
    /// The ids of those only declared (`struct s *` with no `struct s {
    /// ... }` yet).
    pub(super) forward: HashSet<u32>,
    /// Variables given pointers: true for alloca pointers (into scratch),
    /// false for others (`check::scratch`).
    pub(super) alloca: HashMap<u32, bool>,
}

/// Why a variable could not be added.
pub(super) enum AddError {
    /// The table is full.
    TooMany,
}

impl Symbols {
    /// The variable `name` in `scope`, if known.
    pub(super) fn lookup(&self, scope: Scope, name: &str) -> Option<(u32, &Variable)> {
        let &id = self.by_name.get(&(scope, name.to_string()))?;
        self.vars.get(id as usize).map(|v| (id, v))
    }

    /// Adds a variable; its index is its id in every program.
    pub(super) fn add(
        &mut self,
        scope: Scope,
        name: &str,
        ty: Type,
        keys: Vec<Type>,
        span: Span,
    ) -> Result<u32, AddError> {
        if self.vars.len() >= MAX_VARS as usize || keys.len() >= MAX_TUPLE && scope == Scope::Thread
        {
            return Err(AddError::TooMany);
        }
        let id = self.vars.len() as u32;
        let assoc = !keys.is_empty();
        // A variable holds a struct's bytes, not an address.
        let held = |t: Type| match t {
            Type::Struct(s) => Type::StructVal(s),
            t => t,
        };
        let (ty, keys) = (held(ty), keys.into_iter().map(held).collect());
        self.vars.push(Variable {
            name: scope.spell(name),
            kind: scope.kind(assoc),
            ty,
            keys,
            per_thread: assoc && scope == Scope::Thread,
            span,
        });
        self.by_name.insert((scope, name.to_string()), id);
        Ok(id)
    }

    /// Whether `name` is already something other than a variable.
    pub(super) fn is_other_name(&self, name: &str) -> bool {
        self.inlines.contains_key(name) || self.enumerators.contains_key(name)
    }

    /// Every name in `scope`, for suggestions.
    pub(super) fn names(&self, scope: Scope) -> impl Iterator<Item = &str> {
        self.by_name
            .keys()
            .filter(move |(s, _)| *s == scope)
            .map(|(_, n)| n.as_str())
    }
}
