//! Lowering: after the pass, each instruction becomes a [`LoweredInsn`]
//! with what the pass proved resolved (targets, constants, strings,
//! register types), and the hot sequences fused.

use super::super::builtin::Builtin;
use super::super::insn::Insn;
use super::super::lowered::{table_string, Cond, Kind, LoweredInsn};
use super::super::opcode::{Form, Op};
use super::super::program::{Program, CONST_SIZE, HEADER_SIZE, VAR_SIZE};
use super::super::{Ty, INSN_SIZE};
use super::{target, Slot};

/// The string table's range in the blob.
pub(super) fn strtab_range(prog: &Program<'_>) -> (usize, usize) {
    let h = prog.header();
    let at = [
        (h.insn_count, INSN_SIZE),
        (h.const_count, CONST_SIZE),
        (h.var_count, VAR_SIZE),
    ]
    .iter()
    .fold(HEADER_SIZE, |at, &(n, size)| {
        at.saturating_add((n as usize).saturating_mul(size))
    });
    (at, at.saturating_add(h.strtab_len as usize))
}

/// Lowers the `prog.insn_count()` instructions of `prog` into `code`
/// (which has room for them) using the pass's final `work`; the rest of
/// `code` is filled with [`LoweredInsn::EMPTY`].
pub(super) fn lower(prog: &Program<'_>, work: &[Slot], code: &mut [LoweredInsn]) {
    let lowering = Lowering {
        prog,
        work,
        strtab_at: strtab_range(prog).0,
    };
    for (pc, out) in code.iter_mut().enumerate() {
        *out = match work.get(pc) {
            Some(slot) if slot.reached && pc < prog.insn_count() => lowering.insn(pc, slot),
            _ => LoweredInsn::EMPTY,
        };
    }
}

struct Lowering<'p, 'a> {
    prog: &'p Program<'a>,
    work: &'p [Slot],
    strtab_at: usize,
}

/// The absolute target of a jump-like instruction at `pc`.
fn abs(pc: usize, off: i16) -> u32 {
    u32::try_from(target(pc, off)).unwrap_or(u32::MAX)
}

impl Lowering<'_, '_> {
    /// Instruction `pc` with its opcode, if reached.
    fn at(&self, pc: usize) -> Option<(Insn, Op)> {
        if !self.work.get(pc)?.reached {
            return None;
        }
        let insn = self.prog.insn(pc)?;
        Some((insn, Op::from_byte(insn.opcode)?))
    }

    /// A conditional jump at `pc` against an immediate reading `reg`:
    /// its condition, immediate and target.
    fn jump_imm(&self, pc: usize, reg: u8) -> Option<(Cond, u64, u32)> {
        let (j, op) = self.at(pc)?;
        if op.form() != Form::JumpImm || j.dst.num() != reg {
            return None;
        }
        Some((Cond::of(op)?, j.simm(), abs(pc, j.off)))
    }

    /// A conditional jump at `pc` comparing some register with `reg`:
    /// its condition, left register and target.
    fn jump_reg(&self, pc: usize, reg: u8) -> Option<(Cond, u8, u32)> {
        let (j, op) = self.at(pc)?;
        if op.form() != Form::JumpReg || j.src.num() != reg {
            return None;
        }
        Some((Cond::of(op)?, j.dst.num(), abs(pc, j.off)))
    }

    /// A constant load (`movi`, `ldc`) at `pc`: its register and value.
    fn constant(&self, pc: usize) -> Option<(u8, u64)> {
        let (i, op) = self.at(pc)?;
        match op {
            Op::MovI => Some((i.dst.num(), i.simm())),
            Op::Ldc => Some((i.dst.num(), self.prog.constant(i.uimm())?)),
            _ => None,
        }
    }

