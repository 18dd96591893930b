//! Decoding the records the kernel writes (layout in `rdtrace_uapi::trace::record`).

use rdtrace_uapi::trace::record::*;

/// One payload value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// An integer.
    Int(u64),
    /// A string (bytes as the kernel copied them).
    Str(Vec<u8>),
}

/// One payload item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `trace(expr)`.
    Trace(Value),
    /// `printf(fmt, args...)`.
    Printf {
        /// The clause's format index.
        fmt: u32,
        /// The arguments.
        args: Vec<Value>,
    },
    /// `exit(status)`.
    Exit(u64),
    /// `stack()`: kernel return addresses, innermost first.
    Stack(Vec<u64>),
    /// `ustack()`: the process ID, then user return addresses, innermost
    /// first.
    Ustack(Vec<u64>),
    /// A fault in a clause.
    Fault {
        /// The clause's EPID.
        epid: u32,
        /// The probe ID.
        probe: u32,
        /// Where: 0 the predicate, N the Nth action.
        action: u8,
        /// The fault code.
        code: u8,
        /// The faulting instruction.
        insn: u32,
        /// The address, for address faults.
        addr: u64,
    },
}

/// One record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The EPID (clause index + 1), or [`EPID_ERROR`].
    pub epid: u32,
    /// Monotonic nanoseconds.
    pub timestamp: u64,
    /// The CPU whose buffer held it.
    pub cpu: u32,
    /// The payload.
    pub items: Vec<Item>,
}

struct Cursor<'a> {
    b: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.b.len() < n {
            return None;
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Some(h)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    /// A `u8` count, then that many `u64`s.
    fn words(&mut self) -> Option<Vec<u64>> {
        let n = self.u8()?;
        (0..n).map(|_| self.u64()).collect()
    }
    fn value(&mut self, tag: u8) -> Option<Value> {
        match tag {
            ITEM_INT => self.u64().map(Value::Int),
            ITEM_STR => {
                let n = self.u16()? as usize;
                self.take(n).map(|s| Value::Str(s.to_vec()))
            }
            _ => None,
        }
    }
    fn item(&mut self) -> Option<Item> {
        let tag = self.u8()?;
        Some(match tag {
            ITEM_INT | ITEM_STR => Item::Trace(self.value(tag)?),
            ITEM_PRINTF => {
                let fmt = self.u32()?;
                let n = self.u8()?;
                // A loop, not `collect::<Option<Vec>>`: this runs for every
                // printf record, and the adapter was a tenth of its decode.
                let mut args = Vec::with_capacity(usize::from(n));
                for _ in 0..n {
                    let tag = self.u8()?;
                    args.push(self.value(tag)?);
                }
                Item::Printf { fmt, args }
            }
            ITEM_EXIT => Item::Exit(self.u64()?),
            ITEM_STACK => Item::Stack(self.words()?),
            ITEM_USTACK => Item::Ustack(self.words()?),
            ITEM_FAULT => Item::Fault {
                epid: self.u32()?,
                probe: self.u32()?,
                action: self.u8()?,
                code: self.u8()?,
                insn: self.u32()?,
                addr: self.u64()?,
            },
            _ => return None,
        })
    }
}

/// Whether a bare record of `epid` is only counted.
fn counts_only(only_counted: &[bool], epid: u32) -> bool {
    only_counted
        .get(epid.wrapping_sub(1) as usize)
        .is_some_and(|&c| c)
}

/// The run of only-counted bare records from `at`, the first of which
/// is one: how many, and where the run ends. Its own small loop: a busy
/// empty clause's records are all such, and [`decode_into`]'s loop keeps
/// too much live to be fast. A record whose size and EPID are the first's
/// (the common case: one probe) is counted without a look-up.
#[inline(never)]
fn count_bare(buf: &[u8], mut at: usize, only_counted: &[bool]) -> (u64, usize) {
    let first = buf.get(at..).and_then(|b| b.first_chunk::<8>()).copied();
    let mut n = 0;
    while let Some(header) = buf.get(at..).and_then(|b| b.first_chunk::<HEADER>()) {
        let counted = Some(header.first_chunk::<8>().copied()) == Some(first)
            || (ne_u32(header, SIZE_AT) as usize == HEADER
                && counts_only(only_counted, ne_u32(header, EPID_AT)));
        if !counted {
            break;
        }
        n += 1;
        at += HEADER;
    }
    (n, at)
}

fn ne_u32(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(b[at..at + 4].try_into().unwrap_or_default())
}

/// Splits a READ's bytes into records. Malformed input ends the walk.
pub fn decode(buf: &[u8], cpu: u32) -> Vec<Record> {
    let mut out = Vec::new();
    decode_into(buf, cpu, &mut out, &[]);
    out
}

