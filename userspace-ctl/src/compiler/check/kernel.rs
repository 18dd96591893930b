//! Kernel types in D: `struct task_struct` and the like, typedefs,
//! `curthread` as a `struct task_struct *` and fbt's typed `args[]`, all
//! from the kernel's BTF ([`super::super::btf`]), read on first use.
//!
//! A kernel struct enters the checker's struct table when a script first
//! names it (or reaches it through a member or an argument); its members
//! are read when first accessed, so a pointer chain through the kernel's
//! types reads only the structs it touches.

use super::super::btf::{KMember, KType, KernelBtf};
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::super::print_type::PrintType;
use super::super::probes::ProbeDesc;
use super::super::span::Span;
use super::super::types::{IntKind, Type};
use super::structs::{Member, StructDef};
use super::Checker;
use rdtrace_uapi::dif::builtin::Builtin;
use rdtrace_uapi::trace::TRACEPOINT_MAX_ARGS;
use std::collections::HashMap;
use std::rc::Rc;

/// The kernel's types as far as this script uses them.
#[derive(Default)]
pub(super) struct Kernel {
    /// The parsed BTF, or why it could not be read; `None` until asked.
    btf: Option<Result<Rc<KernelBtf>, String>>,
    /// Struct table ids by BTF id.
    structs: HashMap<u32, u32>,
    /// The clause's `args[]` types when its probes have them.
    args: Option<ClauseArgs>,
    /// The clause's probes, until its `args` are first wanted: a clause
    /// that never names `args` costs no BTF parse (rdtrace's startup).
    args_pending: Option<Vec<ProbeDesc>>,
}

/// The typed `args[]` of the clause being checked.
pub(super) struct ClauseArgs {
    /// The probe, for messages.
    pub(super) probe: String,
    /// One type per argument.
    types: Vec<Type>,
    /// A tracepoint's: its name and its arguments' names (`args->NAME`).
    pub(super) tracepoint: Option<(String, Vec<String>)>,
}

impl Kernel {
    /// Kernel types from `btf` when it has been read already (the parser
    /// read it for the script's casts); else read at first use.
    pub(super) fn read(btf: Option<Rc<KernelBtf>>) -> Kernel {
        Kernel {
            btf: btf.map(Ok),
            ..Kernel::default()
        }
    }
}

/// How a kernel type is held in D: its type, and an array's length.
type Held = (Type, Option<u64>);

impl Checker<'_, '_> {
    /// The kernel's BTF, read on first use; `None` (reported once, as a
    /// note on the error that needed it) when there is none.
    fn kernel(&mut self) -> Option<Rc<KernelBtf>> {
        if self.kernel.btf.is_none() {
            let loaded = match &self.opts.btf {
                Some(path) => KernelBtf::load(path).map(Rc::new),
                // Compiled for no kernel: nothing to say.
                None => Err(String::new()),
            };
            self.kernel.btf = Some(loaded);
        }
        self.kernel.btf.as_ref()?.as_ref().ok().cloned()
    }

    /// Reports `d`, saying why when kernel types were wanted and are
    /// unavailable (the likely cause).
    pub(super) fn report_kernel(&mut self, mut d: Diagnostic) {
        if let Some(Err(why)) = &self.kernel.btf {
            if why.is_empty() {
                return self.report(d);
            }
            d.hint = Some(format!("kernel types are unavailable: {why}"));
        }
        self.report(d);
    }

    /// The kernel type a type name names: `struct tag`, `union tag`,
    /// `enum tag` or a typedef.
    pub(super) fn kernel_type_named(&mut self, name: &str) -> Option<Type> {
        let k = self.kernel()?;
        let held = if let Some(tag) = name.strip_prefix("struct ") {
            let id = k.struct_named(tag, false)?;
            self.kernel_held(&k, &KType::Struct { id, union: false })
        } else if let Some(tag) = name.strip_prefix("enum ") {
            let t = k.enum_named(tag)?;
            self.kernel_held(&k, &t)
        } else if let Some(tag) = name.strip_prefix("union ") {
            let id = k.struct_named(tag, true)?;
            self.kernel_held(&k, &KType::Struct { id, union: true })
        } else {
            let t = k.typedef_named(name)?;
            self.kernel_held(&k, &t)
        };
        held.map(|(ty, _)| ty)
    }

