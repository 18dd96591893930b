//! How rdtrace was invoked, as dtrace(1) looks at it: the name it goes by
//! in its messages (`g_pname`, argv[0]'s basename: installed or linked as
//! `dtrace`, it says `dtrace: ...`), and the `_DTRACE_TESTING` variable
//! with which DTrace's test harness asks for reproducible output (no CPU
//! or probe ID columns).

use std::path::Path;
use std::sync::OnceLock;

/// The name rdtrace's messages start with.
pub fn pname() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| name_of(std::env::args_os().next().as_deref().map(Path::new)))
}

/// argv[0]'s basename, `rdtrace` when there is none.
fn name_of(argv0: Option<&Path>) -> String {
    argv0
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .unwrap_or("rdtrace")
        .to_string()
}

/// Whether `_DTRACE_TESTING` is set: the probe columns then leave out the
/// CPU and the probe ID (they vary from run to run).
pub fn testing() -> bool {
    std::env::var_os("_DTRACE_TESTING").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_argv0s_basename() {
        assert_eq!(name_of(Some(Path::new("/usr/sbin/dtrace"))), "dtrace");
        assert_eq!(name_of(Some(Path::new("rdtrace"))), "rdtrace");
        assert_eq!(name_of(None), "rdtrace");
    }
}
