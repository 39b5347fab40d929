//! Technical debt as a portfolio: risk × impact, effort, and the outcome paying it buys.

use crate::calendar::Quarter;
use crate::model::fields::{Fields, MAX_MAGNITUDE, Ref, choice};

use super::{Kind, Reference, Relation, refs};

choice! {
    /// How likely and how bad the debt's failure is.
    Risk { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
}

choice! {
    /// How much the debt costs the business.
    Impact { Low = "low", Medium = "medium", High = "high" }
}

choice! {
    /// Where paying it down stands.
    DebtStatus { Open = "open", Scheduled = "scheduled", InProgress = "in-progress", Paid = "paid", Accepted = "accepted" }
}

/// `content/debt/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Debt {
    pub risk: Risk,
    pub impact: Impact,
    pub category: Option<String>,
    pub pillars: Vec<Ref>,
    pub outcome: Option<String>,
    pub metric: Option<Ref>,
    /// Estimated effort in days.
    pub effort: Option<f64>,
    pub quarter: Option<Quarter>,
    pub status: DebtStatus,
}

impl Debt {
    pub(crate) fn read(f: &mut Fields<'_>) -> Debt {
        Debt {
            risk: f.required_choice::<Risk>("risk").map_or(Risk::Medium, |a| a.value),
            impact: f.required_choice::<Impact>("impact").map_or(Impact::Medium, |a| a.value),
            category: f.string("category").map(|a| a.value),
            pillars: f.refs("pillars"),
            outcome: f.string("outcome").map(|a| a.value),
            metric: f.single_ref("metric"),
            effort: f.number_in("effort", 0.0..=MAX_MAGNITUDE),
            quarter: f.quarter("quarter").map(|a| a.value),
            status: f.choice::<DebtStatus>("status").map_or(DebtStatus::Open, |a| a.value),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars).chain(refs(
            Relation::Metric,
            &[Kind::Metric],
            self.metric.as_slice(),
        ))
    }
}
