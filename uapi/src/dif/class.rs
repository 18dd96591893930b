//! Clause classes: lowered programs whose whole effect has a fixed shape,
//! found when the program is lowered (at ENABLE in the kernel) and run
//! without the interpreter's loop.
//!
//! - [`Class::Const`]: returns a constant (`movi rN, v; ret rN`): the empty
//!   action list, whose clause commits just the default record.
//! - [`Class::Compare`]: a chain of `argument-or-builtin OP constant` tests,
//!   each returning a constant when it holds, then a constant: the
//!   predicates `arg0 == K`, `pid == 3 && arg1 > 5` and the like.
//! - [`Class::Aggregate`]: loads of arguments, builtins and constants, one
//!   aggregation of them, then a constant: `@ = count()`,
//!   `@[probefunc] = count()`, `@[execname, arg1] = sum(arg2)`.
//! - [`Class::Emit`]: loads of arguments, integer builtins and constants,
//!   printf and trace actions of them, then a constant: `printf("%d\n",
//!   arg0)`, `trace(pid); trace(arg1)`. An infallible one (see
//!   [`Emit::infallible`]) is run by the hit path without the clause's
//!   environment (variables, speculations).
//!
//! An [`Aggregate`] may also have a [`FixedKey`]: its key is the same on
//! every hit of one probe, so its entry can be found once per probe and
//! CPU and updated in place after (see `crate::aggs::table`).
//!
//! Each class makes the same environment calls in the same order and
//! returns the same value or fault (instruction, executed count) as the
//! reference interpreter on the same program: `tests/dif_class.rs` checks
//! that on generated programs of each shape.

use super::builtin::Builtin;
use super::env::{AggFunc, Env, Value};
use super::fault::{Fault, FaultCode};
use super::interp::strs::StrRef;
use super::interp::Exit;
use super::lowered::{builtin, Cond, Kind, LoweredInsn};
use super::opcode::{Form, Op};
use super::NREGS;
use crate::trace::record::{int_item, printf_head, HEADER, SIZE_AT};

/// Most tests in a [`Compare`] chain.
pub const MAX_TESTS: usize = 4;
/// Most loads before an [`Aggregate`]'s aggregation.
pub const MAX_LOADS: usize = 8;
/// Most keys of an [`Aggregate`]'s aggregation.
pub const MAX_KEYS: usize = 4;
/// Most instructions (loads and actions) of an [`Emit`].
pub const MAX_STEPS: usize = 12;
/// Most values one printf of an [`Emit`] passes.
pub const MAX_PRINTF_ARGS: usize = 8;
/// Most bytes of a [`Template`]'s record, header included.
pub const TEMPLATE_BYTES: usize = 128;
/// Most values a [`Template`] fills in.
pub const MAX_SLOTS: usize = 12;

/// Where a class reads a value from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Probe argument `n`.
    Arg(u8),
    /// An integer builtin, by number.
    Builtin(u8),
    /// A string builtin, by number (written into scratch).
    BuiltinStr(u8),
    /// A constant.
    Const(u64),
}

/// One test of a [`Compare`] chain: if `src cond imm`, return `taken`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Test {
    src: Source,
    cond: Cond,
    imm: u64,
    /// The instruction, for a fault.
    pc: u32,
    /// Instructions executed before it.
    before: u32,
    taken: Exit,
}

/// A predicate of chained compares against constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compare {
    tests: [Test; MAX_TESTS],
    n: u8,
    /// What it returns when no test held.
    last: Exit,
}

/// One load of an [`Aggregate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Load {
    src: Source,
    pc: u32,
    before: u32,
}

/// One aggregation of loaded values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aggregate {
    loads: [Load; MAX_LOADS],
    nloads: u8,
    /// The aggregation's id and function.
    agg: u32,
    func: AggFunc,
    /// The loads that hold the value and the keys when it runs.
    value_load: u8,
    key_loads: [u8; MAX_KEYS],
    nkeys: u8,
    pc: u32,
    before: u32,
    /// What it returns.
    exit: Exit,
}

