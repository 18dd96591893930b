//! D-shaped source from arbitrary bytes: each byte picks the next choice of
//! a small D grammar (clauses, predicates, statements, expressions, with
//! nesting that can go deep), so the fuzzer reaches the checker and code
//! generator, not only the lexer. Shared by the `compile_d_grammar` target
//! and `cargo test` (tests/compiler_hostile.rs).

/// Bytes read one at a time; zeros once they run out.
struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn next(&mut self, n: u8) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b % n
    }
    fn done(&self) -> bool {
        self.at >= self.data.len()
    }
}

const PROBES: &[&str] = &[
    "BEGIN",
    "END",
    "tick-1s",
    "profile-97",
    "syscall::read:entry",
    "syscall::openat:return",
    "fbt::vfs_read:entry",
    "ERROR",
];
const LEAVES: &[&str] = &[
    "0",
    "1",
    "-1",
    "0x7fffffffffffffff",
    "'a'",
    "\"str\"",
    "arg0",
    "arg1",
    "args[0]",
    "pid",
    "tid",
    "execname",
    "probefunc",
    "timestamp",
    "x",
    "y",
    "s",
    "self->t",
    "this->c",
    "a[1]",
    "a[\"k\", 2]",
    "$1",
    "$2",
    "$target",
    "curthread",
    "curthread->pid",
    "`max_pfn",
];
const UNARY: &[&str] = &[
    "-", "!", "~", "*", "&", "(int)", "(char *)", "(string)", "++", "sizeof ",
];
const BINARY: &[&str] = &[
    "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&&", "||", "^^", "==", "!=", "<", ">",
    "<=", ">=", "=", "+=", ",",
];
const FUNCS: &[&str] = &[
    "strlen",
    "strjoin",
    "substr",
    "stringof",
    "copyinstr",
    "lltostr",
    "strchr",
    "index",
    "basename",
    "rand",
    "speculation",
    "progenyof",
    "d_path",
    "ntohl",
    "strtok",
    "inet_ntop",
];
const AGGS: &[&str] = &[
    "count()",
    "sum(",
    "avg(",
    "min(",
    "max(",
    "quantize(",
    "lquantize(",
    "stddev(",
];

fn expr(c: &mut Choices, out: &mut String, depth: u32) {
    if depth == 0 || c.done() {
        out.push_str(LEAVES[c.next(LEAVES.len() as u8) as usize]);
        return;
    }
    match c.next(7) {
        0 | 1 => out.push_str(LEAVES[c.next(LEAVES.len() as u8) as usize]),
        2 => {
            out.push_str(UNARY[c.next(UNARY.len() as u8) as usize]);
            expr(c, out, depth - 1);
        }
        3 => {
            out.push('(');
            expr(c, out, depth - 1);
            out.push(')');
        }
        4 => {
            out.push_str(FUNCS[c.next(FUNCS.len() as u8) as usize]);
            out.push('(');
            for i in 0..c.next(4) {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(c, out, depth - 1);
            }
            out.push(')');
        }
        5 => {
            expr(c, out, depth - 1);
            out.push_str(" ? ");
            expr(c, out, depth - 1);
            out.push_str(" : ");
            expr(c, out, depth - 1);
        }
        _ => {
            expr(c, out, depth - 1);
            out.push(' ');
            out.push_str(BINARY[c.next(BINARY.len() as u8) as usize]);
            out.push(' ');
            expr(c, out, depth - 1);
        }
    }
}

fn statement(c: &mut Choices, out: &mut String, depth: u32) {
    match c.next(9) {
        0 => {
            out.push_str("trace(");
            expr(c, out, depth);
            out.push_str(");");
        }
        1 => {
            out.push_str("printf(\"%d %s\\n\", ");
            expr(c, out, depth);
            out.push_str(", ");
            expr(c, out, depth);
            out.push_str(");");
        }
        2 => {
            out.push_str("@a[");
            expr(c, out, depth);
            out.push_str("] = ");
            let agg = AGGS[c.next(AGGS.len() as u8) as usize];
            out.push_str(agg);
            if agg.ends_with('(') {
                expr(c, out, depth);
                if agg == "lquantize(" {
                    out.push_str(", 0, 100, 10");
                }
                out.push(')');
            }
            out.push(';');
        }
        3 if depth > 0 => {
            out.push_str("if (");
            expr(c, out, depth);
            out.push_str(") { ");
            statement(c, out, depth - 1);
            out.push_str(" } else { ");
            statement(c, out, depth - 1);
            out.push_str(" }");
        }
        4 => out
            .push_str(["exit(0);", "stack();", "speculate(s);", "commit(s);"][c.next(4) as usize]),
        5 => {
            out.push_str(
                [
                    "printa(@a);",
                    "clear(@a);",
                    "trunc(@a, 2);",
                    "normalize(@a, 2);",
                ][c.next(4) as usize],
            );
        }
        _ => {
            out.push_str(
                ["x = ", "self->t = ", "this->c = ", "a[1] = ", "s = "][c.next(5) as usize],
            );
            expr(c, out, depth);
            out.push(';');
        }
    }
}

/// D source chosen by `data`.
pub fn source(data: &[u8]) -> String {
    let mut c = Choices { data, at: 0 };
    let mut out = String::new();
    if c.next(3) == 0 {
        out.push_str("#pragma D option quiet\n");
    }
    while !c.done() {
        out.push_str(PROBES[c.next(PROBES.len() as u8) as usize]);
        if c.next(3) == 0 {
            out.push_str(" /");
            let depth = u32::from(c.next(12));
            expr(&mut c, &mut out, depth);
            out.push('/');
        }
        out.push_str("\n{\n");
        for _ in 0..c.next(6) {
            out.push('\t');
            let depth = u32::from(c.next(12));
            statement(&mut c, &mut out, depth);
            out.push('\n');
        }
        out.push_str("}\n");
    }
    out
}
