//! Macro variables in expressions: `$target` (the target process id),
//! `$pid`, `$ppid`, `$pgid`, `$sid`, `$uid`, `$gid` (rdtrace's own), `$0`
//! (the script's file, a string), `$1`..`$9` (the script's arguments, as integers) and
//! `$$1`..`$$9` (as strings).

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ExprKind};
use super::super::types::Type;
use super::Checker;

impl Checker<'_, '_> {
    pub(super) fn macro_var(&mut self, e: &Expr, name: &str, string: bool) -> Option<ir::Expr> {
        let value = if name == "target" {
            // Without -c or -p, 0: libdtrace defines the macro as 0 until
            // a target process is grabbed or created.
            self.opts.target.unwrap_or(0).to_string()
        } else if let Some(v) = process_macro(name) {
            v.to_string()
        } else if name == "0" {
            // Not an integer: a string, as DTrace's lexer makes it.
            let program = self.opts.program.clone();
            if parse_int(&program).is_none() {
                return Some(ir::Expr {
                    kind: ExprKind::Str(program),
                    ty: Type::Str,
                    span: e.span,
                });
            }
            program
        } else {
            let Some(n) = name.parse::<usize>().ok().filter(|&n| n >= 1) else {
                self.report(Diagnostic::unknown_macro(e.span, name));
                return None;
            };
            match self.opts.args.get(n - 1) {
                Some(v) => v.clone(),
                // `defaultargs`: a missing argument is 0, or "" as `$$N`.
                None if self.opts.defaultargs => {
                    if string {
                        String::new()
                    } else {
                        "0".to_string()
                    }
                }
                None => {
                    let given = self.opts.args.len();
                    self.report(Diagnostic::missing_macro_arg(e.span, n, given));
                    return None;
                }
            }
        };
        let (kind, ty) = if string {
            (ExprKind::Str(value), Type::Str)
        } else {
            match parse_int(&value) {
                Some(v) => (ExprKind::Int(v), Type::INT),
                None => {
                    self.report(Diagnostic::macro_not_integer(e.span, name, &value));
                    return None;
                }
            }
        };
        Some(ir::Expr {
            kind,
            ty,
            span: e.span,
        })
    }
}

/// `$pid`, `$ppid`, `$pgid`, `$sid`, `$uid`, `$gid`: this process's, as
/// in DTrace.
fn process_macro(name: &str) -> Option<u64> {
    Some(match name {
        "pid" => u64::from(std::process::id()),
        "ppid" => u64::from(std::os::unix::process::parent_id()),
        // SAFETY: getpgid(0) and getsid(0) ask about this process; they
        // cannot fail for it and touch no memory.
        "pgid" => u64::try_from(unsafe { libc::getpgid(0) }).unwrap_or(0),
        // SAFETY: as above.
        "sid" => u64::try_from(unsafe { libc::getsid(0) }).unwrap_or(0),
        // SAFETY: getuid and getgid cannot fail and touch no memory.
        "uid" => u64::from(unsafe { libc::getuid() }),
        // SAFETY: as above.
        "gid" => u64::from(unsafe { libc::getgid() }),
        _ => return None,
    })
}

/// A D integer: decimal, `0x` hex or `0` octal, optionally negative.
fn parse_int(s: &str) -> Option<u64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        u64::from_str_radix(&body[1..], 8).ok()?
    } else {
        body.parse().ok()?
    };
    Some(if neg { v.wrapping_neg() } else { v })
}
