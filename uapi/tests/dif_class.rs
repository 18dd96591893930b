//! The clause classes against the reference interpreter: programs of each
//! class's shape, generated, must be classed so (a regression to the
//! general path fails here too) and end as the reference ends (value or
//! fault, instructions executed) after the same environment calls.

mod common;

use common::calls::{Call, Recording};
use common::mock::Owned;
use common::{asm, lower, same_as_reference};
use proptest::prelude::*;
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::class::{Class, Source, Template, TEMPLATE_BYTES};
use rdtrace_uapi::dif::env::Env;
use rdtrace_uapi::dif::gate::Gate;
use rdtrace_uapi::trace::record;

/// A builtin's value as the mock environment gives it.
fn mock_builtin(env: &mut Recording, b: Builtin) -> Option<u64> {
    env.builtin(b).ok()
}

const INT_BUILTINS: [&str; 8] = [
    "pid",
    "tid",
    "cpu",
    "timestamp",
    "uid",
    "retval",
    "epid",
    "errno",
];
const STR_BUILTINS: [&str; 4] = ["execname", "probefunc", "probename", "probemod"];
const CONDS: [&str; 11] = [
    "jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset",
];

/// What the mock returns for a source, so that generated constants land
/// on, beside and away from it.
fn near(src: &Src, pick: u8) -> i64 {
    let v = match src {
        Src::Arg(k) => 10 * (i64::from(*k) + 1),
        Src::Builtin(b) => match INT_BUILTINS[*b] {
            "pid" => 1000,
            "tid" => 1001,
            "cpu" => 1,
            "timestamp" => 123_456_789,
            "retval" => -1,
            _ => 0,
        },
    };
    match pick % 4 {
        0 => v,
        1 => v.wrapping_add(1),
        2 => v.wrapping_sub(1),
        _ => 0,
    }
}

#[derive(Clone, Debug)]
enum Src {
    /// 6 and 7 are past the mock's arguments: a fault.
    Arg(u8),
    Builtin(usize),
}

fn src() -> impl Strategy<Value = Src> {
    prop_oneof![
        4 => (0u8..8).prop_map(Src::Arg),
        3 => (0usize..INT_BUILTINS.len()).prop_map(Src::Builtin),
    ]
}

/// One test: source, condition, constant pick, target, and whether the
/// constant goes through `ldc` and a register compare (the compiler's
/// form for constants an immediate cannot hold).
type TestSpec = (Src, usize, u8, u8, bool);

fn compare_text(tests: &[TestSpec], last: i64) -> String {
    let mut t = String::new();
    for (src, cond, pick, target, via_reg) in tests {
        let k = near(src, *pick);
        match src {
            Src::Arg(a) => t += &format!("ldarg r1, {a}\n"),
            Src::Builtin(b) => t += &format!("ldb r1, {}\n", INT_BUILTINS[*b]),
        }
        let label = ["no", "yes", "odd"][usize::from(*target % 3)];
        // ldarg + ldc + jREG fuses; the builtin form only with an immediate.
        if *via_reg && matches!(src, Src::Arg(_)) {
            t += &format!("ldc r2, ={k}\n {} r1, r2, {label}\n", CONDS[*cond]);
        } else {
            t += &format!("{}i r1, {k}, {label}\n", CONDS[*cond]);
        }
    }
    t += &format!("movi r0, {last}\n ret r0\n");
    t += "no: movi r0, 0\n ret r0\nyes: movi r0, 1\n ret r0\nodd: movi r0, -5\n ret r0\n";
    t
}

#[derive(Clone, Debug)]
enum LoadSpec {
    Arg(u8),
    Int(usize),
    Str(usize),
    Const(i64),
    Wide(i64),
}

fn load() -> impl Strategy<Value = LoadSpec> {
    prop_oneof![
        (0u8..8).prop_map(LoadSpec::Arg),
        (0usize..INT_BUILTINS.len()).prop_map(LoadSpec::Int),
        (0usize..STR_BUILTINS.len()).prop_map(LoadSpec::Str),
        (-3i64..3).prop_map(LoadSpec::Const),
        any::<i64>().prop_map(LoadSpec::Wide),
    ]
}