    /// A builtin variable's type: `curthread` points to the kernel's
    /// `struct task_struct` when its BTF is at hand.
    pub(super) fn builtin_type(&mut self, b: Builtin, ty: Type) -> Type {
        if b != Builtin::Curthread {
            return ty;
        }
        self.kernel_type_named("struct task_struct")
            .map_or(ty, Type::pointer_to)
    }

    /// The struct table id of the kernel struct `id`, entered now (its
    /// members are read on first access).
    fn kernel_struct(&mut self, k: &KernelBtf, id: u32) -> Option<u32> {
        if let Some(&sid) = self.kernel.structs.get(&id) {
            return Some(sid);
        }
        let layout = k.layout(id)?;
        let sid = self.syms.structs.len() as u32;
        self.syms.structs.push(StructDef {
            name: layout.name,
            members: Vec::new(),
            size: layout.size,
            align: natural_align(layout.size),
            kernel: Some(id),
        });
        self.kernel.structs.insert(id, sid);
        Some(sid)
    }

    /// Reads the members of struct `sid` if it is a kernel struct not
    /// yet read.
    pub(super) fn kernel_members(&mut self, sid: u32) {
        let Some(id) = self.syms.structs.get(sid as usize).and_then(|s| s.kernel) else {
            return;
        };
        let Some(k) = self.kernel() else {
            return;
        };
        let members = k.layout(id).map(|l| l.members).unwrap_or_default();
        let laid = members
            .iter()
            .filter_map(|m| self.kernel_member(&k, m))
            .collect();
        if let Some(s) = self.syms.structs.get_mut(sid as usize) {
            s.members = laid;
            s.kernel = None;
        }
    }

    fn kernel_member(&mut self, k: &KernelBtf, m: &KMember) -> Option<Member> {
        let (ty, len) = self.kernel_held(k, &m.ty)?;
        let bits = m.bits.map(|b| ((m.bit_offset % 8) as u8, b as u8));
        Some(Member {
            name: m.name.clone(),
            ty,
            offset: m.bit_offset / 8,
            len,
            bits,
            written: String::new(),
        })
    }

    /// The kernel struct `sid` of the struct table as `print()` shows it,
    /// its members `depth` levels below the printed type; `None` for a
    /// struct the script declared.
    pub(super) fn kernel_print_type(&mut self, sid: u32, depth: usize) -> Option<PrintType> {
        let (&id, _) = self.kernel.structs.iter().find(|(_, &s)| s == sid)?;
        Some(self.kernel()?.print_type(id, depth))
    }

    /// How D holds the kernel type `t`; `None` for what it cannot (a
    /// function, a float).
    fn kernel_held(&mut self, k: &KernelBtf, t: &KType) -> Option<Held> {
        Some(match t {
            KType::Int { signed, size } if matches!(size, 1 | 2 | 4 | 8) => (
                Type::Int {
                    signed: *signed,
                    size: *size,
                },
                None,
            ),
            KType::Char => (Type::int_named("char")?, None),
            KType::Struct { id, .. } => (Type::Struct(self.kernel_struct(k, *id)?), None),
            KType::Ptr(to) => (self.kernel_pointer(k, to), None),
            KType::Array(elem, n) => {
                // A multidimensional array is one of its innermost elements.
                let (ty, inner) = self.kernel_held(k, elem)?;
                (ty, Some(n.saturating_mul(inner.unwrap_or(1))))
            }
            KType::Void | KType::Int { .. } | KType::Other => return None,
        })
    }

