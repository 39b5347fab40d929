//! The document kinds of DESIGN §3 as typed values, one file each. Every kind reads
//! itself from `Fields` (reporting what is missing or malformed) and lists the
//! references it makes, with the kinds each may point at.

pub(crate) mod common;
mod debt;
mod decision;
mod experiment;
mod initiative;
mod metric;
mod objective;
mod pillar;
mod postmortem;
mod principle;
mod stakeholder;
mod update;
mod vision;

pub use debt::{Debt, DebtStatus, Impact, Risk};
pub(crate) use decision::BODY_FIELDS as DECISION_BODY_FIELDS;
pub use decision::{Decision, DecisionStatus};
pub use experiment::{Experiment, ExperimentStatus};
pub use initiative::{Initiative, InitiativeStatus};
pub use metric::{Direction, HistoryPoint, Metric, MetricType, When};
pub use objective::{KeyResult, Objective};
pub use pillar::Pillar;
pub use postmortem::{ActionItem, ActionStatus, ActionType, Postmortem, Severity};
pub use principle::Principle;
pub use stakeholder::{Level, Stakeholder};
pub use update::Update;
pub use vision::Vision;

pub use common::COMMON;

use super::fields::{Field, Fields, Ref, choice};
use super::relation::Relation;

choice! {
    /// What a document is. Decided by `kind:` or by the first folder under `content/`.
    Kind {
        Vision = "vision",
        Principle = "principle",
        Metric = "metric",
        Pillar = "pillar",
        Initiative = "initiative",
        Objective = "objective",
        Debt = "debt",
        Experiment = "experiment",
        Postmortem = "postmortem",
        Decision = "decision",
        Update = "update",
        Stakeholder = "stakeholder",
        Page = "page",
    }
}

impl Kind {
    /// The kind a file gets from where it is: `vision.md`, `vision/`, `principles/`, ….
    pub fn from_path(rel_path: &str) -> Kind {
        let (first, rest) = rel_path.split_once('/').unwrap_or((rel_path, ""));
        if rest.is_empty() {
            return if first == "vision.md" { Kind::Vision } else { Kind::Page };
        }
        match first {
            "vision" => Kind::Vision,
            "principles" => Kind::Principle,
            "metrics" => Kind::Metric,
            "pillars" => Kind::Pillar,
            "initiatives" => Kind::Initiative,
            "okrs" => Kind::Objective,
            "debt" => Kind::Debt,
            "experiments" => Kind::Experiment,
            "postmortems" => Kind::Postmortem,
            "decisions" => Kind::Decision,
            "updates" => Kind::Update,
            "stakeholders" => Kind::Stakeholder,
            _ => Kind::Page,
        }
    }