/// [`decode`], appending to `out` (a consumer's vector, reused from one
/// drain to the next), except the bare records (a header, no items) of the
/// EPIDs whose `only_counted[epid - 1]` is true: those are counted, and the
/// count returned. Out of line: the consumer's loop keeps its registers.
#[inline(never)]
pub fn decode_into(buf: &[u8], cpu: u32, out: &mut Vec<Record>, only_counted: &[bool]) -> u64 {
    let mut counted = 0;
    let mut at = 0;
    while let Some(header) = buf.get(at..).and_then(|b| b.first_chunk::<HEADER>()) {
        let size = ne_u32(header, SIZE_AT) as usize;
        if size < HEADER || at + size > buf.len() {
            break;
        }
        let epid = ne_u32(header, EPID_AT);
        if size == HEADER && counts_only(only_counted, epid) {
            let (n, next) = count_bare(buf, at, only_counted);
            counted += n;
            at = next;
            continue;
        }
        let timestamp =
            u64::from_ne_bytes(header[TIME_AT..TIME_AT + 8].try_into().unwrap_or_default());
        let mut c = Cursor {
            b: &buf[at + HEADER..at + size],
        };
        // Most records hold one item or none: room for one, or no allocation.
        let mut items = match c.b.first() {
            Some(&tag) if tag != 0 => Vec::with_capacity(1),
            _ => Vec::new(),
        };
        while c.b.first().is_some_and(|&t| t != 0) {
            match c.item() {
                Some(i) => items.push(i),
                None => break,
            }
        }
        out.push(Record {
            epid,
            timestamp,
            cpu,
            items,
        });
        at += size;
    }
    counted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_printf_record() {
        let mut r = vec![0u8; HEADER];
        r[EPID_AT..EPID_AT + 4].copy_from_slice(&3u32.to_ne_bytes());
        r.extend([
            ITEM_PRINTF,
            1,
            0,
            0,
            0,
            2,
            ITEM_STR,
            3,
            0,
            b'c',
            b'a',
            b't',
            ITEM_INT,
        ]);
        r.extend(42u64.to_le_bytes());
        while !r.len().is_multiple_of(8) {
            r.push(0);
        }
        let size = r.len() as u32;
        r[..4].copy_from_slice(&size.to_ne_bytes());
        let recs = decode(&r, 1);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].epid, 3);
        assert_eq!(
            recs[0].items,
            vec![Item::Printf {
                fmt: 1,
                args: vec![Value::Str(b"cat".to_vec()), Value::Int(42)]
            }]
        );
    }

    /// A header-only record of `epid`.
    fn bare(epid: u32) -> Vec<u8> {
        let mut r = vec![0u8; HEADER];
        r[SIZE_AT..SIZE_AT + 4].copy_from_slice(&(HEADER as u32).to_ne_bytes());
        r[EPID_AT..EPID_AT + 4].copy_from_slice(&epid.to_ne_bytes());
        r
    }

    #[test]
    fn counts_only_the_bare_records_it_is_told_to() {
        // EPID 1 counted, EPID 2 (BEGIN's, say) kept; an exit record of
        // EPID 1 is kept whatever its EPID: it has items.
        let mut exit = vec![0u8; HEADER];
        exit.push(ITEM_EXIT);
        exit.extend(4u64.to_le_bytes());
        exit.resize(HEADER + 16, 0);
        exit[..4].copy_from_slice(&((HEADER + 16) as u32).to_ne_bytes());
        exit[EPID_AT..EPID_AT + 4].copy_from_slice(&1u32.to_ne_bytes());
        let buf: Vec<u8> = [bare(1), bare(1), bare(2), bare(1), exit, bare(1), bare(3)].concat();
        let mut out = Vec::new();
        let counted = decode_into(&buf, 0, &mut out, &[true, false]);
        assert_eq!(counted, 4);
        let kept: Vec<(u32, usize)> = out.iter().map(|r| (r.epid, r.items.len())).collect();
        // EPID 3 is past the table: kept, as are the ones it says to keep.
        assert_eq!(kept, vec![(2, 0), (1, 1), (3, 0)]);
        // Told nothing, it keeps everything.
        let mut all = Vec::new();
        assert_eq!(decode_into(&buf, 0, &mut all, &[]), 0);
        assert_eq!(all.len(), 7);
        assert_eq!(all, decode(&buf, 0));
    }

    #[test]
    fn decodes_stacks_then_what_follows() {
        let mut r = vec![0u8; HEADER];
        r.extend([ITEM_STACK, 2]);
        r.extend(0xffff_ffff_8120_0009u64.to_le_bytes());
        r.extend(0xffff_ffff_8130_0012u64.to_le_bytes());
        r.extend([ITEM_USTACK, 2]);
        r.extend(42u64.to_le_bytes());
        r.extend(0x40_1000u64.to_le_bytes());
        r.push(ITEM_EXIT);
        r.extend(3u64.to_le_bytes());
        while !r.len().is_multiple_of(8) {
            r.push(0);
        }
        let size = r.len() as u32;
        r[..4].copy_from_slice(&size.to_ne_bytes());
        assert_eq!(
            decode(&r, 0)[0].items,
            vec![
                Item::Stack(vec![0xffff_ffff_8120_0009, 0xffff_ffff_8130_0012]),
                Item::Ustack(vec![42, 0x40_1000]),
                Item::Exit(3)
            ]
        );
    }
}
