//! Code generation: a checked clause to DIF assembly text, one program for
//! the predicate and one for the actions.
//!
//! The predicate program returns 1 to fire and 0 not to. The actions
//! program runs the actions in order (`trace`, `printf`, `exit`
//! instructions record through the environment) and returns 0.
//! Expressions are compiled two ways: for their value into a register
//! (`codegen/value.rs`), or as a jump taken when they are true or false
//! (`codegen/branch.rs`), which gives `&&`, `||`, `!` and comparisons
//! short-circuit code with no intermediate booleans. Every jump is
//! forward, as the verifier requires.

pub mod actions;
mod agg_actions;
mod branch;
mod ops;
pub mod spill;
mod strtok;
mod value;
mod vars;

use super::asm_text::{AsmText, Label};
use super::diagnostics::Diagnostic;
use super::ir;
use super::printf_format::Format;
use super::regs::{Reg, Regs};
use std::collections::{BTreeSet, HashMap};

/// A printf's format id (its string-table offset), the format, and the
/// command it is instead of output, if any.
pub type FormatEntry = (u32, Format, Option<ir::Command>);

/// The assembly of one clause.
pub struct Generated {
    /// The predicate program, if the clause has a predicate; its spill
    /// slots are still to declare (see [`spill::declare`]).
    pub predicate: Option<AsmText>,
    /// The actions program, its spill slots still to declare.
    pub actions: AsmText,
    /// The spill slots both programs use.
    pub spills: BTreeSet<spill::Slot>,
    /// Each printf's format with its id: its string-table offset in the
    /// actions program, which the `printf` instruction carries.
    pub formats: Vec<FormatEntry>,
    /// Each aggregation action with the id its `printf` record carries.
    pub agg_actions: Vec<(u32, ir::AggAction)>,
}

/// Generates clause number `index` (from 0).
pub fn generate(
    clause: &ir::Clause,
    index: usize,
    vars: &[ir::Variable],
    aggs: &[ir::Aggregation],
) -> Result<Generated, Diagnostic> {
    let probes: Vec<String> = clause.probes.iter().map(|p| p.to_string()).collect();
    let title = |what: &str| {
        vec![format!(
            "clause {} {what}: {}",
            index + 1,
            probes.join(", ")
        )]
    };
    let mut spills = BTreeSet::new();
    let predicate = match &clause.predicate {
        Some(p) => Some(predicate(p, title("predicate"), vars, &mut spills)?),
        None => None,
    };
    let mut g = Gen::new(title("actions"), vars);
    g.agg_ops = aggs.iter().map(|a| agg_op(a.func)).collect();
    let mut formats = Vec::new();
    g.actions(&clause.actions, &mut formats)?;
    g.ret(0);
    spills.append(&mut g.spills);
    Ok(Generated {
        predicate,
        formats,
        agg_actions: std::mem::take(&mut g.agg_actions),
        actions: g.asm,
        spills,
    })
}

/// The predicate program: jump to "false" unless the predicate holds.
fn predicate(
    p: &ir::Expr,
    title: Vec<String>,
    vars: &[ir::Variable],
    spills: &mut BTreeSet<spill::Slot>,
) -> Result<AsmText, Diagnostic> {
    let mut g = Gen::new(title, vars);
    let no = g.asm.label();
    g.branch(p, false, no)?;
    g.ret(1);
    g.asm.place(no);
    g.ret(0);
    spills.append(&mut g.spills);
    Ok(g.asm)
}

/// One program being generated.
struct Gen {
    asm: AsmText,
    regs: Regs,
    /// The asm name of each variable, by index.
    var_names: Vec<String>,
    /// The innermost loop's `continue` and `break` targets, last.
    loop_labels: Vec<(Label, Label)>,
    /// The opcode of each aggregation, by id.
    agg_ops: Vec<&'static str>,
    /// The aggregation actions generated so far, by record id.
    agg_actions: Vec<(u32, ir::AggAction)>,
    /// The lowest register a spill may free: above every enclosing
    /// loop's counter, which the verifier keeps read-only.
    floor: u8,
    /// How many spills enclose the code being generated.
    spill_level: u32,
    /// The spill slots used so far.
    spills: BTreeSet<spill::Slot>,
    /// Each expression's register need, by address ([`Gen::need`]).
    need_cache: HashMap<usize, usize>,
}

/// The DIF opcode that aggregates with `func`.
fn agg_op(func: ir::AggFunc) -> &'static str {
    use ir::AggFunc::*;
    match func {
        Count => "count",
        Sum => "sum",
        Min => "min",
        Max => "max",
        Avg => "avg",
        Stddev => "stddev",
        Quantize => "quantize",
        Lquantize => "lquantize",
        Llquantize => "llquantize",
    }
}

impl Gen {
    /// A program whose variable table is the script's, whole: the kernel
    /// gives each index one storage for every program of the session.
    fn new(title: Vec<String>, vars: &[ir::Variable]) -> Gen {
        let mut asm = AsmText::new(&title);
        for v in vars {
            asm.var(
                &v.name,
                v.kind,
                v.ty.dif(),
                v.keys.len() + usize::from(v.per_thread),
            );
        }
        Gen {
            asm,
            regs: Regs::new(),
            var_names: vars.iter().map(|v| v.name.clone()).collect(),
            loop_labels: Vec::new(),
            agg_ops: Vec::new(),
            agg_actions: Vec::new(),
            floor: 1,
            spill_level: 0,
            spills: BTreeSet::new(),
            need_cache: HashMap::new(),
        }
    }

    /// `movi r0, v; ret r0`.
    fn ret(&mut self, v: i32) {
        self.asm.insn(format!("movi {}, {v}", Reg::R0));
        self.asm.insn(format!("ret {}", Reg::R0));
    }
}