    /// A pointer to `to`, as D's types can say it.
    fn kernel_pointer(&mut self, k: &KernelBtf, to: &KType) -> Type {
        match to {
            KType::Struct { id, .. } => self
                .kernel_struct(k, *id)
                .map_or(Type::Ptr { to: None }, Type::StructPtr),
            KType::Int { signed, size } if matches!(size, 1 | 2 | 4 | 8) => Type::Ptr {
                to: Some(IntKind {
                    signed: *signed,
                    size: *size,
                }),
            },
            KType::Char => Type::int_named("char").map_or(Type::Ptr { to: None }, Type::pointer_to),
            KType::Ptr(_) => Type::Ptr {
                to: Some(IntKind {
                    signed: false,
                    size: 8,
                }),
            },
            _ => Type::Ptr { to: None },
        }
    }

    /// Sets the clause's `args[]` types from its probes: an fbt probe of
    /// one named function has that function's parameter types at entry,
    /// and its offset and return type at return. Probes with differing
    /// or unknown types leave `args[]` untyped (64-bit integers).
    pub(super) fn kernel_args(&mut self, probes: &[ProbeDesc]) {
        self.kernel.args = None;
        self.kernel.args_pending = Some(probes.to_vec());
    }

    /// The clause's typed `args[]`, worked out on first use.
    pub(super) fn clause_args(&mut self) -> Option<&ClauseArgs> {
        if let Some(probes) = self.kernel.args_pending.take() {
            self.resolve_clause_args(&probes);
        }
        self.kernel.args.as_ref()
    }

    fn resolve_clause_args(&mut self, probes: &[ProbeDesc]) {
        let mut found: Option<ClauseArgs> = None;
        for p in probes {
            let Some((types, tracepoint)) = self.probe_arg_types(p) else {
                return;
            };
            if found
                .as_ref()
                .is_some_and(|f| f.types != types || f.tracepoint != tracepoint)
            {
                return;
            }
            found = Some(ClauseArgs {
                probe: p.to_string(),
                types,
                tracepoint,
            });
        }
        self.kernel.args = found;
    }

    /// A probe's argument types, and a tracepoint's name and argument
    /// names.
    #[allow(clippy::type_complexity)]
    fn probe_arg_types(
        &mut self,
        p: &ProbeDesc,
    ) -> Option<(Vec<Type>, Option<(String, Vec<String>)>)> {
        let glob = |s: &str| s.is_empty() || s.contains(['*', '?', '[']);
        if p.provider == "tracepoint" && !glob(&p.name) {
            let k = self.kernel()?;
            let f = k.tracepoint(&p.name)?;
            // A probe passes on only the first few.
            let types = f
                .params
                .iter()
                .take(TRACEPOINT_MAX_ARGS as usize)
                .map(|t| self.arg_held(&k, t).unwrap_or(Type::INT))
                .collect();
            return Some((types, Some((p.name.clone(), f.names))));
        }
        // BEGIN, END and ERROR have no typed arguments: every args[N] is
        // out of range, as in DTrace.
        let dtrace = matches!(p.provider.as_str(), "" | "dtrace")
            && p.module.is_empty()
            && p.function.is_empty();
        if dtrace && matches!(p.name.as_str(), "BEGIN" | "END" | "ERROR") {
            return Some((Vec::new(), None));
        }
        if p.provider != "fbt" || glob(&p.function) {
            return None;
        }
        let k = self.kernel()?;
        let f = k.function(&p.function)?;
        let held = |cx: &mut Self, t: &KType| match t {
            KType::Void => None,
            t => Some(
                cx.kernel_held(&k, t)
                    .map_or(Type::INT, |(ty, len)| match len {
                        Some(_) => ty.pointer_to(),
                        None => ty,
                    }),
            ),
        };
        match p.name.as_str() {
            "entry" => Some((
                f.params.iter().filter_map(|t| held(self, t)).collect(),
                None,
            )),
            "return" => {
                let mut types = vec![Type::INT];
                types.extend(held(self, &f.ret));
                Some((types, None))
            }
            _ => None,
        }
    }

