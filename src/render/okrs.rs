//! The OKR pages: `/okrs/` (the current quarter in full, then the other quarters with
//! their roll-ups) and `/okrs/<quarter>/` (a quarter's objectives by pillar, each key
//! result with its numbers, score and confidence, and the pillar and quarter roll-ups
//! at the top). The arithmetic is the model's (`model::score`); this only arranges it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::context::Ctx;
use super::indexes::{card, sort_by_weight};
use super::routes::{Route, okr_quarter};
use super::views::{Badge, Card, LinkView, Progress, band_tone, format_score, with_unit};
use crate::model::kinds::{KeyResult, Kind, KindData};
use crate::model::score::{Rollup, unclamped_progress};
use crate::model::{DocId, Quarter, Relation};

/// `/okrs/`.
#[derive(Serialize)]
pub(super) struct OkrIndexView {
    title: &'static str,
    intro: &'static str,
    current_label: String,
    current: Option<QuarterBody>,
    upcoming: Vec<QuarterLink>,
    past: Vec<QuarterLink>,
    /// Objectives without a quarter.
    unplaced: Vec<Card>,
}

/// `/okrs/<quarter>/`.
#[derive(Serialize)]
pub(super) struct OkrQuarterView {
    title: String,
    quarter: String,
    /// "This quarter", "A past quarter", "An upcoming quarter".
    when: &'static str,
    index_url: String,
    previous: Option<QuarterLink>,
    next: Option<QuarterLink>,
    body: QuarterBody,
}

/// What a quarter shows, on its page and on the index.
#[derive(Serialize)]
struct QuarterBody {
    quarter: String,
    url: String,
    rollup: RollupView,
    /// Every pillar's roll-up, for the table at the top.
    summary: Vec<PillarSummary>,
    /// The objectives by pillar: on a quarter's page, one page of them; on the index,
    /// the first few.
    pillars: Vec<PillarGroup>,
    /// The quarter's page, when the index shows only the first objectives.
    more_url: Option<String>,
    /// How many objectives the quarter has.
    objectives: usize,
}

/// A pillar's roll-up in the table at the top of a quarter.
#[derive(Serialize)]
struct PillarSummary {
    pillar: Option<LinkView>,
    title: String,
    rollup: RollupView,
}

/// The objectives of the quarter shown on the index before it links to the quarter's
/// page: the index must not grow with the site.
const INDEX_OBJECTIVES: usize = 12;

#[derive(Serialize)]
struct QuarterLink {
    label: String,
    url: String,
    rollup: RollupView,
    /// Set for a quarter that has not started: its scores mean nothing has moved yet.
    upcoming: bool,
}

/// A roll-up as people read it.
#[derive(Clone, Serialize)]
struct RollupView {
    /// "0.58", or none when no objective has a score.
    mean: Option<String>,
    badge: Option<Badge>,
    progress: Option<Progress>,
    /// "4 objectives: 2 on track, 1 at risk, 1 off track".
    counts: String,
}

#[derive(Serialize)]
struct PillarGroup {
    /// The pillar, or none for the objectives of no pillar.
    pillar: Option<LinkView>,
    title: String,
    rollup: RollupView,
    objectives: Vec<ObjectiveView>,
    /// Whether the group began on an earlier page.
    continued: bool,
}

#[derive(Serialize)]
struct ObjectiveView {
    link: LinkView,
    owners: Vec<String>,
    summary: Option<String>,
    score: Option<String>,
    badge: Option<Badge>,
    progress: Option<Progress>,
    key_results: Vec<KeyResultView>,
    /// The pillar under which an objective of several pillars lists its key results,
    /// on its later appearances.
    listed_under: Option<String>,
}

#[derive(Serialize)]
pub(super) struct KeyResultView {
    id: Option<String>,
    title: String,
    baseline: String,
    current: Option<String>,
    target: String,
    lower_is_better: bool,
    score: String,
    progress: Progress,
    confidence: Option<String>,
    /// Why the score is not simply the progress: set by hand, or held at 0 or 1.
    note: Option<String>,
    metric: Option<LinkView>,
}

