//! Kernel types as `print()` shows them ([`PrintType`]): with the names
//! the kernel's source gives them (typedefs, `const`, anonymous members
//! kept), where the rest of the compiler sees through all of those.

use super::super::print_type::{
    pointer_name, record_name, PrintKind, PrintMember, PrintType, MAX_DEPTH,
};
use super::{KernelBtf, MAX_DEPTH as MAX_CHAIN};
use btf_rs::{BtfType, Type as BtfTy};

impl KernelBtf {
    /// The type with BTF id `id`, its members described `depth` levels
    /// below the printed type.
    pub fn print_type(&self, id: u32, depth: usize) -> PrintType {
        self.print_type_at(id, depth, 0)
    }

    fn print_type_at(&self, id: u32, depth: usize, chain: u32) -> PrintType {
        let Some(t) = self.by_id(id).filter(|_| chain <= MAX_CHAIN) else {
            return PrintType::other("?", 0);
        };
        let target = |x: &dyn BtfType| x.get_type_id().unwrap_or(0);
        let name = |x: &dyn BtfType| self.btf.resolve_name(x).unwrap_or_default();
        match &t {
            BtfTy::Int(i) => PrintType::int(&name(i), i.size() as u64, i.is_signed()),
            BtfTy::Typedef(x) => PrintType {
                name: name(x),
                ..self.print_type_at(target(x), depth, chain + 1)
            },
            BtfTy::Const(x) | BtfTy::Volatile(x) => {
                let inner = self.print_type_at(target(x), depth, chain + 1);
                let qualifier = if matches!(t, BtfTy::Const(_)) {
                    "const"
                } else {
                    "volatile"
                };
                PrintType {
                    name: format!("{qualifier} {}", inner.name),
                    ..inner
                }
            }
            BtfTy::Restrict(x) => self.print_type_at(target(x), depth, chain + 1),
            BtfTy::TypeTag(x) => self.print_type_at(target(x), depth, chain + 1),
            BtfTy::Ptr(_) => PrintType {
                name: self.c_name(id, chain),
                size: 8,
                kind: PrintKind::Pointer,
            },
            BtfTy::Array(a) => {
                let elem = self.print_type_at(target(a), depth, chain + 1);
                let len = a.len() as u64;
                PrintType {
                    name: format!("{} [{len}]", elem.name),
                    size: elem.size.saturating_mul(len),
                    kind: PrintKind::Array(Box::new(elem), len),
                }
            }
            BtfTy::Struct(s) | BtfTy::Union(s) => {
                let union = matches!(t, BtfTy::Union(_));
                let members = if depth < MAX_DEPTH {
                    s.members
                        .iter()
                        .map(|m| PrintMember {
                            name: name(m),
                            bit_offset: u64::from(m.bit_offset()),
                            bits: m
                                .bitfield_size()
                                .filter(|&b| b > 0)
                                .map(|b| b.min(64) as u8),
                            ty: self.print_type_at(target(m), depth + 1, 0),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                PrintType {
                    name: record_name(union, &name(s)),
                    size: s.size() as u64,
                    kind: PrintKind::Struct(members),
                }
            }
            BtfTy::Enum(e) => {
                let values = e
                    .members
                    .iter()
                    .map(|m| {
                        let v = if e.is_signed() {
                            i64::from(m.val() as i32)
                        } else {
                            i64::from(m.val())
                        };
                        (name(m), v)
                    })
                    .collect();
                self.enum_type(&name(e), e.size() as u64, values)
            }
            BtfTy::Enum64(e) => {
                let values = e
                    .members
                    .iter()
                    .map(|m| (name(m), m.val() as i64))
                    .collect();
                self.enum_type(&name(e), e.size() as u64, values)
            }
            BtfTy::Fwd(f) => {
                let tag = name(f);
                match self.struct_named(&tag, f.is_union()) {
                    Some(full) => self.print_type_at(full, depth, chain + 1),
                    None => PrintType::other(&record_name(f.is_union(), &tag), 0),
                }
            }
            _ => PrintType::other(&self.c_name(id, chain), 0),
        }
    }

    fn enum_type(&self, tag: &str, size: u64, values: Vec<(String, i64)>) -> PrintType {
        let name = if tag.is_empty() {
            "enum".into()
        } else {
            format!("enum {tag}")
        };
        PrintType {
            name,
            size,
            kind: PrintKind::Enum(values),
        }
    }

    /// The C spelling of the type with BTF id `id` (no members read).
    fn c_name(&self, id: u32, chain: u32) -> String {
        let Some(t) = self.by_id(id).filter(|_| chain <= MAX_CHAIN) else {
            return "?".into();
        };
        let target = |x: &dyn BtfType| x.get_type_id().unwrap_or(0);
        let name = |x: &dyn BtfType| self.btf.resolve_name(x).unwrap_or_default();
        match &t {
            BtfTy::Void => "void".into(),
            BtfTy::Int(x) => name(x),
            BtfTy::Float(x) => name(x),
            BtfTy::Typedef(x) => name(x),
            BtfTy::Struct(x) => record_name(false, &name(x)),
            BtfTy::Union(x) => record_name(true, &name(x)),
            BtfTy::Fwd(f) => record_name(f.is_union(), &name(f)),
            BtfTy::Enum(x) => format!("enum {}", name(x)).trim_end().into(),
            BtfTy::Enum64(x) => format!("enum {}", name(x)).trim_end().into(),
            BtfTy::Const(x) => format!("const {}", self.c_name(target(x), chain + 1)),
            BtfTy::Volatile(x) => format!("volatile {}", self.c_name(target(x), chain + 1)),
            BtfTy::Restrict(x) => self.c_name(target(x), chain + 1),
            BtfTy::TypeTag(x) => self.c_name(target(x), chain + 1),
            BtfTy::Ptr(p) => match self.by_id(target(p)) {
                Some(BtfTy::FuncProto(f)) => {
                    format!("{} (*)()", self.c_name(f.return_type_id(), chain + 1))
                }
                _ => pointer_name(&self.c_name(target(p), chain + 1)),
            },
            BtfTy::Array(a) => format!("{} [{}]", self.c_name(target(a), chain + 1), a.len()),
            _ => "?".into(),
        }
    }
}
