//! `rdtrace-bench-report`: reads the console output of `make bench`, keeps
//! its `RDBENCH` lines, and prints the benchmark's statistics as text tables;
//! optionally also as JSON and as a PNG bar chart.

mod analyze;
mod chart;
mod json;
mod paired;
mod raw;
mod report;
mod stats;
mod table;
mod text;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

#[derive(Parser)]
#[command(
    version,
    about = "Statistics of the RDBENCH lines that `make bench` prints"
)]
struct Args {
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Also draw the per-hit overhead as a PNG bar chart into this file.
    #[arg(long, value_name = "PATH")]
    png: Option<PathBuf>,
    /// The VM's console output; standard input when absent or `-`.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("rdtrace-bench-report: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<ExitCode> {
    let (name, input) = read_input(args.input)?;
    let bench = raw::parse(&input).with_context(|| name.clone())?;
    let report = analyze::analyze(&bench)?;
    std::io::stdout()
        .write_all(text::render(&report).as_bytes())
        .context("writing the report")?;
    if let Some(path) = &args.json {
        std::fs::write(path, json::render(&report))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.png {
        if !chart::write_png(&report, path)? {
            eprintln!("rdtrace-bench-report: no chart: no per-hit rows besides the baseline");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The input's name for messages, and its text.
fn read_input(path: Option<PathBuf>) -> Result<(String, String)> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let name = path.display().to_string();
            // Console captures may hold stray non-UTF-8 bytes; they are never
            // in RDBENCH lines, so a lossy read is enough.
            let bytes = std::fs::read(&path).with_context(|| format!("reading {name}"))?;
            Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading standard input")?;
            Ok((
                "<stdin>".to_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        }
    }
}
