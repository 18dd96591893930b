//! The disassembler: a program blob to text that people read and that
//! [`super::asm::assemble`] turns back into the same bytes.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use super::asm::quote;
use super::builtin::Builtin;
use super::error::VerifyError;
use super::insn::{Insn, Reg};
use super::limits::MAX_TUPLE;
use super::opcode::{Form, Op};
use super::program::Program;
use super::subr::Subr;

/// Disassembles a blob whose header parses. Instructions the assembler
/// syntax cannot express (unknown opcodes, reserved bits) come out as
/// `.insn` lines, so any such blob round-trips.
pub fn disassemble(blob: &[u8]) -> Result<String, VerifyError> {
    let prog = Program::parse(blob)?;
    let h = prog.header();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; DIF v{}: {} instructions, {} constants, {} string bytes, {} variables, {} aggregations",
        h.version, h.insn_count, h.const_count, h.strtab_len, h.var_count, h.agg_count
    );
    let _ = writeln!(out, ".aggs {}", h.agg_count);
    for i in 0..h.const_count {
        let c = prog.constant(i).unwrap_or(0);
        let _ = writeln!(out, ".const {c:#x} ; c{i} = {}", c as i64);
    }
    for i in 0..h.var_count {
        match prog.var(i) {
            Some(v) => {
                let _ = writeln!(
                    out,
                    ".var v{i} {} {} {}",
                    v.kind.name(),
                    v.ty.name(),
                    v.arity
                );
            }
            None => {
                let [a, b, c, d] = prog.var_raw(i).unwrap_or_default();
                let _ = writeln!(out, ".varraw {a}, {b}, {c}, {d} ; v{i}, malformed");
            }
        }
    }
    if !prog.strtab().is_empty() {
        let _ = writeln!(out, ".strtab {}", quote(prog.strtab()));
    }
    let n = prog.insn_count();
    let insns: Vec<Insn> = (0..n).filter_map(|pc| prog.insn(pc)).collect();
    let labels: BTreeSet<usize> = insns
        .iter()
        .enumerate()
        .filter(|(_, i)| expressible(**i).is_some_and(|op| op.form().is_jump()))
        .filter_map(|(pc, i)| jump_target(pc, *i, n))
        .collect();
    for (pc, insn) in insns.iter().enumerate() {
        if labels.contains(&pc) {
            let _ = writeln!(out, "L{pc}:");
        }
        let _ = writeln!(out, "{pc:5}: {}", insn_text(&prog, pc, *insn));
    }
    Ok(out)
}

/// The opcode, if the instruction can be written in assembler syntax.
fn expressible(insn: Insn) -> Option<Op> {
    let op = Op::from_byte(insn.opcode)?;
    let (d, s, o, i) = op.form().fields();
    let reserved = (!d && insn.dst.num() != 0)
        || (!s && insn.src.num() != 0)
        || (!o && insn.off != 0)
        || (!i && insn.imm != 0);
    let tuple_ok = |n: i16| match usize::try_from(n) {
        Ok(0) => insn.src.num() == 0,
        Ok(n) => n <= MAX_TUPLE,
        Err(_) => false,
    };
    let ok = match op.form() {
        Form::Printf | Form::AggCount | Form::AggValue => tuple_ok(insn.off),
        Form::Call => match Subr::from_u32(insn.uimm()) {
            Some(s) if s.args().is_empty() => insn.src.num() == 0,
            _ => true,
        },
        _ => true,
    };
    (!reserved && ok).then_some(op)
}

/// A jump's target, if inside the program.
fn jump_target(pc: usize, insn: Insn, n: usize) -> Option<usize> {
    let t = (pc as i64)
        .checked_add(1)?
        .checked_add(i64::from(insn.off))?;
    usize::try_from(t).ok().filter(|&t| t < n)
}

fn target_text(pc: usize, insn: Insn, n: usize) -> String {
    match jump_target(pc, insn, n) {
        Some(t) => format!("L{t}"),
        None => format!("{:+}", insn.off),
    }
}

fn tuple_text(first: Reg, n: i16) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", r{}:{}", first.num(), n)
    }
}

/// One instruction in assembler syntax, with a comment where it helps.
pub fn insn_text(prog: &Program<'_>, pc: usize, insn: Insn) -> String {
    let Some(op) = expressible(insn) else {
        return format!(
            ".insn {:#04x}, {}, {}, {}, {} ; not a valid instruction",
            insn.opcode,
            insn.dst.num(),
            insn.src.num(),
            insn.off,
            insn.imm
        );
    };
    let name = op.name();
    let (d, s) = (insn.dst.num(), insn.src.num());
    let (imm, uimm) = (insn.imm, insn.uimm());
    let n = prog.insn_count();
    let str_comment = |off: u32| match prog.string(off) {
        Some(b) => format!(" ; {}", quote(b)),
        None => String::from(" ; out of range"),
    };
    match op.form() {
        Form::AluReg | Form::ArgReg => format!("{name} r{d}, r{s}"),
        Form::AluImm => format!("{name} r{d}, {imm}"),
        Form::Unary => format!("{name} r{d}"),
        Form::Ret | Form::Action => format!("{name} r{s}"),
        Form::ArgImm => format!("{name} r{d}, {uimm}"),
        Form::Const => match prog.constant(uimm) {
            Some(c) => format!("{name} r{d}, c{uimm} ; {c:#x}"),
            None => format!("{name} r{d}, c{uimm} ; out of range"),
        },
        Form::Str => format!("{name} r{d}, s{uimm}{}", str_comment(uimm)),
        Form::Builtin => match Builtin::from_u32(uimm) {
            Some(b) => format!("{name} r{d}, {}", b.name()),
            None => format!("{name} r{d}, {uimm}"),
        },
        Form::Load => format!("{name} r{d}, [r{s}{:+}]", insn.off),
        Form::Jump => format!("{name} {}", target_text(pc, insn, n)),
        Form::JumpReg => format!("{name} r{d}, r{s}, {}", target_text(pc, insn, n)),
        Form::JumpImm => format!("{name} r{d}, {imm}, {}", target_text(pc, insn, n)),
        Form::Loop | Form::EndLoop => format!("{name} r{d}, {uimm}, {:+}", insn.off),
        Form::VarLoad => format!("{name} r{d}, v{uimm}"),
        Form::VarStore => format!("{name} v{uimm}, r{s}"),
        Form::AssocLoad => format!("{name} r{d}, v{uimm}, r{s}"),
        Form::AssocStore => format!("{name} v{uimm}, r{d}, r{s}"),
        Form::Call => match Subr::from_u32(uimm) {
            Some(f) if f.args().is_empty() => format!("{name} r{d}, {}", f.name()),
            Some(f) => format!("{name} r{d}, {}, r{s}", f.name()),
            None => format!("{name} r{d}, {uimm}, r{s}"),
        },
        Form::Printf => format!(
            "{name} s{uimm}{}{}",
            tuple_text(insn.src, insn.off),
            str_comment(uimm)
        ),
        Form::Stack => format!("{name} {uimm}"),
        Form::AggCount => format!("{name} @{uimm}{}", tuple_text(insn.src, insn.off)),
        Form::AggValue => format!("{name} @{uimm}, r{d}{}", tuple_text(insn.src, insn.off)),
    }
}
