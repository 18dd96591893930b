// SPDX-License-Identifier: GPL-2.0

//! Building one record in a CPU's staging area: the header, then payload
//! items (see `uapi::trace::record`). Overflow is a NOSPACE fault, so a
//! clause either commits a whole record or none.

use crate::dif::env::Value;
use crate::dif::fault::FaultCode;
use crate::trace::record::{EPID_AT, HEADER, ITEM_INT, ITEM_STR, SIZE_AT, TIME_AT};

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

    /// Appends one value as an INT or STR item.
    pub(crate) fn value(&mut self, v: Value<'_>) -> Result<(), FaultCode> {
        match v {
            Value::Int(n) => {
                self.put(&[ITEM_INT])?;
                self.put(&n.to_le_bytes())
            }
            Value::Str(s) => {
                let len = s.len().min(u16::MAX as usize);
                self.put(&[ITEM_STR])?;
                self.put(&(len as u16).to_le_bytes())?;
                self.put(&s[..len])
            }
        }
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
    pub(crate) fn finish(mut self, timestamp: u64) -> Result<&'a [u8], FaultCode> {
        let padded = (self.len + 7) & !7;
        self.buf.get_mut(self.len..padded).ok_or(FaultCode::NoSpace)?.fill(0);
        self.len = padded;
        let size = self.len as u32;
        self.put_at(SIZE_AT, &size.to_ne_bytes());
        self.put_at(EPID_AT, &self.epid.to_ne_bytes());
        self.put_at(TIME_AT, &timestamp.to_ne_bytes());
        let RecordWriter { buf, len, .. } = self;
        buf.get(..len).ok_or(FaultCode::NoSpace)
    }
}
