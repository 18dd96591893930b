//! The last pass: generated assembly to a blob, checked by the same
//! verifier the kernel runs. A rejection here is a compiler bug and becomes
//! an internal-error diagnostic rather than a program the kernel refuses.

use super::diagnostics::Diagnostic;
use super::span::Span;
use super::Program;
use rdtrace_uapi::dif::asm;
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::program::Program as Blob;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};

/// Assembles and verifies `asm`; `span` is the clause it came from.
/// `spans` is each instruction's source.
pub fn assemble(asm: String, spans: Vec<Span>, span: Span) -> Result<Program, Diagnostic> {
    let blob = asm::assemble(&asm).map_err(|e| {
        let what = format!("the assembler rejected line {}: {}\n{asm}", e.line, e.msg);
        Diagnostic::internal(span, &what)
    })?;
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    let verified = verify(&blob, &Limits::DEFAULT, &mut work).map_err(|e| match e {
        // A limit of the format, not a bug: said as the user's problem.
        VerifyError::Oversized {
            section, size, max, ..
        } => Diagnostic::program_too_large(span, section.name(), size, max),
        e => Diagnostic::internal(span, &format!("the verifier rejected: {e}\n{asm}")),
    })?;
    Ok(Program {
        asm,
        blob,
        cost: verified.cost(),
        spans,
    })
}

/// Checks that the string at `offset` of `program` is `text`, as the
/// compiler's own string-table layout says.
pub fn check_string(
    program: &Program,
    offset: u32,
    text: &str,
    span: Span,
) -> Result<(), Diagnostic> {
    let found = Blob::parse(&program.blob)
        .ok()
        .and_then(|p| p.string(offset).map(<[u8]>::to_vec));
    if found.as_deref() == Some(super::escapes::raw_bytes(text).as_slice()) {
        Ok(())
    } else {
        let what = format!("format string not at string-table offset {offset}");
        Err(Diagnostic::internal(span, &what))
    }
}