    fn insn(&self, pc: usize, slot: &Slot) -> LoweredInsn {
        let Some((insn, op)) = self.at(pc) else {
            return LoweredInsn::EMPTY;
        };
        let next = pc.saturating_add(1);
        let mut l = LoweredInsn {
            kind: Kind::Reference,
            op,
            cond: Cond::of(op).unwrap_or(Cond::Eq),
            a: insn.dst.num(),
            b: insn.src.num(),
            c: 0,
            width: 1,
            strs: slot.regs.strs(),
            aux: 0,
            imm: 0,
        };
        match op.form() {
            Form::AluReg if op == Op::Mov => l.kind = Kind::Mov,
            Form::AluReg => l.kind = Kind::AluReg,
            Form::AluImm if op == Op::MovI => return self.set(l, pc, insn.simm()),
            Form::AluImm | Form::Unary => {
                l.kind = Kind::AluImm;
                l.imm = insn.simm();
            }
            Form::Const => {
                let Some(v) = self.prog.constant(insn.uimm()) else {
                    return LoweredInsn::EMPTY;
                };
                return self.set(l, pc, v);
            }
            Form::Str => {
                let len = self.prog.string(insn.uimm()).map_or(0, <[u8]>::len);
                match table_string(insn.uimm(), len) {
                    Ok(v) => {
                        l.kind = Kind::Set;
                        l.imm = v;
                    }
                    Err(code) => {
                        l.kind = Kind::Trap;
                        l.aux = code as u32;
                    }
                }
            }
            Form::Builtin => {
                let Some(b) = Builtin::from_u32(insn.uimm()) else {
                    return LoweredInsn::EMPTY;
                };
                // Also for a string builtin, which the reference runs:
                // the clause classes read it (`super::super::class`).
                l.c = b as u8;
                if b.ty() == Ty::Int {
                    l.kind = Kind::Builtin;
                    if let Some((cond, imm, t)) = self.jump_imm(next, l.a) {
                        return fused(l, Kind::BuiltinJump, 2, cond, imm, t);
                    }
                }
            }
            Form::ArgImm => {
                l.kind = Kind::Arg;
                l.c = insn.uimm() as u8;
                if let Some((cond, imm, t)) = self.jump_imm(next, l.a) {
                    return fused(l, Kind::ArgJump, 2, cond, imm, t);
                }
                let third = next.saturating_add(1);
                if let Some((b, k)) = self.constant(next) {
                    if let Some((cond, lhs, t)) = self.jump_reg(third, b) {
                        if lhs == l.a {
                            l.b = b;
                            return fused(l, Kind::ArgSetJump, 3, cond, k, t);
                        }
                    }
                }
            }
            Form::ArgReg => l.kind = Kind::ArgReg,
            Form::Load => {
                l.kind = Kind::Load;
                l.imm = i64::from(insn.off) as u64;
            }
            Form::Jump => {
                l.kind = Kind::Ja;
                l.aux = abs(pc, insn.off);
            }
            Form::JumpReg | Form::JumpImm => {
                l.kind = if op.form() == Form::JumpReg {
                    Kind::JumpReg
                } else {
                    Kind::JumpImm
                };
                l.imm = insn.simm();
                l.aux = abs(pc, insn.off);
            }
            Form::Loop => l.kind = Kind::Loop,
            Form::EndLoop => {
                l.kind = Kind::EndLoop;
                l.imm = u64::from(insn.uimm());
                l.aux = abs(pc, insn.off);
            }
            Form::Action => {
                l.kind = match op {
                    Op::Exit => Kind::Exit,
                    Op::Trace => Kind::Trace,
                    // Speculation actions are rare: the reference runs them.
                    _ => Kind::Reference,
                }
            }
            Form::Printf => {
                let Some(fmt) = self.prog.string(insn.uimm()) else {
                    return LoweredInsn::EMPTY;
                };
                let start = self.strtab_at.saturating_add(insn.uimm() as usize);
                l.kind = Kind::Printf;
                l.c = insn.off as u8;
                l.aux = insn.uimm();
                l.imm = (start as u64) | ((fmt.len() as u64) << 32);
            }
            Form::Stack => {
                l.kind = Kind::Stack;
                l.aux = insn.uimm();
            }
            Form::AggCount | Form::AggValue => {
                l.kind = Kind::Agg;
                l.c = insn.off as u8;
                l.aux = insn.uimm();
            }
            Form::Ret => l.kind = Kind::Ret,
            Form::VarLoad | Form::VarStore | Form::AssocLoad | Form::AssocStore => {
                // An undeclared variable faults as the reference does.
                if let Some(decl) = self.prog.var(insn.uimm()) {
                    l.kind = Kind::Var;
                    l.aux = insn.uimm();
                    l.imm = u64::from(u32::from_le_bytes(decl.encode()));
                }
            }
            Form::Call => {}
        }
        l
    }

