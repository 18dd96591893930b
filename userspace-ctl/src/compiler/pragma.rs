//! Pass 0: control lines. Takes out every line that starts with `#` (after
//! blanks) outside a comment, as dtrace's lexer does before it parses: the
//! `#!` line of an executable script, `#pragma D option`, `depends_on`,
//! `attributes`, `binding`, `#line`/`# N "file"` markers, `#ident`,
//! `#error`. The lines are blanked in place, so every later span (and each
//! diagnostic's line and column) is the same as in the source.
//!
//! As in dtrace (`dt_pragma.c`): a `#pragma` that is not `#pragma D` is
//! ignored (C's rule for unknown pragmas), an unknown `#pragma D` is an
//! error (`D_PRAGMA_INVAL`), and an unknown `#directive` (`#define` without
//! `-C`) is an error (`D_PRAGCTL_INVAL`).

use super::diagnostics::Diagnostic;
use super::span::Span;
use super::Options;
use crate::option_table::{self, OptionSpec, Value};

/// One pragma the rest of the program acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragma {
    /// What it says.
    pub kind: PragmaKind,
    /// The whole line, from `#`.
    pub span: Span,
}

/// What a pragma says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PragmaKind {
    /// `#pragma D option name[=value]`, checked against the option table.
    Option {
        /// The option.
        spec: &'static OptionSpec,
        /// Its value.
        value: Value,
    },
    /// `#pragma D depends_on provider|module NAME`: the program needs it.
    DependsOn {
        /// `provider` or `module`.
        class: DependClass,
        /// The provider's or module's name.
        name: String,
    },
}

/// What a `depends_on` pragma names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DependClass {
    /// A provider (`fbt`, `dtrace`, ...).
    Provider,
    /// A kernel module (`vmlinux` or a loaded module).
    Module,
}

impl DependClass {
    /// Its name in the pragma.
    pub fn name(self) -> &'static str {
        match self {
            DependClass::Provider => "provider",
            DependClass::Module => "module",
        }
    }
}

/// The source with its control lines blanked, and their pragmas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The source, each control line replaced by as many spaces.
    pub text: String,
    /// The pragmas, in source order.
    pub pragmas: Vec<Pragma>,
}

/// Finds, checks and blanks the control lines of `source`.
pub fn extract(source: &str, diags: &mut Vec<Diagnostic>) -> Extracted {
    let mut text = Vec::with_capacity(source.len());
    let mut pragmas = Vec::new();
    let mut in_comment = false;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let lead = body.len() - body.trim_start_matches([' ', '\t', '\x0b', '\x0c']).len();
        if !in_comment && body[lead..].starts_with('#') {
            let start = offset + lead;
            if !body[lead..].starts_with("#!") {
                let toks = tokens(&body[lead + 1..], start + 1, diags);
                Control {
                    diags: &mut *diags,
                    pragmas: &mut pragmas,
                    line: Span::new(start, offset + body.len()),
                }
                .directive(&toks);
            }
            text.extend(std::iter::repeat_n(b' ', body.len()));
            text.extend(&line.as_bytes()[body.len()..]);
        } else {
            in_comment = comment_open_after(body, in_comment);
            text.extend(line.as_bytes());
        }
        offset += line.len();
    }
    Extracted {
        // Only whole lines of bytes were replaced by spaces.
        text: String::from_utf8(text).unwrap_or_default(),
        pragmas,
    }
}

