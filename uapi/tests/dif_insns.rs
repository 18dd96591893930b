//! One test per instruction (or family): assembled, verified, run against
//! the mock environment.

mod common;

use common::mock::{Owned, Record, KBASE, MOCK_SPECULATION, MOCK_STACK, UBASE};
use common::{exec, ret};
use rdtrace_uapi::dif::env::AggFunc;
use rdtrace_uapi::dif::fault::FaultCode;

/// `r0 = a; r1 = b; <op> r0, r1; ret r0`.
fn alu(op: &str, a: i64, b: i64) -> u64 {
    ret(&format!("ldc r0, ={a}\nldc r1, ={b}\n{op} r0, r1\nret r0"))
}

/// `r0 = a; <op>i r0, imm; ret r0`.
fn alui(op: &str, a: i64, imm: i32) -> u64 {
    ret(&format!("ldc r0, ={a}\n{op}i r0, {imm}\nret r0"))
}

fn fault(text: &str) -> (FaultCode, u32, u64) {
    match exec(text).0 {
        Ok(e) => panic!("expected a fault, got {e:?}"),
        Err(f) => (f.code, f.insn, f.addr),
    }
}

#[test]
fn alu_register_forms() {
    assert_eq!(alu("add", 2, 3), 5);
    assert_eq!(alu("add", -1, 1), 0);
    assert_eq!(alu("sub", 2, 3), u64::MAX);
    assert_eq!(alu("mul", 6, 7), 42);
    assert_eq!(alu("mul", i64::MAX, 2), (i64::MAX as u64).wrapping_mul(2));
    assert_eq!(alu("sdiv", -7, 2), (-3i64) as u64);
    assert_eq!(alu("sdiv", i64::MIN, -1), i64::MIN as u64);
    assert_eq!(alu("udiv", -1, 2), u64::MAX / 2);
    assert_eq!(alu("srem", -7, 2), (-1i64) as u64);
    assert_eq!(alu("srem", i64::MIN, -1), 0);
    assert_eq!(alu("urem", 7, 4), 3);
    assert_eq!(alu("and", 0b1100, 0b1010), 0b1000);
    assert_eq!(alu("or", 0b1100, 0b1010), 0b1110);
    assert_eq!(alu("xor", 0b1100, 0b1010), 0b0110);
    assert_eq!(alu("lsh", 1, 63), 1 << 63);
    assert_eq!(alu("lsh", 1, 64), 1, "shift counts are taken mod 64");
    assert_eq!(alu("rsh", -1, 60), 0xf);
    assert_eq!(alu("arsh", -16, 2), (-4i64) as u64);
    assert_eq!(ret("movi r1, 9\nmov r0, r1\nret r0"), 9);
}

#[test]
fn alu_immediate_forms() {
    assert_eq!(alui("add", 2, -3), u64::MAX);
    assert_eq!(alui("sub", 2, 3), u64::MAX);
    assert_eq!(alui("mul", 3, -2), (-6i64) as u64);
    assert_eq!(alui("sdiv", -9, 3), (-3i64) as u64);
    assert_eq!(alui("udiv", 9, 3), 3);
    assert_eq!(alui("srem", -9, 4), (-1i64) as u64);
    assert_eq!(alui("urem", 9, 4), 1);
    assert_eq!(alui("and", 0xff, 0x0f), 0x0f);
    assert_eq!(alui("or", 0xf0, 0x0f), 0xff);
    assert_eq!(alui("xor", 0xff, 0x0f), 0xf0);
    assert_eq!(alui("lsh", 1, 4), 16);
    assert_eq!(alui("rsh", 16, 4), 1);
    assert_eq!(alui("arsh", -16, 4), u64::MAX);
    assert_eq!(ret("movi r0, -5\nret r0"), (-5i64) as u64);
}

