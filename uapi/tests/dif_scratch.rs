//! Writable scratch: `alloca`, `copyin`, `copyinto`, `bcopy` and stores
//! through pointers, run by the reference interpreter against the mock
//! environment and compared with the lowered one.

mod common;

use common::mock::{Owned, Record, KBASE, UBASE};
use common::{exec, same_as_reference};
use rdtrace_uapi::dif::fault::FaultCode;

/// A run's value, or its fault's code, instruction and address.
type Outcome = Result<u64, (FaultCode, u32, u64)>;

/// Runs `text`; checks the lowered interpreter agrees.
fn run(text: &str) -> (Outcome, Vec<Record>) {
    assert!(same_as_reference(&common::asm(text), 2048), "{text}");
    let (r, env) = exec(text);
    (
        r.map(|e| e.value).map_err(|f| (f.code, f.insn, f.addr)),
        env.records,
    )
}

#[test]
fn alloca_hands_out_zeroed_aligned_memory_above_null() {
    let text = "movi r1, 3\nmovi r2, 0\ncall r3, alloca, r1\n\
                movi r1, 5\ncall r4, alloca, r1\nldk4 r5, [r4]\n\
                trace r3\ntrace r4\ntrace r5\nmovi r0, 0\nret r0";
    let (r, recs) = run(text);
    assert_eq!(r, Ok(0));
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Int(8)),
            Record::Trace(Owned::Int(16)),
            Record::Trace(Owned::Int(0)),
        ]
    );
}

#[test]
fn stores_through_pointers_read_back_and_as_strings() {
    // alloca(8); p[0] = 'h'; p[1] = 'i'; *(short *)(p + 2) = 0x0021 ('!', NUL)
    let text = "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\n\
                mov r4, r3\nmovi r5, 104\nmovi r6, 1\ncall r7, scratchst, r4\n\
                addi r4, 1\nmovi r5, 105\ncall r7, scratchst, r4\n\
                addi r4, 1\nmovi r5, 33\nmovi r6, 2\ncall r7, scratchst, r4\n\
                call r8, stringof, r3\ntrace r8\nldk4 r9, [r3]\ntrace r9\n\
                movi r0, 0\nret r0";
    let (r, recs) = run(text);
    assert_eq!(r, Ok(0));
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Str(b"hi!".to_vec())),
            Record::Trace(Owned::Int(0x0021_6968)),
        ]
    );
}

#[test]
fn copyin_copies_user_memory_and_faults_on_the_user_address() {
    let text = format!(
        "ldc r1, ={UBASE:#x}\nmovi r2, 5\nmovi r3, 0\ncall r4, copyin, r1\n\
         call r5, stringof, r4\ntrace r5\nldk1 r6, [r4+4]\ntrace r6\nmovi r0, 0\nret r0"
    );
    let (r, recs) = run(&text);
    assert_eq!(r, Ok(0));
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Str(b"hello".to_vec())),
            Record::Trace(Owned::Int(u64::from(b'o'))),
        ]
    );
    let (r, _) = run("movi r1, 64\nmovi r2, 4\nmovi r3, 0\ncall r4, copyin, r1\nret r4");
    assert_eq!(r, Err((FaultCode::BadAddr, 3, 64)));
}

#[test]
fn copyinto_and_bcopy_write_only_allocated_scratch() {
    let text = format!(
        "movi r1, 16\nmovi r2, 0\ncall r3, alloca, r1\n\
         ldc r4, ={UBASE:#x}\nmovi r5, 4\nmov r6, r3\ncall r7, copyinto, r4\n\
         ldc r4, ={:#x}\nmov r5, r3\naddi r5, 8\nmovi r6, 7\ncall r7, bcopy, r4\n\
         call r8, stringof, r3\ntrace r8\nmov r9, r3\naddi r9, 8\ncall r8, stringof, r9\ntrace r8\n\
         movi r0, 0\nret r0",
        KBASE + 128
    );
    let (r, recs) = run(&text);
    assert_eq!(r, Ok(0));
    // Bytes 4..8 stay zero: the first string ends there.
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Str(b"hell".to_vec())),
            Record::Trace(Owned::Str(b"kstring".to_vec())),
        ]
    );
    // A destination in kernel memory, past the top of what is allocated,
    // or straddling it, is an invalid address: the destination's.
    let kernel = format!(
        "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nmov r4, r3\nldc r5, ={KBASE:#x}\n\
         movi r6, 8\ncall r7, bcopy, r4\nret r7"
    );
    assert_eq!(run(&kernel).0, Err((FaultCode::BadAddr, 6, KBASE)));
    let beyond = "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nmov r4, r3\nmov r5, r3\n\
                  addi r5, 4\nmovi r6, 5\ncall r7, bcopy, r4\nret r7";
    assert_eq!(run(beyond).0, Err((FaultCode::BadAddr, 7, 12)));
    let store = "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nmovi r4, 7\nmovi r5, 1\n\
                 movi r6, 1\ncall r7, scratchst, r4\nret r7";
    assert_eq!(run(store).0, Err((FaultCode::BadAddr, 6, 7)));
    let to_kernel =
        format!("ldc r4, ={KBASE:#x}\nmovi r5, 1\nmovi r6, 1\ncall r7, scratchst, r4\nret r7");
    assert_eq!(run(&to_kernel).0, Err((FaultCode::BadAddr, 3, KBASE)));
}

#[test]
fn scratch_loads_past_the_top_fault_and_null_stays_invalid() {
    let (r, _) = run("movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nldk1 r4, [r3+8]\nret r4");
    assert_eq!(r, Err((FaultCode::BadAddr, 3, 16)));
    let (r, _) =
        run("movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nmovi r4, 0\nldk8 r5, [r4]\nret r5");
    assert_eq!(r, Err((FaultCode::BadAddr, 4, 0)));
    let (r, _) = run("movi r1, 8\nldk4 r2, [r1]\nret r2");
    assert_eq!(r, Err((FaultCode::BadAddr, 1, 8)));
}

