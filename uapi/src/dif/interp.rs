//! The interpreter: runs a verified program against an [`Env`].
//!
//! Its whole state is on the stack (16 registers, a type mask, a program
//! counter and counters) plus the caller's scratch buffer. It never
//! indexes out of range, never panics and never dereferences an address;
//! even an unverified blob can only make it fault ([`FaultCode::IllegalOp`])
//! or run out of budget, never misbehave.

/// The highest signal number `raise()` sends (Linux's `_NSIG`).
pub const MAX_SIGNAL: u64 = 64;

pub(crate) mod cleanpath;
pub mod d_path;
pub(crate) mod inet;
pub(crate) mod numtext;
pub(crate) mod scratch;
pub(crate) mod strs;
pub(crate) mod strtok;

use super::builtin::Builtin;
use super::env::{AggFunc, Env, Loaded, Value, VarRef};
use super::fault::{Fault, FaultCode};
use super::insn::{Insn, Reg};
use super::limits::MAX_TUPLE;
use super::opcode::{Form, Op};
use super::program::Program;
use super::subr::Subr;
use super::verifier::Verified;
use super::{Ty, NREGS};
use strs::StrRef;

/// How a run ended normally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit {
    /// The value `ret` returned (a predicate's verdict: nonzero is true).
    pub value: u64,
    /// Instructions executed, never more than [`Verified::cost`].
    pub executed: u64,
}

/// What one instruction does to control flow.
pub(crate) enum Flow {
    Next,
    Jump(i16),
    Ret(u64),
}

/// A fault raised inside an instruction: the code and the address.
pub(crate) type Trap = (FaultCode, u64);

pub(crate) fn trap(code: FaultCode) -> Trap {
    (code, 0)
}

/// The registers, their runtime types and the scratch allocation.
pub(crate) struct Machine<'s> {
    pub(crate) regs: [u64; NREGS],
    /// Bit `r` set: register `r` holds a string reference.
    pub(crate) strs: u16,
    pub(crate) scratch: &'s mut [u8],
    pub(crate) used: usize,
    pub(crate) strsize: usize,
    /// Bytes `alloca` and `copyin` took this run (`scratchsize` bounds it).
    pub(crate) allocated: usize,
    /// Bytes copied into scratch this run by the copies that reuse it.
    pub(crate) copied: usize,
    /// What `alloca` and `copyin` gave this run, the only memory stores
    /// and copies may write: start and end offsets, in order.
    pub(crate) spans: [(u32, u32); scratch::MAX_SPANS],
    /// How many of `spans` are in use.
    pub(crate) nspans: usize,
}

impl<'s> Machine<'s> {
    /// A machine with zeroed registers and `scratch` unused.
    pub(crate) fn new(scratch: &'s mut [u8], strsize: usize) -> Machine<'s> {
        Machine {
            regs: [0; NREGS],
            strs: 0,
            scratch,
            used: 0,
            strsize,
            allocated: 0,
            copied: 0,
            spans: [(0, 0); scratch::MAX_SPANS],
            nspans: 0,
        }
    }
}

impl Machine<'_> {
    fn get(&self, r: Reg) -> u64 {
        self.regs.get(r.index()).copied().unwrap_or(0)
    }

    fn set(&mut self, r: Reg, v: u64, ty: Ty) {
        if let Some(slot) = self.regs.get_mut(r.index()) {
            *slot = v;
        }
        match ty {
            Ty::Int => self.strs &= !r.bit(),
            Ty::Str => self.strs |= r.bit(),
        }
    }

    fn is_str(&self, r: Reg) -> bool {
        self.strs & r.bit() != 0
    }

    /// The string in `r`.
    fn string(&self, r: Reg) -> Result<StrRef, Trap> {
        if self.is_str(r) {
            Ok(StrRef::decode(self.get(r)))
        } else {
            Err(trap(FaultCode::IllegalOp))
        }
    }

    /// Free scratch for a string result of at most `need` bytes.
    pub(crate) fn reserve(&mut self, need: usize) -> Result<&mut [u8], Trap> {
        let end = self
            .used
            .checked_add(need)
            .ok_or(trap(FaultCode::NoScratch))?;
        self.scratch
            .get_mut(self.used..end)
            .ok_or(trap(FaultCode::NoScratch))
    }

    /// Keeps `len` bytes just written at the scratch top as a string in `r`.
    pub(crate) fn commit(&mut self, r: Reg, len: usize) -> Result<(), Trap> {
        let s = StrRef {
            table: false,
            off: self.used,
            len,
        };
        let v = s.encode().map_err(trap)?;
        self.used = self.used.saturating_add(len);
        self.set(r, v, Ty::Str);
        Ok(())
    }
}

