//! OKR arithmetic: key-result progress, objective scores and their bands, as the
//! common practice has them (0.7 and above on track, 0.4–0.7 at risk, below off track).

/// How an objective or key result is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Band {
    /// The band of a score in 0..=1.
    pub fn of(score: f64) -> Band {
        if score >= 0.7 {
            Band::OnTrack
        } else if score >= 0.4 {
            Band::AtRisk
        } else {
            Band::OffTrack
        }
    }

    /// Words for people: "on track".
    pub fn as_str(self) -> &'static str {
        match self {
            Band::OnTrack => "on track",
            Band::AtRisk => "at risk",
            Band::OffTrack => "off track",
        }
    }
}

/// Progress from `baseline` to `target`, clamped to 0..=1. It works the same when the
/// target is below the baseline (a metric that should go down). Without a `current`
/// value nothing has moved yet: 0.
pub fn progress(baseline: f64, current: Option<f64>, target: f64) -> f64 {
    let Some(current) = current else { return 0.0 };
    let span = target - baseline;
    if span == 0.0 {
        return if current == target { 1.0 } else { 0.0 };
    }
    ((current - baseline) / span).clamp(0.0, 1.0)
}

/// A key result's score: its `score` override, else its progress.
pub fn key_result_score(
    baseline: f64,
    current: Option<f64>,
    target: f64,
    score_override: Option<f64>,
) -> f64 {
    score_override.map_or_else(|| progress(baseline, current, target), |s| s.clamp(0.0, 1.0))
}

/// The mean of `scores`, `None` when there are none.
pub fn mean(scores: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = scores.into_iter().fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_the_share_of_the_way_to_target() {
        assert_eq!(progress(0.0, Some(5.0), 10.0), 0.5);
        assert_eq!(progress(20.0, Some(30.0), 40.0), 0.5);
    }

    #[test]
    fn progress_clamps_to_zero_and_one() {
        assert_eq!(progress(0.0, Some(15.0), 10.0), 1.0);
        assert_eq!(progress(10.0, Some(5.0), 20.0), 0.0);
    }

    #[test]
    fn progress_works_for_metrics_that_go_down() {
        assert_eq!(progress(400.0, Some(300.0), 200.0), 0.5);
        assert_eq!(progress(400.0, Some(200.0), 200.0), 1.0);
        assert_eq!(progress(400.0, Some(500.0), 200.0), 0.0);
    }

    #[test]
    fn progress_without_current_is_zero() {
        assert_eq!(progress(0.0, None, 10.0), 0.0);
    }

    #[test]
    fn progress_with_equal_baseline_and_target_is_all_or_nothing() {
        assert_eq!(progress(5.0, Some(5.0), 5.0), 1.0);
        assert_eq!(progress(5.0, Some(4.0), 5.0), 0.0);
    }

    #[test]
    fn override_wins() {
        assert_eq!(key_result_score(0.0, Some(10.0), 10.0, Some(0.3)), 0.3);
        assert_eq!(key_result_score(0.0, Some(10.0), 10.0, None), 1.0);
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean([]), None);
        assert_eq!(mean([0.2, 0.4]), Some(0.30000000000000004));
    }

    #[test]
    fn bands_have_inclusive_lower_bounds() {
        assert_eq!(Band::of(0.7), Band::OnTrack);
        assert_eq!(Band::of(0.69), Band::AtRisk);
        assert_eq!(Band::of(0.4), Band::AtRisk);
        assert_eq!(Band::of(0.39), Band::OffTrack);
        assert_eq!(Band::of(1.0), Band::OnTrack);
        assert_eq!(Band::of(0.0), Band::OffTrack);
    }
}