impl Options {
    /// These options with the compiler's own settings among `pragmas`
    /// applied (`#pragma D option defaultargs` changes how `$1` compiles).
    pub(crate) fn with_pragmas(&self, pragmas: &[Pragma]) -> Options {
        let mut opts = self.clone();
        for p in pragmas {
            if let PragmaKind::Option { spec, value } = &p.kind {
                let on = *value == Value::Flag(true);
                match (spec.name, value) {
                    ("destructive", _) => opts.destructive = on,
                    ("defaultargs", _) => opts.defaultargs = on,
                    ("argref", _) => opts.argref = on,
                    ("zdefs", _) => opts.zdefs = on,
                    ("empty", _) => opts.empty = on,
                    ("rawbytes", _) => opts.rawbytes = on,
                    ("strsize", Value::Size(n)) => {
                        opts.strsize = u32::try_from(*n).unwrap_or(u32::MAX)
                    }
                    ("stackframes", Value::Count(n)) => {
                        opts.stackframes = u32::try_from(*n).unwrap_or(u32::MAX)
                    }
                    ("ustackframes", Value::Count(n)) => {
                        opts.ustackframes = u32::try_from(*n).unwrap_or(u32::MAX)
                    }
                    ("scratchsize", Value::Size(n)) => opts.scratchsize = *n,
                    ("maxloop", Value::Count(n)) => {
                        opts.maxloop = u32::try_from(*n).unwrap_or(u32::MAX)
                    }
                    _ => {}
                }
            }
        }
        opts
    }
}

/// Whether a `/* */` comment is open at the end of this line of code.
fn comment_open_after(line: &str, mut in_comment: bool) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if in_comment {
            if b[i..].starts_with(b"*/") {
                in_comment = false;
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            in_comment = true;
            i += 1;
        } else if b[i..].starts_with(b"//") {
            break;
        } else if b[i] == b'"' || b[i] == b'\'' {
            // Skip the literal; escapes may hide its quote.
            let quote = b[i];
            i += 1;
            while i < b.len() && b[i] != quote {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
        }
        i += 1;
    }
    in_comment
}

/// A token of a control line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// Anything up to a blank or quote.
    Word(String),
    /// A decimal number.
    Int(u64),
    /// A `"quoted"` string, without its quotes.
    Str(String),
}

/// Splits a control line after its `#` as dtrace's control-line lexer
/// does: blank-separated words, numbers and quoted strings.
fn tokens(rest: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Vec<(Token, Span)> {
    let mut out = Vec::new();
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let token = if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            if i >= b.len() {
                diags.push(Diagnostic::unterminated_string(Span::new(
                    base + start,
                    base + b.len(),
                )));
                return out;
            }
            i += 1;
            Token::Str(rest[start + 1..i - 1].to_string())
        } else {
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'"' {
                i += 1;
            }
            let word = &rest[start..i];
            match word.parse() {
                Ok(n) if word.bytes().all(|c| c.is_ascii_digit()) => Token::Int(n),
                _ => Token::Word(word.to_string()),
            }
        };
        out.push((token, Span::new(base + start, base + i)));
    }
    out
}

/// Where a directive name is allowed, as dtrace ranks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// After a bare `#`.
    Directive,
    /// After `#pragma`.
    Pragma,
    /// After `#pragma D`.
    DPragma,
}

/// The directives, each with the least specific place it may appear.
const DIRECTIVES: [(&str, Level); 7] = [
    ("attributes", Level::DPragma),
    ("binding", Level::DPragma),
    ("depends_on", Level::DPragma),
    ("error", Level::Directive),
    ("ident", Level::Directive),
    ("line", Level::Directive),
    ("option", Level::DPragma),
];

/// The control line being read and where its results go.
struct Control<'a> {
    diags: &'a mut Vec<Diagnostic>,
    pragmas: &'a mut Vec<Pragma>,
    line: Span,
}

