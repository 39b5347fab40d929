//! The view of one document's page: its common fields, its kind's facts with every
//! reference resolved to a link, its body as HTML, its ladder and its backlinks.

use serde::Serialize;
use serde_json::{Value, json};

use super::context::Ctx;
use super::terms::{NameLink, name_links, term_url};
use super::views::{
    Badge, LinkView, Progress, format_number, format_score, horizon_label, kind_plural, with_unit,
    words,
};
use crate::markdown::{LinkResolver, LinkTarget, RawHtml, Resolved, render_under_title};
use crate::model::kinds::{Decision, Metric};
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
    /// What site health says of the document: a badge per kind of finding, and each
    /// finding in words.
    health: Vec<Badge>,
    findings: Vec<String>,
    /// The kind's own fields, references resolved.
    data: Value,
    /// HTML rendered from Markdown by the generator.
    body_html: String,
    ladder: Vec<Vec<LinkView>>,
    backlinks: Vec<BacklinkGroup>,
    extra: Value,
    /// A pillar's generated sections: its work by lane, objectives, metrics and debt.
    pillar: Option<super::pillar::PillarView>,
    /// When git last saw the document change: a day, or "not yet committed".
    last_changed: Option<String>,
    /// An objective's score at the end of each past quarter, then now.
    score_history: Vec<ScorePoint>,
    /// An initiative's statuses from its first commit on.
    timeline: Vec<StatusPoint>,
}

#[derive(Serialize)]
struct ScorePoint {
    /// "2026-Q3", or "Now".
    when: String,
    progress: Option<Progress>,
}

#[derive(Serialize)]
struct StatusPoint {
    /// The day it began, or "not yet committed".
    date: String,
    badge: Badge,
}

/// What git says of the document `id`: when it last changed, an objective's scores by
/// quarter, an initiative's status timeline.
fn history(ctx: &Ctx<'_>, id: DocId) -> (Option<String>, Vec<ScorePoint>, Vec<StatusPoint>) {
    let document = ctx.doc(id);
    let history = ctx.history();
    let day = |d: &Option<crate::model::Date>| {
        d.map_or_else(|| "not yet committed".to_string(), |d| d.to_string())
    };
    let last_changed = history.last_changed.get(&document.path).map(day);
    let current = ctx.current_quarter();
    let scores =
        history.scores.get(&document.id).filter(|_| document.kind == crate::model::Kind::Objective);
    let score_history = scores
        .into_iter()
        .flatten()
        .map(|(quarter, score)| ScorePoint {
            when: if *quarter >= current { "Now".to_string() } else { format!("End of {quarter}") },
            progress: score.map(Progress::of_score),
        })
        .collect();
    let statuses = history
        .timelines
        .get(&document.id)
        .filter(|_| document.kind == crate::model::Kind::Initiative);
    let timeline = statuses
        .into_iter()
        .flatten()
        .filter_map(|(date, status)| {
            use crate::model::fields::Choice;
            let all = <crate::model::kinds::InitiativeStatus as Choice>::ALL;
            let status = all.iter().find(|(name, _)| name == status).map(|(_, s)| *s)?;
            Some(StatusPoint { date: day(date), badge: super::views::initiative_badge(status) })
        })
        .collect();
    (last_changed, score_history, timeline)
}

#[derive(Serialize)]
struct BacklinkGroup {
    label: &'static str,
    links: Vec<LinkView>,
}

/// Resolves the links of a body written at `path` under `content/` (a document's, or
/// with no document a kind's introduction) to published pages, recording what they
/// read.
struct BodyLinks<'c, 'a> {
    ctx: &'c Ctx<'a>,
    from: Option<DocId>,
    path: &'c str,
}

impl LinkResolver for BodyLinks<'_, '_> {
    fn resolve(&self, target: &LinkTarget) -> Option<Resolved> {
        let (id, anchor) = self.ctx.resolve_link(self.from, self.path, target)?;
        if !self.ctx.is_published(id) {
            return None;
        }
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Some(Resolved {
            url: format!("{}{fragment}", self.ctx.doc_url(id)),
            title: self.ctx.doc(id).title.clone(),
        })
    }

    fn image(&self, url: &str) -> Option<String> {
        let path = url.split(['?', '#']).next().unwrap_or("");
        let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| !scheme.contains('/'));
        if path.is_empty() || has_scheme || path.starts_with('/') {
            return None;
        }
        // Relative to the file's folder; one that climbs out of content/ is left as
        // written, and so is one that names no image beside the documents.
        let published = crate::model::resolve_relative(self.path, path)?;
        self.ctx.has_asset(&published).then(|| self.ctx.url(&published))
    }
}

