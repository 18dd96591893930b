#![allow(clippy::arithmetic_side_effects)]

extern crate std;

use super::dynvar::{DynTable, Stored, MAX_PROBE};
use super::key::{thread_key, Key};
use super::layout::{Geometry, Layout};
use super::{StoreOutcome, Vars};
use crate::dif::env::{Loaded, Value, VarRef};
use crate::dif::program::{VarDecl, VarKind};
use crate::dif::Ty;
use core::sync::atomic::AtomicU64;
use std::vec::Vec;

fn words(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

fn decl(kind: VarKind, ty: Ty, arity: u8) -> VarDecl {
    VarDecl { kind, ty, arity }
}

/// A session: globals g_int, g_str; local l_int; tls t_int, t_str; assoc a (2 keys).
struct Session {
    decls: Vec<VarDecl>,
    geometry: Geometry,
    offsets: Vec<u32>,
    globals: Vec<AtomicU64>,
    locals: Vec<AtomicU64>,
    dyn_words: Vec<AtomicU64>,
}

impl Session {
    fn new(strsize: u32, entries: usize) -> Session {
        let decls = std::vec![
            decl(VarKind::Global, Ty::Int, 0),
            decl(VarKind::Global, Ty::Str, 0),
            decl(VarKind::ClauseLocal, Ty::Int, 0),
            decl(VarKind::ThreadLocal, Ty::Int, 0),
            decl(VarKind::ThreadLocal, Ty::Str, 0),
            decl(VarKind::Assoc, Ty::Int, 2),
        ];
        let mut offsets = std::vec![u32::MAX; decls.len()];
        let geometry = Geometry::plan(decls.iter().copied(), strsize, &mut offsets).unwrap();
        Session {
            globals: words(geometry.global_words),
            locals: words(geometry.local_words),
            dyn_words: words(geometry.entry_words() * entries),
            decls,
            geometry,
            offsets,
        }
    }

    fn var(&self, id: u32) -> VarRef {
        let d = self.decls[id as usize];
        VarRef {
            id,
            kind: d.kind,
            ty: d.ty,
        }
    }

    fn with<R>(&self, thread: u64, f: impl FnOnce(&Vars<'_>) -> R) -> R {
        let layout = Layout {
            geometry: self.geometry,
            offsets: &self.offsets,
        };
        let g = self.geometry;
        let table = DynTable::new(&self.dyn_words, g.key_words, g.value_words);
        f(&Vars {
            layout: &layout,
            globals: &self.globals,
            locals: &self.locals,
            dynvars: &table,
            thread,
        })
    }

    fn table(&self) -> DynTable<'_> {
        DynTable::new(
            &self.dyn_words,
            self.geometry.key_words,
            self.geometry.value_words,
        )
    }
}

fn load_str(v: &Vars<'_>, var: VarRef, keys: &[Value<'_>]) -> Vec<u8> {
    let mut out = [0u8; 4096];
    match v.load(var, keys, &mut out[..v.layout.strsize()]).unwrap() {
        Loaded::Str(n) => out[..n].to_vec(),
        other => panic!("not a string: {other:?}"),
    }
}

fn load_int(v: &Vars<'_>, var: VarRef, keys: &[Value<'_>]) -> u64 {
    match v.load(var, keys, &mut []).unwrap() {
        Loaded::Int(n) => n,
        other => panic!("not an int: {other:?}"),
    }
}

#[test]
fn geometry_sizes_slots_and_entries() {
    let s = Session::new(256, 1);
    let g = s.geometry;
    // g_int at 0, g_str at 1 (1 + 32 words); l_int at 0.
    assert_eq!(s.offsets, [0, 1, 0, 0, 0, 0]);
    assert_eq!((g.global_words, g.local_words), (34, 1));
    // Key: header + 2 * (3 + 256) bytes = 65 words; value: a string, 33.
    assert_eq!((g.key_words, g.value_words, g.entry_words()), (66, 33, 100));
    assert!(g.thread_locals);
}

