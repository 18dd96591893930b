//! A generator of well-formed programs from a stream of choices, for the
//! property tests and the structured fuzz target. Programs are written as
//! assembler text with labels and nested loops; most of them verify.
//!
//! Register plan: r0-r7 and r10-r11 integers, r8-r9 strings, r12-r15 the
//! counters of loops nested 1 to 4 deep.

use std::fmt::Write;

/// A stream of choices; exhausted, it yields zeros.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n`.
    fn below(&mut self, n: u32) -> u32 {
        let v = u32::from(self.byte()) | (u32::from(self.byte()) << 8);
        v % n.max(1)
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u32) as usize]
    }
}

const INTS: [u8; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 10, 11];
const ALU: [&str; 13] = [
    "add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "and", "or", "xor", "lsh", "rsh", "arsh",
];
const JUMPS: [&str; 11] = [
    "jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset",
];
const AGGS: [&str; 8] = [
    "sum",
    "min",
    "max",
    "avg",
    "stddev",
    "quantize",
    "lquantize",
    "llquantize",
];
const INT_BUILTINS: [&str; 8] = [
    "pid",
    "tid",
    "cpu",
    "timestamp",
    "retval",
    "uid",
    "caller",
    "id",
];

struct Gen<'c, 'a> {
    c: &'c mut Choices<'a>,
    out: String,
    labels: u32,
    items: u32,
    /// Labels just after each open loop's `endloop`, innermost last.
    breaks: Vec<String>,
}

impl Gen<'_, '_> {
    fn int(&mut self) -> u8 {
        self.c.pick(&INTS)
    }

