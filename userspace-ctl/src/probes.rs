//! The probe catalog: every function the kernel lets ftrace patch, read
//! from tracefs, as `fbt` entry and return probes with stable IDs (for this
//! boot), every system call's `syscall` entry and return probes (on its
//! x86-64 wrapper), plus `dtrace:::BEGIN`, `END` and `ERROR` and the
//! profile provider's probes. Functions on the kernel-enforced denylist are
//! left out.
//!
//! IDs: BEGIN 1, END 2, ERROR 3 (as in DTrace), then the profile provider's
//! default probes, then two per function, then two per system call. Like
//! DTrace's profile provider,
//! the catalog makes any other `tick-N` or `profile-N` probe when a
//! description names it ([`Catalog::provide`]), with the next free ID.

use crate::error::{Error, Result};
use crate::ftrace_list_line::ListLine;
use crate::function_table::{Function, FunctionTable};
use crate::kprobe_names;
use crate::pid_probes;
use crate::probe_places::Places;
use crate::profile_names::{self, DEFAULT_RATES};
use crate::syscall_names::{syscall_alias_name, syscall_name};
use crate::usdt_probes;
use globset::{Glob, GlobMatcher};
use rdtrace_uapi::trace::{
    kprobe_name, provider_name, PROBE_BEGIN, PROBE_END, PROBE_ENTRY, PROBE_ERROR, PROBE_KPROBE,
    PROBE_RETURN, PROBE_SYSCALL_ENTRY, PROBE_SYSCALL_RETURN, PROBE_UPROBE,
};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Where ftrace lists its patchable functions with their addresses.
pub const FILTER_ADDRS: &str = "/sys/kernel/tracing/available_filter_functions_addrs";

/// One probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// The probe ID.
    pub id: u32,
    /// `PROBE_*`.
    pub kind: u32,
    /// The ftrace location (0 for BEGIN, END and ERROR); the period in ns
    /// for tick and profile probes.
    pub addr: u64,
    /// `fbt`, `syscall`, `dtrace` or `profile`.
    pub provider: &'static str,
    /// `vmlinux` or the module's name (empty but for fbt). Not a `String`:
    /// the ~50,000 fbt probes share a few names, and an allocation each
    /// was a third of reading the catalog.
    pub module: Cow<'static, str>,
    /// The function (the system call for syscall; empty but for fbt and
    /// syscall). An fbt probe's borrows the function list's text, which
    /// lives as long as the process: copies of ~25,000 names, twice (entry
    /// and return) and again in the plans, were most of a `fbt:::entry`
    /// run's start under TCG.
    pub function: Cow<'static, str>,
    /// `entry`, `return`, `BEGIN`, `END`, `ERROR`, `tick-1s`, `profile-97`...
    pub name: Cow<'static, str>,
    /// A stable provider's probe (`proc:::exec-success`): the module and
    /// function of the probe it fires on, as the kernel takes them (the
    /// kind and address above are that probe's too). Boxed: every other
    /// probe has none, and the ~25,000 of `fbt:::entry` are built twice
    /// (catalog and plans) at a run's start.
    pub under: Option<Box<(String, String)>>,
}

impl Probe {
    /// A probe with no module or function.
    fn unanchored(id: u32, kind: u32, addr: u64, name: String) -> Probe {
        Probe {
            under: None,
            id,
            kind,
            addr,
            provider: provider_name(kind),
            module: Cow::Borrowed(""),
            function: Cow::Borrowed(""),
            name: name.into(),
        }
    }
}

pub use crate::compiler::ProbeDesc;

/// Parses a bare description as dtrace does (`-l -n DESC`): missing
/// leading fields are empty, and an empty field matches anything.
pub fn parse_desc(text: &str) -> ProbeDesc {
    let mut parts: Vec<&str> = text.trim().split(':').collect();
    if let Some(desc) = crate::compiler::tracepoint_spelling(&parts) {
        return desc;
    }
    // bpftrace's `kprobe:FUNCTION+OFFSET`; a malformed one matches nothing.
    if let Some(kprobe) = crate::compiler::kprobe_spelling(&parts) {
        return kprobe.unwrap_or_else(|_| ProbeDesc {
            provider: "kprobe".into(),
            name: "?".into(),
            ..ProbeDesc::default()
        });
    }
    while parts.len() < 4 {
        parts.insert(0, "");
    }
    ProbeDesc {
        provider: parts[0].into(),
        module: parts[1].into(),
        function: parts[2..parts.len() - 1].join(":"),
        name: parts[parts.len() - 1].into(),
    }
}

/// One field of a compiled description.
enum Field {
    /// Empty or `*`.
    Any,
    /// A plain name: compared, not compiled (a glob's regex took a tenth
    /// of a one-probe run's start under TCG). With the last string found
    /// equal, by its address and length: the ~24,000 probes of
    /// `fbt:::entry` share a few provider, module and probe names, so
    /// most compares are of addresses, not a `memcmp` call each.
    Literal(String, Cell<(usize, usize)>),
    Glob(GlobMatcher),
}

impl Field {
    #[inline]
    fn is_match(&self, value: &str) -> bool {
        match self {
            Field::Any => true,
            Field::Literal(l, last_equal) => {
                let key = (value.as_ptr() as usize, value.len());
                if last_equal.get() == key {
                    return true;
                }
                let equal = l == value;
                if equal {
                    last_equal.set(key);
                }
                equal
            }
            Field::Glob(g) => glob_match(g, value),
        }
    }
}

/// Out of line: inlined, the glob's matcher made every field's test (the
/// ~24,000 of `fbt:::entry` four times each) pay for its setup.
#[inline(never)]
fn glob_match(g: &GlobMatcher, value: &str) -> bool {
    g.is_match(value)
}

/// A compiled description.
struct Matcher {
    fields: [Field; 4],
}

