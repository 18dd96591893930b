//! The man page and shell completions, generated from the CLI definition
//! ([`crate::cli::Args`]) so that they never drift from it: `make install`
//! runs `rdtrace-docs` to write them.

use crate::cli::Args;
use clap::CommandFactory;
use clap_complete::{Generator, Shell};
use std::io;
use std::path::Path;

/// The shells completions are written for.
pub const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

/// rdtrace(8) in roff: clap's sections (synopsis, description, every flag
/// and subcommand), then the toolkit's scripts.
pub fn man_page(out: &mut dyn io::Write) -> io::Result<()> {
    let cmd = Args::command()
        .version(env!("CARGO_PKG_VERSION"))
        .after_long_help(TOOLS_HELP);
    let man = clap_mangen::Man::new(cmd).section("8");
    man.render(out)
}

/// Completions for `shell`.
pub fn completions(shell: Shell, out: &mut dyn io::Write) {
    clap_complete::generate(shell, &mut Args::command(), "rdtrace", out);
}

/// Writes `rdtrace.8` into `man_dir` and each shell's completion file into
/// `completion_dir` (`rdtrace.bash`, `_rdtrace`, `rdtrace.fish`).
pub fn write_all(man_dir: &Path, completion_dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(man_dir)?;
    std::fs::create_dir_all(completion_dir)?;
    man_page(&mut std::fs::File::create(man_dir.join("rdtrace.8"))?)?;
    for shell in SHELLS {
        let name = shell.file_name("rdtrace");
        completions(
            shell,
            &mut std::fs::File::create(completion_dir.join(name))?,
        );
    }
    Ok(())
}

const TOOLS_HELP: &str = "Ready scripts, in the DTraceToolkit tradition, are installed in \
/usr/local/share/rdtrace/tools (userspace-ctl/tools in the source): opensnoop.d, execsnoop.d, \
syscount.d, syscount_pid.d, dtruss.d, funccount.d, funclatency.d, killsnoop.d; each \
starts with its usage line, e.g. rdtrace -s dtruss.d -c CMD.";