fn load_text(reg: usize, l: &LoadSpec) -> String {
    match l {
        LoadSpec::Arg(a) => format!("ldarg r{reg}, {a}\n"),
        LoadSpec::Int(b) => format!("ldb r{reg}, {}\n", INT_BUILTINS[*b]),
        LoadSpec::Str(b) => format!("ldb r{reg}, {}\n", STR_BUILTINS[*b]),
        LoadSpec::Const(v) => format!("movi r{reg}, {v}\n"),
        LoadSpec::Wide(v) => format!("ldc r{reg}, ={v}\n"),
    }
}

/// Keys in r1..=rN, the value in rN+1, each loaded once (in `order`),
/// then `extra` loads into any of r1..r6 (overwriting some), then the
/// aggregation and a return.
fn aggregate_text(
    func: &str,
    keys: &[LoadSpec],
    value: i64,
    extra: &[(usize, LoadSpec)],
    agg: u32,
) -> String {
    let n = keys.len();
    let mut t = String::new();
    for (i, k) in keys.iter().enumerate() {
        t += &load_text(i + 1, k);
    }
    for (reg, l) in extra {
        // Strings only into key registers: a string value does not verify.
        if matches!(l, LoadSpec::Str(_)) && *reg > n {
            continue;
        }
        t += &load_text(*reg, l);
    }
    let v = n + 1;
    t += &format!("ldarg r{v}, {value}\n");
    let tuple = if n == 0 {
        String::new()
    } else {
        format!(", r1:{n}")
    };
    t += &match func {
        "count" => format!("count @{agg}{tuple}\n"),
        f => format!("{f} @{agg}, r{v}{tuple}\n"),
    };
    t += "movi r0, 0\n ret r0\n";
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn compare_chains_run_as_the_reference_runs(
        tests in proptest::collection::vec((src(), 0usize..CONDS.len(), any::<u8>(), any::<u8>(), any::<bool>()), 1..=4),
        last in -2i64..3,
    ) {
        let text = compare_text(&tests, last);
        let blob = asm(&text);
        let lowered = lower(&blob).expect("verifies");
        prop_assert!(matches!(lowered.class(), Class::Compare(_)), "not a compare:\n{}", text);
        prop_assert!(same_as_reference(&blob, 256));
        // The hit path's early verdict, from the arguments alone, agrees
        // with the run wherever it gives one.
        let Class::Compare(c) = lowered.class() else { unreachable!() };
        let mut env = Recording::default();
        let run = lowered.run(&mut env, &mut [0u8; 256]);
        let verdict = c.verdict(|s| match s {
            Source::Arg(n) if n < 6 => env.arg(u64::from(n)).ok(),
            _ => None,
        });
        // The gate the hit path tests answers as the chain does, builtins
        // included, wherever it can be built.
        let args: [u64; 6] = core::array::from_fn(|n| env.arg(n as u64).unwrap_or(0));
        let early = |s: Source| match s {
            Source::Arg(n) if n < 6 => args.get(usize::from(n)).copied(),
            Source::Builtin(n) => Builtin::from_u32(u32::from(n)).and_then(|b| mock_builtin(&mut env.clone(), b)),
            _ => None,
        };
        let reads_args_and_builtins = tests.iter().all(|t| !matches!(t.0, Src::Arg(n) if n >= 6));
        match Gate::of(c) {
            Some(gate) => prop_assert_eq!(
                gate.admits(&args, |b| mock_builtin(&mut env.clone(), b)),
                c.verdict(early),
                "{}", text
            ),
            None => prop_assert!(!reads_args_and_builtins, "no gate:\n{}", text),
        }
        let reads_only_args = tests.iter().all(|t| matches!(t.0, Src::Arg(n) if n < 6));
        if reads_only_args {
            prop_assert_eq!(verdict, Some(run.expect("no fault").value != 0), "{}", text);
        } else if let Some(v) = verdict {
            prop_assert_eq!(Some(v), run.ok().map(|e| e.value != 0), "{}", text);
        }
    }

    #[test]
    fn aggregations_run_as_the_reference_runs(
        func in prop_oneof![Just("count"), Just("sum"), Just("min"), Just("max"), Just("avg")],
        keys in proptest::collection::vec(load(), 0..=3),
        value in 0i64..8,
        extra in proptest::collection::vec((1usize..=4, load()), 0..3),
        agg in 0u32..3,
        small in any::<bool>(),
    ) {
        let text = aggregate_text(func, &keys, value, &extra, agg);
        let blob = asm(&text);
        let lowered = lower(&blob).expect("verifies");
        prop_assert!(matches!(lowered.class(), Class::Aggregate(_)), "not an aggregate:\n{}", text);
        // A small scratch runs out with the third string (NOSCRATCH).
        let scratch = if small { 300 } else { 2048 };
        prop_assert!(same_as_reference(&blob, scratch));
        let Class::Aggregate(a) = lowered.class() else { unreachable!() };
        if let Some(fixed) = a.fixed_key() {
            fixed_key_matches_the_run(&lowered, &fixed, &text)?;
        }
    }
}

