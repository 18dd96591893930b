//! Random program blobs for checking the kernel's verifier against the
//! host's: raw bytes, well-formed headers over random instructions, and
//! mutations of a valid program. Deterministic for a seed.

use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::program::{Header, VERSION};

/// A valid program that the mutations start from.
const BASE: &str =
    "ldarg r1, 0\nldarg r2, 1\nmov r0, r1\nadd r0, r2\njeqi r2, 0, +1\nudiv r0, r2\nret r0";

/// `count` blobs from `seed`.
pub fn generate(seed: u64, count: usize) -> Vec<Vec<u8>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let base = assemble(BASE).expect("the base program assembles");
    (0..count)
        .map(|i| match i % 3 {
            0 => raw(&mut rng),
            1 => random_insns(&mut rng),
            _ => mutate(&mut rng, &base),
        })
        .collect()
}

fn raw(rng: &mut fastrand::Rng) -> Vec<u8> {
    let len = rng.usize(0..256);
    (0..len).map(|_| rng.u8(..)).collect()
}

fn random_insns(rng: &mut fastrand::Rng) -> Vec<u8> {
    let insns = rng.u32(1..64);
    let consts = rng.u32(0..4);
    let strtab = rng.u32(0..16);
    let header = Header {
        version: VERSION,
        insn_count: insns,
        const_count: consts,
        strtab_len: strtab,
        ..Header::default()
    };
    let mut blob = header.encode().to_vec();
    let body = 8 * (insns + consts) + strtab;
    blob.extend((0..body).map(|_| rng.u8(..)));
    blob
}

fn mutate(rng: &mut fastrand::Rng, base: &[u8]) -> Vec<u8> {
    let mut blob = base.to_vec();
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(..blob.len());
        blob[at] ^= 1 << rng.u8(0..8);
    }
    blob
}