/// Builds the values of `n` registers from `first`, borrowing strings
/// from `strtab` and the filled part of scratch.
pub(crate) fn tuple<'a>(
    m_regs: &[u64; NREGS],
    strs: u16,
    first: Reg,
    n: usize,
    strtab: &'a [u8],
    filled: &'a [u8],
) -> Result<[Value<'a>; MAX_TUPLE], Trap> {
    let mut out = [Value::Int(0); MAX_TUPLE];
    for (i, slot) in out.iter_mut().enumerate().take(n) {
        let r = first.offset(i).ok_or(trap(FaultCode::IllegalOp))?;
        *slot = value(m_regs, strs, r, strtab, filled)?;
    }
    Ok(out)
}

/// The value of register `r`, as [`tuple`] builds each: one value without
/// a tuple's array to fill and copy.
#[inline(always)]
pub(crate) fn value<'a>(
    m_regs: &[u64; NREGS],
    strs: u16,
    r: Reg,
    strtab: &'a [u8],
    filled: &'a [u8],
) -> Result<Value<'a>, Trap> {
    let v = m_regs.get(r.index()).copied().unwrap_or(0);
    Ok(if strs & r.bit() != 0 {
        let bytes = StrRef::decode(v)
            .bytes(strtab, filled)
            .ok_or(trap(FaultCode::IllegalOp))?;
        Value::Str(bytes)
    } else {
        Value::Int(v)
    })
}

/// Runs the program in `blob`, verified into `verified`, with `scratch` as
/// string space. Returns the value of `ret`, or the fault that ended it.
pub fn run<E: Env>(
    blob: &[u8],
    verified: &Verified,
    env: &mut E,
    scratch: &mut [u8],
) -> Result<Exit, Fault> {
    // The verifier's header spares a parse per run; a blob that does not
    // fit it (not the one verified) is parsed for itself.
    let prog = Program::with_header(blob, *verified.header()).or_else(|| Program::parse(blob).ok());
    let Some(prog) = prog else {
        return Err(Fault {
            code: FaultCode::IllegalOp,
            insn: 0,
            addr: 0,
            executed: 0,
        });
    };
    let mut m = Machine::new(scratch, verified.strsize() as usize);
    let budget = verified.cost();
    let mut pc: usize = 0;
    let mut executed: u64 = 0;
    loop {
        let fault = |(code, addr): Trap, executed: u64| Fault {
            code,
            insn: u32::try_from(pc).unwrap_or(u32::MAX),
            addr,
            executed,
        };
        if executed >= budget {
            return Err(fault(trap(FaultCode::Budget), executed));
        }
        executed = executed.saturating_add(1);
        let Some(insn) = prog.insn(pc) else {
            return Err(fault(trap(FaultCode::IllegalOp), executed));
        };
        match step(&prog, &mut m, env, insn) {
            Ok(Flow::Next) => pc = pc.saturating_add(1),
            Ok(Flow::Jump(off)) => {
                let t = (pc as i64).wrapping_add(1).wrapping_add(i64::from(off));
                pc = usize::try_from(t).unwrap_or(usize::MAX);
            }
            Ok(Flow::Ret(value)) => return Ok(Exit { value, executed }),
            Err(t) => return Err(fault(t, executed)),
        }
    }
}

/// The ALU operation of `op` on `a` and `b`.
pub(crate) fn alu(op: Op, a: u64, b: u64) -> Result<u64, Trap> {
    let div0 = trap(FaultCode::DivZero);
    Ok(match op {
        Op::Add | Op::AddI => a.wrapping_add(b),
        Op::Sub | Op::SubI => a.wrapping_sub(b),
        Op::Mul | Op::MulI => a.wrapping_mul(b),
        // checked_* fail on zero and on i64::MIN / -1, which wraps.
        Op::Sdiv | Op::SdivI if b == 0 => return Err(div0),
        Op::Sdiv | Op::SdivI => (a as i64).checked_div(b as i64).map_or(a, |v| v as u64),
        Op::Udiv | Op::UdivI => a.checked_div(b).ok_or(div0)?,
        Op::Srem | Op::SremI if b == 0 => return Err(div0),
        Op::Srem | Op::SremI => (a as i64).checked_rem(b as i64).map_or(0, |v| v as u64),
        Op::Urem | Op::UremI => a.checked_rem(b).ok_or(div0)?,
        Op::And | Op::AndI => a & b,
        Op::Or | Op::OrI => a | b,
        Op::Xor | Op::XorI => a ^ b,
        Op::Lsh | Op::LshI => a.wrapping_shl((b & 63) as u32),
        Op::Rsh | Op::RshI => a.wrapping_shr((b & 63) as u32),
        Op::Arsh | Op::ArshI => (a as i64).wrapping_shr((b & 63) as u32) as u64,
        Op::Mov | Op::MovI => b,
        Op::Not => !a,
        Op::Neg => a.wrapping_neg(),
        _ => return Err(trap(FaultCode::IllegalOp)),
    })
}

