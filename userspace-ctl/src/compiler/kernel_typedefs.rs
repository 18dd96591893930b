//! The kernel's typedef names a script casts to (`(u64)arg0`,
//! `sizeof (loff_t)`): D's parser must know a type name to tell a cast from
//! a parenthesized expression, and DTrace knows every kernel type. Only
//! the names written as `( NAME )` or `( NAME *` that D does not know are
//! looked up, so that a script without them never reads the kernel's BTF;
//! one that has them hands the BTF read on to the checker.

use super::btf::KernelBtf;
use super::token::{Token, TokenKind};
use super::types::{Type, TYPE_WORDS};
use std::collections::HashSet;
use std::path::Path;
use std::rc::Rc;

/// The kernel typedefs a script casts to, and the BTF they came from.
#[derive(Default)]
pub struct KernelTypedefs {
    /// The cast-shaped names that are typedefs in the kernel's BTF.
    pub names: HashSet<String>,
    /// The BTF, when it was read to find them.
    pub btf: Option<Rc<KernelBtf>>,
}

/// The names among `tokens`' cast-shaped ones that are typedefs in the
/// kernel's BTF at `btf` (none without it).
pub fn named_in(tokens: &[Token], btf: Option<&Path>) -> KernelTypedefs {
    let candidates = cast_shaped(tokens);
    if candidates.is_empty() {
        return KernelTypedefs::default();
    }
    let Some(kernel) = btf.and_then(|p| KernelBtf::load(p).ok()) else {
        return KernelTypedefs::default();
    };
    let names = candidates
        .into_iter()
        .filter(|name| kernel.typedef_named(name).is_some())
        .collect();
    KernelTypedefs {
        names,
        btf: Some(Rc::new(kernel)),
    }
}

/// Identifiers D does not know as types, written `( NAME )` or `( NAME *`,
/// that are not plainly values: a builtin (`trace(execname)`), a name of
/// the prelude (`(SIGKILL)`) or one the script assigns (`x = 1; trace(x)`)
/// would read the whole BTF (a third of a second under TCG) for nothing.
fn cast_shaped(tokens: &[Token]) -> HashSet<String> {
    let assigned = assigned_names(tokens);
    tokens
        .windows(3)
        .filter_map(|w| match (&w[0].kind, &w[1].kind, &w[2].kind) {
            (open, TokenKind::Ident(name), close)
                if open.is("(")
                    && (close.is(")") || close.is("*"))
                    && !known(name)
                    && !assigned.contains(name.as_str()) =>
            {
                Some(name.clone())
            }
            _ => None,
        })
        .collect()
}

/// The names the script writes to (`NAME =`, `NAME += ...`, `NAME++`):
/// variables, not types.
fn assigned_names(tokens: &[Token]) -> HashSet<&str> {
    const WRITES: &[&str] = &[
        "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--",
    ];
    tokens
        .windows(2)
        .filter_map(|w| match (&w[0].kind, &w[1].kind) {
            (TokenKind::Ident(name), op) if WRITES.iter().any(|p| op.is(p)) => Some(name.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether D itself knows `name`: as (part of) a type, or as a value
/// (a builtin variable, a name of the prelude).
fn known(name: &str) -> bool {
    TYPE_WORDS.contains(&name)
        || matches!(name, "struct" | "union" | "enum")
        || Type::int_named(name).is_some()
        || super::names::lookup(name).is_some()
        || super::translators::names_prelude(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        super::super::lexer::lex(text, &mut Vec::new())
    }

    #[test]
    fn only_unknown_names_in_parentheses_are_candidates() {
        // A lone call argument looks the same: the BTF says it is no type.
        let t = tokens(
            "BEGIN { x = (u64)arg0 + sizeof (loff_t) + (y) * (int)1 + (gfp_t *)0; f(a, b); }",
        );
        let mut found: Vec<String> = cast_shaped(&t).into_iter().collect();
        found.sort();
        assert_eq!(found, ["gfp_t", "loff_t", "u64", "y"]);
    }

    #[test]
    fn builtins_prelude_names_and_assigned_variables_are_not_candidates() {
        let t = tokens(
            "BEGIN { x = 1; n++; trace(x); trace(n); trace(execname); trace(arg0); \
             trace(SIGKILL); trace(curpsinfo); }",
        );
        assert!(cast_shaped(&t).is_empty(), "{:?}", cast_shaped(&t));
    }

    #[test]
    fn without_btf_nothing_is_a_kernel_type() {
        assert!(named_in(&tokens("BEGIN { trace((u64)1); }"), None)
            .names
            .is_empty());
    }
}
