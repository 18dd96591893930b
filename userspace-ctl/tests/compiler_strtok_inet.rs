//! `strtok()`, `inet_ntop()`, `inet_ntoa6()` and `link_ntop()` compiled
//! and run against the mock environment: the firing's strtok state in
//! clause-locals, the address formats, and the faults DTrace raises
//! (NULL string arguments' too).

#[allow(dead_code)]
#[path = "../../uapi/tests/common/mock.rs"]
mod mock_env;

use mock_env::{MockEnv, Owned, Record, KBASE};
use rdtrace::compiler::{compile, Options, Program};
use rdtrace_uapi::dif::fault::{Fault, FaultCode};
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

fn exec(p: &Program, env: &mut MockEnv) -> Result<u64, Fault> {
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    let verified = verify(&p.blob, &Limits::DEFAULT, &mut work).expect("verifies");
    let mut scratch = [0u8; 4096];
    run(&p.blob, &verified, env, &mut scratch).map(|e| e.value)
}

/// Runs every clause's actions in order in one environment (one firing:
/// clause-locals carry over); each clause's fault, if any.
fn fire(source: &str, env: &mut MockEnv) -> Vec<Option<(FaultCode, u64)>> {
    let prog = compile(source, "t.d", &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    prog.clauses
        .iter()
        .map(|c| exec(&c.actions, env).err().map(|f| (f.code, f.addr)))
        .collect()
}

/// The strings the clauses traced.
fn traced(source: &str) -> Vec<String> {
    let mut env = MockEnv::new();
    let faults = fire(source, &mut env);
    assert!(faults.iter().all(Option::is_none), "{faults:?}");
    env.records
        .into_iter()
        .map(|r| match r {
            Record::Trace(Owned::Str(s)) => String::from_utf8(s).unwrap(),
            r => panic!("unexpected record {r:?}"),
        })
        .collect()
}

#[test]
fn strtok_continues_across_calls_and_clauses() {
    let got = traced(
        r#"BEGIN { trace(strtok("  a b,c ", " ")); trace(strtok(NULL, ",")); }
           BEGIN { trace(strtok(NULL, " ,")); trace(strtok(NULL, " ")); }"#,
    );
    assert_eq!(got, ["a", " b", "c", ""]);
}

#[test]
fn strtok_of_a_new_string_starts_again() {
    let got = traced(
        r#"BEGIN { trace(strtok("x:y", ":")); trace(strtok("p:q", ":")); trace(strtok(NULL, ":")); }"#,
    );
    assert_eq!(got, ["x", "p", "q"]);
}

#[test]
fn strtok_null_without_a_string_or_delimiters_faults_at_zero() {
    let mut env = MockEnv::new();
    let faults = fire(
        r#"BEGIN { trace(strtok(NULL, ",")); } BEGIN { trace(strtok("a", NULL)); }"#,
        &mut env,
    );
    let bad = Some((FaultCode::BadAddr, 0));
    assert_eq!(faults, [bad, bad]);
}

#[test]
fn inet_formats_read_the_address() {
    // The mock's kernel memory holds bytes 0, 1, 2, ... from KBASE.
    let got = traced(&format!(
        "BEGIN {{ trace(inet_ntop(AF_INET, (void *){a4:#x})); \
         trace(inet_ntop(AF_INET6, (void *){KBASE:#x})); \
         trace(inet_ntoa6((void *){KBASE:#x}, 1)); \
         trace(link_ntop(ARPHRD_ETHER, (void *){KBASE:#x})); }}",
        a4 = KBASE + 4
    ));
    let v6 = "1:203:405:607:809:a0b:c0d:e0f";
    assert_eq!(got, ["4.5.6.7", v6, v6, "00:01:02:03:04:05"]);
}

#[test]
fn inet_ntop_of_another_family_is_an_illegal_operation() {
    let mut env = MockEnv::new();
    let src = format!("BEGIN {{ this->af = 26; trace(inet_ntop(this->af, (void *){KBASE:#x})); }}");
    assert_eq!(fire(&src, &mut env), [Some((FaultCode::IllegalOp, 0))]);
    let faults = fire("BEGIN { trace(inet_ntoa6(NULL)); }", &mut env);
    assert_eq!(faults, [Some((FaultCode::BadAddr, 0))]);
}

#[test]
fn a_null_string_argument_faults_at_zero() {
    let mut env = MockEnv::new();
    let faults = fire(
        r#"BEGIN { trace(strlen(NULL)); } BEGIN { trace(strstr("a", 0)); }"#,
        &mut env,
    );
    let bad = Some((FaultCode::BadAddr, 0));
    assert_eq!(faults, [bad, bad]);
}
