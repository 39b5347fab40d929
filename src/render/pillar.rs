//! What a pillar's page shows around its prose, generated from the documents that
//! name the pillar: its initiatives by lane (Now / Next / Later / Done), its objectives
//! this quarter with their scores and their mean, its metrics with their charts, and
//! its open debt.

use serde::Serialize;

use super::context::Ctx;
use super::indexes::{card, initiative_cards};
use super::views::{
    Badge, Card, LinkView, Progress, format_number, horizon_label, horizon_note, words,
};
use crate::model::kinds::{DebtStatus, KindData, Risk};
use crate::model::score::mean;
use crate::model::{DocId, Horizon, Relation};

/// The generated part of a pillar's page.
#[derive(Serialize)]
pub(super) struct PillarView {
    /// The current quarter ("2026-Q4").
    quarter: String,
    objectives: Vec<Card>,
    /// The mean score of this quarter's objectives, when any is scored.
    score: Option<Progress>,
    metrics: Vec<Card>,
    lanes: Vec<Lane>,
    /// Initiatives outside the four lanes (exploratory, deprioritized, cancelled).
    elsewhere: Vec<LinkView>,
    debt: Vec<DebtRow>,
    /// Every document the view links, so "Referenced by" does not list it again.
    #[serde(skip)]
    pub(super) shown: Vec<DocId>,
}

/// A lane of the pillar's initiatives.
#[derive(Serialize)]
struct Lane {
    title: &'static str,
    note: Option<&'static str>,
    cards: Vec<Card>,
}

/// A row of the pillar's open debt.
#[derive(Serialize)]
struct DebtRow {
    link: LinkView,
    risk: Badge,
    impact: &'static str,
    effort: Option<String>,
    quarter: Option<String>,
    status: String,
}

/// The lanes a pillar's page shows, in order.
const LANES: [Horizon; 4] = [Horizon::Now, Horizon::Next, Horizon::Later, Horizon::Done];

pub(super) fn view(ctx: &Ctx<'_>, id: DocId) -> PillarView {
    let current = ctx.current_quarter();
    let serving: Vec<DocId> =
        ctx.sources(id, Relation::Pillars).into_iter().filter(|&d| ctx.is_published(d)).collect();
    let mut shown = Vec::new();

    let initiatives: Vec<(DocId, Horizon)> = serving
        .iter()
        .filter(|&&d| matches!(ctx.doc(d).data, KindData::Initiative(_)))
        .filter_map(|&d| Some((d, ctx.horizon(d)?)))
        .collect();
    let in_lane = |h: Horizon| -> Vec<DocId> {
        initiatives.iter().filter(|&&(_, at)| at == h).map(|&(d, _)| d).collect()
    };
    let lanes = LANES
        .iter()
        .map(|&h| Lane {
            title: horizon_label(h),
            note: horizon_note(h),
            cards: initiative_cards(ctx, in_lane(h), h),
        })
        .collect();
    let mut elsewhere: Vec<DocId> =
        initiatives.iter().filter(|(_, h)| !LANES.contains(h)).map(|&(d, _)| d).collect();
    elsewhere.sort_by(|&a, &b| ctx.doc(a).title.cmp(&ctx.doc(b).title));
    shown.extend(initiatives.iter().map(|&(d, _)| d));

    let mut objectives: Vec<DocId> = serving
        .iter()
        .copied()
        .filter(
            |&d| matches!(&ctx.doc(d).data, KindData::Objective(o) if o.quarter == Some(current)),
        )
        .collect();
    objectives.sort_by(|&a, &b| ctx.doc(a).title.cmp(&ctx.doc(b).title));
    let scores = objectives.iter().filter_map(|&d| match &ctx.doc(d).data {
        KindData::Objective(o) => o.score(),
        _ => None,
    });
    let score = mean(scores.collect::<Vec<_>>()).map(Progress::of_score);
    shown.extend(&objectives);

    let metrics: Vec<DocId> = ctx
        .targets(id, Relation::Metrics)
        .into_iter()
        .filter(|&d| ctx.is_published(d))
        .fold(Vec::new(), |mut seen, d| {
            if !seen.contains(&d) {
                seen.push(d);
            }
            seen
        });
    shown.extend(&metrics);

    let mut debt: Vec<DocId> = serving
        .iter()
        .copied()
        .filter(|&d| {
            matches!(&ctx.doc(d).data, KindData::Debt(x)
                if !matches!(x.status, DebtStatus::Paid | DebtStatus::Accepted))
        })
        .collect();
    debt.sort_by_key(|&d| {
        let risk = match &ctx.doc(d).data {
            KindData::Debt(x) => risk_rank(x.risk),
            _ => 0,
        };
        (std::cmp::Reverse(risk), ctx.doc(d).title.clone())
    });
    shown.extend(&debt);

    PillarView {
        quarter: current.to_string(),
        objectives: objectives.iter().map(|&d| card(ctx, d)).collect(),
        score,
        metrics: metrics.iter().map(|&d| card(ctx, d)).collect(),
        lanes,
        elsewhere: elsewhere.into_iter().map(|d| ctx.link(d)).collect(),
        debt: debt.into_iter().filter_map(|d| debt_row(ctx, d)).collect(),
        shown,
    }
}

fn debt_row(ctx: &Ctx<'_>, id: DocId) -> Option<DebtRow> {
    let KindData::Debt(x) = &ctx.doc(id).data else { return None };
    Some(DebtRow {
        link: ctx.link(id),
        risk: Badge::new(format!("{} risk", x.risk.as_str()), format!("risk-{}", x.risk.as_str())),
        impact: x.impact.as_str(),
        effort: x.effort.map(|e| format!("{} days", format_number(e))),
        quarter: x.quarter.map(|q| q.to_string()),
        status: words(x.status.as_str()),
    })
}

fn risk_rank(risk: Risk) -> u8 {
    match risk {
        Risk::Low => 0,
        Risk::Medium => 1,
        Risk::High => 2,
        Risk::Critical => 3,
    }
}
