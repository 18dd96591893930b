//! Where one function's probes sit in the catalog's list: indexes, the
//! first two kept inline. Most functions have exactly two probes (fbt
//! entry and return), so building the index of ~50,000 functions
//! allocates nothing per function (a `Vec` each was a tenth of reading
//! the catalog).

/// A function's probe indexes, in the order added.
#[derive(Debug, Default)]
pub struct Places {
    inline: [usize; 2],
    inline_len: usize,
    more: Vec<usize>,
}

impl Places {
    /// Adds `at` after the others.
    pub fn push(&mut self, at: usize) {
        if self.inline_len < self.inline.len() {
            self.inline[self.inline_len] = at;
            self.inline_len += 1;
        } else {
            self.more.push(at);
        }
    }

    /// The indexes, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &usize> + '_ {
        self.inline[..self.inline_len].iter().chain(&self.more)
    }

    /// The indexes, mutably (to move them when probes are inserted).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut usize> + '_ {
        self.inline[..self.inline_len]
            .iter_mut()
            .chain(&mut self.more)
    }
}

#[cfg(test)]
mod tests {
    use super::Places;

    #[test]
    fn keeps_every_index_in_order_past_the_inline_two() {
        let mut p = Places::default();
        assert_eq!(p.iter().count(), 0);
        for at in [7, 8, 3, 9] {
            p.push(at);
        }
        assert_eq!(p.iter().copied().collect::<Vec<_>>(), [7, 8, 3, 9]);
        p.iter_mut().filter(|i| **i >= 8).for_each(|i| *i += 1);
        assert_eq!(p.iter().copied().collect::<Vec<_>>(), [7, 9, 3, 10]);
    }
}
