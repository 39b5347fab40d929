//! Metrics: the North Star, leading indicators and KPIs, with their history.

use crate::calendar::{Date, Quarter};
use crate::model::fields::{Fields, choice};

choice! {
    /// What role a metric plays.
    MetricType { NorthStar = "north-star", Leading = "leading", Kpi = "kpi" }
}

choice! {
    /// Which way is better.
    Direction { Up = "up", Down = "down" }
}

/// When a history point was measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Quarter(Quarter),
    Date(Date),
}

impl When {
    /// The first day it stands for, for ordering quarters among dates.
    pub fn first_day(self) -> Date {
        match self {
            When::Quarter(q) => q.first_day(),
            When::Date(d) => d,
        }
    }
}

impl serde::Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            When::Quarter(q) => q.serialize(s),
            When::Date(d) => d.serialize(s),
        }
    }
}

/// One measurement.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct HistoryPoint {
    pub at: When,
    pub value: f64,
}

/// `content/metrics/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Metric {
    pub definition: String,
    #[serde(rename = "type")]
    pub metric_type: MetricType,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// Oldest first.
    pub history: Vec<HistoryPoint>,
    /// Where `type` is written, for "a second north-star metric".
    #[serde(skip)]
    pub type_span: crate::diagnostics::Span,
}

impl Metric {
    pub(crate) fn read(f: &mut Fields<'_>) -> Metric {
        let definition =
            f.required_string("definition", "\"What is counted, how often\"").map(|a| a.value);
        let metric_type = f.required_choice::<MetricType>("type");
        let type_span = metric_type.as_ref().map_or(f.span(), |a| a.span);
        let metric_type = metric_type.map_or(MetricType::Kpi, |a| a.value);
        let unit = f.string("unit").map(|a| a.value);
        let direction = f.choice::<Direction>("direction").map(|a| a.value);
        let baseline = f.number("baseline").map(|a| a.value);
        let target = f.number("target").map(|a| a.value);
        let mut history = f
            .list_of("history", "a history point", |p| {
                let at = p.quarter_or_date("at");
                let value = p.number("value");
                if at.is_none() && p.node("at", &[]).is_none() {
                    p.missing("at", "2026-Q3");
                }
                if value.is_none() && p.node("value", &[]).is_none() {
                    p.missing("value", "42");
                }
                Some(HistoryPoint { at: at?.value, value: value?.value })
            })
            .map(|a| a.value)
            .unwrap_or_default();
        history.sort_by_key(|p| p.at.first_day());
        let direction = direction.unwrap_or(match (baseline, target) {
            (Some(b), Some(t)) if t < b => Direction::Down,
            _ => Direction::Up,
        });
        Metric {
            definition: definition.unwrap_or_default(),
            metric_type,
            unit,
            direction,
            baseline,
            target,
            history,
            type_span,
        }
    }

    /// The latest measured value.
    pub fn current(&self) -> Option<f64> {
        self.history.last().map(|p| p.value)
    }
}
