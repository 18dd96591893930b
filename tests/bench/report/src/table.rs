//! A minimal aligned text table: a header line, then rows, columns
//! separated by two spaces, no trailing blanks.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            columns: columns.iter().map(|&(h, a)| (h.to_owned(), a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing trailing cells are blank.
    pub fn row(&mut self, cells: Vec<String>) {
        assert!(cells.len() <= self.columns.len(), "more cells than columns");
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(|(h, _)| h.clone()).collect();
        let lines: Vec<&Vec<String>> = std::iter::once(&header).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                lines
                    .iter()
                    .filter_map(|l| l.get(c))
                    .map(|s| width(s))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for line in lines {
            let mut text = String::new();
            for (c, (_, align)) in self.columns.iter().enumerate() {
                let cell = line.get(c).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(widths[c] - width(cell));
                if c > 0 {
                    text.push_str("  ");
                }
                match align {
                    Align::Left => text.extend([cell, &pad]),
                    Align::Right => text.extend([&pad, cell]),
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Display width; every character we print is one column wide.
pub fn width(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns() {
        let mut t = Table::new(&[("name", Align::Left), ("Δ", Align::Right)]);
        t.row(vec!["a".into(), "1.0".into()]);
        t.row(vec!["longer".into(), "12.5".into()]);
        t.row(vec!["x".into()]);
        assert_eq!(
            t.render(),
            "name       Δ\n\
             a        1.0\n\
             longer  12.5\n\
             x\n"
        );
    }
}
