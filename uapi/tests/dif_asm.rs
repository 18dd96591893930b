//! Assembler and disassembler: round trips and error messages.

mod common;

use common::asm;
use rdtrace_uapi::dif::asm::assemble;
use rdtrace_uapi::dif::disasm::disassemble;

const SAMPLE: &str = r#"
.var count global int
.var seen assoc int 1
.var name tls str
.aggs 2
    ldb r1, execname
    lds r2, "bash"
    call r3, strcmp, r1
    jnei r3, 0, out
    ldarg r4, 0
    ldk8 r5, [r4+16]
    ldu4 r6, [r4-4]
    loop r7, 8
    addi r5, 1
    endloop r7
    stg count, r5
    sta seen, r4, r5
    lda r8, seen, r4
    stt name, r1
    quantize @0, r5, r1:1
    count @1
    printf "%s %d\n", r1:1
    stack 16
    call r9, rand
out:
    ldc r0, =0x123456789
    ret r0
"#;

#[test]
fn round_trip_text_bytes_text() {
    let blob = asm(SAMPLE);
    common::check(&blob).expect("sample verifies");
    let text = disassemble(&blob).unwrap();
    let again = asm(&text);
    assert_eq!(again, blob, "{text}");
    assert_eq!(disassemble(&again).unwrap(), text);
    assert!(text.contains("L19:"), "{text}");
    assert!(text.contains("call r3, strcmp, r1"), "{text}");
    assert!(text.contains("; \"bash\""), "{text}");
}

#[test]
fn round_trip_malformed_instructions() {
    let text = "movi r0, 0\n.insn 0xee, 1, 2, -3, 99\n.insn 0x1e, 0, 3, 0, 0\nloop r1, 2, +9\nja +100\nret r0";
    let blob = asm(text);
    let dis = disassemble(&blob).unwrap();
    assert_eq!(asm(&dis), blob, "{dis}");
    assert!(dis.contains("not a valid instruction"));
}

#[test]
fn errors_name_the_line() {
    let e = assemble("movi r0, 0\nfrob r1\nret r0").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("unknown mnemonic frob"), "{e}");
    let e = assemble("ja nowhere").unwrap_err();
    assert!(e.msg.contains("unknown label"), "{e}");
    let e = assemble("movi r16, 0").unwrap_err();
    assert!(e.msg.contains("register"), "{e}");
    let e = assemble("endloop r1").unwrap_err();
    assert!(e.msg.contains("loop"), "{e}");
}

#[test]
fn strings_are_deduplicated() {
    let a = asm("lds r1, \"x\"\nlds r2, \"x\"\nmovi r0, 0\nret r0");
    let b = asm(".string \"x\"\nlds r1, s0\nlds r2, s0\nmovi r0, 0\nret r0");
    assert_eq!(a, b);
}