/// Whether the jump of `op` on `a` and `b` is taken.
fn taken(op: Op, a: u64, b: u64) -> bool {
    let (sa, sb) = (a as i64, b as i64);
    match op {
        Op::Jeq | Op::JeqI => a == b,
        Op::Jne | Op::JneI => a != b,
        Op::Jgt | Op::JgtI => a > b,
        Op::Jge | Op::JgeI => a >= b,
        Op::Jlt | Op::JltI => a < b,
        Op::Jle | Op::JleI => a <= b,
        Op::Jsgt | Op::JsgtI => sa > sb,
        Op::Jsge | Op::JsgeI => sa >= sb,
        Op::Jslt | Op::JsltI => sa < sb,
        Op::Jsle | Op::JsleI => sa <= sb,
        Op::Jset | Op::JsetI => a & b != 0,
        _ => true,
    }
}

/// A nofault load of 1, 2, 4 or 8 bytes (a kernel load from a scratch
/// address reads scratch).
pub(crate) fn load<E: Env>(m: &Machine<'_>, env: &mut E, op: Op, addr: u64) -> Result<u64, Trap> {
    let (size, user) = match op {
        Op::Ldk1 => (1, false),
        Op::Ldk2 => (2, false),
        Op::Ldk4 => (4, false),
        Op::Ldk8 => (8, false),
        Op::Ldu1 => (1, true),
        Op::Ldu2 => (2, true),
        Op::Ldu4 => (4, true),
        _ => (8, true),
    };
    if addr & (size as u64).wrapping_sub(1) != 0 {
        return Err((FaultCode::BadAlign, addr));
    }
    if !user && m.is_scratch(addr) {
        return m.load_scratch(addr, size);
    }
    let mut buf = [0u8; 8];
    let out = buf.get_mut(..size).ok_or(trap(FaultCode::IllegalOp))?;
    let r = if user {
        env.read_user(addr, out)
    } else {
        env.read_kernel(addr, out)
    };
    r.map_err(|code| (code, addr))?;
    Ok(match size {
        1 => u64::from(buf[0]),
        2 => u64::from(u16::from_ne_bytes([buf[0], buf[1]])),
        4 => u64::from(u32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]])),
        _ => u64::from_ne_bytes(buf),
    })
}

/// Executes one instruction.
pub(crate) fn step<E: Env>(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    env: &mut E,
    insn: Insn,
) -> Result<Flow, Trap> {
    let op = Op::from_byte(insn.opcode).ok_or(trap(FaultCode::IllegalOp))?;
    let (d, s) = (insn.dst, insn.src);
    match op.form() {
        Form::AluReg if op == Op::Mov => {
            let ty = if m.is_str(s) { Ty::Str } else { Ty::Int };
            m.set(d, m.get(s), ty);
        }
        Form::AluReg => m.set(d, alu(op, m.get(d), m.get(s))?, Ty::Int),
        Form::AluImm | Form::Unary => m.set(d, alu(op, m.get(d), insn.simm())?, Ty::Int),
        Form::Const => {
            let v = prog
                .constant(insn.uimm())
                .ok_or(trap(FaultCode::IllegalOp))?;
            m.set(d, v, Ty::Int);
        }
        Form::Str => {
            let bytes = prog.string(insn.uimm()).ok_or(trap(FaultCode::IllegalOp))?;
            let r = StrRef {
                table: true,
                off: insn.uimm() as usize,
                len: bytes.len(),
            };
            m.set(d, r.encode().map_err(trap)?, Ty::Str);
        }
        Form::Builtin => {
            let b = Builtin::from_u32(insn.uimm()).ok_or(trap(FaultCode::IllegalOp))?;
            match b.ty() {
                Ty::Int => m.set(d, env.builtin(b).map_err(trap)?, Ty::Int),
                Ty::Str => {
                    let out = m.reserve(m.strsize)?;
                    let n = env.builtin_str(b, out).map_err(trap)?.min(out.len());
                    m.commit(d, n)?;
                }
            }
        }
        Form::ArgImm => m.set(d, env.arg(u64::from(insn.uimm())).map_err(trap)?, Ty::Int),
        Form::ArgReg => m.set(d, env.arg(m.get(s)).map_err(trap)?, Ty::Int),
        Form::Load => {
            let addr = m.get(s).wrapping_add(i64::from(insn.off) as u64);
            let v = load(m, env, op, addr)?;
            m.set(d, v, Ty::Int);
        }
        Form::Jump => return Ok(Flow::Jump(insn.off)),
        Form::JumpReg | Form::JumpImm => {
            let b = if op.form() == Form::JumpReg {
                m.get(s)
            } else {
                insn.simm()
            };
            if taken(op, m.get(d), b) {
                return Ok(Flow::Jump(insn.off));
            }
        }
        Form::Loop => m.set(d, 0, Ty::Int),
        Form::EndLoop => {
            let n = m.get(d).wrapping_add(1);
            m.set(d, n, Ty::Int);
            if n < u64::from(insn.uimm()) {
                return Ok(Flow::Jump(insn.off));
            }
        }
        Form::VarLoad | Form::AssocLoad | Form::VarStore | Form::AssocStore => {
            variable(prog, m, env, insn, op)?;
        }
        Form::Call => call(prog, m, env, insn)?,
        Form::Action | Form::Printf | Form::Stack | Form::AggCount | Form::AggValue => {
            action(prog, m, env, insn, op)?;
        }
        Form::Ret => return Ok(Flow::Ret(m.get(s))),
    }
    Ok(Flow::Next)
}