    /// How an argument of kernel type `t` is held: an array as a pointer
    /// to its elements, what D has no type for as a 64-bit integer.
    fn arg_held(&mut self, k: &KernelBtf, t: &KType) -> Option<Type> {
        let (ty, len) = self.kernel_held(k, t)?;
        Some(match len {
            Some(_) => ty.pointer_to(),
            None => ty,
        })
    }

    /// The type of `args[n]`: the probe's when the clause's probes have
    /// typed arguments (reporting an index past them), else a 64-bit
    /// integer.
    pub(super) fn arg_type(&mut self, n: u64, span: Span) -> Option<Type> {
        let Some(args) = self.clause_args() else {
            return Some(super::super::names::ARG_TYPE);
        };
        match args.types.get(n as usize) {
            Some(&t) => Some(t),
            None => {
                let d = Diagnostic::arg_index_past_probe(span, n, &args.probe);
                self.report(d);
                None
            }
        }
    }
}

/// An argument register read as its type: an integer narrower than the
/// register keeps only its own bits (the caller may leave garbage above).
pub(super) fn narrowed(arg: ir::Expr) -> ir::Expr {
    match arg.ty {
        Type::Int { signed, size } if size < 8 => ir::Expr {
            kind: ir::ExprKind::Narrow(Box::new(arg.clone()), IntKind { signed, size }),
            ..arg
        },
        _ => arg,
    }
}

