//! The verifier: one forward pass over the instructions.
//!
//! Branches only go forward, so every instruction's predecessors come
//! before it (the one exception, `endloop`'s back edge, is handled by
//! requiring the body to preserve the types it starts with). The pass keeps,
//! per instruction, the register types merged over every path reaching it
//! and the longest weighted path to it, where an instruction inside loops
//! weighs the product of their bounds. Loop exits (the `endloop` fall
//! through, early exits and `ret`s) carry the loop's whole worst case. The
//! result is the program's worst-case instruction count, which the
//! interpreter also enforces as its budget.
//!
//! The per-instruction state lives in a caller-provided work area (the
//! kernel allocates it for the LOAD ioctl), so the verifier needs no heap
//! and little stack.

mod fields;
mod lower;
mod regs;
mod types;

use core::ops::{Deref, DerefMut};

use super::class;
use super::error::VerifyError;
use super::insn::Reg;
use super::limits;
use super::lowered::{LoweredInsn, LoweredProgram};
use super::opcode::{Form, Op};
use super::program::{Header, Program};
use regs::RegState;

/// Limits a caller may set below the format's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most instructions (at most [`limits::MAX_INSNS`]).
    pub max_insns: u32,
    /// Largest worst-case instruction count (at most [`limits::MAX_COST`]).
    pub max_cost: u64,
    /// Size of a string result in scratch (`strsize`; at most
    /// [`limits::MAX_STRSIZE`]).
    pub strsize: u32,
}

impl Limits {
    /// The defaults: every format limit, a budget of 65,536 instructions per
    /// run and DTrace's `strsize` of 256.
    pub const DEFAULT: Limits = Limits {
        max_insns: limits::MAX_INSNS,
        max_cost: 1 << 16,
        strsize: 256,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A verified program's facts, kept beside its blob and given to
/// [`super::interp::run`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    cost: u64,
    strsize: u32,
    insns: u32,
    header: Header,
}

impl Verified {
    /// The worst-case instruction count: no run executes more.
    pub const fn cost(&self) -> u64 {
        self.cost
    }

    /// The size of a string result in scratch.
    pub const fn strsize(&self) -> u32 {
        self.strsize
    }

    /// The number of instructions.
    pub const fn insn_count(&self) -> u32 {
        self.insns
    }

    /// The header the verifier read: the interpreter locates the sections
    /// with it instead of parsing the blob again on every run.
    pub const fn header(&self) -> &Header {
        &self.header
    }
}

/// The verifier's state for one instruction; a work area holds one per
/// instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    regs: RegState,
    reached: bool,
    dist: u64,
}

impl Slot {
    /// An unused slot, to fill a work area with.
    pub const EMPTY: Slot = Slot {
        regs: RegState::EMPTY,
        reached: false,
        dist: 0,
    };

    /// Merges the state arriving along one edge.
    fn arrive(&mut self, regs: RegState, dist: u64) {
        if self.reached {
            self.regs = self.regs.merge(regs);
            self.dist = self.dist.max(dist);
        } else {
            *self = Slot {
                regs,
                reached: true,
                dist,
            };
        }
    }
}

impl Default for Slot {
    fn default() -> Self {
        Slot::EMPTY
    }
}

/// One open loop during the pass.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    head: usize,
    end: usize,
    reg: u8,
    bound: u32,
    /// Product of the bounds of this loop and the enclosing ones.
    weight: u64,
    /// Largest cost at an early exit (a jump out or a `ret`).
    exit_max: u64,
}

/// The loops enclosing the current instruction, innermost last.
struct Loops {
    frames: [Frame; limits::MAX_LOOP_DEPTH],
    depth: usize,
}

impl Loops {
    fn top(&self) -> Option<&Frame> {
        self.frames.get(self.depth.checked_sub(1)?)
    }

    fn top_mut(&mut self) -> Option<&mut Frame> {
        self.frames.get_mut(self.depth.checked_sub(1)?)
    }

    fn weight(&self) -> u64 {
        self.top().map_or(1, |f| f.weight)
    }

