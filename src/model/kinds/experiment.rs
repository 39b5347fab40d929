//! Experiments: small bets with a hypothesis and exit criteria.

use crate::calendar::{Date, Quarter};
use crate::model::fields::{Field, Fields, Ref, Type, choice};

use super::common::{METRIC, PILLARS, QUARTER};
use super::{Reference, Relation, refs};

choice! {
    /// Where an experiment stands.
    ExperimentStatus { Planned = "planned", Running = "running", Concluded = "concluded", Abandoned = "abandoned" }
}

const HYPOTHESIS: Field = Field::new(
    "hypothesis",
    Type::Text,
    "what you believe and expect to see",
    "\"If we …, then …\"",
)
.required();
const EXIT_CRITERIA: Field = Field::new(
    "exit_criteria",
    Type::Text,
    "when it stops, whatever it shows",
    "\"Stop after 4 weeks or …\"",
)
.required();
const STATUS: Field = Field::new(
    "status",
    Type::OneOf(ExperimentStatus::NAMES),
    "where the experiment stands",
    "planned",
)
.required();
const START: Field = Field::new("start", Type::Date, "the day it starts", "2026-10-01");
const END: Field = Field::new(
    "end",
    Type::Date,
    "the day it ends; still running after it is a health finding",
    "2026-10-31",
);
const RESULT: Field = Field::new("result", Type::Text, "what it showed, once concluded", "\"…\"");

/// The fields of an experiment.
pub(crate) const FIELDS: &[Field] =
    &[HYPOTHESIS, EXIT_CRITERIA, STATUS, START, END, QUARTER, RESULT, METRIC, PILLARS];

/// `content/experiments/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Experiment {
    pub hypothesis: String,
    pub exit_criteria: String,
    pub status: ExperimentStatus,
    pub metric: Option<Ref>,
    pub quarter: Option<Quarter>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub result: Option<String>,
    pub pillars: Vec<Ref>,
}

impl Experiment {
    pub(crate) fn read(f: &mut Fields<'_>) -> Experiment {
        let hypothesis = f.string(&HYPOTHESIS).map(|a| a.value);
        let exit_criteria = f.string(&EXIT_CRITERIA).map(|a| a.value);
        let status =
            f.choice::<ExperimentStatus>(&STATUS).map_or(ExperimentStatus::Planned, |a| a.value);
        let start = f.date(&START);
        let end = f.date(&END);
        if let (Some(s), Some(e)) = (&start, &end)
            && e.value < s.value
        {
            f.diagnostics.push(
                crate::diagnostics::Diagnostic::new(
                    crate::diagnostics::Code::QuarterRange,
                    e.span,
                    format!("`end` ({}) is before `start` ({})", e.value, s.value),
                )
                .with_help("swap them, or fix the date that is wrong"),
            );
        }
        Experiment {
            hypothesis: hypothesis.unwrap_or_default(),
            exit_criteria: exit_criteria.unwrap_or_default(),
            status,
            metric: f.single_ref(&METRIC),
            quarter: f.quarter(&QUARTER).map(|a| a.value),
            start: start.map(|a| a.value),
            end: end.map(|a| a.value),
            result: f.string(&RESULT).map(|a| a.value),
            pillars: f.refs(&PILLARS),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &PILLARS, &self.pillars).chain(refs(
            Relation::Metric,
            &METRIC,
            self.metric.as_slice(),
        ))
    }
}
