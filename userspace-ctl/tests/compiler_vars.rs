//! Variables, declarations, widths, loops and structs, compiled and run
//! against the mock environment (which stores variables by index and
//! key), so what the D says is what the program does.

#[allow(dead_code)]
#[path = "../../uapi/tests/common/mock.rs"]
mod mock_env;

use mock_env::{MockEnv, Owned, Record};
use rdtrace::compiler::{compile, trace_width, Options};
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

/// Runs every clause of `source` once, in order, on one environment (one
/// firing of each), and returns the traced integers.
fn traced(source: &str) -> Vec<i64> {
    traced_all(source)
        .into_iter()
        .filter_map(|o| match o {
            Owned::Int(v) => Some(v as i64),
            Owned::Str(_) => None,
        })
        .collect()
}

/// The traced strings of `source`, run as [`traced`] runs it.
fn traced_strs(source: &str) -> Vec<String> {
    traced_all(source)
        .into_iter()
        .filter_map(|o| match o {
            Owned::Str(s) => Some(String::from_utf8_lossy(&s).into_owned()),
            Owned::Int(_) => None,
        })
        .collect()
}

fn traced_all(source: &str) -> Vec<Owned> {
    let compiled = compile(source, "t.d", &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let mut env = MockEnv::new();
    for c in &compiled.clauses {
        let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
        let mut fires = true;
        for (i, p) in c.predicate.iter().chain([&c.actions]).enumerate() {
            if !fires {
                break;
            }
            let v = verify(&p.blob, &Limits::DEFAULT, &mut work)
                .unwrap_or_else(|e| panic!("{e}\n{}", p.asm));
            let mut scratch = [0u8; 4096];
            let r = run(&p.blob, &v, &mut env, &mut scratch)
                .unwrap_or_else(|f| panic!("fault {f}\n{}", p.asm));
            if i == 0 && c.predicate.is_some() {
                fires = r.value != 0;
            }
        }
    }
    env.records
        .iter()
        .filter_map(|r| match r {
            Record::Trace(v) => Some(v.clone()),
            // A narrow integer's trace, recorded with its width.
            Record::Printf(_, fmt, args) if trace_width::is_trace(fmt) => args.first().cloned(),
            _ => None,
        })
        .collect()
}

#[test]
fn string_subroutines_give_dtraces_results() {
    let t = traced_strs(
        r#"BEGIN { trace(toupper("abc")); trace(tolower("ABC")); trace(basename("/a/b/c.d"));
                   trace(dirname("/a/b/c.d")); trace(lltostr(-42)); trace(strstr("hello", "ll"));
                   trace(strchr("hello", 'l')); trace(strrchr("hello", 'l')); trace(strchr("x", 'z'));
                   trace(basename("")); trace(dirname("file")); }"#,
    );
    let want = [
        "ABC", "abc", "c.d", "/a/b", "-42", "llo", "llo", "lo", "", ".", ".",
    ];
    assert_eq!(t, want);
    let t = traced(
        r#"BEGIN { trace(index("hello", "l")); trace(rindex("hello", "l")); trace(index("hello", "z")); trace(htons(0x1234)); }"#,
    );
    assert_eq!(t, [2, 3, -1, 0x3412]);
}

#[test]
fn globals_keep_their_value_across_clauses() {
    let t = traced("BEGIN { x = 40; } BEGIN { x += 2; } BEGIN /x == 42/ { trace(x); }");
    assert_eq!(t, [42]);
}

#[test]
fn increments_return_old_and_new_values() {
    let t = traced("BEGIN { i = 5; trace(i++); trace(++i); trace(i--); trace(--i); trace(i); }");
    assert_eq!(t, [5, 7, 7, 5, 5]);
}

#[test]
fn stores_wrap_at_the_declared_width() {
    let t = traced(
        "int x; char c; unsigned char u;
         BEGIN { x = 2147483647; x++; c = 127; c++; u = 255; u += 2; trace(x); trace(c); trace(u); }",
    );
    assert_eq!(t, [-2147483648, -128, 1]);
}

#[test]
fn casts_truncate_and_extend() {
    let t =
        traced("BEGIN { y = 300; trace((char)y); trace((unsigned char)-1); trace((short)70000); }");
    assert_eq!(t, [44, 255, 4464]);
}

#[test]
fn associative_arrays_are_keyed_by_tuples() {
    let t = traced(
        r#"BEGIN { a["x", 1] = 1; a["x", 2] = 2; a["x", 1] += 10; trace(a["x", 1]); trace(a["x", 2]); trace(a["y", 1]); }"#,
    );
    assert_eq!(t, [11, 2, 0]);
}

#[test]
fn thread_and_clause_locals_are_their_own_names() {
    let t = traced(
        "BEGIN { x = 1; self->x = 2; this->x = 3; trace(x); trace(self->x); trace(this->x); }",
    );
    assert_eq!(t, [1, 2, 3]);
}

#[test]
fn loops_break_continue_and_bounds() {
    let t = traced(
        "BEGIN { s = 0; for (i = 0; i < 10; i++) { if (i == 7) break; if (i == 2) continue; s += i; }
                 trace(s); trace(i); n = 0; while (1) { n++; } trace(n); }",
    );
    assert_eq!(t, [19, 7, 1024]);
}

#[test]
fn inlines_enums_typedefs_and_structs() {
    let t = traced(
        "inline int N = 6 * 7; enum e { A, B = 5, C }; typedef unsigned char byte; byte b;
         struct s { int a; char c; long l; char name[5]; };
         BEGIN { b = 258; trace(N); trace(C); trace(b); trace(sizeof (struct s));
                 trace(offsetof(struct s, l)); trace(sizeof (byte)); }",
    );
    assert_eq!(t, [42, 6, 2, 24, 8, 1]);
}

#[test]
fn a_variable_keeps_the_type_of_its_first_assignment() {
    let e = compile(
        r#"BEGIN { x = 1; } BEGIN { x = "s"; }"#,
        "t.d",
        &Options::default(),
    )
    .expect_err("string into an integer variable");
    assert!(
        e.to_string()
            .contains("`x` holds an integer but this is a string"),
        "{e}"
    );
    let e = compile(
        "BEGIN { trace(y); } BEGIN { y = 1; }",
        "t.d",
        &Options::default(),
    )
    .expect_err("read before assignment");
    assert!(e.to_string().contains("unknown identifier `y`"), "{e}");
}

#[test]
fn deep_and_long_input_is_refused_not_crashed() {
    let long = format!("BEGIN {{ trace(1{}); }}", " + 1".repeat(8000));
    let e = compile(&long, "t.d", &Options::default()).expect_err("too long");
    assert!(e.to_string().contains("more than 1000 operators"), "{e}");
    let deep = format!(
        "BEGIN {{ trace({}1{}); }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let e = compile(&deep, "t.d", &Options::default()).expect_err("too deep");
    assert!(e.to_string().contains("nested more than 256 deep"), "{e}");
}