#[test]
fn allocations_are_bounded_by_scratchsize_and_scratch() {
    let (r, _) = run(
        "movi r1, 64\nmovi r2, 64\ncall r3, alloca, r1\nmovi r1, 1\ncall r3, alloca, r1\nret r3",
    );
    assert_eq!(r, Err((FaultCode::NoScratch, 4, 0)));
    let (r, _) = run("movi r1, 4096\nmovi r2, 0\ncall r3, alloca, r1\nret r3");
    assert_eq!(r, Err((FaultCode::NoScratch, 2, 0)));
    let (r, _) = run("ldc r1, =-1\nmovi r2, 0\ncall r3, alloca, r1\nret r3");
    assert_eq!(r, Err((FaultCode::NoScratch, 2, 0)));
}

#[test]
fn copies_that_reuse_scratch_are_bounded() {
    // bcopy of 1 KiB from scratch to scratch, looped: 2 KiB of scratch
    // allows 8 KiB of copies, so the ninth faults.
    let text =
        "movi r1, 1024\nmovi r2, 0\ncall r3, alloca, r1\nmov r4, r3\nmov r5, r3\nmovi r6, 1024\n\
                loop r9, 20, +2\ncall r7, bcopy, r4\nendloop r9, 20, -2\nmovi r0, 0\nret r0";
    let (r, _) = run(text);
    assert!(matches!(r, Err((FaultCode::Budget, 7, 0))), "{r:?}");
}

#[test]
fn bcopy_of_a_string_pads_with_nuls() {
    let text =
        "movi r1, 16\nmovi r2, 0\ncall r3, alloca, r1\nmov r4, r3\nmovi r5, -1\nmovi r6, 8\n\
                call r7, scratchst, r4\nlds r4, s0\nmovi r6, 8\nmov r5, r3\ncall r7, bcopys, r4\n\
                call r8, stringof, r3\ntrace r8\nldk8 r9, [r3]\ntrace r9\nmovi r0, 0\nret r0\n\
                .string \"abc\"";
    let (r, recs) = run(text);
    assert_eq!(r, Ok(0));
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Str(b"abc".to_vec())),
            Record::Trace(Owned::Int(0x0063_6261)),
        ]
    );
}

#[test]
fn writes_reach_allocations_only_not_the_strings_between() {
    // alloca(8), then a string made in scratch (execname), then alloca(8):
    // the string's bytes are readable but no store or copy reaches them.
    let head = "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\nldb r4, execname\n\
                call r5, alloca, r1\n";
    let into_string = format!(
        "{head}mov r6, r3\naddi r6, 8\nmovi r7, 1\nmovi r8, 1\ncall r9, scratchst, r6\nret r9"
    );
    assert_eq!(run(&into_string).0, Err((FaultCode::BadAddr, 9, 16)));
    let straddling = format!(
        "{head}lds r6, s0\nmov r7, r3\nmovi r8, 9\ncall r9, bcopys, r6\nret r9\n.string \"x\""
    );
    assert_eq!(run(&straddling).0, Err((FaultCode::BadAddr, 8, 8)));
    let second = format!(
        "{head}mov r6, r5\nmovi r7, 1\nmovi r8, 8\ncall r9, scratchst, r6\nldk8 r0, [r5]\nret r0"
    );
    assert_eq!(run(&second).0, Ok(1));
    // Consecutive allocations are one: a copy may span them.
    let joined = "movi r1, 8\nmovi r2, 0\ncall r3, alloca, r1\ncall r4, alloca, r1\nlds r5, s0\n\
                  mov r6, r3\nmovi r7, 16\ncall r8, bcopys, r5\nmovi r0, 0\nret r0\n.string \"abc\"";
    assert_eq!(run(joined).0, Ok(0));
}

#[test]
fn membytes_copies_kernel_and_scratch_bytes_nuls_and_all() {
    // tracemem()'s record: kernel bytes 126..134 (two counting bytes,
    // then "kstring"'s start), then a copyin's bytes read back from scratch.
    let text = format!(
        "ldc r1, ={:#x}\nmovi r2, 8\ncall r3, membytes, r1\ntrace r3\n\
         ldc r1, ={UBASE:#x}\nmovi r2, 12\nmovi r3, 0\ncall r4, copyin, r1\n\
         mov r1, r4\nmovi r2, 12\ncall r5, membytes, r1\ntrace r5\nmovi r0, 0\nret r0",
        KBASE + 126
    );
    let (r, recs) = run(&text);
    assert_eq!(r, Ok(0));
    assert_eq!(
        recs,
        vec![
            Record::Trace(Owned::Str(b"\x7e\x7fkstrin".to_vec())),
            Record::Trace(Owned::Str(b"hello, user\0".to_vec())),
        ]
    );
}

#[test]
fn membytes_past_an_allocation_or_of_unmapped_memory_faults() {
    // 4 bytes allocated, 8 asked for: the scratch address is invalid.
    let text = "movi r1, 4\nmovi r2, 0\ncall r3, alloca, r1\n\
                mov r1, r3\nmovi r2, 8\ncall r4, membytes, r1\nmovi r0, 0\nret r0";
    let (r, _) = run(text);
    assert_eq!(r, Err((FaultCode::BadAddr, 5, 8)));
    let (r, _) = run("ldc r1, =0xdead0000\nmovi r2, 8\ncall r3, membytes, r1\nmovi r0, 0\nret r0");
    assert_eq!(r, Err((FaultCode::BadAddr, 2, 0xdead_0000)));
}
