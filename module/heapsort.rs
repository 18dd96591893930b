// SPDX-License-Identifier: GPL-2.0

//! An in-place sort for ioctl context: heapsort recurses nowhere and
//! allocates nothing. core's `sort_unstable` recurses up to 2·log2(n)
//! levels of ~800-byte frames, which overran the 16 KiB kernel stack at
//! ENABLE of a script with a few thousand probes (dtruss.d).

/// Sorts `v` by `key`, in place, not stably. Input already in order (the
/// ctl sends probes in its catalog's order, which is ftrace's address
/// order) costs one pass, not a heap's n·log n.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    if v.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return;
    }
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &key);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &key);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place. Every index
/// is below `end`, itself at most `v.len()`.
fn sift_down<T, K: Ord>(v: &mut [T], mut root: usize, end: usize, key: &impl Fn(&T) -> K) {
    let end = end.min(v.len());
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && key(&v[child]) < key(&v[child + 1]) {
            child += 1;
        }
        if key(&v[root]) >= key(&v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}
