//! `-F` (flowindent): dtrace's flow-indented function column. Each CPU
//! keeps its own depth: an entry probe prints `-> func` and indents the
//! lines after it by two; a return probe unindents and prints `<- func`;
//! other probes print `| func:name` at the current depth.

/// How a record moves the indentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// A function entry: indent after.
    Entry,
    /// A function return: unindent before.
    Return,
    /// Neither.
    None,
}

/// The probe a record fired on, as flowindent needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Firing<'a> {
    /// The enabled probe (probe and clause) ID.
    pub epid: u32,
    /// The probe ID.
    pub probe: u32,
    /// The provider's name.
    pub provider: &'a str,
    /// The function.
    pub function: &'a str,
    /// The probe's name.
    pub name: &'a str,
}

/// Whether a probe name is an entry or a return: `entry`, `return`, or a
/// name ending in `-entry`/`-return` (so that `carpentry` is neither).
pub fn classify(name: &str) -> Flow {
    let is = |kind: &str| name == kind || name.strip_suffix(kind).is_some_and(|r| r.ends_with('-'));
    if is("entry") {
        Flow::Entry
    } else if is("return") {
        Flow::Return
    } else {
        Flow::None
    }
}

/// The indentation state of every CPU.
#[derive(Debug, Default)]
pub struct FlowIndent {
    /// Per CPU: the depth in columns, and the last firing's (epid, probe).
    cpus: Vec<(usize, Option<(u32, u32)>)>,
}

impl FlowIndent {
    /// The function column for `this` on `cpu` (dtrace's `%-41s` field,
    /// unpadded), `next` being the record after it in the same CPU's
    /// buffer, if known. Several clauses on one probe move the depth
    /// once: an entry only on its first clause, a return only on its last.
    pub fn column(&mut self, cpu: u32, this: &Firing, next: Option<&Firing>) -> String {
        let cpu = cpu as usize;
        if self.cpus.len() <= cpu {
            self.cpus.resize(cpu + 1, (0, None));
        }
        let (depth, last) = &mut self.cpus[cpu];
        let mut flow = classify(this.name);
        if flow == Flow::Entry
            && last.is_some_and(|(epid, probe)| epid != this.epid && probe == this.probe)
        {
            flow = Flow::None;
        }
        if flow == Flow::Return
            && next.is_some_and(|n| n.epid != this.epid && n.probe == this.probe)
        {
            flow = Flow::None;
        }
        let syscall = this.provider == "syscall";
        let prefix = match (flow, syscall) {
            (Flow::Entry, false) => " -> ",
            (Flow::Entry, true) => " => ",
            (Flow::Return, false) => " <- ",
            (Flow::Return, true) => " <= ",
            (Flow::None, _) => "| ",
        };
        if flow == Flow::Return {
            *depth = depth.saturating_sub(2);
        }
        let column = match flow {
            Flow::None => format!(
                "{:depth$}{prefix}{}:{}",
                "",
                this.function,
                this.name,
                depth = *depth
            ),
            _ => format!("{:depth$}{prefix}{}", "", this.function, depth = *depth),
        };
        if flow == Flow::Entry {
            *depth += 2;
        }
        *last = Some((this.epid, this.probe));
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fire(epid: u32, probe: u32, function: &'static str, name: &'static str) -> Firing<'static> {
        Firing {
            epid,
            probe,
            provider: "fbt",
            function,
            name,
        }
    }

    #[test]
    fn nests_per_cpu() {
        let mut f = FlowIndent::default();
        let seq = [
            fire(1, 10, "ksys_read", "entry"),
            fire(2, 20, "vfs_read", "entry"),
            fire(3, 21, "vfs_read", "return"),
            fire(4, 11, "ksys_read", "return"),
        ];
        let cols: Vec<String> = seq.iter().map(|s| f.column(0, s, None)).collect();
        assert_eq!(
            cols,
            [
                " -> ksys_read",
                "   -> vfs_read",
                "   <- vfs_read",
                " <- ksys_read"
            ]
        );
        assert_eq!(
            f.column(1, &fire(3, 21, "vfs_read", "return"), None),
            " <- vfs_read"
        );
    }

    #[test]
    fn two_clauses_on_one_probe_move_once() {
        let mut f = FlowIndent::default();
        let (a, b) = (fire(1, 10, "f", "entry"), fire(2, 10, "f", "entry"));
        assert_eq!(f.column(0, &a, None), " -> f");
        assert_eq!(f.column(0, &b, None), "  | f:entry");
        let (c, d) = (fire(3, 11, "f", "return"), fire(4, 11, "f", "return"));
        assert_eq!(f.column(0, &c, Some(&d)), "  | f:return");
        assert_eq!(f.column(0, &d, None), " <- f");
        assert_eq!(classify("carpentry"), Flow::None);
        assert_eq!(classify("method-entry"), Flow::Entry);
    }
}
