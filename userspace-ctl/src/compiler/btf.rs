//! Kernel types from BTF (`/sys/kernel/btf/vmlinux`): what the compiler
//! needs of them, read with the `btf-rs` crate. Struct and union layouts
//! (member offsets, bitfields, anonymous members flattened in as C lets
//! them be named), typedefs, and functions' parameter types, with every
//! qualifier and typedef on the way stripped. The checker maps these
//! kernel types onto D's ([`super::check`]'s `kernel` module).

use btf_rs::{Btf, BtfType, Type as BtfTy};
use std::path::{Path, PathBuf};

mod abi;
mod print_type;
pub use abi::{Prototype, Shape};

/// Where the running kernel describes its types.
pub const KERNEL_BTF: &str = "/sys/kernel/btf/vmlinux";

/// The BTF file to read: `RDTRACE_BTF` if set (tests compile on a host
/// for another kernel), else the running kernel's.
pub fn default_path() -> PathBuf {
    std::env::var_os("RDTRACE_BTF").map_or_else(|| PathBuf::from(KERNEL_BTF), PathBuf::from)
}

/// A kernel type, qualifiers and typedefs stripped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KType {
    /// `void`.
    Void,
    /// C's `char`: a signed byte in D, and an array of them a string.
    Char,
    /// An integer (or an enum) of `size` bytes.
    Int {
        /// Signed or unsigned.
        signed: bool,
        /// Width in bytes.
        size: u8,
    },
    /// A pointer to the type.
    Ptr(Box<KType>),
    /// A struct or union, by its BTF id (members are read on demand).
    Struct {
        /// Its BTF id.
        id: u32,
        /// A union rather than a struct.
        union: bool,
    },
    /// An array of `len` elements.
    Array(Box<KType>, u64),
    /// Something D has no value for (a function, a float).
    Other,
}

/// One member of a struct or union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KMember {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: KType,
    /// Its offset from the start of the struct, in bits.
    pub bit_offset: u64,
    /// Its width in bits, for a bitfield.
    pub bits: Option<u32>,
}

/// A struct's or union's layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KStruct {
    /// `struct name` or `union name` (anonymous: `struct <anon>`).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its members, those of anonymous members included.
    pub members: Vec<KMember>,
}

/// A function's prototype.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KFunc {
    /// The parameter types, in order.
    pub params: Vec<KType>,
    /// Their names (empty where BTF has none).
    pub names: Vec<String>,
    /// The return type.
    pub ret: KType,
}

/// A parsed BTF file.
pub struct KernelBtf {
    btf: Btf,
}

/// How deep a type chain may go before it is taken as a loop.
const MAX_DEPTH: u32 = 32;

impl KernelBtf {
    /// Reads and parses the BTF file at `path`.
    pub fn load(path: &Path) -> Result<KernelBtf, String> {
        let btf = Btf::from_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(KernelBtf { btf })
    }

    /// Maps the BTF file at `path` rather than parsing all of it: about
    /// 1 ms instead of 60 for a kernel's, but each look-up by name then
    /// scans it (about 0.4 ms), so for a few look-ups only. A kernel whose
    /// sysfs BTF cannot be mapped has it read as [`KernelBtf::load`] does.
    pub fn load_mapped(path: &Path) -> Result<KernelBtf, String> {
        match Btf::from_file_with_backend(path, btf_rs::Backend::Mmap) {
            Ok(btf) => Ok(KernelBtf { btf }),
            Err(_) => KernelBtf::load(path),
        }
    }

