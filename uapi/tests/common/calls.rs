//! An environment that records every call made to it, with its arguments
//! and answer, and passes it on: two interpreters are equivalent on a
//! program when they leave the same call sequence.

use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use rdtrace_uapi::dif::fault::FaultCode;

use super::mock::{MockEnv, Owned};

/// One call and what it returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    ReadKernel(u64, usize, Result<Vec<u8>, FaultCode>),
    ReadUser(u64, usize, Result<Vec<u8>, FaultCode>),
    ReadKernelStr(u64, usize, Result<Vec<u8>, FaultCode>),
    ReadUserStr(u64, usize, Result<Vec<u8>, FaultCode>),
    Builtin(Builtin, Result<u64, FaultCode>),
    BuiltinStr(Builtin, usize, Result<Vec<u8>, FaultCode>),
    Arg(u64, Result<u64, FaultCode>),
    Rand(u64),
    LoadVar(VarRef, Vec<Owned>, usize, Result<Loaded, FaultCode>),
    StoreVar(VarRef, Vec<Owned>, Owned),
    Trace(Owned),
    Printf(u32, Vec<u8>, Vec<Owned>),
    Stack(u32, bool),
    Exit(u64),
    Raise(u64),
    Speculation(u64),
    Speculate(u64, Result<(), FaultCode>),
    Commit(u64, bool, Result<(), FaultCode>),
    Aggregate(u32, AggFunc, u64, Vec<Owned>),
}

fn own(vs: &[Value<'_>]) -> Vec<Owned> {
    vs.iter().copied().map(Owned::from).collect()
}

/// The mock, recording.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    pub inner: MockEnv,
    pub calls: Vec<Call>,
}

/// What a read left in `out`, or its fault.
fn filled<T>(
    r: Result<T, FaultCode>,
    out: &[u8],
    len: impl Fn(&T) -> usize,
) -> Result<Vec<u8>, FaultCode> {
    r.map(|v| out[..len(&v).min(out.len())].to_vec())
}

impl Env for Recording {
    fn read_kernel(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        let r = self.inner.read_kernel(addr, out);
        let n = out.len();
        self.calls
            .push(Call::ReadKernel(addr, n, filled(r, out, |_| n)));
        r
    }

    fn read_user(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        let r = self.inner.read_user(addr, out);
        let n = out.len();
        self.calls
            .push(Call::ReadUser(addr, n, filled(r, out, |_| n)));
        r
    }

    fn read_kernel_str(&mut self, addr: u64, out: &mut [u8]) -> Result<usize, FaultCode> {
        let r = self.inner.read_kernel_str(addr, out);
        let call = Call::ReadKernelStr(addr, out.len(), filled(r, out, |&n| n));
        self.calls.push(call);
        r
    }

    fn read_user_str(&mut self, addr: u64, out: &mut [u8]) -> Result<usize, FaultCode> {
        let r = self.inner.read_user_str(addr, out);
        let call = Call::ReadUserStr(addr, out.len(), filled(r, out, |&n| n));
        self.calls.push(call);
        r
    }

    fn builtin(&mut self, which: Builtin) -> Result<u64, FaultCode> {
        let r = self.inner.builtin(which);
        self.calls.push(Call::Builtin(which, r));
        r
    }

    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode> {
        let r = self.inner.builtin_str(which, out);
        let call = Call::BuiltinStr(which, out.len(), filled(r, out, |&n| n));
        self.calls.push(call);
        r
    }

    fn arg(&mut self, index: u64) -> Result<u64, FaultCode> {
        let r = self.inner.arg(index);
        self.calls.push(Call::Arg(index, r));
        r
    }

    fn rand(&mut self) -> u64 {
        let r = self.inner.rand();
        self.calls.push(Call::Rand(r));
        r
    }

    fn load_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        out: &mut [u8],
    ) -> Result<Loaded, FaultCode> {
        let r = self.inner.load_var(var, keys, out);
        self.calls.push(Call::LoadVar(var, own(keys), out.len(), r));
        r
    }

    fn store_var(
        &mut self,
        var: VarRef,
        keys: &[Value<'_>],
        value: Value<'_>,
    ) -> Result<(), FaultCode> {
        self.calls
            .push(Call::StoreVar(var, own(keys), value.into()));
        self.inner.store_var(var, keys, value)
    }

    fn trace(&mut self, value: Value<'_>) -> Result<(), FaultCode> {
        self.calls.push(Call::Trace(value.into()));
        self.inner.trace(value)
    }

    fn printf(&mut self, fmt_id: u32, fmt: &[u8], args: &[Value<'_>]) -> Result<(), FaultCode> {
        self.calls
            .push(Call::Printf(fmt_id, fmt.to_vec(), own(args)));
        self.inner.printf(fmt_id, fmt, args)
    }

    fn stack(&mut self, depth: u32, user: bool) -> Result<(), FaultCode> {
        self.calls.push(Call::Stack(depth, user));
        self.inner.stack(depth, user)
    }

    fn exit(&mut self, status: u64) -> Result<(), FaultCode> {
        self.calls.push(Call::Exit(status));
        self.inner.exit(status)
    }

    fn raise(&mut self, sig: u64) -> Result<(), FaultCode> {
        self.calls.push(Call::Raise(sig));
        self.inner.raise(sig)
    }

    fn speculation(&mut self) -> u64 {
        let id = self.inner.speculation();
        self.calls.push(Call::Speculation(id));
        id
    }

    fn speculate(&mut self, id: u64) -> Result<(), FaultCode> {
        let r = self.inner.speculate(id);
        self.calls.push(Call::Speculate(id, r));
        r
    }

    fn commit(&mut self, id: u64, discard: bool) -> Result<(), FaultCode> {
        let r = self.inner.commit(id, discard);
        self.calls.push(Call::Commit(id, discard, r));
        r
    }

    fn aggregate(
        &mut self,
        agg: u32,
        func: AggFunc,
        value: u64,
        keys: &[Value<'_>],
    ) -> Result<(), FaultCode> {
        self.calls
            .push(Call::Aggregate(agg, func, value, own(keys)));
        self.inner.aggregate(agg, func, value, keys)
    }
}