/// Variable loads and stores.
fn variable<E: Env>(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    env: &mut E,
    insn: Insn,
    op: Op,
) -> Result<(), Trap> {
    let decl = prog.var(insn.uimm()).ok_or(trap(FaultCode::IllegalOp))?;
    let var = VarRef {
        id: insn.uimm(),
        kind: decl.kind,
        ty: decl.ty,
    };
    variable_decl(
        prog.strtab(),
        m,
        env,
        op,
        (insn.dst, insn.src),
        var,
        decl.arity,
    )
}

/// A variable load or store of `var` (with `arity` keys) by `op` with
/// registers `(dst, src)`, its declaration already decoded: the lowered
/// loop's variable instructions (`Kind::Var`) and the reference's.
pub(crate) fn variable_decl<E: Env>(
    strtab: &[u8],
    m: &mut Machine<'_>,
    env: &mut E,
    op: Op,
    (dst, src): (Reg, Reg),
    var: VarRef,
    arity: u8,
) -> Result<(), Trap> {
    let (keys_at, nkeys) = match op.form() {
        Form::AssocLoad => (src, usize::from(arity)),
        Form::AssocStore => (dst, usize::from(arity)),
        _ => (Reg::new(0), 0),
    };
    let strsize = m.strsize;
    let (filled, free) = m.scratch.split_at_mut(m.used.min(m.scratch.len()));
    // Scalars have no keys: no tuple to build.
    let tuple_keys;
    let keys = if nkeys == 0 {
        &[][..]
    } else {
        tuple_keys = tuple(&m.regs, m.strs, keys_at, nkeys, strtab, filled)?;
        tuple_keys.get(..nkeys).unwrap_or(&[])
    };
    match op.form() {
        Form::VarLoad | Form::AssocLoad => {
            let out = free.get_mut(..strsize).ok_or(trap(FaultCode::NoScratch))?;
            let loaded = env.load_var(var, keys, out).map_err(trap)?;
            match (loaded, var.ty) {
                (Loaded::Int(v), Ty::Int) => m.set(dst, v, Ty::Int),
                (Loaded::Str(n), Ty::Str) => {
                    let n = n.min(strsize);
                    m.commit(dst, n)?;
                }
                _ => return Err(trap(FaultCode::IllegalOp)),
            }
        }
        _ => {
            let v = value(&m.regs, m.strs, src, strtab, filled)?;
            env.store_var(var, keys, v).map_err(trap)?;
        }
    }
    Ok(())
}

/// The owner of the Linux `struct mutex` at `addr`: its first word,
/// `owner`, without the low flag bits (`MUTEX_FLAGS`, 0x07).
fn mutex_owner<E: Env>(m: &Machine<'_>, env: &mut E, addr: u64) -> Result<u64, Trap> {
    Ok(load(m, env, Op::Ldk8, addr)? & !0x07)
}

