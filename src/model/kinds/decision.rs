//! Decisions (ADRs). MADR 4's field names are accepted, so an existing ADR folder
//! works as it is.

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

/// `content/decisions/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Decision {
    pub status: DecisionStatus,
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
        let status = f
            .required_choice::<DecisionStatus>("status")
            .map_or(DecisionStatus::Proposed, |a| a.value);
        let names = |f: &mut Fields<'_>, name, aliases: &[&'static str]| {
            f.text_list_or(name, aliases).into_iter().map(|a| a.value).collect::<Vec<_>>()
        };
        Decision {
            status,
            date: f.required_date("date").map(|a| a.value),
            supersedes: f.refs("supersedes"),
            superseded_by: f.refs("superseded_by"),
            options: f.text_list("options"),
            decision_makers: names(f, "decision_makers", &["decision-makers", "deciders"]),
            consulted: names(f, "consulted", &[]),
            informed: names(f, "informed", &[]),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Supersedes, &[Kind::Decision], &self.supersedes).chain(refs(
            Relation::SupersededBy,
            &[Kind::Decision],
            &self.superseded_by,
        ))
    }
}