    /// `rA = v` at `pc`, fused with a `ret rA` or a compare-and-branch
    /// reading `rA` that follows.
    fn set(&self, mut l: LoweredInsn, pc: usize, v: u64) -> LoweredInsn {
        let next = pc.saturating_add(1);
        l.kind = Kind::Set;
        l.imm = v;
        if let Some((ret, Op::Ret)) = self.at(next) {
            if ret.src.num() == l.a {
                l.kind = Kind::RetImm;
                l.width = 2;
                return l;
            }
        }
        if let Some((cond, lhs, t)) = self.jump_reg(next, l.a) {
            l.b = l.a;
            l.a = lhs;
            return fused(l, Kind::SetJump, 2, cond, v, t);
        }
        l
    }
}

/// `l` fused with the compare-and-branch after it.
fn fused(mut l: LoweredInsn, kind: Kind, width: u8, cond: Cond, imm: u64, t: u32) -> LoweredInsn {
    l.kind = kind;
    l.width = width;
    l.cond = cond;
    l.imm = imm;
    l.aux = t;
    l
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::super::super::asm::assemble;
    use super::super::super::lowered::{Kind, LoweredInsn};
    use super::super::{verify_lowered, Limits, Slot};

    /// The kinds a program lowers to, with their widths.
    fn kinds(text: &str) -> alloc::vec::Vec<(Kind, u8)> {
        let blob = assemble(text).expect("assembles");
        let mut work = alloc::vec![Slot::EMPTY; 64];
        let code = alloc::vec![LoweredInsn::EMPTY; blob.len() / 8];
        let p = verify_lowered(blob, &Limits::DEFAULT, &mut work, code).expect("verifies");
        p.code.iter().map(|i| (i.kind, i.width)).collect()
    }

    #[test]
    fn the_compilers_predicates_and_returns_fuse() {
        // `/arg0 == 12345678901234/`, as the compiler writes it.
        let pred = "ldarg r1, 0\n ldc r2, =12345678901234\n jne r1, r2, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0";
        let k = kinds(pred);
        assert_eq!(k[0], (Kind::ArgSetJump, 3));
        assert_eq!(k[3], (Kind::RetImm, 2));
        assert_eq!(k[5], (Kind::RetImm, 2));
        // `/pid != 1/` and `/arg1 > 5/`.
        assert_eq!(
            kinds("ldb r1, pid\n jeqi r1, 1, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0")[0],
            (Kind::BuiltinJump, 2)
        );
        assert_eq!(
            kinds("ldarg r1, 1\n jlei r1, 5, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0")[0],
            (Kind::ArgJump, 2)
        );
    }

    #[test]
    fn variable_instructions_lower_to_var() {
        let k = kinds(".var t tls int\n.var a assoc int 1\n ldt r1, t\n sta a, r1, r1\n ret r1");
        assert_eq!(k[0], (Kind::Var, 1));
        assert_eq!(k[1], (Kind::Var, 1));
    }

    #[test]
    fn unreached_instructions_trap() {
        let k = kinds("movi r0, 0\n ret r0\n movi r1, 1\n ret r1");
        assert_eq!(k[2], (Kind::Trap, 1));
    }
}