#[test]
fn unary() {
    assert_eq!(ret("movi r0, 0\nnot r0\nret r0"), u64::MAX);
    assert_eq!(ret("movi r0, 5\nneg r0\nret r0"), (-5i64) as u64);
    assert_eq!(ret("ldc r0, =0x8000000000000000\nneg r0\nret r0"), 1 << 63);
}

#[test]
fn division_by_zero_faults() {
    for op in ["sdiv", "udiv", "srem", "urem"] {
        let (code, insn, _) = fault(&format!("movi r0, 1\nmovi r1, 0\n{op} r0, r1\nret r0"));
        assert_eq!((code, insn), (FaultCode::DivZero, 2), "{op}");
    }
}

#[test]
fn constants_and_strings() {
    assert_eq!(
        ret("ldc r0, =0x123456789abcdef0\nret r0"),
        0x1234_5678_9abc_def0
    );
    assert_eq!(ret(".const 77\n.const 88\nldc r0, c1\nret r0"), 88);
    assert_eq!(ret("lds r1, \"hello\"\ncall r0, strlen, r1\nret r0"), 5);
    assert_eq!(
        ret(".string \"ab\"\n.string \"xyz\"\nlds r1, s3\ncall r0, strlen, r1\nret r0"),
        3
    );
}

#[test]
fn builtins_and_args() {
    assert_eq!(ret("ldb r0, pid\nret r0"), 1000);
    assert_eq!(ret("ldb r0, tid\nret r0"), 1001);
    assert_eq!(ret("ldb r0, timestamp\nret r0"), 123_456_789);
    assert_eq!(ret("ldarg r0, 2\nret r0"), 30);
    assert_eq!(ret("movi r1, 5\nldargr r0, r1\nret r0"), 60);
    let (code, insn, _) = fault("movi r1, 6\nldargr r0, r1\nret r0");
    assert_eq!((code, insn), (FaultCode::BadIndex, 1));
    let (r, env) = exec("ldb r1, execname\ntrace r1\nmovi r0, 0\nret r0");
    assert!(r.is_ok());
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"bash".to_vec()))]
    );
}

#[test]
fn kernel_loads() {
    let base = format!("ldc r1, ={KBASE:#x}\n");
    assert_eq!(ret(&format!("{base}ldk1 r0, [r1+5]\nret r0")), 5);
    assert_eq!(ret(&format!("{base}ldk2 r0, [r1+2]\nret r0")), 0x0302);
    assert_eq!(ret(&format!("{base}ldk4 r0, [r1+4]\nret r0")), 0x0706_0504);
    assert_eq!(
        ret(&format!("{base}ldk8 r0, [r1+8]\nret r0")),
        0x0f0e_0d0c_0b0a_0908
    );
    assert_eq!(
        ret(&format!("{base}addi r1, 16\nldk1 r0, [r1-1]\nret r0")),
        15
    );
    let (code, insn, addr) = fault(&format!("{base}ldk4 r0, [r1+2]\nret r0"));
    assert_eq!((code, insn, addr), (FaultCode::BadAlign, 1, KBASE + 2));
    let (code, insn, addr) = fault("movi r1, 64\nldk8 r0, [r1+0]\nret r0");
    assert_eq!((code, insn, addr), (FaultCode::BadAddr, 1, 64));
}

#[test]
fn user_loads() {
    let base = format!("ldc r1, ={UBASE:#x}\n");
    assert_eq!(
        ret(&format!("{base}ldu1 r0, [r1+1]\nret r0")),
        u64::from(b'e')
    );
    assert_eq!(
        ret(&format!("{base}ldu2 r0, [r1]\nret r0")),
        u64::from(u16::from_ne_bytes(*b"he"))
    );
    assert_eq!(
        ret(&format!("{base}ldu4 r0, [r1]\nret r0")),
        u64::from(u32::from_ne_bytes(*b"hell"))
    );
    assert_eq!(
        ret(&format!("{base}ldu8 r0, [r1]\nret r0")),
        u64::from_ne_bytes(*b"hello, u")
    );
    let (code, _, addr) = fault(&format!("{base}ldu8 r0, [r1+256]\nret r0"));
    assert_eq!((code, addr), (FaultCode::BadAddr, UBASE + 256));
}