impl Matcher {
    fn new(desc: &ProbeDesc) -> Result<Matcher> {
        let glob = |g: &str| -> Result<Field> {
            if g.is_empty() || g == "*" {
                return Ok(Field::Any);
            }
            if is_literal(g) {
                return Ok(Field::Literal(g.to_string(), Cell::default()));
            }
            Glob::new(g)
                .map(|g| Field::Glob(g.compile_matcher()))
                .map_err(|e| Error::Usage(format!("bad probe description `{desc}`: {e}")))
        };
        Ok(Matcher {
            fields: [
                glob(&desc.provider)?,
                glob(&desc.module)?,
                glob(&desc.function)?,
                glob(&desc.name)?,
            ],
        })
    }

    #[inline]
    fn matches(&self, p: &Probe) -> bool {
        self.matches_as(p, p.provider, &p.module)
    }

    /// Whether `p` matches with `provider` and `module` for its own.
    #[inline]
    fn matches_as(&self, p: &Probe, provider: &str, module: &str) -> bool {
        let [f_provider, f_module, f_function, f_name] = &self.fields;
        f_name.is_match(&p.name)
            && f_provider.is_match(provider)
            && f_function.is_match(&p.function)
            && f_module.is_match(module)
    }
}

/// The text of ftrace's function list, or an error saying what to check.
fn read_list(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| list_error(path, source))
}

fn list_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        what: format!(
            "reading {} (is tracefs mounted, and are you root?)",
            path.display()
        ),
        source,
    }
}

/// ftrace's list, through the copy kept between runs.
fn read_function_list() -> Result<FunctionTable> {
    let path = Path::new(FILTER_ADDRS);
    crate::function_list_cache::read(path).map_err(|source| list_error(path, source))
}

/// kallsyms' text symbols as `ADDR NAME [MODULE]` lines (each name once:
/// ftrace lists a function once); zeroed addresses (read without
/// privilege) give nothing.
fn kallsyms_as_filter_list(text: &str) -> String {
    let mut seen = HashSet::new();
    let mut out = String::new();
    for e in crate::ksyms::entries(text) {
        if e.addr == 0 || !matches!(e.kind, "t" | "T") || !seen.insert((e.name, e.module)) {
            continue;
        }
        out.push_str(&format!("{:x} {}", e.addr, e.name));
        if e.module != "vmlinux" {
            out.push_str(&format!(" [{}]", e.module));
        }
        out.push('\n');
    }
    out
}

/// Every probe of this boot.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Sorted by ID.
    pub probes: Vec<Probe>,
    /// Indexes into `probes` by function name, so that a description naming
    /// a function exactly does not glob-match all ~50,000 probes: a script
    /// naming 1,000 functions took 36 s to compile under TCG without it.
    /// Built at its first use ([`Catalog::index`]): `fbt:::entry` needs
    /// none, and hashing ~25,000 names was a tenth of its start.
    by_function: OnceCell<FunctionIndex>,
    /// The other names a pid provider probe's module answers to (`a.out`,
    /// `libc`, its path), by provider and module.
    module_aliases: HashMap<(&'static str, String), Vec<String>>,
    /// The other provider a probe's provider answers to: `usdt1234` for
    /// a USDT probe's `rdtest1234`.
    provider_aliases: HashMap<&'static str, &'static str>,
    /// Why ftrace's function list could not be read when kallsyms stood
    /// in for it: its addresses are symbols, not ftrace sites, so fbt and
    /// syscall probes can be named but not enabled.
    pub function_list_unreadable: Option<String>,
}

/// Probes' places in the catalog by function name, hashed with foldhash:
/// SipHash was a sixth of reading the catalog, and these keys come from
/// the kernel, not from whoever could flood a table.
type FunctionIndex = HashMap<Cow<'static, str>, Places, foldhash::fast::RandomState>;

/// Whether a description field (empty: anything) can match `value`. A
/// malformed glob can: matching reports it.
fn may_match(field: &str, value: &str) -> bool {
    glob_may_match(field, value)
}

/// Whether the glob `field` (empty: anything) can match `value`; a
/// malformed glob can. Plain names are compared, not compiled.
pub(crate) fn glob_may_match(field: &str, value: &str) -> bool {
    if field.is_empty() || field == "*" {
        return true;
    }
    if is_literal(field) {
        return field == value;
    }
    Glob::new(field).map_or(true, |g| g.compile_matcher().is_match(value))
}

/// Whether matching `desc` needs ftrace's function list: only fbt and
/// syscall probes come from it, so BEGIN, END, ERROR, `tick-1s` and the
/// like work without tracefs.
pub fn needs_function_list(desc: &ProbeDesc) -> bool {
    // `BEGIN` or `tick-1s` alone could name a tracepoint too, but no
    // kernel's is so named.
    let special = ["BEGIN", "END", "ERROR"].contains(&desc.name.as_str())
        || profile_names::parse(&desc.name).is_some();
    let tracepoint = may_match(&desc.provider, "tracepoint")
        && may_match(&desc.function, "")
        && !(desc.provider.is_empty() && special);
    let stable = !crate::compiler::stable::matching(desc).is_empty();
    tracepoint
        || stable
        || ((may_match(&desc.provider, "fbt") || may_match(&desc.provider, "syscall"))
            && (may_match(&desc.name, "entry") || may_match(&desc.name, "return")))
}

/// Whether a glob field is a plain name (matches only itself).
pub(crate) fn is_literal(field: &str) -> bool {
    !field.is_empty() && !field.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

/// What descriptions that can only match fbt probes need of ftrace's
/// list (see [`fbt_scope`]).
#[derive(Debug, PartialEq, Eq)]
pub struct FbtScope<'d> {
    /// Only these functions' probes (every description names its function
    /// exactly), or every function's (`None`).
    pub functions: Option<HashSet<&'d str>>,
    /// Whether a description can match a return probe: `fbt:::entry`
    /// cannot, and its catalog is made of entry probes alone.
    pub returns: bool,
}