#[derive(Clone, Debug)]
enum EmitSpec {
    /// A load into r1..=r6.
    Load(usize, LoadSpec),
    /// printf of r(first)..r(first + n - 1).
    Printf(usize, usize),
    /// trace r(reg).
    Trace(usize),
}

fn emit_step() -> impl Strategy<Value = EmitSpec> {
    prop_oneof![
        4 => (1usize..=6, load()).prop_map(|(r, l)| EmitSpec::Load(r, l)),
        2 => (1usize..=6, 0usize..=4).prop_map(|(r, n)| EmitSpec::Printf(r, n)),
        1 => (1usize..=6).prop_map(EmitSpec::Trace),
    ]
}

/// The steps as assembly (after `first` loaded into r1..), and whether
/// the program has the emit shape: integer loads only, every action
/// reading registers loaded before it.
fn emit_text(first: &[LoadSpec], steps: &[EmitSpec]) -> (String, bool) {
    let mut t = String::new();
    // Per register: not loaded, an integer, a string.
    let mut loaded: [Option<bool>; 16] = [None; 16];
    let (mut shaped, mut actions) = (true, 0);
    let loads = first
        .iter()
        .enumerate()
        .map(|(i, l)| EmitSpec::Load(i + 1, l.clone()));
    for s in loads.chain(steps.iter().cloned()) {
        match &s {
            EmitSpec::Load(r, l) => {
                t += &load_text(*r, l);
                // A string load (even one no action reads) is not the shape.
                let string = matches!(l, LoadSpec::Str(_));
                shaped &= !string;
                loaded[*r] = Some(string);
            }
            EmitSpec::Printf(first, n) => {
                let regs = *first..*first + n;
                let fmt: Vec<&str> = regs
                    .clone()
                    .map(|r| {
                        if loaded.get(r) == Some(&Some(true)) {
                            "%s"
                        } else {
                            "%d"
                        }
                    })
                    .collect();
                let tuple = if *n == 0 {
                    String::new()
                } else {
                    format!(", r{first}:{n}")
                };
                t += &format!("printf \"{}\\n\"{tuple}\n", fmt.join(" "));
                shaped &= regs.clone().all(|r| matches!(loaded.get(r), Some(Some(_))));
                actions += 1;
            }
            EmitSpec::Trace(r) => {
                t += &format!("trace r{r}\n");
                shaped &= loaded[*r].is_some();
                actions += 1;
            }
        }
    }
    t += "movi r0, 0\n ret r0\n";
    (t, shaped && actions > 0)
}

