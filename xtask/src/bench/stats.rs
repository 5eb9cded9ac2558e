//! Figures over rounds: min / median / max of a series, and ratios taken
//! within each round (two servers measured seconds apart see the same
//! machine, so the ratio of a round is steadier than the ratio of medians).

/// The spread of one figure over the rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

/// Min, median (the mean of the two middle values for an even count) and
/// max; `None` for no values. NaN values are left out.
pub fn spread(values: &[f64]) -> Option<Spread> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = match n {
        0 => return None,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Some(Spread {
        min: sorted[0],
        median,
        max: sorted[n - 1],
    })
}

/// `a[i] / b[i]` for each round where both were measured and `b` is not 0.
pub fn round_ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter()
        .zip(b)
        .filter(|(_, b)| **b > 0.0)
        .map(|(a, b)| a / b)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_min_median_max() {
        let s = spread(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.min, s.median, s.max), (1.0, 2.0, 3.0));
        let even = spread(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(even.median, 2.5);
        assert_eq!(spread(&[]), None);
        assert_eq!(spread(&[f64::NAN]), None);
        assert_eq!(spread(&[7.0]).unwrap().median, 7.0);
    }

    #[test]
    fn ratios_are_taken_within_rounds() {
        // a machine that slows down in round 2: both columns drop together
        let r = round_ratios(&[100.0, 50.0, 90.0], &[50.0, 20.0, 60.0]);
        assert_eq!(r, vec![2.0, 2.5, 1.5]);
        let s = spread(&r).unwrap();
        assert_eq!((s.min, s.median, s.max), (1.5, 2.0, 2.5));
        assert!(round_ratios(&[1.0], &[0.0]).is_empty());
    }
}
