//! Stakeholders: who the strategy must convince or serve, and what they care about.

use crate::model::fields::{Fields, Ref, choice};

use super::{Kind, Reference, Relation, refs};

choice! {
    /// A three-step scale for influence and interest.
    Level { Low = "low", Medium = "medium", High = "high" }
}

/// `content/stakeholders/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stakeholder {
    pub group: String,
    pub influence: Option<Level>,
    pub interest: Option<Level>,
    pub incentives: Vec<String>,
    pub concerns: Vec<String>,
    pub pillars: Vec<Ref>,
    pub contact: Option<String>,
}

impl Stakeholder {
    pub(crate) fn read(f: &mut Fields<'_>) -> Stakeholder {
        Stakeholder {
            group: f.required_string("group", "\"Finance\"").map(|a| a.value).unwrap_or_default(),
            influence: f.choice::<Level>("influence").map(|a| a.value),
            interest: f.choice::<Level>("interest").map(|a| a.value),
            incentives: f.text_list("incentives"),
            concerns: f.text_list("concerns"),
            pillars: f.refs("pillars"),
            contact: f.string("contact").map(|a| a.value),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars)
    }
}
