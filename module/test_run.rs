// SPDX-License-Identifier: GPL-2.0

//! The environment of a LOAD test run: a verified program runs once in the
//! ioctl's own context, with arguments from userspace and no probe. Memory
//! reads and task builtins are real; probe identity is zero and the probe
//! names empty. Variables live in storage of the run's own (so a program
//! can store and load them back); records and aggregations need the
//! enabling machinery, which a test run does not have: they end the run
//! with UNSUPPORTED instead of pretending.

use crate::dif::builtin::Builtin;
use crate::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use crate::dif::fault::FaultCode;
use crate::d_path_layout;
use crate::dif::interp::d_path::PathLayout;
use crate::kernel_mem;
use crate::vars::Vars;

/// [`Env`] for one test run.
pub(crate) struct TestRunEnv<'v> {
    /// `arg0`..`arg5`.
    pub(crate) args: [u64; 6],
    /// The run's own variables.
    pub(crate) vars: &'v Vars<'v>,
}

impl Env for TestRunEnv<'_> {
    fn read_kernel(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        kernel_mem::read_kernel(addr, out)
    }

    fn read_user(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        kernel_mem::read_user(addr, out)
    }

    fn builtin(&mut self, which: Builtin) -> Result<u64, FaultCode> {
        Ok(kernel_mem::task_builtin(which).unwrap_or(0))
    }

    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode> {
        Ok(match which {
            Builtin::Execname => kernel_mem::execname(out),
            _ => 0,
        })
    }

    fn arg(&mut self, index: u64) -> Result<u64, FaultCode> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.args.get(i).copied())
            .ok_or(FaultCode::BadIndex)
    }

    fn rand(&mut self) -> u64 {
        kernel_mem::random()
    }

    fn progenyof(&mut self, pid: u64) -> bool {
        kernel_mem::current_progenyof(pid)
    }

    fn path_layout(&self) -> Option<PathLayout> {
        Some(d_path_layout::path_layout())
    }

    fn load_var(&mut self, var: VarRef, keys: &[Value<'_>], out: &mut [u8]) -> Result<Loaded, FaultCode> {
        self.vars.load(var, keys, out)
    }

    fn store_var(&mut self, var: VarRef, keys: &[Value<'_>], value: Value<'_>) -> Result<(), FaultCode> {
        // A dropped store reads back as unset, which is what the run shows.
        self.vars.store(var, keys, value).map(|_| ())
    }

    fn trace(&mut self, _: Value<'_>) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }

    fn printf(&mut self, _: u32, _: &[u8], _: &[Value<'_>]) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }

    fn stack(&mut self, _: u32, _: bool) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }

    fn exit(&mut self, _: u64) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }

    fn aggregate(&mut self, _: u32, _: AggFunc, _: u64, _: &[Value<'_>]) -> Result<(), FaultCode> {
        Err(FaultCode::Unsupported)
    }
}