/// Subroutine calls.
fn call<E: Env>(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    env: &mut E,
    insn: Insn,
) -> Result<(), Trap> {
    let subr = Subr::from_u32(insn.uimm()).ok_or(trap(FaultCode::IllegalOp))?;
    let (d, s) = (insn.dst, insn.src);
    let arg = |i: usize| s.offset(i).ok_or(trap(FaultCode::IllegalOp));
    let strtab = prog.strtab();
    let int = |m: &Machine<'_>, i: usize| -> Result<u64, Trap> { Ok(m.get(arg(i)?)) };
    let text = |m: &Machine<'_>, i: usize| -> Result<StrRef, Trap> { m.string(arg(i)?) };
    match subr {
        Subr::Strlen | Subr::Strcmp | Subr::Strchr | Subr::Strjoin | Subr::Strcpy => {
            let a = text(m, 0)?;
            let b = match subr {
                Subr::Strcmp | Subr::Strjoin => Some(text(m, 1)?),
                _ => None,
            };
            let c = if subr == Subr::Strchr { int(m, 1)? } else { 0 };
            let strsize = m.strsize;
            let (filled, free) = m.scratch.split_at_mut(m.used.min(m.scratch.len()));
            let bad = trap(FaultCode::IllegalOp);
            let a = a.bytes(strtab, filled).ok_or(bad)?;
            let b = match b {
                Some(b) => b.bytes(strtab, filled).ok_or(bad)?,
                None => &[],
            };
            let joined = match subr {
                Subr::Strlen => Err(a.len() as u64),
                Subr::Strcmp => Err(strs::strcmp(a, b)),
                Subr::Strchr => Err(strs::strchr(a, c)),
                _ => {
                    let len = a.len().saturating_add(b.len()).min(strsize);
                    let out = free.get_mut(..len).ok_or(trap(FaultCode::NoScratch))?;
                    Ok(strs::join(out, &[a, b]))
                }
            };
            // Ok: a string of that length was written; Err: an integer.
            match joined {
                Ok(n) => m.commit(d, n)?,
                Err(v) => m.set(d, v, Ty::Int),
            }
        }
        Subr::Substr => {
            let r = text(m, 0)?.substr(int(m, 1)? as i64, int(m, 2)? as i64);
            m.set(d, r.encode().map_err(trap)?, Ty::Str);
        }
        Subr::Stringof if m.is_scratch(int(m, 0)?) => m.string_at(d, int(m, 0)?)?,
        Subr::Copyinstr | Subr::Stringof | Subr::CopyinstrN => {
            let addr = int(m, 0)?;
            let cap = match subr {
                Subr::CopyinstrN => {
                    let max = usize::try_from(int(m, 1)?).unwrap_or(usize::MAX);
                    max.saturating_sub(1).min(m.strsize)
                }
                _ => m.strsize,
            };
            let out = m.reserve(cap)?;
            let n = if subr != Subr::Stringof {
                env.read_user_str(addr, out)
            } else {
                env.read_kernel_str(addr, out)
            };
            let n = n.map_err(|code| (code, addr))?.min(out.len());
            m.commit(d, n)?;
        }
        Subr::Alloca | Subr::Copyin => {
            let (size, limit) = match subr {
                Subr::Alloca => (int(m, 0)?, int(m, 1)?),
                _ => (int(m, 1)?, int(m, 2)?),
            };
            let at = m.alloca(size, limit)?;
            if subr == Subr::Copyin {
                m.copy_user(env, int(m, 0)?, size, at)?;
            }
            m.set(d, at, Ty::Int);
        }
        Subr::Copyinto => {
            m.copy_user(env, int(m, 0)?, int(m, 1)?, int(m, 2)?)?;
            m.set(d, 0, Ty::Int);
        }
        Subr::Membytes => m.bytes_string(env, d, int(m, 0)?, int(m, 1)?)?,
        Subr::Bcopy => {
            m.copy_kernel(env, int(m, 0)?, int(m, 1)?, int(m, 2)?)?;
            m.set(d, 0, Ty::Int);
        }
        Subr::BcopyStr => {
            let src = text(m, 0)?;
            m.copy_string(strtab, src, int(m, 1)?, int(m, 2)?)?;
            m.set(d, 0, Ty::Int);
        }
        Subr::ScratchStore => {
            let value = int(m, 1)?;
            m.store(int(m, 0)?, value, int(m, 2)?)?;
            m.set(d, value, Ty::Int);
        }
        Subr::Ntohs => m.set(d, u64::from(u16::from_be(int(m, 0)? as u16)), Ty::Int),
        Subr::Ntohl => m.set(d, u64::from(u32::from_be(int(m, 0)? as u32)), Ty::Int),
        Subr::Ntohll => m.set(d, u64::from_be(int(m, 0)?), Ty::Int),
        Subr::Rand => m.set(d, env.rand(), Ty::Int),
        Subr::Speculation => m.set(d, env.speculation(), Ty::Int),
        Subr::Kstack => {
            let depth = int(m, 0)?.min(u64::from(super::limits::MAX_STACK_DEPTH));
            let out = m.reserve((depth as usize).saturating_mul(8))?;
            let n = env.kernel_stack(out).map_err(trap)?.min(out.len());
            m.commit(d, n)?;
        }
        Subr::Ustack => {
            let depth = int(m, 0)?.min(u64::from(super::limits::MAX_STACK_DEPTH));
            let out = m.reserve((depth as usize).saturating_add(1).saturating_mul(8))?;
            let n = env.user_stack(out).map_err(trap)?.min(out.len());
            m.commit(d, n)?;
        }
        Subr::Uregs => {
            let reg = int(m, 0)?;
            m.set(d, env.user_register(reg).map_err(trap)?, Ty::Int);
        }
        Subr::Usym => {
            let addr = int(m, 0)?;
            let pid = env.builtin(Builtin::Pid).map_err(trap)?;
            let out = m.reserve(16)?;
            out[..8].copy_from_slice(&pid.to_le_bytes());
            out[8..].copy_from_slice(&addr.to_le_bytes());
            m.commit(d, 16)?;
        }
        Subr::Lltostr => {
            let (v, base) = (int(m, 0)? as i64, int(m, 1)?);
            if !numtext::base_ok(base) {
                return Err(trap(FaultCode::IllegalOp));
            }
            // Like every string, at most strsize bytes: the leading ones.
            let out = m.reserve(m.strsize.min(numtext::MAX_TEXT))?;
            let n = numtext::lltostr(out, v, base);
            m.commit(d, n)?;
        }
        Subr::Strtoll => {
            let base = int(m, 1)?;
            if !numtext::base_ok(base) {
                return Err(trap(FaultCode::IllegalOp));
            }
            let s = text(m, 0)?;
            let filled = m.scratch.get(..m.used).unwrap_or(&[]);
            let s = s.bytes(strtab, filled).ok_or(trap(FaultCode::IllegalOp))?;
            let v = numtext::strtoll(s, base);
            m.set(d, v as u64, Ty::Int);
        }
        Subr::Getmajor => m.set(d, (int(m, 0)? >> 20) & 0xfff, Ty::Int),
        Subr::Getminor => m.set(d, int(m, 0)? & 0xf_ffff, Ty::Int),
        Subr::MutexOwned | Subr::MutexOwner => {
            let owner = mutex_owner(m, env, int(m, 0)?)?;
            let v = if subr == Subr::MutexOwner {
                owner
            } else {
                u64::from(owner != 0 && owner == env.builtin(Builtin::Curthread).map_err(trap)?)
            };
            m.set(d, v, Ty::Int);
        }
        Subr::MutexTypeAdaptive => m.set(d, 1, Ty::Int),
        Subr::MutexTypeSpin => m.set(d, 0, Ty::Int),
        Subr::Progenyof => m.set(d, u64::from(env.progenyof(int(m, 0)?)), Ty::Int),
        Subr::Raise => {
            let sig = int(m, 0)?;
            // 0 is no signal; past the last one is DTrace's illegal op.
            if sig > MAX_SIGNAL {
                return Err(trap(FaultCode::IllegalOp));
            }
            if sig != 0 {
                env.raise(sig).map_err(trap)?;
            }
            m.set(d, 0, Ty::Int);
        }
        Subr::DPath => {
            let layout = env.path_layout().ok_or(trap(FaultCode::Unsupported))?;
            let path = int(m, 0)?;
            let out = m.reserve(m.strsize)?;
            let mut read =
                |addr: u64, bytes: &mut [u8]| env.read_kernel(addr, bytes).map_err(|c| (c, addr));
            let n = d_path::d_path(&layout, path, out, &mut read)?;
            m.commit(d, n)?;
        }
        Subr::BlobGet | Subr::BlobSet | Subr::BlobPut => blob_subr(prog, m, subr, d, s)?,
        Subr::Strtok => strtok_subr(prog, m, d, s)?,
        Subr::InetNtop => {
            let (af, addr, full) = (int(m, 0)?, int(m, 1)?, int(m, 2)? != 0);
            inet_ntop(m, env, d, af, addr, full)?;
        }
        Subr::LinkNtop => link_ntop(m, env, d, int(m, 0)?, int(m, 1)?)?,
        Subr::Index
        | Subr::Rindex
        | Subr::Cleanpath
        | Subr::Toupper
        | Subr::Tolower
        | Subr::Basename
        | Subr::Dirname
        | Subr::Strstr
        | Subr::StrchrStr
        | Subr::StrrchrStr => string_subr(prog, m, subr, d, s)?,
    }
    Ok(())
}