    fn line(&mut self, s: &str) {
        self.out.push_str("    ");
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn label(&mut self) -> String {
        self.labels += 1;
        format!("L{}", self.labels)
    }

    fn block(&mut self, depth: usize) {
        let len = self.c.below(8);
        for _ in 0..len {
            if self.c.done() || self.items > 400 {
                return;
            }
            self.items += 1;
            self.item(depth);
        }
    }

    fn item(&mut self, depth: usize) {
        let (d, s) = (self.int(), self.int());
        let kind = self.c.below(18);
        let line = match kind {
            0 => format!("{} r{d}, r{s}", self.c.pick(&ALU)),
            1 => {
                let op = self.c.pick(&ALU);
                let imm = match op {
                    "lsh" | "rsh" | "arsh" => self.c.below(64) as i64,
                    "sdiv" | "udiv" | "srem" | "urem" => self.c.below(100) as i64 + 1,
                    _ => self.c.below(2000) as i64 - 1000,
                };
                format!("{op}i r{d}, {imm}")
            }
            2 => match self.c.below(3) {
                0 => format!("not r{d}"),
                1 => format!("neg r{d}"),
                _ => format!("movi r{d}, {}", self.c.below(u32::MAX) as i32),
            },
            3 => format!("ldc r{d}, ={:#x}", u64::from(self.c.below(u32::MAX)) << 20),
            4 => format!("ldb r{d}, {}", self.c.pick(&INT_BUILTINS)),
            5 => format!(
                "ldb r{}, {}",
                8 + self.c.below(2),
                self.c.pick(&["execname", "probefunc"])
            ),
            6 => format!("ldarg r{d}, {}", self.c.below(8)),
            7 => {
                let op = self.c.pick(&[
                    "ldk1", "ldk2", "ldk4", "ldk8", "ldu1", "ldu2", "ldu4", "ldu8",
                ]);
                format!("{op} r{d}, [r{s}{:+}]", self.c.below(64) as i64 - 8)
            }
            8 => {
                let l = self.label();
                let j = self.c.pick(&JUMPS);
                let head = if self.c.below(2) == 0 {
                    format!("{j} r{d}, r{s}, {l}")
                } else {
                    format!("{j}i r{d}, {}, {l}", self.c.below(16))
                };
                self.line(&head);
                self.block(depth);
                let _ = writeln!(self.out, "{l}:");
                return;
            }
            9 if depth < 4 => {
                let ctr = 12 + depth;
                let after = self.label();
                let bound = 1 + self.c.below(6);
                self.line(&format!("loop r{ctr}, {bound}"));
                self.breaks.push(after.clone());
                self.block(depth + 1);
                self.breaks.pop();
                self.line(&format!("endloop r{ctr}"));
                let _ = writeln!(self.out, "{after}:");
                return;
            }
            10 if !self.breaks.is_empty() => {
                let i = self.c.below(self.breaks.len() as u32) as usize;
                let target = self.breaks[i].clone();
                format!("jeqi r{d}, {}, {target}", self.c.below(8))
            }
            11 => match self.c.below(6) {
                0 => format!("ldg r{d}, g"),
                1 => format!("stg g, r{s}"),
                2 => format!("ldt r{d}, t"),
                3 => format!("stt t, r{s}"),
                4 => format!("lda r{d}, a, r{}", self.c.below(7)),
                _ => format!("sta a, r{}, r{s}", self.c.below(7)),
            },
            12 => match self.c.below(4) {
                0 => format!("ldl r{d}, l"),
                1 => format!("stl l, r{s}"),
                2 => format!("ldg r{}, s", 8 + self.c.below(2)),
                _ => format!("stg s, r{}", 8 + self.c.below(2)),
            },
            13 => {
                let sd = 8 + self.c.below(2);
                match self.c.below(12) {
                    0 => format!("call r{d}, strlen, r{sd}"),
                    10 => format!("call r{sd}, membytes, r{}", self.c.below(7)),
                    1 => format!("call r{d}, strcmp, r8"),
                    2 => format!("call r{sd}, strjoin, r8"),
                    3 => format!("call r{sd}, substr, r9"),
                    4 => format!("call r{sd}, strcpy, r{}", 8 + self.c.below(2)),
                    5 => format!("call r{sd}, copyinstr, r{s}"),
                    6 => format!("call r{sd}, stringof, r{s}"),
                    7 => format!("call r{d}, strchr, r9"),
                    8 => format!(
                        "call r{d}, {}, r{s}",
                        self.c.pick(&["ntohs", "ntohl", "ntohll"])
                    ),
                    9 => format!("call r{d}, rand"),
                    _ => format!(
                        "lds r{sd}, \"{}\"",
                        self.c.pick(&["bash", "", "hello", "a longer string"])
                    ),
                }
            }
            14 => match self.c.below(5) {
                0 => format!("trace r{}", self.c.below(10)),
                1 => "printf \"%d %s %d\\n\", r7:3".to_string(),
                2 => format!("stack {}", 1 + self.c.below(8)),
                3 => format!("ustack {}", 1 + self.c.below(8)),
                _ => format!("exit r{s}"),
            },
            15 => {
                let agg = self.c.below(4);
                let keys = self.c.below(3);
                let tuple = if keys == 0 {
                    String::new()
                } else {
                    format!(", r{}:{keys}", self.c.below(5))
                };
                if self.c.below(3) == 0 {
                    format!("count @{agg}{tuple}")
                } else {
                    format!("{} @{agg}, r{d}{tuple}", self.c.pick(&AGGS))
                }
            }
            16 if self.c.below(4) == 0 => format!("ret r{d}"),
            17 => {
                self.fusable(d, s, depth);
                return;
            }
            _ => format!("mov r{d}, r{s}"),
        };
        self.line(&line);
    }
}

impl Gen<'_, '_> {
    /// A sequence the lowering fuses: a load then a compare-and-branch on
    /// it, or `movi; ret`.
    fn fusable(&mut self, d: u8, s: u8, depth: usize) {
        let l = self.label();
        let j = self.c.pick(&JUMPS);
        let k = self.c.below(64) as i64 - 8;
        let load = match self.c.below(4) {
            0 => format!("ldarg r{d}, {}", self.c.below(8)),
            1 => format!("ldb r{d}, {}", self.c.pick(&INT_BUILTINS)),
            2 => format!("movi r{d}, {k}"),
            _ => format!("ldc r{d}, ={:#x}", u64::from(self.c.below(u32::MAX)) << 20),
        };
        match self.c.below(4) {
            0 => {
                self.line(&format!("movi r{d}, {k}"));
                self.line(&format!("ret r{d}"));
                return;
            }
            1 => {
                self.line(&load);
                self.line(&format!("{j}i r{d}, {k}, {l}"));
            }
            2 => {
                // The constant goes into `s`, compared with `d`.
                self.line(&load);
                self.line(&format!("ldc r{s}, ={k:#x}"));
                self.line(&format!("{j} r{d}, r{s}, {l}"));
            }
            _ => {
                self.line(&format!("movi r{s}, {k}"));
                self.line(&format!("{j} r{d}, r{s}, {l}"));
            }
        }
        self.block(depth);
        let _ = writeln!(self.out, "{l}:");
    }
}

/// A program from `data`: declarations, a prologue that writes every
/// register of the plan, a random body, `ret`.
pub fn program(data: &[u8]) -> String {
    let mut c = Choices::new(data);
    let mut g = Gen {
        c: &mut c,
        out: String::new(),
        labels: 0,
        items: 0,
        breaks: Vec::new(),
    };
    g.out.push_str(
        ".var g global int\n.var t tls int\n.var l local int\n.var a assoc int 2\n.var s global str\n.aggs 4\n",
    );
    g.line("ldc r0, =0xffff888000000000");
    g.line("ldc r1, =0x70000000");
    for r in [2, 3, 4, 5, 6, 7, 10, 11] {
        g.line(&format!("movi r{r}, {}", r * 3));
    }
    g.line("ldb r8, execname");
    g.line("lds r9, \"hello\"");
    g.block(0);
    let r = g.int();
    g.line(&format!("ret r{r}"));
    g.out
}