/// A program's class. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Runs through the interpreter.
    General,
    /// Returns this.
    Const(Exit),
    /// A predicate of compares.
    Compare(Compare),
    /// A single aggregation.
    Aggregate(Aggregate),
    /// printf and trace actions of loaded integers.
    Emit(Emit),
}

/// What one step of an [`Emit`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Load an integer (into the step's slot of loaded values).
    Load(Source),
    /// printf format `id`, its bytes at `fmt` (offset | length << 32) in
    /// the blob, of the `n` loads `args`.
    Printf {
        id: u32,
        fmt: u64,
        args: [u8; MAX_PRINTF_ARGS],
        n: u8,
    },
    /// trace the load `load`.
    Trace(u8),
}

/// One instruction of an [`Emit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step {
    action: Action,
    /// The instruction, for a fault.
    pc: u32,
    /// Instructions executed before it.
    before: u32,
}

/// A clause of printf and trace actions of loaded integers. See the module
/// documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emit {
    steps: [Step; MAX_STEPS],
    n: u8,
    /// What it returns.
    exit: Exit,
}

const NO_LOAD: Load = Load {
    src: Source::Const(0),
    pc: 0,
    before: 0,
};

fn u32_of(n: usize) -> Option<u32> {
    u32::try_from(n).ok()
}

/// The class of the lowered instructions `code`.
pub fn classify(code: &[LoweredInsn]) -> Class {
    let Some(first) = code.first() else {
        return Class::General;
    };
    if first.kind == Kind::RetImm {
        return Class::Const(Exit {
            value: first.imm,
            executed: u64::from(first.width),
        });
    }
    if let Some(c) = compare(code) {
        return Class::Compare(c);
    }
    if let Some(a) = aggregate(code) {
        return Class::Aggregate(a);
    }
    emit(code).map_or(Class::General, Class::Emit)
}

/// The return at `pc`, entered with `before` instructions executed.
fn ret_at(code: &[LoweredInsn], pc: usize, before: u32) -> Option<Exit> {
    let i = code.get(pc)?;
    (i.kind == Kind::RetImm).then(|| Exit {
        value: i.imm,
        executed: u64::from(before).saturating_add(u64::from(i.width)),
    })
}

fn compare(code: &[LoweredInsn]) -> Option<Compare> {
    let none = Test {
        src: Source::Const(0),
        cond: Cond::Eq,
        imm: 0,
        pc: 0,
        before: 0,
        taken: Exit {
            value: 0,
            executed: 0,
        },
    };
    let mut c = Compare {
        tests: [none; MAX_TESTS],
        n: 0,
        last: none.taken,
    };
    let (mut pc, mut before) = (0usize, 0u32);
    loop {
        let i = code.get(pc)?;
        let src = match i.kind {
            Kind::RetImm if c.n > 0 => {
                c.last = ret_at(code, pc, before)?;
                return Some(c);
            }
            Kind::ArgJump | Kind::ArgSetJump => Source::Arg(i.c),
            Kind::BuiltinJump => Source::Builtin(i.c),
            _ => return None,
        };
        let after = before.checked_add(u32::from(i.width))?;
        let taken = ret_at(code, i.aux as usize, after)?;
        let slot = c.tests.get_mut(usize::from(c.n))?;
        *slot = Test {
            src,
            cond: i.cond,
            imm: i.imm,
            pc: u32_of(pc)?,
            before,
            taken,
        };
        c.n = c.n.checked_add(1)?;
        before = after;
        pc = pc.checked_add(usize::from(i.width))?;
    }
}

