//! Stakeholders: who the strategy must convince or serve, and what they care about.

use crate::model::fields::{Field, Fields, Ref, Type, choice};

use super::common::PILLARS;
use super::{Reference, Relation, refs};

choice! {
    /// A three-step scale for influence and interest.
    Level { Low = "low", Medium = "medium", High = "high" }
}

const GROUP: Field = Field::new(
    "group",
    Type::Text,
    "the group they speak for, such as `Finance` or `Customers`",
    "\"Finance\"",
)
.required();
const INFLUENCE: Field =
    Field::new("influence", Type::OneOf(Level::NAMES), "how much they can change the plan", "high");
const INTEREST: Field = Field::new(
    "interest",
    Type::OneOf(Level::NAMES),
    "how much the plan changes things for them",
    "medium",
);
const INCENTIVES: Field = Field::new("incentives", Type::TextList, "what they want", "[\"…\"]");
const CONCERNS: Field = Field::new("concerns", Type::TextList, "what worries them", "[\"…\"]");
const CONTACT: Field = Field::new("contact", Type::Text, "who to talk to, or where", "\"…\"");

/// The fields of a stakeholder.
pub(crate) const FIELDS: &[Field] =
    &[GROUP, INFLUENCE, INTEREST, INCENTIVES, CONCERNS, PILLARS, CONTACT];

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
            group: f.string(&GROUP).map(|a| a.value).unwrap_or_default(),
            influence: f.choice::<Level>(&INFLUENCE).map(|a| a.value),
            interest: f.choice::<Level>(&INTEREST).map(|a| a.value),
            incentives: f.text_list(&INCENTIVES),
            concerns: f.text_list(&CONCERNS),
            pillars: f.refs(&PILLARS),
            contact: f.string(&CONTACT).map(|a| a.value),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &PILLARS, &self.pillars)
    }
}
