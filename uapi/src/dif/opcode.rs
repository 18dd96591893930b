//! The opcode table: every instruction's byte, mnemonic and operand form.
//!
//! This is the one place an opcode is defined; the verifier, interpreter,
//! assembler and disassembler all read it.

/// Which fields of an instruction an opcode uses and what they mean.
///
/// `d` and `s` are the dst and src register nibbles, `off` the signed 16-bit
/// offset and `imm` the 32-bit immediate. Every field a form does not list
/// must be zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `op rD, rS`: `rD = rD op rS` (`mov`: `rD = rS`).
    AluReg,
    /// `op rD, imm`: `rD = rD op sext(imm)` (`movi`: `rD = sext(imm)`).
    AluImm,
    /// `op rD`: `rD = op rD`.
    Unary,
    /// `ldc rD, cN`: `rD` = constant `imm`.
    Const,
    /// `lds rD, sN`: `rD` = the string at string-table offset `imm`.
    Str,
    /// `ldb rD, name`: `rD` = builtin variable `imm`.
    Builtin,
    /// `ldarg rD, N`: `rD` = probe argument `imm`.
    ArgImm,
    /// `ldargr rD, rS`: `rD` = probe argument number `rS`.
    ArgReg,
    /// `op rD, [rS+off]`: `rD` = a nofault load from address `rS + off`.
    Load,
    /// `ja target`: jump to `pc + 1 + off`.
    Jump,
    /// `op rD, rS, target`: jump to `pc + 1 + off` if `rD op rS`.
    JumpReg,
    /// `op rD, imm, target`: jump to `pc + 1 + off` if `rD op sext(imm)`.
    JumpImm,
    /// `loop rD, imm, +off`: `rD = 0`; the body is `pc + 1 ..= pc + off`,
    /// whose last instruction is the matching `endloop`; `imm` is the bound.
    Loop,
    /// `endloop rD, imm, -off`: `rD += 1`; if `rD < imm` jump back to
    /// `pc + 1 + off` (the first instruction of the body).
    EndLoop,
    /// `op rD, vN`: `rD` = scalar variable `imm`.
    VarLoad,
    /// `op vN, rS`: scalar variable `imm` = `rS`.
    VarStore,
    /// `lda rD, vN, rS`: `rD` = associative array `imm` keyed by the tuple
    /// `rS ..` (its arity is declared with the variable).
    AssocLoad,
    /// `sta vN, rD, rS`: associative array `imm` keyed by the tuple `rD ..`
    /// = `rS`.
    AssocStore,
    /// `call rD, name, rS`: `rD` = subroutine `imm` applied to `rS ..` (its
    /// arity is the subroutine's).
    Call,
    /// `op rS`: an action on one register (`trace`, `exit`).
    Action,
    /// `printf sN, rS:off`: record format string `imm` with `off` arguments
    /// from `rS`.
    Printf,
    /// `op N`: record a stack of at most `imm` frames.
    Stack,
    /// `op @N, rS:off`: aggregate into aggregation `imm` keyed by the `off`
    /// registers from `rS`; `count` takes no value.
    AggCount,
    /// `op @N, rD, rS:off`: aggregate the value `rD` into aggregation `imm`
    /// keyed by the `off` registers from `rS`.
    AggValue,
    /// `ret rS`: end the program with the value `rS`.
    Ret,
}

impl Form {
    /// Which of `dst`, `src`, `off` and `imm` the form uses; the others
    /// must be zero.
    pub const fn fields(self) -> (bool, bool, bool, bool) {
        use Form::*;
        match self {
            AluReg | ArgReg => (true, true, false, false),
            AluImm | Const | Str | Builtin | ArgImm | VarLoad => (true, false, false, true),
            Unary => (true, false, false, false),
            Load => (true, true, true, false),
            Jump => (false, false, true, false),
            JumpReg => (true, true, true, false),
            JumpImm | Loop | EndLoop => (true, false, true, true),
            VarStore => (false, true, false, true),
            AssocLoad | AssocStore | Call => (true, true, false, true),
            Action | Ret => (false, true, false, false),
            Printf | AggCount => (false, true, true, true),
            Stack => (false, false, false, true),
            AggValue => (true, true, true, true),
        }
    }