fn aggregate(code: &[LoweredInsn]) -> Option<Aggregate> {
    let (mut pc, mut before) = (0usize, 0u32);
    let mut loads = [NO_LOAD; MAX_LOADS];
    let mut nloads = 0u8;
    // The load each register holds, if any: the aggregation reads only those.
    let mut holds = [None; NREGS];
    loop {
        let i = code.get(pc)?;
        let src = match i.kind {
            Kind::Arg => Source::Arg(i.c),
            Kind::Builtin => Source::Builtin(i.c),
            Kind::Set if i.op.form() != Form::Str => Source::Const(i.imm),
            Kind::Reference if i.op == Op::Ldb => Source::BuiltinStr(builtin_number(code, pc)?),
            Kind::Agg => break,
            _ => return None,
        };
        *loads.get_mut(usize::from(nloads))? = Load {
            src,
            pc: u32_of(pc)?,
            before,
        };
        *holds.get_mut(usize::from(i.a & 15))? = Some(nloads);
        nloads = nloads.checked_add(1)?;
        before = before.checked_add(u32::from(i.width))?;
        pc = pc.checked_add(usize::from(i.width))?;
    }
    let agg = code.get(pc)?;
    if agg.width != 1 {
        return None;
    }
    let func = AggFunc::of(agg.op)?;
    let nkeys = usize::from(agg.c);
    if nkeys > MAX_KEYS {
        return None;
    }
    let mut key_loads = [0u8; MAX_KEYS];
    for (k, slot) in key_loads.iter_mut().enumerate().take(nkeys) {
        *slot = (*holds.get(usize::from(agg.b).checked_add(k)?)?)?;
    }
    let value_load = if func == AggFunc::Count {
        0
    } else {
        let l = (*holds.get(usize::from(agg.a & 15))?)?;
        // A string value does not verify; this keeps the class exact anyway.
        if matches!(loads.get(usize::from(l))?.src, Source::BuiltinStr(_)) {
            return None;
        }
        l
    };
    let after = before.checked_add(1)?;
    let exit = ret_at(code, pc.checked_add(1)?, after)?;
    Some(Aggregate {
        loads,
        nloads,
        agg: agg.aux,
        func,
        value_load,
        key_loads,
        nkeys: agg.c,
        pc: u32_of(pc)?,
        before,
        exit,
    })
}

fn emit(code: &[LoweredInsn]) -> Option<Emit> {
    const NO_STEP: Step = Step {
        action: Action::Trace(0),
        pc: 0,
        before: 0,
    };
    let mut e = Emit {
        steps: [NO_STEP; MAX_STEPS],
        n: 0,
        exit: Exit {
            value: 0,
            executed: 0,
        },
    };
    let (mut pc, mut before) = (0usize, 0u32);
    // The step whose load each register holds, if any: the actions read
    // only those (never a register's initial zero or a string).
    let mut holds: [Option<u8>; NREGS] = [None; NREGS];
    let mut actions = false;
    loop {
        let i = code.get(pc)?;
        let held = |reg: u8| holds.get(usize::from(reg)).copied().flatten();
        let action = match i.kind {
            Kind::RetImm if actions => {
                e.exit = ret_at(code, pc, before)?;
                return Some(e);
            }
            Kind::Arg => Action::Load(Source::Arg(i.c)),
            Kind::Builtin => Action::Load(Source::Builtin(i.c)),
            Kind::Set if i.op.form() != Form::Str => Action::Load(Source::Const(i.imm)),
            Kind::Printf => {
                let n = usize::from(i.c);
                if n > MAX_PRINTF_ARGS || usize::from(i.b).checked_add(n)? > NREGS {
                    return None;
                }
                let mut args = [0u8; MAX_PRINTF_ARGS];
                for (k, slot) in args.iter_mut().enumerate().take(n) {
                    *slot = held(i.b.checked_add(u8::try_from(k).ok()?)?)?;
                }
                actions = true;
                Action::Printf {
                    id: i.aux,
                    fmt: i.imm,
                    args,
                    n: i.c,
                }
            }
            Kind::Trace => {
                actions = true;
                Action::Trace(held(i.b)?)
            }
            _ => return None,
        };
        if i.width != 1 {
            return None;
        }
        let at = e.n;
        *e.steps.get_mut(usize::from(at))? = Step {
            action,
            pc: u32_of(pc)?,
            before,
        };
        if matches!(action, Action::Load(_)) {
            *holds.get_mut(usize::from(i.a & 15))? = Some(at);
        }
        e.n = at.checked_add(1)?;
        before = before.checked_add(1)?;
        pc = pc.checked_add(1)?;
    }
}