#[test]
fn jumps_reg_and_imm() {
    let cases: [(&str, i64, i64, bool); 11] = [
        ("jeq", 3, 3, true),
        ("jne", 3, 3, false),
        ("jgt", -1, 1, true),
        ("jge", 1, 1, true),
        ("jlt", -1, 1, false),
        ("jle", 2, 1, false),
        ("jsgt", -1, 1, false),
        ("jsge", -1, -1, true),
        ("jslt", -1, 1, true),
        ("jsle", 2, 1, false),
        ("jset", 6, 4, true),
    ];
    for (op, a, b, want) in cases {
        let body = |j: String| {
            format!("ldc r1, ={a}\nldc r2, ={b}\n{j}\nmovi r0, 0\nret r0\nyes:\nmovi r0, 1\nret r0")
        };
        let reg = ret(&body(format!("{op} r1, r2, yes")));
        let imm = ret(&body(format!("{op}i r1, {b}, yes")));
        assert_eq!(
            (reg, imm),
            (u64::from(want), u64::from(want)),
            "{op} {a} {b}"
        );
    }
    assert_eq!(
        ret("ja end\nmovi r0, 1\nret r0\nend:\nmovi r0, 2\nret r0"),
        2
    );
}

#[test]
fn bounded_loops() {
    // sum of 0..10 using the counter.
    let text = "movi r0, 0\nloop r5, 10\nadd r0, r5\nendloop r5\nret r0";
    let (r, _) = exec(text);
    let e = r.unwrap();
    assert_eq!(e.value, 45);
    assert_eq!(e.executed, 1 + 1 + 10 * 2 + 1);
    // Nested: 3 * 4 iterations.
    assert_eq!(
        ret("movi r0, 0\nloop r5, 3\nloop r6, 4\naddi r0, 1\nendloop r6\nendloop r5\nret r0"),
        12
    );
    // Early exit.
    assert_eq!(
        ret("movi r0, 0\nloop r5, 100\naddi r0, 1\njeqi r5, 6, out\nendloop r5\nout:\nret r0"),
        7
    );
}

#[test]
fn variables() {
    let (r, env) = exec(
        ".var g global int\n.var t tls int\n.var l local int\n.var a assoc int 2\n.var s global str\n\
         movi r1, 7\nstg g, r1\nldg r2, g\nstt t, r2\nldt r3, t\naddi r3, 1\nstl l, r3\nldl r4, l\n\
         movi r5, 1\nlds r6, \"k\"\nsta a, r5, r4\nlda r0, a, r5\n\
         lds r7, \"str\"\nstg s, r7\nldg r8, s\ntrace r8\nret r0",
    );
    assert_eq!(r.unwrap().value, 8);
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"str".to_vec()))]
    );
    assert_eq!(
        env.vars
            .get(&(3, vec![Owned::Int(1), Owned::Str(b"k".to_vec())])),
        Some(&Owned::Int(8))
    );
    assert_eq!(
        ret(".var g global int\nldg r0, g\nret r0"),
        0,
        "unset reads as 0"
    );
}

