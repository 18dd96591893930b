//! The tracing command (`-n`, `-s`, `-l`, `-c`, `-p`, ...): compile, match
//! probes, enable, consume, and exit as dtrace does.

use crate::compiler::pragma::{DependClass, PragmaKind};
use crate::compiler::{self, Compiled};
use crate::consumer::{interrupt_flag, ClausePlan, FaultSites, Session};
use crate::cpp::{self, Preprocessed};
use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::folded::StackOutput;
use crate::output::{self, Format, Sink};
use crate::probes::{fbt_scope, needs_function_list, parse_desc, Catalog, Probe, ProbeDesc};
use crate::settings::Settings;
use crate::stability;
use crate::target::Target;
use rdtrace_uapi::trace::{PROBE_ENTRY, PROBE_RETURN, PROBE_SYSCALL_ENTRY, PROBE_SYSCALL_RETURN};
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

/// What the user asked for.
#[derive(Debug, Default)]
pub struct Request {
    /// `-n` texts: clauses, or bare probe descriptions.
    pub descriptions: Vec<String>,
    /// `-s` script file.
    pub script: Option<std::path::PathBuf>,
    /// `-l`: list the matching probes instead of tracing.
    pub list: bool,
    /// `-o`.
    pub output: Option<std::path::PathBuf>,
    /// The options set by flags and `-x`; the script's pragmas come on top.
    pub settings: Settings,
    /// `-c`.
    pub command: Option<String>,
    /// `-p`.
    pub pid: Option<u64>,
    /// `-e`: compile and match only.
    pub compile_only: bool,
    /// `--emit bytecode`: print each clause's DIF on stdout.
    pub emit_bytecode: bool,
    /// `--emit enabling`: write the compiled enabling (to `-o` or stdout)
    /// for an in-kernel consumer instead of tracing.
    pub emit_enabling: bool,
    /// `-A`: write the enabling for anonymous tracing instead of tracing.
    pub anonymous_write: bool,
    /// `-a`: claim the anonymous session and consume it.
    pub anonymous_claim: bool,
    /// `-S`: print each clause's DIF on stderr.
    pub show_dif: bool,
    /// `-v`: print the program's stability attributes.
    pub verbose: bool,
    /// `$1..`.
    pub args: Vec<String>,
    /// `--format folded`, `--flamegraph FILE`.
    pub stack_output: StackOutput,
    /// `--format json`: NDJSON instead of DTrace's text.
    pub format: Format,
}

/// The program text as compiled, and how to point into what the user wrote.
struct Script {
    /// The text as written (the script, then each `-n`).
    text: String,
    /// Its name in messages.
    name: String,
    /// cpp's output, with `-C`.
    pre: Option<Preprocessed>,
}

impl Script {
    /// Reads the script and the `-n` texts, through cpp with `-C`.
    fn read(req: &Request) -> Result<Script> {
        let (text, name) = source(req)?;
        let pre = if req.settings.cpp {
            Some(cpp::run(&req.settings, &text, &name)?)
        } else {
            None
        };
        Ok(Script { text, name, pre })
    }

    /// What the compiler reads.
    fn compiled_text(&self) -> &str {
        self.pre.as_ref().map_or(&self.text, |p| &p.text)
    }

    /// `file:line:column` of each span, where the compiled text is what
    /// the user wrote (with `-C`, cpp's output is not: none).
    fn sites(&self, spans: &[compiler::Span]) -> Vec<String> {
        if self.pre.is_some() {
            return Vec::new();
        }
        spans
            .iter()
            .map(|s| {
                let (line, col) = s.line_col(&self.text);
                format!("{}:{line}:{col}", self.name)
            })
            .collect()
    }

    /// Diagnostics rendered against what the user wrote.
    fn fail(&self, diags: &compiler::Diagnostics) -> Error {
        let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Error::Script(match &self.pre {
            Some(pre) => pre.render(diags, &self.text, color),
            None => diags.render(&self.text, &self.name, color),
        })
    }
}

