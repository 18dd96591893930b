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
    if let Some(kprobe) = kprobe_spelling(&fields) {
        return kprobe
            .map_err(|why| diags.push(Diagnostic::probe_bad_kprobe(spec.span, &spec.text, &why)))
            .ok();
    }
    if text.contains('+') {
        diags.push(Diagnostic::probe_bad_kprobe(
            spec.span,
            &spec.text,
            "`+OFFSET` is only for `kprobe:FUNCTION+OFFSET`",
        ));
        return None;
    }
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

/// bpftrace's spelling of the kprobe provider, two or three fields:
/// `kprobe:FUNCTION[+OFFSET]`, `kprobe:MODULE:FUNCTION[+OFFSET]`,
/// `kretprobe:[MODULE:]FUNCTION`, as the DTrace description
/// `kprobe:MODULE:FUNCTION:NAME` where NAME is `entry` at offset 0 and the
/// offset in hex otherwise (as the pid provider names instruction probes),
/// and a kretprobe's is `return`. OFFSET is decimal, or hex after `0x`.
/// `None` when the fields are not that spelling; `Err` says what is wrong
/// with one that is.
pub fn kprobe_spelling(fields: &[&str]) -> Option<Result<ProbeDesc, String>> {
    let (&provider, rest) = fields.split_first()?;
    if !matches!(provider, "kprobe" | "kretprobe") || !matches!(rest.len(), 1 | 2) {
        return None;
    }
    let (module, site) = match rest {
        [site] => ("", *site),
        [module, site] => (*module, *site),
        _ => return None,
    };
    let (function, offset) = match site.split_once('+') {
        None => (site, 0),
        Some((function, offset)) => match parse_offset(offset) {
            Some(n) => (function, n),
            None => {
                return Some(Err(format!(
                    "`{offset}` is not an offset (decimal, or hex after 0x)"
                )))
            }
        },
    };
    if function.is_empty() {
        return Some(Err(format!("{provider} needs a function")));
    }
    let name = match (provider, offset) {
        ("kretprobe", 0) => "return".to_string(),
        ("kretprobe", _) => {
            return Some(Err("a kretprobe has no offset: it fires on return".into()))
        }
        (_, 0) => "entry".to_string(),
        (_, n) => format!("{n:x}"),
    };
    Some(Ok(ProbeDesc {
        provider: provider.into(),
        module: module.into(),
        function: function.into(),
        name,
    }))
}

fn parse_offset(text: &str) -> Option<u64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        None => None,
    }
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

    #[test]
    fn bpftrace_kprobe_spellings_are_dtrace_descriptions() {
        assert_eq!(desc("kprobe:vfs_read"), "kprobe::vfs_read:entry");
        assert_eq!(desc("kprobe:vfs_read+9"), "kprobe::vfs_read:9");
        assert_eq!(desc("kprobe:vfs_read+26"), "kprobe::vfs_read:1a");
        assert_eq!(desc("kprobe:vfs_read+0x1a"), "kprobe::vfs_read:1a");
        assert_eq!(desc("kprobe:vfs_read+0"), "kprobe::vfs_read:entry");
        assert_eq!(
            desc("kprobe:ext4:ext4_sync_fs+4"),
            "kprobe:ext4:ext4_sync_fs:4"
        );
        assert_eq!(desc("kretprobe:vfs_read"), "kretprobe::vfs_read:return");
        assert_eq!(desc("kretprobe:vfs_*"), "kretprobe::vfs_*:return");
        assert_eq!(desc("kprobe::vfs_read:entry"), "kprobe::vfs_read:entry");
        assert_eq!(desc("kprobe:$1"), "kprobe::vfs_write:entry");
        for bad in [
            "kprobe:vfs_read+x",
            "kprobe:vfs_read+",
            "kretprobe:vfs_read+4",
            "kprobe:",
            "fbt::vfs_read+4:entry",
        ] {
            assert!(desc(bad).contains("PdescInval"), "{bad}: {}", desc(bad));
        }
    }
}