    fn locked(&self) -> u16 {
        let open = self.frames.get(..self.depth).unwrap_or(&[]);
        open.iter().fold(0, |m, f| m | Reg::new(f.reg).bit())
    }
}

fn fits(pc: usize) -> u32 {
    u32::try_from(pc).unwrap_or(u32::MAX)
}

/// The target of a jump-like instruction at `pc` with offset `off`.
fn target(pc: usize, off: i16) -> i64 {
    (pc as i64).wrapping_add(1).wrapping_add(i64::from(off))
}

/// Checks the tables: the string table ends with a NUL, every variable
/// declaration is well-formed.
fn check_tables(prog: &Program<'_>) -> Result<(), VerifyError> {
    if let Some(&last) = prog.strtab().last() {
        if last != 0 {
            return Err(VerifyError::StrtabUnterminated { insn: 0 });
        }
    }
    for var in 0..fits(prog.var_count()) {
        if prog.var(var).is_none() {
            return Err(VerifyError::BadVarDecl { insn: 0, var });
        }
    }
    Ok(())
}

/// Verifies `blob`. `work` must have at least one [`Slot`] per instruction
/// ([`limits::MAX_INSNS`] always suffice); its contents on entry do not
/// matter.
pub fn verify(blob: &[u8], limits: &Limits, work: &mut [Slot]) -> Result<Verified, VerifyError> {
    let prog = Program::parse(blob)?;
    let max_insns = limits.max_insns.min(limits::MAX_INSNS);
    if prog.header().insn_count > max_insns {
        return Err(VerifyError::Oversized {
            insn: 0,
            section: super::program::Section::Insns,
            size: prog.header().insn_count,
            max: max_insns,
        });
    }
    let n = prog.insn_count();
    if n == 0 {
        return Err(VerifyError::Empty { insn: 0 });
    }
    check_tables(&prog)?;
    let slots = work.len();
    let Some(work) = work.get_mut(..n) else {
        return Err(VerifyError::WorkTooSmall {
            insn: fits(n),
            slots,
        });
    };
    work.fill(Slot::EMPTY);
    if let Some(first) = work.first_mut() {
        first.arrive(RegState::EMPTY, 0);
    }
    let mut pass = Pass {
        prog: &prog,
        work,
        loops: Loops {
            frames: [Frame::default(); limits::MAX_LOOP_DEPTH],
            depth: 0,
        },
        max_cost: limits.max_cost.min(limits::MAX_COST),
        worst: 0,
    };
    for pc in 0..n {
        pass.step(pc)?;
    }
    Ok(Verified {
        cost: pass.worst,
        strsize: limits.strsize.min(limits::MAX_STRSIZE),
        insns: fits(n),
        header: *prog.header(),
    })
}

/// Verifies `blob` as [`verify`] does, then lowers it into `code`, which
/// must have at least one [`LoweredInsn`] per instruction (as `work` has
/// one [`Slot`]). The program owns both.
pub fn verify_lowered<B, S>(
    blob: B,
    limits: &Limits,
    work: &mut [Slot],
    mut code: S,
) -> Result<LoweredProgram<B, S>, VerifyError>
where
    B: Deref<Target = [u8]>,
    S: DerefMut<Target = [LoweredInsn]>,
{
    let verified = verify(&blob, limits, work)?;
    let prog = Program::parse(&blob)?;
    let n = prog.insn_count();
    if code.len() < n {
        return Err(VerifyError::WorkTooSmall {
            insn: fits(n),
            slots: code.len(),
        });
    }
    lower::lower(&prog, work, &mut code);
    let strtab = lower::strtab_range(&prog);
    let lowered = code.get(..n).unwrap_or(&[]);
    let class = class::classify(lowered);
    let records = lowered.iter().any(|i| {
        matches!(
            i.op,
            Op::Trace | Op::Printf | Op::Stack | Op::Ustack | Op::Exit | Op::Speculate
        )
    });
    Ok(LoweredProgram {
        blob,
        code,
        verified,
        strtab,
        class,
        records,
    })
}

