//! Aggregation statements: compiled, run against the mock environment,
//! and described in `Compiled::aggs` for the consumer.

#[allow(dead_code)]
#[path = "../../uapi/tests/common/mock.rs"]
mod mock_env;

use mock_env::{MockEnv, Owned};
use rdtrace::compiler::ir::AggFunc;
use rdtrace::compiler::{compile, Options};
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

type Agg = (u32, AggFunc, u64, Vec<Owned>);

/// Runs every clause's actions once, in order; returns the aggregations.
fn aggs(source: &str) -> Vec<Agg> {
    let compiled = compile(source, "t.d", &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let mut env = MockEnv::new();
    env.args[0] = 42;
    for c in &compiled.clauses {
        let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
        let v = verify(&c.actions.blob, &Limits::DEFAULT, &mut work).expect("verifies");
        let mut scratch = [0u8; 4096];
        run(&c.actions.blob, &v, &mut env, &mut scratch)
            .unwrap_or_else(|f| panic!("{f}\n{}", c.actions.asm));
    }
    env.aggs
}

fn error(source: &str) -> String {
    compile(source, "t.d", &Options::default())
        .expect_err("refused")
        .to_string()
}

#[test]
fn count_with_and_without_keys() {
    let got = aggs("BEGIN { @ = count(); @c[\"x\", 7] = count(); }");
    assert_eq!(
        got,
        vec![
            (0, AggFunc::Count, 1, vec![]),
            (
                1,
                AggFunc::Count,
                1,
                vec![Owned::Str(b"x".to_vec()), Owned::Int(7)]
            ),
        ]
    );
}

#[test]
fn value_functions_pass_their_argument() {
    let got = aggs("BEGIN { @s = sum(arg0 + 1); @m = min(3); @M = max(4); @a = avg(5); @d = stddev(6); @q = quantize(7); }");
    let funcs: Vec<(u32, AggFunc, u64)> = got.iter().map(|a| (a.0, a.1, a.2)).collect();
    assert_eq!(
        funcs,
        vec![
            (0, AggFunc::Sum, 43),
            (1, AggFunc::Min, 3),
            (2, AggFunc::Max, 4),
            (3, AggFunc::Avg, 5),
            (4, AggFunc::Stddev, 6),
            (5, AggFunc::Quantize, 7),
        ]
    );
}

#[test]
fn ids_are_shared_across_clauses_and_described() {
    let src = "BEGIN { @b[execname] = sum(1); } END { @a = count(); @b[\"y\"] = sum(2); }";
    let got = aggs(src);
    assert_eq!(got.iter().map(|a| a.0).collect::<Vec<_>>(), vec![0, 1, 0]);
    let c = compile(src, "t.d", &Options::default()).unwrap();
    assert_eq!(c.aggs.len(), 2);
    assert_eq!(
        (
            c.aggs[0].name.as_str(),
            c.aggs[0].func,
            c.aggs[0].keys.len()
        ),
        ("b", AggFunc::Sum, 1)
    );
    assert_eq!(
        (c.aggs[1].name.as_str(), c.aggs[1].func),
        ("a", AggFunc::Count)
    );
}

#[test]
fn lquantize_parameters_are_kept() {
    let c = compile(
        "BEGIN { @l = lquantize(arg0, -10, 10, 5); @k = lquantize(1, 0, 4); }",
        "t.d",
        &Options::default(),
    )
    .unwrap();
    assert_eq!(c.aggs[0].lquantize, (-10, 10, 5));
    assert_eq!(c.aggs[1].lquantize, (0, 4, 1));
}

#[test]
fn misuse_is_refused_in_dtraces_classes() {
    assert!(error("BEGIN { @ = count(); @ = sum(1); }").contains("D_AGG_REDEF"));
    assert!(error("BEGIN { @ = trace(1); }").contains("D_AGG_FUNC"));
    assert!(error("BEGIN { @ = 1; }").contains("D_AGG_FUNC"));
    assert!(error("BEGIN { @ = count(1); }").contains("D_PROTO_LEN"));
    assert!(error("BEGIN { @ = sum(\"s\"); }").contains("sum"));
    assert!(error("BEGIN { @x[1] = count(); @x[\"s\"] = count(); }").contains("@x"));
    assert!(error("BEGIN { @l = lquantize(1, 5, 0); }").contains("lquantize"));
}

#[test]
fn lquantize_passes_its_parameters_at_the_tuple_end() {
    let got = aggs("BEGIN { @l[\"k\"] = lquantize(arg0, -10, 10, 5); }");
    // lower bound, step, levels, increment
    let params = [
        Owned::Int(-10i64 as u64),
        Owned::Int(5),
        Owned::Int(4),
        Owned::Int(1),
    ];
    let mut keys = vec![Owned::Str(b"k".to_vec())];
    keys.extend(params);
    assert_eq!(got, vec![(0, AggFunc::Lquantize, 42, keys)]);
}
