//! The consumer's view of the aggregations across printa, clear, trunc
//! and normalize: which were printed (DTrace prints at exit only those
//! never printed), each one's normalization, and what was cleared or
//! truncated away. The kernel's tables only grow, so a cleared or
//! truncated entry keeps its state at that moment as a baseline, taken
//! off later snapshots (as DTrace's consumer starts it again from zero).

use super::printa;
use super::{compare, zero_state, Key, Merged, State};
use crate::compiler::ir::{AggAction, AggFunc, Aggregation};
use crate::output::Printout;
use crate::records::Value;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How entries are sorted: DTrace's `aggsortkey`, `aggsortrev`,
/// `aggsortpos` and `aggsortkeypos` options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SortOpts {
    /// By key first, then value.
    pub key: bool,
    /// Reversed.
    pub rev: bool,
    /// Which of the joined aggregations sorts first.
    pub pos: usize,
    /// Which key element compares first.
    pub keypos: usize,
}

impl SortOpts {
    /// Sets option `name` (others are not the sort's) to `value`, as
    /// `-x`, `#pragma D option` or `setopt()` give it (a flag as
    /// [`super::display::flag_on`] reads it).
    pub fn set(&mut self, name: &str, value: Option<&str>) {
        let flag = super::display::flag_on(value);
        let count = || value.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        match name {
            "aggsortkey" => self.key = flag,
            "aggsortrev" => self.rev = flag,
            "aggsortpos" => self.pos = count(),
            "aggsortkeypos" => self.keypos = count(),
            _ => {}
        }
    }
}

/// A baseline: the state when cleared, or when truncated away.
#[derive(Clone, Debug)]
struct Baseline {
    state: State,
    removed: bool,
}

/// The consumer's aggregation bookkeeping for one session.
#[derive(Clone, Debug, Default)]
pub struct AggView {
    printed: HashSet<u32>,
    normal: HashMap<u32, u64>,
    baselines: HashMap<u32, BTreeMap<Vec<Key>, Baseline>>,
    /// The sort options in force.
    pub sort: SortOpts,
}

impl AggView {
    /// Aggregation `agg`'s entries as DTrace's consumer holds them.
    pub fn entries(&self, merged: &Merged, desc: &Aggregation, agg: u32) -> Vec<(Vec<Key>, State)> {
        let base = self.baselines.get(&agg);
        let mut out = Vec::new();
        for (k, st) in merged.entries(agg).into_iter().flatten() {
            match base.and_then(|b| b.get(k)) {
                None => out.push((k.clone(), st.clone())),
                Some(b) if b.state == *st => {
                    if !b.removed {
                        out.push((k.clone(), cleared(desc)));
                    }
                }
                Some(b) => out.push((k.clone(), subtract(desc, st, &b.state))),
            }
        }
        out
    }

    /// `agg`'s normalization (1 if none).
    pub fn normal(&self, agg: u32) -> u64 {
        self.normal.get(&agg).copied().unwrap_or(1).max(1)
    }

    /// Carries out `act` (with its recorded value); returns what a printa
    /// prints.
    pub fn apply(
        &mut self,
        merged: &Merged,
        descs: &[Aggregation],
        act: &AggAction,
        recorded: Option<&Value>,
    ) -> Option<Printout> {
        let value = match recorded {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        };
        match act {
            AggAction::Setopt(name) => {
                let text = match recorded {
                    Some(Value::Str(s)) => Some(String::from_utf8_lossy(s).into_owned()),
                    _ => None,
                };
                self.sort.set(name, text.as_deref());
                super::display::set(name, text.as_deref());
            }
            AggAction::Printa { format, aggs } => {
                let text = printa::render(self, merged, descs, format.as_ref(), aggs);
                let printout = self.printout(merged, descs, aggs, text);
                self.printed.extend(aggs.iter().copied());
                return Some(printout);
            }
            AggAction::Clear(a) => self.clear(merged, descs, *a),
            AggAction::Trunc(a) => self.trunc(merged, descs, *a, value.unwrap_or(0) as i64),
            AggAction::Normalize(a) => {
                self.normal.insert(*a, value.unwrap_or(1));
            }
            AggAction::Denormalize(a) => {
                self.normal.remove(a);
            }
        }
        None
    }

    /// The rows `aggs` print, joined and sorted, with their `text`.
    fn printout(
        &self,
        merged: &Merged,
        descs: &[Aggregation],
        aggs: &[u32],
        text: String,
    ) -> Printout {
        let Some(ds) = printa::descriptions(descs, aggs) else {
            return Printout {
                aggs: Vec::new(),
                rows: Vec::new(),
                text,
            };
        };
        Printout {
            rows: printa::rows(self, merged, &ds, aggs),
            aggs: ds
                .iter()
                .zip(aggs)
                .map(|(d, &a)| ((*d).clone(), self.normal(a)))
                .collect(),
            text,
        }
    }