/// The state of the pass.
struct Pass<'p, 'a> {
    prog: &'p Program<'a>,
    work: &'p mut [Slot],
    loops: Loops,
    max_cost: u64,
    worst: u64,
}

impl Pass<'_, '_> {
    fn slot(&self, pc: usize) -> Slot {
        self.work.get(pc).copied().unwrap_or(Slot::EMPTY)
    }

    /// Checks a cost against the limit.
    fn charge(&self, pc: usize, cost: u64) -> Result<u64, VerifyError> {
        if cost > self.max_cost {
            Err(VerifyError::TooCostly {
                insn: fits(pc),
                max: self.max_cost,
            })
        } else {
            Ok(cost)
        }
    }

    /// Verifies instruction `pc`.
    fn step(&mut self, pc: usize) -> Result<(), VerifyError> {
        let pc32 = fits(pc);
        let Some(insn) = self.prog.insn(pc) else {
            return Err(VerifyError::Truncated {
                insn: pc32,
                len: pc,
            });
        };
        let Some(op) = Op::from_byte(insn.opcode) else {
            return Err(VerifyError::UnknownOpcode {
                insn: pc32,
                opcode: insn.opcode,
            });
        };
        fields::check_operands(self.prog, pc32, insn, op)?;
        if let Some(w) = fields::written(op, insn) {
            if self.loops.locked() & w.bit() != 0 {
                return Err(VerifyError::LoopCounterWrite {
                    insn: pc32,
                    reg: w.num(),
                });
            }
        }
        match op.form() {
            Form::Loop => return self.loop_head(pc, insn.dst.num(), insn.off, insn.uimm()),
            Form::EndLoop => return self.loop_end(pc, insn.dst.num(), insn.off, insn.uimm()),
            _ => {}
        }
        let slot = self.slot(pc);
        if !slot.reached {
            return Ok(());
        }
        let mut regs = slot.regs;
        types::transfer(self.prog, &mut regs, pc32, insn, op)?;
        let cost = self.charge(pc, slot.dist.saturating_add(self.loops.weight()))?;
        match op.form() {
            Form::Ret => {
                self.worst = self.worst.max(cost);
                if let Some(f) = self.loops.top_mut() {
                    f.exit_max = f.exit_max.max(cost);
                }
                Ok(())
            }
            Form::Jump => self.jump(pc, insn.off, regs, cost),
            Form::JumpReg | Form::JumpImm => {
                self.jump(pc, insn.off, regs, cost)?;
                self.fall_through(pc, regs, cost)
            }
            _ => self.fall_through(pc, regs, cost),
        }
    }

    /// Continues to `pc + 1`.
    fn fall_through(&mut self, pc: usize, regs: RegState, cost: u64) -> Result<(), VerifyError> {
        let next = pc.saturating_add(1);
        match self.work.get_mut(next) {
            Some(slot) => {
                slot.arrive(regs, cost);
                Ok(())
            }
            None => Err(VerifyError::FallsOffEnd { insn: fits(pc) }),
        }
    }

    /// Follows a forward jump.
    fn jump(&mut self, pc: usize, off: i16, regs: RegState, cost: u64) -> Result<(), VerifyError> {
        let pc32 = fits(pc);
        let t = target(pc, off);
        if t <= pc as i64 {
            return Err(VerifyError::BackwardJump {
                insn: pc32,
                target: t,
            });
        }
        let Some(slot) = usize::try_from(t).ok().and_then(|t| self.work.get_mut(t)) else {
            return Err(VerifyError::JumpOutOfRange {
                insn: pc32,
                target: t,
            });
        };
        slot.arrive(regs, cost);
        if let Some(f) = self.loops.top_mut() {
            if t > f.end as i64 {
                f.exit_max = f.exit_max.max(cost);
            }
        }
        Ok(())
    }