#[test]
fn string_subroutines() {
    let pre = "lds r1, \"hello\"\nlds r2, \"help\"\n";
    assert_eq!(ret(&format!("{pre}call r0, strcmp, r1\nret r0")), u64::MAX);
    assert_eq!(
        ret(&format!("{pre}mov r3, r1\ncall r0, strcmp, r1\nret r0")),
        u64::MAX
    );
    assert_eq!(
        ret(&format!("{pre}mov r2, r1\ncall r0, strcmp, r1\nret r0")),
        0
    );
    let (r, env) = exec(&format!(
        "{pre}call r3, strjoin, r1\ntrace r3\ncall r0, strlen, r3\nret r0"
    ));
    assert_eq!(r.unwrap().value, 9);
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"hellohelp".to_vec()))]
    );
    let (_, env) =
        exec("lds r1, \"hello\"\nmovi r2, -3\nmovi r3, 2\ncall r4, substr, r1\ntrace r4\nret r2");
    assert_eq!(env.records, vec![Record::Trace(Owned::Str(b"ll".to_vec()))]);
    // A negative length leaves that many bytes off the end, as DTrace's.
    let (_, env) = exec("lds r1, \"hello\"\nmovi r2, 1\nmovi r3, -1\ncall r4, substr, r1\ncall r5, strcpy, r4\ntrace r5\nret r2");
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"ell".to_vec()))]
    );
    assert_eq!(
        ret("lds r1, \"hello\"\nmovi r2, 108\ncall r0, strchr, r1\nret r0"),
        2
    );
    assert_eq!(
        ret("lds r1, \"hello\"\nmovi r2, 122\ncall r0, strchr, r1\nret r0"),
        u64::MAX
    );
}

#[test]
fn copyinstr_and_stringof() {
    let (_, env) = exec(&format!(
        "ldc r1, ={UBASE:#x}\ncall r2, copyinstr, r1\ntrace r2\nret r1"
    ));
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"hello, user".to_vec()))]
    );
    let (_, env) = exec(&format!(
        "ldc r1, ={:#x}\ncall r2, stringof, r1\ntrace r2\nret r1",
        KBASE + 128
    ));
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"kstring".to_vec()))]
    );
    // An unterminated user string stops at strsize (256) or at the end of
    // memory: here the end of the mock region comes first.
    let (code, _, _) = fault(&format!(
        "ldc r1, ={:#x}\ncall r2, copyinstr, r1\nret r1",
        UBASE + 12
    ));
    assert_eq!(code, FaultCode::BadAddr);
    // copyinstr(addr, maxlen): at most maxlen - 1 bytes.
    let (_, env) = exec(&format!(
        "ldc r1, ={UBASE:#x}\nmovi r2, 6\ncall r3, copyinstrn, r1\ntrace r3\nret r1"
    ));
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"hello".to_vec()))]
    );
    let (code, insn, addr) = fault("movi r1, 0\ncall r2, stringof, r1\nret r1");
    assert_eq!((code, insn, addr), (FaultCode::BadAddr, 1, 0));
}

#[test]
fn scratch_exhaustion() {
    let (blob, v) = common::load("ldb r1, execname\nldb r2, execname\nmovi r0, 0\nret r0");
    let mut env = common::mock::MockEnv::new();
    // strsize is 256: the first 4-byte name fits, the second's 256 do not.
    let mut scratch = [0u8; 258];
    let f = rdtrace_uapi::dif::interp::run(&blob, &v, &mut env, &mut scratch).unwrap_err();
    assert_eq!((f.code, f.insn), (FaultCode::NoScratch, 1));
}

#[test]
fn byte_order_subroutines() {
    assert_eq!(ret("ldc r1, =0x1234\ncall r0, ntohs, r1\nret r0"), 0x3412);
    assert_eq!(
        ret("ldc r1, =0x12345678\ncall r0, ntohl, r1\nret r0"),
        0x7856_3412
    );
    assert_eq!(
        ret("ldc r1, =0x0102030405060708\ncall r0, ntohll, r1\nret r0"),
        0x0807_0605_0403_0201
    );
    assert_ne!(ret("call r0, rand\nret r0"), 0);
}

#[test]
fn record_actions() {
    let (r, env) = exec("movi r1, 5\nlds r2, \"x\"\ntrace r1\nprintf \"%d %s\", r1:2\nstack 8\nustack 4\nexit r1\nret r1");
    assert_eq!(r.unwrap().value, 5);
    assert_eq!(
        env.records,
        vec![
            Record::Trace(Owned::Int(5)),
            Record::Printf(
                2,
                b"%d %s".to_vec(),
                vec![Owned::Int(5), Owned::Str(b"x".to_vec())]
            ),
            Record::Stack(8, false),
            Record::Stack(4, true),
            Record::Exit(5),
        ]
    );
}

