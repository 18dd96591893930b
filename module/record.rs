// SPDX-License-Identifier: GPL-2.0

//! Building one record in a CPU's staging area: the header, then payload
//! items (see `uapi::trace::record`). Overflow is a NOSPACE fault, so a
//! clause either commits a whole record or none.

use crate::dif::env::Value;
use crate::dif::fault::FaultCode;
use crate::trace::record::{int_item, printf_head, EPID_AT, HEADER, ITEM_STR, SIZE_AT, TIME_AT};

/// A record's header: its size, its EPID and its timestamp.
#[inline(always)]
pub(crate) fn header(size: u32, epid: u32, timestamp: u64) -> [u8; HEADER] {
    const _: () = assert!(SIZE_AT == 0 && EPID_AT == 4 && TIME_AT == 8 && HEADER == 16);
    // Built from the fields' bytes: slice copies here compile to calls.
    let (s, e, t) = (size.to_ne_bytes(), epid.to_ne_bytes(), timestamp.to_ne_bytes());
    [s[0], s[1], s[2], s[3], e[0], e[1], e[2], e[3], t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]
}

/// The record of DTrace's default action (an empty clause): the header
/// alone, as [`RecordWriter::finish`] writes it for a record with no items.
pub(crate) fn default_record(epid: u32, timestamp: u64) -> [u8; HEADER] {
    header(HEADER as u32, epid, timestamp)
}

/// A record under construction in a staging buffer. The header is written
/// by [`RecordWriter::finish`], so a record never finished (a false
/// predicate, a fault) costs nothing to start.
pub(crate) struct RecordWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
    epid: u32,
}

impl<'a> RecordWriter<'a> {
    /// Starts a record for `epid`.
    pub(crate) fn new(buf: &'a mut [u8], epid: u32) -> Self {
        RecordWriter { buf, len: HEADER, epid }
    }

    fn put_at(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.buf.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    }

    /// Appends raw bytes.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), FaultCode> {
        let dst = self.buf.get_mut(self.len..self.len + bytes.len()).ok_or(FaultCode::NoSpace)?;
        dst.copy_from_slice(bytes);
        self.len += bytes.len();
        Ok(())
    }

    /// Appends `N` bytes known at compile time: the copy is inlined moves
    /// rather than a call, for the small fixed fields most items are.
    #[inline(always)]
    pub(crate) fn put_array<const N: usize>(&mut self, bytes: [u8; N]) -> Result<(), FaultCode> {
        let end = self.len.checked_add(N).ok_or(FaultCode::NoSpace)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(FaultCode::NoSpace)?;
        dst.copy_from_slice(&bytes);
        self.len = end;
        Ok(())
    }

    /// Appends one value as an INT or STR item.
    pub(crate) fn value(&mut self, v: Value<'_>) -> Result<(), FaultCode> {
        match v {
            Value::Int(n) => self.put_array(int_item(n)),
            Value::Str(s) => {
                let len = s.len().min(u16::MAX as usize);
                self.put(&[ITEM_STR])?;
                self.put(&(len as u16).to_le_bytes())?;
                self.put(&s[..len])
            }
        }
    }

    /// Appends a printf item: the format's id and the values.
    #[inline(always)]
    pub(crate) fn printf(&mut self, fmt_id: u32, args: &[Value<'_>]) -> Result<(), FaultCode> {
        let n = u8::try_from(args.len()).map_err(|_| FaultCode::NoSpace)?;
        self.put_array(printf_head(fmt_id, n))?;
        args.iter().try_for_each(|a| self.value(*a))
    }

    /// Appends an item of `tag`, a `u8` count, then up to `max` 8-byte
    /// words that `fill` writes into the room it is given (returning the
    /// bytes written).
    pub(crate) fn words(&mut self, tag: u8, max: usize, fill: impl FnOnce(&mut [u8]) -> usize) -> Result<(), FaultCode> {
        let count_at = self.len + 1;
        self.put(&[tag, 0])?;
        let room = self.buf.get_mut(self.len..).ok_or(FaultCode::NoSpace)?;
        let take = room.len().min(max.min(u8::MAX as usize) * 8);
        let room = room.get_mut(..take).ok_or(FaultCode::NoSpace)?;
        let n = fill(room).min(take) / 8;
        self.len += n * 8;
        self.put_at(count_at, &[n as u8]);
        Ok(())
    }

    /// Pads to 8 bytes, writes the header (the size, the EPID and
    /// `timestamp`) and returns the finished record.
    pub(crate) fn finish(self, timestamp: u64) -> Result<&'a [u8], FaultCode> {
        let padded = (self.len + 7) & !7;
        let rec = self.buf.get_mut(..padded).ok_or(FaultCode::NoSpace)?;
        // The padding (at most 7 bytes) is zeroed by masking the last
        // word: a byte loop here compiles to a memset call.
        let last_at = padded.checked_sub(8).ok_or(FaultCode::NoSpace)?;
        let last: &mut [u8; 8] = rec.get_mut(last_at..).and_then(|b| b.try_into().ok()).ok_or(FaultCode::NoSpace)?;
        let keep = self.len - last_at;
        if keep < 8 {
            let word = u64::from_le_bytes(*last) & ((1u64 << (keep * 8)) - 1);
            *last = word.to_le_bytes();
        }
        let (head, _) = rec.split_first_chunk_mut::<HEADER>().ok_or(FaultCode::NoSpace)?;
        *head = header(padded as u32, self.epid, timestamp);
        Ok(rec)
    }
}
