//! The programs the probe fuzzer enables: well-formed random ones from the
//! structured generator the verifier's fuzz target uses, the same
//! assembled and then mutated (a mix the verifier accepts and rejects),
//! random bytes, and programs that fault on purpose.

use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::fault::FaultCode;

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

fn mutate(rng: &mut fastrand::Rng, mut blob: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.usize(1..5) {
        if blob.is_empty() {
            break;
        }
        let at = rng.usize(..blob.len());
        match rng.u8(0..4) {
            0 => blob[at] ^= 1 << rng.u8(0..8),
            1 => blob[at] = rng.u8(..),
            2 => blob.truncate(at.max(1)),
            _ => {
                let end = (at + 8).min(blob.len());
                blob[at..end].fill(0xff);
            }
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
