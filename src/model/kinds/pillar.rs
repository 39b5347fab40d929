//! Pillars: the two to four bets that drive the North Star.

use crate::model::fields::{Fields, Ref};

use super::{Kind, Reference, Relation, refs};

/// `content/pillars/*.md`. Its required `summary` is a common field.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Pillar {
    pub metrics: Vec<Ref>,
}

impl Pillar {
    pub(crate) fn read(f: &mut Fields<'_>) -> Pillar {
        Pillar { metrics: f.refs("metrics") }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Metrics, &[Kind::Metric], &self.metrics)
    }
}
