//! DTrace's options, pragmas, flags and -C, as a user meets them: the
//! option table, `#pragma D` lines, the command line of the binary.

use rdtrace::compiler::pragma::PragmaKind;
use rdtrace::compiler::{compile, Options};
use rdtrace::option_table::{parse, Kind, OptionError, Support, Value, OPTIONS};
use std::process::Command;

/// A value of each kind that the option accepts.
fn sample(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Flag => None,
        // strsize goes no higher than 4k.
        Kind::Size { max, .. } if max < 64 << 10 => Some("1k"),
        Kind::Size { .. } => Some("64k"),
        Kind::Time => Some("10hz"),
        Kind::Count | Kind::CountIn { .. } => Some("4"),
        Kind::Choice(words) => Some(words[0]),
        Kind::Text => Some("x"),
    }
}

#[test]
fn every_option_is_accepted_or_refused_as_not_yet() {
    for o in OPTIONS {
        let got = parse(o.name, sample(o.kind));
        match o.support {
            Support::Used | Support::Stored => assert!(got.is_ok(), "{}: {got:?}", o.name),
            Support::NotYet => {
                assert_eq!(got, Err(OptionError::NotYet { name: o.name }))
            }
        }
    }
    // The ones scripts use most are honoured, not just stored.
    for name in [
        "quiet",
        "flowindent",
        "destructive",
        "bufsize",
        "switchrate",
        "zdefs",
    ] {
        let spec = OPTIONS.iter().find(|o| o.name == name).unwrap();
        assert_eq!(spec.support, Support::Used, "{name}");
    }
}

#[test]
fn unknown_options_suggest_and_bad_values_are_named() {
    let e = parse("bufszie", Some("4m")).unwrap_err();
    assert_eq!(e.to_string(), "unknown option `bufszie`");
    assert_eq!(e.hint().as_deref(), Some("did you mean `bufsize`?"));
    for (name, value) in [
        ("bufsize", "12q"),
        ("bufsize", "4mb"),
        ("bufsize", "0"),
        ("switchrate", "10parsecs"),
        ("switchrate", "-1hz"),
        ("nspec", "four"),
        ("bufpolicy", "circle"),
        ("quiet", "maybe"),
    ] {
        let e = parse(name, Some(value)).unwrap_err();
        assert!(e.to_string().contains(&format!("`{value}`")), "{e}");
    }
    assert_eq!(
        parse("bufsize", Some("1m")).unwrap().1,
        Value::Size(1 << 20)
    );
    assert_eq!(
        parse("switchrate", Some("250ms")).unwrap().1,
        Value::Nanos(250_000_000)
    );
    assert!(matches!(
        parse("bufsize", None),
        Err(OptionError::NeedsValue { .. })
    ));
}

#[test]
fn pragmas_compile_and_come_back_in_order() {
    let src = "#!/usr/sbin/dtrace -s\n#pragma D option quiet\n#pragma D option bufsize=8k\n\
               #pragma D depends_on provider fbt\n#pragma D binding \"1.0\" foo\n\
               BEGIN { trace(1); }\n";
    let compiled = compile(src, "p.d", &Options::default()).expect("compiles");
    let kinds: Vec<String> = compiled
        .pragmas
        .iter()
        .map(|p| match &p.kind {
            PragmaKind::Option { spec, value } => format!("{}={value:?}", spec.name),
            PragmaKind::DependsOn { class, name } => format!("{} {name}", class.name()),
        })
        .collect();
    assert_eq!(
        kinds,
        ["quiet=Flag(true)", "bufsize=Size(8192)", "provider fbt"]
    );
}

fn rdtrace(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rdtrace"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn flags_as_dtrace_defines_them() {
    let (code, out, _) = rdtrace(&["-V"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "rdtrace: D 1.13 (rdtrace 0.1.0)\n")
    );
    // Combined short flags, compile only (no device needed).
    for args in [
        &["-e", "-qn", "BEGIN"][..],
        &["-ewqZn", "BEGIN"],
        &["-eFn", "BEGIN"],
        // A flag given twice, as dtrace takes it.
        &["-e", "-e", "-q", "-q", "-n", "BEGIN"],
    ] {
        let (code, _, err) = rdtrace(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let mut seen = String::new();
    for args in [
        &["-e", "-x", "quite", "-n", "BEGIN"][..],
        &["-e", "-b", "12q", "-n", "BEGIN"],
        &["-e", "-x", "switchrate=10parsecs", "-n", "BEGIN"],
        &["-e", "-x", "bufsize", "-n", "BEGIN"],
        &["-e", "-x", "aggpercpu", "-n", "BEGIN"],
    ] {
        let (code, _, err) = rdtrace(args);
        assert_eq!(code, 2, "{args:?}");
        seen.push_str(&format!("$ rdtrace {}\n{err}", args.join(" ")));
    }
    insta::assert_snapshot!(seen);
    // -S prints the DIF on stderr, leaving stdout to the trace.
    let (code, out, err) = rdtrace(&["-e", "-S", "-n", "BEGIN { exit(0); }"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert!(
        err.contains("; clause 1 actions") && err.contains("exit r"),
        "{err}"
    );
    let (_, out, _) = rdtrace(&["-e", "-v", "-n", "BEGIN"]);
    assert!(
        out.contains("Minimum Probe Description Attributes"),
        "{out}"
    );
}

#[test]
fn cpp_defines_and_maps_errors_back() {
    let dir = std::env::temp_dir().join(format!("rdtrace-cpp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("cpp.d");
    std::fs::write(
        &script,
        "#!/usr/sbin/dtrace -Cs\n#pragma D option quiet\n#ifndef N\n#define N 1\n#endif\n\n\n\n\
         BEGIN\n{\n\tprintf(\"%d\\n\", N + pdi);\n}\n",
    )
    .unwrap();
    let path = script.to_str().unwrap();
    let (code, _, err) = rdtrace(&["-e", "-C", "-D", "N=2", "-s", path]);
    assert_eq!(code, 2);
    // Line 11 of the file as written, under the name given, column of `pdi`.
    let name = format!("{path}:11:21");
    assert!(err.contains(&name), "{err}");
    assert!(
        err.contains("11 |     printf(\"%d\\n\", N + pdi);"),
        "{err}"
    );
    // Without -C the #ifndef is not D.
    let (_, _, err) = rdtrace(&["-e", "-s", path]);
    assert!(err.contains("invalid control directive `#ifndef`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