#[test]
fn speculation_actions() {
    let (r, env) = exec("call r1, speculation\nspeculate r1\ncommit r1\ndiscard r1\nret r1");
    assert_eq!(r.unwrap().value, MOCK_SPECULATION);
    assert_eq!(
        env.records,
        vec![
            Record::Speculate(MOCK_SPECULATION),
            Record::Commit(MOCK_SPECULATION, false),
            Record::Commit(MOCK_SPECULATION, true),
        ]
    );
    // The environment's refusal ends the program where it is.
    let (r, env) = exec("movi r1, 0\nspeculate r1\ntrace r1\nret r1");
    assert_eq!(r.unwrap_err().code, FaultCode::IllegalOp);
    assert!(env.records.is_empty());
}

#[test]
fn aggregating_actions() {
    let funcs = [
        ("sum", AggFunc::Sum),
        ("min", AggFunc::Min),
        ("max", AggFunc::Max),
        ("avg", AggFunc::Avg),
        ("stddev", AggFunc::Stddev),
        ("quantize", AggFunc::Quantize),
        ("lquantize", AggFunc::Lquantize),
        ("llquantize", AggFunc::Llquantize),
    ];
    for (name, func) in funcs {
        let (_, env) = exec(&format!(
            "movi r1, 9\nlds r2, \"k\"\n{name} @1, r1, r1:2\n{name} @0, r1\nret r1"
        ));
        let key = vec![Owned::Int(9), Owned::Str(b"k".to_vec())];
        assert_eq!(
            env.aggs,
            vec![(1, func, 9, key), (0, func, 9, vec![])],
            "{name}"
        );
    }
    let (_, env) = exec(".aggs 3\nmovi r1, 2\ncount @2, r1:1\nret r1");
    assert_eq!(env.aggs, vec![(2, AggFunc::Count, 1, vec![Owned::Int(2)])]);
}

#[test]
fn ret_value_and_budget() {
    let (r, _) = exec("movi r3, 77\nret r3");
    let e = r.unwrap();
    assert_eq!((e.value, e.executed), (77, 2));
    // An unverified program (a backward jump) is stopped by the budget.
    let blob = common::asm("movi r0, 0\nja -1\nret r0");
    assert!(common::check(&blob).is_err());
    let (_, v) = common::load("movi r0, 0\nmovi r0, 0\nmovi r0, 0\nret r0");
    let mut env = common::mock::MockEnv::new();
    let f = rdtrace_uapi::dif::interp::run(&blob, &v, &mut env, &mut [0u8; 64]).unwrap_err();
    assert_eq!((f.code, f.executed), (FaultCode::Budget, 4));
}

#[test]
fn kstack_is_the_stack_as_a_string_of_words() {
    let (r, env) = exec("movi r1, 2\ncall r2, kstack, r1\ntrace r2\ncall r0, strlen, r2\nret r0");
    assert_eq!(r.unwrap().value, 16, "two frames of eight bytes");
    let want: Vec<u8> = MOCK_STACK[..2]
        .iter()
        .flat_map(|p| p.to_le_bytes())
        .collect();
    assert_eq!(env.records, vec![Record::Trace(Owned::Str(want))]);
    // Asking for more than there are gives what there is.
    let (r, _) = exec("movi r1, 100\ncall r2, kstack, r1\ncall r0, strlen, r2\nret r0");
    assert_eq!(r.unwrap().value, 24);
}

