//! Functions' prototypes as the x86-64 calling convention sees them: each
//! parameter's class and size, typedefs and qualifiers stripped, variadic
//! ones kept. [`super::KFunc`] describes types for D and drops `...`; what
//! decides where an argument is passed needs both.

use super::{KernelBtf, MAX_DEPTH};
use btf_rs::{BtfType, Type as BtfTy};

/// A parameter's or return value's type, as far as passing it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `void` (a return type only).
    Void,
    /// An integer, enum, bool or pointer of `size` bytes.
    Int(u64),
    /// A `float`, `double` or wider.
    Float,
    /// A struct or union of `size` bytes; `integer` when every scalar in
    /// it is integer-class and naturally aligned (else it is passed in
    /// SSE registers or memory).
    Record {
        /// Its size in bytes.
        size: u64,
        /// Integer-class throughout.
        integer: bool,
    },
    /// Anything else (a declaration only, a loop in the types).
    Unknown,
}

/// One `FUNC`'s prototype.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prototype {
    /// The fixed parameters, in order.
    pub params: Vec<Shape>,
    /// Whether it ends in `...`.
    pub variadic: bool,
    /// The return type.
    pub ret: Shape,
}

impl KernelBtf {
    /// The prototype of every `FUNC` named `name`. In a module's (split)
    /// BTF only the module's own: vmlinux's functions of the same name
    /// are other functions.
    pub fn prototypes(&self, name: &str) -> Vec<Prototype> {
        let ids = match self.btf.split() {
            Some(own) => own.resolve_ids_by_name(name).unwrap_or_default(),
            None => self.ids(name),
        };
        ids.into_iter()
            .filter_map(|id| {
                let BtfTy::Func(f) = self.by_id(id)? else {
                    return None;
                };
                let BtfTy::FuncProto(p) = self.btf.resolve_chained_type(&f).ok()? else {
                    return None;
                };
                let variadic = p.parameters.iter().any(|x| x.is_variadic());
                let params = p
                    .parameters
                    .iter()
                    .filter(|x| !x.is_variadic())
                    .map(|x| self.shape(x.get_type_id().unwrap_or(0), 0))
                    .collect();
                Some(Prototype {
                    params,
                    variadic,
                    ret: self.shape(p.return_type_id(), 0),
                })
            })
            .collect()
    }

    fn shape(&self, id: u32, depth: u32) -> Shape {
        let Some(t) = self.by_id(id).filter(|_| depth <= MAX_DEPTH) else {
            return Shape::Unknown;
        };
        let next = |x: &dyn BtfType| self.shape(x.get_type_id().unwrap_or(0), depth + 1);
        match &t {
            BtfTy::Void => Shape::Void,
            BtfTy::Int(i) => Shape::Int(i.size() as u64),
            BtfTy::Enum(e) => Shape::Int(e.size() as u64),
            BtfTy::Enum64(e) => Shape::Int(e.size() as u64),
            BtfTy::Ptr(_) => Shape::Int(8),
            BtfTy::Float(_) => Shape::Float,
            BtfTy::Typedef(x) => next(x),
            BtfTy::Volatile(x) | BtfTy::Const(x) | BtfTy::Restrict(x) => next(x),
            BtfTy::TypeTag(x) => next(x),
            BtfTy::Struct(s) | BtfTy::Union(s) => Shape::Record {
                size: s.size() as u64,
                integer: self.integer_members(s, depth),
            },
            _ => Shape::Unknown,
        }
    }

    /// Whether every scalar of `s` is integer-class and aligned: a float,
    /// or a packed member off its alignment, sends the whole record
    /// elsewhere than the integer registers.
    fn integer_members(&self, s: &btf_rs::Struct, depth: u32) -> bool {
        s.members.iter().all(|m| {
            let bits = m.bitfield_size().unwrap_or(0);
            match self.scalar_of(m.get_type_id().unwrap_or(0), depth + 1) {
                Some(Shape::Int(size)) => bits > 0 || u64::from(m.bit_offset()) % (size * 8) == 0,
                Some(Shape::Record { integer, .. }) => integer,
                _ => false,
            }
        })
    }

    /// A member's shape, an array's being its element's.
    fn scalar_of(&self, id: u32, depth: u32) -> Option<Shape> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = self.by_id(id)?;
        match t {
            BtfTy::Array(_) | BtfTy::Typedef(_) | BtfTy::Volatile(_) | BtfTy::Const(_) => {
                self.scalar_of(t.as_btf_type()?.get_type_id()?, depth + 1)
            }
            _ => match self.shape(id, depth) {
                Shape::Int(0) => None,
                s => Some(s),
            },
        }
    }
}