    fn clear(&mut self, merged: &Merged, descs: &[Aggregation], agg: u32) {
        let Some(desc) = descs.get(agg as usize) else {
            return;
        };
        let keys: Vec<Vec<Key>> = self
            .entries(merged, desc, agg)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        self.set_baselines(merged, agg, keys, false);
    }

    /// `trunc(@a, n)`: keeps the n largest (n < 0: the -n smallest).
    fn trunc(&mut self, merged: &Merged, descs: &[Aggregation], agg: u32, n: i64) {
        let Some(desc) = descs.get(agg as usize) else {
            return;
        };
        let mut rows = self.entries(merged, desc, agg);
        rows.sort_by(|a, b| compare(desc, &a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
        if n >= 0 {
            rows.reverse();
        }
        let keep = usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX);
        let gone = rows.into_iter().skip(keep).map(|(k, _)| k).collect();
        self.set_baselines(merged, agg, gone, true);
    }

    fn set_baselines(&mut self, merged: &Merged, agg: u32, keys: Vec<Vec<Key>>, removed: bool) {
        let Some(now) = merged.entries(agg) else {
            return;
        };
        let base = self.baselines.entry(agg).or_default();
        for k in keys {
            if let Some(st) = now.get(&k) {
                let state = st.clone();
                base.insert(k, Baseline { state, removed });
            }
        }
    }

    /// What DTrace prints at exit: every aggregation printa never printed,
    /// in the order of their IDs (reversed under `aggsortrev`: DTrace's
    /// sort compares the aggregation's ID first, and reverses it too).
    pub fn at_exit(&self, merged: &Merged, descs: &[Aggregation]) -> Vec<Printout> {
        let mut out = Vec::new();
        let mut ids: Vec<usize> = (0..descs.len()).collect();
        if self.sort.rev {
            ids.reverse();
        }
        for id in ids {
            let Ok(id) = u32::try_from(id) else { break };
            if self.printed.contains(&id) {
                continue;
            }
            let text = printa::default_rows(self, merged, descs, &[id]);
            out.push(self.printout(merged, descs, &[id], text));
        }
        out
    }

    /// Orders two joined rows (values then key, or key then values).
    pub fn order(
        &self,
        descs: &[&Aggregation],
        a: (&[Key], &[State]),
        b: (&[Key], &[State]),
    ) -> Ordering {
        let n = descs.len();
        let pos = self.sort.pos.min(n.saturating_sub(1));
        // The aggregation at `aggsortpos` swaps places with the first.
        let order = (0..n).map(|i| match i {
            0 => pos,
            i if i == pos => 0,
            i => i,
        });
        let mut values = Ordering::Equal;
        for i in order {
            let (Some(d), Some(x), Some(y)) = (descs.get(i), a.1.get(i), b.1.get(i)) else {
                continue;
            };
            values = values.then_with(|| compare(d, x, y));
        }
        let keys = key_order(a.0, b.0, self.sort.keypos);
        let o = if self.sort.key {
            keys.then(values)
        } else {
            values.then(keys)
        };
        if self.sort.rev {
            o.reverse()
        } else {
            o
        }
    }
}

/// Keys compared element by element from `keypos`, then the ones before.
fn key_order(a: &[Key], b: &[Key], keypos: usize) -> Ordering {
    let n = a.len().max(b.len());
    let start = if keypos < n { keypos } else { 0 };
    (start..n)
        .chain(0..start)
        .map(|i| a.get(i).cmp(&b.get(i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// A cleared entry with nothing since: zero, or for min and max the
/// extremes DTrace resets them to.
fn cleared(desc: &Aggregation) -> State {
    match desc.func {
        AggFunc::Min => State::Scalar(i64::MAX as u64),
        AggFunc::Max => State::Scalar(i64::MIN as u64),
        _ => zero_state(desc),
    }
}

/// `now` less `base`, for the states that add up; min and max as they are.
fn subtract(desc: &Aggregation, now: &State, base: &State) -> State {
    match (now, base) {
        (State::Scalar(a), State::Scalar(b))
            if !matches!(desc.func, AggFunc::Min | AggFunc::Max) =>
        {
            State::Scalar(a.wrapping_sub(*b))
        }
        (State::Avg(c, s), State::Avg(c2, s2)) => State::Avg(c - c2.min(c), s.wrapping_sub(*s2)),
        (State::Stddev(c, s, q), State::Stddev(c2, s2, q2)) => {
            State::Stddev(c - c2.min(c), s.wrapping_sub(*s2), q.wrapping_sub(*q2))
        }
        (State::Quantize(a), State::Quantize(b)) => {
            State::Quantize(a.iter().zip(b).map(|(x, y)| x.wrapping_sub(*y)).collect())
        }
        (State::Lquantize(a), State::Lquantize(b)) => State::Lquantize(
            a.iter()
                .map(|(k, n)| (*k, n.wrapping_sub(b.get(k).copied().unwrap_or(0))))
                .filter(|(_, n)| *n != 0)
                .collect(),
        ),
        (s, _) => s.clone(),
    }
}
