//! Diagnostic snapshots: every broken script's rendered errors (no color).

use rdtrace::compiler::{compile, Options};

#[test]
fn rendered() {
    insta::glob!("snapshots/errors/*.d", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let opts = Options {
            target: None,
            args: vec!["forty".into()],
            // Given to every example, used by few.
            argref: true,
            ..Default::default()
        };
        let diags = compile(&source, &name, &opts).expect_err("the script is broken");
        insta::assert_snapshot!(diags.render(&source, &name, false));
    });
}

#[test]
fn color_adds_ansi_escapes() {
    let source = "BEGIN { trace(pdi); }";
    let diags = compile(source, "x.d", &Options::default()).unwrap_err();
    let plain = diags.render(source, "x.d", false);
    let color = diags.render(source, "x.d", true);
    assert!(!plain.contains('\x1b'));
    assert!(color.contains('\x1b'));
    assert!(plain.contains("x.d:1:15"), "{plain}");
    assert!(plain.contains("did you mean `pid`?"), "{plain}");
}

#[test]
fn several_errors_in_one_run() {
    let source = "BEGIN { trace(pdi); trace(1 +); } END { printf(\"%d\", execname); }";
    let diags = compile(source, "x.d", &Options::default()).unwrap_err();
    assert_eq!(diags.items.len(), 3, "{diags}");
}