/// The introduction of `kind`'s index page as HTML (its folder's `README.md` or
/// `index.md`), under the index's own `<h1>`: the same rules as a document's body.
pub(super) fn intro_html(ctx: &Ctx<'_>, kind: crate::model::Kind, title: &str) -> Option<String> {
    let intro = ctx.intro(kind)?;
    let raw = if ctx.allow_html() { RawHtml::Keep } else { RawHtml::Escape };
    let links = BodyLinks { ctx, from: None, path: &intro.path };
    let html = render_under_title(ctx.intro_body(intro), &intro.scanned, &links, raw, title);
    (!html.trim().is_empty()).then_some(html)
}

pub(super) fn view(ctx: &Ctx<'_>, id: DocId) -> DocView {
    let document = ctx.doc(id);
    let raw = if ctx.allow_html() { RawHtml::Keep } else { RawHtml::Escape };
    let links = BodyLinks { ctx, from: Some(id), path: &document.path };
    let body_html =
        render_under_title(ctx.body(id), &document.scanned, &links, raw, &document.title);
    let section = document.kind.section();
    let (mut health, findings) = super::health::of_document(ctx, id);
    let badge = super::views::badge(document);
    // A decision without a status says so in its own badge already.
    health.retain(|h| badge.as_ref().is_none_or(|b| b.label != h.label));
    let pillar = matches!(document.data, KindData::Pillar(_)).then(|| super::pillar::view(ctx, id));
    let shown = pillar.as_ref().map_or(&[][..], |p| p.shown.as_slice());
    let (last_changed, score_history, timeline) = history(ctx, id);
    DocView {
        last_changed,
        score_history,
        timeline,
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
        badge,
        health,
        findings,
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
        backlinks: backlinks(ctx, id, shown),
        extra: document.extra.clone(),
        pillar,
    }
}

/// The documents that reference `id`, grouped by how they relate to it. A document is
/// listed once, under its first relation; documents the page already links in its
/// facts (its own references) or in `shown` are left out.
fn backlinks(ctx: &Ctx<'_>, id: DocId, shown: &[DocId]) -> Vec<BacklinkGroup> {
    let facts = ctx.field_targets(id);
    let mut listed: Vec<DocId> = Vec::new();
    let mut groups: Vec<BacklinkGroup> = Vec::new();
    for (relation, from) in ctx.referrers_by_relation(id) {
        let skip = from == id
            || facts.contains(&from)
            || shown.contains(&from)
            || listed.contains(&from)
            || !ctx.is_published(from);
        if skip {
            continue;
        }
        listed.push(from);
        let label = relation_label(relation);
        match groups.last_mut() {
            Some(group) if group.label == label => group.links.push(ctx.link(from)),
            _ => groups.push(BacklinkGroup { label, links: vec![ctx.link(from)] }),
        }
    }
    for group in &mut groups {
        group.links.sort_by_cached_key(|l| (l.title.to_lowercase(), l.url.clone()));
    }
    groups
}

/// How a document that references another relates to it, said of the referrer:
/// "Depend on this", "Mention this".
pub(super) fn relation_label(relation: Relation) -> &'static str {
    match relation {
        Relation::Pillars => "Serve this pillar",
        Relation::Metrics => "Measured by this",
        Relation::Metric => "About this metric",
        Relation::Initiatives => "Delivered by this",
        Relation::Objectives => "Contribute to this",
        Relation::DependsOn => "Depend on this",
        Relation::Supersedes => "Supersede this",
        Relation::SupersededBy => "Superseded by this",
        Relation::Related => "Relate to this",
        Relation::KeyResultMetric => "Read this in a key result",
        Relation::ActionItemRef => "Track this in an action item",
        Relation::Body => "Mention this",
    }
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
                "key_results": o.key_results.iter().map(|k| super::okrs::key_result(ctx, k)).collect::<Vec<_>>(),
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
            "status": d.status_label(), "date": d.date.map(|d| d.to_string()),
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

/// A metric's numbers, its chart and its history.
pub(super) fn metric(m: &Metric, title: &str) -> Value {
    let unit = m.unit.as_deref();
    let mut value = serde_json::to_value(super::metrics::numbers(m, title)).unwrap_or(Value::Null);
    if let Some(fields) = value.as_object_mut() {
        let history =
            m.history.iter().map(|p| json!({ "at": p.at, "value": with_unit(p.value, unit) }));
        fields.insert("history".into(), Value::Array(history.collect()));
    }
    value
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