fn int_load() -> impl Strategy<Value = LoadSpec> {
    prop_oneof![
        (0u8..8).prop_map(LoadSpec::Arg),
        (0usize..INT_BUILTINS.len()).prop_map(LoadSpec::Int),
        (-3i64..3).prop_map(LoadSpec::Const),
        any::<i64>().prop_map(LoadSpec::Wide),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// printf and trace of loaded integers run as the reference runs;
    /// an infallible one also when its run is all the hit path does.
    #[test]
    fn emits_run_as_the_reference_runs(
        first in proptest::collection::vec(int_load(), 6),
        steps in proptest::collection::vec(emit_step(), 1..=6),
    ) {
        let (text, shaped) = emit_text(&first, &steps);
        let blob = asm(&text);
        let Ok(lowered) = lower(&blob) else {
            // Reads of a register never written, a string printed as %d.
            prop_assume!(false);
            unreachable!()
        };
        if shaped {
            prop_assert!(matches!(lowered.class(), Class::Emit(_)), "not an emit:\n{}", text);
        }
        prop_assert!(same_as_reference(&blob, 256));
        if let Class::Emit(e) = lowered.class() {
            let reads_past_six = first.iter().any(|l| matches!(l, LoadSpec::Arg(n) if *n >= 6)) || steps.iter().any(|s| matches!(s, EmitSpec::Load(_, LoadSpec::Arg(n)) if *n >= 6));
            prop_assert_eq!(e.infallible(), !reads_past_six, "{}", text);
            if e.infallible() {
                prop_assert!(lowered.run(&mut Recording::default(), &mut []).is_ok(), "{}", text);
            }
            if let Some(t) = e.template() {
                template_matches_the_run(&lowered, &t, &text)?;
            } else {
                prop_assert!(!e.infallible() || record_bytes(&steps) > TEMPLATE_BYTES, "no template:\n{}", text);
            }
        }
    }
}

/// An upper bound on the bytes of the record of `steps` (exact when
/// every printf reads loaded registers).
fn record_bytes(steps: &[EmitSpec]) -> usize {
    let items: usize = steps
        .iter()
        .map(|s| match s {
            EmitSpec::Load(..) => 0,
            EmitSpec::Printf(_, n) => 6 + 9 * n,
            EmitSpec::Trace(_) => 9,
        })
        .sum();
    (16 + items + 7) & !7
}

/// The record a run writes, as the module's record writer lays it out
/// (`uapi::trace::record`): the header with its size (EPID and timestamp
/// zero), each printf and trace item in order, zero padding.
fn record_of(calls: &[Call]) -> Vec<u8> {
    let mut r = vec![0u8; 16];
    let int = |o: &Owned| match o {
        Owned::Int(v) => *v,
        Owned::Str(_) => panic!("a string in an emit"),
    };
    for c in calls {
        match c {
            Call::Printf(id, _, args) => {
                r.extend(record::printf_head(*id, args.len() as u8));
                for a in args {
                    r.extend(record::int_item(int(a)));
                }
            }
            Call::Trace(v) => r.extend(record::int_item(int(v))),
            _ => {}
        }
    }
    r.resize((r.len() + 7) & !7, 0);
    let len = (r.len() as u32).to_ne_bytes();
    r[..4].copy_from_slice(&len);
    r
}

/// A [`Template`] written with a hit's values is the record the run
/// writes, for two hits with different arguments.
fn template_matches_the_run(
    lowered: &rdtrace_uapi::dif::lowered::LoweredProgram<
        &[u8],
        Vec<rdtrace_uapi::dif::lowered::LoweredInsn>,
    >,
    t: &Template,
    text: &str,
) -> Result<(), TestCaseError> {
    for args in [[10, 20, 30, 40, 50, 60], [u64::MAX, 0, 7, 1 << 63, 3, 2]] {
        let mut env = Recording::default();
        env.inner.args = args;
        prop_assert!(lowered.run(&mut env, &mut [0u8; 256]).is_ok(), "{}", text);
        let want = record_of(&env.calls);
        let mut got = vec![0xa5u8; TEMPLATE_BYTES + 8];
        let mut builtins = env.clone();
        t.write(&mut got, &args, |n| {
            mock_builtin(&mut builtins, Builtin::from_u32(u32::from(n)).unwrap()).unwrap()
        });
        // The caller's header: the size, a zero EPID and timestamp.
        got[..16].fill(0);
        got[..4].copy_from_slice(&(t.len() as u32).to_ne_bytes());
        prop_assert_eq!(t.len(), want.len(), "{}", text);
        prop_assert_eq!(&got[..t.len()], &want[..], "{}", text);
    }
    Ok(())
}

/// What a run with arguments `args` aggregated: the call, if it made
/// exactly one and nothing but argument and probe-name reads before it.
fn the_aggregation(
    lowered: &rdtrace_uapi::dif::lowered::LoweredProgram<
        &[u8],
        Vec<rdtrace_uapi::dif::lowered::LoweredInsn>,
    >,
    args: [u64; 6],
) -> Option<Call> {
    let mut env = Recording::default();
    env.inner.args = args;
    lowered.run(&mut env, &mut [0u8; 2048]).ok()?;
    let (last, before) = env.calls.split_last()?;
    let effectless = before
        .iter()
        .all(|c| matches!(c, Call::Arg(n, Ok(_)) if *n < 6) || matches!(c, Call::BuiltinStr(..)));
    (effectless && matches!(last, Call::Aggregate(..))).then(|| last.clone())
}

/// A [`FixedKey`]'s update is the run's: on two hits with different
/// arguments the run aggregates with the same key, and the function and
/// value the fast path folds in.
fn fixed_key_matches_the_run(
    lowered: &rdtrace_uapi::dif::lowered::LoweredProgram<
        &[u8],
        Vec<rdtrace_uapi::dif::lowered::LoweredInsn>,
    >,
    fixed: &rdtrace_uapi::dif::class::FixedKey,
    text: &str,
) -> Result<(), TestCaseError> {
    let mut key = None;
    for args in [[10, 20, 30, 40, 50, 60], [u64::MAX, 0, 7, 1 << 63, 3, 2]] {
        let call = the_aggregation(lowered, args);
        let Some(Call::Aggregate(_, func, value, keys)) = call else {
            return Err(TestCaseError::fail(format!(
                "not one effectless aggregation:\n{text}"
            )));
        };
        prop_assert_eq!(func, fixed.func(), "{}", text);
        prop_assert_eq!(value, fixed.value(&args), "{}", text);
        if let Some(k) = &key {
            prop_assert_eq!(k, &keys, "the key moved with the arguments:\n{}", text);
        }
        key = Some(keys);
    }
    Ok(())
}

/// The bench's aggregations, as the compiler emits them, have a fixed key;
/// keys that differ between hits of one probe, and quantizations, do not.
#[test]
fn per_probe_keys_are_fixed() {
    for (text, fixed) in [
        ("count @0\n movi r0, 0\n ret r0", true),
        ("ldb r1, probefunc\n count @0, r1:1\n movi r0, 0\n ret r0", true),
        ("ldarg r1, 1\n sum @0, r1\n movi r0, 0\n ret r0", true),
        ("ldb r1, probemod\n ldb r2, probefunc\n ldarg r3, 0\n max @1, r3, r1:2\n movi r0, 0\n ret r0", true),
        ("movi r1, 3\n count @0, r1:1\n movi r0, 0\n ret r0", true),
        ("ldb r1, execname\n count @0, r1:1\n movi r0, 0\n ret r0", false),
        ("ldb r1, pid\n count @0, r1:1\n movi r0, 0\n ret r0", false),
        ("ldarg r1, 0\n count @0, r1:1\n movi r0, 0\n ret r0", false),
        ("ldb r1, pid\n sum @0, r1\n movi r0, 0\n ret r0", false),
        ("ldarg r1, 0\n quantize @0, r1\n movi r0, 0\n ret r0", false),
    ] {
        let blob = asm(text);
        let lowered = lower(&blob).unwrap();
        let Class::Aggregate(a) = lowered.class() else {
            panic!("not an aggregate: {text}");
        };
        assert_eq!(a.fixed_key().is_some(), fixed, "{text}");
        if let Some(k) = a.fixed_key() {
            fixed_key_matches_the_run(&lowered, &k, text).unwrap();
        }
    }
}

/// The compiler's programs for the bench rows are classed as the fast
/// path expects.
#[test]
fn the_compilers_common_clauses_are_classed() {
    type IsClass = fn(&Class) -> bool;
    let cases: [(&str, IsClass); 5] = [
        ("movi r0, 0\n ret r0", |c| matches!(c, Class::Const(_))),
        (
            "ldarg r1, 0\n ldc r2, =0xb3a73ce2ff2\n jne r1, r2, L0\n movi r0, 1\n ret r0\nL0: movi r0, 0\n ret r0",
            |c| matches!(c, Class::Compare(_)),
        ),
        (
            "ldb r1, pid\n jnei r1, 3, L0\n ldarg r1, 1\n jslei r1, 5, L0\n movi r0, 1\n ret r0\nL0: movi r0, 0\n ret r0",
            |c| matches!(c, Class::Compare(_)),
        ),
        ("count @0\n movi r0, 0\n ret r0", |c| matches!(c, Class::Aggregate(_))),
        (
            "ldarg r1, 2\n ldb r2, execname\n ldarg r3, 1\n sum @0, r1, r2:2\n movi r0, 0\n ret r0",
            |c| matches!(c, Class::Aggregate(_)),
        ),
    ];
    for (text, is) in cases {
        let blob = asm(text);
        assert!(is(lower(&blob).unwrap().class()), "{text}");
        assert!(same_as_reference(&blob, 256), "{text}");
    }
    // printf and trace of loaded integers.
    for text in [
        "ldarg r1, 0\n printf \"%d\\n\", r1:1\n movi r0, 0\n ret r0",
        "ldb r1, pid\n ldarg r2, 1\n printf \"%d %d\\n\", r1:2\n trace r2\n movi r0, 0\n ret r0",
    ] {
        let blob = asm(text);
        let l = lower(&blob).unwrap();
        let Class::Emit(e) = l.class() else {
            panic!("not an emit: {text}");
        };
        assert!(e.infallible(), "{text}");
        assert!(same_as_reference(&blob, 256), "{text}");
    }
    // Not classed: a store, a string printf.
    for text in [
        "ldarg r1, 0\n stg v0, r1\n movi r0, 0\n ret r0",
        "ldb r1, execname\n printf \"%s\\n\", r1:1\n movi r0, 0\n ret r0",
    ] {
        if let Ok(l) = lower(&asm(text)) {
            assert_eq!(l.class(), &Class::General, "{text}");
        }
    }
}

/// Whether a run may record: printf, trace, exit, stack and speculate do;
/// aggregations, stores and the empty program do not.
#[test]
fn records_is_what_writes_the_record() {
    for (text, records) in [
        ("movi r0, 0\n ret r0", false),
        ("count @0\n movi r0, 0\n ret r0", false),
        (
            "ldarg r1, 0\n printf \"%d\\n\", r1:1\n movi r0, 0\n ret r0",
            true,
        ),
        ("ldarg r1, 0\n trace r1\n movi r0, 0\n ret r0", true),
        ("movi r1, 0\n exit r1\n movi r0, 0\n ret r0", true),
        ("stack 5\n movi r0, 0\n ret r0", true),
        (
            "call r1, speculation\n speculate r1\n movi r0, 0\n ret r0",
            true,
        ),
        (
            "call r1, speculation\n commit r1\n movi r0, 0\n ret r0",
            false,
        ),
    ] {
        assert_eq!(lower(&asm(text)).unwrap().records(), records, "{text}");
    }
}
