//! The programs the probe fuzzer enables: well-formed random ones from the
//! structured generator the verifier's fuzz target uses, the same
//! assembled and then mutated (a mix the verifier accepts and rejects),
//! random bytes, and programs that fault on purpose.

use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::program::HEADER_SIZE;

#[path = "../../../uapi/tests/common/gen.rs"]
#[allow(dead_code)]
mod dif_gen;

/// Where a program came from, for the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The structured generator.
    Generated,
    /// A generated program with flipped, replaced or cut bytes.
    Mutated,
    /// Random bytes.
    Raw,
}

/// A generated program's text. `exit` is traced instead, so that one
/// program cannot end a round before the others have run.
fn generated_text(rng: &mut fastrand::Rng) -> String {
    let choices: Vec<u8> = (0..rng.usize(16..1200)).map(|_| rng.u8(..)).collect();
    dif_gen::program(&choices).replace("    exit r", "    trace r")
}

/// A generated program, assembled.
pub fn generated(rng: &mut fastrand::Rng) -> Vec<u8> {
    assemble(&generated_text(rng)).expect("the generator's programs assemble")
}

/// A program of `origin`.
pub fn make(rng: &mut fastrand::Rng, origin: Origin) -> Vec<u8> {
    match origin {
        Origin::Generated => generated(rng),
        Origin::Mutated => {
            let blob = generated(rng);
            mutate(rng, blob)
        }
        Origin::Raw => (0..rng.usize(0..512)).map(|_| rng.u8(..)).collect(),
    }
}

/// Mutations, mostly past the header, where they change instructions
/// and constants (immediates, registers, jump offsets) and the verifier
/// accepts some of the results.
fn mutate(rng: &mut fastrand::Rng, mut blob: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.usize(1..4) {
        if blob.len() <= HEADER_SIZE {
            break;
        }
        let from = if rng.u8(0..8) == 0 { 0 } else { HEADER_SIZE };
        let at = rng.usize(from..blob.len());
        match rng.u8(0..8) {
            0..=3 => blob[at] ^= 1 << rng.u8(0..8),
            4 | 5 => blob[at] = blob[at].wrapping_add(rng.u8(1..4)),
            6 => blob[at] = rng.u8(..),
            _ => blob.truncate(at.max(1)),
        }
    }
    blob
}

/// Programs that fault every time they run, with the fault each raises.
pub fn faulting() -> Vec<(Vec<u8>, FaultCode)> {
    [
        ("ldc r1, =0x10\nldk8 r0, [r1+0]\nret r0", FaultCode::BadAddr),
        (
            "movi r1, 0\nldarg r0, 0\nudiv r0, r1\nret r0",
            FaultCode::DivZero,
        ),
        (
            "movi r1, 0\nldarg r0, 1\nsrem r0, r1\nret r0",
            FaultCode::DivZero,
        ),
    ]
    .into_iter()
    .map(|(text, code)| (assemble(text).expect("fault programs assemble"), code))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::verify_host;

    fn accepted(origin: Origin, n: usize) -> usize {
        let mut rng = fastrand::Rng::with_seed(3);
        (0..n)
            .filter(|_| verify_host(&make(&mut rng, origin)).is_ok())
            .count()
    }

    #[test]
    fn generated_programs_mostly_verify() {
        assert!(accepted(Origin::Generated, 200) > 150);
    }

    #[test]
    fn mutations_give_both_verdicts() {
        let n = accepted(Origin::Mutated, 400);
        assert!(n > 20 && n < 380, "{n} of 400 mutated programs verified");
    }

    #[test]
    fn planted_faults_verify() {
        for (blob, _) in faulting() {
            assert!(verify_host(&blob).is_ok());
        }
    }
}
