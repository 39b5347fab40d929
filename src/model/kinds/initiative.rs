//! Initiatives: quarterly work with an owner and success criteria that ladders up to
//! pillars.

use crate::calendar::QuarterRange;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::fields::{Fields, Ref, choice};

use super::{Kind, Reference, Relation, refs};

choice! {
    /// Where an initiative stands.
    InitiativeStatus {
        Proposed = "proposed",
        Planned = "planned",
        InProgress = "in-progress",
        Done = "done",
        Exploratory = "exploratory",
        Deprioritized = "deprioritized",
        Cancelled = "cancelled",
    }
}

/// `content/initiatives/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Initiative {
    pub pillars: Vec<Ref>,
    pub status: InitiativeStatus,
    /// `quarter`, or `start`..`end`.
    pub quarters: Option<QuarterRange>,
    pub success_criteria: Vec<String>,
    pub reason: Option<String>,
    pub depends_on: Vec<Ref>,
    pub objectives: Vec<Ref>,
}

impl Initiative {
    pub(crate) fn read(f: &mut Fields<'_>) -> Initiative {
        let pillars = f.refs("pillars");
        if pillars.is_empty() && f.node("pillars", &[]).is_none() {
            f.missing("pillars", "[pillar-id]");
        } else if pillars.is_empty() {
            let at = f.span_of("pillars");
            f.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    at,
                    "an initiative needs at least one pillar in `pillars`",
                )
                .with_help("name the pillar this work drives: `pillars: [pillar-id]`"),
            );
        }
        let status = f.required_choice::<InitiativeStatus>("status").map(|a| a.value);
        let quarter = f.quarter("quarter");
        let start = f.quarter("start");
        let end = f.quarter("end");
        let quarters = match (quarter, start, end) {
            (Some(q), _, _) => Some(QuarterRange::single(q.value)),
            (None, Some(s), Some(e)) if s.value > e.value => {
                f.diagnostics.push(
                    Diagnostic::new(
                        Code::QuarterRange,
                        e.span,
                        format!("`end` ({}) is before `start` ({})", e.value, s.value),
                    )
                    .with_help("swap them, or fix the quarter that is wrong"),
                );
                None
            }
            (None, Some(s), e) => {
                Some(QuarterRange { start: s.value, end: e.map_or(s.value, |e| e.value) })
            }
            (None, None, Some(e)) => Some(QuarterRange::single(e.value)),
            (None, None, None) => None,
        };
        let success_criteria = f.text_list("success_criteria");
        let reason = f.string("reason").map(|a| a.value);
        let status_ok = status.unwrap_or(InitiativeStatus::Proposed);
        if success_criteria.is_empty()
            && status.is_some()
            && status_ok != InitiativeStatus::Exploratory
        {
            let at = f.span_of("success_criteria");
            f.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    at,
                    format!("missing `success_criteria` for a {} initiative", status_ok.as_str()),
                )
                .with_help("say how you will know it worked: `success_criteria: [\"…\"]`, or mark it `status: exploratory`"),
            );
        }
        if reason.is_none()
            && matches!(status_ok, InitiativeStatus::Deprioritized | InitiativeStatus::Cancelled)
        {
            let at = f.span();
            f.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    at,
                    format!("missing `reason` for a {} initiative", status_ok.as_str()),
                )
                .with_help("say why it stopped: `reason: \"…\"`; the roadmap shows it"),
            );
        }
        Initiative {
            pillars,
            status: status_ok,
            quarters,
            success_criteria,
            reason,
            depends_on: f.refs("depends_on"),
            objectives: f.refs("objectives"),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars)
            .chain(refs(Relation::DependsOn, &[Kind::Initiative], &self.depends_on))
            .chain(refs(Relation::Objectives, &[Kind::Objective], &self.objectives))
    }
}