/// The string builtin a reference `ldb` at `pc` reads (the lowering
/// keeps its number in `c`).
fn builtin_number(code: &[LoweredInsn], pc: usize) -> Option<u8> {
    let n = code.get(pc)?.c;
    Builtin::from_u32(u32::from(n))
        .is_some_and(|b| b.ty() == super::Ty::Str)
        .then_some(n)
}

fn fault(code: FaultCode, pc: u32, executed: u32) -> Fault {
    Fault {
        code,
        insn: pc,
        addr: 0,
        executed: u64::from(executed),
    }
}

/// An integer source's value.
#[inline(always)]
fn int<E: Env>(env: &mut E, src: Source) -> Result<u64, FaultCode> {
    match src {
        Source::Arg(n) => env.arg(u64::from(n)),
        Source::Builtin(n) => builtin(env, n),
        Source::Const(v) => Ok(v),
        Source::BuiltinStr(_) => Err(FaultCode::IllegalOp),
    }
}

impl Compare {
    /// The tests in order, each as (source, condition, constant, the
    /// verdict when it holds).
    pub(crate) fn tests(&self) -> impl Iterator<Item = (Source, Cond, u64, bool)> + '_ {
        self.tests
            .iter()
            .take(usize::from(self.n))
            .map(|t| (t.src, t.cond, t.imm, t.taken.value != 0))
    }

    /// The verdict when no test holds.
    pub(crate) fn last_verdict(&self) -> bool {
        self.last.value != 0
    }

    /// Runs the chain.
    #[inline(always)]
    pub fn run<E: Env>(&self, env: &mut E) -> Result<Exit, Fault> {
        for t in self.tests.iter().take(usize::from(self.n)) {
            let v = int(env, t.src).map_err(|c| fault(c, t.pc, t.before.saturating_add(1)))?;
            if t.cond.holds(v, t.imm) {
                return Ok(t.taken);
            }
        }
        Ok(self.last)
    }

    /// The chain's verdict (whether the predicate holds) from `read`, which
    /// gives a non-constant source's value, or `None` when it needs the full
    /// environment. `None` then: the caller runs [`Compare::run`], which
    /// also reports any fault. Lets a hit whose predicates all fail return
    /// before it claims the CPU or sets up the environment.
    #[inline(always)]
    pub fn verdict(&self, mut read: impl FnMut(Source) -> Option<u64>) -> Option<bool> {
        for t in self.tests.iter().take(usize::from(self.n)) {
            let v = match t.src {
                Source::Const(v) => v,
                src => read(src)?,
            };
            if t.cond.holds(v, t.imm) {
                return Some(t.taken.value != 0);
            }
        }
        Some(self.last.value != 0)
    }
}

/// What an [`Aggregate`] does on a hit once its entry is known: an
/// aggregation whose every key is a constant or a string naming the probe
/// (`probeprov`, `probemod`, `probefunc`, `probename`), whose value is an
/// argument of the hook's six or a constant, and whose loads are nothing
/// else (none can fault, none has an effect). `@ = count()`,
/// `@[probefunc] = count()`, `@ = sum(arg1)`, `@[probefunc] = max(arg0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedKey {
    func: AggFunc,
    value: Source,
}

impl FixedKey {
    /// The aggregating function.
    pub fn func(&self) -> AggFunc {
        self.func
    }

    /// The value folded in on a hit with arguments `args` (as
    /// [`Aggregate::run`] passes it to [`Env::aggregate`]).
    #[inline(always)]
    pub fn value(&self, args: &[u64; 6]) -> u64 {
        // count()'s value is the constant 1.
        match self.value {
            Source::Arg(n) => args.get(usize::from(n)).copied().unwrap_or(0),
            Source::Const(v) => v,
            // `Aggregate::fixed_key` makes no other.
            Source::Builtin(_) | Source::BuiltinStr(_) => 0,
        }
    }
}

/// Whether `src` is the same on every hit of one probe, or an argument of
/// the hook's six (read without a fault).
fn fixed_source(src: Source) -> bool {
    match src {
        Source::Arg(n) => usize::from(n) < 6,
        Source::Const(_) => true,
        Source::BuiltinStr(n) => matches!(
            Builtin::from_u32(u32::from(n)),
            Some(Builtin::Probeprov | Builtin::Probemod | Builtin::Probefunc | Builtin::Probename)
        ),
        Source::Builtin(_) => false,
    }
}