/// The struct-value subroutines: a member read from, or written into, a
/// struct's bytes held as a string.
fn blob_subr(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    subr: Subr,
    d: crate::dif::insn::Reg,
    s: crate::dif::insn::Reg,
) -> Result<(), Trap> {
    let arg = |i: usize| s.offset(i).ok_or(trap(FaultCode::IllegalOp));
    let blob = m.string(arg(0)?)?;
    let strtab = prog.strtab();
    if subr == Subr::BlobGet {
        let (off, width) = (m.get(arg(1)?), m.get(arg(2)?));
        let filled = m.scratch.get(..m.used).unwrap_or(&[]);
        let bytes = blob
            .bytes(strtab, filled)
            .ok_or(trap(FaultCode::IllegalOp))?;
        let v = strs::blob_get(bytes, off, width);
        m.set(d, v, Ty::Int);
        return Ok(());
    }
    let size = usize::try_from(m.get(arg(1)?))
        .unwrap_or(usize::MAX)
        .min(m.strsize);
    let off = m.get(arg(2)?);
    let put = if subr == Subr::BlobPut {
        Some((m.string(arg(3)?)?, m.get(arg(4)?)))
    } else {
        None
    };
    let (width, value) = (m.get(arg(3)?), m.get(arg(4)?));
    let (filled, free) = m.scratch.split_at_mut(m.used.min(m.scratch.len()));
    let bad = trap(FaultCode::IllegalOp);
    let bytes = blob.bytes(strtab, filled).ok_or(bad)?;
    let out = free.get_mut(..size).ok_or(trap(FaultCode::NoScratch))?;
    match put {
        Some((v, vsize)) => {
            let v = v.bytes(strtab, filled).ok_or(bad)?;
            strs::blob_put(out, bytes, off, v, vsize);
        }
        None => strs::blob_set(out, bytes, off, width, value),
    }
    m.commit(d, size)
}

