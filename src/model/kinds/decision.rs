//! Decisions (ADRs). MADR 4's field names are accepted, and its `status` and `date`
//! are optional, so an existing ADR folder works as it is.

use crate::calendar::Date;
use crate::model::fields::{Field, Fields, Ref, Required, Type, choice};

use super::{Kind, Reference, Relation, common, refs};

choice! {
    /// Where a decision stands.
    DecisionStatus {
        Proposed = "proposed",
        Accepted = "accepted",
        Deprecated = "deprecated",
        Superseded = "superseded",
        Rejected = "rejected",
    }
}

const STATUS: Field = Field::new(
    "status",
    Type::Leading(DecisionStatus::NAMES),
    "where the decision stands; MADR's `superseded by ADR-0005` reads as superseded",
    "accepted",
)
.required_when(Required::Recommended);
const DATE: Field = Field::new("date", Type::Date, "the day it was decided", "2026-09-30");
pub(crate) const SUPERSEDES: Field = Field::new(
    "supersedes",
    Type::Ids(&[Kind::Decision]),
    "the decisions it replaces",
    "[decision-id]",
);
pub(crate) const SUPERSEDED_BY: Field = Field::new(
    "superseded_by",
    Type::Ids(&[Kind::Decision]),
    "the decision that replaced it",
    "decision-id",
);
const OPTIONS: Field =
    Field::new("options", Type::TextList, "the options that were considered", "[\"…\"]");
const DECISION_MAKERS: Field =
    Field::new("decision_makers", Type::TextList, "who decided", "[\"A. Person\"]")
        .or(&["decision-makers", "deciders"]);
const CONSULTED: Field =
    Field::new("consulted", Type::TextList, "whose opinion was sought", "[\"…\"]");
const INFORMED: Field = Field::new("informed", Type::TextList, "who is kept up to date", "[\"…\"]");

/// The fields of a decision. MADR's names are accepted as they are.
pub(crate) const FIELDS: &[Field] =
    &[STATUS, DATE, SUPERSEDES, SUPERSEDED_BY, OPTIONS, DECISION_MAKERS, CONSULTED, INFORMED];

/// The fields a decision without front matter may write as lines under its title
/// (`* Status: accepted`, `* Deciders: A, B`). Other lines (`Technical Story: …`) are
/// prose, not fields, and are left alone.
pub(crate) const BODY_FIELDS: &[Field] = &[
    STATUS,
    DATE,
    DECISION_MAKERS,
    CONSULTED,
    INFORMED,
    common::OWNER,
    common::TAGS,
    common::UPDATED,
];

/// What a decision without a status shows where its status would be.
const NOT_RECORDED: &str = "status not recorded";

/// `status`: one of [`DecisionStatus`], also as MADR writes a superseded one
/// ("superseded by ADR-0005"): a known first word followed by more words.
fn status(f: &mut Fields<'_>) -> Option<DecisionStatus> {
    let written = f.node(&STATUS).and_then(|(_, node)| match &node.value {
        crate::content::Value::Str(text) => Some(text.trim().to_ascii_lowercase()),
        _ => None,
    });
    if let Some((first, _)) = written.as_deref().and_then(|t| t.split_once(char::is_whitespace)) {
        let mut known = <DecisionStatus as crate::model::fields::Choice>::ALL.iter();
        if let Some((_, status)) = known.find(|(name, _)| *name == first) {
            return Some(*status);
        }
    }
    f.choice::<DecisionStatus>(&STATUS).map(|a| a.value)
}

/// `content/decisions/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Decision {
    /// `None` when the decision does not say: a health finding, not an error.
    pub status: Option<DecisionStatus>,
    /// Whether a status is written at all: one that is not a status is an error of
    /// its own, not a decision without one.
    #[serde(skip)]
    pub status_written: bool,
    pub date: Option<Date>,
    pub supersedes: Vec<Ref>,
    pub superseded_by: Vec<Ref>,
    pub options: Vec<String>,
    pub decision_makers: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
}

impl Decision {
    pub(crate) fn read(f: &mut Fields<'_>) -> Decision {
        let status_written = f.is_written(&STATUS);
        let status = status(f);
        Decision {
            status,
            status_written,
            date: f.date(&DATE).map(|a| a.value),
            supersedes: f.refs(&SUPERSEDES),
            superseded_by: f.refs(&SUPERSEDED_BY),
            options: f.text_list(&OPTIONS),
            decision_makers: f.text_list(&DECISION_MAKERS),
            consulted: f.text_list(&CONSULTED),
            informed: f.text_list(&INFORMED),
        }
    }

    /// The status's canonical name, or what a page shows when there is none.
    pub fn status_label(&self) -> &'static str {
        self.status.map_or(NOT_RECORDED, DecisionStatus::as_str)
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Supersedes, &SUPERSEDES, &self.supersedes).chain(refs(
            Relation::SupersededBy,
            &SUPERSEDED_BY,
            &self.superseded_by,
        ))
    }
}
