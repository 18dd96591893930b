//! Running compiled programs: every example's blobs pass the verifier, and
//! the programs do what the D says when run against a mock environment.

// The DIF test environment is uapi's own, shared rather than copied.
#[allow(dead_code)]
#[path = "../../uapi/tests/common/mock.rs"]
mod mock_env;

use mock_env::{MockEnv, Owned, Record};
use rdtrace::compiler::{compile, trace_width, Clause, Options, Program};
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

fn opts() -> Options {
    Options {
        target: Some(1000),
        args: vec!["25".into(), "cat".into()],
        // Given to every test program, used by few.
        argref: true,
        ..Default::default()
    }
}

fn compile_ok(source: &str) -> Vec<Clause> {
    compile(source, "test.d", &opts())
        .unwrap_or_else(|d| panic!("{d}"))
        .clauses
}

/// Verifies and runs `p` against `env`, returning what `ret` returned.
fn exec(p: &Program, env: &mut MockEnv) -> u64 {
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    let verified = verify(&p.blob, &Limits::DEFAULT, &mut work).expect("verifies");
    assert_eq!(verified.cost(), p.cost);
    let mut scratch = [0u8; 4096];
    run(&p.blob, &verified, env, &mut scratch)
        .unwrap_or_else(|f| panic!("fault {f}\n{}", p.asm))
        .value
}

/// Runs the predicate (if any) and the actions of the only clause.
fn fire(source: &str, env: &mut MockEnv) -> Option<Vec<Record>> {
    let clauses = compile_ok(source);
    let [clause] = clauses.as_slice() else {
        panic!("one clause expected")
    };
    if let Some(p) = &clause.predicate {
        if exec(p, env) == 0 {
            return None;
        }
    }
    assert_eq!(exec(&clause.actions, env), 0);
    Some(
        std::mem::take(&mut env.records)
            .into_iter()
            .map(as_trace)
            .collect(),
    )
}

/// A narrow integer's trace is recorded as a tagged printf (its width for
/// the printer): the value traced, as the other traces are compared.
fn as_trace(r: Record) -> Record {
    match r {
        Record::Printf(_, fmt, mut args) if trace_width::is_trace(&fmt) && args.len() == 1 => {
            Record::Trace(args.remove(0))
        }
        r => r,
    }
}

fn records(source: &str) -> Vec<Record> {
    fire(source, &mut MockEnv::new()).expect("the predicate holds")
}

fn int(v: i64) -> Owned {
    Owned::Int(v as u64)
}

fn string(s: &str) -> Owned {
    Owned::Str(s.as_bytes().to_vec())
}

#[test]
fn every_example_verifies() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let clauses = compile(&source, "x.d", &opts()).unwrap_or_else(|d| panic!("{d}"));
        for clause in &clauses.clauses {
            let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
            for p in clause.predicate.iter().chain([&clause.actions]) {
                let v = verify(&p.blob, &Limits::DEFAULT, &mut work)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), p.asm));
                assert_eq!(v.cost(), p.cost);
            }
        }
        count += 1;
    }
    assert!(count >= 15, "only {count} examples");
}

#[test]
fn hello_prints_and_exits() {
    let r = records(include_str!("snapshots/examples/hello.d"));
    assert_eq!(
        r,
        vec![
            Record::Printf(0, b"hello, world\n".to_vec(), vec![]),
            Record::Exit(0),
        ]
    );
}

#[test]
fn target_predicate_and_printf_arguments() {
    let src = include_str!("snapshots/examples/read_sizes.d");
    // The mock's pid is 1000, execname "bash", arg2 30.
    let r = records(src);
    assert_eq!(
        r,
        vec![Record::Printf(
            0,
            b"%s %d\n".to_vec(),
            vec![string("bash"), int(30)]
        )]
    );
    let other = compile(
        src,
        "x.d",
        &Options {
            target: Some(7),
            ..opts()
        },
    )
    .unwrap();
    let pred = other.clauses[0].predicate.as_ref().unwrap();
    assert_eq!(exec(pred, &mut MockEnv::new()), 0);
}

#[test]
fn string_comparison_in_predicate() {
    let src = include_str!("snapshots/examples/execname_filter.d");
    assert_eq!(fire(src, &mut MockEnv::new()), None);
    let mut env = MockEnv::new();
    env.comm = b"cat".to_vec();
    assert_eq!(fire(src, &mut env), None, "arg2 is only 30");
    env.args[2] = 4096;
    assert_eq!(fire(src, &mut env), Some(vec![Record::Trace(int(4096))]));
}

#[test]
fn arithmetic_matches_c() {
    let r = records(include_str!("snapshots/examples/arithmetic.d"));
    let [a0, a1, a2, a3, a4, a5] = [10i64, 20, 30, 40, 50, 60];
    let expected = vec![
        Record::Trace(int(5)), // 1 + 2 * 3 - 4 / 2 % 3
        Record::Trace(int((a0 & 0xff) | (a1 << 4) ^ !a2)),
        Record::Trace(int(-a3 >> 2)),
        Record::Trace(int((123_456_789u64 >> 10) as i64)),
        Record::Trace(int(a4 / 3 + a5 % 7)),
        Record::Trace(int(a0 * a1 - (a2 + a3) * a4)),
        Record::Exit(0),
    ];
    assert_eq!(r, expected);
}