#[test]
fn globals_and_locals_round_trip_and_unset_reads_zero() {
    let s = Session::new(16, 8);
    s.with(1, |v| {
        assert_eq!(load_int(v, s.var(0), &[]), 0);
        assert_eq!(load_str(v, s.var(1), &[]), b"");
        v.store(s.var(0), &[], Value::Int(42)).unwrap();
        v.store(s.var(1), &[], Value::Str(b"hello, strsize-limited world"))
            .unwrap();
        v.store(s.var(2), &[], Value::Int(7)).unwrap();
        assert_eq!(load_int(v, s.var(0), &[]), 42);
        // Cut to strsize.
        assert_eq!(load_str(v, s.var(1), &[]), b"hello, strsize-l");
        assert_eq!(load_int(v, s.var(2), &[]), 7);
        // A type mismatch is an illegal operation, not a store.
        assert!(v.store(s.var(0), &[], Value::Str(b"x")).is_err());
    });
}

#[test]
fn thread_locals_are_per_thread_and_zero_deletes() {
    let s = Session::new(32, 16);
    s.with(100, |v| v.store(s.var(3), &[], Value::Int(5)).unwrap());
    s.with(200, |v| v.store(s.var(3), &[], Value::Int(6)).unwrap());
    s.with(100, |v| {
        v.store(s.var(4), &[], Value::Str(b"mine")).unwrap()
    });
    assert_eq!(s.with(100, |v| load_int(v, s.var(3), &[])), 5);
    assert_eq!(s.with(200, |v| load_int(v, s.var(3), &[])), 6);
    assert_eq!(s.with(200, |v| load_str(v, s.var(4), &[])), b"");
    assert_eq!(s.with(100, |v| load_str(v, s.var(4), &[])), b"mine");
    assert_eq!(s.table().live(), 3);
    s.with(100, |v| v.store(s.var(3), &[], Value::Int(0)).unwrap());
    assert_eq!(s.with(100, |v| load_int(v, s.var(3), &[])), 0);
    assert_eq!(s.table().live(), 2);
    // An exited thread's entries go; the others stay.
    assert_eq!(s.table().reclaim_thread(100), 1);
    assert_eq!(s.with(200, |v| load_int(v, s.var(3), &[])), 6);
    assert_eq!(s.table().live(), 1);
}

#[test]
fn a_zeroed_struct_deletes_a_dynamic_variable_but_an_empty_string_does_not() {
    let s = Session::new(32, 16);
    s.with(100, |v| {
        v.store(s.var(4), &[], Value::Str(b"\x01\0\0\0")).unwrap()
    });
    assert_eq!(s.table().live(), 1);
    s.with(100, |v| {
        v.store(s.var(4), &[], Value::Str(&[0; 4])).unwrap()
    });
    assert_eq!(s.table().live(), 0);
    assert_eq!(s.with(100, |v| load_str(v, s.var(4), &[])), b"");
    s.with(100, |v| v.store(s.var(4), &[], Value::Str(b"")).unwrap());
    assert_eq!(s.table().live(), 1);
}

#[test]
fn idle_threads_differ_by_cpu() {
    assert_ne!(thread_key(0, 0), thread_key(0, 1));
    assert_eq!(thread_key(5, 3), 5);
}

