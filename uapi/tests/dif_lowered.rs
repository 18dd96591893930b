//! The lowered program against the reference interpreter: on every
//! verified program the same value or fault (code, instruction, address,
//! instructions executed) and the same environment calls in the same
//! order. Also the fused sequences one by one, including their faults.

mod common;

use common::gen::program;
use common::{asm, lower, same_as_reference};
use proptest::prelude::*;
use rdtrace_uapi::dif::fault::FaultCode;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_programs_run_as_the_reference_runs(
        data in proptest::collection::vec(any::<u8>(), 0..600),
        small in any::<bool>(),
    ) {
        let text = program(&data);
        let blob = asm(&text);
        // A small scratch makes string results run out of it (NOSCRATCH).
        same_as_reference(&blob, if small { 300 } else { 2048 });
    }
}

/// The fused sequences and their neighbours, each ending every way it can.
#[test]
fn fused_sequences_run_as_the_reference_runs() {
    let cases = [
        // ldarg + jnei, taken and not; an argument the mock lacks faults.
        "ldarg r1, 0\n jnei r1, 10, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        "ldarg r1, 0\n jnei r1, 11, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        "ldarg r1, 7\n jnei r1, 11, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        // ldarg + ldc + jne (the compiler's `arg0 == <large constant>`).
        "ldarg r1, 0\n ldc r2, =0xb3a73ce2ff2\n jne r1, r2, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        "ldarg r1, 6\n ldc r2, =10\n jeq r1, r2, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        // The same register loaded twice.
        "ldarg r1, 1\n movi r1, 20\n jeq r1, r1, no\n movi r0, 1\n ret r0\nno: movi r0, 0\n ret r0",
        // ldb + jgti; movi + jsgt.
        "ldb r3, pid\n jgti r3, 999, yes\n movi r0, 0\n ret r0\nyes: ldb r4, timestamp\n ret r4",
        "movi r5, -3\n movi r6, 4\n jsgt r6, r5, yes\n movi r0, 0\n ret r0\nyes: ret r6",
        // A jump into the middle of a fused pair.
        "ldarg r1, 2\n jeqi r1, 30, mid\n movi r2, 5\nmid: movi r2, 9\n ret r2",
        // A loop around a fused compare.
        "movi r1, 0\n loop r12, 5\n ldarg r2, 1\n jnei r2, 20, skip\n addi r1, 1\nskip: endloop r12\n ret r1",
    ];
    for text in cases {
        let blob = asm(text);
        assert!(same_as_reference(&blob, 256), "{text}");
    }
}

/// The speculation actions, which the lowered program hands to the
/// reference step, make the same calls and fault the same way.
#[test]
fn speculation_actions_run_as_the_reference_runs() {
    let cases = [
        "call r1, speculation\n speculate r1\n trace r1\n commit r1\n discard r1\n ret r1",
        "movi r1, 0\n speculate r1\n trace r1\n ret r1",
    ];
    for text in cases {
        assert!(same_as_reference(&asm(text), 256), "{text}");
    }
}

/// Variable loads and stores, which the lowered program runs from the
/// declaration it decoded once, make the same calls and fault the same
/// way: every kind, string values and keys, and a load of a string into
/// too small a scratch.
#[test]
fn variables_run_as_the_reference_runs() {
    let decls = ".var g global int\n.var t tls int\n.var l local int\n.var a assoc int 2\n.var s global str\n.var k assoc int 1\n";
    let bodies = [
        "ldarg r1, 0\n stt t, r1\n ldt r2, t\n movi r3, 0\n stt t, r3\n ret r2",
        "movi r1, 7\n stg g, r1\n stl l, r1\n ldg r2, g\n ldl r3, l\n add r2, r3\n ret r2",
        "movi r1, 1\n movi r2, 2\n movi r3, 9\n sta a, r1, r3\n lda r4, a, r1\n ret r4",
        "lds r1, \"abc\"\n stg s, r1\n ldg r2, s\n movi r3, 5\n sta k, r2, r3\n lda r4, k, r1\n ret r4",
        "ldg r2, s\n ldg r3, s\n ldg r4, s\n movi r0, 0\n ret r0",
    ];
    for body in bodies {
        let text = format!("{decls}{body}");
        for scratch in [8, 256] {
            assert!(same_as_reference(&asm(&text), scratch), "{text}");
        }
    }
}

/// The budget check on the back edge is reachable only through a bound the
/// verifier computed; runs of nested loops stay within it and agree.
#[test]
fn nested_loops_run_as_the_reference_runs() {
    let text = "movi r1, 0\n loop r12, 100\n loop r13, 100\n addi r1, 1\n endloop r13\n endloop r12\n ret r1";
    let blob = asm(text);
    assert!(same_as_reference(&blob, 256));
    let exit = lower(&blob)
        .unwrap()
        .run(&mut common::mock::MockEnv::new(), &mut [0u8; 8])
        .unwrap();
    assert_eq!(exit.value, 10_000);
}

/// A fault inside a fused sequence names the instruction that faulted and
/// counts only what ran.
#[test]
fn a_fault_in_a_fused_sequence_names_its_instruction() {
    let blob = asm(
        "movi r0, 1\n ldarg r1, 9\n ldc r2, =0x123456789\n jne r1, r2, no\n ret r0\nno: ret r0",
    );
    let f = lower(&blob)
        .unwrap()
        .run(&mut common::mock::MockEnv::new(), &mut [0u8; 8])
        .unwrap_err();
    assert_eq!((f.code, f.insn, f.executed), (FaultCode::BadIndex, 1, 2));
}