/// The script text and its name for diagnostics.
fn source(req: &Request) -> Result<(String, String)> {
    let mut text = String::new();
    let mut name = "<command line>".to_string();
    if let Some(path) = &req.script {
        text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            what: format!("reading {}", path.display()),
            source,
        })?;
        name = path.display().to_string();
    }
    for d in &req.descriptions {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(d);
        // A bare description enables the probes with the default action.
        if !d.contains('{') {
            text.push_str(" {}");
        }
    }
    Ok((text, name))
}

/// Compiles the request; returns the program, the settings with the
/// script's pragmas applied over the command line's, and the script.
fn compile(req: &Request, target: Option<u64>) -> Result<(Compiled, Settings, Script)> {
    let script = Script::read(req)?;
    let mut opts = req.settings.compiler(target, req.args.clone());
    opts.program = match &req.script {
        Some(path) => path.display().to_string(),
        None => crate::invocation::pname().to_string(),
    };
    let compiled = compiler::compile(script.compiled_text(), &script.name, &opts)
        .map_err(|d| script.fail(&d))?;
    let mut settings = req.settings.clone();
    for p in &compiled.pragmas {
        if let PragmaKind::Option { spec, value } = &p.kind {
            settings.apply(spec, value.clone());
        }
    }
    Ok((compiled, settings, script))
}

/// `#pragma D depends_on provider|module NAME`: each must be here.
fn check_depends(compiled: &Compiled, catalog: &Catalog, script: &Script) -> Result<()> {
    let missing: Vec<compiler::Diagnostic> = compiled
        .pragmas
        .iter()
        .filter_map(|p| match &p.kind {
            PragmaKind::DependsOn { class, name } => {
                let here = catalog.probes.iter().any(|probe| match class {
                    DependClass::Provider => probe.provider == name,
                    DependClass::Module => probe.module == *name,
                });
                (!here)
                    .then(|| compiler::Diagnostic::depends_on_missing(p.span, class.name(), name))
            }
            _ => None,
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let diags = compiler::Diagnostics::new(missing, &script.name, script.compiled_text());
    Err(script.fail(&diags))
}

/// The catalog `descs` match against: ftrace's list is read only when a
/// description can match an fbt probe (or a `depends_on` pragma asks what
/// is here), and the profile probes they name are made.
/// Descriptions that can only match fbt probes skip the rest (syscalls,
/// tracepoints, stable probes), and those naming their functions exactly
/// the other functions too.
fn catalog_for(descs: &[&ProbeDesc], depends: bool) -> Result<Catalog> {
    let mut catalog = if depends {
        Catalog::load()?
    } else if !descs.iter().any(|d| needs_function_list(d)) {
        Catalog::parse("")
    } else if let Some(scope) = fbt_scope(descs) {
        Catalog::load_fbt(&scope)?
    } else {
        Catalog::load()?
    };
    for d in descs {
        catalog.provide(d)?;
    }
    Ok(catalog)
}

fn match_probes<'c>(
    catalog: &'c Catalog,
    desc: &ProbeDesc,
    allow_zero: bool,
) -> Result<Vec<&'c Probe>> {
    let found = catalog.matching(desc)?;
    if found.is_empty() && !allow_zero {
        return Err(Error::Usage(format!(
            "error[D_PDESC_ZERO]: probe description {desc} does not match any probes (rdtrace -l -n '{desc}' lists what does; -Z allows this)"
        )));
    }
    Ok(found)
}

