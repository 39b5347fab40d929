//! Pillars: the two to four bets that drive the North Star.

use crate::model::fields::{Field, Fields, Ref, Type};

use super::{Kind, Reference, Relation, common, refs};

/// A pillar's summary is required: it is what the pillar bets on.
const SUMMARY: Field = Field {
    help: "what this pillar bets on, in one sentence",
    example: "\"What this pillar bets on, in one sentence\"",
    ..common::SUMMARY.required()
};
pub(crate) const METRICS: Field = Field::new(
    "metrics",
    Type::Ids(&[Kind::Metric]),
    "the metrics that show it working",
    "[metric-id]",
);

/// The fields of a pillar.
pub(crate) const FIELDS: &[Field] = &[SUMMARY, METRICS];

/// `content/pillars/*.md`. Its required `summary` is a common field.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Pillar {
    pub metrics: Vec<Ref>,
}

impl Pillar {
    pub(crate) fn read(f: &mut Fields<'_>) -> Pillar {
        Pillar { metrics: f.refs(&METRICS) }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Metrics, &METRICS, &self.metrics)
    }
}
