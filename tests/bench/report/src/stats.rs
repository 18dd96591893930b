//! Plain statistics over samples: medians, min/median/max summaries, ratios.

use serde::Serialize;

/// Minimum, median and maximum of a set of samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Summary {
    /// `None` for no values.
    pub fn of(values: &[f64]) -> Option<Summary> {
        Some(Summary {
            min: values.iter().copied().reduce(f64::min)?,
            median: median(values)?,
            max: values.iter().copied().reduce(f64::max)?,
        })
    }

    /// Applies a monotonic increasing `f` (a shift or a scale) to all three.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Summary {
        Summary {
            min: f(self.min),
            median: f(self.median),
            max: f(self.max),
        }
    }
}

/// The middle value; for an even count, the mean of the two middle ones.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// `value / reference`, or `None` when the reference is not positive.
pub fn ratio(value: f64, reference: f64) -> Option<f64> {
    (reference > 0.0).then(|| value / reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_count_is_the_middle_value() {
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[4.0]), Some(4.0));
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 100.0]), Some(3.5));
        assert_eq!(median(&[2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn median_of_nothing_is_none() {
        assert_eq!(median(&[]), None);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn summary_and_shift() {
        let s = Summary::of(&[12.5, 10.0, 11.0, 30.0]).unwrap();
        assert_eq!(
            s,
            Summary {
                min: 10.0,
                median: 11.75,
                max: 30.0
            }
        );
        let shifted = s.map(|v| v - 10.0);
        assert_eq!(
            (shifted.min, shifted.median, shifted.max),
            (0.0, 1.75, 20.0)
        );
    }

    #[test]
    fn mean_and_ratio() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(mean(&[]), None);
        assert_eq!(ratio(30.0, 20.0), Some(1.5));
        assert_eq!(ratio(30.0, 0.0), None);
        assert_eq!(ratio(30.0, -1.0), None);
    }
}
