//! A sink that shows nothing and counts what a round produced: firings,
//! drops, and faults by the clause they are attributed to.

use crate::error::Result;
use crate::output::event::{ErrorEvent, Event};
use crate::output::Sink;
use std::collections::HashMap;

/// What one round's events added up to.
#[derive(Debug, Default)]
pub struct Tally {
    /// Firings that recorded something.
    pub firings: u64,
    /// Data dropped, every kind.
    pub drops: u64,
    /// Faults reported with their record, by (clause, fault code).
    pub faults: HashMap<(u32, u8), u64>,
    /// Faults whose EPID names no enabled probe: a bug.
    pub unattributed: u64,
    /// Faults counted whose reports were lost to a full buffer.
    pub unreported: u64,
    /// Every fault the kernel counted (STATUS), from the summary.
    pub errors: u64,
}

impl Sink for Tally {
    fn event(&mut self, event: &Event<'_>) -> Result<()> {
        match event {
            Event::Probe(_) => self.firings += 1,
            Event::Drop(d) => self.drops += d.count,
            Event::Error(ErrorEvent::Fault { spec, report, .. }) => match spec {
                Some(s) => *self.faults.entry((s.clause, report.code)).or_default() += 1,
                None => self.unattributed += 1,
            },
            Event::Error(ErrorEvent::Unreported { count, .. }) => self.unreported += count,
            Event::Summary(s) => self.errors = s.errors,
            _ => {}
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}
