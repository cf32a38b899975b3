//! The one statistic the side-by-side rows use: the median of a fixed number of timed passes
//! (after an untimed warm-up), the same on both sides of a row.

use std::time::Instant;

/// Median of `samples` (the mean of the middle two for an even count); `NaN` when empty.
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Seconds `pass` takes over every line of the corpus, once.
pub fn timed_pass(lines: &[&str], mut pass: impl FnMut(&str)) -> f64 {
    let started = Instant::now();
    for line in lines {
        pass(line);
    }
    started.elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}
