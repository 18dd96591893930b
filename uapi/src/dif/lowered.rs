//! Lowered programs: what the verifier proved, baked into the instructions.
//!
//! [`super::verifier::verify_lowered`] turns a verified blob into one
//! [`LoweredInsn`] per instruction, with absolute jump targets, constants,
//! string references and printf formats resolved, and each instruction's
//! register types (the verifier's per-instruction state) attached. The
//! loop in [`LoweredProgram::run`] then checks nothing the verifier proved:
//! no opcode decoding, no operand or type checks, no per-instruction budget
//! test (every branch but `endloop`'s goes forward, so only that back edge
//! can exceed the verifier's bound; it is checked there).
//!
//! Hot pairs and triples become one instruction: `ldarg`/`ldb` then a
//! compare-and-branch against an immediate, `ldc`/`movi` into the register
//! a compare-and-branch reads, and `movi rN; ret rN`. The hot kinds are
//! dispatched first and the rest in a separate function, because the kernel
//! builds Rust without jump tables (`-Cjump-tables=n` under IBT), which
//! turns every `match` into a compare tree.
//!
//! The byte interpreter ([`super::interp::run`]) stays the reference: the
//! tests and the fuzzer run both on every verified program and require
//! the same results, faults and environment calls. Rare instructions whose
//! cost is the environment's (variables, subroutines, string builtins)
//! run through the reference's own step with the verifier's types.

use core::ops::Deref;

use super::builtin::Builtin;
use super::class::Class;
use super::env::{AggFunc, Env, VarRef};
use super::fault::{Fault, FaultCode};
use super::insn::Reg;
use super::interp::strs::StrRef;
use super::interp::{self, Exit, Flow, Machine, Trap};
use super::opcode::Op;
use super::program::{Program, VarDecl};
use super::verifier::Verified;

/// What a lowered instruction does. The hot kinds come first: the loop
/// tests `kind <= LAST_HOT` and dispatches the rest out of line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// Return `imm` (`movi rA, imm; ret rA`).
    RetImm,
    /// Return `rB`.
    Ret,
    /// If `rA cond imm`, go to `target`.
    JumpImm,
    /// If `rA cond rB`, go to `target`.
    JumpReg,
    /// `rA = arg[c]`; if `rA cond imm`, go to `target`.
    ArgJump,
    /// `rA = builtin c`; if `rA cond imm`, go to `target`.
    BuiltinJump,
    /// `rB = imm`; if `rA cond imm`, go to `target`: a constant loaded
    /// into the register the compare-and-branch reads.
    SetJump,
    /// `rA = arg[c]; rB = imm`; if `rA cond imm`, go to `target`.
    ArgSetJump,
    /// Go to `target`.
    Ja,
    /// `rA = imm` (`movi`, `ldc`, `lds`).
    Set,
    /// `rA = rB`.
    Mov,
    /// `rA = arg[c]`.
    Arg,
    /// `rA = builtin c` (an integer builtin).
    Builtin,
    /// `rA = rA op imm` (also the unary operations, whose `imm` is 0).
    AluImm,
    /// `rA = rA op rB`.
    AluReg,
    /// `rA = load(rB + imm)`.
    Load,
    /// `rA = arg[rB]`.
    ArgReg,
    /// `rA = 0` (a loop head).
    Loop,
    /// `rA += 1`; if `rA < imm`, go to `target` (the body's start).
    EndLoop,
    /// printf: format `aux`, its bytes at `imm` (offset | length << 32) in
    /// the blob, `c` arguments from `rB`.
    Printf,
    /// trace `rB`.
    Trace,
    /// exit `rB`.
    Exit,
    /// Aggregate `rA` (1 for `count`) into `aux` keyed by `c` registers
    /// from `rB`.
    Agg,
    /// A kernel or user stack of at most `aux` frames.
    Stack,
    /// A variable load or store (`op`) of variable `aux`, its declaration
    /// (`VarDecl::encode`) in `imm`: the reference's variable step without
    /// re-locating the blob's sections and decoding the instruction.
    Var,
    /// Run the reference interpreter's step on the original instruction.
    Reference,
    /// Never reached (the verifier found no path): fault with `aux`.
    Trap,
}

/// The last kind the loop dispatches inline.
const LAST_HOT: u8 = Kind::AluReg as u8;

/// A branch condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Cond {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Sgt,
    Sge,
    Slt,
    Sle,
    Set,
}

