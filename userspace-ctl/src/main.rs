//! The `rdtrace` command: a thin binary over the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    match rdtrace::cli::run() {
        Ok(code) => code,
        Err(rdtrace::error::Error::Script(rendered)) => {
            // Diagnostics are rendered whole, with their own `error:` lines.
            eprint!("{rendered}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("{}: {err}", rdtrace::invocation::pname());
            if let Some(hint) = err.hint() {
                eprintln!("  hint: {hint}");
            }
            err.exit_code()
        }
    }
}
