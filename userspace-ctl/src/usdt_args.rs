//! A USDT probe's argument specs, as `<sys/sdt.h>` writes them into its
//! `.note.stapsdt` note for x86-64 (the assembler's operand text): `-4@%edi`
//! (a signed 4-byte register), `8@-8(%rbp)` (memory at a register plus a
//! displacement), `8@$5` (a constant), `4@counter(%rip)` or
//! `8@buf+16(%rip)` (memory at a symbol). The size's sign says whether the
//! value is signed; the kernel extends it to 64 bits from that size, as
//! DTrace and bpftrace do.

use rdtrace_uapi::trace::{
    UsdtArg, USDT_ARG_ABS, USDT_ARG_CONST, USDT_ARG_MEM, USDT_ARG_NONE, USDT_ARG_REG,
};

/// Where an argument's value is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loc {
    /// A constant.
    Const(i64),
    /// A register (its `pt_regs` word, see [`UsdtArg::reg`]).
    Reg(u8),
    /// Memory at a register plus a displacement.
    Mem(u8, i64),
    /// Memory at a symbol plus an addend (a `%rip`-relative operand).
    Symbol(String, i64),
    /// An operand rdtrace does not read (an indexed address, `%ah`): 0.
    Unknown,
}

/// One argument: its size in bytes, signedness and place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub size: u8,
    pub signed: bool,
    pub loc: Loc,
}

impl Arg {
    /// The kernel's form, with a [`Loc::Symbol`]'s address given by
    /// `resolve` (link-time symbol to address in the process; `None`
    /// reads as 0).
    pub fn to_uapi(&self, resolve: &dyn Fn(&str, i64) -> Option<u64>) -> UsdtArg {
        let (kind, reg, value) = match &self.loc {
            Loc::Const(v) => (USDT_ARG_CONST, 0, *v),
            Loc::Reg(r) => (USDT_ARG_REG, *r, 0),
            Loc::Mem(r, d) => (USDT_ARG_MEM, *r, *d),
            Loc::Symbol(s, a) => match resolve(s, *a) {
                Some(addr) => (USDT_ARG_ABS, 0, addr as i64),
                None => (USDT_ARG_NONE, 0, 0),
            },
            Loc::Unknown => (USDT_ARG_NONE, 0, 0),
        };
        UsdtArg {
            value,
            kind,
            size: self.size,
            signed: self.signed.into(),
            reg,
            _pad: 0,
        }
    }
}

/// The `struct pt_regs` word of an x86-64 register by any of its names
/// (`%rdi`, `%edi`, `%di`, `%dil`, `%r8d`...); `None` for the high-byte
/// registers and anything else.
pub fn register(name: &str) -> Option<u8> {
    const LEGACY: [(&str, [&str; 4], u8); 8] = [
        ("a", ["rax", "eax", "ax", "al"], 10),
        ("b", ["rbx", "ebx", "bx", "bl"], 5),
        ("c", ["rcx", "ecx", "cx", "cl"], 11),
        ("d", ["rdx", "edx", "dx", "dl"], 12),
        ("si", ["rsi", "esi", "si", "sil"], 13),
        ("di", ["rdi", "edi", "di", "dil"], 14),
        ("bp", ["rbp", "ebp", "bp", "bpl"], 4),
        ("sp", ["rsp", "esp", "sp", "spl"], 19),
    ];
    if let Some((_, _, word)) = LEGACY.iter().find(|(_, names, _)| names.contains(&name)) {
        return Some(*word);
    }
    if name == "rip" {
        return Some(16);
    }
    // r8..r15, with a d, w or b suffix for their low parts.
    let digits = name.strip_prefix('r')?.trim_end_matches(['d', 'w', 'b']);
    let n: u8 = digits.parse().ok()?;
    let words = [9, 8, 7, 6, 3, 2, 1, 0]; // r8 is word 9 ... r15 word 0
    (8..=15).contains(&n).then(|| words[(n - 8) as usize])
}

