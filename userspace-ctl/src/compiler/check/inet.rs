//! `inet_ntoa6(addr[, full])` and `inet_ntop(af, addr)`, both the DIF
//! subroutine `inet_ntop` (DTrace's prototypes: `string(struct in6_addr
//! *, [int])` and `string(int, void *)`), and `link_ntop(type, addr)`
//! (`string(int, void *)`). `inet_ntoa6` is `AF_INET6` with an embedded
//! IPv4 address alone unless its constant second argument is nonzero;
//! `inet_ntop` always writes the IPv6 form whole.

use super::super::ast::Expr;
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir;
use super::super::types::Type;
use super::{consts, Checker};
use rdtrace_uapi::dif::subr::Subr;

/// Linux's `AF_INET6`, what `inet_ntoa6` formats.
const AF_INET6: u64 = 10;

/// The subroutines written here.
pub(super) const INET_SUBRS: &[&str] = &["inet_ntoa6", "inet_ntop", "link_ntop"];

impl Checker<'_, '_> {
    /// An `inet_ntoa6`, `inet_ntop` or `link_ntop` call.
    pub(super) fn inet_call(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<ir::Expr> {
        let ntop = name != "inet_ntoa6";
        if !self.arity_ok(e, name, args.len(), 2, usize::from(!ntop)) {
            return None;
        }
        let receiver = format!("`{name}`");
        let mut checked = Vec::new();
        for arg in args {
            checked.push(self.argument(arg, &receiver, ErrTag::ProtoArg)?);
        }
        let int = |v: u64| ir::Expr {
            kind: ir::ExprKind::Int(v),
            ty: Type::INT,
            span: e.span,
        };
        let mut checked = checked.into_iter();
        let (af, addr, full) = if ntop {
            let (af, addr) = (checked.next()?, checked.next()?);
            if !matches!(af.ty, Type::Int { .. }) {
                self.report(Diagnostic::arg_type(args[0].span, name, Type::INT, af.ty));
                return None;
            }
            (af, self.inet_address(addr, &args[1], name, None)?, 1)
        } else {
            let addr = checked.next()?;
            let addr = self.inet_address(addr, &args[0], name, Some("struct in6_addr"))?;
            let full = match checked.next() {
                None => 0,
                Some(c) => match (c.ty, consts::value(&c)) {
                    (Type::Int { .. }, Some(v)) => u64::from(v != 0),
                    (Type::Int { .. }, None) => {
                        self.report(Diagnostic::arg_not_constant(args[1].span, name, 2));
                        return None;
                    }
                    (ty, _) => {
                        self.report(Diagnostic::arg_type(args[1].span, name, Type::INT, ty));
                        return None;
                    }
                },
            };
            (int(AF_INET6), addr, full)
        };
        let call = match name {
            "link_ntop" => ir::ExprKind::Call(Subr::LinkNtop, vec![af, addr]),
            _ => ir::ExprKind::Call(Subr::InetNtop, vec![af, addr, int(full)]),
        };
        Some(ir::Expr {
            kind: call,
            ty: Type::Str,
            span: e.span,
        })
    }

    /// An address argument: a pointer to `to` (any pointer when `None`),
    /// a `void *` or NULL, as DTrace's prototypes accept.
    fn inet_address(
        &mut self,
        c: ir::Expr,
        arg: &Expr,
        name: &str,
        to: Option<&str>,
    ) -> Option<ir::Expr> {
        let ok = match c.ty {
            Type::Ptr { to: None } => true,
            Type::Int { .. } => consts::value(&c) == Some(0),
            Type::StructPtr(id) => to.is_none_or(|want| {
                self.syms
                    .structs
                    .get(id as usize)
                    .is_some_and(|s| s.name == want)
            }),
            Type::Ptr { .. } => to.is_none(),
            _ => false,
        };
        if !ok {
            let want = to.map_or("a pointer".to_string(), |t| format!("a `{t} *`"));
            self.report(Diagnostic::arg_pointer_type(arg.span, name, &want, c.ty));
            return None;
        }
        Some(c)
    }
}
