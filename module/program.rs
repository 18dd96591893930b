// SPDX-License-Identifier: GPL-2.0

//! A DIF program taken from userspace: copied in, verified and lowered. The
//! only way to get a [`Program`] is through the verifier, so the interpreter
//! never sees bytes it did not accept.

use crate::dif::error::VerifyError;
use crate::dif::lowered::{LoweredInsn, LoweredProgram};
use crate::dif::opcode::Op;
use crate::dif::program::{Program as DifBlob, VAR_SIZE};
use crate::dif::subr::Subr;
use crate::dif::verifier::{self, Limits, Slot};
use crate::dif::{limits, INSN_SIZE};
use kernel::alloc::KVVec;
use kernel::prelude::*;
use kernel::uaccess::UserSlice;

/// A verified program, lowered: it owns its blob and lowered instructions.
pub(crate) type Program = LoweredProgram<KVVec<u8>, KVVec<LoweredInsn>>;

/// Copies `len` bytes from the user address `addr` (callers bound `len`).
pub(crate) fn copy_from_user(addr: u64, len: usize) -> Result<KVVec<u8>> {
    let mut blob = KVVec::from_elem(0u8, len, GFP_KERNEL)?;
    UserSlice::new(addr as usize, len).reader().read_slice(blob.as_mut_slice())?;
    Ok(blob)
}

/// Verifies and lowers `blob` for strings of `strsize` bytes: `Err` for no
/// memory, `Ok(Err)` for a rejection.
pub(crate) fn verify(blob: KVVec<u8>, strsize: u32) -> Result<core::result::Result<Program, VerifyError>> {
    // One verifier slot and one lowered instruction per instruction the
    // blob can hold.
    let slots = (blob.len() / INSN_SIZE).clamp(1, limits::MAX_INSNS as usize);
    let mut work = KVVec::from_elem(Slot::EMPTY, slots, GFP_KERNEL)?;
    let code = KVVec::from_elem(LoweredInsn::EMPTY, slots, GFP_KERNEL)?;
    let limits = Limits { strsize, ..Limits::DEFAULT };
    Ok(verifier::verify_lowered(blob, &limits, work.as_mut_slice(), code))
}

/// The program's blob as the parser reads it, with the header the
/// verifier checked.
pub(crate) fn blob_of(prog: &Program) -> Option<DifBlob<'_>> {
    DifBlob::with_header(prog.blob(), *prog.verified().header())
}

/// Whether `prog` calls subroutine `subr` anywhere.
pub(crate) fn calls(prog: &Program, subr: Subr) -> bool {
    let Some(blob) = blob_of(prog) else {
        return false;
    };
    (0..blob.insn_count())
        .filter_map(|pc| blob.insn(pc))
        .any(|i| i.opcode == Op::Call.byte() && i.uimm() == subr as u32)
}

/// The program's variable declarations, raw, in order.
pub(crate) fn var_table(prog: &Program) -> impl Iterator<Item = [u8; VAR_SIZE]> + '_ {
    let blob = blob_of(prog);
    let n = blob.as_ref().map_or(0, |p| p.var_count()) as u32;
    (0..n).filter_map(move |i| blob.as_ref().and_then(|p| p.var_raw(i)))
}
