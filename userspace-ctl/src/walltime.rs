//! Times in nanoseconds since the epoch (`walltimestamp`) as DTrace's
//! `%Y` and `%T` print them, in local time.

/// The local time of `ns` with strftime's `pattern`.
fn strftime(ns: u64, pattern: &std::ffi::CStr) -> String {
    let secs = (ns / 1_000_000_000) as libc::time_t;
    // SAFETY: `tm` is plain data that localtime_r fills; zeroed is a
    // valid value of it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to live locals of the right types.
    if unsafe { libc::localtime_r(&secs, &mut tm) }.is_null() {
        return ns.to_string();
    }
    let mut buf = [0u8; 64];
    // SAFETY: `buf` is writable for its length, `pattern` is
    // NUL-terminated and `tm` was filled by localtime_r.
    let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), buf.len(), pattern.as_ptr(), &tm) };
    String::from_utf8_lossy(buf.get(..n).unwrap_or(&[])).into_owned()
}

/// `%Y`: mdb's `/Y` form, `2026 Dec  1 16:07:14`.
pub fn ymd(ns: u64) -> String {
    strftime(ns, c"%Y %b %e %T")
}

/// `%T`: RFC 822, `Tue, 01 Dec 2026 16:07:14 UTC`.
pub fn rfc822(ns: u64) -> String {
    strftime(ns, c"%a, %d %b %G %T %Z")
}