#[test]
fn mutex_subroutines_read_the_owner_word() {
    // Mock kernel memory holds byte i at KBASE + i: the word at +8 is
    // 0x0f0e0d0c0b0a0908, whose low three bits are the mutex's flags.
    let owner = |subr: &str| {
        ret(&format!(
            "ldc r1, =0xffff888000000008\ncall r0, {subr}, r1\nret r0"
        ))
    };
    assert_eq!(owner("mutex_owner"), 0x0f0e_0d0c_0b0a_0908);
    // The mock's curthread is another task: not owned.
    assert_eq!(owner("mutex_owned"), 0);
    assert_eq!(owner("mutex_type_adaptive"), 1);
    assert_eq!(owner("mutex_type_spin"), 0);
    // An unreadable mutex faults as any load does.
    let (r, _) = exec("movi r1, 8\ncall r0, mutex_owner, r1\nret r0");
    assert_eq!(r.unwrap_err().code, FaultCode::BadAddr);
}

#[test]
fn strtok_gives_the_token_or_the_rest() {
    let trace = |flags: u32| {
        let (_, env) = exec(&format!(
            "lds r1, \",,ab,c\"\nlds r2, \",\"\nmovi r3, {flags}\ncall r4, strtok, r1\ntrace r4\nret r3"
        ));
        env.records
    };
    assert_eq!(trace(1), vec![Record::Trace(Owned::Str(b"ab".to_vec()))]);
    assert_eq!(trace(3), vec![Record::Trace(Owned::Str(b",c".to_vec()))]);
    // strtok(NULL, ...) with no string to continue: address 0.
    let (code, insn, addr) =
        fault("lds r1, \"x\"\nlds r2, \",\"\nmovi r3, 0\ncall r4, strtok, r1\nret r3");
    assert_eq!((code, insn, addr), (FaultCode::BadAddr, 3, 0));
}

#[test]
fn inet_ntop_reads_the_address() {
    let text = |af: u32, off: u64| {
        let (_, env) = exec(&format!(
            "movi r1, {af}\nldc r2, ={:#x}\nmovi r3, 1\ncall r4, inet_ntop, r1\ntrace r4\nret r3",
            KBASE + off
        ));
        env.records
    };
    assert_eq!(
        text(2, 4),
        vec![Record::Trace(Owned::Str(b"4.5.6.7".to_vec()))]
    );
    assert_eq!(
        text(10, 0),
        vec![Record::Trace(Owned::Str(
            b"1:203:405:607:809:a0b:c0d:e0f".to_vec()
        ))]
    );
    // Another family is an illegal operation; a bad address faults there.
    let (code, _, _) = fault(&format!(
        "movi r1, 26\nldc r2, ={KBASE:#x}\nmovi r3, 1\ncall r4, inet_ntop, r1\nret r3"
    ));
    assert_eq!(code, FaultCode::IllegalOp);
    let (code, insn, addr) =
        fault("movi r1, 2\nmovi r2, 0\nmovi r3, 1\ncall r4, inet_ntop, r1\nret r3");
    assert_eq!((code, insn, addr), (FaultCode::BadAddr, 3, 0));
}

#[test]
fn link_ntop_gives_hex_bytes() {
    let (_, env) = exec(&format!(
        "movi r1, 1\nldc r2, ={KBASE:#x}\ncall r3, link_ntop, r1\ntrace r3\nret r1"
    ));
    assert_eq!(
        env.records,
        vec![Record::Trace(Owned::Str(b"00:01:02:03:04:05".to_vec()))]
    );
    let (code, _, _) = fault(&format!(
        "movi r1, 2\nldc r2, ={KBASE:#x}\ncall r3, link_ntop, r1\nret r1"
    ));
    assert_eq!(code, FaultCode::IllegalOp);
}

#[test]
fn raise_signals_the_current_thread() {
    // 0 is no signal (nothing sent); past 64 is an illegal operation.
    let (r, env) = exec("movi r1, 10\ncall r0, raise, r1\nmovi r1, 0\ncall r0, raise, r1\nret r0");
    assert_eq!(r.map(|e| e.value), Ok(0));
    assert_eq!(env.raised, [10]);
    let (code, insn, _) = fault("movi r1, 65\ncall r0, raise, r1\nret r0");
    assert_eq!((code, insn), (FaultCode::IllegalOp, 1));
}
