//! Actions compiled to DIF's recording instructions.

use super::super::asm_text::quote;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, Action, ActionKind, Command};
use super::super::printf_format::{Format, Piece};
use super::super::regs::Regs;
use super::super::trace_width;
use super::{FormatEntry, Gen};
use rdtrace_uapi::dif::limits::MAX_TUPLE;

impl Gen {
    /// One `printf` instruction (a `system()` command when `system`):
    /// returns its format id and format.
    fn printf(
        &mut self,
        fmt: &Format,
        args: &[ir::Expr],
        command: Option<Command>,
    ) -> Result<FormatEntry, Diagnostic> {
        let key = command_key(command, fmt);
        let id = self.asm.string(&key);
        let mark = self.regs.mark();
        // Each value stays in its register: they are consecutive.
        let regs = args
            .iter()
            .map(|e| self.value(e))
            .collect::<Result<Vec<_>, _>>()?;
        let text = quote(&key);
        match regs.first() {
            Some(first) => self
                .asm
                .insn(format!("printf {text}, {first}:{}", regs.len())),
            None => self.asm.insn(format!("printf {text}")),
        }
        self.regs.release(mark);
        Ok((id, fmt.clone(), command))
    }
}

/// A format's string-table entry: a command's is tagged (see
/// [`Command::tag`]).
pub fn command_key(command: Option<Command>, fmt: &Format) -> String {
    match command {
        Some(c) => format!("{}{}", c.tag(), fmt.text),
        None => fmt.text.clone(),
    }
}

impl Gen {
    /// Generates actions in order, adding each printf's format.
    pub(super) fn actions(
        &mut self,
        actions: &[Action],
        formats: &mut Vec<FormatEntry>,
    ) -> Result<(), Diagnostic> {
        for a in actions {
            let outer = self.asm.at(a.span);
            let f = self.action(a, formats);
            self.asm.at(outer);
            if let Some(f) = f? {
                formats.push(f);
            }
        }
        Ok(())
    }

