//! A mock environment: two small memory regions, fixed builtins, variables
//! in maps, and every record and aggregation kept in vectors.

use std::collections::BTreeMap;

use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use rdtrace_uapi::dif::fault::FaultCode;

/// Start of the mock kernel memory.
pub const KBASE: u64 = 0xffff_8880_0000_0000;
/// Start of the mock user memory.
pub const UBASE: u64 = 0x7000_0000;
/// Size of each region.
pub const REGION: usize = 256;

/// An owned value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owned {
    Int(u64),
    Str(Vec<u8>),
}

impl From<Value<'_>> for Owned {
    fn from(v: Value<'_>) -> Self {
        match v {
            Value::Int(i) => Owned::Int(i),
            Value::Str(s) => Owned::Str(s.to_vec()),
        }
    }
}

fn own(keys: &[Value<'_>]) -> Vec<Owned> {
    keys.iter().copied().map(Owned::from).collect()
}

/// A record the program emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Trace(Owned),
    Printf(u32, Vec<u8>, Vec<Owned>),
    Stack(u32, bool),
    Exit(u64),
    Speculate(u64),
    /// `commit` (false) or `discard` (true).
    Commit(u64, bool),
}

/// The id the mock's `speculation()` hands out.
pub const MOCK_SPECULATION: u64 = 7;
/// The process ID the mock's user stacks start with.
pub const MOCK_PID: u64 = 4242;
/// `uregs[r]` reads this plus `r` in the mock.
pub const MOCK_UREG_BASE: u64 = 0x7000;

/// The mock.
/// The kernel stack every mock hit has, innermost first.
pub const MOCK_STACK: [u64; 3] = [
    0xffff_ffff_8120_0009,
    0xffff_ffff_8130_0012,
    0xffff_ffff_8140_0001,
];

#[derive(Clone, Debug)]
pub struct MockEnv {
    pub kernel: Vec<u8>,
    pub user: Vec<u8>,
    pub args: [u64; 6],
    pub comm: Vec<u8>,
    pub vars: BTreeMap<(u32, Vec<Owned>), Owned>,
    pub records: Vec<Record>,
    pub aggs: Vec<(u32, AggFunc, u64, Vec<Owned>)>,
    pub seed: u64,
    /// The signals `raise()` sent.
    pub raised: Vec<u64>,
}

impl Default for MockEnv {
    fn default() -> Self {
        Self::new()
    }
}

impl MockEnv {
    /// Kernel memory holds bytes 0, 1, 2, ... and the string "kstring" at
    /// offset 128; user memory holds "hello, user" at offset 0 and an
    /// unterminated run of 'x' at the end.
    pub fn new() -> MockEnv {
        let mut kernel: Vec<u8> = (0..REGION).map(|i| i as u8).collect();
        kernel[128..136].copy_from_slice(b"kstring\0");
        let mut user = vec![b'x'; REGION];
        user[..12].copy_from_slice(b"hello, user\0");
        MockEnv {
            kernel,
            user,
            args: [10, 20, 30, 40, 50, 60],
            comm: b"bash".to_vec(),
            vars: BTreeMap::new(),
            records: Vec::new(),
            aggs: Vec::new(),
            seed: 1,
            raised: Vec::new(),
        }
    }

    fn read(mem: &[u8], base: u64, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        let off = addr.checked_sub(base).ok_or(FaultCode::BadAddr)? as usize;
        let end = off.checked_add(out.len()).ok_or(FaultCode::BadAddr)?;
        let src = mem.get(off..end).ok_or(FaultCode::BadAddr)?;
        out.copy_from_slice(src);
        Ok(())
    }
}

impl Env for MockEnv {
    fn read_kernel(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        Self::read(&self.kernel, KBASE, addr, out)
    }

    fn read_user(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        Self::read(&self.user, UBASE, addr, out)
    }

