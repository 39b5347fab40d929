//! The view of one document's page: its common fields, its kind's facts with every
//! reference resolved to a link, its body as HTML, its ladder and its backlinks.

use serde::Serialize;
use serde_json::{Value, json};

use super::NAV_ORDER;
use super::charts::sparkline;
use super::context::Ctx;
use super::terms::{NameLink, name_links, term_url};
use super::views::{
    Badge, LinkView, Progress, format_number, format_score, horizon_label, kind_plural, with_unit,
    words,
};
use crate::markdown::{LinkResolver, LinkTarget, RawHtml, Resolved, render};
use crate::model::kinds::{Decision, KeyResult, Metric};
use crate::model::score::{Band, progress};
use crate::model::taxonomy::Facet;
use crate::model::{DocId, KindData, Relation};

/// A document's page.
#[derive(Serialize)]
pub(super) struct DocView {
    id: String,
    kind: &'static str,
    kind_label: &'static str,
    kind_plural: &'static str,
    index_url: Option<String>,
    title: String,
    summary: Option<String>,
    owners: Vec<NameLink>,
    tags: Vec<NameLink>,
    updated: Option<String>,
    draft: bool,
    badge: Option<Badge>,
    /// The kind's own fields, references resolved.
    data: Value,
    /// HTML rendered from Markdown by the generator.
    body_html: String,
    ladder: Vec<Vec<LinkView>>,
    backlinks: Vec<BacklinkGroup>,
    extra: Value,
}

#[derive(Serialize)]
struct BacklinkGroup {
    label: &'static str,
    links: Vec<LinkView>,
}

/// Resolves a document's body links to published pages, recording what they read.
struct BodyLinks<'c, 'a> {
    ctx: &'c Ctx<'a>,
    from: DocId,
}

impl LinkResolver for BodyLinks<'_, '_> {
    fn resolve(&self, target: &LinkTarget) -> Option<Resolved> {
        let (id, anchor) = self.ctx.resolve_link(self.from, target)?;
        if !self.ctx.is_published(id) {
            return None;
        }
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Some(Resolved {
            url: format!("{}{fragment}", self.ctx.doc_url(id)),
            title: self.ctx.doc(id).title.clone(),
        })
    }
}

pub(super) fn view(ctx: &Ctx<'_>, id: DocId) -> DocView {
    let document = ctx.doc(id);
    let raw = if ctx.allow_html() { RawHtml::Keep } else { RawHtml::Escape };
    let links = BodyLinks { ctx, from: id };
    let body_html = render(ctx.body(id), &document.scanned, &links, raw);
    let section = document.kind.section();
    DocView {
        id: document.id.clone(),
        kind: document.kind.as_str(),
        kind_label: super::views::kind_label(document.kind),
        kind_plural: kind_plural(document.kind),
        index_url: (!section.is_empty() && section != "vision")
            .then(|| ctx.url(super::routes::index_of(document.kind).as_str())),
        title: document.title.clone(),
        summary: document.summary.clone(),
        owners: name_links(ctx, Facet::Owner, &document.owners),
        tags: name_links(ctx, Facet::Tag, &document.tags),
        updated: document.updated.map(|d| d.to_string()),
        draft: document.draft,
        badge: super::views::badge(document),
        data: data(ctx, id),
        body_html,
        ladder: ctx
            .ladder(id)
            .iter()
            .map(|rung| {
                rung.iter().filter(|&&d| ctx.is_published(d)).map(|&d| ctx.link(d)).collect()
            })
            .filter(|rung: &Vec<LinkView>| !rung.is_empty())
            .collect(),
        backlinks: backlinks(ctx, id),
        extra: document.extra.clone(),
    }
}

fn backlinks(ctx: &Ctx<'_>, id: DocId) -> Vec<BacklinkGroup> {
    let from: Vec<DocId> =
        ctx.referrers(id).into_iter().filter(|&d| d != id && ctx.is_published(d)).collect();
    NAV_ORDER
        .iter()
        .filter_map(|&kind| {
            let mut links: Vec<LinkView> =
                from.iter().filter(|&&d| ctx.doc(d).kind == kind).map(|&d| ctx.link(d)).collect();
            links.sort_by(|a, b| a.title.cmp(&b.title));
            (!links.is_empty()).then_some(BacklinkGroup { label: kind_plural(kind), links })
        })
        .collect()
}

