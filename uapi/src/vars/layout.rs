//! Where each variable of a session lives. Globals and clause-locals get a
//! slot of words each (an integer: one word; a string: a length word then
//! `strsize` bytes); thread-locals and associative arrays share the
//! dynamic-variable table, whose entries are sized for the largest key and
//! value any variable of the session can have.

use super::key;
use crate::dif::env::VarRef;
use crate::dif::fault::FaultCode;
use crate::dif::program::{VarDecl, VarKind};
use crate::dif::Ty;

/// Words of a scalar slot of type `ty`.
pub const fn slot_words(ty: Ty, strsize: u32) -> usize {
    match ty {
        Ty::Int => 1,
        Ty::Str => (strsize as usize).div_ceil(8).saturating_add(1),
    }
}

/// The sizes a session's variables need, computed once at ENABLE.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Geometry {
    /// `strsize`: the longest string a variable or key holds.
    pub strsize: u32,
    /// Words of global storage.
    pub global_words: usize,
    /// Words of clause-local storage per CPU (0: no program uses any, and
    /// firings need not clear them).
    pub local_words: usize,
    /// Words of a dynamic-variable key (0: no dynamic variables).
    pub key_words: usize,
    /// Words of a dynamic-variable value.
    pub value_words: usize,
    /// Whether any variable is thread-local (exited threads' entries then
    /// need reclaiming).
    pub thread_locals: bool,
}

impl Geometry {
    /// Computes the geometry of the variables `decls` (the session's whole
    /// table, in order) and writes each one's slot offset into `offsets`
    /// (one per declaration; 0 for dynamic variables). `None` if `offsets`
    /// is shorter than the table.
    pub fn plan(
        decls: impl Iterator<Item = VarDecl>,
        strsize: u32,
        offsets: &mut [u32],
    ) -> Option<Geometry> {
        let mut g = Geometry {
            strsize,
            ..Geometry::default()
        };
        let mut slots = offsets.iter_mut();
        for d in decls {
            let at = slots.next()?;
            let words = slot_words(d.ty, strsize);
            let area = match d.kind {
                VarKind::Global => &mut g.global_words,
                VarKind::ClauseLocal => &mut g.local_words,
                VarKind::ThreadLocal | VarKind::Assoc => {
                    g.thread_locals |= d.kind == VarKind::ThreadLocal;
                    let body = key::max_body_bytes(d.kind, d.arity, strsize);
                    g.key_words = g
                        .key_words
                        .max(key::HEADER_WORDS.saturating_add(body.div_ceil(8)));
                    g.value_words = g.value_words.max(words);
                    *at = 0;
                    continue;
                }
            };
            *at = u32::try_from(*area).ok()?;
            *area = area.saturating_add(words);
        }
        Some(g)
    }

    /// Words of one dynamic-variable entry (state, key, value); 0 without
    /// dynamic variables.
    pub const fn entry_words(&self) -> usize {
        if self.key_words == 0 {
            0
        } else {
            self.key_words
                .saturating_add(self.value_words)
                .saturating_add(1)
        }
    }
}

/// A session's geometry and its variables' slot offsets.
#[derive(Clone, Copy, Debug)]
pub struct Layout<'a> {
    /// The sizes.
    pub geometry: Geometry,
    /// Each variable's slot (word offset into the global or local words).
    pub offsets: &'a [u32],
}

impl Layout<'_> {
    /// The string size.
    pub const fn strsize(&self) -> usize {
        self.geometry.strsize as usize
    }

    /// The slot offset of `var` ([`FaultCode::IllegalOp`] if the session
    /// has no such variable, which a checked ENABLE rules out).
    pub fn slot(&self, var: VarRef) -> Result<usize, FaultCode> {
        let at = self
            .offsets
            .get(var.id as usize)
            .ok_or(FaultCode::IllegalOp)?;
        Ok(*at as usize)
    }
}