impl Aggregate {
    /// Its [`FixedKey`], if it has one. Not for the quantizations: their
    /// key holds the value's bucket.
    pub fn fixed_key(&self) -> Option<FixedKey> {
        if !matches!(
            self.func,
            AggFunc::Count
                | AggFunc::Sum
                | AggFunc::Min
                | AggFunc::Max
                | AggFunc::Avg
                | AggFunc::Stddev
        ) {
            return None;
        }
        let loads = self.loads.get(..usize::from(self.nloads))?;
        if !loads.iter().all(|l| fixed_source(l.src)) {
            return None;
        }
        let keys = self.key_loads.get(..usize::from(self.nkeys))?;
        let key_is_fixed = keys.iter().all(|&k| {
            loads
                .get(usize::from(k))
                .is_some_and(|l| !matches!(l.src, Source::Arg(_)))
        });
        if !key_is_fixed {
            return None;
        }
        let value = if self.func == AggFunc::Count {
            Source::Const(1)
        } else {
            loads.get(usize::from(self.value_load))?.src
        };
        Some(FixedKey {
            func: self.func,
            value,
        })
    }

    /// Runs the loads and the aggregation with `scratch` as string space
    /// for strings of `strsize` bytes.
    pub fn run<E: Env>(
        &self,
        env: &mut E,
        scratch: &mut [u8],
        strsize: usize,
    ) -> Result<Exit, Fault> {
        // Each load's integer, or its string's scratch offset and length
        // (`off | len << 32`).
        let mut got = [0u64; MAX_LOADS];
        let mut used = 0usize;
        for (l, slot) in self
            .loads
            .iter()
            .zip(got.iter_mut())
            .take(usize::from(self.nloads))
        {
            let at = |c| fault(c, l.pc, l.before.saturating_add(1));
            *slot = if let Source::BuiltinStr(n) = l.src {
                let b = Builtin::from_u32(u32::from(n)).ok_or(at(FaultCode::IllegalOp))?;
                let end = used.checked_add(strsize).ok_or(at(FaultCode::NoScratch))?;
                let out = scratch.get_mut(used..end).ok_or(at(FaultCode::NoScratch))?;
                let n = env.builtin_str(b, out).map_err(at)?.min(out.len());
                let r = StrRef {
                    table: false,
                    off: used,
                    len: n,
                };
                r.encode().map_err(at)?;
                used = used.saturating_add(n);
                (r.off as u64) | ((r.len as u64) << 32)
            } else {
                int(env, l.src).map_err(at)?
            };
        }
        let value = if self.func == AggFunc::Count {
            1
        } else {
            got.get(usize::from(self.value_load)).copied().unwrap_or(0)
        };
        let executed = self.before.saturating_add(1);
        let done = if self.nkeys == 0 {
            env.aggregate(self.agg, self.func, value, &[])
        } else {
            let filled: &[u8] = scratch.get(..used).unwrap_or(&[]);
            let mut keys = [Value::Int(0); MAX_KEYS];
            for (slot, &l) in keys
                .iter_mut()
                .zip(&self.key_loads)
                .take(usize::from(self.nkeys))
            {
                let v = got.get(usize::from(l)).copied().unwrap_or(0);
                let string = self
                    .loads
                    .get(usize::from(l))
                    .is_some_and(|l| matches!(l.src, Source::BuiltinStr(_)));
                *slot = if string {
                    let (off, n) = ((v & 0xffff_ffff) as usize, (v >> 32) as usize);
                    Value::Str(filled.get(off..off.saturating_add(n)).unwrap_or(&[]))
                } else {
                    Value::Int(v)
                };
            }
            env.aggregate(
                self.agg,
                self.func,
                value,
                keys.get(..usize::from(self.nkeys)).unwrap_or(&[]),
            )
        };
        done.map_err(|c| fault(c, self.pc, executed))?;
        Ok(self.exit)
    }
}

