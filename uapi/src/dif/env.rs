//! The environment a program runs in: everything outside its registers and
//! scratch. The kernel implements it over the nofault copy routines, the
//! probe's registers and the variable and buffer storage; tests implement
//! it over a mock memory map.

use super::builtin::Builtin;
use super::fault::FaultCode;
use super::opcode::Op;
use super::program::VarKind;
use super::Ty;

/// A value handed to the environment: a key, an argument, a traced value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// An integer.
    Int(u64),
    /// A string's bytes (no NUL).
    Str(&'a [u8]),
}

/// A variable, as declared in the program's variable table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// Its index in the variable table.
    pub id: u32,
    /// Its storage class.
    pub kind: VarKind,
    /// Its type.
    pub ty: Ty,
}

/// What a variable load produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// An integer (unset variables read as 0).
    Int(u64),
    /// A string of this many bytes, written to the front of `out`.
    Str(usize),
}

/// An aggregating function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    /// `count()`.
    Count,
    /// `sum()`.
    Sum,
    /// `min()`.
    Min,
    /// `max()`.
    Max,
    /// `avg()`.
    Avg,
    /// `stddev()`.
    Stddev,
    /// `quantize()`.
    Quantize,
    /// `lquantize()`.
    Lquantize,
    /// `llquantize()`.
    Llquantize,
}

impl AggFunc {
    /// Its name in D.
    pub const fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Sum => "sum",
            AggFunc::Min => "min",
            AggFunc::Max => "max",
            AggFunc::Avg => "avg",
            AggFunc::Stddev => "stddev",
            AggFunc::Quantize => "quantize",
            AggFunc::Lquantize => "lquantize",
            AggFunc::Llquantize => "llquantize",
        }
    }

    /// The function an aggregating opcode applies, if it is one.
    pub const fn of(op: Op) -> Option<AggFunc> {
        Some(match op {
            Op::Count => AggFunc::Count,
            Op::Sum => AggFunc::Sum,
            Op::Min => AggFunc::Min,
            Op::Max => AggFunc::Max,
            Op::Avg => AggFunc::Avg,
            Op::Stddev => AggFunc::Stddev,
            Op::Quantize => AggFunc::Quantize,
            Op::Lquantize => AggFunc::Lquantize,
            Op::Llquantize => AggFunc::Llquantize,
            _ => return None,
        })
    }
}

/// The world outside the interpreter. Every method runs in probe context:
/// no sleeping, no allocation, no locks shared with process context.
///
/// A method that fails returns the [`FaultCode`] the program ends with
/// (typically [`FaultCode::BadAddr`] for memory and
/// [`FaultCode::NoSpace`] for storage).
pub trait Env {
    /// Copies `out.len()` bytes of kernel memory at `addr` (nofault).
    fn read_kernel(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode>;

    /// Copies `out.len()` bytes of the current task's user memory at `addr`
    /// (nofault).
    fn read_user(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode>;

    /// Copies a NUL-terminated kernel string at `addr` into `out`, at most
    /// `out.len()` bytes, and returns its length without the NUL. The
    /// default reads byte by byte through [`Env::read_kernel`].
    fn read_kernel_str(&mut self, addr: u64, out: &mut [u8]) -> Result<usize, FaultCode> {
        read_str_bytewise(addr, out, |a, b| self.read_kernel(a, b))
    }

    /// Copies a NUL-terminated user string at `addr` into `out`, at most
    /// `out.len()` bytes, and returns its length without the NUL. The
    /// default reads byte by byte through [`Env::read_user`].
    fn read_user_str(&mut self, addr: u64, out: &mut [u8]) -> Result<usize, FaultCode> {
        read_str_bytewise(addr, out, |a, b| self.read_user(a, b))
    }

    /// The value of an integer builtin.
    fn builtin(&mut self, which: Builtin) -> Result<u64, FaultCode>;

    /// Writes a string builtin (`execname`, `probefunc`, ...) into `out`
    /// (at most `out.len()` bytes) and returns its length.
    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode>;

    /// Probe argument `index` ([`FaultCode::BadIndex`] if there is none).
    fn arg(&mut self, index: u64) -> Result<u64, FaultCode>;

    /// A pseudo-random number (`rand()`).
    fn rand(&mut self) -> u64;

    /// Reads variable `var` (keyed by `keys` if associative). A string is
    /// written to `out` (at most `out.len()` bytes); unset variables read as
    /// 0 or the empty string.
    fn load_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        out: &mut [u8],
    ) -> Result<Loaded, FaultCode>;

    /// Writes variable `var` (keyed by `keys` if associative).
    fn store_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        value: Value<'_>,
    ) -> Result<(), FaultCode>;

