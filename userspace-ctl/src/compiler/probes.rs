//! Probe descriptions: `provider:module:function:name` split into fields,
//! dtrace's way. Fields are taken from the right, so a description with
//! fewer than four fields names the last ones (`vfs_read:entry` is
//! function and name) and the missing leading fields are empty, which
//! matches anything. `BEGIN`, `END` and `ERROR` alone are the `dtrace`
//! provider's probes. Globs (`*`, `?`, `[...]`) stay in the fields for
//! probe matching to expand; `$target` and `$N` are substituted.

use super::ast::ProbeSpec;
use super::diagnostics::Diagnostic;
use super::Options;
use std::fmt;

/// A probe description; an empty field matches any value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProbeDesc {
    /// Provider (`fbt`, `dtrace`), possibly a glob.
    pub provider: String,
    /// Module (`vmlinux`, a module name), possibly a glob.
    pub module: String,
    /// Function, possibly a glob.
    pub function: String,
    /// Probe name (`entry`, `return`, `BEGIN`), possibly a glob.
    pub name: String,
}

impl fmt::Display for ProbeDesc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.provider, self.module, self.function, self.name
        )
    }
}

/// The probes the `dtrace` provider offers under a one-field description.
const DTRACE_PROBES: &[&str] = &["BEGIN", "END", "ERROR"];

/// Splits one description, reporting malformed ones.
pub fn resolve(spec: &ProbeSpec, opts: &Options, diags: &mut Vec<Diagnostic>) -> Option<ProbeDesc> {
    let text = expand_macros(&spec.text, opts);
    let fields: Vec<&str> = text.split(':').collect();
    if fields.len() > 4 {
        diags.push(Diagnostic::probe_too_many_fields(spec.span, &spec.text));
        return None;
    }
    if fields.iter().any(|f| !brackets_balanced(f)) {
        diags.push(Diagnostic::probe_bad_glob(spec.span, &spec.text));
        return None;
    }
    if fields.iter().all(|f| f.is_empty()) {
        diags.push(Diagnostic::probe_empty(spec.span));
        return None;
    }
    if let Some(desc) = tracepoint_spelling(&fields) {
        return Some(desc);
    }
    let mut padded = vec![""; 4 - fields.len()];
    padded.extend(fields);
    let mut desc = ProbeDesc {
        provider: padded[0].to_string(),
        module: padded[1].to_string(),
        function: padded[2].to_string(),
        name: padded[3].to_string(),
    };
    if padded[..3].iter().all(|f| f.is_empty()) && DTRACE_PROBES.contains(&padded[3]) {
        desc.provider = "dtrace".into();
    }
    Some(desc)
}

/// The other spellings of a tracepoint probe, `tracepoint:SUBSYS::NAME`,
/// from the fields as written: bpftrace's `tracepoint:SUBSYS:NAME`,
/// `tracepoint:SUBSYS:NAME:`, and the providers `rawtp` (DTrace 2.0's name
/// for a tracepoint's raw arguments) and `sdt`.
pub fn tracepoint_spelling(fields: &[&str]) -> Option<ProbeDesc> {
    let (&provider, rest) = fields.split_first()?;
    if !matches!(provider, "tracepoint" | "rawtp" | "sdt") {
        return None;
    }
    let (module, function, name) = match *rest {
        [module, name] => (module, "", name),
        [module, name, ""] => (module, "", name),
        [module, function, name] => (module, function, name),
        _ => return None,
    };
    Some(ProbeDesc {
        provider: "tracepoint".into(),
        module: module.into(),
        function: function.into(),
        name: name.into(),
    })
}

/// Substitutes `$target` and `$1`.. in the text (unknown ones stay, and
/// then match nothing).
fn expand_macros(text: &str, opts: &Options) -> String {
    if !text.contains('$') {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        let name = &after[..len];
        let value = match name {
            "target" => opts.target.map(|t| t.to_string()),
            n => n
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| opts.args.get(i).cloned()),
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                out.push('$');
                out.push_str(name);
            }
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

fn brackets_balanced(field: &str) -> bool {
    let mut open = false;
    for c in field.chars() {
        match c {
            '[' if !open => open = true,
            ']' if open => open = false,
            _ => {}
        }
    }
    !open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::span::Span;

    fn desc(text: &str) -> String {
        let spec = ProbeSpec {
            text: text.into(),
            span: Span::default(),
        };
        let opts = Options {
            target: Some(42),
            args: vec!["vfs_write".into()],
            ..Default::default()
        };
        let mut d = Vec::new();
        resolve(&spec, &opts, &mut d).map_or_else(|| format!("{d:?}"), |p| p.to_string())
    }

    #[test]
    fn missing_leading_fields_are_empty() {
        assert_eq!(desc("fbt::vfs_read:entry"), "fbt::vfs_read:entry");
        assert_eq!(desc("ksys_read:entry"), "::ksys_read:entry");
        assert_eq!(desc("fbt:::return"), "fbt:::return");
        assert_eq!(desc("BEGIN"), "dtrace:::BEGIN");
        assert_eq!(desc("pid$target::$1:entry"), "pid42::vfs_write:entry");
    }

    #[test]
    fn tracepoints_have_bpftraces_and_dtraces_spellings() {
        let exec = "tracepoint:sched::sched_process_exec";
        assert_eq!(desc("tracepoint:sched:sched_process_exec"), exec);
        assert_eq!(desc("tracepoint:sched:sched_process_exec:"), exec);
        assert_eq!(desc(exec), exec);
        assert_eq!(desc("rawtp:sched::sched_process_exec"), exec);
        assert_eq!(
            desc("sdt:::sched_process_exec"),
            "tracepoint:::sched_process_exec"
        );
        assert_eq!(desc("tracepoint:sched:*"), "tracepoint:sched::*");
    }
}
