//! The compiler under hostile input: whatever the bytes, it answers with a
//! program or diagnostics, never a panic or a stack overflow. The same
//! check as the cargo-fuzz target (fuzz/, `scripts/fuzz compile_d`), run
//! here on stable over a fixed set of inputs: the saved fuzz corpus, depth
//! bombs for every nesting construct, and seeded mutations of the D corpus.

#[path = "../fuzz/fuzz_targets/hostile_d.rs"]
mod hostile_d;

#[path = "../fuzz/fuzz_targets/grammar_d.rs"]
mod grammar_d;

use std::path::{Path, PathBuf};

/// The stack the CLI's main thread has at least; the compiler must fit in
/// it on any input, in this (debug) build too.
const STACK: usize = 8 << 20;

/// Runs the check on its own thread with [`STACK`] bytes of stack, so an
/// overflow aborts the test run instead of passing unnoticed.
fn check_all(inputs: Vec<(String, Vec<u8>)>) {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            for (name, data) in &inputs {
                let ok = std::panic::catch_unwind(|| hostile_d::check(data));
                assert!(ok.is_ok(), "the compiler panicked on {name}");
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

fn files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect();
    out.sort();
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The D corpus: every script the project tests, good and bad.
fn d_corpus() -> Vec<Vec<u8>> {
    let d = root().join("../tests/d");
    let mut all = files(&d, Some("d"));
    all.extend(files(&d.join("err"), Some("d")));
    all.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn saved_fuzz_inputs() {
    let inputs = files(&root().join("fuzz/corpus/compile_d"), None)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    check_all(inputs);
}

/// Each construct that nests, nested far past any limit.
#[test]
fn depth_bombs() {
    // Far past the parser's bounds (256 levels, 1000 operators).
    const N: usize = 5_000;
    let wrap = |open: &str, inner: &str, close: &str| {
        format!("BEGIN {{ {}{inner}{}; }}", open.repeat(N), close.repeat(N))
    };
    let bombs = [
        wrap("(", "1", ")"),
        wrap("-", "1", ""),
        wrap("!", "1", ""),
        wrap("~", "1", ""),
        wrap("*", "x", ""),
        wrap("&", "x", ""),
        wrap("(int)", "1", ""),
        wrap("x[", "1", "]"),
        wrap("@a[", "1", "]"),
        wrap("strlen(", "\"a\"", ")"),
        wrap("sizeof(", "1", ")"),
        wrap("1 ? 2 : ", "3", ""),
        wrap("x = ", "1", ""),
        wrap("x += ", "1", ""),
        wrap("1 + ", "1", ""),
        wrap("1, ", "1", ""),
        wrap("++", "x", ""),
        wrap("", "x", "++"),
        wrap("", "x", ".a"),
        wrap("", "x", "->a"),
        wrap("", "x", "[1]"),
        wrap("", "x", "()"),
        wrap("", "\"a\"", " \"b\""),
        format!("BEGIN {}{} ", "{".repeat(N), "}".repeat(N)),
        format!("BEGIN {{ {} }}", "if (1) {".repeat(N) + &"}".repeat(N)),
        format!("BEGIN /{}1{}/ {{}}", "(".repeat(N), ")".repeat(N)),
        format!("{} {{}}", "BEGIN,".repeat(N)),
        format!(
            "struct s {{ {} }};",
            "struct { ".repeat(N) + &"} a;".repeat(N)
        ),
        format!("int {}x;", "*".repeat(N)),
        format!("int x{};", "[1]".repeat(N)),
        "#pragma D option ".repeat(N),
        "/*".repeat(N),
        "\"".repeat(N),
        "\\".repeat(N),
    ];
    check_all(
        bombs
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("depth bomb #{i}"), b.clone().into_bytes()))
            .collect(),
    );
}

/// D's tokens, for mutations that keep inputs close to D.
const TOKENS: &[&str] = &[
    "BEGIN",
    "END",
    "tick-1s",
    "profile-97",
    "syscall::read:entry",
    "fbt:::",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "/",
    ";",
    ",",
    "?",
    ":",
    "=",
    "+=",
    "++",
    "--",
    "->",
    ".",
    "*",
    "&",
    "!",
    "~",
    "<<",
    ">>",
    "&&",
    "||",
    "^^",
    "==",
    "!=",
    "<=",
    ">=",
    "self->",
    "this->",
    "@",
    "@a",
    "@a[1, \"x\"]",
    "count()",
    "sum(",
    "quantize(",
    "lquantize(",
    "printf(\"%d %s\\n\",",
    "printa(",
    "trace(",
    "exit(0)",
    "stringof(",
    "copyinstr(",
    "strjoin(",
    "sizeof(",
    "offsetof(",
    "(char)",
    "(int64_t)",
    "(void *)",
    "int",
    "string",
    "struct",
    "union",
    "enum",
    "typedef",
    "inline",
    "translator",
    "xlate",
    "self",
    "this",
    "arg0",
    "args[0]",
    "$1",
    "$$2",
    "$target",
    "$pid",
    "timestamp",
    "execname",
    "curthread",
    "0x",
    "0xffffffffffffffff",
    "18446744073709551616",
    "1e",
    "'a'",
    "'\\",
    "\"",
    "\\",
    "#pragma D option quiet",
    "#pragma D option strsize=",
    "#pragma D depends_on",
    "#",
    "/*",
    "*/",
    "//",
    "\n",
    "\0",
    "\u{ff}",
    "\u{10ffff}",
    "if",
    "else",
    "for",
    "while",
    "do",
    "sizeof",
    "-2147483648",
];

/// Seeded mutations of the D corpus: byte edits, token insertions,
/// deletions, duplications, truncations and splices of two scripts.
#[test]
fn corpus_mutations() {
    let corpus = d_corpus();
    assert!(corpus.len() > 100, "the D corpus is missing");
    let mut rng = fastrand::Rng::with_seed(0x5eed_dc0d);
    let mut inputs = Vec::new();
    for (i, base) in corpus.iter().enumerate() {
        inputs.push((format!("corpus #{i}"), base.clone()));
        for m in 0..10 {
            let mut data = base.clone();
            for _ in 0..rng.usize(1..=4) {
                mutate(&mut rng, &mut data, &corpus);
            }
            inputs.push((
                format!(
                    "corpus #{i} mutation #{m}: {:?}",
                    String::from_utf8_lossy(&data)
                ),
                data,
            ));
        }
    }
    check_all(inputs);
}

fn mutate(rng: &mut fastrand::Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let at = |rng: &mut fastrand::Rng, len: usize| rng.usize(0..=len);
    match rng.u8(0..7) {
        0 if !data.is_empty() => {
            let i = rng.usize(0..data.len());
            data[i] = rng.u8(..);
        }
        1 => {
            let i = at(rng, data.len());
            let t = TOKENS[rng.usize(0..TOKENS.len())];
            data.splice(i..i, t.bytes());
        }
        2 if !data.is_empty() => {
            let i = rng.usize(0..data.len());
            let j = (i + rng.usize(1..=16)).min(data.len());
            data.drain(i..j);
        }
        3 if !data.is_empty() => {
            let i = rng.usize(0..data.len());
            let j = (i + rng.usize(1..=32)).min(data.len());
            let piece: Vec<u8> = data[i..j].to_vec();
            let k = at(rng, data.len());
            for _ in 0..rng.usize(1..=8) {
                data.splice(k..k, piece.iter().copied());
            }
        }
        4 => data.truncate(at(rng, data.len())),
        5 => {
            let other = &corpus[rng.usize(0..corpus.len())];
            let i = at(rng, data.len());
            let j = at(rng, other.len());
            data.truncate(i);
            data.extend_from_slice(&other[j..]);
        }
        _ => {
            let i = at(rng, data.len());
            let b = [
                b'(', b'{', b'[', b'"', b'\'', b'/', b'*', b'\\', b'$', b'@', b'#',
            ];
            data.insert(i, b[rng.usize(0..b.len())]);
        }
    }
}

/// The diagnostics of the compiler's bounds name the bound.
#[test]
fn limits_named_in_diagnostics() {
    let cases = [
        (
            format!("BEGIN {{ x = {}1{}; }}", "(".repeat(5000), ")".repeat(5000)),
            "nested more than 256 deep",
        ),
        (
            format!("BEGIN {{ x = {}1; }}", "1 + ".repeat(8000)),
            "statement has more than 1000 operators",
        ),
        (
            format!("BEGIN {{ x = \"{}\"; }}", "a".repeat(100_000)),
            "clause needs 100001 string table bytes, more than the 65536 a program may hold",
        ),
    ];
    for (source, want) in cases {
        let opts = rdtrace::compiler::Options::default();
        let err = match rdtrace::compiler::compile(&source, "limits.d", &opts) {
            Ok(_) => panic!("compiled: {want}"),
            Err(diags) => diags.to_string(),
        };
        assert!(err.contains(want), "want {want:?} in:\n{:.300}", err);
        assert!(!err.contains("internal compiler error"), "{:.300}", err);
    }
}

/// The compiler's time grows linearly with its input: each shape compiled
/// at n and 4n, the best of three runs, takes less than 12 times as long
/// (a quadratic pass would take 16 times as long; 3x of slack for noise on
/// a loaded machine).
#[test]
fn linear_time() {
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 5] = [
        ("clauses", |n| "BEGIN { x = 1; }\n".repeat(n / 8)),
        ("statements", |n| {
            format!("BEGIN {{ {} }}", "x = 1 + 2 * y - z;\n".repeat(n / 2))
        }),
        ("comment", |n| {
            format!("/*{}*/ BEGIN {{}}", "* /".repeat(n * 20))
        }),
        ("bad characters", |n| "`#^\\\u{1}".repeat(n * 20)),
        ("string", |n| {
            format!("BEGIN {{ x = \"{}\"; }}", "\\n".repeat(n.min(16_000)))
        }),
    ];
    let time = |source: &str| {
        (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                let _ = rdtrace::compiler::compile(
                    source,
                    "linear.d",
                    &rdtrace::compiler::Options::default(),
                );
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    for (name, make) in shapes {
        let n = 2000;
        let (small, large) = (make(n), make(4 * n));
        // Three tries: a burst of load on a shared machine can stretch one
        // measurement, but a quadratic pass fails every one.
        let mut tries = Vec::new();
        while tries.len() < 3 {
            // Below 5 ms the ratio is noise.
            let t1 = time(&small).max(std::time::Duration::from_millis(5));
            let t4 = time(&large);
            tries.push((t1, t4));
            if t4 < t1 * 12 {
                break;
            }
        }
        assert!(
            tries.iter().any(|&(t1, t4)| t4 < t1 * 12),
            "{name}: {} bytes then {} bytes took {tries:?}",
            small.len(),
            large.len()
        );
    }
}

/// Grammar-shaped scripts (the `compile_d_grammar` fuzz target's) from
/// seeded random bytes: clauses, predicates, statements and expressions
/// nested up to 12 deep.
#[test]
fn grammar_shaped() {
    let mut rng = fastrand::Rng::with_seed(0x6a_a33a);
    let inputs = (0..300)
        .map(|i| {
            let len = rng.usize(1..=200);
            let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
            let source = grammar_d::source(&bytes);
            (
                format!("grammar input #{i}: {source:?}"),
                source.into_bytes(),
            )
        })
        .collect();
    check_all(inputs);
}