fn list(req: &Request) -> Result<ExitCode> {
    // -c: the command held at its entry point (its objects mapped) while
    // its probes are listed, then killed, as it never runs.
    let command = match &req.command {
        Some(cmd) => {
            let mut t = Target::spawn(cmd)?;
            t.run_to_entry()?;
            Some(t)
        }
        None => None,
    };
    let target_pid = command.as_ref().map(Target::pid).or(req.pid);
    let descs: Vec<ProbeDesc> = if req.descriptions.is_empty() && req.script.is_none() {
        vec![ProbeDesc::default()]
    } else if req.script.is_none() && req.descriptions.iter().all(|d| !d.contains('{')) {
        // `pid$target` with -p or -c, as the compiler expands it.
        let target = target_pid.map(|p| p.to_string());
        req.descriptions
            .iter()
            .map(|d| match &target {
                Some(pid) => parse_desc(&d.replace("$target", pid)),
                None => parse_desc(d),
            })
            .collect()
    } else {
        compile(req, target_pid)?
            .0
            .clauses
            .into_iter()
            .flat_map(|c| c.probes)
            .collect()
    };
    let catalog = catalog_for(&descs.iter().collect::<Vec<_>>(), false)?;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    let _ = writeln!(
        out,
        "{:>6} {:>10} {:>20} {:>32} NAME",
        "ID", "PROVIDER", "MODULE", "FUNCTION"
    );
    let mut seen = std::collections::BTreeSet::new();
    // -v: types from the kernel's BTF where there is one.
    let btf = req
        .verbose
        .then(|| compiler::btf::KernelBtf::load(&compiler::btf::default_path()).ok())
        .flatten();
    for d in &descs {
        for p in match_probes(&catalog, d, req.settings.zdefs)? {
            if seen.insert(p.id) {
                let _ = writeln!(
                    out,
                    "{:>6} {:>10} {:>20} {:>32} {}",
                    p.id, p.provider, p.module, p.function, p.name
                );
                if req.verbose {
                    let _ = write!(out, "{}", crate::probe_info::describe(p, btf.as_ref()));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plans(
    compiled: &Compiled,
    catalog: &Catalog,
    zdefs: bool,
    script: &Script,
) -> Result<Vec<ClausePlan>> {
    compiled
        .clauses
        .iter()
        .map(|c| {
            let mut probes = Vec::new();
            for d in &c.probes {
                // A stable probe only where its provider is named: the
                // compiler gave each its own clause.
                let stable = compiler::stable::PROVIDERS.contains(&d.provider.as_str());
                let found = match_probes(catalog, d, zdefs)?;
                probes.reserve(found.len());
                probes.extend(
                    found
                        .into_iter()
                        .filter(|p| stable || !crate::stable_probes::is_stable(p))
                        .cloned(),
                );
            }
            crate::tracepoints::set_arities(&mut probes);
            let formats: HashMap<u32, crate::compiler::Format> = c
                .formats
                .iter()
                .map(|f| (f.fmt_id, f.format.clone()))
                .collect();
            Ok(ClausePlan {
                predicate: c.predicate.as_ref().map(|p| p.blob.clone()),
                actions: c.actions.blob.clone(),
                formats,
                probes,
                agg_actions: c.agg_actions.iter().cloned().collect(),
                commands: c
                    .formats
                    .iter()
                    .filter_map(|f| Some((f.fmt_id, f.command?)))
                    .collect(),
                sites: FaultSites {
                    predicate: c
                        .predicate
                        .as_ref()
                        .map_or(Vec::new(), |p| script.sites(&p.spans)),
                    actions: script.sites(&c.actions.spans),
                },
                silent: !c.shows_firing,
            })
        })
        .collect()
}

/// The Kafka topic `-o` names, if it names one.
fn kafka_target(req: &Request) -> Option<Result<crate::kafka::Target>> {
    req.output
        .as_deref()
        .and_then(|p| crate::kafka::Target::parse(&p.to_string_lossy()))
}

/// Whether the output shows records' timestamps: NDJSON does (and Kafka,
/// which carries it); DTrace's text does not, so its records need no clock.
fn shows_timestamps(req: &Request) -> bool {
    req.format != output::Format::Text || kafka_target(req).is_some()
}

fn sink(req: &Request, settings: &Settings) -> Result<Box<dyn Sink>> {
    if let Some(target) = kafka_target(req) {
        let out = crate::kafka::publish::Publisher::start(target?);
        return Ok(Box::new(output::JsonSink::new(Box::new(out))));
    }
    use std::os::fd::AsRawFd;
    // With the descriptor ftruncate() empties: the file's, or stdout's
    // (a file when the shell redirected it).
    let (out, fd): (Box<dyn std::io::Write>, _) = match &req.output {
        Some(path) => {
            // Appended to, as dtrace's `fopen(file, "a")`: a run adds to
            // what an earlier one wrote.
            let file = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
                .map_err(|source| Error::Io {
                    what: format!("opening {}", path.display()),
                    source,
                })?;
            let fd = file.as_raw_fd();
            (Box::new(std::io::BufWriter::new(file)), fd)
        }
        // Block-buffered, as dtrace's stdio is: the consumer flushes after
        // each drain (`Session::run`), not a write(2) per line.
        None => (
            Box::new(std::io::BufWriter::with_capacity(
                64 * 1024,
                std::io::stdout(),
            )),
            std::io::stdout().as_raw_fd(),
        ),
    };
    Ok(output::sink(
        req.format,
        out,
        Some(fd),
        settings.quiet,
        settings.flowindent,
    ))
}

/// `-S` (stderr) and `--emit bytecode` (stdout): each clause's DIF.
fn show_dif(compiled: &Compiled, req: &Request) {
    for (i, c) in compiled.clauses.iter().enumerate() {
        let mut text = String::new();
        if let Some(p) = &c.predicate {
            text.push_str(&format!("; clause {} predicate\n{}\n", i + 1, p.asm));
        }
        text.push_str(&format!("; clause {} actions\n{}\n", i + 1, c.actions.asm));
        if req.emit_bytecode {
            print!("{text}");
        }
        if req.show_dif {
            eprint!("{text}");
        }
    }
}

/// `--emit enabling`: the compiled enabling, to `-o FILE` or stdout.
fn emit_enabling(
    req: &Request,
    plans: &[ClausePlan],
    compiled: &Compiled,
    settings: &Settings,
) -> Result<ExitCode> {
    let printing = crate::enabling_file::Printing {
        quiet: settings.quiet,
        flowindent: settings.flowindent,
        aggs: &compiled.aggs,
        sort: agg_sort(settings),
    };
    let blob = crate::enabling_file::encode_printing(plans, &settings.consumer(), &printing);
    if req.anonymous_write {
        return crate::anonymous::save(req.output.as_deref(), &blob);
    }
    let written = match &req.output {
        Some(path) => std::fs::write(path, &blob),
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), &blob),
    };
    written.map_err(|source| Error::Io {
        what: "writing the enabling".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The printer of `req`'s output (stdout or `-o`).
pub fn output_sink(req: &Request, settings: &Settings) -> Result<Box<dyn Sink>> {
    sink(req, settings)
}

/// What DTrace names in its "matched N probes" notice: the script, or
/// the `-n` text as given.
fn matched_what(req: &Request) -> String {
    match &req.script {
        Some(path) => format!("script '{}'", path.display()),
        None => format!("description '{}'", req.descriptions.join(" ")),
    }
}

/// Runs the request.
pub fn run(req: &Request, paths: &Paths) -> Result<ExitCode> {
    if req.list {
        return list(req);
    }
    if req.anonymous_claim {
        return crate::anonymous::claim(req, paths);
    }
    if req.descriptions.is_empty() && req.script.is_none() {
        return Err(Error::Usage(
            "nothing to trace: give -n 'probe { actions }' or -s script.d (see --help)".into(),
        ));
    }
    // SIGINT and SIGTERM are caught from the start, not only once tracing
    // runs: one that arrives while the probes are being enabled (seconds on
    // a slow kernel) ends the run as soon as it starts, instead of being
    // lost (a background job in a script starts with SIGINT ignored).
    // Not for -e, which a SIGINT should still just end.
    let emits = req.emit_enabling || req.anonymous_write;
    let interrupted = (!req.compile_only && !emits).then(interrupt_flag);
    // The device first: a missing module should be the first thing said.
    let dev = if req.compile_only || emits {
        None
    } else {
        Some(Device::open(paths)?)
    };
    let mut target = match &req.command {
        Some(cmd) => Some(Target::spawn(cmd)?),
        None => None,
    };
    let target_pid = target.as_ref().map(Target::pid).or(req.pid);
    let (compiled, settings, script) = compile(req, target_pid)?;
    crate::stacks::set_indent(settings.stack_indent());
    for name in ["aggzoom", "agghist", "aggpack"] {
        let value = if settings.flag(name) { "on" } else { "off" };
        crate::agg_print::display::set(name, Some(value));
    }
    crate::agg_print::display::set("encoding", settings.choice("encoding"));
    crate::output::print_type::set_printsize(settings.print_size());
    crate::user_syms::set_resolve(!settings.flag("noresolve"));
    show_dif(&compiled, req);
    let descs: Vec<&ProbeDesc> = compiled.clauses.iter().flat_map(|c| &c.probes).collect();
    // pid and USDT probes need the command's objects mapped; user stacks
    // need them read while it lives, for frames printed after it exits.
    let user_stacks = names_user_addresses(&compiled);
    if user_stacks
        || descs.iter().any(|d| {
            crate::pid_probes::pid_of(&d.provider).is_some()
                || crate::usdt_probes::split(&d.provider)
                    .is_some_and(|(_, p)| Some(u64::from(p)) == target_pid)
        })
    {
        if let Some(t) = target.as_mut() {
            t.run_to_entry()?;
        }
    }
    if let Some(pid) = target_pid.filter(|_| user_stacks) {
        crate::user_syms::remember(pid as u32);
    }
    let depends = compiled
        .pragmas
        .iter()
        .any(|p| matches!(p.kind, PragmaKind::DependsOn { .. }));
    let catalog = catalog_for(&descs, depends)?;
    check_depends(&compiled, &catalog, &script)?;
    let plans = plans(&compiled, &catalog, settings.zdefs, &script)?;
    if req.verbose {
        print!("{}", stability::report(&script.name, &descs));
    }
    if emits {
        return emit_enabling(req, &plans, &compiled, &settings);
    }
    let Some(dev) = dev else {
        return Ok(ExitCode::SUCCESS);
    };
    refuse_symbol_sites(&catalog, &plans)?;
    let interrupted = interrupted.unwrap_or_else(interrupt_flag);
    let mut opts = settings.consumer();
    if !shows_timestamps(req) {
        opts.flags |= rdtrace_uapi::trace::ENABLE_NO_RECORD_TIME;
    }
    let nprobes: usize = plans.iter().map(|p| probes_matched(&p.probes)).sum();
    let mut session = Session::enable(&dev, plans, &opts)?;
    session.set_wake_fd(target.as_ref().and_then(Target::exit_fd));
    session.set_aggregations(compiled.aggs.clone());
    session.set_stack_output(req.stack_output.clone());
    session.set_agg_sort(agg_sort(&settings));
    if !settings.quiet {
        eprintln!(
            "{}: {} matched {nprobes} probe{}",
            crate::invocation::pname(),
            matched_what(req),
            if nprobes == 1 { "" } else { "s" }
        );
        // dtrace's notice once tracing has started.
        if settings.destructive {
            eprintln!(
                "{}: allowing destructive actions",
                crate::invocation::pname()
            );
        }
    }
    let mut out = sink(req, &settings)?;
    let pid = req.pid;
    let mut released = false;
    let ending = session.run(&opts, out.as_mut(), || {
        if let Some(t) = target.as_mut() {
            if !released {
                t.release();
                released = true;
            }
            if t.exited().is_some() {
                return true;
            }
        }
        if let Some(p) = pid {
            if !std::path::Path::new(&format!("/proc/{p}")).exists() {
                return true;
            }
        }
        interrupted.load(Ordering::Relaxed)
    })?;
    // A Kafka output waits here for the broker's acknowledgements.
    drop(out);
    // The process exits next: the catalog and the session's plans are
    // left to it, not freed one probe at a time (with every function
    // probed, ~50 ms of the teardown under TCG).
    std::mem::forget(session);
    std::mem::forget(catalog);
    if crate::kafka::publish::undelivered() > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ending.exit_code())
}

/// Whether the program records user addresses the consumer names
/// (`ustack()`, `usym()` and its kin: traced, or as aggregation keys).
fn names_user_addresses(compiled: &Compiled) -> bool {
    use compiler::printf_format::{Piece, USER_CONVS};
    use compiler::types::Type;
    let stacks = compiled
        .clauses
        .iter()
        .flat_map(|c| &c.records)
        .any(|r| matches!(r, compiler::RecordItem::Ustack(_)));
    let symbols = compiled.clauses.iter().flat_map(|c| &c.formats).any(|f| {
        f.format
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::Conversion(c) if USER_CONVS.contains(c.conv)))
    });
    let keys = compiled
        .aggs
        .iter()
        .flat_map(|a| &a.keys)
        .any(|t| matches!(t, Type::Ustack | Type::Usym(_)));
    stacks || symbols || keys
}

/// How many probes a clause matched: another site of a probe (a USDT
/// probe written twice in a function: same ID, another address) is not
/// another probe.
/// Refuses to enable fbt or syscall probes whose sites came from kallsyms
/// (ftrace's list unreadable, as under lockdown=confidentiality): a symbol
/// is not always its function's ftrace site, and such a probe would
/// silently never fire.
fn refuse_symbol_sites(catalog: &Catalog, plans: &[ClausePlan]) -> Result<()> {
    let Some(why) = &catalog.function_list_unreadable else {
        return Ok(());
    };
    let ftrace = [
        PROBE_ENTRY,
        PROBE_RETURN,
        PROBE_SYSCALL_ENTRY,
        PROBE_SYSCALL_RETURN,
    ];
    let Some(p) = plans
        .iter()
        .flat_map(|c| &c.probes)
        .find(|p| ftrace.contains(&p.kind))
    else {
        return Ok(());
    };
    let locked = std::fs::read_to_string("/sys/kernel/security/lockdown")
        .ok()
        .filter(|l| !l.contains("[none]"))
        .map_or(String::new(), |l| {
            format!(" (the kernel is locked down: {})", l.trim())
        });
    Err(Error::Usage(format!(
        "cannot enable {}:{}:{}:{}: fbt and syscall probes need ftrace's function list, and {why}{locked}",
        p.provider, p.module, p.function, p.name
    )))
}

fn probes_matched(probes: &[Probe]) -> usize {
    // One description's probes come in the catalog's order, each ID once.
    if probes.windows(2).all(|w| w[0].id < w[1].id) {
        return probes.len();
    }
    // foldhash, not SipHash: a whole-kernel enabling has ~50,000 probes.
    let hasher = foldhash::fast::RandomState::default;
    let mut ids = std::collections::HashSet::with_capacity_and_hasher(probes.len(), hasher());
    let mut sites = std::collections::HashSet::with_capacity_and_hasher(probes.len(), hasher());
    probes
        .iter()
        .filter(|p| {
            let new_id = ids.insert(p.id);
            let new_site = sites.insert((p.id, p.addr));
            new_id || !new_site
        })
        .count()
}

/// The aggregation sort options the script and command line set.
fn agg_sort(settings: &Settings) -> crate::agg_print::view::SortOpts {
    use crate::option_table::Value;
    let mut sort = crate::agg_print::view::SortOpts::default();
    for name in ["aggsortkey", "aggsortrev", "aggsortpos", "aggsortkeypos"] {
        let text = match settings.stored.get(name) {
            Some(Value::Flag(true)) => None,
            Some(Value::Flag(false)) => Some("false".to_string()),
            Some(Value::Count(n)) => Some(n.to_string()),
            _ => continue,
        };
        sort.set(name, text.as_deref());
    }
    sort
}
