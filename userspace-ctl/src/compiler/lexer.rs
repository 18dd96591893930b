//! The lexer: source text to tokens.
//!
//! D's lexing depends on where it is, as in dtrace's own lexer: where a
//! clause may start, `fbt::vfs_*:entry` is one probe-description token
//! (it would otherwise be identifiers, colons and stars); a `/` there opens
//! a predicate, and inside the predicate a `/` followed by `{` (or the end)
//! closes it; braces track the clause body. Errors are collected and the
//! lexer carries on after the offending character.

use super::diagnostics::Diagnostic;
use super::escapes;
use super::span::Span;
use super::token::{Token, TokenKind, PUNCTS};

/// Where the lexer is in the clause structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Between clauses: probe descriptions, `,`, `/`, `{`.
    Probes,
    /// Inside `/.../`.
    Predicate,
    /// Inside a clause body, `depth` braces deep.
    Body(u32),
    /// In a top-level declaration (`int x;`, `typedef ...;`), `depth`
    /// braces deep; its `;` ends it.
    Decl(u32),
}

/// Words that start a top-level declaration where a clause could start.
const DECL_WORDS: &[&str] = &[
    "inline",
    "typedef",
    "struct",
    "union",
    "enum",
    "self",
    "this",
    "extern",
    "static",
    "const",
    "volatile",
    "register",
    "string",
    "char",
    "short",
    "int",
    "long",
    "signed",
    "unsigned",
    "void",
    "float",
    "double",
    "translator",
];