    /// Reads a module's split BTF (`/sys/kernel/btf/<module>`), whose ids
    /// go on from `base`'s (vmlinux's).
    pub fn load_split(path: &Path, base: &KernelBtf) -> Result<KernelBtf, String> {
        let btf = Btf::from_split_file(path, &base.btf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(KernelBtf { btf })
    }

    /// Parses BTF bytes (tests).
    pub fn from_bytes(bytes: &[u8]) -> Result<KernelBtf, String> {
        let btf = Btf::from_bytes(bytes).map_err(|e| e.to_string())?;
        Ok(KernelBtf { btf })
    }

    fn by_id(&self, id: u32) -> Option<BtfTy> {
        if id == 0 {
            return Some(BtfTy::Void);
        }
        self.btf.resolve_type_by_id(id).ok()
    }

    fn ids(&self, name: &str) -> Vec<u32> {
        self.btf.resolve_ids_by_name(name).unwrap_or_default()
    }

    /// The complete struct (or union) `tag`'s id.
    pub fn struct_named(&self, tag: &str, union: bool) -> Option<u32> {
        self.ids(tag).into_iter().find(|&id| match self.by_id(id) {
            Some(BtfTy::Struct(_)) => !union,
            Some(BtfTy::Union(_)) => union,
            _ => false,
        })
    }

    /// The enum `tag`, as the integer it is.
    pub fn enum_named(&self, tag: &str) -> Option<KType> {
        self.ids(tag)
            .into_iter()
            .find_map(|id| match self.by_id(id) {
                Some(BtfTy::Enum(_) | BtfTy::Enum64(_)) => Some(self.describe_id(id, 0)),
                _ => None,
            })
    }

    /// The type the typedef `name` names.
    pub fn typedef_named(&self, name: &str) -> Option<KType> {
        self.ids(name)
            .into_iter()
            .find_map(|id| match self.by_id(id) {
                Some(BtfTy::Typedef(_)) => Some(self.describe_id(id, 0)),
                _ => None,
            })
    }

    /// The prototype of the function `name`.
    pub fn function(&self, name: &str) -> Option<KFunc> {
        self.ids(name).into_iter().find_map(|id| {
            let BtfTy::Func(f) = self.by_id(id)? else {
                return None;
            };
            let BtfTy::FuncProto(p) = self.btf.resolve_chained_type(&f).ok()? else {
                return None;
            };
            let fixed = || p.parameters.iter().filter(|x| !x.is_variadic());
            let params = fixed()
                .map(|x| self.describe_id(x.get_type_id().unwrap_or(0), 0))
                .collect();
            let names = fixed()
                .map(|x| self.btf.resolve_name(x).unwrap_or_default())
                .collect();
            Some(KFunc {
                params,
                names,
                ret: self.describe_id(p.return_type_id(), 0),
            })
        })
    }

    /// The `TP_PROTO` of the tracepoint `name`, named and typed: the
    /// parameters of one of the functions the kernel makes for each
    /// tracepoint with its prototype after a `void *__data`, less that
    /// first one. BPF's `__bpf_trace_X` is made per event class, not per
    /// tracepoint, so it is the last resort.
    pub fn tracepoint(&self, name: &str) -> Option<KFunc> {
        let mut f = ["__probestub_", "__traceiter_", "__bpf_trace_"]
            .iter()
            .find_map(|prefix| self.function(&format!("{prefix}{name}")))?;
        if f.params.is_empty() {
            return None;
        }
        f.params.remove(0);
        f.names.remove(0);
        Some(f)
    }

    /// The type with this id is, through typedefs and qualifiers.
    fn describe_id(&self, id: u32, depth: u32) -> KType {
        let Some(t) = self.by_id(id) else {
            return KType::Other;
        };
        if depth > MAX_DEPTH {
            return KType::Other;
        }
        let next = |x: &dyn BtfType| self.describe_id(x.get_type_id().unwrap_or(0), depth + 1);
        match &t {
            BtfTy::Void => KType::Void,
            BtfTy::Int(i) if self.btf.resolve_name(i).is_ok_and(|n| n == "char") => KType::Char,
            BtfTy::Int(i) => KType::Int {
                signed: i.is_signed(),
                size: i.size() as u8,
            },
            BtfTy::Enum(e) => KType::Int {
                signed: e.is_signed(),
                size: e.size() as u8,
            },
            BtfTy::Enum64(e) => KType::Int {
                signed: e.is_signed(),
                size: e.size() as u8,
            },
            BtfTy::Ptr(p) => KType::Ptr(Box::new(next(p))),
            BtfTy::Array(a) => KType::Array(Box::new(next(a)), a.len() as u64),
            BtfTy::Typedef(x) => next(x),
            BtfTy::Volatile(x) | BtfTy::Const(x) | BtfTy::Restrict(x) => next(x),
            BtfTy::TypeTag(x) => next(x),
            BtfTy::Struct(_) => KType::Struct { id, union: false },
            BtfTy::Union(_) => KType::Struct { id, union: true },
            // A declaration only: its definition, if the kernel has one.
            BtfTy::Fwd(f) => {
                let name = self.btf.resolve_name(f).unwrap_or_default();
                match self.struct_named(&name, f.is_union()) {
                    Some(id) => KType::Struct {
                        id,
                        union: f.is_union(),
                    },
                    None => KType::Other,
                }
            }
            _ => KType::Other,
        }
    }

    /// The layout of the struct or union with this id.
    pub fn layout(&self, id: u32) -> Option<KStruct> {
        let (s, union) = match self.by_id(id)? {
            BtfTy::Struct(s) => (s, false),
            BtfTy::Union(s) => (s, true),
            _ => return None,
        };
        let tag = self.btf.resolve_name(&s).unwrap_or_default();
        let kw = if union { "union" } else { "struct" };
        let name = if tag.is_empty() {
            format!("{kw} <anon>")
        } else {
            format!("{kw} {tag}")
        };
        let mut members = Vec::new();
        self.members_of(&s, 0, 0, &mut members);
        Some(KStruct {
            name,
            size: s.size() as u64,
            members,
        })
    }

    /// Appends `s`'s members at `base` bits, those of an anonymous
    /// struct or union member as if they were `s`'s own.
    fn members_of(&self, s: &btf_rs::Struct, base: u64, depth: u32, out: &mut Vec<KMember>) {
        for m in &s.members {
            let name = self.btf.resolve_name(m).unwrap_or_default();
            let ty = self.describe_id(m.get_type_id().unwrap_or(0), 0);
            let bit_offset = base + u64::from(m.bit_offset());
            if name.is_empty() {
                if let KType::Struct { id, .. } = ty {
                    if depth < MAX_DEPTH {
                        if let Some(BtfTy::Struct(inner) | BtfTy::Union(inner)) = self.by_id(id) {
                            self.members_of(&inner, bit_offset, depth + 1, out);
                        }
                    }
                }
                continue;
            }
            out.push(KMember {
                name,
                ty,
                bit_offset,
                bits: m.bitfield_size().filter(|&b| b > 0),
            });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A BTF blob under construction: types are appended in id order.
    #[derive(Default)]
    pub(crate) struct Blob {
        types: Vec<u8>,
        strings: Vec<u8>,
        /// A split blob's first string offset: its base's string bytes.
        str_base: u32,
    }

    const INT: u32 = 1;
    const PTR: u32 = 2;
    const ARRAY: u32 = 3;
    const STRUCT: u32 = 4;
    const UNION: u32 = 5;
    const TYPEDEF: u32 = 8;
    const FUNC: u32 = 12;
    const PROTO: u32 = 13;
    const FLOAT: u32 = 16;

    impl Blob {
        /// Split BTF on the blob `base` (its ids follow on from base's).
        pub(crate) fn split_on(base: &[u8]) -> Blob {
            let mut len = [0u8; 4];
            len.copy_from_slice(&base[20..24]);
            Blob {
                str_base: u32::from_le_bytes(len),
                ..Blob::default()
            }
        }

        fn str(&mut self, s: &str) -> u32 {
            if self.strings.is_empty() {
                self.strings.push(0);
            }
            if s.is_empty() {
                return 0;
            }
            let off = self.str_base + self.strings.len() as u32;
            self.strings.extend_from_slice(s.as_bytes());
            self.strings.push(0);
            off
        }

        fn words(&mut self, w: &[u32]) {
            for x in w {
                self.types.extend_from_slice(&x.to_le_bytes());
            }
        }

        fn head(&mut self, name: &str, kind: u32, vlen: u32, kflag: bool, size_or_type: u32) {
            let n = self.str(name);
            let info = (kind << 24) | vlen | (u32::from(kflag) << 31);
            self.words(&[n, info, size_or_type]);
        }

        pub(crate) fn int(&mut self, name: &str, size: u32, signed: bool) {
            self.head(name, INT, 0, false, size);
            self.words(&[(u32::from(signed) << 24) | (size * 8)]);
        }

        pub(crate) fn float(&mut self, name: &str, size: u32) {
            self.head(name, FLOAT, 0, false, size);
        }

        pub(crate) fn ptr(&mut self, to: u32) {
            self.head("", PTR, 0, false, to);
        }

        pub(crate) fn array(&mut self, elem: u32, index: u32, len: u32) {
            self.head("", ARRAY, 0, false, 0);
            self.words(&[elem, index, len]);
        }

        pub(crate) fn typedef(&mut self, name: &str, to: u32) {
            self.head(name, TYPEDEF, 0, false, to);
        }

        /// Members: (name, type, bit offset, bitfield bits or 0).
        pub(crate) fn record(
            &mut self,
            name: &str,
            union: bool,
            size: u32,
            m: &[(&str, u32, u32, u32)],
        ) {
            let kind = if union { UNION } else { STRUCT };
            self.head(name, kind, m.len() as u32, true, size);
            for &(n, ty, off, bits) in m {
                let n = self.str(n);
                self.words(&[n, ty, (bits << 24) | off]);
            }
        }

        pub(crate) fn func(&mut self, name: &str, ret: u32, params: &[(&str, u32)], proto_id: u32) {
            self.head("", PROTO, params.len() as u32, false, ret);
            for &(n, ty) in params {
                let n = self.str(n);
                self.words(&[n, ty]);
            }
            self.head(name, FUNC, 1, false, proto_id);
        }

        pub(crate) fn bytes(mut self) -> Vec<u8> {
            self.str("");
            let mut out = Vec::new();
            let hdr = [
                0x0001_eb9f_u32, // magic 0xeb9f, version 1, flags 0
                24,
                0,
                self.types.len() as u32,
                self.types.len() as u32,
                self.strings.len() as u32,
            ];
            out.extend_from_slice(&(hdr[0] as u16).to_le_bytes());
            out.push(1);
            out.push(0);
            for w in &hdr[1..] {
                out.extend_from_slice(&w.to_le_bytes());
            }
            out.extend_from_slice(&self.types);
            out.extend_from_slice(&self.strings);
            out
        }
    }

    /// A small kernel: `struct task_struct { int pid; char comm[16];
    /// struct task_struct *parent; union { long a; long b; };
    /// unsigned flag:1; }` (48 bytes), `typedef int pid_t`,
    /// `long f(struct task_struct *, pid_t)`.
    pub(crate) fn small_kernel() -> Vec<u8> {
        let mut b = Blob::default();
        b.int("int", 4, true); // 1
        b.int("char", 1, true); // 2
        b.int("long", 8, true); // 3
        b.int("unsigned int", 4, false); // 4
        b.array(2, 1, 16); // 5: char[16]
        b.ptr(7); // 6: struct task *
        b.record(
            "task_struct",
            false,
            48,
            &[
                ("pid", 1, 0, 0),
                ("comm", 5, 32, 0),
                ("parent", 6, 192, 0),
                ("", 8, 256, 0),
                ("flag", 4, 320 + 3, 1),
            ],
        ); // 7
        b.record("", true, 8, &[("a", 3, 0, 0), ("b", 3, 0, 0)]); // 8
        b.typedef("pid_t", 1); // 9
        b.func("f", 3, &[("t", 6), ("p", 9)], 10); // 10 proto, 11 func
        b.ptr(0); // 12: void *
        let tp = [("__data", 12), ("p", 6), ("old_pid", 9)];
        b.func("__bpf_trace_exec", 0, &tp, 13); // 13 proto, 14 func
        b.bytes()
    }

    #[test]
    fn reads_layouts_typedefs_and_prototypes() {
        let k = KernelBtf::from_bytes(&small_kernel()).unwrap();
        let id = k.struct_named("task_struct", false).unwrap();
        assert_eq!(k.struct_named("task_struct", true), None);
        let s = k.layout(id).unwrap();
        assert_eq!((s.name.as_str(), s.size), ("struct task_struct", 48));
        let names: Vec<_> = s.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["pid", "comm", "parent", "a", "b", "flag"]);
        assert_eq!(s.members[1].ty, KType::Array(Box::new(KType::Char), 16));
        assert_eq!(s.members[1].bit_offset, 32);
        let task = KType::Struct { id, union: false };
        assert_eq!(s.members[2].ty, KType::Ptr(Box::new(task.clone())));
        assert_eq!(s.members[4].bit_offset, 256);
        assert_eq!((s.members[5].bit_offset, s.members[5].bits), (323, Some(1)));
        assert_eq!(
            k.typedef_named("pid_t"),
            Some(KType::Int {
                signed: true,
                size: 4
            })
        );
        let f = k.function("f").unwrap();
        assert_eq!(f.params[0], KType::Ptr(Box::new(task)));
        assert_eq!(
            f.ret,
            KType::Int {
                signed: true,
                size: 8
            }
        );
        assert!(k.function("nosuch").is_none());
        let tp = k.tracepoint("exec").unwrap();
        assert_eq!(tp.names, ["p", "old_pid"]);
        assert_eq!(tp.params[1], k.typedef_named("pid_t").unwrap());
        assert!(k.tracepoint("nosuch").is_none());
    }

    /// The guest kernel's BTF, when a test run has it (RDTRACE_BTF).
    #[test]
    fn reads_the_kernels_task_struct() {
        let Some(path) = std::env::var_os("RDTRACE_BTF") else {
            return;
        };
        let k = KernelBtf::load(Path::new(&path)).unwrap();
        let s = k
            .layout(k.struct_named("task_struct", false).unwrap())
            .unwrap();
        let comm = s.members.iter().find(|m| m.name == "comm").unwrap();
        assert!(matches!(comm.ty, KType::Array(_, 16)));
        assert!(s.members.iter().any(|m| m.name == "pid"));
        let read = k.function("ksys_read").unwrap();
        assert_eq!(read.params.len(), 3);
    }
}
