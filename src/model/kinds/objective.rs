//! Objectives (OKRs): a quarter's qualitative goal with one to five measurable key
//! results.

use crate::calendar::Quarter;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::fields::{Field, Fields, Ref, Type};
use crate::model::score;

use super::{Kind, Reference, Relation, common, refs};

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

const QUARTER: Field = Field { help: "the quarter it is for", ..common::QUARTER.required() };
const KR_TITLE: Field =
    Field::new("title", Type::Text, "the result, measurable", "\"Reach …\"").required();
const KR_TARGET: Field =
    Field::new("target", Type::NUMBER, "the value that scores 1.0", "100").required();
const KR_ID: Field = Field::new(
    "id",
    Type::Text,
    "a short name unique within the objective, for links to `[[objective#id]]`",
    "kr1",
);
const KR_BASELINE: Field =
    Field::new("baseline", Type::NUMBER, "the value that scores 0; 0 when not written", "0");
const KR_CURRENT: Field = Field::new("current", Type::NUMBER, "the value today", "40");
const KR_UNIT: Field = Field::new("unit", Type::Text, "what the values count", "\"%\"");
const KR_METRIC: Field = Field { help: "the metric it is read from", ..common::METRIC };
const KR_CONFIDENCE: Field = Field::new(
    "confidence",
    Type::Number { min: 0.0, max: 1.0 },
    "how likely it is to be met, from 0 to 1",
    "0.7",
);
const KR_SCORE: Field = Field::new(
    "score",
    Type::Number { min: 0.0, max: 1.0 },
    "a score set by hand, from 0 to 1, in place of the computed one",
    "0.5",
);
/// At most five key results: an objective with more has no focus.
const KEY_RESULTS: Field = Field::new(
    "key_results",
    Type::List {
        item: "key result",
        fields: &[
            KR_TITLE,
            KR_TARGET,
            KR_ID,
            KR_BASELINE,
            KR_CURRENT,
            KR_UNIT,
            KR_METRIC,
            KR_CONFIDENCE,
            KR_SCORE,
        ],
        min: 1,
        max: 5,
    },
    "the measurable results that score it",
    "[{title: \"Reach …\", target: 100}]",
)
.required();
pub(crate) const INITIATIVES: Field = Field::new(
    "initiatives",
    Type::Ids(&[Kind::Initiative]),
    "the initiatives that deliver it",
    "[initiative-id]",
);

/// The fields of an objective.
pub(crate) const FIELDS: &[Field] = &[QUARTER, KEY_RESULTS, common::PILLARS, INITIATIVES];

impl Objective {
    pub(crate) fn read(f: &mut Fields<'_>) -> Objective {
        let quarter = f.quarter(&QUARTER);
        let key_results = f.list_of(&KEY_RESULTS, read_key_result);
        if let Some((list, written)) = &key_results
            && let Type::List { min, max, .. } = KEY_RESULTS.ty
            && !(min..=max).contains(written)
        {
            f.diagnostics.push(
                Diagnostic::new(
                    Code::KeyResultsCount,
                    list.span,
                    format!("an objective needs {min} to {max} key results, found {written}"),
                )
                .with_help(if *written < min {
                    "add a measurable key result: `- {title: …, target: …}`"
                } else {
                    "keep the few that matter most; split the objective if it needs more"
                }),
            );
        }
        Objective {
            quarter: quarter.map(|q| q.value),
            key_results: key_results.map(|(k, _)| k.value).unwrap_or_default(),
            pillars: f.refs(&common::PILLARS),
            initiatives: f.refs(&INITIATIVES),
        }
    }

    /// The mean of the key results' scores; `None` without key results.
    pub fn score(&self) -> Option<f64> {
        score::mean(self.key_results.iter().map(KeyResult::score))
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &common::PILLARS, &self.pillars)
            .chain(refs(Relation::Initiatives, &INITIATIVES, &self.initiatives))
            .chain(
                self.key_results.iter().filter_map(|k| k.metric.as_ref()).flat_map(|m| {
                    refs(Relation::KeyResultMetric, &KR_METRIC, std::slice::from_ref(m))
                }),
            )
    }
}

fn read_key_result(f: &mut Fields<'_>) -> Option<KeyResult> {
    let title = f.string(&KR_TITLE);
    let target = f.number(&KR_TARGET);
    let id = f.string(&KR_ID).map(|a| a.value);
    let baseline = f.number(&KR_BASELINE).map_or(0.0, |a| a.value);
    let current = f.number(&KR_CURRENT).map(|a| a.value);
    let unit = f.string(&KR_UNIT).map(|a| a.value);
    let metric = f.single_ref(&KR_METRIC);
    let confidence = f.number(&KR_CONFIDENCE).map(|a| a.value);
    let score_override = f.number(&KR_SCORE).map(|a| a.value);
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