impl Cond {
    /// The condition of a conditional jump opcode.
    pub(crate) const fn of(op: Op) -> Option<Cond> {
        Some(match op {
            Op::Jeq | Op::JeqI => Cond::Eq,
            Op::Jne | Op::JneI => Cond::Ne,
            Op::Jgt | Op::JgtI => Cond::Gt,
            Op::Jge | Op::JgeI => Cond::Ge,
            Op::Jlt | Op::JltI => Cond::Lt,
            Op::Jle | Op::JleI => Cond::Le,
            Op::Jsgt | Op::JsgtI => Cond::Sgt,
            Op::Jsge | Op::JsgeI => Cond::Sge,
            Op::Jslt | Op::JsltI => Cond::Slt,
            Op::Jsle | Op::JsleI => Cond::Sle,
            Op::Jset | Op::JsetI => Cond::Set,
            _ => return None,
        })
    }

    #[inline(always)]
    pub(crate) fn holds(self, a: u64, b: u64) -> bool {
        let (sa, sb) = (a as i64, b as i64);
        match self {
            Cond::Eq => a == b,
            Cond::Ne => a != b,
            Cond::Gt => a > b,
            Cond::Ge => a >= b,
            Cond::Lt => a < b,
            Cond::Le => a <= b,
            Cond::Sgt => sa > sb,
            Cond::Sge => sa >= sb,
            Cond::Slt => sa < sb,
            Cond::Sle => sa <= sb,
            Cond::Set => a & b != 0,
        }
    }
}

/// One lowered instruction; [`super::verifier::verify_lowered`] writes one
/// per instruction of the blob into storage the caller provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoweredInsn {
    pub(crate) kind: Kind,
    /// The original opcode (ALU and load operations, actions).
    pub(crate) op: Op,
    pub(crate) cond: Cond,
    /// Registers, below 16.
    pub(crate) a: u8,
    pub(crate) b: u8,
    /// An argument index or a tuple length.
    pub(crate) c: u8,
    /// How many original instructions this one stands for.
    pub(crate) width: u8,
    /// The registers holding strings before it runs (verifier's types).
    pub(crate) strs: u16,
    /// A jump target, a builtin, format, aggregation or fault number.
    pub(crate) aux: u32,
    /// An immediate, a constant or an encoded string reference.
    pub(crate) imm: u64,
}

impl LoweredInsn {
    /// A filler for storage: faults with ILLOP if ever run.
    pub const EMPTY: LoweredInsn = LoweredInsn {
        kind: Kind::Trap,
        op: Op::Ret,
        cond: Cond::Eq,
        a: 0,
        b: 0,
        c: 0,
        width: 1,
        strs: 0,
        aux: FaultCode::IllegalOp as u32,
        imm: 0,
    };
}

impl Default for LoweredInsn {
    fn default() -> Self {
        LoweredInsn::EMPTY
    }
}

/// A verified program with its lowered instructions. Only the verifier
/// makes one, so the instructions always say what the blob says.
///
/// `B` owns the blob (its string table and the reference's view of the
/// instructions) and `S` the lowered instructions: `Vec`s in userspace,
/// the kernel's own vectors in the module.
pub struct LoweredProgram<B, S> {
    pub(crate) blob: B,
    pub(crate) code: S,
    pub(crate) verified: Verified,
    /// The string table's range in the blob.
    pub(crate) strtab: (usize, usize),
    /// Its shape, if one that runs without the loop.
    pub(crate) class: Class,
    /// Whether a run may write to the clause's record.
    pub(crate) records: bool,
}

/// A register index from a lowered field.
#[inline(always)]
fn r(n: u8) -> usize {
    usize::from(n & 15)
}

fn fault(code: FaultCode, pc: usize, addr: u64, executed: u64) -> Fault {
    Fault {
        code,
        insn: u32::try_from(pc).unwrap_or(u32::MAX),
        addr,
        executed,
    }
}

