//! Parser snapshots: the syntax tree of every example script.

use rdtrace::compiler::{lexer, parser};

#[test]
fn ast() {
    insta::glob!("snapshots/examples/*.d", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let mut diags = Vec::new();
        let tokens = lexer::lex(&source, &mut diags);
        let script = parser::parse(&tokens, &mut diags);
        assert!(diags.is_empty(), "{}: {diags:?}", path.display());
        insta::assert_debug_snapshot!(script);
    });
}