    /// Other names `kind:` accepts.
    pub const ALIASES: &'static [(&'static str, Kind)] = &[
        ("okr", Kind::Objective),
        ("okrs", Kind::Objective),
        ("post-mortem", Kind::Postmortem),
        ("adr", Kind::Decision),
    ];

    /// Accepts `okr`, `post-mortem` and `adr` besides the canonical names.
    pub fn parse(text: &str) -> Option<Kind> {
        let text = text.trim().to_ascii_lowercase();
        let mut names = <Kind as super::fields::Choice>::ALL.iter().chain(Kind::ALIASES);
        names.find(|(n, _)| *n == text).map(|(_, k)| *k)
    }

    /// The folder of the site this kind is published under, also its index page
    /// (`initiatives` → `/initiatives/`); empty for plain pages.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Vision => "vision",
            Kind::Principle => "principles",
            Kind::Metric => "metrics",
            Kind::Pillar => "pillars",
            Kind::Initiative => "initiatives",
            Kind::Objective => "okrs",
            Kind::Debt => "debt",
            Kind::Experiment => "experiments",
            Kind::Postmortem => "postmortems",
            Kind::Decision => "decisions",
            Kind::Update => "updates",
            Kind::Stakeholder => "stakeholders",
            Kind::Page => "",
        }
    }

    /// The fields of this kind beyond the [`COMMON`] ones, and its own versions of
    /// common ones that it asks more of (an initiative's required `owner`).
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Vision => vision::FIELDS,
            Kind::Principle => principle::FIELDS,
            Kind::Metric => metric::FIELDS,
            Kind::Pillar => pillar::FIELDS,
            Kind::Initiative => initiative::FIELDS,
            Kind::Objective => objective::FIELDS,
            Kind::Debt => debt::FIELDS,
            Kind::Experiment => experiment::FIELDS,
            Kind::Postmortem => postmortem::FIELDS,
            Kind::Decision => decision::FIELDS,
            Kind::Update => update::FIELDS,
            Kind::Stakeholder => stakeholder::FIELDS,
            Kind::Page => &[],
        }
    }

    /// Every field a document of this kind may write: the common ones (this kind's
    /// version where it has one), then its own.
    pub fn all_fields(self) -> impl Iterator<Item = &'static Field> {
        let own = self.fields();
        let common = COMMON.iter().map(move |c| self.common(c));
        common.chain(own.iter().filter(|f| !COMMON.iter().any(|c| c.name == f.name)))
    }

    /// This kind's version of the common field `field`.
    pub fn common(self, field: &'static Field) -> &'static Field {
        super::fields::find(self.fields(), field.name).unwrap_or(field)
    }

    /// The name with an article, for messages: "an initiative".
    pub fn with_article(self) -> &'static str {
        match self {
            Kind::Vision => "a vision",
            Kind::Principle => "a principle",
            Kind::Metric => "a metric",
            Kind::Pillar => "a pillar",
            Kind::Initiative => "an initiative",
            Kind::Objective => "an objective",
            Kind::Debt => "a debt item",
            Kind::Experiment => "an experiment",
            Kind::Postmortem => "a post-mortem",
            Kind::Decision => "a decision",
            Kind::Update => "an update",
            Kind::Stakeholder => "a stakeholder",
            Kind::Page => "a page",
        }
    }
}

/// The fields only one kind has.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum KindData {
    Vision(Vision),
    Principle(Principle),
    Metric(Metric),
    Pillar(Pillar),
    Initiative(Initiative),
    Objective(Objective),
    Debt(Debt),
    Experiment(Experiment),
    Postmortem(Postmortem),
    Decision(Decision),
    Update(Update),
    Stakeholder(Stakeholder),
    Page,
}

/// A reference from a front-matter field, and the kinds it may point at (empty: any).
pub struct Reference<'a> {
    /// The field it is written in; [`Relation::field_name`] spells it for messages.
    pub relation: Relation,
    pub expects: &'static [Kind],
    pub target: &'a Ref,
}

impl Relation {
    /// The field as the user writes it, for messages: `depends_on`,
    /// `key_results.metric`; `body` for a Markdown link. Named by the fields'
    /// declarations.
    pub fn field_name(self) -> &'static str {
        match self {
            Relation::Pillars => common::PILLARS.name,
            Relation::Metrics => pillar::METRICS.name,
            Relation::Metric => common::METRIC.name,
            Relation::Initiatives => objective::INITIATIVES.name,
            Relation::Objectives => initiative::OBJECTIVES.name,
            Relation::DependsOn => initiative::DEPENDS_ON.name,
            Relation::Supersedes => decision::SUPERSEDES.name,
            Relation::SupersededBy => decision::SUPERSEDED_BY.name,
            Relation::Related => common::RELATED.name,
            Relation::KeyResultMetric => "key_results.metric",
            Relation::ActionItemRef => "action_items.ref",
            Relation::Body => "body",
        }
    }
}

/// The references written in `field`, each expected to point at a kind its
/// declaration names.
pub(crate) fn refs<'a>(
    relation: Relation,
    field: &'static Field,
    targets: &'a [Ref],
) -> impl Iterator<Item = Reference<'a>> {
    let expects = match field.ty {
        super::fields::Type::Id(kinds) | super::fields::Type::Ids(kinds) => kinds,
        _ => &[],
    };
    targets.iter().map(move |target| Reference { relation, expects, target })
}

