//! Metrics: the North Star, leading indicators and KPIs, with their history.

use crate::calendar::{Date, Quarter};
use crate::model::fields::{Field, Fields, Type, choice};

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

const DEFINITION: Field = Field::new(
    "definition",
    Type::Text,
    "what is counted, and how often",
    "\"What is counted, how often\"",
)
.required();
const TYPE: Field = Field::new(
    "type",
    Type::OneOf(MetricType::NAMES),
    "the North Star (one per strategy), a leading indicator, or a KPI",
    "leading",
)
.required();
const UNIT: Field =
    Field::new("unit", Type::Text, "what a value counts, such as `%` or `ms`", "\"%\"");
const DIRECTION: Field = Field::new(
    "direction",
    Type::OneOf(Direction::NAMES),
    "which way is better; by default down when the target is below the baseline",
    "up",
);
const BASELINE: Field = Field::new("baseline", Type::NUMBER, "where it started", "40");
const TARGET: Field = Field::new("target", Type::NUMBER, "where it should get to", "60");
const AT: Field =
    Field::new("at", Type::QuarterOrDate, "when it was measured: a quarter or a date", "2026-Q3")
        .required();
const VALUE: Field = Field::new("value", Type::NUMBER, "what it measured", "42").required();
const HISTORY: Field = Field::new(
    "history",
    Type::List { item: "history point", fields: &[AT, VALUE], min: 0, max: usize::MAX },
    "measurements over time, drawn as the metric's chart",
    "[{at: 2026-Q3, value: 42}]",
);

/// The fields of a metric.
pub(crate) const FIELDS: &[Field] = &[DEFINITION, TYPE, UNIT, DIRECTION, BASELINE, TARGET, HISTORY];

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
        let definition = f.string(&DEFINITION).map(|a| a.value);
        let metric_type = f.choice::<MetricType>(&TYPE);
        let type_span = metric_type.as_ref().map_or(f.span(), |a| a.span);
        let metric_type = metric_type.map_or(MetricType::Kpi, |a| a.value);
        let unit = f.string(&UNIT).map(|a| a.value);
        let direction = f.choice::<Direction>(&DIRECTION).map(|a| a.value);
        let baseline = f.number(&BASELINE).map(|a| a.value);
        let target = f.number(&TARGET).map(|a| a.value);
        let mut history = f
            .list_of(&HISTORY, |p| {
                let at = p.quarter_or_date(&AT);
                let value = p.number(&VALUE);
                Some(HistoryPoint { at: at?.value, value: value?.value })
            })
            .map(|(a, _)| a.value)
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