impl RollupView {
    fn of(rollup: &Rollup) -> RollupView {
        let band = rollup.band();
        let mut counts = format!(
            "{} objective{}",
            rollup.objectives,
            if rollup.objectives == 1 { "" } else { "s" }
        );
        let parts: Vec<String> = [
            (rollup.on_track, "on track"),
            (rollup.at_risk, "at risk"),
            (rollup.off_track, "off track"),
            (rollup.unscored, "without a score"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, words)| format!("{n} {words}"))
        .collect();
        if !parts.is_empty() {
            counts = format!("{counts}: {}", parts.join(", "));
        }
        RollupView {
            mean: rollup.mean.map(format_score),
            badge: band.map(|b| Badge::new(b.as_str(), band_tone(b))),
            progress: rollup.mean.map(Progress::of_score),
            counts,
        }
    }
}

/// A key result with its numbers, score and why the score is what it is.
pub(super) fn key_result(ctx: &Ctx<'_>, k: &KeyResult) -> KeyResultView {
    let unit = k.unit.as_deref();
    let score = k.score();
    let note = if k.score_override.is_some() {
        Some("score set by hand".to_string())
    } else {
        match unclamped_progress(k.baseline, k.current, k.target) {
            Some(share) if share > 1.0 => Some("past the target; counted as 1.00".to_string()),
            Some(share) if share < 0.0 => {
                Some("moved away from the target; counted as 0.00".to_string())
            }
            _ => None,
        }
    };
    KeyResultView {
        id: k.id.clone(),
        title: k.title.clone(),
        baseline: with_unit(k.baseline, unit),
        current: k.current.map(|v| with_unit(v, unit)),
        target: with_unit(k.target, unit),
        lower_is_better: k.lower_is_better(),
        score: format_score(score),
        progress: Progress::of_score(score),
        confidence: k.confidence.map(|c| format!("{}%", (c * 100.0).round())),
        note,
        metric: ctx.links(k.metric.as_slice()).into_iter().next(),
    }
}

/// The published objectives with their quarters.
fn objectives(ctx: &Ctx<'_>) -> Vec<(DocId, Option<Quarter>)> {
    ctx.of_kind(Kind::Objective)
        .map(|(id, d)| match &d.data {
            KindData::Objective(o) => (id, o.quarter),
            _ => (id, None),
        })
        .collect()
}

fn score_of(ctx: &Ctx<'_>, id: DocId) -> Option<f64> {
    match &ctx.doc(id).data {
        KindData::Objective(o) => o.score(),
        _ => None,
    }
}

fn quarter_link(ctx: &Ctx<'_>, quarter: Quarter, ids: &[DocId]) -> QuarterLink {
    QuarterLink {
        label: quarter.to_string(),
        url: ctx.url(okr_quarter(quarter).as_str()),
        rollup: RollupView::of(&Rollup::of(ids.iter().map(|&id| score_of(ctx, id)))),
        upcoming: quarter > ctx.current_quarter(),
    }
}

/// The quarters that have objectives, oldest first, each with its objectives.
fn by_quarter(ctx: &Ctx<'_>) -> Arc<Vec<(Quarter, Vec<DocId>)>> {
    ctx.shared(&Route::Index(Kind::Objective), make_by_quarter)
}

fn make_by_quarter(ctx: &Ctx<'_>) -> Vec<(Quarter, Vec<DocId>)> {
    let mut quarters: Vec<(Quarter, Vec<DocId>)> = Vec::new();
    let mut all: Vec<(Quarter, DocId)> =
        objectives(ctx).into_iter().filter_map(|(id, q)| Some((q?, id))).collect();
    all.sort();
    for (quarter, id) in all {
        match quarters.last_mut() {
            Some((q, ids)) if *q == quarter => ids.push(id),
            _ => quarters.push((quarter, vec![id])),
        }
    }
    quarters
}

/// A pillar's objectives in a quarter, before they are shown: each with the pillar it
/// is listed under already, when it was (an objective of several pillars shows its key
/// results once, under the first).
#[derive(Clone)]
struct IdGroup {
    pillar: Option<DocId>,
    title: String,
    rollup: RollupView,
    objectives: Vec<(DocId, Option<String>)>,
    continued: bool,
}

