//! How aggregations are drawn, as `-x`, `#pragma D option` and `setopt()`
//! set it: `aggzoom` (bars scaled to the largest row), `agghist` (count
//! and sum as a histogram of their keys), `aggpack` (quantize and
//! lquantize as one packed line per key) and `encoding` (whether packed
//! lines and agghist bars may use UTF-8 block characters).

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

static ZOOM: AtomicBool = AtomicBool::new(false);
static HIST: AtomicBool = AtomicBool::new(false);
static PACK: AtomicBool = AtomicBool::new(false);

/// `encoding`: not given, `ascii` or `utf8`.
static ENCODING: AtomicU8 = AtomicU8::new(UNSET);
const UNSET: u8 = 0;
const ASCII: u8 = 1;
const UTF8: u8 = 2;

/// Whether a flag option given `value` is on: without a value, or with
/// any but a negative word or an empty one, as libdtrace's
/// `dt_opt_runtime` reads `-x`, `#pragma D option` and `setopt()`.
pub fn flag_on(value: Option<&str>) -> bool {
    !matches!(
        value,
        Some("" | "false" | "0" | "no" | "off" | "disable" | "disabled" | "unset")
    )
}

/// Sets display option `name` (others are not the display's) to `value`.
pub fn set(name: &str, value: Option<&str>) {
    let flag = flag_on(value);
    match name {
        "aggzoom" => ZOOM.store(flag, Ordering::Relaxed),
        "agghist" => HIST.store(flag, Ordering::Relaxed),
        "aggpack" => PACK.store(flag, Ordering::Relaxed),
        "encoding" => {
            let e = match value {
                Some("ascii") => ASCII,
                Some("utf8") => UTF8,
                _ => UNSET,
            };
            ENCODING.store(e, Ordering::Relaxed);
        }
        _ => {}
    }
}

/// `aggzoom`: bars scaled to the largest row, not the total.
pub fn zoom() -> bool {
    ZOOM.load(Ordering::Relaxed)
}

/// `agghist`: count and sum drawn as histograms of their keys.
fn hist() -> bool {
    HIST.load(Ordering::Relaxed)
}

/// `aggpack`: quantize and lquantize packed into a line per key.
fn pack() -> bool {
    PACK.load(Ordering::Relaxed)
}

/// Whether packed lines use UTF-8 blocks: as `encoding` says, else as
/// DTrace guesses from the terminal (ASCII for `TERM` dumb, sun or
/// sun-color, or none).
fn packed_utf8() -> bool {
    match ENCODING.load(Ordering::Relaxed) {
        ASCII => false,
        UTF8 => true,
        _ => !matches!(
            std::env::var("TERM").as_deref(),
            Err(_) | Ok("dumb" | "sun" | "sun-color")
        ),
    }
}

/// Whether agghist's bars use UTF-8 eighth blocks: only when `encoding=utf8`
/// is given, as in DTrace.
fn hist_utf8() -> bool {
    ENCODING.load(Ordering::Relaxed) == UTF8
}

/// The display options in force, for one printout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    /// `aggzoom`.
    pub zoom: bool,
    /// `agghist`.
    pub hist: bool,
    /// `aggpack`.
    pub pack: bool,
    /// Packed lines in UTF-8 blocks.
    pub packed_utf8: bool,
    /// agghist bars in UTF-8 eighth blocks.
    pub hist_utf8: bool,
}

/// The options in force now.
pub fn current() -> Display {
    Display {
        zoom: zoom(),
        hist: hist(),
        pack: pack(),
        packed_utf8: packed_utf8(),
        hist_utf8: hist_utf8(),
    }
}
