//! The index page of each kind (grouped the way its readers look for things) and the
//! home page.

use serde::Serialize;

use super::charts::metric_chart;
use super::context::Ctx;
use super::routes::Route;
use super::views::{
    Card, Group, Progress, format_number, horizon_label, horizon_note, kind_plural, with_unit,
    words,
};
use crate::model::kinds::{ExperimentStatus, Kind, KindData, Level};
use crate::model::{DocId, Document, Horizon};

/// An index page.
#[derive(Serialize)]
pub(super) struct IndexView {
    title: &'static str,
    kind: &'static str,
    intro: &'static str,
    groups: Vec<Group>,
}

/// A group of an index by the ids of its documents: cut to a page before any card is
/// made, so a page of a long list costs its own entries, not the whole list's.
#[derive(Clone)]
pub(super) struct IdGroup {
    pub(super) title: String,
    pub(super) note: Option<String>,
    pub(super) ids: Vec<DocId>,
    /// How many documents the group has, on this page and others.
    pub(super) count: usize,
    pub(super) continued: bool,
}

impl IdGroup {
    pub(super) fn new(title: String, note: Option<String>, ids: Vec<DocId>) -> IdGroup {
        IdGroup { title, note, count: ids.len(), ids, continued: false }
    }
}

super::pager::grouped!(IdGroup, ids, DocId);

/// How many entries the index of `kind` has, for the route table.
pub(super) fn index_entries(ctx: &Ctx<'_>, kind: Kind) -> usize {
    super::pager::count(&shared_groups(ctx, kind))
}

/// [`id_groups`], made once for every page of the index.
fn shared_groups(ctx: &Ctx<'_>, kind: Kind) -> std::sync::Arc<Vec<IdGroup>> {
    ctx.shared(&Route::Index(kind), |ctx| id_groups(ctx, kind))
}

/// Page `page` of the index of `kind`, or all of it without `page`.
pub(super) fn index_page(ctx: &Ctx<'_>, kind: Kind, page: Option<usize>) -> IndexView {
    let mut groups: Vec<IdGroup> =
        shared_groups(ctx, kind).iter().filter(|g| !g.ids.is_empty()).cloned().collect();
    if let Some(page) = page {
        super::pager::keep_page(&mut groups, page);
    }
    IndexView {
        title: kind_plural(kind),
        kind: kind.as_str(),
        intro: intro(kind),
        groups: groups
            .into_iter()
            .map(|g| {
                let cards = g.ids.iter().map(|&id| card(ctx, id)).collect();
                Group::page_of(g.title, g.note, cards, g.count, g.continued)
            })
            .collect(),
    }
}

fn id_groups(ctx: &Ctx<'_>, kind: Kind) -> Vec<IdGroup> {
    match kind {
        Kind::Initiative => initiatives(ctx),
        Kind::Experiment => by(
            ctx,
            kind,
            &[
                ExperimentStatus::Running,
                ExperimentStatus::Planned,
                ExperimentStatus::Concluded,
                ExperimentStatus::Abandoned,
            ],
            |d| match &d.data {
                KindData::Experiment(x) => Some(x.status),
                _ => None,
            },
            |s| capitalise(s.as_str()),
        ),
        Kind::Decision => {
            use crate::model::kinds::DecisionStatus as S;
            by(
                ctx,
                kind,
                &[
                    Some(S::Proposed),
                    Some(S::Accepted),
                    Some(S::Superseded),
                    Some(S::Deprecated),
                    Some(S::Rejected),
                    None,
                ],
                |d| match &d.data {
                    KindData::Decision(x) => Some(x.status),
                    _ => None,
                },
                |s| s.map_or_else(|| "Status not recorded".into(), |s| capitalise(s.as_str())),
            )
        }
        Kind::Stakeholder => by(
            ctx,
            kind,
            &[Level::High, Level::Medium, Level::Low],
            |d| match &d.data {
                KindData::Stakeholder(x) => Some(x.influence.unwrap_or(Level::Medium)),
                _ => None,
            },
            |l| format!("{} influence", capitalise(l.as_str())),
        ),
        Kind::Page => pages(ctx),
        Kind::Postmortem | Kind::Update => {
            vec![IdGroup::new("Newest first".into(), None, newest_first_ids(ctx, kind))]
        }
        _ => {
            let ids = sorted_ids(ctx, ctx.of_kind(kind).map(|(id, _)| id));
            vec![IdGroup::new(kind_plural(kind).into(), None, ids)]
        }
    }
}