super::pager::grouped!(IdGroup, objectives, (DocId, Option<String>));

/// The objectives `ids` of a quarter by pillar, heaviest pillar first.
fn groups(ctx: &Ctx<'_>, ids: &[DocId]) -> Vec<IdGroup> {
    let mut pillars: Vec<DocId> = Vec::new();
    let mut of_objective: Vec<(DocId, Vec<DocId>)> = Vec::new();
    for &id in ids {
        let mut on: Vec<DocId> = ctx
            .targets(id, Relation::Pillars)
            .into_iter()
            .filter(|&p| ctx.doc(p).kind == Kind::Pillar && ctx.is_published(p))
            .collect();
        on.sort_unstable();
        on.dedup();
        pillars.extend(&on);
        of_objective.push((id, on));
    }
    pillars.sort_unstable();
    pillars.dedup();
    sort_by_weight(ctx, &mut pillars);
    let group = |pillar: Option<DocId>| {
        let mut members: Vec<DocId> = of_objective
            .iter()
            .filter(|(_, on)| match pillar {
                Some(p) => on.contains(&p),
                None => on.is_empty(),
            })
            .map(|(id, _)| *id)
            .collect();
        sort_by_weight(ctx, &mut members);
        let rollup = Rollup::of(members.iter().map(|&id| score_of(ctx, id)));
        IdGroup {
            pillar,
            title: pillar
                .map_or_else(|| "Not tied to a pillar".to_string(), |p| ctx.doc(p).title.clone()),
            rollup: RollupView::of(&rollup),
            objectives: members.into_iter().map(|id| (id, None)).collect(),
            continued: false,
        }
    };
    let mut groups: Vec<IdGroup> = pillars.into_iter().map(|p| group(Some(p))).collect();
    let unplaced = group(None);
    if !unplaced.objectives.is_empty() {
        groups.push(unplaced);
    }
    let mut first_under: BTreeMap<DocId, String> = BTreeMap::new();
    for g in &mut groups {
        for (id, listed_under) in &mut g.objectives {
            match first_under.get(id) {
                Some(pillar) => *listed_under = Some(pillar.clone()),
                None => {
                    first_under.insert(*id, g.title.clone());
                }
            }
        }
    }
    groups
}

/// [`groups`] of a quarter's objectives, made once for every page that shows them.
fn quarter_groups(ctx: &Ctx<'_>, quarter: Quarter) -> Arc<Vec<IdGroup>> {
    ctx.shared(&Route::OkrQuarter(quarter), |ctx| {
        let quarters = by_quarter(ctx);
        let ids = quarters.iter().find(|(q, _)| *q == quarter).map_or(&[][..], |(_, ids)| ids);
        groups(ctx, ids)
    })
}

/// How many entries the pages of a quarter list: an objective of several pillars once
/// under each.
pub(super) fn quarter_entries(ctx: &Ctx<'_>, quarter: Quarter) -> usize {
    super::pager::count(&quarter_groups(ctx, quarter))
}

/// Which of a quarter's objectives a page shows.
#[derive(Clone, Copy)]
enum Shown {
    /// The first few, on the OKR index, with a link to the quarter's page.
    First,
    /// One page of the quarter's page; the roll-up table by pillar leads the first.
    Page(usize),
}