/// A number as the assembler writes it: decimal or `0x` hex, signed.
fn number(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let v = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u64::from_str_radix(hex, 16).ok()? as i64,
        None => digits.parse::<u64>().ok()? as i64,
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

/// A symbol with an optional `+N` or `-N` addend (`buf+16`).
fn symbol(text: &str) -> Option<(String, i64)> {
    let at = text.rfind(['+', '-']).filter(|&i| i > 0);
    let (name, addend) = match at {
        Some(i) => (&text[..i], number(&text[i..])?),
        None => (text, 0),
    };
    let ident = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$');
    (!name.is_empty() && name.chars().all(ident) && !name.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| (name.to_string(), addend))
}

/// The place an operand names.
fn operand(op: &str) -> Loc {
    if let Some(c) = op.strip_prefix('$') {
        return number(c).map_or(Loc::Unknown, Loc::Const);
    }
    if let Some(r) = op.strip_prefix('%') {
        return register(r).map_or(Loc::Unknown, Loc::Reg);
    }
    let Some((disp, rest)) = op.split_once('(') else {
        return Loc::Unknown;
    };
    let Some(base) = rest.strip_suffix(')').and_then(|b| b.strip_prefix('%')) else {
        return Loc::Unknown;
    };
    if base == "rip" {
        return symbol(disp).map_or(Loc::Unknown, |(s, a)| Loc::Symbol(s, a));
    }
    let (Some(reg), Some(d)) = (
        register(base),
        if disp.is_empty() {
            Some(0)
        } else {
            number(disp)
        },
    ) else {
        return Loc::Unknown;
    };
    Loc::Mem(reg, d)
}

/// One spec (`-4@%edi`); without a size (old `<sys/sdt.h>`), 8 bytes
/// unsigned.
pub fn parse_one(spec: &str) -> Arg {
    let (size, op) = match spec.split_once('@') {
        Some((size, op)) => (size.parse::<i8>().unwrap_or(8), op),
        None => (8, spec),
    };
    let bytes = size.unsigned_abs();
    if !matches!(bytes, 1 | 2 | 4 | 8) {
        return Arg {
            size: 8,
            signed: false,
            loc: Loc::Unknown,
        };
    }
    Arg {
        size: bytes,
        signed: size < 0,
        loc: operand(op),
    }
}

/// A note's argument text: specs separated by spaces.
pub fn parse(text: &str) -> Vec<Arg> {
    text.split_whitespace().map(parse_one).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(size: u8, signed: bool, loc: Loc) -> Arg {
        Arg { size, signed, loc }
    }

    #[test]
    fn registers_by_every_width_name() {
        for (names, word) in [
            (["%rdi", "%edi", "%di", "%dil"], 14),
            (["%rax", "%eax", "%ax", "%al"], 10),
            (["%r8", "%r8d", "%r8w", "%r8b"], 9),
            (["%r15", "%r15d", "%r15w", "%r15b"], 0),
            (["%rsp", "%esp", "%sp", "%spl"], 19),
        ] {
            for n in names {
                assert_eq!(register(&n[1..]), Some(word), "{n}");
            }
        }
        for bad in ["ah", "r16", "r7", "xmm0", "r"] {
            assert_eq!(register(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_forms_gcc_writes() {
        assert_eq!(parse_one("-4@%edi"), arg(4, true, Loc::Reg(14)));
        assert_eq!(parse_one("8@%rsi"), arg(8, false, Loc::Reg(13)));
        assert_eq!(parse_one("8@-8(%rbp)"), arg(8, false, Loc::Mem(4, -8)));
        assert_eq!(parse_one("2@(%rax)"), arg(2, false, Loc::Mem(10, 0)));
        assert_eq!(parse_one("-1@0x10(%rsp)"), arg(1, true, Loc::Mem(19, 16)));
        assert_eq!(parse_one("8@$5"), arg(8, false, Loc::Const(5)));
        assert_eq!(parse_one("-4@$-3"), arg(4, true, Loc::Const(-3)));
        assert_eq!(
            parse_one("4@counter(%rip)"),
            arg(4, false, Loc::Symbol("counter".into(), 0))
        );
        assert_eq!(
            parse_one("8@buf+16(%rip)"),
            arg(8, false, Loc::Symbol("buf".into(), 16))
        );
        assert_eq!(
            parse_one("-4@x.1-4(%rip)"),
            arg(4, true, Loc::Symbol("x.1".into(), -4))
        );
        assert_eq!(parse_one("%rdx"), arg(8, false, Loc::Reg(12)));
        assert_eq!(
            parse("-4@%edi 8@%rsi"),
            [arg(4, true, Loc::Reg(14)), arg(8, false, Loc::Reg(13))]
        );
    }

    #[test]
    fn what_is_not_read_is_unknown() {
        assert_eq!(parse_one("8@8(%rax,%rbx,8)").loc, Loc::Unknown);
        assert_eq!(parse_one("1@%ah").loc, Loc::Unknown);
        assert_eq!(parse_one("3@%eax").loc, Loc::Unknown);
        assert_eq!(parse_one("8@16(%rip)").loc, Loc::Unknown);
    }

    #[test]
    fn the_kernels_form() {
        let resolve = |s: &str, a: i64| (s == "buf").then_some(0x5000 + a as u64);
        let a = parse_one("8@buf+16(%rip)").to_uapi(&resolve);
        assert_eq!(
            (a.kind, a.value, a.size, a.signed),
            (USDT_ARG_ABS, 0x5010, 8, 0)
        );
        let a = parse_one("4@nosuch(%rip)").to_uapi(&resolve);
        assert_eq!(a.kind, USDT_ARG_NONE);
        let a = parse_one("-4@-12(%rbp)").to_uapi(&resolve);
        assert_eq!(
            (a.kind, a.reg, a.value, a.size, a.signed),
            (USDT_ARG_MEM, 4, -12, 4, 1)
        );
    }
}
