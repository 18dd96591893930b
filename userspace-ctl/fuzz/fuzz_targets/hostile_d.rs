//! The property both the fuzz target and `cargo test` (tests/compiler_hostile.rs)
//! check on arbitrary D source.

use rdtrace::compiler::{compile, Options};

/// Compiles `data` (lossily decoded, as the CLI reads a script) with macro
/// arguments and every option that widens what compiles; renders the
/// diagnostics of a rejected script, as the CLI would print them.
pub fn check(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let opts = Options {
        target: Some(1000),
        args: vec!["25".into(), "cat".into()],
        destructive: true,
        zdefs: true,
        ..Default::default()
    };
    match compile(&source, "fuzz.d", &opts) {
        Ok(compiled) => {
            for c in &compiled.clauses {
                assert!(!c.actions.blob.is_empty(), "a clause without a program");
            }
        }
        Err(diags) => {
            let text = diags.to_string();
            assert!(!text.is_empty(), "a rejected script without diagnostics");
        }
    }
}
