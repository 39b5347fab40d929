//! Objectives (OKRs): a quarter's qualitative goal with one to five measurable key
//! results.

use crate::calendar::Quarter;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::fields::{Fields, Ref};
use crate::model::score;

use super::{Kind, Reference, Relation, refs};

/// A measurable result inside an objective.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KeyResult {
    /// An id unique within the objective (`kr1`), for `[[objective#kr1]]`-style anchors.
    pub id: Option<String>,
    pub title: String,
    pub target: f64,
    pub baseline: f64,
    pub current: Option<f64>,
    pub unit: Option<String>,
    pub metric: Option<Ref>,
    pub confidence: Option<f64>,
    /// A score set by hand; overrides the computed progress.
    pub score_override: Option<f64>,
}

impl KeyResult {
    /// The score: the override, or the progress from baseline to target.
    pub fn score(&self) -> f64 {
        score::key_result_score(self.baseline, self.current, self.target, self.score_override)
    }

    /// Whether the key result is met by going down (its target is below its baseline).
    pub fn lower_is_better(&self) -> bool {
        score::lower_is_better(self.baseline, self.target)
    }
}

/// `content/okrs/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Objective {
    pub quarter: Option<Quarter>,
    pub key_results: Vec<KeyResult>,
    pub pillars: Vec<Ref>,
    pub initiatives: Vec<Ref>,
}

impl Objective {
    pub(crate) fn read(f: &mut Fields<'_>) -> Objective {
        let quarter = f.quarter("quarter");
        if quarter.is_none() && f.node("quarter", &[]).is_none() {
            f.missing("quarter", "2026-Q4");
        }
        let key_results = f.list_of("key_results", "a key result", read_key_result);
        // Count what was written, not what parsed: a key result with a mistake of its
        // own is reported once, not again as a missing one.
        let written = match f.node("key_results", &[]) {
            Some((_, node)) => match &node.value {
                crate::content::Value::Seq(items) => items.len(),
                _ => 1,
            },
            None => 0,
        };
        match &key_results {
            None if f.node("key_results", &[]).is_none() => {
                f.missing("key_results", "[{title: …, target: …}]")
            }
            Some(list) if written == 0 || written > 5 => {
                f.diagnostics.push(
                    Diagnostic::new(
                        Code::KeyResultsCount,
                        list.span,
                        format!("an objective needs 1 to 5 key results, found {written}"),
                    )
                    .with_help(if written == 0 {
                        "add a measurable key result: `- {title: …, target: …}`"
                    } else {
                        "keep the few that matter most; split the objective if it needs more"
                    }),
                );
            }
            _ => {}
        }
        Objective {
            quarter: quarter.map(|q| q.value),
            key_results: key_results.map(|k| k.value).unwrap_or_default(),
            pillars: f.refs("pillars"),
            initiatives: f.refs("initiatives"),
        }
    }

    /// The mean of the key results' scores; `None` without key results.
    pub fn score(&self) -> Option<f64> {
        score::mean(self.key_results.iter().map(KeyResult::score))
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars)
            .chain(refs(Relation::Initiatives, &[Kind::Initiative], &self.initiatives))
            .chain(self.key_results.iter().filter_map(|k| k.metric.as_ref()).flat_map(|m| {
                refs(Relation::KeyResultMetric, &[Kind::Metric], std::slice::from_ref(m))
            }))
    }
}

fn read_key_result(f: &mut Fields<'_>) -> Option<KeyResult> {
    let title = f.required_string("title", "\"Reach …\"");
    let target = f.number("target");
    if target.is_none() && f.node("target", &[]).is_none() {
        f.missing("target", "100");
    }
    let id = f.string("id").map(|a| a.value);
    let baseline = f.number("baseline").map_or(0.0, |a| a.value);
    let current = f.number("current").map(|a| a.value);
    let unit = f.string("unit").map(|a| a.value);
    let metric = f.single_ref("metric");
    let confidence = f.number_in("confidence", 0.0..=1.0);
    let score_override = f.number_in("score", 0.0..=1.0);
    Some(KeyResult {
        id,
        title: title?.value,
        target: target?.value,
        baseline,
        current,
        unit,
        metric,
        confidence,
        score_override,
    })
}