impl Control<'_> {
    fn directive(&mut self, toks: &[(Token, Span)]) {
        let mut level = Level::Directive;
        for (i, (tok, span)) in toks.iter().enumerate() {
            let rest = &toks[i + 1..];
            let word = match tok {
                Token::Int(_) => return self.line_marker(&toks[i..]),
                Token::Str(_) => return self.diags.push(Diagnostic::control_invalid(*span, None)),
                Token::Word(w) => w.as_str(),
            };
            if level == Level::Directive && word == "pragma" {
                level = Level::Pragma;
                continue;
            }
            if level == Level::Pragma && word == "D" {
                level = Level::DPragma;
                continue;
            }
            let known = DIRECTIVES
                .iter()
                .find(|(name, at)| *name == word && *at <= level);
            match (known, level) {
                (Some(("attributes", _)), _) => self.attributes(rest),
                (Some(("binding", _)), _) => self.binding(rest),
                (Some(("depends_on", _)), _) => self.depends_on(rest),
                (Some(("error", _)), _) => self.error(rest),
                (Some(("line", _)), _) => self.line_marker(rest),
                (Some(("option", _)), _) => self.option(rest),
                (Some(_), _) => {} // ident
                (None, Level::Directive) => self
                    .diags
                    .push(Diagnostic::control_invalid(*span, Some(word))),
                // C: an unknown `#pragma` is ignored.
                (None, Level::Pragma) => {}
                (None, Level::DPragma) => self.diags.push(Diagnostic::pragma_invalid(*span, word)),
            }
            return;
        }
    }

    /// The span of `toks`, or the line's if there are none.
    fn span_of(&self, toks: &[(Token, Span)]) -> Span {
        match (toks.first(), toks.last()) {
            (Some((_, a)), Some((_, b))) => a.to(*b),
            _ => self.line,
        }
    }

    /// `# N ["file" [flags]]` and `#line N ["file"]`: checked, not used
    /// (spans already point into the real source).
    fn line_marker(&mut self, toks: &[(Token, Span)]) {
        let ok = matches!(toks.first(), Some((Token::Int(_), _)))
            && toks.iter().skip(1).enumerate().all(|(i, (t, _))| {
                matches!(t, Token::Int(_)) || (i == 0 && matches!(t, Token::Str(_)))
            });
        if !ok {
            let span = self.span_of(toks);
            self.diags.push(Diagnostic::pragma_malformed(
                span,
                "line",
                "#line <number> [\"file\"]",
            ));
        }
    }

    fn option(&mut self, toks: &[(Token, Span)]) {
        let (text, span) = match toks {
            [(Token::Word(w), span)] => (w, *span),
            [] | [(Token::Int(_) | Token::Str(_), _)] => {
                let span = self.span_of(toks);
                return self.diags.push(Diagnostic::pragma_malformed(
                    span,
                    "option",
                    "#pragma D option <option>[=<value>]",
                ));
            }
            [_, extra @ ..] => {
                let span = self.span_of(extra);
                return self
                    .diags
                    .push(Diagnostic::pragma_superfluous(span, "option"));
            }
        };
        let (name, value) = match text.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (text.as_str(), None),
        };
        match option_table::parse(name, value) {
            Ok((spec, _)) if !spec.settable_in_program() => {
                let e = option_table::OptionError::CommandLineOnly {
                    name: spec.name,
                    value: value.unwrap_or_default().to_string(),
                };
                self.diags.push(Diagnostic::option_error(span, &e));
            }
            Ok((spec, value)) => self.pragmas.push(Pragma {
                kind: PragmaKind::Option { spec, value },
                span: self.line,
            }),
            Err(e) => {
                // Point at the value when the value is what is wrong.
                let at = match (&e, value) {
                    (option_table::OptionError::BadValue { .. }, Some(v)) => {
                        Span::new(span.end as usize - v.len(), span.end as usize)
                    }
                    _ => Span::new(span.start as usize, span.start as usize + name.len()),
                };
                self.diags.push(Diagnostic::option_error(at, &e));
            }
        }
    }

    fn depends_on(&mut self, toks: &[(Token, Span)]) {
        let [(Token::Word(class), class_span), (Token::Word(name), _), ..] = toks else {
            let span = self.span_of(toks);
            return self.diags.push(Diagnostic::pragma_malformed(
                span,
                "depends_on",
                "#pragma D depends_on <class> <name>",
            ));
        };
        let class = match class.as_str() {
            "provider" => DependClass::Provider,
            "module" => DependClass::Module,
            // The main program has no library directory to depend on.
            "library" => return self.diags.push(Diagnostic::depends_on_library(self.line)),
            other => {
                return self
                    .diags
                    .push(Diagnostic::depends_on_bad_class(*class_span, other))
            }
        };
        self.pragmas.push(Pragma {
            kind: PragmaKind::DependsOn {
                class,
                name: name.clone(),
            },
            span: self.line,
        });
    }

    /// `#pragma D attributes <attributes> <name>`: stability attributes,
    /// which rdtrace does not track; the form is checked.
    fn attributes(&mut self, toks: &[(Token, Span)]) {
        let [(Token::Word(attrs), attrs_span), (Token::Word(name), name_span), ..] = toks else {
            let span = self.span_of(toks);
            return self.diags.push(Diagnostic::pragma_malformed(
                span,
                "attributes",
                "#pragma D attributes <attributes> <name>",
            ));
        };
        if !crate::stability::valid_attributes(attrs) {
            return self
                .diags
                .push(Diagnostic::pragma_attributes_invalid(*attrs_span));
        }
        if !is_identifier(name) {
            self.diags
                .push(Diagnostic::pragma_unused(*name_span, "attributes"));
        }
    }

    /// `#pragma D binding "version" <name>`: version bindings, which
    /// rdtrace does not track; the form is checked.
    fn binding(&mut self, toks: &[(Token, Span)]) {
        if !matches!(toks, [(Token::Str(_), _), (Token::Word(_), _), ..]) {
            let span = self.span_of(toks);
            self.diags.push(Diagnostic::pragma_malformed(
                span,
                "binding",
                "#pragma D binding \"<version>\" <name>",
            ));
        }
    }

    /// `#error text`: the script's own error.
    fn error(&mut self, toks: &[(Token, Span)]) {
        let text: Vec<String> = toks
            .iter()
            .map(|(t, _)| match t {
                Token::Word(w) | Token::Str(w) => w.clone(),
                Token::Int(n) => n.to_string(),
            })
            .collect();
        self.diags
            .push(Diagnostic::error_directive(self.line, &text.join(" ")));
    }
}

