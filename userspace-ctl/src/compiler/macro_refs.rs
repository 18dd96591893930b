//! Which macro arguments a script refers to: DTrace refuses a script that
//! is given arguments it never uses (its last one, as DTrace checks), a
//! sign the arguments went to the wrong script, unless `-x argref`.

use super::token::{Token, TokenKind};

/// Whether `tokens` refer to argument `n` (`$n` or `$$n`), in an
/// expression or in a probe description.
pub fn refers_to(tokens: &[Token], n: usize) -> bool {
    tokens.iter().any(|t| match &t.kind {
        TokenKind::Macro { name, .. } => name.parse() == Ok(n),
        TokenKind::ProbeDesc(text) => desc_refs(text).any(|m| m == n),
        _ => false,
    })
}

/// The `$N` in a probe description's text.
fn desc_refs(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split('$').skip(1).filter_map(|after| {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        after[..digits].parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::lexer;

    fn refers(src: &str, n: usize) -> bool {
        let mut diags = Vec::new();
        refers_to(&lexer::lex(src, &mut diags), n)
    }

    #[test]
    fn expressions_and_probe_descriptions_refer_strings_and_comments_do_not() {
        assert!(refers("BEGIN { trace($1); }", 1));
        assert!(refers("BEGIN { trace($$2); }", 2));
        assert!(refers("syscall::$1:entry { }", 1));
        assert!(refers("fbt:$2:$1:entry { }", 2));
        assert!(!refers("BEGIN { trace($1); }", 2));
        assert!(!refers("BEGIN { trace(\"$1\"); }", 1));
        assert!(!refers("/* $1 */ BEGIN { exit(0); }", 1));
        assert!(!refers("BEGIN { trace($12); }", 1));
    }
}
