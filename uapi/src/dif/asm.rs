//! The assembler: text to a program blob, so tests and tools write
//! programs as text, not byte arrays.
//!
//! One statement per line; `;` starts a comment; a leading `12:` (an
//! instruction index, as the disassembler prints) is ignored.
//!
//! ```text
//! .var count global int          ; v0; kinds global|tls|local|assoc,
//! .var seen assoc int 1          ; v1   types int|str, assoc arity
//! .aggs 1                        ; aggregations @0.. (default: as used)
//! .const 0x123456789             ; c0 (ldc also takes =VALUE)
//! .string "bash"                 ; adds "bash\0" to the string table
//! .strtab "raw\0bytes\0"         ; appends raw bytes to the string table
//!     ldb r1, execname
//!     lds r2, "bash"             ; or s<offset>
//!     call r3, strcmp, r1        ; arguments r1, r2
//!     jnei r3, 0, out            ; or a relative +N / -N
//!     ldarg r4, 2
//!     ldk8 r5, [r4+16]
//!     loop r6, 8                 ; bound 8; counter r6 (read-only)
//!     addi r5, 1
//!     endloop r6                 ; matched like brackets
//!     sum @0, r5, r1:1           ; value r5, key tuple r1..r1
//! out:
//!     movi r0, 1
//!     ret r0
//! ```
//!
//! `.insn OP, D, S, OFF, IMM` writes any instruction word, for tests of
//! malformed programs; `loop rD, B, +OFF` and `endloop rD, B, -OFF` give
//! loop offsets explicitly.

mod lex;

pub use lex::quote;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::builtin::Builtin;
use super::insn::{Insn, Reg};
use super::opcode::{Form, Op};
use super::program::{Header, VarDecl, VarKind, VERSION};
use super::subr::Subr;
use super::Ty;

/// An assembler error: the line (1-based) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.msg)
    }
}

/// One instruction statement, kept for the second pass.
struct Stmt<'t> {
    line: usize,
    mnemonic: &'t str,
    ops: Vec<&'t str>,
    /// For `loop`/`endloop`: the matching instruction, by bracket matching.
    partner: Option<usize>,
}

/// The tables being built.
#[derive(Default)]
struct Tables {
    consts: Vec<u64>,
    strtab: Vec<u8>,
    vars: Vec<[u8; 4]>,
    var_names: BTreeMap<String, u32>,
    aggs: Option<u32>,
    max_agg: Option<u32>,
}

impl Tables {
    fn constant(&mut self, v: u64) -> u32 {
        let i = self.consts.iter().position(|&c| c == v).unwrap_or_else(|| {
            self.consts.push(v);
            self.consts.len().saturating_sub(1)
        });
        i as u32
    }

    /// The offset of `s` + NUL in the string table, added if missing.
    fn string(&mut self, s: &[u8]) -> u32 {
        let mut at = 0usize;
        for part in self.strtab.split(|&b| b == 0) {
            if part == s && self.strtab.get(at.saturating_add(s.len())) == Some(&0) {
                return at as u32;
            }
            at = at.saturating_add(part.len()).saturating_add(1);
        }
        let off = self.strtab.len();
        self.strtab.extend_from_slice(s);
        self.strtab.push(0);
        off as u32
    }
}

fn err<T>(line: usize, msg: impl Into<String>) -> Result<T, AsmError> {
    Err(AsmError {
        line,
        msg: msg.into(),
    })
}