/// Whether `word` could name a D identifier (`func;` could not).
fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (Extracted, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        (extract(src, &mut diags), diags)
    }

    #[test]
    fn blanks_lines_in_place() {
        let src = "#!/usr/sbin/dtrace -qs\n#pragma D option quiet\nBEGIN { exit(0); }\n";
        let (x, d) = run(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(x.text.len(), src.len());
        assert_eq!(x.text.lines().nth(2), Some("BEGIN { exit(0); }"));
        assert!(x.text.lines().take(2).all(|l| l.trim().is_empty()));
        assert_eq!(x.pragmas.len(), 1);
    }

    #[test]
    fn comments_and_strings_hide_hashes() {
        let src = "/*\n#pragma D nonsense\n*/ BEGIN { printf(\"/*\"); }\n#pragma D option quiet\n";
        let (x, d) = run(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(x.pragmas.len(), 1);
        assert!(x.text.contains("#pragma D nonsense"));
    }

    #[test]
    fn what_dtrace_ignores_and_refuses() {
        let (x, d) = run("#pragma once\n#pragma ident \"x\"\n#ident \"y\"\n#\n# 12 \"f.d\" 1\n");
        assert!(d.is_empty() && x.pragmas.is_empty(), "{d:?}");
        for bad in [
            "#pragma D nonsense",
            "#define X 1",
            "#pragma D option",
            "#pragma D option quiet flowindent",
            "#pragma D option quite",
            "#pragma D option bufsize=12q",
            "#pragma D depends_on library x.d",
            "#pragma D depends_on planet mars",
            "#error stop here",
        ] {
            let (_, d) = run(bad);
            assert_eq!(d.len(), 1, "{bad}: {d:?}");
        }
    }
}