#[test]
fn literals_in_every_base() {
    let r = records(include_str!("snapshots/examples/literals.d"));
    let values: Vec<Owned> = [
        0x7fff_ffffu64,
        0x1234_5678_9abc_def0,
        0o17,
        65,
        10,
        u64::MAX,
        42,
        (-2_147_483_648i64) as u64,
    ]
    .into_iter()
    .map(Owned::Int)
    .collect();
    let traced: Vec<Owned> = r
        .into_iter()
        .filter_map(|r| match r {
            Record::Trace(v) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(traced, values);
}

#[test]
fn strings_and_subroutines() {
    let r = records(include_str!("snapshots/examples/strings.d"));
    let clauses = compile_ok(include_str!("snapshots/examples/strings.d"));
    let fmt = clauses[0].formats[0].fmt_id;
    assert_eq!(
        r,
        vec![
            Record::Trace(int(4)),
            Record::Trace(string("bash-x")),
            Record::Trace(string("ash")),
            Record::Printf(fmt, b"%s\n".to_vec(), vec![string("yes")]),
            Record::Trace(int(1)), // probefunc "ksys_read" >= "k"
            Record::Exit(0),
        ]
    );
}

#[test]
fn format_ids_are_string_table_offsets() {
    let src = r#"BEGIN { trace("x"); printf("a %d\n", 1); printf("b\n"); printf("a %d\n", 2); }"#;
    let clauses = compile_ok(src);
    let c = &clauses[0];
    let ids: Vec<u32> = c.formats.iter().map(|f| f.fmt_id).collect();
    // "x\0" at 0, "a %d\n\0" at 2, "b\n\0" at 8; one entry per format.
    assert_eq!(ids, vec![2, 8]);
    let r = records(src);
    assert_eq!(r[1], Record::Printf(2, b"a %d\n".to_vec(), vec![int(1)]));
    assert_eq!(r[2], Record::Printf(8, b"b\n".to_vec(), vec![]));
    assert_eq!(c.format(8).unwrap().format.text, "b\n");
}

/// Each expression, traced, against Rust's evaluation of the same thing
/// over several argument vectors (signed 64-bit, as D's `int64_t` args).
#[test]
fn expressions_agree_with_rust() {
    type F = fn(&[i64; 6]) -> i64;
    let cases: &[(&str, F)] = &[
        ("arg0 < arg1", |a| (a[0] < a[1]) as i64),
        ("arg0 <= arg1 && arg2 != 0", |a| {
            (a[0] <= a[1] && a[2] != 0) as i64
        }),
        ("arg0 > 5 || !arg3", |a| (a[0] > 5 || a[3] == 0) as i64),
        ("arg0 == 1 ^^ arg1 == 2", |a| {
            ((a[0] == 1) ^ (a[1] == 2)) as i64
        }),
        ("arg0 >= -3 ? arg1 : -arg1", |a| {
            if a[0] >= -3 {
                a[1]
            } else {
                -a[1]
            }
        }),
        ("(arg0 + arg1) * (arg2 - arg3) / 7", |a| {
            (a[0] + a[1]) * (a[2] - a[3]) / 7
        }),
        ("arg0 % 5 + (arg1 >> 1) + (arg2 << 3)", |a| {
            a[0] % 5 + (a[1] >> 1) + (a[2] << 3)
        }),
        ("~arg0 ^ arg1 | arg2 & 12", |a| !a[0] ^ a[1] | a[2] & 12),
        ("!(arg0 < 0) && (arg1 > arg2 || arg3 == arg4)", |a| {
            (a[0] >= 0 && (a[1] > a[2] || a[3] == a[4])) as i64
        }),
        ("args[arg5 & 3] * 2", |a| a[(a[5] & 3) as usize] * 2),
    ];
    let vectors: [[i64; 6]; 5] = [
        [10, 20, 30, 40, 50, 60],
        [-7, 3, 0, 0, 0, 1],
        [1, 2, -5, 9, 9, 2],
        [6, -100, 100, -1, 4, 3],
        [0, 0, 0, 0, 0, 0],
    ];
    for (expr, f) in cases {
        let src = format!("BEGIN {{ trace({expr}); }}");
        for v in &vectors {
            let mut env = MockEnv::new();
            env.args = v.map(|x| x as u64);
            let got = fire(&src, &mut env).unwrap();
            assert_eq!(got, vec![Record::Trace(int(f(v)))], "{expr} with {v:?}");
        }
    }
}

#[test]
fn predicates_select_firings() {
    let src = "BEGIN /arg0 > 15 && execname == \"bash\"/ { exit(arg0); }";
    let mut env = MockEnv::new();
    assert_eq!(fire(src, &mut env), None);
    env.args[0] = 16;
    assert_eq!(fire(src, &mut env), Some(vec![Record::Exit(16)]));
}

#[test]
fn parenthesised_format_keeps_its_text() {
    let r = records(r#"BEGIN { printf(("%d\n"), 7); }"#);
    assert_eq!(r, vec![Record::Printf(0, b"%d\n".to_vec(), vec![int(7)])]);
    let err = compile(r#"BEGIN { printf(("%s\n"), 7); }"#, "x.d", &opts()).unwrap_err();
    assert_eq!(err.items.len(), 1, "{err}");
}

#[test]
fn division_inside_a_predicate() {
    let src = "BEGIN /arg0 / 2 == 5/ { trace(arg0 / 2); }";
    assert_eq!(records(src), vec![Record::Trace(int(5))]);
}