    /// A `loop` instruction: checks the loop's shape and opens it.
    fn loop_head(&mut self, pc: usize, reg: u8, off: i16, bound: u32) -> Result<(), VerifyError> {
        let pc32 = fits(pc);
        let bad = VerifyError::BadLoop { insn: pc32 };
        let Some(end) = usize::try_from(off)
            .ok()
            .filter(|&o| o > 0)
            .and_then(|o| pc.checked_add(o))
        else {
            return Err(bad);
        };
        let Some(last) = self.prog.insn(end) else {
            return Err(bad);
        };
        let matches = last.opcode == Op::EndLoop.byte()
            && last.dst.num() == reg
            && last.uimm() == bound
            && target(end, last.off) == target(pc, 0);
        let inside = self.loops.top().is_none_or(|f| end < f.end);
        if !matches || !inside {
            return Err(bad);
        }
        if self.loops.depth >= limits::MAX_LOOP_DEPTH {
            return Err(VerifyError::LoopTooDeep { insn: pc32 });
        }
        // Nothing inside the body may be reached yet: only the head enters.
        let body = pc.saturating_add(1)..=end;
        if let Some(i) = body.clone().find(|&i| self.slot(i).reached) {
            return Err(VerifyError::JumpIntoLoop {
                insn: fits(i),
                head: pc32,
            });
        }
        let slot = self.slot(pc);
        let outer_weight = self.loops.weight();
        let frame = Frame {
            head: pc,
            end,
            reg,
            bound,
            weight: outer_weight.saturating_mul(u64::from(bound)),
            exit_max: 0,
        };
        if let Some(f) = self.loops.frames.get_mut(self.loops.depth) {
            *f = frame;
        }
        self.loops.depth = self.loops.depth.saturating_add(1);
        if slot.reached {
            let cost = self.charge(pc, slot.dist.saturating_add(outer_weight))?;
            let mut regs = slot.regs;
            regs.set(Reg::new(reg), super::Ty::Int);
            self.fall_through(pc, regs, cost)?;
        }
        Ok(())
    }

    /// An `endloop` instruction: closes the innermost loop and sends its
    /// worst case to every exit.
    fn loop_end(&mut self, pc: usize, reg: u8, off: i16, bound: u32) -> Result<(), VerifyError> {
        let pc32 = fits(pc);
        let Some(frame) = self.loops.top().copied() else {
            return Err(VerifyError::StrayEndLoop { insn: pc32 });
        };
        if frame.end != pc
            || frame.reg != reg
            || frame.bound != bound
            || target(pc, off) != target(frame.head, 0)
        {
            return Err(VerifyError::StrayEndLoop { insn: pc32 });
        }
        self.loops.depth = self.loops.depth.saturating_sub(1);
        if !self.slot(frame.head).reached {
            return Ok(());
        }
        let slot = self.slot(pc);
        let mut exit = frame.exit_max;
        if slot.reached {
            let start = self.slot(frame.head.saturating_add(1)).regs;
            if let Some(r) = start.preserved_in(slot.regs) {
                return Err(VerifyError::LoopTypeChange {
                    insn: pc32,
                    reg: r.num(),
                });
            }
            exit = exit.max(slot.dist.saturating_add(frame.weight));
        }
        let exit = self.charge(pc, exit)?;
        self.worst = self.worst.max(exit);
        if slot.reached {
            self.fall_through(pc, slot.regs, exit)?;
        }
        // Early exits from the body: their targets (already merged when the
        // jump was seen) get the loop's whole cost.
        for q in frame.head.saturating_add(1)..pc {
            if !self.slot(q).reached {
                continue;
            }
            let Some(insn) = self.prog.insn(q) else {
                continue;
            };
            let jumps = Op::from_byte(insn.opcode).is_some_and(|op| op.form().is_jump());
            let t = target(q, insn.off);
            if !jumps || t <= pc as i64 {
                continue;
            }
            if let Some(s) = usize::try_from(t).ok().and_then(|t| self.work.get_mut(t)) {
                s.dist = s.dist.max(exit);
            }
        }
        // The enclosing loop's iteration may end inside this one (a `ret`
        // or a jump out of both): count this loop's whole cost as one of
        // its early exits.
        if let Some(f) = self.loops.top_mut() {
            f.exit_max = f.exit_max.max(exit);
        }
        Ok(())
    }
}