/// A kernel struct's alignment as far as D needs it (laying out a script
/// struct that holds one): the largest power of two up to 8 dividing its
/// size.
fn natural_align(size: u64) -> u64 {
    [8, 4, 2]
        .into_iter()
        .find(|&a| size.is_multiple_of(a))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::super::super::btf::tests::small_kernel;
    use super::super::super::{compile, Options};
    use std::io::Write;

    /// Compiles `src` against the small test kernel: the first clause's
    /// actions assembly, or the error tags.
    fn compile_small(src: &str) -> Result<String, Vec<&'static str>> {
        // Written once per test process: tests run on several threads,
        // and one must not read the file while another writes it.
        static FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
        let file = FILE.get_or_init(|| {
            let mut file = std::env::temp_dir();
            file.push(format!("rdtrace-test-btf-{}", std::process::id()));
            let mut f = std::fs::File::create(&file).unwrap();
            f.write_all(&small_kernel()).unwrap();
            file
        });
        let opts = Options {
            btf: Some(file.clone()),
            ..Default::default()
        };
        match compile(src, "t.d", &opts) {
            Ok(c) => Ok(c.clauses[0].actions.asm.clone()),
            Err(d) => Err(d.items.iter().map(|d| d.tag.name()).collect()),
        }
    }

    fn asm(src: &str) -> String {
        compile_small(src).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    #[test]
    fn curthread_members_load_at_their_offsets() {
        let pid = asm("BEGIN { trace(curthread->pid); }");
        assert!(pid.contains("ldk4"), "{pid}");
        let comm = asm("BEGIN { trace(curthread->comm); }");
        assert!(
            comm.contains("addi r1, 4") && comm.contains("stringof"),
            "{comm}"
        );
        let parent = asm("BEGIN { trace(curthread->parent->pid); }");
        assert!(parent.contains("addi r1, 24\n    ldk8"), "{parent}");
        let anon = asm("BEGIN { trace(curthread->b); }");
        assert!(anon.contains("addi r1, 32\n    ldk8"), "{anon}");
        let flag = asm("BEGIN { trace(curthread->flag); }");
        assert!(flag.contains("addi r1, 40\n    ldk1"), "{flag}");
        assert!(flag.contains("rshi r1, 3\n    andi r1, 1"), "{flag}");
        let comm = asm("BEGIN { trace(sizeof(curthread->comm)); }");
        assert!(comm.contains("movi r1, 16"), "{comm}");
        let var = asm("BEGIN { p = curthread; this->q = p; trace(this->q[0].pid); }");
        assert!(var.contains("ldk4"), "{var}");
        let size = asm("BEGIN { trace(sizeof(struct task_struct)); }");
        assert!(size.contains("movi r1, 48"), "{size}");
        let addr = asm("BEGIN { trace(*(&curthread->parent)); }");
        assert!(addr.contains("addi r1, 24\n    ldk8"), "{addr}");
        let string = asm("BEGIN { trace(curthread->comm == \"x\"); }");
        assert!(string.contains("stringof"), "{string}");
        let string = asm("BEGIN { trace((char *)curthread == \"x\"); }");
        assert!(string.contains("stringof"), "{string}");
        let string = asm("BEGIN { printf(\"%s\", (char *)curthread); }");
        assert!(string.contains("stringof"), "{string}");
        let pointer = asm("BEGIN { trace((char *)curthread == NULL); }");
        assert!(!pointer.contains("stringof"), "{pointer}");
        assert!(string.contains("stringof"), "{string}");
    }

    #[test]
    fn fbt_args_have_the_functions_parameter_types() {
        let a = asm("fbt::f:entry { trace(args[0]->parent->pid); trace(args[1]); }");
        assert!(a.contains("ldk4"), "{a}");
        // pid_t: narrowed to 32 bits, signed.
        assert!(a.contains("arshi"), "{a}");
        let untyped = asm("fbt::f*:entry { trace(args[5]); }");
        assert!(!untyped.contains("arshi"), "{untyped}");
    }

    #[test]
    fn tracepoint_args_are_named_and_typed() {
        let a = asm("tracepoint:s:exec { trace(args->p->parent->pid); trace(args->old_pid); }");
        assert!(a.contains("ldk4"), "{a}");
        assert!(a.contains("arshi"), "{a}");
        assert_eq!(
            a,
            asm("tracepoint:s::exec { trace(args[0]->parent->pid); trace(args[1]); }")
        );
        let tags = |src| compile_small(src).unwrap_err();
        assert_eq!(
            tags("tracepoint:s:exec { trace(args->nosuch); }"),
            ["D_TYPE_MEMBER"]
        );
        assert_eq!(
            tags("tracepoint:s:exec { trace(args[2]); }"),
            ["D_ARGS_IDX"]
        );
        assert_eq!(
            tags("tracepoint:s:ex* { trace(args->p); }"),
            ["D_TYPE_MEMBER"]
        );
        assert_eq!(tags("fbt::f:entry { trace(args->t); }"), ["D_TYPE_MEMBER"]);
    }

    #[test]
    fn bad_members_and_arguments_carry_dtraces_tags() {
        let tags = |src| compile_small(src).unwrap_err();
        assert_eq!(
            tags("BEGIN { trace(curthread->nosuch); }"),
            ["D_TYPE_MEMBER"]
        );
        assert_eq!(tags("BEGIN { trace(curthread.pid); }"), ["D_OP_SOU"]);
        assert_eq!(tags("BEGIN { trace(curthread->pid->x); }"), ["D_OP_PTR"]);
        assert_eq!(
            tags("BEGIN { trace(&curthread->flag); }"),
            ["D_ADDROF_BITFIELD"]
        );
        assert_eq!(
            tags("BEGIN { trace(sizeof(curthread->flag)); }"),
            ["D_SIZEOF_BITFIELD"]
        );
        assert_eq!(tags("fbt::f:entry { trace(args[2]); }"), ["D_ARGS_IDX"]);
        assert_eq!(tags("fbt::f:return { trace(args[2]); }"), ["D_ARGS_IDX"]);
        assert_eq!(tags("BEGIN { trace((struct nosuch *)0); }"), ["D_UNKNOWN"]);
    }
}
