//! The negative D corpus, tests/d/err/err.D_TAG.name.d: every script must
//! fail to compile with DTrace's tag at the line and column its first line
//! states (`/* EXPECT: D_TAG at LINE:COL: why. */`), and its rendered
//! diagnostics match their snapshot.

use rdtrace::compiler::{compile, Options};
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/d/err");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "d"))
        .collect();
    files.sort();
    files
}

/// One macro argument, as the scripts about `$N` expect.
fn options() -> Options {
    Options {
        target: None,
        args: vec!["forty".into()],
        // Given to every script, used by few.
        argref: true,
        ..Options::default()
    }
}

/// (tag, line, column) from the EXPECT comment.
fn expectation(source: &str) -> Option<(String, usize, usize)> {
    let rest = source.lines().next()?.strip_prefix("/* EXPECT: ")?;
    let (tag, rest) = rest.split_once(" at ")?;
    let (pos, _) = rest.split_once(": ")?;
    let (line, col) = pos.split_once(':')?;
    Some((tag.to_string(), line.parse().ok()?, col.parse().ok()?))
}

#[test]
fn every_script_fails_with_its_tag_line_and_column() {
    let files = corpus();
    assert!(files.len() >= 100, "only {} scripts", files.len());
    let mut wrong = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let Some((tag, line, col)) = expectation(&source) else {
            wrong.push(format!("{name}: no EXPECT comment on line 1"));
            continue;
        };
        if !name.starts_with(&format!("err.{tag}.")) {
            wrong.push(format!("{name}: EXPECT names {tag}"));
        }
        let got = match compile(&source, &name, &options()) {
            Ok(_) => "compiled".to_string(),
            Err(d) => {
                let first = &d.items[0];
                let (l, c) = first.span.line_col(&source);
                format!("{} at {l}:{c}", first.tag)
            }
        };
        let want = format!("{tag} at {line}:{col}");
        if got != want {
            wrong.push(format!("{name}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn rendered() {
    insta::glob!("../../tests/d/err", "*.d", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        if let Err(diags) = compile(&source, &name, &options()) {
            insta::assert_snapshot!(diags.render(&source, &name, false));
        }
    });
}