impl KindData {
    /// Reads the fields of `kind`. What is missing or malformed is reported and given a
    /// neutral default, so the document still takes part in the graph.
    pub fn read(kind: Kind, f: &mut Fields<'_>) -> KindData {
        match kind {
            Kind::Vision => KindData::Vision(Vision::read(f)),
            Kind::Principle => KindData::Principle(Principle::read(f)),
            Kind::Metric => KindData::Metric(Metric::read(f)),
            Kind::Pillar => KindData::Pillar(Pillar::read(f)),
            Kind::Initiative => KindData::Initiative(Initiative::read(f)),
            Kind::Objective => KindData::Objective(Objective::read(f)),
            Kind::Debt => KindData::Debt(Debt::read(f)),
            Kind::Experiment => KindData::Experiment(Experiment::read(f)),
            Kind::Postmortem => KindData::Postmortem(Postmortem::read(f)),
            Kind::Decision => KindData::Decision(Decision::read(f)),
            Kind::Update => KindData::Update(Update::read(f)),
            Kind::Stakeholder => KindData::Stakeholder(Stakeholder::read(f)),
            Kind::Page => KindData::Page,
        }
    }

    /// An empty value of `kind`, for documents whose front matter could not be read.
    pub fn placeholder(kind: Kind) -> KindData {
        let mut diagnostics = crate::diagnostics::Diagnostics::default();
        let span = crate::diagnostics::Span::file_start(crate::diagnostics::FileId(0));
        let mut f = Fields::new(&[], span, "", &mut diagnostics);
        KindData::read(kind, &mut f)
    }

    /// The status as written in front matter, for the kinds that have one: an
    /// initiative's, a debt item's, an experiment's or a decision's.
    pub fn status(&self) -> Option<&'static str> {
        match self {
            KindData::Initiative(i) => Some(i.status.as_str()),
            KindData::Debt(d) => Some(d.status.as_str()),
            KindData::Experiment(e) => Some(e.status.as_str()),
            KindData::Decision(d) => d.status.map(|s| s.as_str()),
            _ => None,
        }
    }

    /// Every front-matter reference this document makes.
    pub fn references(&self) -> Vec<Reference<'_>> {
        match self {
            KindData::Vision(_) | KindData::Principle(_) | KindData::Metric(_) | KindData::Page => {
                Vec::new()
            }
            KindData::Pillar(x) => x.references().collect(),
            KindData::Initiative(x) => x.references().collect(),
            KindData::Objective(x) => x.references().collect(),
            KindData::Debt(x) => x.references().collect(),
            KindData::Experiment(x) => x.references().collect(),
            KindData::Postmortem(x) => x.references().collect(),
            KindData::Decision(x) => x.references().collect(),
            KindData::Update(x) => x.references().collect(),
            KindData::Stakeholder(x) => x.references().collect(),
        }
    }

    /// The pillars this document names directly.
    pub fn pillars(&self) -> &[Ref] {
        match self {
            KindData::Initiative(x) => &x.pillars,
            KindData::Objective(x) => &x.pillars,
            KindData::Debt(x) => &x.pillars,
            KindData::Experiment(x) => &x.pillars,
            KindData::Postmortem(x) => &x.pillars,
            KindData::Stakeholder(x) => &x.pillars,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fields::Type;

    #[test]
    fn kind_comes_from_the_first_folder() {
        assert_eq!(Kind::from_path("vision.md"), Kind::Vision);
        assert_eq!(Kind::from_path("vision/2030.md"), Kind::Vision);
        assert_eq!(Kind::from_path("okrs/q4/grow.md"), Kind::Objective);
        assert_eq!(Kind::from_path("debt/old-auth.md"), Kind::Debt);
        assert_eq!(Kind::from_path("about.md"), Kind::Page);
        assert_eq!(Kind::from_path("guides/how.md"), Kind::Page);
    }

    #[test]
    fn kind_field_accepts_every_name_and_alias() {
        let Type::OneOf(names) = common::KIND.ty else { unreachable!() };
        for (name, kind) in <Kind as super::super::fields::Choice>::ALL.iter().chain(Kind::ALIASES)
        {
            assert!(names.contains(name), "{name}");
            assert_eq!(Kind::parse(name), Some(*kind));
        }
        assert_eq!(names.len(), Kind::NAMES.len() + Kind::ALIASES.len());
    }

    #[test]
    fn kind_parse_accepts_aliases() {
        assert_eq!(Kind::parse("okr"), Some(Kind::Objective));
        assert_eq!(Kind::parse("Initiative"), Some(Kind::Initiative));
        assert_eq!(Kind::parse("roadmap"), None);
    }
}
