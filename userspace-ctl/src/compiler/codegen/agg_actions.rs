//! Aggregation actions compiled to a `printf` record: the consumer finds
//! the action by the record's format id (the string-table offset of a
//! tagged description) and carries it out when it reads the record, as
//! DTrace's consumer does printa and its library actions.

use super::super::asm_text::quote;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, AggAction};
use super::Gen;

/// Starts an aggregation action's string-table entry: no printf format
/// starts with a control character.
pub const AGG_ACTION_TAG: &str = "\u{1}agg:";

impl Gen {
    /// Records aggregation action `act` with its value, if any.
    pub(super) fn agg_action(
        &mut self,
        act: &AggAction,
        value: Option<&ir::Expr>,
    ) -> Result<(), Diagnostic> {
        let key = format!("{AGG_ACTION_TAG}{act:?}");
        let id = self.asm.string(&key);
        let text = quote(&key);
        match value {
            Some(e) => {
                let r = self.value(e)?;
                self.asm.insn(format!("printf {text}, {r}:1"));
            }
            None => self.asm.insn(format!("printf {text}")),
        }
        if !self.agg_actions.iter().any(|(i, _)| *i == id) {
            self.agg_actions.push((id, act.clone()));
        }
        Ok(())
    }
}
