//! printf's integer conversions print what DTrace prints: a constant cast
//! keeps the low bytes (DTrace folds it with unsigned shifts), `%d` of a
//! signed type reads it as a C `int` (or `long long`), and every unsigned
//! type prints unsigned.

#[allow(dead_code)]
#[path = "../../uapi/tests/common/mock.rs"]
mod mock_env;

use mock_env::{MockEnv, Record};
use rdtrace::compiler::{compile, Options};
use rdtrace::records::Value;
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

/// The text the BEGIN clause of `source` prints.
fn printed(source: &str) -> String {
    let program = compile(source, "test.d", &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let clause = &program.clauses[0];
    let mut env = MockEnv::new();
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    let blob = &clause.actions.blob;
    let verified = verify(blob, &Limits::DEFAULT, &mut work).expect("verifies");
    let mut scratch = [0u8; 4096];
    run(blob, &verified, &mut env, &mut scratch).expect("runs");
    let mut out = String::new();
    for r in env.records {
        if let Record::Printf(id, _, args) = r {
            let f = clause
                .formats
                .iter()
                .find(|f| f.fmt_id == id)
                .expect("format");
            let args: Vec<_> = args
                .into_iter()
                .map(|a| match a {
                    mock_env::Owned::Int(n) => Value::Int(n),
                    mock_env::Owned::Str(s) => Value::Str(s),
                })
                .collect();
            out += &rdtrace::printf::format(&f.format, &args);
        }
    }
    out
}

#[test]
fn constant_casts_keep_the_low_bytes() {
    let d = r#"BEGIN {
        printf("%d %d %d\n", (char)0x1234567890abcdef, (short)0x1234567890abcdef, (int)0x1234567890abcdef);
        printf("%u %x %d\n", (char)0x1234567890abcdef, (int)-1, (unsigned int)0x1234567890abcdef);
    }"#;
    assert_eq!(
        printed(d),
        "239 52719 -1867788817\n239 ffffffff 2427178479\n"
    );
}

#[test]
fn arithmetic_keeps_its_type() {
    let d = r#"signed char c; unsigned char C; short s; unsigned long long L;
    BEGIN {
        c = -2; C = -2; s = -3; L = -2;
        printf("%d %d %d %d %d\n", c + c, C + c, s + c, C + 3, L + c);
    }"#;
    assert_eq!(printed(d), "-4 252 -5 257 18446744073709551612\n");
}

#[test]
fn one_format_text_prints_each_call_by_its_type() {
    let d = r#"unsigned long long L; long l;
    BEGIN {
        L = -2; l = -2;
        printf(" %d", L + l);
        printf(" %d", l + l);
        printf("\n");
    }"#;
    assert_eq!(printed(d), " 18446744073709551612 -4\n");
}