/// The fbt probes the descriptions needing ftrace's list can match, or
/// `None` when one could match another provider's (a glob or empty
/// provider, a tracepoint, a syscall): then the whole catalog is needed.
pub fn fbt_scope<'d>(descs: &[&'d ProbeDesc]) -> Option<FbtScope<'d>> {
    let mut names = HashSet::new();
    let mut every = false;
    let mut returns = false;
    for d in descs.iter().filter(|d| needs_function_list(d)) {
        if d.provider != "fbt" {
            return None;
        }
        returns |= may_match(&d.name, "return");
        if is_literal(&d.function) {
            names.insert(d.function.as_str());
        } else {
            every = true;
        }
    }
    Some(FbtScope {
        functions: (!every).then_some(names),
        returns,
    })
}

impl Catalog {
    /// Reads ftrace's list and tracefs's tracepoints.
    pub fn load() -> Result<Catalog> {
        Catalog::load_scoped(None)
    }

    /// The catalog with, of ftrace's list, only the fbt probes `scope`
    /// names (IDs as in the whole one): no syscall, tracepoint or stable
    /// probes. Made for descriptions that can only match fbt probes
    /// ([`fbt_scope`]): building all ~100,000 probes and reading
    /// tracefs's events was most of such a run's start under TCG.
    pub fn load_fbt(scope: &FbtScope) -> Result<Catalog> {
        Catalog::load_scoped(Some(scope))
    }

    fn load_scoped(scope: Option<&FbtScope>) -> Result<Catalog> {
        let table = read_function_list();
        // A catalog is made once a run and kept to its end: its list too.
        let parsed = table.map(|t| Catalog::parse_scoped(Box::leak(Box::new(t)), scope));
        let mut c = match parsed {
            Ok(c) => c,
            Err(e) => {
                let why = e.to_string();
                let mut c = Catalog::from_kallsyms().ok_or(e)?;
                c.function_list_unreadable = Some(why);
                c
            }
        };
        if scope.is_none() {
            c.add_tracepoints(&crate::tracepoints::load());
            c.add_stable();
        }
        Ok(c)
    }

    /// Adds the tracepoint probes of `events` (`(subsystem, name)`) after
    /// every other probe.
    pub fn add_tracepoints(&mut self, events: &[(String, String)]) {
        let first = self.probes.last().map_or(1, |p| p.id + 1);
        self.probes
            .extend(crate::tracepoints::probes(events, first));
    }

    /// Adds the stable providers' probes whose sites are here, after
    /// every other probe.
    pub fn add_stable(&mut self) {
        let first = self.probes.last().map_or(1, |p| p.id + 1);
        let stable = crate::stable_probes::probes(&self.probes, first);
        self.probes.extend(stable);
    }

    /// The names of this kernel's ftrace-able functions that are denied.
    pub fn load_denied() -> Result<Vec<String>> {
        Ok(read_function_list()?
            .functions()
            .flatten()
            .filter(|f| f.denied)
            .map(|f| f.line.function.to_string())
            .collect())
    }

    /// Without tracefs (a container, a build host), the text symbols of
    /// `/proc/kallsyms` stand in for ftrace's list, so that `-e` and `-l`
    /// still resolve fbt and syscall descriptions; enabling needs the module
    /// and tracefs anyway, and fails there.
    fn from_kallsyms() -> Option<Catalog> {
        let text = std::fs::read_to_string(kprobe_names::KALLSYMS).ok()?;
        let list = kallsyms_as_filter_list(&text);
        (!list.is_empty()).then(|| Catalog::parse(&list))
    }

    /// Reads a list in `available_filter_functions_addrs` format.
    pub fn load_from(path: &Path) -> Result<Catalog> {
        Ok(Catalog::parse(&read_list(path)?))
    }

    /// Parses `ADDR NAME [MODULE]` lines (a copy of `text` is kept to the
    /// process's end, as [`Catalog::load`]'s is).
    pub fn parse(text: &str) -> Catalog {
        let table = FunctionTable::parse(text.to_owned());
        Catalog::parse_scoped(Box::leak(Box::new(table)), None)
    }

    /// Parses `ADDR NAME [MODULE]` lines; with a `scope`, only the fbt
    /// probes it names (no syscall probes), IDs unchanged.
    fn parse_scoped(table: &'static FunctionTable, scope: Option<&FbtScope>) -> Catalog {
        let keep = scope.and_then(|s| s.functions.as_ref());
        let returns = scope.is_none_or(|s| s.returns);
        let mut probes: Vec<Probe> = [
            (PROBE_BEGIN, "BEGIN"),
            (PROBE_END, "END"),
            (PROBE_ERROR, "ERROR"),
        ]
        .into_iter()
        .map(|(kind, name)| Probe::unanchored(0, kind, 0, name.into()))
        .collect();
        for &(kind, hz) in DEFAULT_RATES {
            let name = format!("{}{hz}", profile_names::prefix(kind));
            probes.push(Probe::unanchored(
                0,
                kind,
                1_000_000_000 / u64::from(hz),
                name,
            ));
        }
        for (i, p) in probes.iter_mut().enumerate() {
            p.id = i as u32 + 1;
        }
        let first_fbt = probes.len() as u32 + 1;
        let room = keep.map_or(table.len(), |k| k.len());
        probes.reserve(if returns { 2 * room } else { room });
        let mut syscalls: Vec<(u64, &str)> = Vec::new();
        let mut aliases: Vec<(u64, &str)> = Vec::new();
        let lines = table.len();
        for (i, function) in table.functions().enumerate() {
            let Some(Function {
                line:
                    ListLine {
                        addr,
                        function: func,
                        module,
                    },
                denied,
            }) = function
            else {
                continue;
            };
            // The ID is the line's, so a line left out changes no other.
            if denied || keep.is_some_and(|k| !k.contains(func)) {
                continue;
            }
            // The syscall IDs count every wrapper: all or none.
            if scope.is_none() {
                syscalls.extend(syscall_name(func, module).map(|name| (addr, name)));
                aliases.extend(syscall_alias_name(func, module).map(|name| (addr, name)));
            }
            let module = module.unwrap_or("vmlinux");
            let id = first_fbt + 2 * i as u32;
            let kinds = [(id, PROBE_ENTRY, "entry"), (id + 1, PROBE_RETURN, "return")];
            let kinds = &kinds[..if returns { 2 } else { 1 }];
            for &(id, kind, name) in kinds {
                probes.push(Probe {
                    under: None,
                    id,
                    kind,
                    addr,
                    provider: "fbt",
                    module: module.into(),
                    function: func.into(),
                    name: Cow::Borrowed(name),
                });
            }
        }
        let first_syscall = first_fbt + 2 * lines as u32;
        // The wrappers first: a call with one never takes its __do_sys_.
        syscalls.extend(aliases);
        add_syscalls(&mut probes, first_syscall, &syscalls);
        Catalog {
            probes,
            by_function: OnceCell::new(),
            module_aliases: HashMap::new(),
            provider_aliases: HashMap::new(),
            function_list_unreadable: None,
        }
    }

