//! `-C`: the script through the system C preprocessor, run as dtrace runs
//! it (its predefined macros, then `-D`/`-U`/`-I` in order), and the map
//! from each line of cpp's output back to the file and line it came from,
//! read from cpp's `# N "file"` markers, so that diagnostics point into
//! the files the user wrote.

use crate::compiler::{Diagnostic, Diagnostics, Span};
use crate::error::{Error, Result};
use crate::settings::Settings;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// The macros dtrace on Linux gives cpp, and `__SUNW_D_VERSION` for D 1.13
/// (major << 24 | minor << 12), for scripts that test them.
const PREDEFINED: &[&str] = &[
    "-D__linux",
    "-D__unix",
    "-D__SVR4",
    "-D__SUNW_D=1",
    "-U__GNUC__",
    // dtrace's default -xstdc=a is C99: system headers then keep out
    // glibc's GNU inline functions, which are no D.
    "-std=c99",
    "-D__SUNW_D_64",
    "-D__Linux",
    #[cfg(target_arch = "x86_64")]
    "-D__amd64",
    "-D__SUNW_D_VERSION=0x0100d000",
];

/// cpp's output and where each of its lines came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preprocessed {
    /// The text to compile; cpp's markers are blank lines.
    pub text: String,
    /// The files named by markers; 0 is the script itself.
    files: Vec<String>,
    /// Per line of `text`: index into `files` and 1-based line there.
    origins: Vec<(usize, usize)>,
}

/// The cpp command line for `settings`.
pub fn command_line(settings: &Settings) -> Vec<String> {
    let mut argv = vec![settings.cpp_path.clone()];
    argv.extend(PREDEFINED.iter().map(|s| s.to_string()));
    argv.extend(settings.cpp_args.iter().cloned());
    if settings.cpp_headers {
        argv.push("-H".into());
    }
    argv.push("-".into());
    argv
}

/// Runs cpp on `source` (named `name`). An interpreter line (`#!`) is
/// blanked first, as dtrace does, since cpp would reject it.
pub fn run(settings: &Settings, source: &str, name: &str) -> Result<Preprocessed> {
    let argv = command_line(settings);
    let input = match source.strip_prefix("#!") {
        Some(rest) => {
            let first = rest.find('\n').map_or(source.len(), |i| i + 2);
            format!("{}{}", " ".repeat(first), &source[first..])
        }
        None => source.to_string(),
    };
    let spawn_err = |source| Error::Io {
        what: format!("running the C preprocessor `{}`", argv[0]),
        source,
    };
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(spawn_err)?;
    // A writer thread: cpp may fill its output pipe before reading all of
    // a large script.
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(input.as_bytes());
        }
    });
    let out = child.wait_with_output().map_err(spawn_err)?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "failed to compile script {name}: the preprocessor (`{}`) failed ({})",
            argv[0], out.status
        )));
    }
    Ok(parse(&String::from_utf8_lossy(&out.stdout), name))
}

/// Reads cpp's output: markers (`# 12 "file" 1`) set the file and line of
/// the next line and become blank lines themselves.
pub fn parse(output: &str, name: &str) -> Preprocessed {
    let mut files = vec![name.to_string()];
    let mut origins = Vec::new();
    let mut text = String::with_capacity(output.len());
    let (mut file, mut line) = (0, 1);
    for l in output.lines() {
        if let Some((n, f)) = marker(l) {
            let f = if f == "<stdin>" { name.to_string() } else { f };
            file = files.iter().position(|x| *x == f).unwrap_or_else(|| {
                files.push(f);
                files.len() - 1
            });
            origins.push((file, n.saturating_sub(1)));
            line = n;
            text.push('\n');
            continue;
        }
        origins.push((file, line));
        line += 1;
        text.push_str(l);
        text.push('\n');
    }
    Preprocessed {
        text,
        files,
        origins,
    }
}

/// `# N "file" [flags]` (cpp's line marker): N and the file.
fn marker(line: &str) -> Option<(usize, String)> {
    let rest = line.strip_prefix("# ")?;
    let (n, rest) = rest.split_once(' ')?;
    let n = n.parse().ok()?;
    let quoted = rest.strip_prefix('"')?;
    let end = quoted.rfind('"')?;
    Some((n, quoted[..end].replace("\\\\", "\\").replace("\\\"", "\"")))
}

impl Preprocessed {
    /// Where byte `offset` of [`Preprocessed::text`] came from: the file,
    /// its 1-based line, and the byte column within the output line.
    fn origin(&self, offset: usize) -> (usize, usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let index = before.matches('\n').count();
        let col = offset - before.rfind('\n').map_or(0, |i| i + 1);
        let (file, line) = self.origins.get(index).copied().unwrap_or((0, 1));
        (file, line, col)
    }

    /// Renders diagnostics found in [`Preprocessed::text`] against the
    /// files the user wrote: `main` is the script's own text; included
    /// files are read again. A span keeps its column, clamped to its line.
    pub fn render(&self, diags: &Diagnostics, main: &str, color: bool) -> String {
        let mut texts: BTreeMap<usize, String> = BTreeMap::new();
        let mut groups: BTreeMap<usize, Vec<Diagnostic>> = BTreeMap::new();
        for d in &diags.items {
            let (file, _, _) = self.origin(d.span.start as usize);
            let text = texts.entry(file).or_insert_with(|| match file {
                0 => main.to_string(),
                _ => std::fs::read_to_string(&self.files[file]).unwrap_or_default(),
            });
            let mut mapped = d.clone();
            mapped.span = self.map(d.span, file, text);
            mapped.related = d
                .related
                .iter()
                .filter(|(s, _)| self.origin(s.start as usize).0 == file)
                .map(|(s, t)| (self.map(*s, file, text), t.clone()))
                .collect();
            groups.entry(file).or_default().push(mapped);
        }
        let mut out = String::new();
        for (file, items) in groups {
            let (name, text) = (&self.files[file], &texts[&file]);
            let rendered = Diagnostics::new(items, name, text).render(text, name, color);
            // Each rendering ends with its own count: keep one, at the end.
            let body = rendered.trim_end_matches('\n');
            out.push_str(body.rsplit_once('\n').map_or("", |(b, _)| b));
            out.push('\n');
        }
        let n = diags.items.len();
        out.push_str(&format!("{n} error{}\n", if n == 1 { "" } else { "s" }));
        out
    }

    /// `span` of the output moved onto its line in `text` (the file's).
    fn map(&self, span: Span, file: usize, text: &str) -> Span {
        let (f, line, col) = self.origin(span.start as usize);
        if f != file {
            return Span::default();
        }
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let line_len = text[line_start.min(text.len())..]
            .find('\n')
            .unwrap_or(text.len().saturating_sub(line_start));
        let start = line_start + col.min(line_len);
        let len = (span.end - span.start) as usize;
        Span::new(start, (start + len).min(line_start + line_len).max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_map_lines_back() {
        let out = "# 1 \"<stdin>\"\n# 1 \"<built-in>\"\n# 1 \"<stdin>\"\n\nBEGIN\n# 9 \"<stdin>\"\n{ x; }\n";
        let p = parse(out, "t.d");
        assert_eq!(p.text.lines().count(), out.lines().count());
        let at = p.text.find("{ x").unwrap();
        assert_eq!(p.origin(at + 2), (0, 9, 2));
        let at = p.text.find("BEGIN").unwrap();
        assert_eq!(p.origin(at), (0, 2, 0));
    }
}
