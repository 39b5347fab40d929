//! The home page: the vision, the North Star, each pillar with its work now and next
//! and this quarter's objectives, the principles, and the latest updates and
//! post-mortems.

use serde::Serialize;

use super::context::Ctx;
use super::indexes::{by_weight, card, newest_first};
use super::views::SHOWN_PILLARS;
use super::views::{Card, LinkView};
use crate::model::kinds::{Kind, KindData};
use crate::model::{DocId, Horizon, Relation};

/// The home page.
#[derive(Serialize)]
pub(super) struct HomeView {
    vision: Option<Card>,
    north_star: Option<serde_json::Value>,
    north_star_link: Option<LinkView>,
    principles: Vec<Card>,
    /// Principles not shown; the index of principles lists them all.
    principles_more: usize,
    pillars: Vec<PillarView>,
    /// Pillars not shown; the index of pillars lists them all.
    pillars_more: usize,
    updates: Vec<Card>,
    postmortems: Vec<Card>,
    attention: super::health::AttentionView,
    /// What changed since last quarter, from git.
    changes: Option<super::changes::HomeLink>,
}

/// How many items of each list a pillar shows on the home page; the pillar's own page
/// lists them all.
const SHOWN: usize = 6;

#[derive(Serialize)]
struct PillarView {
    card: Card,
    now: Shown<LinkView>,
    next: Shown<LinkView>,
    later: usize,
    done: usize,
    objectives: Shown<Card>,
}

/// The first few items of a list, and how many more there are.
#[derive(Serialize)]
struct Shown<T> {
    items: Vec<T>,
    more: usize,
}

impl<T> Shown<T> {
    fn first(mut all: Vec<T>) -> Shown<T> {
        let more = all.len().saturating_sub(SHOWN);
        all.truncate(SHOWN);
        Shown { items: all, more }
    }
}

pub(super) fn home(ctx: &Ctx<'_>) -> HomeView {
    let published = |id: &DocId| ctx.is_published(*id);
    let north_star = ctx.north_star().filter(published);
    let current = ctx.current_quarter();
    let mut all_pillars = by_weight(ctx, Kind::Pillar);
    let pillars_more = all_pillars.len().saturating_sub(SHOWN_PILLARS);
    all_pillars.truncate(SHOWN_PILLARS);
    let mut principles = by_weight(ctx, Kind::Principle);
    let principles_more = principles.len().saturating_sub(SHOWN_PILLARS);
    principles.truncate(SHOWN_PILLARS);
    let pillars = all_pillars
        .into_iter()
        .filter_map(|pillar| {
            let id = ctx.lookup(&pillar.link.id)?;
            let pointing: Vec<DocId> =
                ctx.sources(id, Relation::Pillars).into_iter().filter(|&d| ctx.is_published(d)).collect();
            let with = |h: Horizon| -> Vec<DocId> {
                pointing.iter().copied().filter(|&d| ctx.horizon(d) == Some(h)).collect()
            };
            let links = |ids: Vec<DocId>| {
                let mut links: Vec<LinkView> = ids.into_iter().map(|d| ctx.link(d)).collect();
                links.sort_by(|a, b| a.title.cmp(&b.title));
                Shown::first(links)
            };
            let objectives = pointing
                .iter()
                .copied()
                .filter(|&d| matches!(&ctx.doc(d).data, KindData::Objective(o) if o.quarter == Some(current)))
                .map(|d| card(ctx, d))
                .collect();
            Some(PillarView {
                now: links(with(Horizon::Now)),
                next: links(with(Horizon::Next)),
                later: with(Horizon::Later).len(),
                done: with(Horizon::Done).len(),
                objectives: Shown::first(objectives),
                card: pillar,
            })
        })
        .collect();
    let latest = |kind| newest_first(ctx, kind).into_iter().take(3).collect::<Vec<_>>();
    HomeView {
        changes: super::changes::home_link(ctx),
        vision: ctx.vision().filter(published).map(|id| card(ctx, id)),
        north_star: north_star.and_then(|id| match &ctx.doc(id).data {
            KindData::Metric(m) => Some(super::documents::metric(m, &ctx.doc(id).title)),
            _ => None,
        }),
        north_star_link: north_star.map(|id| ctx.link(id)),
        principles,
        principles_more,
        pillars,
        pillars_more,
        updates: latest(Kind::Update),
        postmortems: latest(Kind::Postmortem),
        attention: super::health::attention(ctx),
    }
}
