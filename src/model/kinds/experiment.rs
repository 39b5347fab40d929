//! Experiments: small bets with a hypothesis and exit criteria.

use crate::calendar::{Date, Quarter};
use crate::model::fields::{Fields, Ref, choice};

use super::{Kind, Reference, Relation, refs};

choice! {
    /// Where an experiment stands.
    ExperimentStatus { Planned = "planned", Running = "running", Concluded = "concluded", Abandoned = "abandoned" }
}

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
        let hypothesis = f.required_string("hypothesis", "\"If we …, then …\"").map(|a| a.value);
        let exit_criteria =
            f.required_string("exit_criteria", "\"Stop after 4 weeks or …\"").map(|a| a.value);
        let status = f
            .required_choice::<ExperimentStatus>("status")
            .map_or(ExperimentStatus::Planned, |a| a.value);
        let start = f.date("start");
        let end = f.date("end");
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
            metric: f.single_ref("metric"),
            quarter: f.quarter("quarter").map(|a| a.value),
            start: start.map(|a| a.value),
            end: end.map(|a| a.value),
            result: f.string("result").map(|a| a.value),
            pillars: f.refs("pillars"),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars).chain(refs(
            Relation::Metric,
            &[Kind::Metric],
            self.metric.as_slice(),
        ))
    }
}