fn data(ctx: &Ctx<'_>, id: DocId) -> Value {
    let document = ctx.doc(id);
    match &document.data {
        KindData::Vision(v) => json!({
            "statement": v.statement, "for_whom": v.for_whom, "problem": v.problem,
            "why_sustainable": v.why_sustainable, "horizon": v.horizon,
        }),
        KindData::Principle(p) => {
            let (favoured, over) = p
                .tradeoff
                .as_deref()
                .and_then(|t| t.split_once(" over "))
                .map_or((None, None), |(a, b)| (Some(a.trim()), Some(b.trim())));
            json!({ "statement": p.statement, "tradeoff": p.tradeoff, "favoured": favoured, "over": over })
        }
        KindData::Metric(m) => metric(m, &document.title),
        KindData::Pillar(p) => json!({ "metrics": ctx.links(&p.metrics) }),
        KindData::Initiative(i) => json!({
            "status": words(i.status.as_str()),
            "horizon": ctx.horizon(id).map(horizon_label),
            "quarters": i.quarters.map(|q| if q.start == q.end { q.start.to_string() } else { format!("{} – {}", q.start, q.end) }),
            "pillars": ctx.links(&i.pillars),
            "depends_on": ctx.links(&i.depends_on),
            "objectives": ctx.links(&i.objectives),
            "success_criteria": i.success_criteria,
            "reason": i.reason,
        }),
        KindData::Objective(o) => {
            let score = o.score();
            json!({
                "quarter": o.quarter.map(|q| q.to_string()),
                "score": score.map(format_score),
                "progress": score.map(Progress::of_score),
                "key_results": o.key_results.iter().map(|k| key_result(ctx, k)).collect::<Vec<_>>(),
                "pillars": ctx.links(&o.pillars),
                "initiatives": ctx.links(&o.initiatives),
            })
        }
        KindData::Debt(d) => json!({
            "risk": d.risk.as_str(), "impact": d.impact.as_str(), "category": d.category,
            "effort": d.effort.map(|e| format!("{} days", format_number(e))),
            "quarter": d.quarter.map(|q| q.to_string()), "status": words(d.status.as_str()),
            "outcome": d.outcome, "metric": ctx.links(d.metric.as_slice()), "pillars": ctx.links(&d.pillars),
        }),
        KindData::Experiment(e) => json!({
            "hypothesis": e.hypothesis, "exit_criteria": e.exit_criteria, "status": e.status.as_str(),
            "metric": ctx.links(e.metric.as_slice()), "quarter": e.quarter.map(|q| q.to_string()),
            "start": e.start.map(|d| d.to_string()), "end": e.end.map(|d| d.to_string()),
            "result": e.result, "pillars": ctx.links(&e.pillars),
        }),
        KindData::Postmortem(p) => json!({
            "date": p.date.map(|d| d.to_string()), "severity": p.severity.as_str().to_uppercase(),
            "duration": p.duration, "impact": p.impact, "trigger": p.trigger, "root_causes": p.root_causes,
            "detection": p.detection, "resolution": p.resolution,
            "action_items": p.action_items.iter().map(|a| json!({
                "title": a.title, "owner": a.owner, "type": a.action_type.as_str(),
                "owner_url": a.owner.as_deref().and_then(|o| term_url(Facet::Owner, o)).map(|u| ctx.url(&u)),
                "status": words(a.status.as_str()), "status_tone": format!("status-{}", a.status.as_str()),
                "due": a.due.map(|d| d.to_string()),
                "overdue": a.is_open() && a.due.is_some_and(|d| d < ctx.today()),
                "ref": ctx.links(a.reference.as_slice()).into_iter().next(),
            })).collect::<Vec<_>>(),
            "open_actions": p.action_items.iter().filter(|a| a.is_open()).count(),
            "went_well": p.went_well, "went_wrong": p.went_wrong, "got_lucky": p.got_lucky,
            "pillars": ctx.links(&p.pillars), "related": ctx.links(&p.related),
        }),
        KindData::Decision(d) => json!({
            "status": d.status.as_str(), "date": d.date.map(|d| d.to_string()),
            "supersedes": ctx.links(&d.supersedes), "superseded_by": ctx.links(&d.superseded_by),
            "chain": chain(ctx, id, d), "options": d.options, "decision_makers": d.decision_makers,
            "consulted": d.consulted, "informed": d.informed,
        }),
        KindData::Update(u) => json!({
            "date": u.date.map(|d| d.to_string()), "period": u.period, "highlights": u.highlights,
            "setbacks": u.setbacks, "related": ctx.links(&u.related),
        }),
        KindData::Stakeholder(s) => json!({
            "group": s.group, "influence": s.influence.map(|l| l.as_str()), "interest": s.interest.map(|l| l.as_str()),
            "incentives": s.incentives, "concerns": s.concerns, "pillars": ctx.links(&s.pillars), "contact": s.contact,
        }),
        KindData::Page => Value::Null,
    }
}

