//! Property tests: generated well-formed programs always finish within
//! the verifier's bound and never hit a fault only an unverified program
//! can; arbitrary bytes never panic the verifier, interpreter or
//! disassembler; disassembly round-trips. Every verified one runs lowered
//! as it runs in the reference interpreter.

mod common;

use common::gen::program;
use common::mock::MockEnv;
use common::{asm, check};
use proptest::prelude::*;
use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::disasm::disassemble;
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::dif::insn::Insn;
use rdtrace_uapi::dif::interp::run;
use rdtrace_uapi::dif::program::{Header, VERSION};

/// A blob of the given raw instruction words, with a small constant
/// table, variable table and string table.
fn blob_of(words: &[(u8, u8, u8, i16, i32)]) -> Vec<u8> {
    let strtab = b"bash\0%d\0";
    let vars: [[u8; 4]; 3] = [[0, 0, 0, 0], [1, 1, 0, 0], [3, 0, 2, 0]];
    let h = Header {
        version: VERSION,
        insn_count: words.len() as u32,
        const_count: 2,
        strtab_len: strtab.len() as u32,
        var_count: vars.len() as u32,
        agg_count: 2,
        ..Header::default()
    };
    let mut b = h.encode().to_vec();
    for &(op, d, s, off, imm) in words {
        b.extend_from_slice(&Insn::new(op, d, s, off, imm).encode());
    }
    b.extend_from_slice(&7u64.to_le_bytes());
    b.extend_from_slice(&u64::MAX.to_le_bytes());
    for v in vars {
        b.extend_from_slice(&v);
    }
    b.extend_from_slice(strtab);
    b
}

/// Verify and, if accepted, run; check the bound and the fault kinds.
fn verify_and_run(blob: &[u8]) {
    let Ok(v) = check(blob) else { return };
    let mut env = MockEnv::new();
    let mut scratch = [0u8; 1024];
    let executed = match run(blob, &v, &mut env, &mut scratch) {
        Ok(e) => e.executed,
        Err(f) => {
            assert_ne!(f.code, FaultCode::Budget, "verified program out of budget");
            assert_ne!(
                f.code,
                FaultCode::IllegalOp,
                "verified program hit ILLOP at {}",
                f.insn
            );
            f.executed
        }
    };
    assert!(
        executed <= v.cost(),
        "executed {executed} > bound {}",
        v.cost()
    );
    assert!(common::same_as_reference(blob, 1024));
}

fn word() -> impl Strategy<Value = (u8, u8, u8, i16, i32)> {
    (
        prop_oneof![any::<u8>(), 0x01u8..0x80],
        0u8..16,
        0u8..16,
        prop_oneof![-4i16..8, any::<i16>()],
        prop_oneof![-4i32..20, any::<i32>()],
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn generated_programs_verify_and_stay_in_bound(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = program(&data);
        let blob = asm(&text);
        let v = check(&blob);
        // The generator only writes well-formed programs; the one reason to
        // reject is a worst case over the budget.
        if let Err(e) = &v {
            prop_assert!(matches!(e, rdtrace_uapi::dif::error::VerifyError::TooCostly { .. }), "{e}\n{text}");
        }
        verify_and_run(&blob);
    }

    #[test]
    fn random_instruction_words_never_panic(words in proptest::collection::vec(word(), 1..40)) {
        let blob = blob_of(&words);
        verify_and_run(&blob);
        // Disassembly round-trips any blob whose header parses.
        let text = disassemble(&blob).expect("header parses");
        let again = assemble(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(&again, &blob, "{}", text);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        verify_and_run(&bytes);
        let _ = disassemble(&bytes);
        let mut with_header = blob_of(&[]);
        with_header.truncate(32);
        let n = (bytes.len() / 8) as u32;
        with_header[8..12].copy_from_slice(&n.to_le_bytes());
        with_header[12..28].fill(0);
        with_header.extend_from_slice(&bytes[..n as usize * 8]);
        verify_and_run(&with_header);
    }
}

#[test]
fn unverified_programs_run_safely() {
    // The interpreter never trusts the program either: run random words
    // with a borrowed budget and check it only faults or returns.
    let (_, v) = common::load(&format!("{}ret r0", "movi r0, 0\n".repeat(50)));
    let mut seed = 1u64;
    for _ in 0..5000 {
        let words: Vec<_> = (0..12)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let x = seed >> 16;
                (
                    (x & 0x7f) as u8,
                    (x >> 8) as u8 & 15,
                    (x >> 12) as u8 & 15,
                    ((x >> 16) as i16) % 6,
                    (x >> 32) as i32 % 40,
                )
            })
            .collect();
        let blob = blob_of(&words);
        let mut env = MockEnv::new();
        let r = run(&blob, &v, &mut env, &mut [0u8; 512]);
        let executed = match r {
            Ok(e) => e.executed,
            Err(f) => f.executed,
        };
        assert!(executed <= v.cost());
    }
}