pub(super) fn intro(kind: Kind) -> &'static str {
    match kind {
        Kind::Principle => "The few rules that settle trade-offs before they are argued.",
        Kind::Metric => {
            "The North Star first, then the leading indicators that move it and the KPIs that keep the business healthy."
        }
        Kind::Pillar => "The bets that drive the North Star.",
        Kind::Initiative => {
            "All work, by where it stands: now, next, later, done, and what we chose not to do."
        }
        Kind::Objective => {
            "Objectives and key results by quarter. On track is a score of 0.7 or more, at risk 0.4 to 0.7, off track below 0.4."
        }
        Kind::Experiment => "Small bets with a hypothesis and a way to stop.",
        Kind::Postmortem => "What went wrong, what we learned and what is still open.",
        Kind::Decision => "Decisions and their status; superseded ones stay for the record.",
        Kind::Update => "The written record of progress and setbacks.",
        Kind::Stakeholder => "Who the strategy serves and must convince, and what they care about.",
        Kind::Page => "Every page that is not a strategy document, by folder.",
        _ => "",
    }
}

fn capitalise(text: &str) -> String {
    super::views::capitalise(&words(text))
}

/// A card for any document, with its kind's facts.
pub(super) fn card(ctx: &Ctx<'_>, id: DocId) -> Card {
    let document = ctx.doc(id);
    let mut card = Card {
        link: ctx.link(id),
        summary: document.summary.clone(),
        meta: Vec::new(),
        progress: None,
        chart: None,
    };
    if !document.owners.is_empty() {
        card.meta.push(document.owners.join(", "));
    }
    match &document.data {
        KindData::Initiative(i) => {
            if let Some(q) = i.quarters {
                card.meta.push(if q.start == q.end {
                    q.start.to_string()
                } else {
                    format!("{} – {}", q.start, q.end)
                });
            }
            if let Some(reason) = &i.reason {
                card.summary = Some(format!("Why: {reason}"));
            }
        }
        KindData::Objective(o) => {
            card.meta.extend(o.quarter.map(|q| q.to_string()));
            card.meta.push(format!("{} key results", o.key_results.len()));
            card.progress = o.score().map(Progress::of_score);
            // The bar says the score and band; a badge beside the title would repeat it.
            if card.progress.is_some() {
                card.link.badge = None;
            }
        }
        KindData::Metric(m) => {
            let unit = m.unit.as_deref();
            let mut numbers = Vec::new();
            numbers.extend(m.baseline.map(|v| format!("baseline {}", with_unit(v, unit))));
            numbers.extend(m.current().map(|v| format!("now {}", with_unit(v, unit))));
            numbers.extend(m.target.map(|v| format!("target {}", with_unit(v, unit))));
            card.meta.push(numbers.join(" → "));
            card.meta.push(super::metrics::direction_label(m.direction).into());
            card.chart = metric_chart(m, &document.title);
        }
        KindData::Debt(d) => {
            card.meta.push(format!("{} impact", d.impact.as_str()));
            card.meta.extend(d.effort.map(|e| format!("{} days", format_number(e))));
            card.meta.extend(d.quarter.map(|q| q.to_string()));
            card.meta.push(words(d.status.as_str()));
        }
        KindData::Experiment(e) => {
            card.summary = Some(e.hypothesis.clone());
            card.meta.extend(e.quarter.map(|q| q.to_string()));
        }
        KindData::Postmortem(p) => {
            card.meta.extend(p.date.map(|d| d.to_string()));
            card.meta.extend(p.duration.clone());
            let open = p.action_items.iter().filter(|a| a.is_open()).count();
            card.meta.push(format!("{open} open action item{}", if open == 1 { "" } else { "s" }));
        }
        KindData::Decision(d) => card.meta.extend(d.date.map(|d| d.to_string())),
        KindData::Update(u) => {
            card.meta.extend(u.date.map(|d| d.to_string()));
            card.meta.extend(u.period.clone());
        }
        KindData::Stakeholder(s) => {
            card.meta.push(s.group.clone());
            card.meta.extend(s.interest.map(|i| format!("{} interest", i.as_str())));
        }
        KindData::Principle(p) => {
            card.summary = Some(p.tradeoff.clone().unwrap_or_else(|| p.statement.clone()))
        }
        KindData::Vision(v) => card.summary = Some(v.statement.clone()),
        KindData::Pillar(_) | KindData::Page => {}
    }
    card
}

/// Sorts documents by `weight`, then title: the order of hand-curated lists.
pub(super) fn sort_by_weight(ctx: &Ctx<'_>, ids: &mut [DocId]) {
    ids.sort_by(|a, b| {
        let (a, b) = (ctx.doc(*a), ctx.doc(*b));
        (a.weight.unwrap_or(0), &a.title).cmp(&(b.weight.unwrap_or(0), &b.title))
    });
}

fn sorted_ids(ctx: &Ctx<'_>, ids: impl Iterator<Item = DocId>) -> Vec<DocId> {
    let mut ids: Vec<DocId> = ids.collect();
    sort_by_weight(ctx, &mut ids);
    ids
}

