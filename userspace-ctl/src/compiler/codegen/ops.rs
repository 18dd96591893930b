//! Which DIF instruction an operator becomes.

use super::super::ir::{ArithOp, CmpOp};

/// The mnemonic of `op` on two registers; `signed` picks the division,
/// remainder and right-shift flavour.
pub fn arith(op: ArithOp, signed: bool) -> &'static str {
    match (op, signed) {
        (ArithOp::Add, _) => "add",
        (ArithOp::Sub, _) => "sub",
        (ArithOp::Mul, _) => "mul",
        (ArithOp::Div, true) => "sdiv",
        (ArithOp::Div, false) => "udiv",
        (ArithOp::Rem, true) => "srem",
        (ArithOp::Rem, false) => "urem",
        (ArithOp::And, _) => "and",
        (ArithOp::Or, _) => "or",
        (ArithOp::Xor, _) => "xor",
        (ArithOp::Shl, _) => "lsh",
        (ArithOp::Shr, true) => "arsh",
        (ArithOp::Shr, false) => "rsh",
    }
}

/// Whether `op` has an immediate form taking `imm` (the verifier rejects
/// shifts of 64 or more and division by zero).
pub fn arith_imm_ok(op: ArithOp, imm: i32) -> bool {
    match op {
        ArithOp::Shl | ArithOp::Shr => (0..64).contains(&imm),
        ArithOp::Div | ArithOp::Rem => imm != 0,
        _ => true,
    }
}

/// The conditional jump taken when `a op b`.
pub fn jump(op: CmpOp, signed: bool) -> &'static str {
    match (op, signed) {
        (CmpOp::Eq, _) => "jeq",
        (CmpOp::Ne, _) => "jne",
        (CmpOp::Lt, true) => "jslt",
        (CmpOp::Lt, false) => "jlt",
        (CmpOp::Le, true) => "jsle",
        (CmpOp::Le, false) => "jle",
        (CmpOp::Gt, true) => "jsgt",
        (CmpOp::Gt, false) => "jgt",
        (CmpOp::Ge, true) => "jsge",
        (CmpOp::Ge, false) => "jge",
    }
}

/// `v` as a 32-bit immediate (sign-extended by the machine), if it fits.
pub fn imm(v: u64) -> Option<i32> {
    i32::try_from(v as i64).ok()
}
