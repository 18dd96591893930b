//! The man page and completions come from the CLI definition: every flag
//! and subcommand is in them.

use clap::CommandFactory;
use rdtrace::cli::Args;
use rdtrace::docs;

fn man() -> String {
    let mut out = Vec::new();
    docs::man_page(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_man_page_names_every_flag_and_subcommand() {
    let man = man();
    assert!(man.contains(".TH rdtrace 8"), "not section 8");
    let cmd = Args::command();
    let mut flags = 0;
    for arg in cmd.get_arguments() {
        if let Some(s) = arg.get_short() {
            assert!(man.contains(&format!("\\-{s}")), "-{s} missing");
            flags += 1;
        }
        if let Some(l) = arg.get_long() {
            assert!(man.contains(&format!("\\-\\-{l}")), "--{l} missing");
            flags += 1;
        }
    }
    assert!(flags >= 25, "only {flags} flags seen");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // roff escapes a hyphen: `validate-json` is `validate\-json`.
        let name = sub.get_name().replace('-', "\\-");
        assert!(man.contains(&name), "subcommand {} missing", sub.get_name());
    }
    assert!(man.contains("dtruss.d"), "the tools are not mentioned");
}

#[test]
fn completions_offer_the_flags() {
    for shell in docs::SHELLS {
        let mut out = Vec::new();
        docs::completions(shell, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("rdtrace"), "{shell}");
        assert!(text.contains("flamegraph"), "{shell}: --flamegraph missing");
    }
}

#[test]
fn rdtrace_docs_writes_the_files() {
    let dir = std::env::temp_dir().join(format!("rdtrace-docs-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rdtrace-docs"))
        .arg(dir.join("man8"))
        .arg(dir.join("completions"))
        .status()
        .unwrap();
    assert!(status.success());
    for f in [
        "man8/rdtrace.8",
        "completions/rdtrace.bash",
        "completions/_rdtrace",
        "completions/rdtrace.fish",
    ] {
        let len = std::fs::metadata(dir.join(f)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{f}: {len} bytes");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
