//! Now / Next / Later: where an initiative sits on the roadmap, from its status, its
//! quarters and the current quarter (DESIGN §3).

use crate::calendar::{Quarter, QuarterRange};

use super::kinds::InitiativeStatus;

/// A roadmap column.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    Now,
    Next,
    Later,
    Done,
    Exploratory,
    Deprioritized,
    Cancelled,
}

/// Classifies an initiative:
/// - in-progress, or proposed/planned with quarters that include or started before
///   `current`: Now;
/// - proposed/planned starting in the next quarter: Next;
/// - proposed/planned starting later, or with no quarter: Later;
/// - done, exploratory, deprioritized and cancelled have their own columns.
pub fn classify(
    status: InitiativeStatus,
    quarters: Option<QuarterRange>,
    current: Quarter,
) -> Horizon {
    match status {
        InitiativeStatus::InProgress => Horizon::Now,
        InitiativeStatus::Done => Horizon::Done,
        InitiativeStatus::Exploratory => Horizon::Exploratory,
        InitiativeStatus::Deprioritized => Horizon::Deprioritized,
        InitiativeStatus::Cancelled => Horizon::Cancelled,
        InitiativeStatus::Proposed | InitiativeStatus::Planned => match quarters {
            Some(range) if range.start <= current => Horizon::Now,
            Some(range) if range.start == current.next() => Horizon::Next,
            _ => Horizon::Later,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quarter {
        Quarter::parse(text).unwrap()
    }

    fn range(start: &str, end: &str) -> Option<QuarterRange> {
        Some(QuarterRange { start: q(start), end: q(end) })
    }

    const NOW: &str = "2026-Q4";

    #[test]
    fn in_progress_is_now_whatever_its_quarter() {
        assert_eq!(
            classify(InitiativeStatus::InProgress, range("2027-Q3", "2027-Q3"), q(NOW)),
            Horizon::Now
        );
        assert_eq!(classify(InitiativeStatus::InProgress, None, q(NOW)), Horizon::Now);
    }

    #[test]
    fn planned_in_or_before_the_current_quarter_is_now() {
        assert_eq!(classify(InitiativeStatus::Planned, range(NOW, NOW), q(NOW)), Horizon::Now);
        assert_eq!(
            classify(InitiativeStatus::Proposed, range("2026-Q2", "2027-Q2"), q(NOW)),
            Horizon::Now
        );
        assert_eq!(
            classify(InitiativeStatus::Planned, range("2025-Q1", "2025-Q2"), q(NOW)),
            Horizon::Now
        );
    }

    #[test]
    fn planned_next_quarter_is_next() {
        assert_eq!(
            classify(InitiativeStatus::Planned, range("2027-Q1", "2027-Q2"), q(NOW)),
            Horizon::Next
        );
    }

    #[test]
    fn planned_later_or_unscheduled_is_later() {
        assert_eq!(
            classify(InitiativeStatus::Planned, range("2027-Q2", "2027-Q2"), q(NOW)),
            Horizon::Later
        );
        assert_eq!(classify(InitiativeStatus::Proposed, None, q(NOW)), Horizon::Later);
    }

    #[test]
    fn other_statuses_have_their_own_columns() {
        assert_eq!(classify(InitiativeStatus::Done, range(NOW, NOW), q(NOW)), Horizon::Done);
        assert_eq!(
            classify(InitiativeStatus::Exploratory, range(NOW, NOW), q(NOW)),
            Horizon::Exploratory
        );
        assert_eq!(classify(InitiativeStatus::Deprioritized, None, q(NOW)), Horizon::Deprioritized);
        assert_eq!(classify(InitiativeStatus::Cancelled, None, q(NOW)), Horizon::Cancelled);
    }

    /// Every status against every way its quarters can stand to the current one.
    #[test]
    fn every_status_against_every_quarter_relation() {
        use Horizon::*;
        use InitiativeStatus as S;
        // No quarters; ended before now; started before now and still running; this
        // quarter; starting next quarter; starting after that.
        let relations = [
            None,
            range("2026-Q1", "2026-Q2"),
            range("2026-Q3", "2027-Q1"),
            range(NOW, NOW),
            range("2027-Q1", "2027-Q2"),
            range("2027-Q3", "2028-Q1"),
        ];
        let expected: [(S, [Horizon; 6]); 7] = [
            (S::Proposed, [Later, Now, Now, Now, Next, Later]),
            (S::Planned, [Later, Now, Now, Now, Next, Later]),
            (S::InProgress, [Now, Now, Now, Now, Now, Now]),
            (S::Done, [Done; 6]),
            (S::Exploratory, [Exploratory; 6]),
            (S::Deprioritized, [Deprioritized; 6]),
            (S::Cancelled, [Cancelled; 6]),
        ];
        for (status, horizons) in expected {
            for (quarters, horizon) in relations.iter().zip(horizons) {
                assert_eq!(classify(status, *quarters, q(NOW)), horizon, "{status:?} {quarters:?}");
            }
        }
    }
}
