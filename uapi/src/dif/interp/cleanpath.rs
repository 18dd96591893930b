//! `cleanpath(s)`: the path with `//`, `.` and `..` resolved lexically,
//! as DTrace gives it ("" stays "", a relative path that cancels out is
//! ".", `..` above the root stays at the root).

/// Writes the cleaned `path` into `out` (at most `path.len()` bytes, or 1
/// for "."); returns the length written, cut at `out`'s end.
pub(crate) fn cleanpath(out: &mut [u8], path: &[u8]) -> usize {
    if path.is_empty() {
        return 0;
    }
    let mut w = Writer { out, len: 0 };
    let rooted = path.first() == Some(&b'/');
    // Where `..` can no longer back up: after the root or kept `..`s.
    let mut floor = 0;
    if rooted {
        w.push(b'/');
        floor = 1;
    }
    let mut parts = path.split(|&b| b == b'/').filter(|p| !p.is_empty());
    for part in &mut parts {
        match part {
            b"." => {}
            b".." if w.len > floor => {
                w.len = w.len.saturating_sub(1);
                while w.len > floor && w.at(w.len) != Some(b'/') {
                    w.len = w.len.saturating_sub(1);
                }
            }
            b".." if rooted => {}
            b".." => {
                if w.len > 0 {
                    w.push(b'/');
                }
                w.extend(b"..");
                floor = w.len;
            }
            _ => {
                if w.len > usize::from(rooted) {
                    w.push(b'/');
                }
                w.extend(part);
            }
        }
    }
    if w.len == 0 {
        w.push(b'.');
    }
    w.len
}

/// A cursor over the output that drops what does not fit.
struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.out.get_mut(self.len) {
            *slot = b;
            self.len = self.len.saturating_add(1);
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.out.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::cleanpath;

    fn clean(p: &str) -> std::string::String {
        let mut out = [0u8; 64];
        let n = cleanpath(&mut out, p.as_bytes());
        std::string::String::from_utf8(out[..n].to_vec()).unwrap()
    }

    #[test]
    fn paths_clean_as_dtrace_cleans_them() {
        let cases = [
            ("/foo/bar///baz/", "/foo/bar/baz"),
            ("/foo/bar/../../baz/.//", "/baz"),
            ("foo/bar/./././././baz/", "foo/bar/baz"),
            ("/../../../", "/"),
            ("./", "."),
            ("//", "/"),
            ("", ""),
            ("..", ".."),
            ("../../..", "../../.."),
            ("a/..", "."),
            ("a/../..", ".."),
            ("z/a/b/../../././c///d/e", "z/c/d/e"),
            ("/a/../..", "/"),
            ("/foo/bar/baz/../../bop/bang/../../bar/baz/", "/foo/bar/baz"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "cleanpath({input:?})");
        }
    }

    #[test]
    fn a_short_buffer_cuts_the_result() {
        let mut out = [0u8; 3];
        assert_eq!(cleanpath(&mut out, b"/abc/def"), 3);
        assert_eq!(&out, b"/ab");
        assert_eq!(cleanpath(&mut [], b"/abc"), 0);
    }
}
