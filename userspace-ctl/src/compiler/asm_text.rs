//! Building DIF assembly text (the syntax of `rdtrace_uapi::dif::asm`):
//! instructions, labels, and a string table whose offsets the compiler
//! decides, so a printf's format id is known before assembling.

use super::span::Span;
use rdtrace_uapi::dif::program::VarKind;
use rdtrace_uapi::dif::Ty;
use std::collections::HashMap;
use std::fmt;
use std::fmt::Write;

/// A jump target, printed `L<n>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(u32);

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.0)
    }
}

/// One program's text being built.
#[derive(Default)]
pub struct AsmText {
    title: Vec<String>,
    strings: Vec<String>,
    offsets: HashMap<String, u32>,
    strtab_len: u32,
    body: String,
    labels: u32,
    vars: Vec<String>,
    /// The source each instruction came from, by instruction index.
    spans: Vec<Span>,
    /// The source the next instructions come from.
    current: Span,
}

/// A generated program: its text and each instruction's source.
pub struct Text {
    /// The assembly.
    pub asm: String,
    /// The source span of instruction `i`.
    pub spans: Vec<Span>,
}

impl AsmText {
    /// A program whose text starts with these comment lines.
    pub fn new(title: &[String]) -> AsmText {
        AsmText {
            title: title.to_vec(),
            ..AsmText::default()
        }
    }

    /// The string-table offset of `s`, added if new. The table holds
    /// every string in first-use order, each followed by a NUL, and is
    /// written as `.string` directives ahead of the code, so the
    /// assembler finds these same entries for the literal operands.
    pub fn string(&mut self, s: &str) -> u32 {
        if let Some(&off) = self.offsets.get(s) {
            return off;
        }
        let off = self.strtab_len;
        self.offsets.insert(s.to_string(), off);
        self.strings.push(s.to_string());
        // Its bytes in DIF: an escaped raw byte is one.
        self.strtab_len += super::escapes::raw_bytes(s).len() as u32 + 1;
        off
    }

    /// Declares the next variable (`.var`), `v0` first.
    pub fn var(&mut self, name: &str, kind: VarKind, ty: Ty, arity: usize) {
        let mut line = format!(".var {name} {} {}", kind.name(), ty.name());
        if arity > 0 {
            let _ = write!(line, " {arity}");
        }
        let _ = write!(line, " ; v{}", self.vars.len());
        self.vars.push(line);
    }

    /// A fresh label.
    pub fn label(&mut self) -> Label {
        self.labels += 1;
        Label(self.labels - 1)
    }

    /// Places `label` before the next instruction.
    pub fn place(&mut self, label: Label) {
        let _ = writeln!(self.body, "{label}:");
    }

    /// Appends one instruction.
    pub fn insn(&mut self, text: impl fmt::Display) {
        let _ = writeln!(self.body, "    {text}");
        self.spans.push(self.current);
    }

    /// The next instructions come from `span`; returns the source they
    /// came from before, to restore.
    pub fn at(&mut self, span: Span) -> Span {
        std::mem::replace(&mut self.current, span)
    }

    /// The finished text.
    pub fn finish(self) -> Text {
        let spans = self.spans.clone();
        Text {
            asm: self.text(),
            spans,
        }
    }

    fn text(self) -> String {
        let mut out = String::new();
        for t in &self.title {
            let _ = writeln!(out, "; {t}");
        }
        for v in &self.vars {
            let _ = writeln!(out, "{v}");
        }
        for (s, off) in self.strings.iter().map(|s| (s, self.offsets[s])) {
            let _ = writeln!(out, ".string {:<24} ; s{off}", quote(s));
        }
        out.push_str(&self.body);
        out
    }
}

/// `s` as an assembler string literal: the assembler's own quoting.
pub fn quote(s: &str) -> String {
    rdtrace_uapi::dif::asm::quote(&super::escapes::raw_bytes(s))
}
