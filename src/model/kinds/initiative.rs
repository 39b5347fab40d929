//! Initiatives: quarterly work with an owner and success criteria that ladders up to
//! pillars.

use crate::calendar::QuarterRange;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::fields::{Field, Fields, Ref, Required, Type, choice};

use super::{Kind, Reference, Relation, common, refs};

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

/// An initiative's owner is required: work nobody answers for is not planned.
const OWNER: Field = Field { help: "who answers for it", ..common::OWNER.required() };
const PILLARS: Field =
    Field { help: "the pillars it drives, at least one", ..common::PILLARS.required() };
const STATUS: Field = Field::new(
    "status",
    Type::OneOf(InitiativeStatus::NAMES),
    "where it stands; exploratory and deprioritized work has its own lanes on the roadmap",
    "planned",
)
.required();
const QUARTER: Field = Field {
    help: "the quarter it is planned for; `start` and `end` for longer work",
    ..common::QUARTER
};
const START: Field =
    Field::new("start", Type::Quarter, "the first quarter of longer work", "2026-Q4");
const END: Field = Field::new("end", Type::Quarter, "the last quarter of longer work", "2027-Q1");
const SUCCESS_CRITERIA: Field = Field::new(
    "success_criteria",
    Type::TextList,
    "how you will know it worked, or mark it `status: exploratory`",
    "[\"…\"]",
)
.required_when(Required::Unless { field: &STATUS, is: &["exploratory"] });
const REASON: Field =
    Field::new("reason", Type::Text, "why it stopped; the roadmap shows it", "\"…\"")
        .required_when(Required::When { field: &STATUS, is: &["deprioritized", "cancelled"] });
pub(crate) const DEPENDS_ON: Field = Field::new(
    "depends_on",
    Type::Ids(&[Kind::Initiative]),
    "initiatives that must land first",
    "[initiative-id]",
);
pub(crate) const OBJECTIVES: Field = Field::new(
    "objectives",
    Type::Ids(&[Kind::Objective]),
    "the objectives it serves",
    "[objective-id]",
);

/// The fields of an initiative.
pub(crate) const FIELDS: &[Field] = &[
    OWNER,
    PILLARS,
    STATUS,
    QUARTER,
    START,
    END,
    SUCCESS_CRITERIA,
    REASON,
    DEPENDS_ON,
    OBJECTIVES,
];

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
        let pillars = f.refs(&PILLARS);
        let status = f.choice::<InitiativeStatus>(&STATUS).map(|a| a.value);
        let quarter = f.quarter(&QUARTER);
        let start = f.quarter(&START);
        let end = f.quarter(&END);
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
        Initiative {
            pillars,
            status: status.unwrap_or(InitiativeStatus::Proposed),
            quarters,
            success_criteria: f.text_list(&SUCCESS_CRITERIA),
            reason: f.string(&REASON).map(|a| a.value),
            depends_on: f.refs(&DEPENDS_ON),
            objectives: f.refs(&OBJECTIVES),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &PILLARS, &self.pillars)
            .chain(refs(Relation::DependsOn, &DEPENDS_ON, &self.depends_on))
            .chain(refs(Relation::Objectives, &OBJECTIVES, &self.objectives))
    }
}
