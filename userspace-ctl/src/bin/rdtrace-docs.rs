//! `rdtrace-docs MAN_DIR COMPLETION_DIR`: writes rdtrace(8) and the shell
//! completions generated from the CLI definition (used by `make install`).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [man, completions] = args.as_slice() else {
        eprintln!("usage: rdtrace-docs MAN_DIR COMPLETION_DIR");
        return ExitCode::from(2);
    };
    match rdtrace::docs::write_all(Path::new(man), Path::new(completions)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rdtrace-docs: {e}");
            ExitCode::FAILURE
        }
    }
}