    /// Makes the profile provider probe `desc` names, if it names one that
    /// does not exist yet (as DTrace's `profile_provide`); refuses one that
    /// would fire more often than DTrace allows.
    pub fn provide(&mut self, desc: &ProbeDesc) -> Result<()> {
        if let Some(kind) = kprobe_names::kind_of(&desc.provider) {
            return self.provide_kprobes(desc, kind, kprobe_names::global());
        }
        if let Some(pid) = pid_probes::pid_of(&desc.provider) {
            let made = pid_probes::make_for(pid, &desc.module, &desc.function, &desc.name)
                .map_err(|(tag, e)| {
                    Error::Usage(format!("error[{tag}]: probe description {desc}: {e}"))
                })?;
            return self.provide_pid(desc, pid, made);
        }
        if let Some((sdt, pid)) = usdt_probes::split(&desc.provider) {
            let fields = (
                desc.module.as_str(),
                desc.function.as_str(),
                desc.name.as_str(),
            );
            let made = usdt_probes::make_for(pid, sdt, fields).map_err(|(tag, e)| {
                Error::Usage(format!("error[{tag}]: probe description {desc}: {e}"))
            })?;
            self.provide_usdt(pid, made);
            return Ok(());
        }
        if !may_match(&desc.provider, "profile")
            || !may_match(&desc.module, "")
            || !may_match(&desc.function, "")
            || !is_literal(&desc.name)
            || self.probes.iter().any(|p| p.name == desc.name)
        {
            return Ok(());
        }
        match profile_names::parse(&desc.name) {
            None => Ok(()),
            Some(Err(fast)) => Err(Error::Usage(format!(
                "error[D_PDESC_ZERO]: probe description {desc} names no probe: {fast}"
            ))),
            Some(Ok(t)) => {
                let id = self.probes.last().map_or(1, |p| p.id + 1);
                let probe = Probe::unanchored(id, t.kind, t.period_ns, desc.name.clone());
                self.probes.push(probe);
                Ok(())
            }
        }
    }

    /// Makes the kprobe or kretprobe probes `desc` names on `functions`
    /// (see [`kprobe_names`]) that do not exist yet, with the next free IDs.
    pub fn provide_kprobes(
        &mut self,
        desc: &ProbeDesc,
        kind: u32,
        functions: &[kprobe_names::Function],
    ) -> Result<()> {
        let Some(offset) = kprobe_names::offset_of(kind, &desc.name) else {
            return Ok(());
        };
        let found = kprobe_names::matching(functions, &desc.module, &desc.function)
            .map_err(|e| Error::Usage(format!("bad probe description `{desc}`: {e}")))?;
        if found.len() > kprobe_names::MAX_MATCHES {
            return Err(Error::Usage(format!(
                "probe description {desc} matches {} functions: more than {} kprobes, each patched in alone (fbt patches many functions at once)",
                found.len(),
                kprobe_names::MAX_MATCHES
            )));
        }
        let mut digits = [0; 16];
        let name = match kind {
            PROBE_KPROBE => String::from_utf8_lossy(kprobe_name(offset, &mut digits)).into_owned(),
            _ => "return".into(),
        };
        for f in found {
            if let Some(why) = f.refused {
                return Err(Error::Usage(format!(
                    "{}: cannot probe ({why})",
                    kprobe_names::spelling(kind, &f.module, &f.name, offset)
                )));
            }
            if f.size.is_some_and(|size| offset >= size) {
                return Err(Error::Usage(format!(
                    "{}: cannot probe (ERANGE: {} is {} bytes long)",
                    kprobe_names::spelling(kind, &f.module, &f.name, offset),
                    f.name,
                    f.size.unwrap_or(0)
                )));
            }
            let probe = Probe {
                under: None,
                id: 0,
                kind,
                // A kprobe's offset; a kretprobe's maxactive, set at ENABLE.
                addr: if kind == PROBE_KPROBE { offset } else { 0 },
                provider: provider_name(kind),
                module: f.module.clone().into(),
                function: f.name.clone().into(),
                name: name.clone().into(),
            };
            self.add_new(probe, |p, q| p.kind == q.kind);
        }
        Ok(())
    }

    /// Adds the pid provider probes `made` on process `pid` (see
    /// [`pid_probes`]) that do not exist yet, with the next free IDs.
    pub fn provide_pid(
        &mut self,
        desc: &ProbeDesc,
        pid: u32,
        made: Vec<pid_probes::Made>,
    ) -> Result<()> {
        if made.len() > pid_probes::MAX_MATCHES {
            return Err(Error::Usage(format!(
                "probe description {desc} matches {} probes: more than {}, each a uprobe registered alone",
                made.len(),
                pid_probes::MAX_MATCHES
            )));
        }
        let provider = pid_probes::provider_name(pid);
        for m in made {
            self.module_aliases
                .entry((provider, m.module.clone()))
                .or_insert_with(|| m.aliases.clone());
            let probe = Probe {
                under: None,
                id: 0,
                kind: m.kind,
                addr: m.addr,
                provider,
                module: m.module.into(),
                function: m.function.into(),
                name: m.name.into(),
            };
            self.add_new(probe, |p, q| p.provider == q.provider);
        }
        Ok(())
    }

