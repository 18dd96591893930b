//! Command-line parsing and dispatch.

use crate::device::{Device, Paths};
use crate::error::{Error, Result};
use crate::folded::StackOutput;
use crate::info::InfoReport;
use crate::settings::Settings;
use crate::trace_cmd::{self, Request};
use crate::{blobs, program};
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use rdtrace_uapi::dif::fault::FaultCode;
use rdtrace_uapi::load::LOAD_TEST_RUN;
use std::path::PathBuf;
use std::process::ExitCode;

/// DTrace-style dynamic tracing for Linux.
///
/// Trace: rdtrace -n 'fbt::ksys_read:entry { printf("%s %d\n", execname, arg2); }'
#[derive(Debug, Parser)]
#[command(
    name = "rdtrace",
    about,
    disable_version_flag = true,
    args_override_self = true
)]
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
    /// Quiet: print only what the clauses print (-x quiet).
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Allow destructive actions (-x destructive).
    #[arg(short = 'w')]
    pub destructive: bool,
    /// Indent function entries and returns, per CPU (-x flowindent).
    #[arg(short = 'F')]
    pub flowindent: bool,
    /// Principal buffer size per CPU, e.g. 8k or 4m (-x bufsize).
    #[arg(short = 'b', value_name = "SIZE")]
    pub bufsize: Vec<String>,
    /// Allow probe descriptions that match no probe (-x zdefs).
    #[arg(short = 'Z')]
    pub zdefs: bool,
    /// Set an option: -x quiet, -x bufsize=4m, -x switchrate=10hz (dtrace's names).
    #[arg(short = 'x', value_name = "OPT[=VAL]")]
    pub settings: Vec<String>,
    /// Run the C preprocessor (cpp) on the script first (-x cpp).
    #[arg(short = 'C')]
    pub cpp: bool,
    /// Define NAME for the preprocessor (with -C).
    #[arg(short = 'D', value_name = "NAME[=VAL]")]
    pub define: Vec<String>,
    /// Undefine NAME for the preprocessor (with -C).
    #[arg(short = 'U', value_name = "NAME")]
    pub undef: Vec<String>,
    /// Add DIR to the preprocessor's include path (with -C).
    #[arg(short = 'I', value_name = "DIR")]
    pub incdir: Vec<String>,
    /// Print the files the preprocessor includes (with -C).
    #[arg(short = 'H')]
    pub cpp_headers: bool,
    /// Append the trace output to FILE (as dtrace does), or publish it to a Kafka topic
    /// (`kafka://BROKER[,BROKER...]/TOPIC`: NDJSON, as --format json,
    /// each event keyed by this host's name).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Run CMD, trace until it exits; `$target` is its pid.
    #[arg(short = 'c', value_name = "CMD")]
    pub command_line: Option<String>,
    /// Trace until process PID exits; `$target` is PID.
    #[arg(short = 'p', value_name = "PID")]
    pub pid: Option<u64>,
    /// Compile and match probes only; do not trace.
    #[arg(short = 'e')]
    pub compile_only: bool,
    /// Print each clause's compiled DIF on stderr.
    #[arg(short = 'S')]
    pub show_dif: bool,
    /// Verbose: print each clause's probes and stability attributes.
    #[arg(short = 'v')]
    pub verbose: bool,
    /// Print the D version and rdtrace's, and exit.
    #[arg(short = 'V', long = "version")]
    pub version: bool,
    /// Print the compiled DIF of each clause on stdout (`--emit bytecode`),
    /// or write the compiled enabling for an in-kernel consumer to -o FILE
    /// or stdout, and exit (`--emit enabling`; see uapi/rdtrace_kapi.h).
    #[arg(long, value_name = "WHAT", value_parser = ["bytecode", "enabling"])]
    pub emit: Option<String>,
    /// Anonymous tracing: write the enabling that rdtrace.ko starts when it
    /// loads (its `anonymous` parameter) instead of tracing: to -o FILE, or
    /// to /etc/rdtrace/anonymous.enab with /etc/modprobe.d/rdtrace.conf.
    #[arg(short = 'A')]
    pub anonymous_write: bool,
    /// Claim the anonymous tracing session and consume it: what it
    /// recorded since the module loaded, then on until stopped.
    #[arg(short = 'a')]
    pub anonymous_claim: bool,
    /// Output format: `text` (dtrace's), `json` (NDJSON: one object a
    /// line, see schema/rdtrace-ndjson.schema.json) or `folded` (stack
    /// aggregations as `frame;frame;... count` lines, for flame graphs).
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json", "folded"])]
    pub format: Option<String>,
    /// Draw the stack aggregations as a flame graph SVG into FILE.
    #[arg(long, value_name = "FILE.svg")]
    pub flamegraph: Option<PathBuf>,
    /// Macro arguments `$1`, `$2`, ... (after the script, or after `--`).
    #[arg(value_name = "ARG")]
    pub macro_args: Vec<String>,
    /// What to do, if not tracing.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The D version rdtrace's language follows, as `dtrace -V` names it.
