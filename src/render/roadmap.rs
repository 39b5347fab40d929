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

/// The most cards a lane or group shows; the index of initiatives lists the rest. A
/// roadmap is read at a glance: it must not grow with the site.
const LANE_CARDS: usize = 12;

/// The most initiatives a cell of the timeline names; it counts the rest.
const CELL_ITEMS: usize = 5;

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
    /// How many initiatives the lane has, shown or not.
    count: usize,
    /// Where the index lists all of them, when the lane shows only the first.
    more_url: Option<String>,
}

impl Column {
    fn new(
        title: &'static str,
        note: &'static str,
        mut cards: Vec<Card>,
        more_url: String,
    ) -> Column {
        let count = cards.len();
        let more_url = (count > LANE_CARDS).then_some(more_url);
        cards.truncate(LANE_CARDS);
        Column { title, note, cards, count, more_url }
    }
}

#[derive(Serialize)]
struct Timeline {
    quarters: Vec<QuarterHead>,
    rows: Vec<TimelineRow>,
    /// Pillars left out of the timeline.
    more_pillars: usize,
}

/// The initiatives of a pillar active in a quarter: the first few, and how many more.
#[derive(Serialize)]
struct Cell {
    items: Vec<TimelineItem>,
    more: usize,
}

#[derive(Serialize)]
struct QuarterHead {
    label: String,
    is_current: bool,
}

#[derive(Serialize)]
struct TimelineRow {
    pillar: LinkView,
    cells: Vec<Cell>,
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
    // Where each lane starts in the index of initiatives, which lists them all.
    let index = super::routes::index_of(Kind::Initiative);
    let lane_url = |horizon: Horizon| {
        let before = initiatives.iter().filter(|(_, h, _)| *h < horizon).count();
        let page = super::pager::page_url(&index, before / super::pager::PER_PAGE + 1);
        ctx.url(page.as_str())
    };
    let column = |horizon: Horizon| {
        let (title, note) = (horizon_label(horizon), horizon_note(horizon).unwrap_or(""));
        Column::new(title, note, cards(&|h, _| h == horizon, horizon), lane_url(horizon))
    };
    let recent = |q: Option<QuarterRange>| {
        q.is_some_and(|q| q.end == current || q.end == current.previous())
    };
    let columns = vec![
        column(Horizon::Now),
        column(Horizon::Next),
        column(Horizon::Later),
        Column::new(
            horizon_label(Horizon::Done),
            "Finished this quarter or the last.",
            cards(&|h, q| h == Horizon::Done && recent(q), Horizon::Done),
            lane_url(Horizon::Done),
        ),
    ];
    RoadmapView {
        timeline: timeline(ctx, &initiatives, current),
        columns,
        groups: vec![
            Group::new(
                horizon_label(Horizon::Exploratory).into(),
                horizon_note(Horizon::Exploratory).map(str::to_string),
                cards(&|h, _| h == Horizon::Exploratory, Horizon::Exploratory),
            )
            .capped(LANE_CARDS, lane_url(Horizon::Exploratory)),
            Group::new(
                "Deprioritized and cancelled".into(),
                horizon_note(Horizon::Deprioritized).map(str::to_string),
                cards(
                    &|h, _| matches!(h, Horizon::Deprioritized | Horizon::Cancelled),
                    Horizon::Deprioritized,
                ),
            )
            .capped(LANE_CARDS, lane_url(Horizon::Deprioritized)),
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
    let more_pillars = pillars.len().saturating_sub(super::views::SHOWN_PILLARS);
    pillars.truncate(super::views::SHOWN_PILLARS);
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
                    let active: Vec<&&Planned> = on_pillar
                        .iter()
                        .filter(|(_, _, range)| range.is_some_and(|r| r.contains(q)))
                        .collect();
                    let more = active.len().saturating_sub(CELL_ITEMS);
                    let items = active
                        .into_iter()
                        .take(CELL_ITEMS)
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
                        .collect();
                    Cell { items, more }
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
        more_pillars,
    })
}