    /// Whether the form jumps to `pc + 1 + off`.
    pub const fn is_jump(self) -> bool {
        matches!(self, Form::Jump | Form::JumpReg | Form::JumpImm)
    }
}

/// Facts about one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpInfo {
    /// The opcode.
    pub op: Op,
    /// Its mnemonic in the assembler.
    pub name: &'static str,
    /// Its operand form.
    pub form: Form,
}

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $form:ident; )*) => {
        /// An opcode, the first byte of an instruction.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Op {
            $( $(#[$doc])* $variant = $code, )*
        }

        /// Every opcode, in byte order.
        pub const TABLE: &[OpInfo] = &[
            $( OpInfo { op: Op::$variant, name: $name, form: Form::$form }, )*
        ];

        /// Each byte's opcode: the interpreter decodes with one load.
        const BY_BYTE: [Option<Op>; 256] = {
            let mut t = [None; 256];
            $( t[$code] = Some(Op::$variant); )*
            t
        };

        /// Each opcode's form, indexed by its byte (unused bytes: `Jump`,
        /// never read, as no `Op` has them).
        const FORMS: [Form; 256] = {
            let mut t = [Form::Jump; 256];
            $( t[$code] = Form::$form; )*
            t
        };

        impl Op {
            /// The opcode with byte `b`, if any.
            pub const fn from_byte(b: u8) -> Option<Op> {
                BY_BYTE[b as usize]
            }

            /// The opcode's table entry.
            pub const fn info(self) -> OpInfo {
                match self {
                    $( Op::$variant => OpInfo { op: self, name: $name, form: Form::$form }, )*
                }
            }
        }
    };
}