#[test]
fn assoc_keys_compare_by_value_and_type() {
    let s = Session::new(64, 32);
    s.with(1, |v| {
        let a = s.var(5);
        v.store(a, &[Value::Str(b"read"), Value::Int(3)], Value::Int(10))
            .unwrap();
        v.store(a, &[Value::Str(b"read"), Value::Int(4)], Value::Int(11))
            .unwrap();
        v.store(a, &[Value::Str(b"write"), Value::Int(3)], Value::Int(12))
            .unwrap();
        v.store(a, &[Value::Str(b"read"), Value::Int(3)], Value::Int(13))
            .unwrap();
        assert_eq!(load_int(v, a, &[Value::Str(b"read"), Value::Int(3)]), 13);
        assert_eq!(load_int(v, a, &[Value::Str(b"read"), Value::Int(4)]), 11);
        assert_eq!(load_int(v, a, &[Value::Str(b"write"), Value::Int(3)]), 12);
        assert_eq!(load_int(v, a, &[Value::Str(b"rea"), Value::Int(3)]), 0);
        // An integer is not the string of its bytes.
        assert_eq!(load_int(v, a, &[Value::Int(3), Value::Str(b"read")]), 0);
    });
    assert_eq!(s.table().live(), 3);
}

#[test]
fn long_string_keys_are_cut_to_strsize() {
    let s = Session::new(8, 4);
    s.with(1, |v| {
        let a = s.var(5);
        v.store(
            a,
            &[Value::Str(b"abcdefgh-one"), Value::Int(1)],
            Value::Int(1),
        )
        .unwrap();
        assert_eq!(
            load_int(v, a, &[Value::Str(b"abcdefgh-two"), Value::Int(1)]),
            1
        );
    });
}

#[test]
fn a_full_table_drops_exactly_the_excess_and_frees_are_reused() {
    let entries = 10;
    let s = Session::new(16, entries);
    assert_eq!(s.table().capacity(), entries);
    let a = s.var(5);
    let store = |i: u64, val: u64| {
        s.with(1, |v| {
            v.store(a, &[Value::Int(i), Value::Int(0)], Value::Int(val))
                .unwrap()
        })
    };
    let drops = (0..15)
        .filter(|&i| store(i, i + 1) == StoreOutcome::Dropped)
        .count();
    assert_eq!(drops, 5);
    // Updating a present key never drops.
    assert_eq!(store(3, 99), StoreOutcome::Done);
    // Deleting two makes room for exactly two more.
    assert_eq!(store(0, 0), StoreOutcome::Done);
    assert_eq!(store(1, 0), StoreOutcome::Done);
    let drops = (100..105)
        .filter(|&i| store(i, 1) == StoreOutcome::Dropped)
        .count();
    assert_eq!(drops, 3);
    assert_eq!(s.table().live(), entries);
    // Everything present reads back.
    s.with(1, |v| {
        assert_eq!(load_int(v, a, &[Value::Int(3), Value::Int(0)]), 99);
        assert_eq!(load_int(v, a, &[Value::Int(0), Value::Int(0)]), 0);
        assert_eq!(load_int(v, a, &[Value::Int(100), Value::Int(0)]), 1);
    });
}

#[test]
fn a_known_capacity_is_taken_only_if_the_words_hold_it() {
    let w = words(12);
    assert_eq!(DynTable::with_capacity(&w, 2, 1, 3).capacity(), 3);
    assert_eq!(DynTable::with_capacity(&w, 2, 1, 4).capacity(), 0);
    assert_eq!(DynTable::with_capacity(&w, 0, 1, 3).capacity(), 0);
}

#[test]
fn a_table_too_small_for_one_entry_drops_every_store() {
    let t = DynTable::new(&[], 2, 1);
    assert_eq!(t.capacity(), 0);
    let k = Key::thread(0, 1);
    assert_eq!(t.store(&k, Ty::Int, Value::Int(1)), Ok(Stored::Full));
    assert_eq!(t.load(&k, Ty::Int, &mut []), Loaded::Int(0));
}

