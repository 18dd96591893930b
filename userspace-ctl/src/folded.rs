//! Stack aggregations as folded stacks (`--format folded`: one line per
//! key, `frame;frame;... value`, outermost first, as Brendan Gregg's
//! `stackcollapse` scripts write them) and as a flame graph SVG
//! (`--flamegraph FILE`, drawn by the `inferno` crate from those lines).
//! Keys other than the stack become the outermost frames, so
//! `@[execname, stack()]` gives one tower per program.

use crate::agg_print::{Key, Merged, State};
use crate::compiler::ir::Aggregation;
use crate::compiler::types::{SymbolKind, Type};
use crate::error::{Error, Result};
use crate::ksyms::Ksyms;
use crate::stacks;
use std::path::{Path, PathBuf};

/// What to make of stack aggregations besides (or instead of) DTrace's
/// printout.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackOutput {
    /// `--format folded`: print folded stacks instead of the printout.
    pub folded: bool,
    /// `--flamegraph FILE`: draw the flame graph into FILE.
    pub flamegraph: Option<PathBuf>,
}

impl StackOutput {
    /// Draws the flame graph if asked, and returns the folded text to
    /// print instead of DTrace's printout if asked.
    pub fn finish(&self, merged: &Merged, descs: &[Aggregation]) -> Result<Option<String>> {
        if !self.folded && self.flamegraph.is_none() {
            return Ok(None);
        }
        let lines = lines(merged, descs, Ksyms::global());
        if let Some(path) = &self.flamegraph {
            write_svg(&lines, path)?;
        }
        Ok(self.folded.then(|| text(&lines)))
    }
}

/// The folded lines of every aggregation with a stack key and a single
/// value (count, sum, min, max), in key order.
pub fn lines(merged: &Merged, descs: &[Aggregation], ksyms: &Ksyms) -> Vec<String> {
    let mut out = Vec::new();
    for (id, entries) in merged.aggregations() {
        let Some(desc) = descs.get(id as usize) else {
            continue;
        };
        if !desc
            .keys
            .iter()
            .any(|t| matches!(t, Type::Stack | Type::Ustack))
        {
            continue;
        }
        for (key, state) in entries {
            let State::Scalar(value) = state else {
                continue;
            };
            let frames: Vec<String> = key
                .iter()
                .zip(&desc.keys)
                .map(|(k, ty)| frame_text(k, *ty, ksyms))
                .filter(|f| !f.is_empty())
                .collect();
            if !frames.is_empty() {
                out.push(format!("{} {}", frames.join(";"), *value as i64));
            }
        }
    }
    out
}

fn frame_text(k: &Key, ty: Type, ksyms: &Ksyms) -> String {
    // Folded stacks use `;` between frames and a space before the value.
    let clean = |s: String| s.replace([';', ' '], "_");
    match (k, ty) {
        (Key::Str(s), Type::Stack) => stacks::folded(ksyms, &stacks::pcs_of(s)),
        (Key::Str(s), Type::Ustack) => stacks::user_folded(&stacks::pcs_of(s)),
        (Key::Str(s), Type::Usym(kind)) => clean(crate::user_syms::recorded(s, kind)),
        (Key::Str(s), _) => clean(String::from_utf8_lossy(s).into_owned()),
        (Key::Int(v), Type::Symbol(SymbolKind::Module)) => ksyms.module(*v),
        (Key::Int(v), Type::Symbol(_)) => ksyms.function(*v),
        (Key::Int(v), _) => (*v as i64).to_string(),
    }
}

/// The folded lines as `--format folded` prints them.
pub fn text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Writes the flame graph of `lines` to `path` as SVG.
pub fn write_svg(lines: &[String], path: &Path) -> Result<()> {
    let mut svg = Vec::new();
    let mut opts = inferno::flamegraph::Options::default();
    opts.title = "rdtrace stacks".to_string();
    opts.count_name = "samples".to_string();
    inferno::flamegraph::from_lines(&mut opts, lines.iter().map(String::as_str), &mut svg)
        .map_err(|e| Error::Io {
            what: format!("drawing the flame graph {}", path.display()),
            source: std::io::Error::other(e.to_string()),
        })?;
    std::fs::write(path, svg).map_err(|source| Error::Io {
        what: format!("writing {}", path.display()),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::ir::AggFunc;
    use crate::compiler::Span;

    fn desc(keys: Vec<Type>) -> Aggregation {
        Aggregation {
            name: String::new(),
            func: AggFunc::Count,
            lquantize: (0, 0, 0),
            llquantize: None,
            keys,
            span: Span::new(0, 0),
        }
    }

    fn words(pcs: &[u64]) -> Vec<u8> {
        pcs.iter().flat_map(|p| p.to_le_bytes()).collect()
    }

    fn ksyms() -> Ksyms {
        Ksyms::parse("ffffffff81200000 T ksys_read\nffffffff81300000 T vfs_read\n")
    }

    fn merged() -> Merged {
        let mut m = Merged::default();
        let stack = Key::Str(words(&[0xffff_ffff_8130_0009, 0xffff_ffff_8120_0072]));
        m.add(
            0,
            AggFunc::Count,
            vec![Key::Str(b"cat x".to_vec()), stack],
            State::Scalar(5),
        );
        m.add(1, AggFunc::Count, vec![Key::Int(1)], State::Scalar(3));
        m
    }

    #[test]
    fn stack_keys_fold_outermost_first_with_other_keys_as_roots() {
        let descs = [desc(vec![Type::Str, Type::Stack]), desc(vec![Type::INT])];
        assert_eq!(
            lines(&merged(), &descs, &ksyms()),
            vec!["cat_x;vmlinux`ksys_read+0x72;vmlinux`vfs_read+0x9 5"]
        );
    }

    #[test]
    fn the_flame_graph_holds_the_frames() {
        let descs = [desc(vec![Type::Str, Type::Stack]), desc(vec![Type::INT])];
        let lines = lines(&merged(), &descs, &ksyms());
        let path = std::env::temp_dir().join(format!("rdtrace-fg-{}.svg", std::process::id()));
        write_svg(&lines, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(svg.starts_with("<?xml"), "{svg}");
        for frame in ["vmlinux`ksys_read+0x72", "vmlinux`vfs_read+0x9", "cat_x"] {
            assert!(svg.contains(frame), "{frame} missing");
        }
    }
}