/// A quarter's objectives `ids`, of which those `shown` are made into views.
fn body(ctx: &Ctx<'_>, quarter: Quarter, ids: &[DocId], shown: Shown) -> QuarterBody {
    let mut groups = Vec::clone(&quarter_groups(ctx, quarter));
    let summary = match shown {
        Shown::Page(page) if page > 1 => Vec::new(),
        _ => groups
            .iter()
            .map(|g| PillarSummary {
                pillar: g.pillar.map(|p| ctx.link(p)),
                title: g.title.clone(),
                rollup: g.rollup.clone(),
            })
            .collect(),
    };
    let url = ctx.url(okr_quarter(quarter).as_str());
    let more = match shown {
        Shown::First => super::pager::keep_first(&mut groups, INDEX_OBJECTIVES),
        Shown::Page(page) => {
            super::pager::keep_page(&mut groups, page);
            false
        }
    };
    let more_url = more.then(|| url.clone());
    let pillars = groups
        .into_iter()
        .map(|g| PillarGroup {
            pillar: g.pillar.map(|p| ctx.link(p)),
            title: g.title,
            rollup: g.rollup,
            objectives: g
                .objectives
                .into_iter()
                .map(|(id, listed_under)| {
                    let mut view = objective(ctx, id);
                    if listed_under.is_some() {
                        view.key_results.clear();
                        view.listed_under = listed_under;
                    }
                    view
                })
                .collect(),
            continued: g.continued,
        })
        .collect();
    QuarterBody {
        quarter: quarter.to_string(),
        url,
        rollup: RollupView::of(&Rollup::of(ids.iter().map(|&id| score_of(ctx, id)))),
        summary,
        pillars,
        more_url,
        objectives: ids.len(),
    }
}

fn objective(ctx: &Ctx<'_>, id: DocId) -> ObjectiveView {
    let document = ctx.doc(id);
    let (score, key_results) = match &document.data {
        KindData::Objective(o) => {
            (o.score(), o.key_results.iter().map(|k| key_result(ctx, k)).collect())
        }
        _ => (None, Vec::new()),
    };
    let band = score.map(crate::model::score::Band::of);
    ObjectiveView {
        link: ctx.link(id),
        owners: document.owners.clone(),
        summary: document.summary.clone(),
        score: score.map(format_score),
        badge: band.map(|b| Badge::new(b.as_str(), band_tone(b))),
        progress: score.map(Progress::of_score),
        key_results,
        listed_under: None,
    }
}

/// `/okrs/`: the current quarter in full, then upcoming quarters (soonest first) and
/// past ones (latest first), each linked with its roll-up.
pub(super) fn index(ctx: &Ctx<'_>) -> OkrIndexView {
    let current = ctx.current_quarter();
    let quarters = by_quarter(ctx);
    let this = quarters.iter().find(|(q, _)| *q == current);
    let mut past: Vec<QuarterLink> = quarters
        .iter()
        .filter(|(q, _)| *q < current)
        .map(|(q, ids)| quarter_link(ctx, *q, ids))
        .collect();
    past.reverse();
    let upcoming = quarters
        .iter()
        .filter(|(q, _)| *q > current)
        .map(|(q, ids)| quarter_link(ctx, *q, ids))
        .collect();
    let mut unplaced: Vec<DocId> =
        objectives(ctx).into_iter().filter(|(_, q)| q.is_none()).map(|(id, _)| id).collect();
    sort_by_weight(ctx, &mut unplaced);
    OkrIndexView {
        title: "OKRs",
        intro: super::indexes::intro(Kind::Objective),
        current_label: current.to_string(),
        current: this.map(|(q, ids)| body(ctx, *q, ids, Shown::First)),
        upcoming,
        past,
        unplaced: unplaced.into_iter().map(|id| card(ctx, id)).collect(),
    }
}

/// Page `page` of `/okrs/<quarter>/`.
pub(super) fn quarter(ctx: &Ctx<'_>, quarter: Quarter, page: usize) -> OkrQuarterView {
    let current = ctx.current_quarter();
    let quarters = by_quarter(ctx);
    let at = quarters.iter().position(|(q, _)| *q == quarter);
    let ids = at.and_then(|i| quarters.get(i)).map_or(&[][..], |(_, ids)| ids.as_slice());
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| quarters.get(i)).map(|(q, ids)| quarter_link(ctx, *q, ids))
    };
    OkrQuarterView {
        title: format!("OKRs {quarter}"),
        quarter: quarter.to_string(),
        when: if quarter == current {
            "This quarter"
        } else if quarter < current {
            "A past quarter"
        } else {
            "An upcoming quarter"
        },
        index_url: ctx.url(super::routes::index_of(Kind::Objective).as_str()),
        previous: neighbour(at.and_then(|i| i.checked_sub(1))),
        next: neighbour(at.map(|i| i + 1)),
        body: body(ctx, quarter, ids, Shown::Page(page)),
    }
}