/// Assembles `text` into a program blob.
pub fn assemble(text: &str) -> Result<Vec<u8>, AsmError> {
    let mut tables = Tables::default();
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stmts: Vec<Stmt<'_>> = Vec::new();
    let mut open_loops: Vec<usize> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i.saturating_add(1);
        let mut rest = lex::strip_comment(raw).trim();
        // Labels and an index prefix, any number of them.
        while let Some((head, tail)) = rest.split_once(':') {
            let head = head.trim();
            let is_name = !head.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            if !is_name || head.starts_with('.') || head.contains(' ') {
                break;
            }
            if !head.bytes().all(|b| b.is_ascii_digit())
                && labels.insert(head, stmts.len()).is_some()
            {
                return err(line, format!("label {head} defined twice"));
            }
            rest = tail.trim();
        }
        if rest.is_empty() {
            continue;
        }
        let (mnemonic, operands) = match rest.split_once(char::is_whitespace) {
            Some((m, o)) => (m, o.trim()),
            None => (rest, ""),
        };
        let ops = lex::split_operands(operands);
        if let Some(dir) = mnemonic.strip_prefix('.') {
            if dir == "insn" {
                stmts.push(Stmt {
                    line,
                    mnemonic,
                    ops,
                    partner: None,
                });
            } else {
                directive(&mut tables, line, dir, operands)?;
            }
            continue;
        }
        let mut partner = None;
        match mnemonic {
            "loop" => open_loops.push(stmts.len()),
            "endloop" => {
                partner = open_loops.pop();
                let here = stmts.len();
                if let Some(head) = partner.and_then(|h| stmts.get_mut(h)) {
                    head.partner = Some(here);
                }
            }
            _ => {}
        }
        stmts.push(Stmt {
            line,
            mnemonic,
            ops,
            partner,
        });
    }
    let mut insns = Vec::with_capacity(stmts.len());
    for (pc, st) in stmts.iter().enumerate() {
        let insn = encode(&mut tables, &labels, &stmts, pc, st)?;
        insns.push(insn);
    }
    let agg_count = tables
        .aggs
        .unwrap_or_else(|| tables.max_agg.map_or(0, |m| m.saturating_add(1)));
    let header = Header {
        version: VERSION,
        flags: 0,
        insn_count: insns.len() as u32,
        const_count: tables.consts.len() as u32,
        strtab_len: tables.strtab.len() as u32,
        var_count: tables.vars.len() as u32,
        agg_count,
        reserved: 0,
    };
    let mut blob = Vec::new();
    blob.extend_from_slice(&header.encode());
    for insn in insns {
        blob.extend_from_slice(&insn.encode());
    }
    for c in &tables.consts {
        blob.extend_from_slice(&c.to_le_bytes());
    }
    for v in &tables.vars {
        blob.extend_from_slice(v);
    }
    blob.extend_from_slice(&tables.strtab);
    Ok(blob)
}

/// A directive (`.const`, `.string`, `.strtab`, `.var`, `.varraw`, `.aggs`).
fn directive(t: &mut Tables, line: usize, dir: &str, operands: &str) -> Result<(), AsmError> {
    match dir {
        "const" => {
            let Some(v) = lex::imm64(operands) else {
                return err(line, "expected a 64-bit value");
            };
            t.consts.push(v);
        }
        "string" | "strtab" => {
            let Some(s) = lex::string(operands) else {
                return err(line, "expected a string literal");
            };
            t.strtab.extend_from_slice(&s);
            if dir == "string" {
                t.strtab.push(0);
            }
        }
        "var" => {
            let words: Vec<&str> = operands.split_whitespace().collect();
            let (name, kind, ty, arity) = match words.as_slice() {
                [n, k, ty] => (*n, *k, *ty, "0"),
                [n, k, ty, a] => (*n, *k, *ty, *a),
                _ => return err(line, "expected .var NAME KIND TYPE [ARITY]"),
            };
            let kind = match kind {
                "global" => VarKind::Global,
                "tls" => VarKind::ThreadLocal,
                "local" => VarKind::ClauseLocal,
                "assoc" => VarKind::Assoc,
                _ => return err(line, format!("unknown variable kind {kind}")),
            };
            let ty = match ty {
                "int" => Ty::Int,
                "str" => Ty::Str,
                _ => return err(line, format!("unknown type {ty}")),
            };
            let Ok(arity) = arity.parse::<u8>() else {
                return err(line, "bad arity");
            };
            let decl = VarDecl { kind, ty, arity };
            t.var_names.insert(name.to_string(), t.vars.len() as u32);
            t.vars.push(decl.encode());
        }
        "varraw" => {
            let bytes: Option<Vec<u8>> = lex::split_operands(operands)
                .iter()
                .map(|b| lex::int(b).and_then(|v| u8::try_from(v).ok()))
                .collect();
            match bytes.as_deref() {
                Some(&[a, b, c, d]) => t.vars.push([a, b, c, d]),
                _ => return err(line, "expected .varraw B0, B1, B2, B3"),
            }
        }
        "aggs" => {
            let Some(n) = lex::int(operands).and_then(|v| u32::try_from(v).ok()) else {
                return err(line, "expected a count");
            };
            t.aggs = Some(n);
        }
        _ => return err(line, format!("unknown directive .{dir}")),
    }
    Ok(())
}