    /// Adds the USDT probe sites `made` on process `pid` (see
    /// [`usdt_probes`]) that do not exist yet. As in DTrace, a probe
    /// written twice in one function is one probe: its sites share an ID
    /// (the next free one for a new probe).
    pub fn provide_usdt(&mut self, pid: u32, made: Vec<usdt_probes::Made>) {
        for m in made {
            let provider = usdt_probes::provider_name(&m.provider, pid);
            self.provider_aliases
                .insert(provider, usdt_probes::any_provider(pid));
            self.module_aliases
                .entry((provider, m.module.clone()))
                .or_insert_with(|| m.aliases.clone());
            let probe_sites: Vec<&Probe> =
                self.index()
                    .get(m.function.as_str())
                    .map_or_else(Vec::new, |at| {
                        at.iter()
                            .map(|&i| &self.probes[i])
                            .filter(|p| {
                                p.provider == provider && p.module == m.module && p.name == m.name
                            })
                            .collect()
                    });
            if probe_sites.iter().any(|p| p.addr == m.addr) {
                continue;
            }
            let id = match probe_sites.first() {
                Some(p) => p.id,
                None => self.probes.last().map_or(1, |p| p.id + 1),
            };
            let probe = Probe {
                under: None,
                id,
                kind: PROBE_UPROBE,
                addr: m.addr,
                provider,
                module: m.module.into(),
                function: m.function.into(),
                name: m.name.into(),
            };
            self.insert_site(probe);
        }
    }

    /// Adds `probe`, a new probe or another site of one (same ID), keeping
    /// the list sorted by ID.
    fn insert_site(&mut self, probe: Probe) {
        let at = self.probes.partition_point(|p| p.id <= probe.id);
        // An index not built yet is built from the probes when needed.
        if let Some(index) = self.by_function.get_mut() {
            if at < self.probes.len() {
                // Later probes move up one: re-index them.
                for list in index.values_mut() {
                    list.iter_mut().filter(|i| **i >= at).for_each(|i| *i += 1);
                }
            }
            index.entry(probe.function.clone()).or_default().push(at);
        }
        self.probes.insert(at, probe);
    }

    /// Adds `probe` with the next free ID, unless a probe on the same
    /// function, module and name that `same` also accepts exists already.
    fn add_new(&mut self, mut probe: Probe, same: impl Fn(&Probe, &Probe) -> bool) {
        let exists = self.index().get(&probe.function).is_some_and(|at| {
            at.iter().any(|&i| {
                let p = &self.probes[i];
                same(p, &probe) && p.module == probe.module && p.name == probe.name
            })
        });
        if exists {
            return;
        }
        probe.id = self.probes.last().map_or(1, |p| p.id + 1);
        if let Some(index) = self.by_function.get_mut() {
            index
                .entry(probe.function.clone())
                .or_default()
                .push(self.probes.len());
        }
        self.probes.push(probe);
    }

    /// The probes a description matches, in ID order.
    pub fn matching(&self, desc: &ProbeDesc) -> Result<Vec<&Probe>> {
        let m = Matcher::new(desc)?;
        if is_literal(&desc.function) {
            let found = self
                .index()
                .get(desc.function.as_str())
                .into_iter()
                .flat_map(Places::iter);
            return Ok(found
                .map(|&i| &self.probes[i])
                .filter(|p| self.matches(&m, p))
                .collect());
        }
        // Sized for every probe: `fbt:::entry` matches most, and a growing
        // vector copied them over and over.
        let mut found = Vec::with_capacity(self.probes.len());
        found.extend(self.probes.iter().filter(|p| self.matches(&m, p)));
        Ok(found)
    }

    /// Every probe's place by function name, built at the first call.
    fn index(&self) -> &FunctionIndex {
        self.by_function.get_or_init(|| {
            let mut index =
                FunctionIndex::with_capacity_and_hasher(self.probes.len() / 2, Default::default());
            for (at, p) in self.probes.iter().enumerate() {
                index.entry(p.function.clone()).or_default().push(at);
            }
            index
        })
    }

    /// Whether `p` matches: by its provider's and module's names, or their
    /// aliases.
    fn matches(&self, m: &Matcher, p: &Probe) -> bool {
        if m.matches(p) {
            return true;
        }
        let providers =
            std::iter::once(p.provider).chain(self.provider_aliases.get(p.provider).copied());
        let aliases = match self.module_aliases.is_empty() {
            true => None,
            false => self.module_aliases.get(&(p.provider, p.module.to_string())),
        };
        providers.into_iter().any(|provider| {
            m.matches_as(p, provider, &p.module)
                || aliases.is_some_and(|a| a.iter().any(|a| m.matches_as(p, provider, a)))
        })
    }
}

