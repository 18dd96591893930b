// SPDX-License-Identifier: GPL-2.0

//! The LOAD ioctl: copy a program blob in (size-limited), verify it, and
//! either reject it with the verifier's reason or accept it, optionally
//! running it once. The kernel never trusts the blob: only the verifier's
//! verdict lets the interpreter near it.

use crate::load::{LoadArgs, LoadResult, FixedWriter, LOAD_FLAGS_ALL, LOAD_TEST_RUN, MAX_BLOB};
use crate::dif::verifier::Limits;
use crate::program;
use crate::session_vars::SessionVars;
use crate::test_run::TestRunEnv;
use crate::dif::program::VarDecl;
use core::fmt::Write;
use kernel::alloc::KVVec;
use kernel::prelude::*;
use kernel::uaccess::UserSlice;

/// String scratch for a test run.
const TEST_RUN_SCRATCH: usize = crate::cpu_state::SCRATCH;
/// Dynamic-variable space of a test run.
const TEST_RUN_DYNVARSIZE: u64 = 64 << 10;

// SAFETY: `LoadArgs` is `repr(C)` of integers and byte arrays with explicit
// padding (its size is asserted in the uapi), so any bytes are a valid value.
unsafe impl kernel::types::FromBytes for LoadArgs {}
// SAFETY: as above; it has no implicit padding, so no uninitialised bytes.
unsafe impl kernel::types::AsBytes for LoadArgs {}

/// Handles `RDTRACE_IOC_LOAD` with the user argument `arg`.
pub(crate) fn load(arg: usize) -> Result<isize> {
    let (mut reader, mut writer) = UserSlice::new(arg, core::mem::size_of::<LoadArgs>()).reader_writer();
    let mut args: LoadArgs = reader.read()?;
    if args.flags & !LOAD_FLAGS_ALL != 0 || args.prog_len > MAX_BLOB {
        return Err(EINVAL);
    }
    let blob = program::copy_from_user(args.prog, args.prog_len as usize)?;
    let verdict = verify_and_run(blob, &mut args)?;
    writer.write(&args)?;
    verdict.map(|()| 0)
}

/// Fills `args.result`; returns the ioctl's error for a program the
/// verifier rejected (EINVAL) or that lockdown keeps from its test run
/// (EPERM).
fn verify_and_run(blob: KVVec<u8>, args: &mut LoadArgs) -> Result<Result<()>> {
    let res = &mut args.result;
    *res = LoadResult::default();
    let prog = match program::verify(blob, Limits::DEFAULT.strsize)? {
        Ok(p) => p,
        Err(e) => {
            res.error_code = e.code();
            res.error_insn = e.insn();
            let _ = write!(FixedWriter::new(&mut res.message), "{}", e.describe());
            return Ok(Err(EINVAL));
        }
    };
    res.bound = prog.verified().cost();
    if args.flags & LOAD_TEST_RUN == 0 {
        return Ok(Ok(()));
    }
    if let Some(why) = crate::lockdown::refusal(&prog) {
        let _ = write!(FixedWriter::new(&mut res.message), "{why}");
        return Ok(Err(EPERM));
    }
    let mut scratch = KVVec::from_elem(0u8, TEST_RUN_SCRATCH, GFP_KERNEL)?;
    let decls = program::var_table(&prog).filter_map(VarDecl::decode);
    let count = program::var_table(&prog).count();
    let vars = SessionVars::new(decls, count, prog.verified().strsize(), TEST_RUN_DYNVARSIZE, 1)?;
    let run_args = args.args;
    let outcome = vars.with(0, |vars| {
        let mut env = TestRunEnv { args: run_args, vars };
        prog.run(&mut env, scratch.as_mut_slice())
    });
    let res = &mut args.result;
    match outcome {
        Ok(exit) => {
            res.retval = exit.value;
            res.executed = exit.executed;
        }
        Err(fault) => {
            res.fault = fault.code as u32;
            res.fault_insn = fault.insn;
            res.fault_addr = fault.addr;
            res.executed = fault.executed;
            let _ = write!(FixedWriter::new(&mut res.message), "{}", fault);
        }
    }
    Ok(Ok(()))
}