/// `strtok`: the token of the state string, or (with
/// [`STRTOK_REST`](super::subr::STRTOK_REST)) the rest after it; both
/// are references into the state string, nothing is copied.
fn strtok_subr(prog: &Program<'_>, m: &mut Machine<'_>, d: Reg, s: Reg) -> Result<(), Trap> {
    let arg = |i: usize| s.offset(i).ok_or(trap(FaultCode::IllegalOp));
    let flags = m.get(arg(2)?);
    // strtok(NULL, ...) with nothing to continue: DTrace's NULL pointer.
    if flags & super::subr::STRTOK_SET == 0 {
        return Err((FaultCode::BadAddr, 0));
    }
    let (state, delims) = (m.string(arg(0)?)?, m.string(arg(1)?)?);
    let filled = m.scratch.get(..m.used).unwrap_or(&[]);
    let bad = trap(FaultCode::IllegalOp);
    let text = state.bytes(prog.strtab(), filled).ok_or(bad)?;
    let delims = delims.bytes(prog.strtab(), filled).ok_or(bad)?;
    let (start, end) = strtok::span(text, delims);
    let (at, len) = match flags & super::subr::STRTOK_REST {
        0 => (start, end.saturating_sub(start)),
        _ => (end, text.len().saturating_sub(end)),
    };
    let r = state.substr(at as i64, len as i64);
    m.set(d, r.encode().map_err(trap)?, Ty::Str);
    Ok(())
}

/// `inet_ntop(af, addr, full)`: the address's bytes read through the
/// nofault path (or scratch), as text in scratch.
fn inet_ntop<E: Env>(
    m: &mut Machine<'_>,
    env: &mut E,
    d: Reg,
    af: u64,
    addr: u64,
    full: bool,
) -> Result<(), Trap> {
    let size = match af {
        inet::AF_INET => 4,
        inet::AF_INET6 => 16,
        _ => return Err(trap(FaultCode::IllegalOp)),
    };
    let mut bytes = [0u8; 16];
    load_bytes(m, env, addr, &mut bytes, size)?;
    let out = m.reserve(m.strsize.min(inet::MAX_TEXT))?;
    let n = match af {
        inet::AF_INET => inet::ntoa(out, [bytes[0], bytes[1], bytes[2], bytes[3]]),
        _ => inet::ntoa6(out, bytes, full),
    };
    m.commit(d, n)
}

/// The first `size` bytes of `bytes` loaded from `addr` through the
/// nofault path (or scratch), a byte at a time.
fn load_bytes<E: Env>(
    m: &mut Machine<'_>,
    env: &mut E,
    addr: u64,
    bytes: &mut [u8],
    size: usize,
) -> Result<(), Trap> {
    for (i, b) in bytes.iter_mut().enumerate().take(size) {
        *b = load(m, env, Op::Ldk1, addr.wrapping_add(i as u64))? as u8;
    }
    Ok(())
}

