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
    match (current, unclamped_progress(baseline, current, target)) {
        (_, Some(share)) => share.clamp(0.0, 1.0),
        (Some(current), None) if current == target => 1.0,
        _ => 0.0,
    }
}

/// Progress before clamping: above 1 past the target, below 0 moving away from it.
/// `None` without a current value or when baseline and target are equal.
pub fn unclamped_progress(baseline: f64, current: Option<f64>, target: f64) -> Option<f64> {
    let span = target - baseline;
    if span == 0.0 {
        return None;
    }
    Some((current? - baseline) / span)
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

/// Whether a key result or metric going from `baseline` to `target` should go down.
pub fn lower_is_better(baseline: f64, target: f64) -> bool {
    target < baseline
}

/// A roll-up of objective scores, for a pillar or a quarter: the mean of the scored
/// ones and how many fall in each band. Objectives without a score (no key results)
/// count as unscored and leave the mean alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Rollup {
    pub mean: Option<f64>,
    pub objectives: usize,
    pub unscored: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
}

impl Rollup {
    /// The roll-up of these objectives' scores.
    pub fn of(scores: impl IntoIterator<Item = Option<f64>>) -> Rollup {
        let mut rollup = Rollup::default();
        let mut scored = Vec::new();
        for score in scores {
            rollup.objectives += 1;
            match score {
                None => rollup.unscored += 1,
                Some(s) => {
                    scored.push(s);
                    match Band::of(s) {
                        Band::OnTrack => rollup.on_track += 1,
                        Band::AtRisk => rollup.at_risk += 1,
                        Band::OffTrack => rollup.off_track += 1,
                    }
                }
            }
        }
        rollup.mean = mean(scored);
        rollup
    }

    /// The band of the mean, when there is one.
    pub fn band(&self) -> Option<Band> {
        self.mean.map(Band::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollup_is_the_mean_of_scored_objectives_with_band_counts() {
        let rollup = Rollup::of([Some(0.9), Some(0.5), None, Some(0.1)]);
        assert_eq!(rollup.objectives, 4);
        assert_eq!(rollup.unscored, 1);
        assert_eq!((rollup.on_track, rollup.at_risk, rollup.off_track), (1, 1, 1));
        assert!((rollup.mean.unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(rollup.band(), Some(Band::AtRisk));
    }

    #[test]
    fn rollup_of_nothing_has_no_mean() {
        assert_eq!(Rollup::of([]), Rollup::default());
        assert_eq!(Rollup::of([None]).mean, None);
        assert_eq!(Rollup::of([None]).band(), None);
    }

    #[test]
    fn falling_targets_are_lower_is_better() {
        assert!(lower_is_better(0.8, 0.1));
        assert!(!lower_is_better(74.0, 85.0));
        assert!(!lower_is_better(5.0, 5.0));
    }

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
    fn unclamped_progress_shows_how_far_past_either_end() {
        assert_eq!(unclamped_progress(0.0, Some(120.0), 100.0), Some(1.2));
        assert_eq!(unclamped_progress(2.0, Some(3.0), 1.0), Some(-1.0));
        assert_eq!(unclamped_progress(2.0, None, 1.0), None);
        assert_eq!(unclamped_progress(5.0, Some(5.0), 5.0), None);
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
