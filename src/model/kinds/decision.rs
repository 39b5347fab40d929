//! Decisions (ADRs). MADR 4's field names are accepted, and its `status` and `date`
//! are optional, so an existing ADR folder works as it is.

use crate::calendar::Date;
use crate::model::fields::{Fields, Ref, choice};

use super::{Kind, Reference, Relation, refs};

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

/// What a decision without a status shows where its status would be.
const NOT_RECORDED: &str = "status not recorded";

/// `status`: one of [`DecisionStatus`], also as MADR writes a superseded one
/// ("superseded by ADR-0005"): a known first word followed by more words.
fn status(f: &mut Fields<'_>) -> Option<DecisionStatus> {
    let written = f.node("status", &[]).and_then(|(_, node)| match &node.value {
        crate::content::Value::Str(text) => Some(text.trim().to_ascii_lowercase()),
        _ => None,
    });
    if let Some((first, _)) = written.as_deref().and_then(|t| t.split_once(char::is_whitespace)) {
        let mut known = <DecisionStatus as crate::model::fields::Choice>::ALL.iter();
        if let Some((_, status)) = known.find(|(name, _)| *name == first) {
            return Some(*status);
        }
    }
    f.choice::<DecisionStatus>("status").map(|a| a.value)
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
        let status_written = f.node("status", &[]).is_some();
        let status = status(f);
        let names = |f: &mut Fields<'_>, name, aliases: &[&'static str]| {
            f.text_list_or(name, aliases).into_iter().map(|a| a.value).collect::<Vec<_>>()
        };
        Decision {
            status,
            status_written,
            date: f.date("date").map(|a| a.value),
            supersedes: f.refs("supersedes"),
            superseded_by: f.refs("superseded_by"),
            options: f.text_list("options"),
            decision_makers: names(f, "decision_makers", &["decision-makers", "deciders"]),
            consulted: names(f, "consulted", &[]),
            informed: names(f, "informed", &[]),
        }
    }

    /// The status's canonical name, or what a page shows when there is none.
    pub fn status_label(&self) -> &'static str {
        self.status.map_or(NOT_RECORDED, DecisionStatus::as_str)
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Supersedes, &[Kind::Decision], &self.supersedes).chain(refs(
            Relation::SupersededBy,
            &[Kind::Decision],
            &self.superseded_by,
        ))
    }
}