pub const D_VERSION: &str = "D 1.13";

/// The option-setting flags in command-line order, each as the option it
/// sets (`-q` is `quiet`, `-b 8k` is `bufsize=8k`), with its text for
/// messages: dtrace applies them in order, so the last one wins.
fn option_flags(m: &ArgMatches) -> Vec<(String, String, Option<String>)> {
    let mut found: Vec<(usize, String, String, Option<String>)> = Vec::new();
    let flags = [
        ("quiet", 'q', "quiet"),
        ("destructive", 'w', "destructive"),
        ("flowindent", 'F', "flowindent"),
        ("zdefs", 'Z', "zdefs"),
        ("cpp", 'C', "cpp"),
        ("cpp_headers", 'H', "cpphdrs"),
    ];
    for (id, short, option) in flags {
        if m.get_flag(id) {
            let at = m.index_of(id).unwrap_or(0);
            found.push((at, format!("-{short}"), option.into(), None));
        }
    }
    let valued = [
        ("bufsize", 'b', Some("bufsize")),
        ("define", 'D', Some("define")),
        ("undef", 'U', Some("undef")),
        ("incdir", 'I', Some("incdir")),
        ("settings", 'x', None),
    ];
    for (id, short, option) in valued {
        let (Some(values), Some(at)) = (m.get_many::<String>(id), m.indices_of(id)) else {
            continue;
        };
        for (value, at) in values.zip(at) {
            let shown = format!("-{short} {value}");
            let (name, value) = match option {
                Some(name) => (name.to_string(), Some(value.clone())),
                None => match value.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (value.clone(), None),
                },
            };
            found.push((at, shown, name, value));
        }
    }
    found.sort_by_key(|f| f.0);
    found.into_iter().map(|(_, s, n, v)| (s, n, v)).collect()
}