    /// Generates one action; a printf returns its format id and format.
    fn action(
        &mut self,
        a: &Action,
        formats: &mut Vec<FormatEntry>,
    ) -> Result<Option<FormatEntry>, Diagnostic> {
        let mark = self.regs.mark();
        let mut format = None;
        match &a.kind {
            ActionKind::Trace(e) => {
                let r = self.value(e)?;
                match trace_width::format_for(e.ty) {
                    Some(text) => {
                        let id = self.asm.string(&text);
                        self.asm.insn(format!("printf {}, {r}:1", quote(&text)));
                        let pieces = Vec::new();
                        format = Some((id, Format { text, pieces }, None));
                    }
                    None => self.asm.insn(format!("trace {r}")),
                }
            }
            ActionKind::Exit(e) => {
                let r = self.value(e)?;
                self.asm.insn(format!("exit {r}"));
            }
            ActionKind::Spec(op, e) => {
                let r = self.value(e)?;
                self.asm.insn(format!("{} {r}", op.name()));
            }
            ActionKind::Eval(e) => {
                self.value(e)?;
            }
            ActionKind::If(cond, then, otherwise) => {
                let (else_, end) = (self.asm.label(), self.asm.label());
                self.branch(cond, false, else_)?;
                self.actions(then, formats)?;
                self.asm.insn(format!("ja {end}"));
                self.asm.place(else_);
                self.actions(otherwise, formats)?;
                self.asm.place(end);
            }
            ActionKind::Loop {
                cond,
                step,
                body,
                bound,
            } => {
                // The counter is held for the whole loop: the verifier
                // keeps it read-only and bounds the body by `bound`.
                let counter = self.regs.alloc(a.span)?;
                let floor = std::mem::replace(&mut self.floor, counter.index() + 1);
                let (next, out) = (self.asm.label(), self.asm.label());
                // The verifier wants each register's type the same at the
                // end of an iteration as at its start: every register the
                // body may use starts and ends an iteration an integer.
                for r in Regs::above(counter) {
                    self.asm.insn(format!("movi {r}, 0"));
                }
                let outer = self.regs.watch();
                self.asm.insn(format!("loop {counter}, {bound}"));
                if let Some(c) = cond {
                    self.branch(c, false, out)?;
                }
                self.loop_labels.push((next, out));
                self.actions(body, formats)?;
                self.loop_labels.pop();
                self.asm.place(next);
                if let Some(st) = step {
                    let mark = self.regs.mark();
                    self.value(st)?;
                    self.regs.release(mark);
                }
                for r in self.regs.unwatch(outer, counter).collect::<Vec<_>>() {
                    self.asm.insn(format!("movi {r}, 0"));
                }
                self.floor = floor;
                self.asm.insn(format!("endloop {counter}"));
                self.asm.place(out);
            }
            ActionKind::Aggregate { agg, keys, value } => {
                // The value first, then the keys in consecutive registers.
                let v = value.as_ref().map(|e| self.value(e)).transpose()?;
                let regs = keys
                    .iter()
                    .map(|e| self.value(e))
                    .collect::<Result<Vec<_>, _>>()?;
                let op = self.agg_ops.get(*agg as usize).copied().unwrap_or("count");
                let tuple = regs
                    .first()
                    .map_or(String::new(), |r| format!(", {r}:{}", regs.len()));
                match v {
                    Some(v) => self.asm.insn(format!("{op} @{agg}, {v}{tuple}")),
                    None => self.asm.insn(format!("{op} @{agg}{tuple}")),
                }
            }
            ActionKind::Stack(depth) => self.asm.insn(format!("stack {depth}")),
            ActionKind::Ustack(depth) => self.asm.insn(format!("ustack {depth}")),
            ActionKind::Tracemem {
                bytes,
                dynamic,
                shown,
            } => {
                let text = shown.format();
                let id = self.asm.string(&text);
                // The bytes, then the count, in consecutive registers.
                let r = self.value(bytes)?;
                let n = match dynamic {
                    Some(d) => {
                        self.value(d)?;
                        2
                    }
                    None => 1,
                };
                self.asm.insn(format!("printf {}, {r}:{n}", quote(&text)));
                let pieces = Vec::new();
                format = Some((id, Format { text, pieces }, None));
            }
            ActionKind::Print { addr, bytes, ty } => {
                let text = super::super::print_type::format_text();
                let id = self.asm.string(&text);
                // The address, then the bytes, in consecutive registers.
                let r = self.value(addr)?;
                self.value(bytes)?;
                self.asm.insn(format!("printf {}, {r}:2", quote(&text)));
                let pieces = vec![Piece::Typed(ty.clone())];
                format = Some((id, Format { text, pieces }, None));
            }
            ActionKind::AggAction(act, value) => self.agg_action(act, value.as_ref())?,
            ActionKind::Break | ActionKind::Continue => {
                let Some(&(next, out)) = self.loop_labels.last() else {
                    return Err(Diagnostic::internal(a.span, "break outside a loop"));
                };
                let target = if a.kind == ActionKind::Break {
                    out
                } else {
                    next
                };
                self.asm.insn(format!("ja {target}"));
            }
            ActionKind::Command(command, fmt, args) => {
                format = Some(self.printf(fmt, args, Some(*command))?);
            }
            ActionKind::Printf(fmt, args) => {
                // DIF tuples hold at most MAX_TUPLE values: a longer
                // printf records as several pieces, printed in turn.
                let mut rest = args.as_slice();
                for piece in fmt.chunks(MAX_TUPLE) {
                    let n = piece.arg_types().len().min(rest.len());
                    let (now, later) = rest.split_at(n);
                    formats.push(self.printf(&piece, now, None)?);
                    rest = later;
                }
            }
        }
        self.regs.release(mark);
        Ok(format)
    }
}
