//! One hand-broken program per verifier error variant, each checked for
//! the exact variant and instruction; a final check that every variant
//! (by its code) is covered and described in words.

mod common;

use common::{asm, check};
use rdtrace_uapi::dif::error::VerifyError as E;
use rdtrace_uapi::dif::program::{Section, HEADER_SIZE};
use rdtrace_uapi::dif::verifier::{verify, Limits, Slot};
use rdtrace_uapi::dif::Ty;

fn err(text: &str) -> E {
    match check(&asm(text)) {
        Ok(v) => panic!("accepted (cost {}):\n{text}", v.cost()),
        Err(e) => e,
    }
}

fn err_blob(blob: &[u8]) -> E {
    check(blob).expect_err("accepted")
}

const OK: &str = "movi r0, 0\nret r0";

fn patched(text: &str, at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut b = asm(text);
    b[at..at + bytes.len()].copy_from_slice(bytes);
    b
}

fn cases() -> Vec<(&'static str, E, E)> {
    let ok = asm(OK);
    let mut long = ok.clone();
    long.push(0);
    let mut work = [Slot::EMPTY; 1];
    let two = asm("movi r0, 0\nmovi r0, 0\nret r0");
    let small = verify(&two, &Limits::DEFAULT, &mut work).expect_err("work too small");
    let costly = {
        let text =
            "movi r0, 0\nloop r1, 1000\nloop r2, 1000\naddi r0, 1\nendloop r2\nendloop r1\nret r0";
        err(text)
    };
    let tight = Limits {
        max_insns: 1,
        ..Limits::DEFAULT
    };
    let oversized = verify(&ok, &tight, &mut [Slot::EMPTY; 4]).expect_err("too many insns");
    vec![
        ("truncated", err_blob(&ok[..10]), E::Truncated { insn: 0, len: 10 }),
        ("truncated section", err_blob(&ok[..ok.len() - 1]), E::Truncated { insn: 0, len: ok.len() - 1 }),
        ("magic", err_blob(&patched(OK, 0, b"XDIF")), E::BadMagic { insn: 0 }),
        ("version", err_blob(&patched(OK, 4, &[2, 0])), E::BadVersion { insn: 0, version: 2 }),
        ("flags", err_blob(&patched(OK, 6, &[1, 0])), E::ReservedHeader { insn: 0 }),
        ("reserved", err_blob(&patched(OK, 28, &[0, 0, 0, 1])), E::ReservedHeader { insn: 0 }),
        (
            "oversized consts",
            err_blob(&patched(OK, 12, &5000u32.to_le_bytes())),
            E::Oversized { insn: 0, section: Section::Consts, size: 5000, max: 1024 },
        ),
        ("oversized by limits", oversized, E::Oversized { insn: 0, section: Section::Insns, size: 2, max: 1 }),
        ("trailing", err_blob(&long), E::TrailingBytes { insn: 0, extra: 1 }),
        ("empty", err(""), E::Empty { insn: 0 }),
        ("strtab", err(".strtab \"abc\"\nmovi r0, 0\nret r0"), E::StrtabUnterminated { insn: 0 }),
        ("var decl", err(".varraw 9, 0, 0, 0\nmovi r0, 0\nret r0"), E::BadVarDecl { insn: 0, var: 0 }),
        ("assoc arity 0", err(".varraw 3, 0, 0, 0\nmovi r0, 0\nret r0"), E::BadVarDecl { insn: 0, var: 0 }),
        ("work", small, E::WorkTooSmall { insn: 3, slots: 1 }),
        ("opcode", err("movi r0, 0\n.insn 0xee, 0, 0, 0, 0\nret r0"), E::UnknownOpcode { insn: 1, opcode: 0xee }),
        ("reserved src", err("movi r0, 0\n.insn 0x1e, 0, 3, 0, 0\nret r0"), E::ReservedBits { insn: 1 }),
        ("reserved off", err("movi r0, 0\n.insn 0x7f, 0, 0, 1, 0"), E::ReservedBits { insn: 1 }),
        ("empty tuple names a register", err(".aggs 1\nmovi r0, 0\n.insn 0x70, 0, 3, 0, 0\nret r0"), E::ReservedBits { insn: 1 }),
        ("register tuple", err("movi r14, 0\nmovi r15, 0\ncount @0, r14:3\nret r15"), E::BadRegister { insn: 2, reg: 14, count: 3 }),
        ("tuple too long", err("movi r0, 0\ncount @0, r0:9\nret r0"), E::BadRegister { insn: 1, reg: 0, count: 9 }),
        ("call args past r15", err("lds r15, \"a\"\ncall r0, strcmp, r15\nret r0"), E::BadRegister { insn: 1, reg: 15, count: 2 }),
        ("const", err("ldc r0, c0\nret r0"), E::BadConst { insn: 0, index: 0 }),
        ("string", err(".string \"a\"\nlds r0, s2\nret r0"), E::BadString { insn: 0, offset: 2 }),
        ("printf format", err("movi r0, 0\nprintf s0\nret r0"), E::BadString { insn: 1, offset: 0 }),
        ("var", err("ldg r0, v0\nret r0"), E::BadVar { insn: 0, var: 0 }),
        ("var kind", err(".var x tls int\nldg r0, x\nret r0"), E::VarKindMismatch { insn: 0, var: 0 }),
        ("agg", err(".aggs 1\nmovi r0, 0\ncount @1\nret r0"), E::BadAgg { insn: 1, agg: 1 }),
        ("subr", err("call r0, 99, r1\nret r0"), E::BadSubr { insn: 0, subr: 99 }),
        ("builtin", err("ldb r0, 99\nret r0"), E::BadBuiltin { insn: 0, builtin: 99 }),
        ("shift", err("movi r0, 0\nlshi r0, 64\nret r0"), E::BadImmediate { insn: 1, imm: 64 }),
        ("div by zero imm", err("movi r0, 0\nudivi r0, 0\nret r0"), E::BadImmediate { insn: 1, imm: 0 }),
        ("arg index", err("ldarg r0, 16\nret r0"), E::BadImmediate { insn: 0, imm: 16 }),
        ("stack depth", err("movi r0, 0\nstack 0\nret r0"), E::BadImmediate { insn: 1, imm: 0 }),
        ("loop bound", err("movi r0, 0\nloop r1, 0\nendloop r1\nret r0"), E::BadImmediate { insn: 1, imm: 0 }),
        ("jump out", err("movi r0, 0\nja +5\nret r0"), E::JumpOutOfRange { insn: 1, target: 7 }),
        ("jump to end", err("movi r0, 0\njeqi r0, 0, +1\nret r0"), E::JumpOutOfRange { insn: 1, target: 3 }),
        ("backward", err("movi r0, 0\nx:\njeqi r0, 1, x\nret r0"), E::BackwardJump { insn: 1, target: 1 }),
        ("self loop", err("movi r0, 0\nja -1\nret r0"), E::BackwardJump { insn: 1, target: 1 }),
        (
            "into loop",
            err("movi r0, 0\njeqi r0, 1, in\nloop r1, 2\nin:\naddi r0, 1\nendloop r1\nret r0"),
            E::JumpIntoLoop { insn: 3, head: 2 },
        ),
        ("loop end not endloop", err("movi r0, 0\nloop r1, 2, +1\nret r0"), E::BadLoop { insn: 1 }),
        ("loop end out of range", err("movi r0, 0\nloop r1, 2, +9\nret r0"), E::BadLoop { insn: 1 }),
        (
            "loop register mismatch",
            err("movi r0, 0\nloop r1, 2, +1\nendloop r2, 2, -1\nret r0"),
            E::BadLoop { insn: 1 },
        ),
        (
            "loops overlap",
            err("movi r0, 0\nloop r1, 2, +3\nloop r2, 2, +3\nnot r0\nendloop r1, 2, -3\nendloop r2, 2, -3\nret r0"),
            E::BadLoop { insn: 2 },
        ),
        ("stray endloop", err("movi r0, 0\nendloop r1, 2, -1\nret r0"), E::StrayEndLoop { insn: 1 }),
        (
            "too deep",
            err("movi r0, 0\nloop r1, 2\nloop r2, 2\nloop r3, 2\nloop r4, 2\nloop r5, 2\nnot r0\nendloop r5\nendloop r4\nendloop r3\nendloop r2\nendloop r1\nret r0"),
            E::LoopTooDeep { insn: 5 },
        ),
        ("counter write", err("movi r0, 0\nloop r1, 2\nmovi r1, 0\nendloop r1\nret r0"), E::LoopCounterWrite { insn: 2, reg: 1 }),
        ("nested counter", err("movi r0, 0\nloop r1, 2\nloop r1, 2\nnot r0\nendloop r1\nendloop r1\nret r0"), E::LoopCounterWrite { insn: 2, reg: 1 }),
        (
            "loop type change",
            err("movi r0, 0\nmovi r2, 0\nloop r1, 2\nlds r2, \"s\"\nendloop r1\nret r0"),
            E::LoopTypeChange { insn: 4, reg: 2 },
        ),
        ("falls off", err("movi r0, 0"), E::FallsOffEnd { insn: 0 }),
        ("branch falls off", err("movi r0, 0\njeqi r0, 0, x\nret r0\nx:\nnot r0"), E::FallsOffEnd { insn: 3 }),
        ("uninit", err("ret r0"), E::UninitRead { insn: 0, reg: 0 }),
        (
            "uninit on one path",
            err("movi r1, 0\njeqi r1, 0, x\nmovi r0, 1\nx:\nret r0"),
            E::UninitRead { insn: 3, reg: 0 },
        ),
        (
            "type on one path",
            err("movi r1, 0\nmovi r0, 0\njeqi r1, 0, x\nlds r0, \"s\"\nx:\nret r0"),
            E::UninitRead { insn: 4, reg: 0 },
        ),
        (
            "string as int",
            err("lds r0, \"s\"\nret r0"),
            E::TypeMismatch { insn: 1, reg: 0, expected: Ty::Int, found: Ty::Str },
        ),
        (
            "int as string argument",
            err("movi r1, 5\ncall r0, strlen, r1\nret r0"),
            E::TypeMismatch { insn: 1, reg: 1, expected: Ty::Str, found: Ty::Int },
        ),
        (
            "string var given an int",
            err(".var s global str\nmovi r1, 5\nstg s, r1\nret r1"),
            E::TypeMismatch { insn: 1, reg: 1, expected: Ty::Str, found: Ty::Int },
        ),
        ("too costly", costly, E::TooCostly { insn: 3, max: 1 << 16 }),
    ]
}