/// Threads hammer a small table: each owns its keys (like self->
/// variables) and checks every read sees either nothing or the value it
/// last stored, never another thread's key or a torn string.
#[test]
fn concurrent_threads_never_see_each_others_entries() {
    let s = Session::new(32, MAX_PROBE);
    let threads = 4u64;
    std::thread::scope(|sc| {
        for t in 0..threads {
            let s = &s;
            sc.spawn(move || {
                let me = 1000 + t;
                let mut pattern = [0u8; 32];
                for round in 0..3000u64 {
                    let n = (round % 8) as usize + 8;
                    pattern[..n].fill(b'a' + t as u8);
                    let val = round % 5;
                    s.with(me, |v| {
                        v.store(s.var(3), &[], Value::Int(val)).unwrap();
                        v.store(s.var(4), &[], Value::Str(&pattern[..n])).unwrap();
                        let got = load_int(v, s.var(3), &[]);
                        // Deleted (0) or dropped reads 0; otherwise ours.
                        assert!(got == val || got == 0, "thread {t}: {got} != {val}");
                        let st = load_str(v, s.var(4), &[]);
                        assert!(
                            st.is_empty() || st == pattern[..n],
                            "thread {t}: torn {st:?}"
                        );
                        // A shared assoc key: any value some thread stored.
                        v.store(
                            s.var(5),
                            &[Value::Str(b"shared"), Value::Int(round % 3)],
                            Value::Int(me),
                        )
                        .unwrap();
                        let other =
                            load_int(v, s.var(5), &[Value::Str(b"shared"), Value::Int(round % 3)]);
                        assert!(
                            other == 0 || (1000..1000 + threads).contains(&other),
                            "{other}"
                        );
                    });
                }
            });
        }
    });
    // A delete frees every entry of its key, duplicates from racing
    // inserts included: nothing is left behind to resurface.
    for t in 0..threads {
        s.table().reclaim_thread(1000 + t);
    }
    s.with(1, |v| {
        for k in 0..3 {
            let key = [Value::Str(b"shared"), Value::Int(k)];
            v.store(s.var(5), &key, Value::Int(0)).unwrap();
        }
    });
    assert_eq!(s.table().live(), 0);
}