    /// Records a traced value.
    fn trace(&mut self, value: Value<'_>) -> Result<(), FaultCode>;

    /// Records a printf: the format string's offset in the string table,
    /// the format itself and the arguments.
    fn printf(&mut self, fmt_id: u32, fmt: &[u8], args: &[Value<'_>]) -> Result<(), FaultCode>;

    /// Records a kernel (`user == false`) or user stack of at most `depth`
    /// frames.
    fn stack(&mut self, depth: u32, user: bool) -> Result<(), FaultCode>;

    /// Writes the kernel return addresses of the hit, innermost first, as
    /// 8-byte little-endian words into `out` (as many as fit) and returns
    /// the bytes written. Environments without stacks have none.
    fn kernel_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        let _ = out;
        Err(FaultCode::Unsupported)
    }

    /// Writes the current thread's process ID, then its user return
    /// addresses, innermost first, as 8-byte little-endian words into
    /// `out` (as many as fit) and returns the bytes written. Environments
    /// without stacks have none.
    fn user_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        let _ = out;
        Err(FaultCode::Unsupported)
    }

    /// The current thread's user register `reg` ([`super::subr::Subr::Uregs`]),
    /// 0 where there is none. Environments without threads have none.
    fn user_register(&mut self, reg: u64) -> Result<u64, FaultCode> {
        let _ = reg;
        Err(FaultCode::Unsupported)
    }

    /// Records an exit request.
    fn exit(&mut self, status: u64) -> Result<(), FaultCode>;

    /// `progenyof(pid)`: whether the current process is `pid` or descends
    /// from it. The default, with no processes, says no.
    fn progenyof(&mut self, pid: u64) -> bool {
        let _ = pid;
        false
    }

    /// Where `d_path()` finds its fields in the running kernel's structs;
    /// the default, with no kernel, has none (`d_path()` is unsupported).
    fn path_layout(&self) -> Option<super::interp::d_path::PathLayout> {
        None
    }

    /// `raise(sig)`: sends signal `sig` (1 to 64) to the current thread.
    /// The default, with no process to signal, is unsupported.
    fn raise(&mut self, _sig: u64) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }

    /// `speculation()`: claims a free speculation and returns its id (from
    /// 1), or 0 when none is free. The default has no speculations.
    fn speculation(&mut self) -> u64 {
        0
    }

    /// `speculate(id)`: the clause's record goes to speculation `id`. An
    /// error abandons the clause; the default refuses.
    fn speculate(&mut self, id: u64) -> Result<(), FaultCode> {
        let _ = id;
        Err(FaultCode::Unsupported)
    }

    /// `commit(id)` (`discard == false`) or `discard(id)`. The default
    /// refuses.
    fn commit(&mut self, id: u64, discard: bool) -> Result<(), FaultCode> {
        let _ = (id, discard);
        Err(FaultCode::Unsupported)
    }

    /// Aggregates `value` into aggregation `agg` under `keys`.
    fn aggregate(
        &mut self,
        agg: u32,
        func: AggFunc,
        value: u64,
        keys: &[Value<'_>],
    ) -> Result<(), FaultCode>;
}

/// Reads a NUL-terminated string one byte at a time with `read`.
fn read_str_bytewise(
    addr: u64,
    out: &mut [u8],
    mut read: impl FnMut(u64, &mut [u8]) -> Result<(), FaultCode>,
) -> Result<usize, FaultCode> {
    for (i, slot) in out.iter_mut().enumerate() {
        let mut b = [0u8; 1];
        read(addr.wrapping_add(i as u64), &mut b)?;
        if b[0] == 0 {
            return Ok(i);
        }
        *slot = b[0];
    }
    Ok(out.len())
}