/// An infallible [`Emit`]'s record, but for the values its loads read
/// (and its EPID and timestamp): what its run writes through the clause's
/// record (the items after the header, zero padding to 8 bytes, the size
/// in the header) is these bytes with each slot's value filled in. The hit
/// path writes it straight into the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// The record, as native words.
    words: [u64; TEMPLATE_BYTES / 8],
    /// Its bytes, a multiple of 8.
    len: u8,
    /// Where each argument's value goes (the 8 bytes of an integer item
    /// after its tag): (the argument, below 6; the offset).
    args: [(u8, u8); MAX_SLOTS],
    nargs: u8,
    /// Where each integer builtin's value goes: (its number, the offset).
    builtins: [(u8, u8); MAX_SLOTS],
    nbuiltins: u8,
}

/// The 8 bytes of `b` at `at`, if it has them.
#[inline(always)]
fn chunk(b: &mut [u8], at: usize) -> Option<&mut [u8; 8]> {
    b.get_mut(at..).and_then(|b| b.first_chunk_mut::<8>())
}

impl Template {
    /// The record's length in bytes (a multiple of 8).
    #[inline(always)]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Never: a record has at least its header.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the record holds the integer builtin numbered `n`.
    pub fn reads_builtin(&self, n: u8) -> bool {
        self.builtins
            .iter()
            .take(usize::from(self.nbuiltins))
            .any(|&(b, _)| b == n)
    }

    /// Writes the record but for its header (which the caller writes:
    /// its size is [`Template::len`]) into the first [`Template::len`]
    /// bytes of `out` (nothing if it is shorter): the values of a hit with
    /// arguments `args`, each integer builtin's from `builtin` (by number).
    #[inline(always)]
    pub fn write(&self, out: &mut [u8], args: &[u64; 6], mut builtin: impl FnMut(u8) -> u64) {
        let Some(out) = out.get_mut(..self.len()) else {
            return;
        };
        // Array moves rather than `copy_from_slice`, a call in the kernel;
        // index loops, as chunk iterators bring a division-by-zero panic
        // the kernel's objtool does not know ends a function.
        // The index goes through `black_box`: a loop LLVM can count
        // becomes a memcpy call, dearer than the few words it copies.
        let mut i = HEADER / 8;
        while let (Some(dst), Some(w)) = (chunk(out, i.wrapping_mul(8)), self.words.get(i)) {
            *dst = w.to_ne_bytes();
            i = core::hint::black_box(i.wrapping_add(1));
        }
        for &(n, at) in self.args.iter().take(usize::from(self.nargs)) {
            if let (Some(dst), Some(v)) = (chunk(out, usize::from(at)), args.get(usize::from(n))) {
                *dst = v.to_le_bytes();
            }
        }
        for &(n, at) in self.builtins.iter().take(usize::from(self.nbuiltins)) {
            if let Some(dst) = chunk(out, usize::from(at)) {
                *dst = builtin(n).to_le_bytes();
            }
        }
    }
}

/// A [`Template`] being built: its bytes so far.
struct Builder {
    bytes: [u8; TEMPLATE_BYTES],
    at: usize,
    t: Template,
}

impl Builder {
    fn put(&mut self, b: &[u8]) -> Option<()> {
        let end = self.at.checked_add(b.len())?;
        self.bytes.get_mut(self.at..end)?.copy_from_slice(b);
        self.at = end;
        Some(())
    }

    /// An integer item of `src`: a constant in place, else a slot.
    fn value(&mut self, src: Source) -> Option<()> {
        let at = u8::try_from(self.at.checked_add(1)?).ok()?;
        let (slots, n, what) = match src {
            Source::Const(v) => return self.put(&int_item(v)),
            Source::Arg(n) if n < 6 => (&mut self.t.args, &mut self.t.nargs, n),
            Source::Builtin(n) => (&mut self.t.builtins, &mut self.t.nbuiltins, n),
            Source::Arg(_) | Source::BuiltinStr(_) => return None,
        };
        *slots.get_mut(usize::from(*n))? = (what, at);
        *n = n.checked_add(1)?;
        self.put(&int_item(0))
    }
}

