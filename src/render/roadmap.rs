//! The roadmap page: Now / Next / Later, what was recently done, a quarter × pillar
//! timeline coloured by status, exploratory work, and what was deprioritized or
//! cancelled with the reasons why.

use std::collections::HashMap;

use serde::Serialize;

use super::context::Ctx;
use super::indexes::{initiative_cards, sort_by_weight};
use super::views::{Card, Group, LinkView, horizon_label, horizon_note};
use crate::model::kinds::{Kind, KindData};
use crate::model::{DocId, Horizon, Quarter, QuarterRange, Relation};

/// The most quarters the timeline shows.
const TIMELINE_QUARTERS: usize = 8;

/// The roadmap page.
#[derive(Serialize)]
pub(super) struct RoadmapView {
    columns: Vec<Column>,
    timeline: Option<Timeline>,
    /// Exploratory work, then what was deprioritized or cancelled.
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Column {
    title: &'static str,
    note: &'static str,
    cards: Vec<Card>,
}

#[derive(Serialize)]
struct Timeline {
    quarters: Vec<QuarterHead>,
    rows: Vec<TimelineRow>,
}

#[derive(Serialize)]
struct QuarterHead {
    label: String,
    is_current: bool,
}

#[derive(Serialize)]
struct TimelineRow {
    pillar: LinkView,
    cells: Vec<Vec<TimelineItem>>,
}

#[derive(Serialize)]
struct TimelineItem {
    title: String,
    url: String,
    status: &'static str,
    tone: String,
}

/// An initiative, its lane and its quarters.
type Planned = (DocId, Horizon, Option<QuarterRange>);

pub(super) fn roadmap(ctx: &Ctx<'_>) -> RoadmapView {
    let current = ctx.current_quarter();
    let initiatives: Vec<Planned> = ctx
        .of_kind(Kind::Initiative)
        .filter_map(|(id, d)| match &d.data {
            KindData::Initiative(i) => Some((id, ctx.horizon(id)?, i.quarters)),
            _ => None,
        })
        .collect();
    let cards = |keep: &dyn Fn(Horizon, Option<QuarterRange>) -> bool, order: Horizon| {
        let ids =
            initiatives.iter().filter(|(_, h, q)| keep(*h, *q)).map(|(id, _, _)| *id).collect();
        initiative_cards(ctx, ids, order)
    };
    let column = |horizon: Horizon| Column {
        title: horizon_label(horizon),
        note: horizon_note(horizon).unwrap_or(""),
        cards: cards(&|h, _| h == horizon, horizon),
    };
    let recent = |q: Option<QuarterRange>| {
        q.is_some_and(|q| q.end == current || q.end == current.previous())
    };
    let columns = vec![
        column(Horizon::Now),
        column(Horizon::Next),
        column(Horizon::Later),
        Column {
            title: horizon_label(Horizon::Done),
            note: "Finished this quarter or the last.",
            cards: cards(&|h, q| h == Horizon::Done && recent(q), Horizon::Done),
        },
    ];
    RoadmapView {
        timeline: timeline(ctx, &initiatives, current),
        columns,
        groups: vec![
            Group::new(
                horizon_label(Horizon::Exploratory).into(),
                horizon_note(Horizon::Exploratory).map(str::to_string),
                cards(&|h, _| h == Horizon::Exploratory, Horizon::Exploratory),
            ),
            Group::new(
                "Deprioritized and cancelled".into(),
                horizon_note(Horizon::Deprioritized).map(str::to_string),
                cards(
                    &|h, _| matches!(h, Horizon::Deprioritized | Horizon::Cancelled),
                    Horizon::Deprioritized,
                ),
            ),
        ]
        .into_iter()
        .filter(|g| !g.cards.is_empty())
        .collect(),
    }
}

/// Quarters from the previous one to the last planned end (at most eight), one row per
/// pillar, each cell the initiatives active in that quarter.
fn timeline(ctx: &Ctx<'_>, initiatives: &[Planned], current: Quarter) -> Option<Timeline> {
    let active = |h: Horizon| !matches!(h, Horizon::Deprioritized | Horizon::Cancelled);
    let last = initiatives
        .iter()
        .filter(|(_, h, _)| active(*h))
        .filter_map(|(_, _, q)| q.map(|q| q.end))
        .max()?;
    let mut quarters = vec![current.previous()];
    while quarters.len() < TIMELINE_QUARTERS
        && quarters.last().is_some_and(|q| *q < last.max(current))
    {
        let next = quarters.last().map_or(current, |q| q.next());
        quarters.push(next);
    }
    let mut pillars: Vec<DocId> = ctx.of_kind(Kind::Pillar).map(|(id, _)| id).collect();
    sort_by_weight(ctx, &mut pillars);
    // Each initiative's pillars are looked up once, not once per pillar.
    let mut by_pillar: HashMap<DocId, Vec<&Planned>> = HashMap::new();
    for initiative in initiatives.iter().filter(|(_, h, _)| active(*h)) {
        let mut targets = ctx.targets(initiative.0, Relation::Pillars);
        targets.sort_unstable();
        targets.dedup();
        for pillar in targets {
            by_pillar.entry(pillar).or_default().push(initiative);
        }
    }
    let rows = pillars
        .into_iter()
        .map(|pillar| {
            let mut on_pillar = by_pillar.remove(&pillar).unwrap_or_default();
            on_pillar.sort_by(|a, b| ctx.doc(a.0).title.cmp(&ctx.doc(b.0).title));
            let cells = quarters
                .iter()
                .map(|&q| {
                    on_pillar
                        .iter()
                        .filter(|(_, _, range)| range.is_some_and(|r| r.contains(q)))
                        .map(|(id, _, _)| {
                            let link = ctx.link(*id);
                            let (status, tone) = match &ctx.doc(*id).data {
                                KindData::Initiative(i) => {
                                    (i.status.as_str(), format!("status-{}", i.status.as_str()))
                                }
                                _ => ("", String::new()),
                            };
                            TimelineItem { title: link.title, url: link.url, status, tone }
                        })
                        .collect()
                })
                .collect();
            TimelineRow { pillar: ctx.link(pillar), cells }
        })
        .collect();
    Some(Timeline {
        quarters: quarters
            .iter()
            .map(|q| QuarterHead { label: q.to_string(), is_current: *q == current })
            .collect(),
        rows,
    })
}