/// `link_ntop(type, addr)`: the hardware address's bytes read through the
/// nofault path (or scratch), as hex text in scratch.
fn link_ntop<E: Env>(
    m: &mut Machine<'_>,
    env: &mut E,
    d: Reg,
    kind: u64,
    addr: u64,
) -> Result<(), Trap> {
    let size = match kind {
        inet::ARPHRD_ETHER => 6,
        inet::ARPHRD_INFINIBAND => 20,
        _ => return Err(trap(FaultCode::IllegalOp)),
    };
    let mut bytes = [0u8; 20];
    load_bytes(m, env, addr, &mut bytes, size)?;
    let out = m.reserve(m.strsize.min(inet::MAX_LINK_TEXT))?;
    let n = inet::link_ntoa(out, bytes.get(..size).unwrap_or(&[]));
    m.commit(d, n)
}

/// The string subroutines that search or transform one string.
fn string_subr(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    subr: Subr,
    d: crate::dif::insn::Reg,
    s: crate::dif::insn::Reg,
) -> Result<(), Trap> {
    let arg = |i: usize| s.offset(i).ok_or(trap(FaultCode::IllegalOp));
    let a = m.string(arg(0)?)?;
    let second = match subr {
        Subr::Index | Subr::Rindex | Subr::Strstr => Some(m.string(arg(1)?)?),
        _ => None,
    };
    let byte = match subr {
        Subr::StrchrStr | Subr::StrrchrStr => [(m.get(arg(1)?) & 0xff) as u8],
        _ => [0],
    };
    let start = match subr {
        Subr::Index | Subr::Rindex => m.get(arg(2)?),
        _ => super::subr::NO_START,
    };
    let strsize = m.strsize;
    let strtab = prog.strtab();
    let (filled, free) = m.scratch.split_at_mut(m.used.min(m.scratch.len()));
    let bad = trap(FaultCode::IllegalOp);
    let a = a.bytes(strtab, filled).ok_or(bad)?;
    let b: &[u8] = match second {
        Some(b) => b.bytes(strtab, filled).ok_or(bad)?,
        None => &byte,
    };
    // "." for an empty path is the one result longer than its input.
    let room = a.len().max(1).min(strsize);
    let out = free.get_mut(..room).ok_or(trap(FaultCode::NoScratch))?;
    let suffix = |last: bool| {
        strs::find(a, b, last)
            .and_then(|i| a.get(i..))
            .unwrap_or(b"")
    };
    // Ok: a string of that length was written; Err: an integer.
    let result = match subr {
        Subr::Index => Err(strs::index_value(strs::find_from(a, b, start, false))),
        Subr::Rindex => Err(strs::index_value(strs::find_from(a, b, start, true))),
        Subr::Cleanpath => Ok(cleanpath::cleanpath(out, a)),
        Subr::Toupper | Subr::Tolower => Ok(strs::case(out, a, subr == Subr::Toupper)),
        Subr::Basename => Ok(strs::join(out, &[strs::basename(a)])),
        Subr::Dirname => Ok(strs::join(out, &[strs::dirname(a)])),
        Subr::StrrchrStr => Ok(strs::join(out, &[suffix(true)])),
        _ => Ok(strs::join(out, &[suffix(false)])),
    };
    match result {
        Ok(n) => m.commit(d, n),
        Err(v) => {
            m.set(d, v, Ty::Int);
            Ok(())
        }
    }
}

/// Record-emitting and aggregating actions.
fn action<E: Env>(
    prog: &Program<'_>,
    m: &mut Machine<'_>,
    env: &mut E,
    insn: Insn,
    op: Op,
) -> Result<(), Trap> {
    let (d, s) = (insn.dst, insn.src);
    let strtab = prog.strtab();
    let filled = m.scratch.get(..m.used).unwrap_or(&[]);
    let n = usize::try_from(insn.off).unwrap_or(0).min(MAX_TUPLE);
    match op {
        Op::Trace => {
            let v = tuple(&m.regs, m.strs, s, 1, strtab, filled)?;
            env.trace(v[0])
        }
        Op::Exit => env.exit(m.get(s)),
        Op::Speculate => env.speculate(m.get(s)),
        Op::Commit | Op::Discard => env.commit(m.get(s), op == Op::Discard),
        Op::Stack | Op::Ustack => env.stack(insn.uimm(), op == Op::Ustack),
        Op::Printf => {
            let fmt = prog.string(insn.uimm()).ok_or(trap(FaultCode::IllegalOp))?;
            let args = tuple(&m.regs, m.strs, s, n, strtab, filled)?;
            env.printf(insn.uimm(), fmt, args.get(..n).unwrap_or(&[]))
        }
        _ => {
            let func = AggFunc::of(op).ok_or(trap(FaultCode::IllegalOp))?;
            let value = if func == AggFunc::Count { 1 } else { m.get(d) };
            let keys = tuple(&m.regs, m.strs, s, n, strtab, filled)?;
            env.aggregate(insn.uimm(), func, value, keys.get(..n).unwrap_or(&[]))
        }
    }
    .map_err(trap)
}
