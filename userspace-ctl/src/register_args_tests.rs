use super::*;
use crate::compiler::btf::tests::Blob;

const INT: u32 = 1;
const LONG: u32 = 2;
const PTR: u32 = 3;
const DOUBLE: u32 = 4;
const PAIR: u32 = 5; // struct { long a, b; }: 16 bytes, two registers
const TRIPLE: u32 = 6; // struct { long a, b, c; }: 24 bytes, in memory
const MIXED: u32 = 7; // struct { long a; double d; }: 16 bytes, SSE half
const PAIR_T: u32 = 8; // typedef struct pair pair_t
const FIRST_FUNC: u32 = 9;

/// A kernel with the types above and these functions (name, return
/// type, parameter types; 0 for `...`).
fn kernel(funcs: &[(&str, u32, &[u32])]) -> KernelBtf {
    let mut b = Blob::default();
    b.int("int", 4, true);
    b.int("long", 8, true);
    b.ptr(0);
    b.float("double", 8);
    b.record("pair", false, 16, &[("a", LONG, 0, 0), ("b", LONG, 64, 0)]);
    let three = [("a", LONG, 0, 0), ("b", LONG, 64, 0), ("c", LONG, 128, 0)];
    b.record("triple", false, 24, &three);
    b.record(
        "mixed",
        false,
        16,
        &[("a", LONG, 0, 0), ("d", DOUBLE, 64, 0)],
    );
    b.typedef("pair_t", PAIR);
    let mut id = FIRST_FUNC;
    for &(name, ret, params) in funcs {
        let named: Vec<(&str, u32)> = params
            .iter()
            .map(|&t| (if t == 0 { "" } else { "x" }, t))
            .collect();
        b.func(name, ret, &named, id);
        id += 2;
    }
    KernelBtf::from_bytes(&b.bytes()).unwrap()
}

fn eligible_alone(ret: u32, params: &[u32]) -> bool {
    eligible(&kernel(&[("f", ret, params)]), "f")
}

#[test]
fn scalars_fill_one_register_each_up_to_six() {
    assert!(eligible_alone(INT, &[INT]));
    assert!(eligible_alone(0, &[PTR; 6]));
    assert!(!eligible_alone(INT, &[PTR; 7]));
    assert!(eligible_alone(0, &[]));
}

#[test]
fn small_integer_records_take_their_eightbytes() {
    assert!(eligible_alone(INT, &[PAIR, INT, INT, INT, INT]));
    assert!(!eligible_alone(INT, &[PAIR, INT, INT, INT, INT, INT]));
    assert!(eligible_alone(INT, &[PAIR_T, PTR, PTR, PTR, PTR]));
    assert!(!eligible_alone(INT, &[TRIPLE]));
    assert!(!eligible_alone(INT, &[MIXED]));
}

#[test]
fn floats_and_varargs_are_not_in_integer_registers() {
    assert!(!eligible_alone(INT, &[DOUBLE]));
    assert!(!eligible_alone(INT, &[PTR, 0]));
    assert!(!eligible_alone(DOUBLE, &[INT]));
}

#[test]
fn a_large_returned_record_takes_a_hidden_register() {
    assert!(!eligible_alone(TRIPLE, &[INT; 6]));
    assert!(eligible_alone(TRIPLE, &[INT; 5]));
    // 16 bytes come back in rax:rdx.
    assert!(eligible_alone(PAIR, &[INT; 6]));
}

#[test]
fn clones_missing_and_ambiguous_functions_are_not_eligible() {
    let k = kernel(&[
        ("g.isra.0", INT, &[INT]),
        ("dup", INT, &[INT]),
        ("dup", INT, &[PTR; 7]),
        ("twice", INT, &[INT]),
        ("twice", LONG, &[PTR]),
    ]);
    assert!(!eligible(&k, "g.isra.0"));
    assert!(!eligible(&k, "nosuch"));
    assert!(!eligible(&k, "dup"));
    assert!(eligible(&k, "twice"));
}

/// The VM kernel's BTF, when the test run has it (RDTRACE_BTF): common
/// functions come out as their prototypes say.
#[test]
fn classifies_the_kernels_functions() {
    let Some(path) = std::env::var_os("RDTRACE_BTF") else {
        return;
    };
    let k = KernelBtf::load(std::path::Path::new(&path)).unwrap();
    assert!(eligible(&k, "ksys_read"));
    assert!(eligible(&k, "vfs_read"));
    assert!(!eligible(&k, "printk"));
    assert!(!eligible(&k, "_printk"));
}
