//! Technical debt as a portfolio: risk × impact, effort, and the outcome paying it buys.

use crate::calendar::Quarter;
use crate::model::fields::{Field, Fields, MAX_MAGNITUDE, Ref, Type, choice};

use super::common::{METRIC, PILLARS, QUARTER};
use super::{Reference, Relation, refs};

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

const RISK: Field = Field::new(
    "risk",
    Type::OneOf(Risk::NAMES),
    "how likely and how bad a failure it causes is",
    "high",
)
.required();
const IMPACT: Field =
    Field::new("impact", Type::OneOf(Impact::NAMES), "how much it costs the business", "medium")
        .required();
const CATEGORY: Field =
    Field::new("category", Type::Text, "what sort of debt, such as `infrastructure`", "\"…\"");
const OUTCOME: Field =
    Field::new("outcome", Type::Text, "what paying it down buys, in business terms", "\"…\"");
const EFFORT: Field = Field::new(
    "effort",
    Type::Number { min: 0.0, max: MAX_MAGNITUDE },
    "estimated days of work to pay it down",
    "15",
);
const STATUS: Field = Field::new(
    "status",
    Type::OneOf(DebtStatus::NAMES),
    "where paying it down stands; `open` when not written",
    "open",
);

/// The fields of a debt item.
pub(crate) const FIELDS: &[Field] =
    &[RISK, IMPACT, CATEGORY, OUTCOME, EFFORT, STATUS, QUARTER, PILLARS, METRIC];

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
            risk: f.choice::<Risk>(&RISK).map_or(Risk::Medium, |a| a.value),
            impact: f.choice::<Impact>(&IMPACT).map_or(Impact::Medium, |a| a.value),
            category: f.string(&CATEGORY).map(|a| a.value),
            pillars: f.refs(&PILLARS),
            outcome: f.string(&OUTCOME).map(|a| a.value),
            metric: f.single_ref(&METRIC),
            effort: f.number(&EFFORT).map(|a| a.value),
            quarter: f.quarter(&QUARTER).map(|a| a.value),
            status: f.choice::<DebtStatus>(&STATUS).map_or(DebtStatus::Open, |a| a.value),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &PILLARS, &self.pillars).chain(refs(
            Relation::Metric,
            &METRIC,
            self.metric.as_slice(),
        ))
    }
}
