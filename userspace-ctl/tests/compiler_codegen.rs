//! Code generation snapshots: the DIF assembly, formats and record layout
//! of every example script.

use rdtrace::compiler::{compile, Compiled, Options};
use std::fmt::Write;

/// The options every example is compiled with.
pub fn example_options() -> Options {
    Options {
        target: Some(1000),
        args: vec!["25".into(), "cat".into()],
        // The examples that use no arguments are given them too.
        argref: true,
        ..Default::default()
    }
}

fn describe(c: &Compiled) -> String {
    let mut out = String::new();
    for (i, clause) in c.clauses.iter().enumerate() {
        let probes: Vec<String> = clause.probes.iter().map(|p| p.to_string()).collect();
        writeln!(out, "== clause {} probes: {}", i + 1, probes.join(" ")).unwrap();
        if let Some(p) = &clause.predicate {
            writeln!(out, "-- predicate (cost {})\n{}", p.cost, p.asm).unwrap();
        }
        writeln!(
            out,
            "-- actions (cost {})\n{}",
            clause.actions.cost, clause.actions.asm
        )
        .unwrap();
        for f in &clause.formats {
            writeln!(
                out,
                "format {}: {:?} args {:?}",
                f.fmt_id,
                f.format.text,
                f.format.arg_types()
            )
            .unwrap();
        }
        writeln!(out, "records: {:?}", clause.records).unwrap();
    }
    out
}

#[test]
fn assembly() {
    insta::glob!("snapshots/examples/*.d", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let compiled =
            compile(&source, &name, &example_options()).unwrap_or_else(|d| panic!("{d}"));
        insta::assert_snapshot!(describe(&compiled));
    });
}
