//! `system()` and `freopen()`: printf-like actions the consumer carries
//! out, allowed only with `-w`.

use rdtrace::compiler::ir::Command;
use rdtrace::compiler::{compile, Compiled, Options};

fn destructive() -> Options {
    Options {
        destructive: true,
        ..Default::default()
    }
}

fn commands(c: &Compiled) -> Vec<(Option<Command>, String)> {
    c.clauses[0]
        .formats
        .iter()
        .map(|f| (f.command, f.format.text.clone()))
        .collect()
}

#[test]
fn freopen_needs_destructive() {
    let err = compile("BEGIN { freopen(\"/tmp/x\"); }", "t.d", &Options::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("`freopen()` is a destructive action"),
        "{err}"
    );
}

#[test]
fn freopen_formats_its_path_and_restores_with_an_empty_one() {
    let c = compile(
        "BEGIN { freopen(\"/tmp/log.%d\", pid); printf(\"x\"); freopen(\"\"); }",
        "t.d",
        &destructive(),
    )
    .unwrap();
    assert_eq!(
        commands(&c),
        [
            (Some(Command::Freopen), "/tmp/log.%d".to_string()),
            (None, "x".to_string()),
            (Some(Command::Freopen), String::new()),
        ]
    );
}

#[test]
fn commands_of_one_text_are_told_apart() {
    let c = compile(
        "BEGIN { freopen(\"same\"); system(\"same\"); printf(\"same\"); }",
        "t.d",
        &destructive(),
    )
    .unwrap();
    let ids: std::collections::HashSet<u32> =
        c.clauses[0].formats.iter().map(|f| f.fmt_id).collect();
    assert_eq!(ids.len(), 3);
}

#[test]
fn freopen_needs_a_format() {
    let err = compile("BEGIN { freopen(); }", "t.d", &destructive()).unwrap_err();
    assert!(err.to_string().contains("freopen"), "{err}");
}

#[test]
fn ftruncate_takes_nothing_and_needs_no_destructive() {
    let c = compile("BEGIN { ftruncate(); }", "t.d", &Options::default()).unwrap();
    assert_eq!(commands(&c), [(Some(Command::Ftruncate), String::new())]);
    let err = compile("BEGIN { ftruncate(1); }", "t.d", &Options::default()).unwrap_err();
    assert!(err.to_string().contains("ftruncate"), "{err}");
}