opcodes! {
    /// `rD += rS`.
    Add = 0x01, "add", AluReg;
    /// `rD -= rS`.
    Sub = 0x02, "sub", AluReg;
    /// `rD *= rS`.
    Mul = 0x03, "mul", AluReg;
    /// Signed division; DIVZERO if `rS` is 0.
    Sdiv = 0x04, "sdiv", AluReg;
    /// Unsigned division; DIVZERO if `rS` is 0.
    Udiv = 0x05, "udiv", AluReg;
    /// Signed remainder; DIVZERO if `rS` is 0.
    Srem = 0x06, "srem", AluReg;
    /// Unsigned remainder; DIVZERO if `rS` is 0.
    Urem = 0x07, "urem", AluReg;
    /// Bitwise and.
    And = 0x08, "and", AluReg;
    /// Bitwise or.
    Or = 0x09, "or", AluReg;
    /// Bitwise exclusive or.
    Xor = 0x0a, "xor", AluReg;
    /// Left shift by `rS & 63`.
    Lsh = 0x0b, "lsh", AluReg;
    /// Logical right shift by `rS & 63`.
    Rsh = 0x0c, "rsh", AluReg;
    /// Arithmetic right shift by `rS & 63`.
    Arsh = 0x0d, "arsh", AluReg;
    /// `rD = rS`, of either type.
    Mov = 0x0e, "mov", AluReg;
    /// `rD += imm`.
    AddI = 0x11, "addi", AluImm;
    /// `rD -= imm`.
    SubI = 0x12, "subi", AluImm;
    /// `rD *= imm`.
    MulI = 0x13, "muli", AluImm;
    /// Signed division by a nonzero immediate.
    SdivI = 0x14, "sdivi", AluImm;
    /// Unsigned division by a nonzero immediate.
    UdivI = 0x15, "udivi", AluImm;
    /// Signed remainder by a nonzero immediate.
    SremI = 0x16, "sremi", AluImm;
    /// Unsigned remainder by a nonzero immediate.
    UremI = 0x17, "uremi", AluImm;
    /// Bitwise and with an immediate.
    AndI = 0x18, "andi", AluImm;
    /// Bitwise or with an immediate.
    OrI = 0x19, "ori", AluImm;
    /// Bitwise exclusive or with an immediate.
    XorI = 0x1a, "xori", AluImm;
    /// Left shift by an immediate below 64.
    LshI = 0x1b, "lshi", AluImm;
    /// Logical right shift by an immediate below 64.
    RshI = 0x1c, "rshi", AluImm;
    /// Arithmetic right shift by an immediate below 64.
    ArshI = 0x1d, "arshi", AluImm;
    /// `rD = sext(imm)`.
    MovI = 0x1e, "movi", AluImm;
    /// `rD = !rD`.
    Not = 0x20, "not", Unary;
    /// `rD = -rD` (wrapping).
    Neg = 0x21, "neg", Unary;
    /// Load a 64-bit constant from the constant table.
    Ldc = 0x22, "ldc", Const;
    /// Load a string from the string table.
    Lds = 0x23, "lds", Str;
    /// Load a builtin variable.
    Ldb = 0x24, "ldb", Builtin;
    /// Load probe argument `imm`.
    LdArg = 0x25, "ldarg", ArgImm;
    /// Load probe argument `rS`.
    LdArgR = 0x26, "ldargr", ArgReg;
    /// Nofault 1-byte load from kernel memory.
    Ldk1 = 0x28, "ldk1", Load;
    /// Nofault 2-byte load from kernel memory (2-aligned).
    Ldk2 = 0x29, "ldk2", Load;
    /// Nofault 4-byte load from kernel memory (4-aligned).
    Ldk4 = 0x2a, "ldk4", Load;
    /// Nofault 8-byte load from kernel memory (8-aligned).
    Ldk8 = 0x2b, "ldk8", Load;
    /// Nofault 1-byte load from user memory.
    Ldu1 = 0x2c, "ldu1", Load;
    /// Nofault 2-byte load from user memory (2-aligned).
    Ldu2 = 0x2d, "ldu2", Load;
    /// Nofault 4-byte load from user memory (4-aligned).
    Ldu4 = 0x2e, "ldu4", Load;
    /// Nofault 8-byte load from user memory (8-aligned).
    Ldu8 = 0x2f, "ldu8", Load;
    /// Unconditional forward jump.
    Ja = 0x30, "ja", Jump;
    /// Jump if equal.
    Jeq = 0x31, "jeq", JumpReg;
    /// Jump if not equal.
    Jne = 0x32, "jne", JumpReg;
    /// Jump if greater (unsigned).
    Jgt = 0x33, "jgt", JumpReg;
    /// Jump if greater or equal (unsigned).
    Jge = 0x34, "jge", JumpReg;
    /// Jump if less (unsigned).
    Jlt = 0x35, "jlt", JumpReg;
    /// Jump if less or equal (unsigned).
    Jle = 0x36, "jle", JumpReg;
    /// Jump if greater (signed).
    Jsgt = 0x37, "jsgt", JumpReg;
    /// Jump if greater or equal (signed).
    Jsge = 0x38, "jsge", JumpReg;
    /// Jump if less (signed).
    Jslt = 0x39, "jslt", JumpReg;
    /// Jump if less or equal (signed).
    Jsle = 0x3a, "jsle", JumpReg;
    /// Jump if `rD & rS` is nonzero.
    Jset = 0x3b, "jset", JumpReg;
    /// Jump if equal to an immediate.
    JeqI = 0x41, "jeqi", JumpImm;
    /// Jump if not equal to an immediate.
    JneI = 0x42, "jnei", JumpImm;
    /// Jump if greater than an immediate (unsigned).
    JgtI = 0x43, "jgti", JumpImm;
    /// Jump if greater or equal to an immediate (unsigned).
    JgeI = 0x44, "jgei", JumpImm;
    /// Jump if less than an immediate (unsigned).
    JltI = 0x45, "jlti", JumpImm;
    /// Jump if less or equal to an immediate (unsigned).
    JleI = 0x46, "jlei", JumpImm;
    /// Jump if greater than an immediate (signed).
    JsgtI = 0x47, "jsgti", JumpImm;
    /// Jump if greater or equal to an immediate (signed).
    JsgeI = 0x48, "jsgei", JumpImm;
    /// Jump if less than an immediate (signed).
    JsltI = 0x49, "jslti", JumpImm;
    /// Jump if less or equal to an immediate (signed).
    JsleI = 0x4a, "jslei", JumpImm;
    /// Jump if `rD & imm` is nonzero.
    JsetI = 0x4b, "jseti", JumpImm;
    /// Start of a bounded loop.
    Loop = 0x50, "loop", Loop;
    /// End of a bounded loop.
    EndLoop = 0x51, "endloop", EndLoop;
    /// Load a global variable.
    Ldg = 0x58, "ldg", VarLoad;
    /// Store a global variable.
    Stg = 0x59, "stg", VarStore;
    /// Load a thread-local variable.
    Ldt = 0x5a, "ldt", VarLoad;
    /// Store a thread-local variable.
    Stt = 0x5b, "stt", VarStore;
    /// Load a clause-local variable.
    Ldl = 0x5c, "ldl", VarLoad;
    /// Store a clause-local variable.
    Stl = 0x5d, "stl", VarStore;
    /// Load an associative array element.
    Lda = 0x5e, "lda", AssocLoad;
    /// Store an associative array element.
    Sta = 0x5f, "sta", AssocStore;
    /// Call a subroutine.
    Call = 0x60, "call", Call;
    /// The rest of the clause's record goes to speculation `rS` (0 or out
    /// of range: the clause is abandoned, silently).
    Speculate = 0x65, "speculate", Action;
    /// Copy speculation `rS`'s records into the principal buffer and free it.
    Commit = 0x66, "commit", Action;
    /// Throw speculation `rS`'s records away and free it.
    Discard = 0x67, "discard", Action;
    /// Record a value.
    Trace = 0x68, "trace", Action;
    /// Record a printf's arguments.
    Printf = 0x69, "printf", Printf;
    /// Record the kernel stack.
    Stack = 0x6a, "stack", Stack;
    /// Record the user stack.
    Ustack = 0x6b, "ustack", Stack;
    /// Record an exit request with status `rS`.
    Exit = 0x6c, "exit", Action;
    /// `count()`.
    Count = 0x70, "count", AggCount;
    /// `sum(rD)`.
    Sum = 0x71, "sum", AggValue;
    /// `min(rD)`.
    Min = 0x72, "min", AggValue;
    /// `max(rD)`.
    Max = 0x73, "max", AggValue;
    /// `avg(rD)`.
    Avg = 0x74, "avg", AggValue;
    /// `stddev(rD)`.
    Stddev = 0x75, "stddev", AggValue;
    /// `quantize(rD)`: power-of-two buckets.
    Quantize = 0x76, "quantize", AggValue;
    /// `lquantize(rD, ...)`: linear buckets, parameters in the enabling.
    Lquantize = 0x77, "lquantize", AggValue;
    /// `llquantize(rD, ...)`: log-linear buckets, parameters in the enabling.
    Llquantize = 0x78, "llquantize", AggValue;
    /// End the program.
    Ret = 0x7f, "ret", Ret;
}

impl Op {
    /// The opcode's byte.
    pub const fn byte(self) -> u8 {
        self as u8
    }

    /// The opcode's mnemonic.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// The opcode's operand form.
    pub const fn form(self) -> Form {
        FORMS[self as usize]
    }

    /// The opcode with mnemonic `name`, if any.
    pub fn from_name(name: &str) -> Option<Op> {
        TABLE.iter().find(|i| i.name == name).map(|i| i.op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decode_tables_agree_with_the_opcode_list() {
        for b in 0..=u8::MAX {
            let listed = TABLE.iter().find(|i| i.op as u8 == b);
            assert_eq!(Op::from_byte(b), listed.map(|i| i.op), "byte {b:#04x}");
            if let Some(i) = listed {
                assert_eq!(i.op.form(), i.form, "{}", i.name);
                assert_eq!(i.op.info(), *i);
            }
        }
    }
}
