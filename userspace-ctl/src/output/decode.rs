//! A record's items as typed data: printf formatted once here, narrow
//! traces read at their width, strings as text.

use super::event::Datum;
use crate::compiler::printf_format::Piece;
use crate::compiler::{trace_width, tracemem_format::Shown, Format};
use crate::printf;
use crate::records::{Item, Value};
use std::collections::HashMap;

/// What `item` shows, with the clause's printf `formats`; none for what
/// shows nothing (a fault).
pub fn datum(item: &Item, formats: &HashMap<u32, Format>) -> Option<Datum> {
    Some(match item {
        Item::Trace(Value::Int(n)) => Datum::Int(*n as i64),
        Item::Trace(Value::Str(s)) => Datum::Str(String::from_utf8_lossy(s).into_owned()),
        Item::Printf { fmt, args } => {
            let Some(format) = formats.get(fmt) else {
                return Some(Datum::Printf(String::new()));
            };
            if let (Some(Piece::Typed(ty)), [Value::Int(addr), Value::Str(bytes)]) =
                (format.pieces.first(), args.as_slice())
            {
                return Some(Datum::Printf(super::print_type::render(*addr, bytes, ty)));
            }
            if let Some(shown) = Shown::of_format(&format.text) {
                return Some(tracemem(shown, args));
            }
            match (trace_width::width_of(&format.text), args.first()) {
                (Some(width), Some(Value::Int(n))) => Datum::SizedInt { value: *n, width },
                _ => Datum::Printf(printf::format(format, args)),
            }
        }
        Item::Stack(pcs) => Datum::Stack(pcs.clone()),
        Item::Ustack(words) => Datum::Ustack(words.clone()),
        Item::Exit(status) => Datum::Exit(*status),
        Item::Fault { .. } => return None,
    })
}

/// A `tracemem()`'s bytes: the recorded ones, as many as its dynamic
/// size (the second argument) shows.
fn tracemem(shown: Shown, args: &[Value]) -> Datum {
    let raw = shown != Shown::Traced;
    let Some(Value::Str(bytes)) = args.first() else {
        return Datum::Bytes {
            bytes: Vec::new(),
            raw,
        };
    };
    let dsize = match args.get(1) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    if shown == Shown::Padded {
        // At most `dsize` - 1 characters: a string constant is recorded
        // whole, longer than `strsize`.
        let size = dsize.map_or(0, |d| usize::try_from(d).unwrap_or(usize::MAX));
        let mut text: Vec<u8> = bytes
            .iter()
            .copied()
            .take_while(|&b| b != 0)
            .take(size.saturating_sub(1))
            .collect();
        text.resize(size, 0);
        return Datum::Bytes { bytes: text, raw };
    }
    let n = shown.count(bytes.len(), dsize);
    Datum::Bytes {
        bytes: bytes.get(..n).unwrap_or(bytes).to_vec(),
        raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_is_formatted_and_narrow_traces_keep_their_width() {
        let formats = HashMap::from([
            (0, Format::parse_or_literal("%s=%d\n")),
            (
                1,
                Format::literal(
                    &trace_width::format_for(crate::compiler::types::Type::Int {
                        signed: false,
                        size: 2,
                    })
                    .unwrap(),
                ),
            ),
        ]);
        let printf = Item::Printf {
            fmt: 0,
            args: vec![Value::Str(b"n".to_vec()), Value::Int(3)],
        };
        assert_eq!(
            datum(&printf, &formats),
            Some(Datum::Printf("n=3\n".into()))
        );
        let narrow = Item::Printf {
            fmt: 1,
            args: vec![Value::Int(0x1_0005)],
        };
        assert_eq!(
            datum(&narrow, &formats),
            Some(Datum::SizedInt {
                value: 0x1_0005,
                width: trace_width::TraceWidth {
                    size: 2,
                    signed: false
                }
            })
        );
        assert_eq!(
            datum(&Item::Trace(Value::Int(u64::MAX)), &formats),
            Some(Datum::Int(-1))
        );
    }
}
