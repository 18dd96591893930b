//! The tracing command (`-n`, `-s`, `-l`, `-c`, `-p`, ...): compile, match
//! probes, enable, consume, and exit as dtrace does.

use crate::compiler::{self, Compiled};
use crate::consumer::{ClausePlan, Ending, Options, Session};
use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::output::Printer;
use crate::probes::{needs_function_list, parse_desc, Catalog, Probe, ProbeDesc};
use crate::target::Target;
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the user asked for.
#[derive(Debug, Default)]
pub struct Request {
    /// `-n` texts: clauses, or bare probe descriptions.
    pub descriptions: Vec<String>,
    /// `-s` script file.
    pub script: Option<std::path::PathBuf>,
    /// `-l`: list the matching probes instead of tracing.
    pub list: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-o`.
    pub output: Option<std::path::PathBuf>,
    /// `-x` settings.
    pub settings: Vec<String>,
    /// `-c`.
    pub command: Option<String>,
    /// `-p`.
    pub pid: Option<u64>,
    /// `-Z`: allow descriptions that match no probe.
    pub allow_zero: bool,
    /// `-e`: compile and match only.
    pub compile_only: bool,
    /// `--emit bytecode`: print each clause's DIF.
    pub emit_bytecode: bool,
    /// `$1..`.
    pub args: Vec<String>,
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

fn compile(req: &Request, target: Option<u64>) -> Result<Compiled> {
    let (text, name) = source(req)?;
    let opts = compiler::Options {
        target,
        args: req.args.clone(),
    };
    compiler::compile(&text, &name, &opts).map_err(|d| {
        let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Error::Script(d.render(&text, &name, color))
    })
}

/// The catalog `descs` match against: ftrace's list is read only when a
/// description can match an fbt probe, and the profile probes they name
/// are made.
fn catalog_for(descs: &[&ProbeDesc]) -> Result<Catalog> {
    let mut catalog = if descs.iter().any(|d| needs_function_list(d)) {
        Catalog::load()?
    } else {
        Catalog::parse("")
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
            "probe description {desc} does not match any probes (rdtrace -l -n '{desc}' lists what does; -Z allows this)"
        )));
    }
    Ok(found)
}

fn list(req: &Request) -> Result<ExitCode> {
    let descs: Vec<ProbeDesc> = if req.descriptions.is_empty() && req.script.is_none() {
        vec![ProbeDesc::default()]
    } else if req.script.is_none() && req.descriptions.iter().all(|d| !d.contains('{')) {
        req.descriptions.iter().map(|d| parse_desc(d)).collect()
    } else {
        compile(req, req.pid)?
            .clauses
            .into_iter()
            .flat_map(|c| c.probes)
            .collect()
    };
    let catalog = catalog_for(&descs.iter().collect::<Vec<_>>())?;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    let _ = writeln!(
        out,
        "{:>6} {:>10} {:>20} {:>32} NAME",
        "ID", "PROVIDER", "MODULE", "FUNCTION"
    );
    let mut seen = std::collections::BTreeSet::new();
    for d in &descs {
        for p in match_probes(&catalog, d, req.allow_zero)? {
            if seen.insert(p.id) {
                let _ = writeln!(
                    out,
                    "{:>6} {:>10} {:>20} {:>32} {}",
                    p.id, p.provider, p.module, p.function, p.name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plans(compiled: &Compiled, req: &Request) -> Result<Vec<ClausePlan>> {
    let descs: Vec<&ProbeDesc> = compiled.clauses.iter().flat_map(|c| &c.probes).collect();
    let catalog = catalog_for(&descs)?;
    compiled
        .clauses
        .iter()
        .map(|c| {
            let mut probes = Vec::new();
            for d in &c.probes {
                probes.extend(
                    match_probes(&catalog, d, req.allow_zero)?
                        .into_iter()
                        .cloned(),
                );
            }
            let formats: HashMap<u32, String> = c
                .formats
                .iter()
                .map(|f| (f.fmt_id, f.format.text.clone()))
                .collect();
            Ok(ClausePlan {
                predicate: c.predicate.as_ref().map(|p| p.blob.clone()),
                actions: c.actions.blob.clone(),
                formats,
                probes,
            })
        })
        .collect()
}

fn printer(req: &Request) -> Result<Printer> {
    let out: Box<dyn std::io::Write> = match &req.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|source| Error::Io {
                what: format!("creating {}", path.display()),
                source,
            })?,
        )),
        None => Box::new(std::io::stdout()),
    };
    Ok(Printer::new(out, req.quiet))
}

/// Runs the request.
pub fn run(req: &Request, paths: &Paths) -> Result<ExitCode> {
    if req.list {
        return list(req);
    }
    if req.descriptions.is_empty() && req.script.is_none() {
        return Err(Error::Usage(
            "nothing to trace: give -n 'probe { actions }' or -s script.d (see --help)".into(),
        ));
    }
    let mut opts = Options::default();
    for s in &req.settings {
        crate::options::apply(&mut opts, s)?;
    }
    // The device first: a missing module should be the first thing said.
    let dev = if req.compile_only {
        None
    } else {
        Some(Device::open(paths)?)
    };
    let mut target = match &req.command {
        Some(cmd) => Some(Target::spawn(cmd)?),
        None => None,
    };
    let target_pid = target.as_ref().map(Target::pid).or(req.pid);
    let compiled = compile(req, target_pid)?;
    if req.emit_bytecode {
        for (i, c) in compiled.clauses.iter().enumerate() {
            if let Some(p) = &c.predicate {
                println!("; clause {} predicate\n{}", i + 1, p.asm);
            }
            println!("; clause {} actions\n{}", i + 1, c.actions.asm);
        }
    }
    let plans = plans(&compiled, req)?;
    let Some(dev) = dev else {
        return Ok(ExitCode::SUCCESS);
    };
    let nprobes: usize = plans.iter().map(|p| p.probes.len()).sum();
    let mut session = Session::enable(&dev, plans, &opts)?;
    let interrupted = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(sig, Arc::clone(&interrupted));
    }
    if !req.quiet {
        eprintln!(
            "rdtrace: description matched {nprobes} probe{}",
            if nprobes == 1 { "" } else { "s" }
        );
    }
    let mut out = printer(req)?;
    let pid = req.pid;
    let mut released = false;
    let ending = session.run(&opts, &mut out, || {
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
    Ok(match ending {
        Ending::Exit(status) => ExitCode::from(status as u8),
        Ending::Stopped => ExitCode::SUCCESS,
        Ending::Deadman => ExitCode::FAILURE,
    })
}