#[test]
fn every_variant_rejects_with_its_instruction() {
    let mut codes = std::collections::BTreeSet::new();
    for (name, got, want) in cases() {
        assert_eq!(got, want, "{name}");
        assert_eq!(got.insn(), want.insn(), "{name}");
        let words = got.to_string();
        assert!(words.len() > 10, "{name}: {words}");
        if got.insn() > 0 && !matches!(got, E::WorkTooSmall { .. }) {
            assert!(
                words.contains(&format!("instruction {}", got.insn())),
                "{name}: {words}"
            );
        }
        codes.insert(got.code());
    }
    let all: std::collections::BTreeSet<u32> = (1..=33).collect();
    assert_eq!(codes, all, "every VerifyError variant has a case");
}

#[test]
fn describe_in_words() {
    let e = E::TypeMismatch {
        insn: 4,
        reg: 2,
        expected: Ty::Str,
        found: Ty::Int,
    };
    assert_eq!(
        e.describe().to_string(),
        "instruction 4: r2 is int, expected str"
    );
    let _ = HEADER_SIZE;
}

#[test]
fn accepted_programs_report_their_bound() {
    let v = check(&asm(
        "movi r0, 0\njeqi r0, 1, x\nnot r0\nnot r0\nx:\nret r0",
    ))
    .unwrap();
    assert_eq!(v.cost(), 5);
    let v = check(&asm(
        "movi r0, 0\nloop r1, 10\naddi r0, 1\nendloop r1\nret r0",
    ))
    .unwrap();
    assert_eq!(v.cost(), 1 + 1 + 20 + 1);
    // An early exit out of a loop whose later part is costly.
    let v = check(&asm(
        "movi r0, 0\nloop r1, 10\njeqi r0, 3, out\nnot r0\nnot r0\nendloop r1\nret r0\nout:\nnot r0\nnot r0\nnot r0\nret r0",
    ))
    .unwrap();
    assert_eq!(v.cost(), 1 + 1 + 10 * 4 + 4);
}
