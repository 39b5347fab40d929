//! The debt budget: per quarter, the effort of the debt items planned for it (scheduled
//! or in progress) against the share of the quarter's capacity reserved for debt
//! (`debt_capacity` × `capacity_days`). Pure arithmetic.

use std::collections::BTreeMap;

use crate::calendar::Quarter;
use crate::config::CapacityDays;

use super::kinds::{DebtStatus, KindData};
use super::{DocId, Document};

/// One quarter of the debt budget.
#[derive(Clone, Debug, PartialEq)]
pub struct DebtQuarter {
    pub quarter: Quarter,
    /// Days of effort of the planned items (those without an estimate count 0).
    pub effort: f64,
    /// The planned items: scheduled or in progress in this quarter, in document order.
    pub items: Vec<DocId>,
    /// How many of `items` have no effort estimate.
    pub unestimated: usize,
    /// The quarter's capacity in days, when `capacity_days` gives it.
    pub capacity_days: Option<f64>,
    /// Days reserved for debt: `debt_capacity` × the quarter's capacity.
    pub budget: Option<f64>,
    /// Whether `effort` exceeds `budget`.
    pub over: bool,
}

impl DebtQuarter {
    /// The days of planned effort beyond the budget, when over it.
    pub fn excess(&self) -> Option<f64> {
        self.budget.filter(|_| self.over).map(|budget| self.effort - budget)
    }
}

/// Whether a debt item in this status counts against its quarter's budget.
pub fn is_planned(status: DebtStatus) -> bool {
    matches!(status, DebtStatus::Scheduled | DebtStatus::InProgress)
}

/// The budget of every quarter that has planned debt items, and of every quarter
/// `capacity_days` lists by name, in quarter order. `documents` are the documents to
/// count (with their ids); anything but debt items is ignored.
pub fn debt_quarters<'d>(
    documents: impl IntoIterator<Item = (DocId, &'d Document)>,
    debt_capacity: f64,
    capacity_days: Option<&CapacityDays>,
) -> Vec<DebtQuarter> {
    let mut planned: BTreeMap<Quarter, (f64, Vec<DocId>, usize)> = BTreeMap::new();
    if let Some(CapacityDays::ByQuarter(days)) = capacity_days {
        for &quarter in days.keys() {
            planned.entry(quarter).or_default();
        }
    }
    for (id, document) in documents {
        let KindData::Debt(debt) = &document.data else { continue };
        let Some(quarter) = debt.quarter.filter(|_| is_planned(debt.status)) else { continue };
        let (effort, items, unestimated) = planned.entry(quarter).or_default();
        match debt.effort {
            Some(days) => *effort += days,
            None => *unestimated += 1,
        }
        items.push(id);
    }
    planned
        .into_iter()
        .map(|(quarter, (effort, items, unestimated))| {
            let capacity_days = capacity_days.and_then(|c| c.of(quarter));
            let budget = capacity_days.map(|days| debt_capacity * days);
            DebtQuarter {
                quarter,
                effort,
                items,
                unestimated,
                capacity_days,
                budget,
                over: budget.is_some_and(|b| effort > b + 1e-9),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::blank;
    use crate::model::kinds::{Debt, Impact, Kind, Risk};

    fn debt(quarter: &str, effort: Option<f64>, status: DebtStatus) -> Document {
        let mut document = blank("debt/x.md", Kind::Debt);
        document.data = KindData::Debt(Debt {
            risk: Risk::High,
            impact: Impact::High,
            category: None,
            pillars: Vec::new(),
            outcome: None,
            metric: None,
            effort,
            quarter: Quarter::parse(quarter).ok(),
            status,
        });
        document
    }

    fn q(text: &str) -> Quarter {
        Quarter::parse(text).expect("a quarter written in the test")
    }

    #[test]
    fn effort_sums_scheduled_and_in_progress_items_by_quarter() {
        let docs = [
            debt("2026-Q4", Some(10.0), DebtStatus::Scheduled),
            debt("2026-Q4", Some(5.5), DebtStatus::InProgress),
            debt("2026-Q4", Some(100.0), DebtStatus::Open),
            debt("2026-Q4", Some(100.0), DebtStatus::Paid),
            debt("2027-Q1", None, DebtStatus::Scheduled),
            debt("2027-Q1", Some(3.0), DebtStatus::Scheduled),
        ];
        let quarters =
            debt_quarters(docs.iter().enumerate().map(|(i, d)| (DocId(i), d)), 0.2, None);
        assert_eq!(quarters.len(), 2);
        assert_eq!(quarters[0].quarter, q("2026-Q4"));
        assert_eq!(quarters[0].effort, 15.5);
        assert_eq!(quarters[0].items, vec![DocId(0), DocId(1)]);
        assert_eq!(quarters[0].budget, None);
        assert!(!quarters[0].over);
        assert_eq!(quarters[1].effort, 3.0);
        assert_eq!(quarters[1].unestimated, 1);
        assert_eq!(quarters[1].items, vec![DocId(4), DocId(5)]);
    }

    #[test]
    fn the_budget_is_the_debt_share_of_the_quarters_capacity() {
        let docs = [
            debt("2026-Q4", Some(13.0), DebtStatus::Scheduled),
            debt("2027-Q1", Some(12.0), DebtStatus::InProgress),
        ];
        let ids = || docs.iter().enumerate().map(|(i, d)| (DocId(i), d));
        // 0.2 × 60 = 12 days in every quarter: 13 is over, 12 is not.
        let every = CapacityDays::Every(60.0);
        let quarters = debt_quarters(ids(), 0.2, Some(&every));
        assert_eq!(quarters[0].budget.map(|b| (b * 1e6).round() / 1e6), Some(12.0));
        assert!(quarters[0].over);
        assert_eq!(quarters[0].excess().map(|e| (e * 1e6).round() / 1e6), Some(1.0));
        assert!(!quarters[1].over, "equal to the budget is within it");
        assert_eq!(quarters[1].excess(), None);
        // By quarter: 2026-Q4 has 70 days (budget 14), 2027-Q1 none given, 2027-Q2
        // listed without items.
        let by_quarter = CapacityDays::ByQuarter(
            [(q("2026-Q4"), 70.0), (q("2027-Q2"), 50.0)].into_iter().collect(),
        );
        let quarters = debt_quarters(ids(), 0.2, Some(&by_quarter));
        let shown: Vec<(String, f64, Option<f64>, bool)> = quarters
            .iter()
            .map(|d| (d.quarter.to_string(), d.effort, d.budget.map(|b| b.round()), d.over))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("2026-Q4".into(), 13.0, Some(14.0), false),
                ("2027-Q1".into(), 12.0, None, false),
                ("2027-Q2".into(), 0.0, Some(10.0), false),
            ]
        );
    }
}
