//! DIF program files: reading one (assembly text or a binary blob), and the
//! host-side verdict on it, in words.

use crate::error::{Error, Result};
use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::disasm::{disassemble, insn_text};
use rdtrace_uapi::dif::error::VerifyError;
use rdtrace_uapi::dif::limits::MAX_INSNS;
use rdtrace_uapi::dif::program::Program;
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot, Verified};
use std::path::Path;

/// Reads a program: `.s` files are assembled, anything else is a blob.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        what: format!("reading {}", path.display()),
        source,
    })?;
    if path.extension().is_some_and(|e| e == "s") {
        let text = String::from_utf8_lossy(&bytes);
        assemble(&text)
            .map_err(|e| Error::Program(format!("{}:{}: {}", path.display(), e.line, e.msg)))
    } else {
        Ok(bytes)
    }
}

/// The host verifier's verdict on `blob`.
pub fn verify_host(blob: &[u8]) -> std::result::Result<Verified, VerifyError> {
    let mut work = vec![Slot::EMPTY; MAX_INSNS as usize];
    verify(blob, &Limits::DEFAULT, &mut work)
}

/// A verifier error in words, with the instruction it names disassembled.
pub fn explain(blob: &[u8], code: u32, insn: u32, message: &str) -> String {
    let prefix = format!("instruction {insn}: ");
    let message = message.strip_prefix(&prefix).unwrap_or(message);
    let at = Program::parse(blob).ok().and_then(|p| {
        p.insn(insn as usize)
            .map(|i| insn_text(&p, insn as usize, i))
    });
    match at {
        Some(text) => {
            format!("rejected at instruction {insn} (`{text}`): {message} [error {code}]")
        }
        None => format!("rejected at instruction {insn}: {message} [error {code}]"),
    }
}

/// The host verdict as one line.
pub fn verdict_line(blob: &[u8]) -> (bool, String) {
    match verify_host(blob) {
        Ok(v) => (
            true,
            format!(
                "accepted: {} instructions, at most {} executed",
                v.insn_count(),
                v.cost()
            ),
        ),
        Err(e) => (
            false,
            explain(blob, e.code(), e.insn(), &e.describe().to_string()),
        ),
    }
}

/// The program as assembly text.
pub fn disasm(blob: &[u8]) -> Result<String> {
    disassemble(blob).map_err(|e| Error::Program(format!("not a valid program: {}", e.describe())))
}