    fn builtin(&mut self, which: Builtin) -> Result<u64, FaultCode> {
        Ok(match which {
            Builtin::Pid | Builtin::Tgid => 1000,
            Builtin::Tid => 1001,
            Builtin::Cpu => 1,
            Builtin::Timestamp => 123_456_789,
            Builtin::Retval => u64::MAX,
            b => 7000 + b as u64,
        })
    }

    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode> {
        let s: &[u8] = match which {
            Builtin::Execname => &self.comm,
            Builtin::Probefunc => b"ksys_read",
            _ => b"fbt",
        };
        let n = s.len().min(out.len());
        out[..n].copy_from_slice(&s[..n]);
        Ok(n)
    }

    fn arg(&mut self, index: u64) -> Result<u64, FaultCode> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.args.get(i).copied())
            .ok_or(FaultCode::BadIndex)
    }

    fn rand(&mut self) -> u64 {
        self.seed = self.seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        self.seed
    }

    fn load_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        out: &mut [u8],
    ) -> Result<Loaded, FaultCode> {
        let v = self.vars.get(&(var.id, own(keys)));
        Ok(match (var.ty, v) {
            (rdtrace_uapi::dif::Ty::Int, Some(Owned::Int(i))) => Loaded::Int(*i),
            (rdtrace_uapi::dif::Ty::Int, _) => Loaded::Int(0),
            (rdtrace_uapi::dif::Ty::Str, Some(Owned::Str(s))) => {
                let n = s.len().min(out.len());
                out[..n].copy_from_slice(&s[..n]);
                Loaded::Str(n)
            }
            (rdtrace_uapi::dif::Ty::Str, _) => Loaded::Str(0),
        })
    }

    fn store_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        value: Value<'_>,
    ) -> Result<(), FaultCode> {
        self.vars.insert((var.id, own(keys)), value.into());
        Ok(())
    }

    fn trace(&mut self, value: Value<'_>) -> Result<(), FaultCode> {
        self.records.push(Record::Trace(value.into()));
        Ok(())
    }

    fn printf(&mut self, fmt_id: u32, fmt: &[u8], args: &[Value<'_>]) -> Result<(), FaultCode> {
        self.records
            .push(Record::Printf(fmt_id, fmt.to_vec(), own(args)));
        Ok(())
    }

    fn stack(&mut self, depth: u32, user: bool) -> Result<(), FaultCode> {
        self.records.push(Record::Stack(depth, user));
        Ok(())
    }

    fn speculation(&mut self) -> u64 {
        MOCK_SPECULATION
    }

    fn speculate(&mut self, id: u64) -> Result<(), FaultCode> {
        if id == 0 {
            return Err(FaultCode::IllegalOp);
        }
        self.records.push(Record::Speculate(id));
        Ok(())
    }

    fn commit(&mut self, id: u64, discard: bool) -> Result<(), FaultCode> {
        self.records.push(Record::Commit(id, discard));
        Ok(())
    }

    fn kernel_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        let mut n = 0;
        for (pc, slot) in MOCK_STACK.iter().zip(out.chunks_exact_mut(8)) {
            slot.copy_from_slice(&pc.to_le_bytes());
            n += 8;
        }
        Ok(n)
    }

    fn user_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        let words = std::iter::once(MOCK_PID).chain(MOCK_STACK.iter().copied());
        let mut n = 0;
        for (word, slot) in words.zip(out.chunks_exact_mut(8)) {
            slot.copy_from_slice(&word.to_le_bytes());
            n += 8;
        }
        Ok(n)
    }

    fn user_register(&mut self, reg: u64) -> Result<u64, FaultCode> {
        Ok(MOCK_UREG_BASE + reg)
    }

    fn exit(&mut self, status: u64) -> Result<(), FaultCode> {
        self.records.push(Record::Exit(status));
        Ok(())
    }

    fn raise(&mut self, sig: u64) -> Result<(), FaultCode> {
        self.raised.push(sig);
        Ok(())
    }

    fn aggregate(
        &mut self,
        agg: u32,
        func: AggFunc,
        value: u64,
        keys: &[Value<'_>],
    ) -> Result<(), FaultCode> {
        self.aggs.push((agg, func, value, own(keys)));
        Ok(())
    }
}
