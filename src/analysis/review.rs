//! 专业评审: several raters score a unit's specific indicators (个性指标),
//! one `jx.review` entry each; an indicator's score is their aggregate as
//! the campaign sets it: the mean, or the mean without the `trim` highest
//! and `trim` lowest (去掉一个最高分和一个最低分). With too few raters to
//! drop any, it is the plain mean, and says so.

use serde::Serialize;

/// How the raters' scores of one indicator became its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// The indicator's score (rounded to 0.01).
    pub value: f64,
    /// Every rater's score, in the raters' order.
    pub raters: Vec<f64>,
    /// The scores left out (highest and lowest).
    pub dropped: Vec<f64>,
    /// Highest minus lowest of all the raters' scores.
    pub spread: f64,
    /// Whether highest and lowest were dropped (else the plain mean).
    pub trimmed: bool,
}

/// The aggregate of the raters' scores; `None` with no score at all.
pub fn aggregate(scores: &[f64], trim: usize) -> Option<Aggregate> {
    if scores.is_empty() {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let trimmed = trim > 0 && sorted.len() > 2 * trim;
    let (kept, dropped): (Vec<f64>, Vec<f64>) = if trimmed {
        let kept = sorted[trim..sorted.len() - trim].to_vec();
        let mut dropped = sorted[..trim].to_vec();
        dropped.extend_from_slice(&sorted[sorted.len() - trim..]);
        (kept, dropped)
    } else {
        (sorted.clone(), Vec::new())
    };
    let mean = kept.iter().sum::<f64>() / kept.len() as f64;
    let spread = sorted.last().copied().unwrap_or(0.0) - sorted.first().copied().unwrap_or(0.0);
    Some(Aggregate {
        value: (mean * 100.0).round() / 100.0,
        raters: scores.to_vec(),
        dropped,
        spread: (spread * 100.0).round() / 100.0,
        trimmed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_mean_over_three_four_and_five_raters() {
        // 3 raters, drop 1 high and 1 low: the middle one.
        let a = aggregate(&[42.0, 45.0, 48.0], 1).unwrap();
        assert_eq!((a.value, a.trimmed, a.spread), (45.0, true, 6.0));
        assert_eq!(a.dropped, [42.0, 48.0]);
        // 4 raters: (44 + 46) / 2 = 45.
        let a = aggregate(&[40.0, 46.0, 44.0, 49.0], 1).unwrap();
        assert_eq!((a.value, a.spread), (45.0, 9.0));
        assert_eq!(
            a.raters,
            [40.0, 46.0, 44.0, 49.0],
            "kept in the raters' order"
        );
        // 5 raters: (43 + 45 + 46) / 3 = 44.67.
        let a = aggregate(&[38.0, 45.0, 43.0, 50.0, 46.0], 1).unwrap();
        assert_eq!((a.value, a.spread), (44.67, 12.0));
        assert_eq!(a.dropped, [38.0, 50.0]);
    }

    #[test]
    fn the_mean_when_asked_or_when_too_few_to_drop() {
        let a = aggregate(&[38.0, 45.0, 43.0, 50.0, 46.0], 0).unwrap();
        assert_eq!((a.value, a.trimmed), (44.4, false));
        let a = aggregate(&[40.0, 47.0], 1).unwrap();
        assert_eq!(
            (a.value, a.trimmed),
            (43.5, false),
            "two raters: nothing dropped"
        );
        assert!(a.dropped.is_empty());
        assert_eq!(aggregate(&[], 1), None);
    }
}
