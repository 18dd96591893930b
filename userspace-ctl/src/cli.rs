//! Command-line parsing and dispatch.

use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::info::InfoReport;
use crate::trace_cmd::{self, Request};
use crate::{blobs, program};
use clap::{Parser, Subcommand};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::load::LOAD_TEST_RUN;
use std::path::PathBuf;
use std::process::ExitCode;

/// DTrace-style dynamic tracing for Linux.
///
/// Trace: rdtrace -n 'fbt::ksys_read:entry { printf("%s %d\n", execname, arg2); }'
#[derive(Debug, Parser)]
#[command(name = "rdtrace", version, about)]
pub struct Args {
    /// The device to use.
    #[arg(long, global = true, default_value = "/dev/rdtrace")]
    pub device: PathBuf,
    /// A clause (`probe /pred/ { actions }`) or a bare probe description.
    #[arg(short = 'n', value_name = "CLAUSE")]
    pub descriptions: Vec<String>,
    /// A D script file.
    #[arg(short = 's', value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// List the probes matching -n/-s (all probes without them).
    #[arg(short = 'l')]
    pub list: bool,
    /// Quiet: print only what the clauses print.
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Write the trace output to FILE.
    #[arg(short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Set an option: bufsize=4m, bufpolicy=switch|fill|ring, switchrate=10hz.
    #[arg(short = 'x', value_name = "OPT=VAL")]
    pub settings: Vec<String>,
    /// Run CMD, trace until it exits; `$target` is its pid.
    #[arg(short = 'c', value_name = "CMD")]
    pub command_line: Option<String>,
    /// Trace until process PID exits; `$target` is PID.
    #[arg(short = 'p', value_name = "PID")]
    pub pid: Option<u64>,
    /// Allow probe descriptions that match no probe.
    #[arg(short = 'Z')]
    pub allow_zero: bool,
    /// Compile and match probes only; do not trace.
    #[arg(short = 'e')]
    pub compile_only: bool,
    /// Print the compiled DIF of each clause (`--emit bytecode`).
    #[arg(long, value_name = "WHAT", value_parser = ["bytecode"])]
    pub emit: Option<String>,
    /// Macro arguments `$1`, `$2`, ...
    #[arg(last = true)]
    pub macro_args: Vec<String>,
    /// What to do, if not tracing.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the module's ABI version and facts about the kernel.
    Info {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Assemble a DIF program (`.s` text) into a binary blob.
    Asm {
        /// The assembly file.
        file: PathBuf,
        /// Where to write the blob.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print a DIF program (a blob, or `.s` text) as assembly.
    Disasm {
        /// The program file.
        file: PathBuf,
    },
    /// Verify a DIF program on the host; print its worst-case cost or why it is rejected.
    Verify {
        /// The program file (`.s` text or a blob).
        file: PathBuf,
    },
    /// Hand a DIF program to the kernel's verifier; with --run, run it once there.
    Load {
        /// The program file (`.s` text or a blob).
        file: PathBuf,
        /// Run the program once in the kernel and print its result.
        #[arg(long)]
        run: bool,
        /// Probe arguments arg0..arg5 for --run (decimal or 0x hex).
        #[arg(long = "arg", value_parser = parse_u64, num_args = 1)]
        args: Vec<u64>,
    },
    /// List this kernel's functions that rdtrace refuses to probe.
    Denylist,
    /// Trace with clauses whose programs are DIF files (a developer path,
    /// see src/dif_trace.rs): 'DESC;ACTIONS.s' or 'DESC;PREDICATE.s;ACTIONS.s'.
    #[command(hide = true)]
    TraceDif {
        /// The clauses.
        #[arg(required = true)]
        clauses: Vec<String>,
        /// Set an option, as for tracing.
        #[arg(short = 'x', value_name = "OPT=VAL")]
        settings: Vec<String>,
        /// Quiet: print only what the clauses print.
        #[arg(short = 'q')]
        quiet: bool,
        /// Run CMD, trace until it exits.
        #[arg(short = 'c', value_name = "CMD")]
        command: Option<String>,
    },
    /// Check that the kernel's verifier agrees with the host's on random blobs.
    #[command(hide = true)]
    CheckVerifier {
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many blobs.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
    },
}

fn parse_u64(s: &str) -> std::result::Result<u64, String> {
    let parsed = match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s
            .parse::<i64>()
            .map(|v| v as u64)
            .or_else(|_| s.parse::<u64>()),
    };
    parsed.map_err(|e| format!("not a number: {e}"))
}

/// Parses the command line and runs it.
pub fn run() -> Result<ExitCode> {
    let args = Args::parse();
    let paths = Paths {
        device: args.device.clone(),
        ..Paths::default()
    };
    let Some(command) = args.command else {
        let req = Request {
            descriptions: args.descriptions,
            script: args.script,
            list: args.list,
            quiet: args.quiet,
            output: args.output,
            settings: args.settings,
            command: args.command_line,
            pid: args.pid,
            allow_zero: args.allow_zero,
            compile_only: args.compile_only,
            emit_bytecode: args.emit.is_some(),
            args: args.macro_args,
        };
        return trace_cmd::run(&req, &paths);
    };
    match command {
        Command::Info { json } => {
            let dev = Device::open(&paths)?;
            let report = InfoReport::from(dev.info());
            if json {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_text());
            }
        }
        Command::Asm { file, output } => {
            let blob = program::read(&file)?;
            std::fs::write(&output, blob).map_err(|source| Error::Io {
                what: format!("writing {}", output.display()),
                source,
            })?;
        }
        Command::Disasm { file } => {
            println!("{}", program::disasm(&program::read(&file)?)?.trim_end())
        }
        Command::Verify { file } => {
            let blob = program::read(&file)?;
            let (ok, line) = program::verdict_line(&blob);
            if !ok {
                return Err(Error::Rejected(line));
            }
            println!("{line}");
        }
        Command::Load { file, run, args } => load(&paths, &file, run, &args)?,
        Command::Denylist => {
            for name in crate::probes::Catalog::load_denied()? {
                println!("{name}");
            }
        }
        Command::CheckVerifier { seed, count } => return check_verifier(&paths, seed, count),
        Command::TraceDif {
            clauses,
            settings,
            quiet,
            command,
        } => {
            let req = crate::dif_trace::DifRequest {
                clauses,
                settings,
                quiet,
                command,
            };
            return crate::dif_trace::run(&req, &paths);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load(paths: &Paths, file: &std::path::Path, run: bool, args: &[u64]) -> Result<()> {
    let blob = program::read(file)?;
    let dev = Device::open(paths)?;
    let mut argv = [0u64; 6];
    for (slot, v) in argv.iter_mut().zip(args) {
        *slot = *v;
    }
    let flags = if run { LOAD_TEST_RUN } else { 0 };
    let (accepted, res) = dev.load(&blob, flags, argv).map_err(|source| Error::Io {
        what: "LOAD ioctl".into(),
        source,
    })?;
    if !accepted {
        let why = program::explain(&blob, res.error_code, res.error_insn, res.message_str());
        return Err(Error::Rejected(format!("kernel: {why}")));
    }
    println!(
        "kernel: accepted, at most {} instructions executed",
        res.bound
    );
    if run {
        match FaultCode::from_u8(res.fault as u8).filter(|_| res.fault != 0) {
            None => println!(
                "run: returned {} ({:#x}) after {} instructions",
                res.retval as i64, res.retval, res.executed
            ),
            Some(code) => println!(
                "run: fault {} at instruction {} (address {:#x}) after {} instructions",
                code.name(),
                res.fault_insn,
                res.fault_addr,
                res.executed
            ),
        }
    }
    Ok(())
}

fn check_verifier(paths: &Paths, seed: u64, count: usize) -> Result<ExitCode> {
    let dev = Device::open(paths)?;
    let (mut accepted, mut mismatches) = (0usize, 0usize);
    for (i, blob) in blobs::generate(seed, count).iter().enumerate() {
        let host = program::verify_host(blob);
        let kernel = dev.load(blob, 0, [0; 6]).map_err(|source| Error::Io {
            what: format!("LOAD of blob {i}"),
            source,
        })?;
        let same = match (&host, &kernel) {
            (Ok(v), (true, r)) => v.cost() == r.bound,
            (Err(e), (false, r)) => e.code() == r.error_code && e.insn() == r.error_insn,
            _ => false,
        };
        accepted += usize::from(host.is_ok());
        if !same {
            mismatches += 1;
            eprintln!("blob {i}: host {host:?}, kernel {:?}", kernel.1);
        }
    }
    println!(
        "{count} blobs: {accepted} accepted, {} rejected, {mismatches} verdicts differ",
        count - accepted
    );
    Ok(if mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