impl Emit {
    /// Its [`Template`], if it is infallible and its record fits in
    /// [`TEMPLATE_BYTES`].
    pub fn template(&self) -> Option<Template> {
        if !self.infallible() {
            return None;
        }
        let mut b = Builder {
            bytes: [0u8; TEMPLATE_BYTES],
            at: HEADER,
            t: Template {
                words: [0; TEMPLATE_BYTES / 8],
                len: 0,
                args: [(0, 0); MAX_SLOTS],
                nargs: 0,
                builtins: [(0, 0); MAX_SLOTS],
                nbuiltins: 0,
            },
        };
        let steps = self.steps();
        let src_of = |k: u8| match steps.get(usize::from(k)).map(|s| s.action) {
            Some(Action::Load(src)) => Some(src),
            _ => None,
        };
        for s in steps {
            match s.action {
                Action::Load(_) => {}
                Action::Printf { id, args, n, .. } => {
                    b.put(&printf_head(id, n))?;
                    for &k in args.get(..usize::from(n))? {
                        b.value(src_of(k)?)?;
                    }
                }
                Action::Trace(k) => b.value(src_of(k)?)?,
            }
        }
        let Builder {
            mut bytes,
            at,
            mut t,
        } = b;
        let len = at.checked_add(7)? & !7;
        if len > TEMPLATE_BYTES {
            return None;
        }
        t.len = u8::try_from(len).ok()?;
        bytes
            .get_mut(SIZE_AT..SIZE_AT.checked_add(4)?)?
            .copy_from_slice(&(len as u32).to_ne_bytes());
        for (i, w) in t.words.iter_mut().enumerate() {
            let at = i.checked_mul(8)?;
            *w = u64::from_ne_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?);
        }
        Some(t)
    }

    /// Whether no run can fault: it reads no argument past the hook's
    /// six (its actions write at most [`Emit::MAX_RECORD`] bytes, which
    /// the module's record staging holds).
    pub fn infallible(&self) -> bool {
        self.steps().iter().all(|s| match s.action {
            Action::Load(Source::Arg(n)) => usize::from(n) < 6,
            _ => true,
        })
    }

    /// Most bytes an [`Emit`]'s actions add to a record (header aside):
    /// a printf item is 6 bytes and an integer 9, [`MAX_STEPS`] times.
    pub const MAX_RECORD: usize = MAX_STEPS * (6 + 9 * MAX_PRINTF_ARGS);

    fn steps(&self) -> &[Step] {
        self.steps.get(..usize::from(self.n)).unwrap_or(&[])
    }

    /// Runs the loads and actions, with the printf formats in `blob`
    /// (the program's).
    #[inline(always)]
    pub fn run<E: Env>(&self, env: &mut E, blob: &[u8]) -> Result<Exit, Fault> {
        // Each load's value, by step.
        let mut got = [0u64; MAX_STEPS];
        for (k, s) in self.steps().iter().enumerate() {
            let at = |c| fault(c, s.pc, s.before.saturating_add(1));
            let value = |j: u8| got.get(usize::from(j)).copied().unwrap_or(0);
            match s.action {
                Action::Load(src) => {
                    let v = int(env, src).map_err(at)?;
                    if let Some(slot) = got.get_mut(k) {
                        *slot = v;
                    }
                }
                Action::Printf { id, fmt, args, n } => {
                    let start = (fmt & 0xffff_ffff) as usize;
                    let bytes = blob
                        .get(start..start.saturating_add((fmt >> 32) as usize))
                        .ok_or(at(FaultCode::IllegalOp))?;
                    let mut vals = [Value::Int(0); MAX_PRINTF_ARGS];
                    for (v, &j) in vals.iter_mut().zip(&args).take(usize::from(n)) {
                        *v = Value::Int(value(j));
                    }
                    let vals = vals.get(..usize::from(n)).unwrap_or(&[]);
                    env.printf(id, bytes, vals).map_err(at)?;
                }
                Action::Trace(j) => env.trace(Value::Int(value(j))).map_err(at)?,
            }
        }
        Ok(self.exit)
    }
}