/// Lexes `source`; the last token is always [`TokenKind::Eof`].
pub fn lex(source: &str, diags: &mut Vec<Diagnostic>) -> Vec<Token> {
    let mut lexer = Lexer {
        src: source,
        pos: 0,
        mode: Mode::Probes,
        tokens: Vec::new(),
        diags,
        // DTrace's predefined types start declarations too.
        typedefs: super::translators::TYPEDEFS
            .iter()
            .map(|t| t.to_string())
            .collect(),
        decl_start: 0,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'s, 'd> {
    src: &'s str,
    pos: usize,
    mode: Mode,
    tokens: Vec<Token>,
    diags: &'d mut Vec<Diagnostic>,
    /// Names `typedef` declared so far: they start declarations too.
    typedefs: Vec<String>,
    /// The index of the current declaration's first token.
    decl_start: usize,
}

fn is_probe_start(c: char) -> bool {
    c.is_ascii_alphabetic() || "_$:.?*\\[]!-".contains(c)
}

fn is_probe_char(c: char) -> bool {
    // `+` for bpftrace's `kprobe:FUNCTION+OFFSET`.
    is_probe_start(c) || c.is_ascii_digit() || c == '`' || c == '+'
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Lexer<'_, '_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = Span::new(start, self.pos);
        self.tokens.push(Token { kind, span });
    }

    /// Advances over characters while `f` holds; returns the text.
    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .char_indices()
            .find(|&(_, c)| !f(c))
            .map_or(self.rest().len(), |(i, _)| i);
        self.pos += len;
        self.src.get(start..self.pos).unwrap_or("")
    }

    fn run(&mut self) {
        loop {
            self.skip_trivia();
            let start = self.pos;
            let Some(c) = self.peek() else {
                self.push(TokenKind::Eof, start);
                return;
            };
            match self.mode {
                Mode::Probes => self.probe_token(c, start),
                Mode::Predicate | Mode::Body(_) | Mode::Decl(_) => self.code_token(c, start),
            }
        }
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            if rest.starts_with("//") {
                self.take_while(|c| c != '\n');
            } else if rest.starts_with("/*") {
                match rest.find("*/") {
                    Some(end) => self.pos += end + 2,
                    None => {
                        let span = Span::new(self.pos, self.pos + 2);
                        self.diags.push(Diagnostic::unterminated_comment(span));
                        self.pos = self.src.len();
                    }
                }
            } else if rest.starts_with(char::is_whitespace) {
                self.take_while(char::is_whitespace);
            } else {
                return;
            }
        }
    }

    /// A token where a clause may start.
    fn probe_token(&mut self, c: char, start: usize) {
        match c {
            '/' => {
                self.pos += 1;
                self.mode = Mode::Predicate;
                self.push(TokenKind::PredicateOpen, start);
            }
            '{' => {
                self.pos += 1;
                self.mode = Mode::Body(1);
                self.push(TokenKind::Punct("{"), start);
            }
            ',' | '}' | ';' => {
                self.pos += 1;
                let p = if c == ',' {
                    ","
                } else if c == '}' {
                    "}"
                } else {
                    ";"
                };
                self.push(TokenKind::Punct(p), start);
            }
            '#' => {
                self.take_while(|c| c != '\n');
                let span = Span::new(start, self.pos);
                self.diags.push(Diagnostic::pragma_unsupported(span));
            }
            c if self.starts_declaration(c) => {
                self.mode = Mode::Decl(0);
                self.decl_start = self.tokens.len();
                self.code_token(c, start);
            }
            c if is_probe_start(c) => {
                let text = self.take_while(is_probe_char).to_string();
                self.push(TokenKind::ProbeDesc(text), start);
            }
            c => self.bad_char(c, start),
        }
    }

    /// Whether the word at `c` starts a declaration: a type or storage
    /// word, or a typedef name, not followed by a probe description's `:`.
    fn starts_declaration(&self, c: char) -> bool {
        if !is_ident_start(c) {
            return false;
        }
        let rest = self.rest();
        let len = rest.find(|c| !is_ident_char(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(len);
        let known = DECL_WORDS.contains(&word)
            || self.typedefs.iter().any(|t| t == word)
            || super::types::Type::is_int_typedef(word);
        known && !after.starts_with([':', '*', '-', '?', '['])
    }

    /// Ends a declaration at its `;`; a `typedef` adds its name.
    fn end_declaration(&mut self) {
        let decl = self.tokens.get(self.decl_start..).unwrap_or(&[]);
        if matches!(decl.first(), Some(Token { kind: TokenKind::Ident(w), .. }) if w == "typedef") {
            if let Some(TokenKind::Ident(name)) = decl
                .iter()
                .rev()
                .map(|t| &t.kind)
                .find(|k| matches!(k, TokenKind::Ident(_)))
            {
                self.typedefs.push(name.clone());
            }
        }
        self.mode = Mode::Probes;
    }

    /// Whether an identifier at the cursor is a module scoping a kernel
    /// symbol: `` vmlinux`max_pfn ``.
    fn at_scoped_symbol(&self) -> bool {
        let rest = self.rest();
        let len = rest.find(|c| !is_ident_char(c)).unwrap_or(rest.len());
        rest[len..].starts_with('`')
    }

    fn bad_char(&mut self, c: char, start: usize) {
        self.pos += c.len_utf8();
        let span = Span::new(start, self.pos);
        self.diags.push(Diagnostic::unexpected_char(span, c));
    }

    /// A token inside a predicate or a body.
    fn code_token(&mut self, c: char, start: usize) {
        if c == '`' || (is_ident_start(c) && self.at_scoped_symbol()) {
            let module = self.take_while(is_ident_char).to_string();
            self.pos += 1;
            let name = self.take_while(is_ident_char).to_string();
            self.push(TokenKind::KernelSym(format!("{module}`{name}")), start);
        } else if is_ident_start(c) {
            let text = self.take_while(is_ident_char).to_string();
            self.push(TokenKind::Ident(text), start);
        } else if c.is_ascii_digit() {
            self.number(start);
        } else if c == '"' {
            self.string(start);
        } else if c == '\'' {
            self.char_literal(start);
        } else if c == '$' {
            self.macro_var(start);
        } else if c == '@' {
            self.pos += 1;
            let name = self.take_while(is_ident_char).to_string();
            self.push(TokenKind::Agg(name), start);
        } else if let Some(p) = PUNCTS.iter().find(|p| self.rest().starts_with(**p)) {
            self.pos += p.len();
            self.punct(p, start);
        } else {
            self.bad_char(c, start);
        }
    }

    /// Punctuation, with the mode changes braces and predicates make.
    fn punct(&mut self, p: &'static str, start: usize) {
        match (self.mode, p) {
            (Mode::Predicate, "/") if self.closes_predicate() => {
                self.mode = Mode::Probes;
                self.push(TokenKind::PredicateClose, start);
                return;
            }
            // An unclosed predicate runs into the body: lex the body as
            // such and let the parser report the missing `/`.
            (Mode::Predicate, "{") => self.mode = Mode::Body(1),
            (Mode::Body(d), "{") => self.mode = Mode::Body(d + 1),
            (Mode::Body(1), "}") => self.mode = Mode::Probes,
            (Mode::Body(d), "}") => self.mode = Mode::Body(d - 1),
            (Mode::Decl(d), "{") => self.mode = Mode::Decl(d + 1),
            (Mode::Decl(d), "}") => self.mode = Mode::Decl(d.saturating_sub(1)),
            (Mode::Decl(0), ";") => {
                self.push(TokenKind::Punct(p), start);
                self.end_declaration();
                return;
            }
            _ => {}
        }
        self.push(TokenKind::Punct(p), start);
    }

    /// Whether the `/` just consumed is followed by `{` or the end.
    fn closes_predicate(&self) -> bool {
        let mut probe = Lexer {
            src: self.src,
            pos: self.pos,
            mode: self.mode,
            tokens: Vec::new(),
            diags: &mut Vec::new(),
            typedefs: Vec::new(),
            decl_start: 0,
        };
        probe.skip_trivia();
        matches!(probe.peek(), None | Some('{'))
    }

    fn number(&mut self, start: usize) {
        let body = self.take_while(is_ident_char).to_string();
        let span = Span::new(start, self.pos);
        let digits_end = body
            .char_indices()
            .find(|&(i, c)| {
                let hex = body.starts_with("0x") || body.starts_with("0X");
                if hex && i < 2 {
                    return false;
                }
                !(c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()))
            })
            .map_or(body.len(), |(i, _)| i);
        let (digits, suffix) = body.split_at(digits_end);
        let suffix_ok = suffix.chars().all(|c| "uUlL".contains(c)) && suffix.len() <= 3;
        if !suffix_ok {
            let why = format!("unexpected `{suffix}` after the digits");
            self.diags.push(Diagnostic::bad_int_literal(span, &why));
            return self.push(
                TokenKind::Int {
                    value: 0,
                    unsigned: false,
                    long: false,
                },
                start,
            );
        }
        let parsed = if let Some(hex) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
            u64::from_str_radix(hex, 16).map_err(|e| e.to_string())
        } else if digits.len() > 1 && digits.starts_with('0') {
            if digits.contains(['8', '9']) {
                Err("octal literal with a digit 8 or 9".into())
            } else {
                u64::from_str_radix(&digits[1..], 8).map_err(|e| e.to_string())
            }
        } else {
            digits.parse::<u64>().map_err(|e| e.to_string())
        };
        let value = match parsed {
            Ok(v) => v,
            Err(why) => {
                let d = if why.contains("too large") {
                    Diagnostic::int_too_large(span)
                } else {
                    let why = if why.contains("empty") {
                        "no digits".into()
                    } else {
                        why
                    };
                    Diagnostic::bad_int_literal(span, &why)
                };
                self.diags.push(d);
                0
            }
        };
        let unsigned = suffix.contains(['u', 'U']) || value > i64::MAX as u64;
        // `l` and `ll` make a long: 64 bits here (LP64).
        let long = suffix.contains(['l', 'L']);
        self.push(
            TokenKind::Int {
                value,
                unsigned,
                long,
            },
            start,
        );
    }

    /// The body of a quoted literal up to `quote` on the same line;
    /// `None` if it is not closed (the position is then at the line end).
    fn quoted(&mut self, quote: char) -> Option<(usize, usize)> {
        self.pos += 1;
        let body_start = self.pos;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            match c {
                '\n' => break,
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                c if c == quote => {
                    let body_end = body_start + i;
                    self.pos = body_end + 1;
                    return Some((body_start, body_end));
                }
                _ => {}
            }
        }
        self.take_while(|c| c != '\n');
        None
    }

    fn string(&mut self, start: usize) {
        let Some((s, e)) = self.quoted('"') else {
            let span = Span::new(start, self.pos);
            self.diags.push(Diagnostic::unterminated_string(span));
            return self.push(TokenKind::Str(String::new()), start);
        };
        let body = self.src.get(s..e).unwrap_or("");
        let decoded = escapes::decode(body, s, false, self.diags);
        let text = String::from_utf8_lossy(&decoded.bytes).into_owned();
        self.push(TokenKind::Str(text), start);
    }

    fn char_literal(&mut self, start: usize) {
        let Some((s, e)) = self.quoted('\'') else {
            let span = Span::new(start, self.pos);
            self.diags.push(Diagnostic::unterminated_char(span));
            return self.push(
                TokenKind::Int {
                    value: 0,
                    unsigned: false,
                    long: false,
                },
                start,
            );
        };
        let body = self.src.get(s..e).unwrap_or("");
        let decoded = escapes::decode(body, s, true, self.diags);
        // Several characters make one integer, the first in the highest
        // byte, as in DTrace ('ab' is 0x6162); at most eight.
        let value = match decoded.bytes.as_slice() {
            [b] => u64::from(*b),
            bytes @ [_, ..] if bytes.len() <= 8 => {
                bytes.iter().fold(0u64, |v, &b| v << 8 | u64::from(b))
            }
            _ => {
                let span = Span::new(start, self.pos);
                self.diags.push(Diagnostic::bad_char_literal(span));
                0
            }
        };
        self.push(
            TokenKind::Int {
                value,
                unsigned: false,
                long: false,
            },
            start,
        );
    }

    fn macro_var(&mut self, start: usize) {
        self.pos += 1;
        let string = self.rest().starts_with('$');
        if string {
            self.pos += 1;
        }
        let name = self.take_while(is_ident_char).to_string();
        if name.is_empty() {
            self.diags
                .push(Diagnostic::bad_macro(Span::new(start, self.pos)));
            return;
        }
        self.push(TokenKind::Macro { name, string }, start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut d = Vec::new();
        let t = lex(src, &mut d);
        assert!(d.is_empty(), "{d:?}");
        t.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn probe_descriptions_are_one_token() {
        let k = kinds("fbt::vfs_*:entry, BEGIN");
        assert_eq!(k[0], TokenKind::ProbeDesc("fbt::vfs_*:entry".into()));
        assert_eq!(k[2], TokenKind::ProbeDesc("BEGIN".into()));
    }

    #[test]
    fn predicate_slash_closes_only_before_a_brace() {
        let k = kinds("BEGIN /arg0 / 2 > 1/ { }");
        assert_eq!(k[1], TokenKind::PredicateOpen);
        assert_eq!(k[3], TokenKind::Punct("/"));
        assert_eq!(k[7], TokenKind::PredicateClose);
    }

    #[test]
    fn integers_in_every_base() {
        let k = kinds("BEGIN { 0x1f 017 42u 'a' }");
        assert_eq!(
            k[2],
            TokenKind::Int {
                value: 31,
                unsigned: false,
                long: false,
            }
        );
        assert_eq!(
            k[3],
            TokenKind::Int {
                value: 15,
                unsigned: false,
                long: false,
            }
        );
        assert_eq!(
            k[4],
            TokenKind::Int {
                value: 42,
                unsigned: true,
                long: false,
            }
        );
        assert_eq!(
            k[5],
            TokenKind::Int {
                value: 97,
                unsigned: false,
                long: false,
            }
        );
    }

    #[test]
    fn nested_braces_stay_in_the_body() {
        let k = kinds("BEGIN { { } } END");
        assert_eq!(k[5], TokenKind::ProbeDesc("END".into()));
    }
}
