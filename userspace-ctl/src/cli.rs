//! Command-line parsing and dispatch.

use crate::device::{Device, Paths};
use crate::error::Result;
use crate::info::InfoReport;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// DTrace-style dynamic tracing for Linux.
#[derive(Debug, Parser)]
#[command(name = "rdtrace", version, about)]
pub struct Args {
    /// The device to use.
    #[arg(long, global = true, default_value = "/dev/rdtrace")]
    pub device: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
}

/// Parses the command line and runs it.
pub fn run() -> Result<ExitCode> {
    let args = Args::parse();
    let paths = Paths {
        device: args.device.clone(),
        ..Paths::default()
    };
    match args.command {
        Command::Info { json } => {
            let dev = Device::open(&paths)?;
            let report = InfoReport::from(dev.info());
            if json {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_text());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