/// A metric's numbers, its history and its sparkline.
pub(super) fn metric(m: &Metric, title: &str) -> Value {
    let unit = m.unit.as_deref();
    let current = m.current();
    let values: Vec<f64> = m.history.iter().map(|p| p.value).collect();
    let toward_target = match (m.baseline, current, m.target) {
        (Some(b), Some(c), Some(t)) => {
            let percent = (progress(b, Some(c), t) * 100.0).round() as u32;
            Some(Progress {
                percent,
                label: format!("{percent}% of the way from baseline to target"),
                tone: "band-neutral".to_string(),
            })
        }
        _ => None,
    };
    json!({
        "definition": m.definition,
        "type": m.metric_type.as_str(),
        "unit": m.unit,
        "direction": m.direction.as_str(),
        "direction_label": if m.direction.as_str() == "up" { "higher is better" } else { "lower is better" },
        "baseline": m.baseline.map(|v| with_unit(v, unit)),
        "target": m.target.map(|v| with_unit(v, unit)),
        "current": current.map(|v| with_unit(v, unit)),
        "progress": toward_target,
        "history": m.history.iter().map(|p| json!({ "at": p.at, "value": with_unit(p.value, unit) })).collect::<Vec<_>>(),
        "sparkline": sparkline(&values, &format!("History of {title}"), 240.0, 60.0),
    })
}

fn key_result(ctx: &Ctx<'_>, k: &KeyResult) -> Value {
    let unit = k.unit.as_deref();
    let score = k.score();
    json!({
        "id": k.id, "title": k.title,
        "baseline": with_unit(k.baseline, unit),
        "current": k.current.map(|v| with_unit(v, unit)),
        "target": with_unit(k.target, unit),
        "direction": if k.target < k.baseline { "down" } else { "up" },
        "score": format_score(score),
        "band": Band::of(score).as_str(),
        "progress": Progress::of_score(score),
        "confidence": k.confidence.map(|c| format!("{}%", (c * 100.0).round())),
        "overridden": k.score_override.is_some(),
        "metric": ctx.links(k.metric.as_slice()).into_iter().next(),
    })
}

/// The whole supersedes chain a decision belongs to, oldest first.
fn chain(ctx: &Ctx<'_>, id: DocId, decision: &Decision) -> Vec<LinkView> {
    if decision.supersedes.is_empty() && decision.superseded_by.is_empty() {
        return Vec::new();
    }
    let step = |from: DocId, relation: Relation| ctx.target(from, relation);
    let mut older = Vec::new();
    let mut at = id;
    while let Some(previous) = step(at, Relation::Supersedes) {
        if previous == id || older.contains(&previous) || older.len() > 50 {
            break;
        }
        older.push(previous);
        at = previous;
    }
    let mut newer = Vec::new();
    let mut at = id;
    while let Some(next) = step(at, Relation::SupersededBy) {
        if next == id || newer.contains(&next) || older.contains(&next) || newer.len() > 50 {
            break;
        }
        newer.push(next);
        at = next;
    }
    older.reverse();
    older
        .into_iter()
        .chain(std::iter::once(id))
        .chain(newer)
        .filter(|&d| ctx.is_published(d))
        .map(|d| ctx.link(d))
        .collect()
}