/// The syscall provider's probes, two per system call from ID `first` on:
/// `syscall::NAME:entry|return` on the wrapper at `addr`.
fn add_syscalls(probes: &mut Vec<Probe>, first: u32, syscalls: &[(u64, &'static str)]) {
    let mut seen = HashSet::new();
    let mut id = first;
    for &(addr, name) in syscalls {
        if !seen.insert(name) {
            continue;
        }
        for (kind, probe) in [
            (PROBE_SYSCALL_ENTRY, "entry"),
            (PROBE_SYSCALL_RETURN, "return"),
        ] {
            probes.push(Probe {
                under: None,
                id,
                kind,
                addr,
                provider: "syscall",
                module: Cow::Borrowed(""),
                function: name.into(),
                name: Cow::Borrowed(probe),
            });
            id += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdtrace_uapi::trace::{PROBE_UPROBE, PROBE_URETPROBE};

    const LIST: &str = "ffffffff811cf85a ksys_read\nffffffff811cf8a0 vfs_read\nffffffff81001000 rcu_read_lock\nffffffffc0001004 ext4_read [ext4]\n";

    #[test]
    fn kallsyms_text_symbols_stand_in_for_ftrace_list() {
        let k = "ffffffff81000000 T __x64_sys_write\nffffffff81000100 D some_data\n\
                 ffffffff81000200 t helper\nffffffff81000200 t helper\n\
                 ffffffffc0000000 t ext4_read\t[ext4]\n0000000000000000 T hidden\n";
        assert_eq!(
            kallsyms_as_filter_list(k),
            "ffffffff81000000 __x64_sys_write\nffffffff81000200 helper\nffffffffc0000000 ext4_read [ext4]\n"
        );
        let c = Catalog::parse(&kallsyms_as_filter_list(k));
        let write = c.matching(&parse_desc("syscall::write:entry")).unwrap();
        assert_eq!(write.len(), 1);
    }

    #[test]
    fn descriptions_parse_like_dtrace() {
        assert_eq!(parse_desc("fbt::vfs_*:entry").function, "vfs_*");
        let d = parse_desc("ksys_read:entry");
        assert_eq!(
            (
                d.provider.as_str(),
                d.module.as_str(),
                d.function.as_str(),
                d.name.as_str()
            ),
            ("", "", "ksys_read", "entry")
        );
        assert_eq!(parse_desc("BEGIN").name, "BEGIN");
        let tp = parse_desc("tracepoint:sched:sched_switch");
        assert_eq!(tp.to_string(), "tracepoint:sched::sched_switch");
    }

    #[test]
    fn syscall_ids_follow_every_listed_line_with_or_without_a_final_newline() {
        let text = "ffffffff81000000 dup\nffffffff81000100 __x64_sys_read\n\
                    ffffffff81000200 ksys_read\nffffffffc0000000 dup [m]";
        let ids = |t: &str| {
            let c = Catalog::parse(t);
            let fbt = c.matching(&parse_desc("fbt:m:dup:entry")).unwrap()[0].id;
            let sys = c.matching(&parse_desc("syscall::read:entry")).unwrap()[0].id;
            (fbt, sys)
        };
        let (fbt, sys) = ids(text);
        // Four lines, two IDs each: the syscall IDs start right after.
        assert_eq!(sys, fbt + 2);
        assert_eq!(ids(&format!("{text}\n")), (fbt, sys));
    }

    /// `text`'s table, kept to the process's end as a catalog's is.
    fn leaked_table(text: &str) -> &'static FunctionTable {
        Box::leak(Box::new(FunctionTable::parse(text.into())))
    }

    #[test]
    fn a_catalog_of_named_functions_gives_the_whole_ones_ids() {
        let text = "ffffffff81000000 dup\nffffffff81000100 __x64_sys_read\n\
                    ffffffff81000200 ksys_read\nffffffffc0000000 dup [m]\n";
        let whole = Catalog::parse(text);
        let keep: HashSet<&str> = ["dup", "ksys_read", "nosuch"].into_iter().collect();
        let scoped = Catalog::parse_scoped(
            leaked_table(text),
            Some(&FbtScope {
                functions: Some(keep.clone()),
                returns: true,
            }),
        );
        for d in [
            "fbt::dup:entry",
            "fbt:m:dup:",
            "fbt::ksys_read:return",
            "BEGIN",
        ] {
            let d = parse_desc(d);
            assert_eq!(scoped.matching(&d).unwrap(), whole.matching(&d).unwrap());
        }
        // Nothing else: no other function, no syscall.
        assert!(scoped
            .probes
            .iter()
            .all(|p| p.function.is_empty() || keep.contains(&*p.function)));
        assert_eq!(
            scoped.matching(&parse_desc("syscall::read:")).unwrap(),
            Vec::<&Probe>::new()
        );
    }

    #[test]
    fn an_entry_only_catalog_gives_the_whole_ones_ids() {
        let text = "ffffffff81000000 dup\nffffffff81000100 ksys_read\nffffffffc0000000 dup [m]\n";
        let whole = Catalog::parse(text);
        let entries = Catalog::parse_scoped(
            leaked_table(text),
            Some(&FbtScope {
                functions: None,
                returns: false,
            }),
        );
        let d = parse_desc("fbt:::entry");
        assert_eq!(entries.matching(&d).unwrap(), whole.matching(&d).unwrap());
        assert!(entries.probes.iter().all(|p| p.kind != PROBE_RETURN));
        let descs = [parse_desc("fbt:::entry"), parse_desc("fbt::ksys_*:re*")];
        let refs: Vec<&ProbeDesc> = descs.iter().collect();
        assert!(!fbt_scope(&refs[..1]).unwrap().returns);
        assert!(fbt_scope(&refs).unwrap().returns);
    }

    #[test]
    fn only_fbt_descriptions_scope_the_catalog() {
        let scope = |ds: &[&str]| {
            let descs: Vec<ProbeDesc> = ds.iter().map(|d| parse_desc(d)).collect();
            let refs: Vec<&ProbeDesc> = descs.iter().collect();
            fbt_scope(&refs).map(|s| match s.functions {
                None => vec!["*".to_string()],
                Some(f) => {
                    let mut v: Vec<String> = f.into_iter().map(String::from).collect();
                    v.sort();
                    v
                }
            })
        };
        assert_eq!(
            scope(&[
                "fbt::ksys_read:entry",
                "fbt:vmlinux:vfs_read:",
                "BEGIN",
                "tick-1s"
            ]),
            Some(vec!["ksys_read".to_string(), "vfs_read".to_string()])
        );
        for every in ["fbt::vfs_*:entry", "fbt:::entry"] {
            assert_eq!(
                scope(&["fbt::ksys_read:entry", every]),
                Some(vec!["*".to_string()])
            );
        }
        for other in [
            "::ksys_read:entry",
            "syscall::read:entry",
            "tracepoint:sched:sched_switch",
        ] {
            assert_eq!(scope(&["fbt::ksys_read:entry", other]), None, "{other}");
        }
    }

    #[test]
    fn an_exact_function_name_is_looked_up_and_matches_what_a_scan_would() {
        let c = Catalog::parse(
            "ffffffff81000000 dup\nffffffff81000100 other\nffffffffc0000000 dup [m]\n",
        );
        let ids = |d: &str| -> Vec<u32> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids("fbt::dup:entry"), [17, 21]);
        assert_eq!(ids("fbt::dup:entry"), ids("fbt::du[p]:entry"));
        assert_eq!(ids("fbt:m:dup:"), [21, 22]);
        assert!(ids("fbt::nosuch:entry").is_empty());
    }

    #[test]
    fn globs_match_every_field_and_the_denylist_is_left_out() {
        let c = Catalog::parse(LIST);
        let names = |d: &str| -> Vec<String> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| format!("{}:{}:{}", p.module, p.function, p.name))
                .collect()
        };
        assert_eq!(
            names("fbt::*read:entry"),
            [
                "vmlinux:ksys_read:entry",
                "vmlinux:vfs_read:entry",
                "ext4:ext4_read:entry"
            ]
        );
        assert_eq!(names("fbt:ext4::").len(), 2);
        assert_eq!(names("fbt:::return").len(), 3);
        assert!(names("fbt::rcu_read_lock:").is_empty());
        assert_eq!(names("BEGIN"), ["::BEGIN"]);
        assert_eq!(
            c.matching(&parse_desc("fbt::vfs_read:return")).unwrap()[0].id,
            20
        );
    }

    #[test]
    fn dtrace_and_profile_probes_have_dtrace_ids_and_names() {
        let c = Catalog::parse(LIST);
        let ids = |d: &str| -> Vec<(u32, String)> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p.id,
                        format!("{}:{}:{}:{}", p.provider, p.module, p.function, p.name),
                    )
                })
                .collect()
        };
        assert_eq!(
            ids("dtrace:::"),
            [
                (1, "dtrace:::BEGIN".into()),
                (2, "dtrace:::END".into()),
                (3, "dtrace:::ERROR".into())
            ]
        );
        let profile = ids("profile:::");
        assert_eq!(profile.len(), 13);
        assert_eq!(profile[0], (4, "profile:::profile-97".into()));
        assert_eq!(profile[12], (16, "profile:::tick-5000".into()));
    }

    #[test]
    fn a_named_tick_or_profile_probe_is_made_on_demand_in_every_spelling() {
        let mut c = Catalog::parse(LIST);
        for d in ["tick-1s", "profile:::tick-1s", ":::tick-1s", "::tick-1s"] {
            let desc = parse_desc(d);
            c.provide(&desc).unwrap();
            let found = c.matching(&desc).unwrap();
            assert_eq!(found.len(), 1, "{d}");
            assert_eq!((found[0].id, found[0].addr), (25, 1_000_000_000), "{d}");
        }
        c.provide(&parse_desc("profile-97")).unwrap();
        assert_eq!(c.matching(&parse_desc("profile-97")).unwrap()[0].id, 4);
        // Another provider's probe of that name, or a glob, makes nothing.
        c.provide(&parse_desc("fbt:::tick-2s")).unwrap();
        c.provide(&parse_desc("tick-2*")).unwrap();
        assert!(c.matching(&parse_desc("tick-2s")).unwrap().is_empty());
        let err = c
            .provide(&parse_desc("tick-100us"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("minimum of 200 us"), "{err}");
    }

    #[test]
    fn each_x64_wrapper_is_a_syscall_probe_pair_after_every_fbt_probe() {
        let c = Catalog::parse(
            "ffffffff81000000 __x64_sys_openat\nffffffff81000100 __ia32_sys_openat\nffffffff81000200 __x64_compat_sys_openat\nffffffff81000300 __x64_sys_read\nffffffffc0000000 __x64_sys_fake [m]\n",
        );
        let found = |d: &str| -> Vec<(u32, u64, u32, String)> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| {
                    let name = format!("{}:{}:{}:{}", p.provider, p.module, p.function, p.name);
                    (p.id, p.addr, p.kind, name)
                })
                .collect()
        };
        // 16 fixed probes, 10 fbt probes, then the syscall probes.
        assert_eq!(
            found("syscall:::"),
            [
                (
                    27,
                    0xffffffff81000000,
                    PROBE_SYSCALL_ENTRY,
                    "syscall::openat:entry".into()
                ),
                (
                    28,
                    0xffffffff81000000,
                    PROBE_SYSCALL_RETURN,
                    "syscall::openat:return".into()
                ),
                (
                    29,
                    0xffffffff81000300,
                    PROBE_SYSCALL_ENTRY,
                    "syscall::read:entry".into()
                ),
                (
                    30,
                    0xffffffff81000300,
                    PROBE_SYSCALL_RETURN,
                    "syscall::read:return".into()
                ),
            ]
        );
        assert_eq!(
            found("syscall::openat:entry"),
            found("syscall::open*:entry")
        );
        assert_eq!(found("syscall::read*:").len(), 2);
        assert_eq!(found("openat:return")[0].0, 28);
        assert!(found("syscall:vmlinux::").is_empty());
        // The wrappers stay fbt probes too.
        assert_eq!(found("fbt::__x64_sys_openat:entry")[0].0, 17);
    }

    #[test]
    fn kprobes_are_made_when_named_with_the_next_ids_and_kept() {
        let mut c = Catalog::parse(LIST);
        let functions = kprobe_names::parse(
            "ffffffff81000000 T vfs_read\nffffffff81000100 t vfs_readv\nffffffff81000200 t noftrace\n",
            "",
        );
        let mut found = |d: &str| -> Vec<(u32, u64, String)> {
            let desc = parse_desc(d);
            let kind = kprobe_names::kind_of(&desc.provider).unwrap();
            c.provide_kprobes(&desc, kind, &functions).unwrap();
            c.matching(&desc)
                .unwrap()
                .iter()
                .map(|p| {
                    let name = format!("{}:{}:{}:{}", p.provider, p.module, p.function, p.name);
                    (p.id, p.addr, name)
                })
                .collect()
        };
        assert_eq!(
            found("kprobe:noftrace"),
            [(25, 0, "kprobe:vmlinux:noftrace:entry".into())]
        );
        assert_eq!(
            found("kprobe:noftrace+26"),
            [(26, 26, "kprobe:vmlinux:noftrace:1a".into())]
        );
        assert_eq!(found("kprobe::noftrace:1a")[0].0, 26);
        assert_eq!(found("kprobe:noftrace")[0].0, 25);
        assert_eq!(
            found("kretprobe:vfs_read*"),
            [
                (27, 0, "kretprobe:vmlinux:vfs_read:return".into()),
                (28, 0, "kretprobe:vmlinux:vfs_readv:return".into())
            ]
        );
        assert!(found("kprobe:nosuch").is_empty());
        assert!(found("kprobe::vfs_read:return").is_empty());
        assert!(found("kprobe:vfs_read+x").is_empty());
    }

    #[test]
    fn pid_probes_get_the_next_ids_once_and_answer_to_their_modules_aliases() {
        let mut c = Catalog::parse(LIST);
        let made = |function: &str, kind: u32, name: &str| pid_probes::Made {
            kind,
            addr: 0x7f00_0000_1000,
            module: "libc.so.6".into(),
            function: function.into(),
            name: name.into(),
            aliases: vec!["/lib/libc.so.6".into(), "libc.so.6".into(), "libc".into()],
        };
        let desc = parse_desc("pid42:libc:malloc:");
        let both = vec![
            made("malloc", PROBE_UPROBE, "entry"),
            made("malloc", PROBE_URETPROBE, "return"),
        ];
        c.provide_pid(&desc, 42, both.clone()).unwrap();
        c.provide_pid(&desc, 42, both).unwrap();
        let found = |d: &str| -> Vec<(u32, String)> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| {
                    let name = format!("{}:{}:{}:{}", p.provider, p.module, p.function, p.name);
                    (p.id, name)
                })
                .collect()
        };
        assert_eq!(
            found("pid42:libc:malloc:"),
            [
                (25, "pid42:libc.so.6:malloc:entry".into()),
                (26, "pid42:libc.so.6:malloc:return".into())
            ]
        );
        assert_eq!(found("pid42:/lib/libc.so.6::return").len(), 1);
        assert_eq!(found("pid42:libc.so.6:malloc:entry").len(), 1);
        assert!(found("pid43:libc:malloc:").is_empty());
        assert!(found("pid42:libd:malloc:").is_empty());
    }

    #[test]
    fn usdt_probes_answer_to_usdt_pid_and_their_own_provider_once_per_site() {
        let mut c = Catalog::parse(LIST);
        let made = |addr: u64, function: &str, name: &str| usdt_probes::Made {
            addr,
            provider: "rdtest".into(),
            module: "prog".into(),
            function: function.into(),
            name: name.into(),
            aliases: vec!["/tmp/prog".into(), "prog".into(), "a.out".into()],
            spec: Default::default(),
        };
        let sites = vec![
            made(0x5000, "main", "step"),
            made(0x5010, "main", "step"),
            made(0x5100, "work", "done"),
        ];
        c.provide_usdt(77, sites.clone());
        c.provide_usdt(77, sites);
        let found = |d: &str| -> Vec<String> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| {
                    format!(
                        "{:x} {}:{}:{}:{}",
                        p.addr, p.provider, p.module, p.function, p.name
                    )
                })
                .collect()
        };
        assert_eq!(
            found("usdt77:::step"),
            [
                "5000 rdtest77:prog:main:step",
                "5010 rdtest77:prog:main:step"
            ]
        );
        // Two sites of one probe: one ID, the next for the next probe.
        let ids: Vec<u32> = c
            .matching(&parse_desc("usdt77:::"))
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(ids, [25, 25, 26]);
        assert_eq!(found("rdtest77:a.out::"), found("usdt77:prog::"));
        assert_eq!(found("usdt77:::").len(), 3);
        assert_eq!(found("usdt*:::done"), ["5100 rdtest77:prog:work:done"]);
        assert!(found("usdt78:::").is_empty());
        assert!(found("other77:::").is_empty());
        assert!(c
            .matching(&parse_desc("usdt77:::step"))
            .unwrap()
            .iter()
            .all(|p| p.kind == PROBE_UPROBE));
    }

    #[test]
    fn a_call_without_arguments_is_probed_on_its_do_sys_alias() {
        let c = Catalog::parse(
            "ffffffff81000000 __do_sys_openat\nffffffff81000100 __x64_sys_openat\nffffffff81000200 __do_sys_getppid\nffffffffc0000000 __do_sys_fake [m]\n",
        );
        let found = |d: &str| -> Vec<(u64, String)> {
            c.matching(&parse_desc(d))
                .unwrap()
                .iter()
                .map(|p| (p.addr, format!("{}:{}", p.function, p.name)))
                .collect()
        };
        assert_eq!(
            found("syscall:::entry"),
            [
                (0xffffffff81000100, "openat:entry".into()),
                (0xffffffff81000200, "getppid:entry".into())
            ]
        );
    }

    #[test]
    fn only_descriptions_that_can_match_fbt_need_the_function_list() {
        for d in [
            "BEGIN",
            "dtrace:::END",
            "ERROR",
            "tick-1s",
            "profile:::profile-97",
            ":::tick-1s",
        ] {
            assert!(!needs_function_list(&parse_desc(d)), "{d}");
        }
        for d in [
            "tracepoint:sched:sched_switch",
            ":::sched_switch",
            "fbt::vfs_read:entry",
            "syscall::openat:entry",
            "vfs_read:entry",
            "",
            "*:::*",
            ":::ret*",
        ] {
            assert!(needs_function_list(&parse_desc(d)), "{d}");
        }
    }
}