/// The validated settings of the option flags, in order.
fn settings(m: &ArgMatches) -> Result<Settings> {
    let mut settings = Settings::default();
    for (setting, name, value) in option_flags(m) {
        settings
            .set(&name, value.as_deref())
            .map_err(|error| Error::BadOption { setting, error })?;
    }
    Ok(settings)
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check `--format json` output: every line parses and follows the
    /// schema (schema/rdtrace-ndjson.schema.json). Exits 1 if one does not.
    #[command(name = "validate-json")]
    ValidateJson {
        /// The NDJSON file.
        file: PathBuf,
    },
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
    /// Print the records an in-kernel consumer forwarded (rdtrace_dlog's
    /// frames, as its collector saved them) as rdtrace prints them.
    Decode {
        /// The frames (standard input if none).
        file: Option<PathBuf>,
        /// Merge the hosts' aggregations into one printout (the fleet's
        /// view: they must have traced the same aggregations).
        #[arg(long)]
        merge: bool,
        /// Publish the events to a Kafka topic instead, each host's keyed
        /// by its name, as `rdtrace -o kafka://` does.
        #[arg(short = 'o', long = "output", value_name = "kafka://BROKER/TOPIC")]
        output: Option<String>,
    },
    /// Read a Kafka topic that hosts published to (`-o kafka://...`) and
    /// print their aggregations merged exactly, as one.
    Collect {
        /// `kafka://BROKER[,BROKER...]/TOPIC`.
        url: String,
        /// Only this host's events.
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
        /// Output format: `text` (dtrace's) or `json` (NDJSON).
        #[arg(long, value_name = "FORMAT", value_parser = ["text", "json"])]
        format: Option<String>,
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
    /// Enable random programs on busy probes for a while (see
    /// src/probe_fuzz): the kernel must run or refuse each safely.
    #[command(hide = true)]
    FuzzProbes {
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How long to run.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
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
    let matches = Args::command().get_matches();
    let args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if args.version {
        println!(
            "rdtrace: {D_VERSION} (rdtrace {})",
            env!("CARGO_PKG_VERSION")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let paths = Paths {
        device: args.device.clone(),
        ..Paths::default()
    };
    let Some(command) = args.command else {
        let req = Request {
            descriptions: args.descriptions,
            script: args.script,
            list: args.list,
            output: args.output,
            settings: settings(&matches)?,
            command: args.command_line,
            pid: args.pid,
            compile_only: args.compile_only,
            emit_bytecode: args.emit.as_deref() == Some("bytecode"),
            emit_enabling: args.emit.as_deref() == Some("enabling"),
            anonymous_write: args.anonymous_write,
            anonymous_claim: args.anonymous_claim,
            show_dif: args.show_dif,
            verbose: args.verbose,
            args: args.macro_args,
            stack_output: StackOutput {
                folded: args.format.as_deref() == Some("folded"),
                flamegraph: args.flamegraph,
            },
            format: match args.format.as_deref() {
                Some("json") => crate::output::Format::Json,
                _ => crate::output::Format::Text,
            },
        };
        return trace_cmd::run(&req, &paths);
    };
    match command {
        Command::ValidateJson { file } => {
            let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
                what: format!("reading {}", file.display()),
                source,
            })?;
            let problems = crate::output::validate::problems(&text);
            if !problems.is_empty() {
                return Err(Error::Usage(problems.join("\n")));
            }
            println!("{}: {} lines valid", file.display(), text.lines().count());
        }
        Command::Info { json } => {
            let dev = Device::open(&paths)?;
            let mut info = *dev.info();
            info.ftrace_functions = dev.count_functions().map_err(|source| Error::Io {
                what: "counting ftrace's functions (FUNCTIONS ioctl)".into(),
                source,
            })?;
            let report = InfoReport::from(&info);
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
        Command::FuzzProbes { seed, seconds } => {
            let req = crate::probe_fuzz::FuzzRequest { seed, seconds };
            return crate::probe_fuzz::run(&req, &paths);
        }
        Command::Collect { url, host, format } => {
            let format = match format.as_deref() {
                Some("json") => crate::output::Format::Json,
                _ => crate::output::Format::Text,
            };
            return crate::kafka::collect::run(&url, host.as_deref(), format);
        }
        Command::Decode {
            file,
            merge,
            output,
        } => {
            let kafka = match output.as_deref().map(crate::kafka::Target::parse) {
                None => None,
                Some(Some(t)) => Some(t?),
                Some(None) => {
                    return Err(Error::Usage(
                        "decode -o: only kafka://BROKER/TOPIC is supported".into(),
                    ))
                }
            };
            return crate::decode_cmd::run(file.as_deref(), merge, kafka);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_of(args: &[&str]) -> Settings {
        let m = Args::command()
            .try_get_matches_from([&["rdtrace"], args].concat())
            .unwrap();
        settings(&m).unwrap()
    }

    #[test]
    fn option_flags_apply_in_command_line_order() {
        assert!(!settings_of(&["-q", "-x", "quiet=no", "-n", "BEGIN"]).quiet);
        assert!(settings_of(&["-x", "quiet=no", "-q", "-n", "BEGIN"]).quiet);
        assert_eq!(
            settings_of(&["-b", "8k", "-x", "bufsize=16k"]).bufsize,
            16 << 10
        );
        assert_eq!(
            settings_of(&["-x", "bufsize=16k", "-b", "8k"]).bufsize,
            8 << 10
        );
        let s = settings_of(&["-C", "-D", "A", "-U", "B", "-I/x", "-DC=1", "-H"]);
        assert!(s.cpp && s.cpp_headers);
        assert_eq!(s.cpp_args, ["-DA", "-UB", "-I/x", "-DC=1"]);
        let s = settings_of(&["-wqFZn", "BEGIN"]);
        assert!(s.destructive && s.quiet && s.flowindent && s.zdefs);
    }
}
