//! A [`Compare`] predicate in the form the hit path tests before it
//! claims the CPU: each test a mask and one unsigned range check, so no
//! test is a tree of compares on its condition (the IBT kernel builds
//! Rust without jump tables), and constant sources folded away.
//!
//! Every condition is `lo <= (v & mask) <= lo + span` (mod 2^64), or not:
//! `==` is the range `[b, b]`, `>` the range `[b + 1, MAX]`, and a signed
//! compare the unsigned one of both sides with the sign bit flipped, which
//! moves the range by 2^63 (`x ^ 2^63 == x + 2^63`); `&` (jset) is
//! `v & b` outside `[0, 0]`. A gate answers as [`Compare::verdict`] does
//! on the same reads: `tests/dif_class.rs` checks that on generated chains.

use super::builtin::Builtin;
use super::class::{Compare, Source, MAX_TESTS};
use super::lowered::Cond;

/// The probe arguments a gate reads directly; higher sources are builtins.
const ARGS: u8 = 6;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct GateTest {
    /// An argument (below [`ARGS`]) or `ARGS +` a builtin's number.
    src: u8,
    /// Whether the test holds outside the range rather than in it.
    outside: bool,
    /// The verdict when it holds.
    taken: bool,
    mask: u64,
    lo: u64,
    span: u64,
}

impl GateTest {
    /// The test `src cond imm`, or `None` for a source no gate reads.
    fn new(src: Source, cond: Cond, imm: u64, taken: bool) -> Option<GateTest> {
        let src = match src {
            Source::Arg(n) if n < ARGS => n,
            Source::Builtin(n) => ARGS
                .checked_add(n)
                .filter(|_| Builtin::from_u32(u32::from(n)).is_some())?,
            _ => return None,
        };
        let (mask, lo, span, outside) = range(cond, imm);
        Some(GateTest {
            src,
            outside,
            taken,
            mask,
            lo,
            span,
        })
    }

    #[inline(always)]
    fn holds(&self, v: u64) -> bool {
        ((v & self.mask).wrapping_sub(self.lo) <= self.span) != self.outside
    }
}

/// `cond` against `b` as (mask, lo, span, outside).
fn range(cond: Cond, b: u64) -> (u64, u64, u64, bool) {
    const SIGN: u64 = 1 << 63;
    // Holds for no value: outside the whole range.
    const NEVER: (u64, u64, u64, bool) = (u64::MAX, 0, u64::MAX, true);
    let unsigned = |cond: Cond, b: u64| match cond {
        Cond::Eq => (u64::MAX, b, 0, false),
        Cond::Ne => (u64::MAX, b, 0, true),
        Cond::Ge => (u64::MAX, b, !b, false),
        Cond::Gt if b == u64::MAX => NEVER,
        // b < MAX here, so neither wraps.
        Cond::Gt => (u64::MAX, b.wrapping_add(1), (!b).wrapping_sub(1), false),
        Cond::Le => (u64::MAX, 0, b, false),
        Cond::Lt if b == 0 => NEVER,
        Cond::Lt => (u64::MAX, 0, b.wrapping_sub(1), false),
        _ => NEVER,
    };
    let flipped = |cond: Cond| {
        let (mask, lo, span, outside) = unsigned(cond, b ^ SIGN);
        (mask, lo ^ SIGN, span, outside)
    };
    match cond {
        Cond::Set => (b, 0, 0, true),
        Cond::Sgt => flipped(Cond::Gt),
        Cond::Sge => flipped(Cond::Ge),
        Cond::Slt => flipped(Cond::Lt),
        Cond::Sle => flipped(Cond::Le),
        c => unsigned(c, b),
    }
}

/// See the module documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    tests: [GateTest; MAX_TESTS],
    n: u8,
    /// The verdict when no test held.
    last: bool,
}

impl Gate {
    /// The gate of `chain`, or `None` if it reads a string builtin or an
    /// argument past the sixth (the full path decides those).
    pub fn of(chain: &Compare) -> Option<Gate> {
        let mut gate = Gate {
            last: chain.last_verdict(),
            ..Gate::default()
        };
        for (src, cond, imm, taken) in chain.tests() {
            if let Source::Const(v) = src {
                // Decided now: a constant that passes ends the chain.
                if cond.holds(v, imm) {
                    gate.last = taken;
                    break;
                }
                continue;
            }
            let slot = gate.tests.get_mut(usize::from(gate.n))?;
            *slot = GateTest::new(src, cond, imm, taken)?;
            gate.n = gate.n.wrapping_add(1);
        }
        Some(gate)
    }

    /// Whether the predicate holds on a hit with `args`, reading builtins
    /// through `builtin`; `None` when that cannot give one.
    #[inline(always)]
    pub fn admits(
        &self,
        args: &[u64; 6],
        mut builtin: impl FnMut(Builtin) -> Option<u64>,
    ) -> Option<bool> {
        for t in self.tests.iter().take(usize::from(self.n)) {
            let v = match args.get(usize::from(t.src)) {
                Some(&v) => v,
                None => builtin(Builtin::from_u32(u32::from(t.src.wrapping_sub(ARGS)))?)?,
            };
            if t.holds(v) {
                return Some(t.taken);
            }
        }
        Some(self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_condition_is_its_range() {
        let conds = [
            Cond::Eq,
            Cond::Ne,
            Cond::Gt,
            Cond::Ge,
            Cond::Lt,
            Cond::Le,
            Cond::Sgt,
            Cond::Sge,
            Cond::Slt,
            Cond::Sle,
            Cond::Set,
        ];
        let edges = [
            0,
            1,
            2,
            5,
            0x7fff_ffff_ffff_fffe,
            1 << 63,
            (1 << 63) + 1,
            u64::MAX - 1,
            u64::MAX,
        ];
        for cond in conds {
            for b in edges {
                let t = GateTest::new(Source::Arg(0), cond, b, true).unwrap();
                for v in edges {
                    assert_eq!(t.holds(v), cond.holds(v, b), "{cond:?} {v:#x} {b:#x}");
                }
            }
        }
    }
}