/// Threads churn a table smaller than their working set: entries are
/// freed and reused by other threads between a reader's lookup and its
/// read, so a reader that did not validate its entry's generation would
/// read another thread's value.
#[test]
fn readers_never_see_a_reused_entry() {
    let s = Session::new(8, 2);
    let seen_own: usize = std::thread::scope(|sc| {
        let workers: Vec<_> = (0..4u64)
            .map(|t| {
                let s = &s;
                sc.spawn(move || {
                    let me = 1000 + t;
                    let mut seen_own = 0;
                    for _ in 0..20000 {
                        s.with(me, |v| {
                            v.store(s.var(3), &[], Value::Int(me)).unwrap();
                            let got = load_int(v, s.var(3), &[]);
                            assert!(got == me || got == 0, "thread {me} read {got}");
                            seen_own += usize::from(got == me);
                            v.store(s.var(3), &[], Value::Int(0)).unwrap();
                        });
                    }
                    seen_own
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    // A thread may starve (its peers, preempted, hold both entries), not all.
    assert!(seen_own > 0);
    assert_eq!(s.table().live(), 0);
}

mod key_encoding {
    use super::super::key::{hash_words, Key, SMALL_WORDS};
    use crate::dif::env::Value;
    use proptest::prelude::*;
    extern crate std;
    use std::vec::Vec;

    #[derive(Clone, Debug, PartialEq)]
    enum Elem {
        Int(u64),
        Str(Vec<u8>),
    }

    fn elem() -> impl Strategy<Value = Elem> {
        prop_oneof![
            (0u64..4).prop_map(Elem::Int),
            any::<u64>().prop_map(Elem::Int),
            proptest::collection::vec(0u8..3, 0..12).prop_map(Elem::Str),
        ]
    }

    fn values_of(elems: &[Elem]) -> Vec<Value<'_>> {
        elems
            .iter()
            .map(|e| match e {
                Elem::Int(v) => Value::Int(*v),
                Elem::Str(s) => Value::Str(s),
            })
            .collect()
    }

    fn words(var: u32, elems: &[Elem], strsize: usize) -> Vec<u64> {
        let values = values_of(elems);
        let key = Key::assoc(var, &values, strsize);
        let w: Vec<u64> = key.words().collect();
        assert_eq!(w.len(), key.len_words());
        w
    }

    fn cut(elems: &[Elem], strsize: usize) -> Vec<Elem> {
        elems
            .iter()
            .map(|e| match e {
                Elem::Str(s) => Elem::Str(s[..s.len().min(strsize)].to_vec()),
                e => e.clone(),
            })
            .collect()
    }

    /// The cases random tuples rarely hit: an integer whose bytes spell a
    /// string's length and bytes, and string boundaries moved.
    #[test]
    fn tags_and_lengths_keep_near_misses_apart() {
        let six = Elem::Str(std::vec![0; 6]);
        assert_ne!(words(0, &[Elem::Int(6)], 16), words(0, &[six], 16));
        let ab_c = [Elem::Str(b"ab".to_vec()), Elem::Str(b"c".to_vec())];
        let a_bc = [Elem::Str(b"a".to_vec()), Elem::Str(b"bc".to_vec())];
        assert_ne!(words(0, &ab_c, 16), words(0, &a_bc, 16));
        assert_ne!(words(0, &[Elem::Int(1)], 16), words(1, &[Elem::Int(1)], 16));
    }

    /// The format, byte by byte, as the module documentation gives it:
    /// what the chunked encoder must produce.
    fn spelled_out(var: u32, elems: &[Elem], strsize: usize) -> Vec<u64> {
        let mut body = Vec::new();
        for e in cut(elems, strsize) {
            match e {
                Elem::Int(v) => {
                    body.push(1u8);
                    body.extend_from_slice(&v.to_le_bytes());
                }
                Elem::Str(s) => {
                    body.push(2u8);
                    body.extend_from_slice(&(s.len() as u16).to_le_bytes());
                    body.extend_from_slice(&s);
                }
            }
        }
        let mut w = std::vec![u64::from(var) | ((body.len() as u64) << 32)];
        for chunk in body.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            w.push(u64::from_le_bytes(b));
        }
        w
    }

    proptest! {
        /// Two tuples encode alike exactly when they are equal once strings
        /// are cut to strsize: no two keys can share an entry.
        #[test]
        fn encoding_is_injective(
            a in proptest::collection::vec(elem(), 1..4),
            b in proptest::collection::vec(elem(), 1..4),
            va in 0u32..2, vb in 0u32..2, strsize in 1usize..10,
        ) {
            let same = va == vb && cut(&a, strsize) == cut(&b, strsize);
            prop_assert_eq!(words(va, &a, strsize) == words(vb, &b, strsize), same);
        }

        /// The words are the documented format, whatever the elements'
        /// lengths and where they fall across word boundaries.
        #[test]
        fn words_spell_the_format(
            a in proptest::collection::vec(prop_oneof![
                elem(),
                proptest::collection::vec(any::<u8>(), 0..40).prop_map(Elem::Str),
            ], 0..6),
            var in 0u32..3, strsize in 1usize..48,
        ) {
            prop_assert_eq!(words(var, &a, strsize), spelled_out(var, &a, strsize));
        }

        /// The one-pass encoding is the words, whenever they fit.
        #[test]
        fn small_keys_encode_as_their_words(
            a in proptest::collection::vec(prop_oneof![
                elem(),
                proptest::collection::vec(any::<u8>(), 0..40).prop_map(Elem::Str),
            ], 0..6),
            var in 0u32..3, strsize in 1usize..48,
        ) {
            let values = values_of(&a);
            let key = Key::assoc(var, &values, strsize);
            let mut out = [0u64; SMALL_WORDS];
            let all: Vec<u64> = key.words().collect();
            match key.encode(&mut out) {
                Some(w) => prop_assert_eq!(w, &all[..]),
                None => prop_assert!(all.len() > SMALL_WORDS),
            }
            prop_assert_eq!(hash_words(&all), key.hash());
        }
    }
}