impl<B, S> LoweredProgram<B, S>
where
    B: Deref<Target = [u8]>,
    S: Deref<Target = [LoweredInsn]>,
{
    /// What the verifier found.
    pub fn verified(&self) -> &Verified {
        &self.verified
    }

    /// The blob it was lowered from.
    pub fn blob(&self) -> &[u8] {
        &self.blob
    }

    /// The program's class (see [`super::class`]).
    pub fn class(&self) -> &Class {
        &self.class
    }

    /// Whether a run may write to the clause's record (trace, printf,
    /// stack, exit) or send it to a speculation. A clause whose actions
    /// do neither and are not empty records nothing, as in DTrace (an
    /// ECB whose actions store no data has no record).
    pub fn records(&self) -> bool {
        self.records
    }

    /// Runs the program with `scratch` as string space; the same result,
    /// fault and environment calls as [`interp::run`] on its blob.
    pub fn run<E: Env>(&self, env: &mut E, scratch: &mut [u8]) -> Result<Exit, Fault> {
        match &self.class {
            Class::Const(exit) => Ok(*exit),
            Class::Compare(c) => c.run(env),
            Class::Aggregate(a) => a.run(env, scratch, self.verified.strsize() as usize),
            Class::Emit(e) => e.run(env, &self.blob),
            Class::General => self.run_general(env, scratch),
        }
    }

    /// Runs the program through the loop, whatever its class.
    pub fn run_general<E: Env>(&self, env: &mut E, scratch: &mut [u8]) -> Result<Exit, Fault> {
        let code: &[LoweredInsn] = &self.code;
        let mut m = Machine::new(scratch, self.verified.strsize() as usize);
        let mut pc: usize = 0;
        let mut executed: u64 = 0;
        loop {
            let Some(i) = code.get(pc) else {
                return Err(fault(FaultCode::IllegalOp, pc, 0, executed));
            };
            executed = executed.wrapping_add(u64::from(i.width));
            let next = pc.wrapping_add(usize::from(i.width));
            let target = i.aux as usize;
            if i.kind as u8 > LAST_HOT {
                pc = match self.cold(i, pc, &mut m, env, executed) {
                    Ok(Some(t)) => t,
                    Ok(None) => next,
                    Err((code, addr, at, done)) => return Err(fault(code, at, addr, done)),
                };
                continue;
            }
            pc = match i.kind {
                Kind::RetImm => {
                    return Ok(Exit {
                        value: i.imm,
                        executed,
                    })
                }
                Kind::Ret => {
                    let value = m.regs[r(i.b)];
                    return Ok(Exit { value, executed });
                }
                Kind::JumpImm => jump(i.cond.holds(m.regs[r(i.a)], i.imm), target, next),
                Kind::JumpReg => {
                    let (x, y) = (m.regs[r(i.a)], m.regs[r(i.b)]);
                    jump(i.cond.holds(x, y), target, next)
                }
                Kind::ArgJump | Kind::ArgSetJump => {
                    let first = executed.wrapping_sub(u64::from(i.width)).wrapping_add(1);
                    match env.arg(u64::from(i.c)) {
                        Ok(v) => m.regs[r(i.a)] = v,
                        Err(code) => return Err(fault(code, pc, 0, first)),
                    }
                    if i.kind == Kind::ArgSetJump {
                        m.regs[r(i.b)] = i.imm;
                    }
                    jump(i.cond.holds(m.regs[r(i.a)], i.imm), target, next)
                }
                Kind::BuiltinJump => {
                    let first = executed.wrapping_sub(1);
                    match builtin(env, i.c) {
                        Ok(v) => m.regs[r(i.a)] = v,
                        Err(code) => return Err(fault(code, pc, 0, first)),
                    }
                    jump(i.cond.holds(m.regs[r(i.a)], i.imm), target, next)
                }
                Kind::SetJump => {
                    m.regs[r(i.b)] = i.imm;
                    jump(i.cond.holds(m.regs[r(i.a)], i.imm), target, next)
                }
                Kind::Ja => target,
                Kind::Set => {
                    m.regs[r(i.a)] = i.imm;
                    next
                }
                Kind::Mov => {
                    m.regs[r(i.a)] = m.regs[r(i.b)];
                    next
                }
                Kind::Arg => {
                    match env.arg(u64::from(i.c)) {
                        Ok(v) => m.regs[r(i.a)] = v,
                        Err(code) => return Err(fault(code, pc, 0, executed)),
                    }
                    next
                }
                Kind::Builtin => {
                    match builtin(env, i.c) {
                        Ok(v) => m.regs[r(i.a)] = v,
                        Err(code) => return Err(fault(code, pc, 0, executed)),
                    }
                    next
                }
                Kind::AluImm | Kind::AluReg => {
                    let y = if i.kind == Kind::AluImm {
                        i.imm
                    } else {
                        m.regs[r(i.b)]
                    };
                    match interp::alu(i.op, m.regs[r(i.a)], y) {
                        Ok(v) => m.regs[r(i.a)] = v,
                        Err((code, addr)) => return Err(fault(code, pc, addr, executed)),
                    }
                    next
                }
                _ => return Err(fault(FaultCode::IllegalOp, pc, 0, executed)),
            };
        }
    }

    /// The kinds dispatched out of line: `Ok(Some(pc))` to jump, `Ok(None)`
    /// to go on, or a fault (code, address, instruction, executed).
    #[inline(never)]
    fn cold<E: Env>(
        &self,
        i: &LoweredInsn,
        pc: usize,
        m: &mut Machine<'_>,
        env: &mut E,
        executed: u64,
    ) -> Result<Option<usize>, (FaultCode, u64, usize, u64)> {
        let at = |(code, addr): Trap| (code, addr, pc, executed);
        let strtab = self.blob.get(self.strtab.0..self.strtab.1).unwrap_or(&[]);
        let n = usize::from(i.c);
        match i.kind {
            Kind::Load => {
                let addr = m.regs[r(i.b)].wrapping_add(i.imm);
                m.regs[r(i.a)] = interp::load(m, env, i.op, addr).map_err(at)?;
            }
            Kind::ArgReg => {
                let v = env.arg(m.regs[r(i.b)]).map_err(|c| at((c, 0)))?;
                m.regs[r(i.a)] = v;
            }
            Kind::Loop => m.regs[r(i.a)] = 0,
            Kind::EndLoop => {
                let v = m.regs[r(i.a)].wrapping_add(1);
                m.regs[r(i.a)] = v;
                if v < i.imm {
                    // The one back edge: the only place the budget can run
                    // out. The reference faults on the next instruction.
                    let target = i.aux as usize;
                    if executed >= self.verified.cost() {
                        return Err((FaultCode::Budget, 0, target, executed));
                    }
                    return Ok(Some(target));
                }
            }
            Kind::Printf => {
                let filled = m.scratch.get(..m.used).unwrap_or(&[]);
                let start = (i.imm & 0xffff_ffff) as usize;
                let fmt = self
                    .blob
                    .get(start..start.saturating_add((i.imm >> 32) as usize))
                    .ok_or(at(interp::trap(FaultCode::IllegalOp)))?;
                let args =
                    interp::tuple(&m.regs, i.strs, Reg::new(i.b), n, strtab, filled).map_err(at)?;
                let args = args.get(..n).unwrap_or(&[]);
                env.printf(i.aux, fmt, args).map_err(|c| at((c, 0)))?;
            }
            Kind::Trace => {
                let filled = m.scratch.get(..m.used).unwrap_or(&[]);
                let v =
                    interp::value(&m.regs, i.strs, Reg::new(i.b), strtab, filled).map_err(at)?;
                env.trace(v).map_err(|c| at((c, 0)))?;
            }
            Kind::Exit => env.exit(m.regs[r(i.b)]).map_err(|c| at((c, 0)))?,
            Kind::Stack => env
                .stack(i.aux, i.op == Op::Ustack)
                .map_err(|c| at((c, 0)))?,
            Kind::Agg => {
                let filled = m.scratch.get(..m.used).unwrap_or(&[]);
                let func = AggFunc::of(i.op).ok_or(at(interp::trap(FaultCode::IllegalOp)))?;
                let value = if func == AggFunc::Count {
                    1
                } else {
                    m.regs[r(i.a)]
                };
                let keys =
                    interp::tuple(&m.regs, i.strs, Reg::new(i.b), n, strtab, filled).map_err(at)?;
                let keys = keys.get(..n).unwrap_or(&[]);
                env.aggregate(i.aux, func, value, keys)
                    .map_err(|c| at((c, 0)))?;
            }
            Kind::Var => {
                let illegal = at(interp::trap(FaultCode::IllegalOp));
                let decl = VarDecl::decode((i.imm as u32).to_le_bytes()).ok_or(illegal)?;
                let var = VarRef {
                    id: i.aux,
                    kind: decl.kind,
                    ty: decl.ty,
                };
                // The reference's dynamic types, from the verifier's.
                m.strs = i.strs;
                let regs = (Reg::new(i.a), Reg::new(i.b));
                interp::variable_decl(strtab, m, env, i.op, regs, var, decl.arity).map_err(at)?;
            }
            Kind::Reference => {
                let illegal = at(interp::trap(FaultCode::IllegalOp));
                let prog =
                    Program::with_header(&self.blob, *self.verified.header()).ok_or(illegal)?;
                let insn = prog.insn(pc).ok_or(illegal)?;
                // The reference's dynamic types, from the verifier's.
                m.strs = i.strs;
                match interp::step(&prog, m, env, insn).map_err(at)? {
                    Flow::Next => {}
                    Flow::Jump(_) | Flow::Ret(_) => return Err(illegal),
                }
            }
            _ => {
                let code = FaultCode::from_u8(i.aux as u8).unwrap_or(FaultCode::IllegalOp);
                return Err(at(interp::trap(code)));
            }
        }
        Ok(None)
    }
}

#[inline(always)]
fn jump(taken: bool, target: usize, next: usize) -> usize {
    if taken {
        target
    } else {
        next
    }
}

/// An integer builtin by number (the lowering checked it is one).
#[inline(always)]
pub(crate) fn builtin<E: Env>(env: &mut E, n: u8) -> Result<u64, FaultCode> {
    match Builtin::from_u32(u32::from(n)) {
        Some(b) => env.builtin(b),
        None => Err(FaultCode::IllegalOp),
    }
}

/// The string reference `lds` makes for string-table offset `off`.
pub(crate) fn table_string(off: u32, len: usize) -> Result<u64, FaultCode> {
    StrRef {
        table: true,
        off: off as usize,
        len,
    }
    .encode()
}