/// Encodes one instruction statement.
fn encode(
    t: &mut Tables,
    labels: &BTreeMap<&str, usize>,
    stmts: &[Stmt<'_>],
    pc: usize,
    st: &Stmt<'_>,
) -> Result<Insn, AsmError> {
    let line = st.line;
    let ops = &st.ops;
    let op_at = |i: usize| -> Result<&str, AsmError> {
        match ops.get(i) {
            Some(s) if !s.is_empty() => Ok(s),
            _ => err(
                line,
                format!("{}: operand {} missing", st.mnemonic, i.saturating_add(1)),
            ),
        }
    };
    let reg_at = |i: usize| -> Result<Reg, AsmError> {
        let s = op_at(i)?;
        lex::reg(s).map_or_else(|| err(line, format!("expected a register, got {s}")), Ok)
    };
    let imm_at = |i: usize| -> Result<i32, AsmError> {
        let s = op_at(i)?;
        lex::imm32(s).map_or_else(
            || err(line, format!("expected a 32-bit value, got {s}")),
            Ok,
        )
    };
    let target_at = |i: usize| -> Result<i16, AsmError> {
        let s = op_at(i)?;
        let off = if s.starts_with(['+', '-']) {
            lex::int(s)
        } else {
            match labels.get(s) {
                Some(&t) => Some((t as i128).wrapping_sub(pc as i128).wrapping_sub(1)),
                None => return err(line, format!("unknown label {s}")),
            }
        };
        off.and_then(|o| i16::try_from(o).ok())
            .map_or_else(|| err(line, format!("jump offset out of range: {s}")), Ok)
    };
    let var_at = |t: &Tables, i: usize| -> Result<i32, AsmError> {
        let s = op_at(i)?;
        match t
            .var_names
            .get(s)
            .copied()
            .or_else(|| lex::prefixed(s, 'v'))
        {
            Some(v) => Ok(v as i32),
            None => err(line, format!("unknown variable {s}")),
        }
    };
    let tuple_at = |i: usize| -> Result<(Reg, i16), AsmError> {
        lex::tuple(ops.get(i)).map_or_else(|| err(line, "expected a tuple rK:n"), Ok)
    };
    let agg_at = |t: &mut Tables, i: usize| -> Result<i32, AsmError> {
        let s = op_at(i)?;
        let Some(a) = lex::prefixed(s, '@') else {
            return err(line, format!("expected an aggregation @N, got {s}"));
        };
        t.max_agg = Some(t.max_agg.map_or(a, |m| m.max(a)));
        Ok(a as i32)
    };
    if st.mnemonic == ".insn" {
        let b = |i: usize| -> Result<i128, AsmError> {
            let s = op_at(i)?;
            lex::int(s).map_or_else(|| err(line, format!("bad number {s}")), Ok)
        };
        let opcode = u8::try_from(b(0)?).map_err(|_| AsmError {
            line,
            msg: "opcode out of range".into(),
        })?;
        let (d, s) = (b(1)? as u8 & 15, b(2)? as u8 & 15);
        let off = i16::try_from(b(3)?).unwrap_or(0);
        return Ok(Insn::new(opcode, d, s, off, imm_at(4)?));
    }
    let Some(op) = Op::from_name(st.mnemonic) else {
        return err(line, format!("unknown mnemonic {}", st.mnemonic));
    };
    let z = Reg::new(0);
    let (d, s, off, imm): (Reg, Reg, i16, i32) = match op.form() {
        Form::AluReg | Form::ArgReg => (reg_at(0)?, reg_at(1)?, 0, 0),
        Form::AluImm => (reg_at(0)?, z, 0, imm_at(1)?),
        Form::Unary => (reg_at(0)?, z, 0, 0),
        Form::Ret | Form::Action => (z, reg_at(0)?, 0, 0),
        Form::ArgImm => (reg_at(0)?, z, 0, imm_at(1)?),
        Form::Const => {
            let a = op_at(1)?;
            let i = if let Some(v) = a.strip_prefix('=') {
                match lex::imm64(v) {
                    Some(v) => t.constant(v),
                    None => return err(line, format!("bad constant {a}")),
                }
            } else {
                match lex::prefixed(a, 'c') {
                    Some(i) => i,
                    None => return err(line, format!("expected cN or =VALUE, got {a}")),
                }
            };
            (reg_at(0)?, z, 0, i as i32)
        }
        Form::Str => (reg_at(0)?, z, 0, string_operand(t, line, op_at(1)?)?),
        Form::Builtin => {
            let a = op_at(1)?;
            let b = Builtin::from_name(a)
                .map(|b| b as u32)
                .or_else(|| lex::int(a).and_then(|v| u32::try_from(v).ok()));
            match b {
                Some(b) => (reg_at(0)?, z, 0, b as i32),
                None => return err(line, format!("unknown builtin {a}")),
            }
        }
        Form::Load => {
            let a = op_at(1)?;
            let Some((s, off)) = lex::mem(a) else {
                return err(line, format!("expected [rS+off], got {a}"));
            };
            (reg_at(0)?, s, off, 0)
        }
        Form::Jump => (z, z, target_at(0)?, 0),
        Form::JumpReg => (reg_at(0)?, reg_at(1)?, target_at(2)?, 0),
        Form::JumpImm => (reg_at(0)?, z, target_at(2)?, imm_at(1)?),
        Form::Loop | Form::EndLoop => loop_operands(stmts, pc, st, op)?,
        Form::VarLoad => (reg_at(0)?, z, 0, var_at(t, 1)?),
        Form::VarStore => (z, reg_at(1)?, 0, var_at(t, 0)?),
        Form::AssocLoad => (reg_at(0)?, reg_at(2)?, 0, var_at(t, 1)?),
        Form::AssocStore => (reg_at(1)?, reg_at(2)?, 0, var_at(t, 0)?),
        Form::Call => {
            let a = op_at(1)?;
            let n = Subr::from_name(a)
                .map(|b| b as u32)
                .or_else(|| lex::int(a).and_then(|v| u32::try_from(v).ok()));
            let Some(n) = n else {
                return err(line, format!("unknown subroutine {a}"));
            };
            let s = if ops.len() > 2 { reg_at(2)? } else { z };
            (reg_at(0)?, s, 0, n as i32)
        }
        Form::Printf => {
            let fmt = string_operand(t, line, op_at(0)?)?;
            let (s, n) = tuple_at(1)?;
            (z, s, n, fmt)
        }
        Form::Stack => (z, z, 0, imm_at(0)?),
        Form::AggCount => {
            let a = agg_at(t, 0)?;
            let (s, n) = tuple_at(1)?;
            (z, s, n, a)
        }
        Form::AggValue => {
            let a = agg_at(t, 0)?;
            let (s, n) = tuple_at(2)?;
            (reg_at(1)?, s, n, a)
        }
    };
    Ok(Insn::new(op.byte(), d.num(), s.num(), off, imm))
}

/// `sN` or a string literal (added to the string table).
fn string_operand(t: &mut Tables, line: usize, a: &str) -> Result<i32, AsmError> {
    if let Some(off) = lex::prefixed(a, 's') {
        return Ok(off as i32);
    }
    match lex::string(a) {
        Some(s) => Ok(t.string(&s) as i32),
        None => err(line, format!("expected sN or a string literal, got {a}")),
    }
}

/// The fields of `loop rD, B[, +OFF]` or `endloop rD[, B, -OFF]`.
fn loop_operands(
    stmts: &[Stmt<'_>],
    pc: usize,
    st: &Stmt<'_>,
    op: Op,
) -> Result<(Reg, Reg, i16, i32), AsmError> {
    let line = st.line;
    let reg = st.ops.first().and_then(|r| lex::reg(r));
    let Some(reg) = reg else {
        return err(line, "expected the loop counter register");
    };
    let explicit = |i: usize| st.ops.get(i).and_then(|s| lex::int(s));
    let partner = st.partner.and_then(|p| stmts.get(p).map(|ps| (p, ps)));
    let (bound, off) = if op == Op::Loop {
        let bound = explicit(1);
        let off =
            explicit(2).or_else(|| partner.map(|(p, _)| (p as i128).wrapping_sub(pc as i128)));
        (bound, off)
    } else {
        let bound = explicit(1)
            .or_else(|| partner.and_then(|(_, ps)| ps.ops.get(1).and_then(|s| lex::int(s))));
        let off =
            explicit(2).or_else(|| partner.map(|(p, _)| (p as i128).wrapping_sub(pc as i128)));
        (bound, off)
    };
    let bound = bound.and_then(|b| {
        i32::try_from(b)
            .ok()
            .or_else(|| u32::try_from(b).ok().map(|b| b as i32))
    });
    let (Some(bound), Some(off)) = (bound, off.and_then(|o| i16::try_from(o).ok())) else {
        return err(
            line,
            "loop without a matching endloop (or bad bound/offset)",
        );
    };
    Ok((reg, Reg::new(0), off, bound))
}