/// Plain pages by their folder under `content/`: the top level first, then each folder
/// by name (`guides/…` under "Guides").
fn pages(ctx: &Ctx<'_>) -> Vec<IdGroup> {
    let mut folders: std::collections::BTreeMap<&str, Vec<DocId>> = Default::default();
    for (id, document) in ctx.of_kind(Kind::Page) {
        let folder = document.path.split_once('/').map_or("", |(folder, _)| folder);
        folders.entry(folder).or_default().push(id);
    }
    folders
        .into_iter()
        .map(|(folder, ids)| {
            IdGroup::new(
                if folder.is_empty() { "Top level".into() } else { capitalise(folder) },
                None,
                sorted_ids(ctx, ids.into_iter()),
            )
        })
        .collect()
}

pub(super) fn by_weight(ctx: &Ctx<'_>, kind: Kind) -> Vec<Card> {
    let ids = sorted_ids(ctx, ctx.of_kind(kind).map(|(id, _)| id));
    ids.into_iter().map(|id| card(ctx, id)).collect()
}

fn by<K: PartialEq + Copy>(
    ctx: &Ctx<'_>,
    kind: Kind,
    order: &[K],
    key: impl Fn(&Document) -> Option<K>,
    title: impl Fn(K) -> String,
) -> Vec<IdGroup> {
    order
        .iter()
        .map(|&k| {
            IdGroup::new(
                title(k),
                None,
                sorted_ids(
                    ctx,
                    ctx.of_kind(kind).filter(|(_, d)| key(d) == Some(k)).map(|(id, _)| id),
                ),
            )
        })
        .collect()
}

/// The date a document is filed under in the lists that run newest first: a post-mortem's,
/// an update's or a decision's `date`, any other document's `updated`.
pub(super) fn date_of(document: &Document) -> Option<crate::model::Date> {
    match &document.data {
        KindData::Postmortem(p) => p.date,
        KindData::Update(u) => u.date,
        KindData::Decision(d) => d.date,
        _ => document.updated,
    }
}

pub(super) fn newest_first(ctx: &Ctx<'_>, kind: Kind) -> Vec<Card> {
    newest_first_ids(ctx, kind).into_iter().map(|id| card(ctx, id)).collect()
}

/// The published documents of `kind`, newest first by their date.
pub(super) fn newest_first_ids(ctx: &Ctx<'_>, kind: Kind) -> Vec<DocId> {
    let mut ids: Vec<DocId> = ctx.of_kind(kind).map(|(id, _)| id).collect();
    ids.sort_by(|a, b| date_of(ctx.doc(*b)).cmp(&date_of(ctx.doc(*a))).then(a.cmp(b)));
    ids
}

fn initiatives(ctx: &Ctx<'_>) -> Vec<IdGroup> {
    [
        Horizon::Now,
        Horizon::Next,
        Horizon::Later,
        Horizon::Done,
        Horizon::Exploratory,
        Horizon::Deprioritized,
        Horizon::Cancelled,
    ]
    .into_iter()
    .map(|horizon| {
        let ids = ctx.of_kind(Kind::Initiative).filter(|(id, _)| ctx.horizon(*id) == Some(horizon));
        IdGroup::new(
            horizon_label(horizon).into(),
            horizon_note(horizon).map(str::to_string),
            sorted_initiatives(ctx, ids.map(|(id, _)| id).collect(), horizon),
        )
    })
    .collect()
}

/// Cards of initiatives in a roadmap column: by start quarter, or for done work by end
/// quarter, newest first; then by title.
pub(super) fn initiative_cards(ctx: &Ctx<'_>, ids: Vec<DocId>, horizon: Horizon) -> Vec<Card> {
    sorted_initiatives(ctx, ids, horizon).into_iter().map(|id| card(ctx, id)).collect()
}

/// Initiatives in a roadmap column's order.
fn sorted_initiatives(ctx: &Ctx<'_>, mut ids: Vec<DocId>, horizon: Horizon) -> Vec<DocId> {
    let quarters = |id: &DocId| match &ctx.doc(*id).data {
        KindData::Initiative(i) => i.quarters,
        _ => None,
    };
    let title = |id: &DocId| &ctx.doc(*id).title;
    if horizon == Horizon::Done {
        ids.sort_by(|a, b| {
            quarters(b).map(|q| q.end).cmp(&quarters(a).map(|q| q.end)).then(title(a).cmp(title(b)))
        });
    } else {
        ids.sort_by(|a, b| {
            quarters(a)
                .map(|q| q.start)
                .cmp(&quarters(b).map(|q| q.start))
                .then(title(a).cmp(title(b)))
        });
    }
    ids
}
