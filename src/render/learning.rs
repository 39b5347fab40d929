//! The indexes of what the strategy learns from and answers to: post-mortems with
//! every open action item in one table, decisions with their numbers and supersedes
//! chains, experiments with hypothesis and result, updates newest first, and the
//! stakeholder map.

use std::sync::Arc;

use serde::Serialize;

use super::context::Ctx;
use super::indexes::newest_first_ids;
use super::views::{Badge, LinkView, badge, capitalise, words};
use crate::model::kinds::{DecisionStatus, ExperimentStatus, Kind, KindData, Level};
use crate::model::{DocId, Document};

/// `/postmortems/`. Its rows are shared, so that a page of the log is the whole log,
/// made once, cut.
#[derive(Clone, Serialize)]
pub(super) struct PostmortemsView {
    rows: Vec<Arc<PostmortemRow>>,
    /// Every open action item of every post-mortem, soonest due first.
    open_items: Vec<Arc<ActionRow>>,
    /// How many action items are open; the first page shows the soonest due of them.
    open_total: usize,
    overdue: usize,
    /// Whether this is the first page of the log, where the open action items show.
    first: bool,
}

impl super::pager::Paged for PostmortemsView {
    fn entries(&self) -> usize {
        self.rows.len()
    }
    fn keep(&mut self, page: usize) {
        super::pager::keep_page_of(&mut self.rows, page);
        self.first = page <= 1;
        self.open_items.truncate(if self.first { super::pager::PER_PAGE } else { 0 });
    }
}

#[derive(Serialize)]
struct PostmortemRow {
    link: LinkView,
    date: Option<String>,
    severity: Option<Badge>,
    duration: Option<String>,
    open: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct ActionRow {
    title: String,
    owner: Option<String>,
    due: Option<String>,
    status: String,
    kind: &'static str,
    overdue: bool,
    postmortem: LinkView,
}

pub(super) fn postmortems(ctx: &Ctx<'_>) -> PostmortemsView {
    let today = ctx.today();
    let mut rows = Vec::new();
    let mut open_items = Vec::new();
    for id in newest_first_ids(ctx, Kind::Postmortem) {
        let (document, link) = (ctx.doc(id), ctx.link(id));
        let KindData::Postmortem(p) = &document.data else { continue };
        let mut counts = (0, 0);
        for item in p.action_items.iter().filter(|a| a.is_open()) {
            let overdue = item.due.is_some_and(|due| due < today);
            counts.0 += 1;
            counts.1 += usize::from(overdue);
            open_items.push((
                item.due,
                Arc::new(ActionRow {
                    title: item.title.clone(),
                    owner: item.owner.clone(),
                    due: item.due.map(|d| d.to_string()),
                    status: words(item.status.as_str()),
                    kind: item.action_type.as_str(),
                    overdue,
                    postmortem: link.clone(),
                }),
            ));
        }
        rows.push(Arc::new(PostmortemRow {
            link,
            date: p.date.map(|d| d.to_string()),
            severity: badge(document),
            duration: p.duration.clone(),
            open: counts.0,
            overdue: counts.1,
        }));
    }
    // Soonest due first, undated last; a stable sort keeps post-mortems newest first.
    open_items.sort_by_key(|(due, _)| (due.is_none(), *due));
    let overdue = open_items.iter().filter(|(_, row)| row.overdue).count();
    PostmortemsView {
        rows,
        open_total: open_items.len(),
        open_items: open_items.into_iter().map(|(_, row)| row).collect(),
        overdue,
        first: true,
    }
}

/// `/decisions/`: a log per status, oldest number first.
#[derive(Clone, Serialize)]
pub(super) struct DecisionsView {
    groups: Vec<DecisionGroup>,
}

#[derive(Clone, Serialize)]
struct DecisionGroup {
    title: String,
    rows: Vec<Arc<DecisionRow>>,
    /// How many decisions the group has in all, on this page and others.
    count: usize,
    /// Whether the group began on an earlier page.
    continued: bool,
}

super::pager::grouped!(DecisionGroup, rows, Arc<DecisionRow>);

super::pager::paged_groups!(DecisionsView);

#[derive(Serialize)]
struct DecisionRow {
    /// The number the file name starts with (`0004` of `0004-replace-pdf-renderer`).
    number: Option<String>,
    link: LinkView,
    date: Option<String>,
    deciders: Vec<String>,
    supersedes: Vec<LinkView>,
    superseded_by: Vec<LinkView>,
}

pub(super) fn decisions(ctx: &Ctx<'_>) -> DecisionsView {
    let all: Vec<(DocId, &Document)> = ctx.of_kind(Kind::Decision).collect();
    let order = [
        Some(DecisionStatus::Proposed),
        Some(DecisionStatus::Accepted),
        Some(DecisionStatus::Superseded),
        Some(DecisionStatus::Deprecated),
        Some(DecisionStatus::Rejected),
        None,
    ];
    let groups = order
        .iter()
        .map(|&status| {
            let mut rows: Vec<Arc<DecisionRow>> = all
                .iter()
                .filter_map(|&(id, document)| match &document.data {
                    KindData::Decision(d) if d.status == status => Some(Arc::new(DecisionRow {
                        number: number_of(&document.id),
                        link: ctx.link(id),
                        date: d.date.map(|d| d.to_string()),
                        deciders: d.decision_makers.clone(),
                        supersedes: ctx.links(&d.supersedes),
                        superseded_by: ctx.links(&d.superseded_by),
                    })),
                    _ => None,
                })
                .collect();
            rows.sort_by(|a, b| (&a.number, &a.link.title).cmp(&(&b.number, &b.link.title)));
            let title = status
                .map_or_else(|| "Status not recorded".to_string(), |s| capitalise(s.as_str()));
            DecisionGroup { title, count: rows.len(), rows, continued: false }
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    DecisionsView { groups }
}

/// The leading number of an ADR's id: `0004` of `0004-replace-pdf-renderer`.
fn number_of(id: &str) -> Option<String> {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    let rest = id.get(digits.len()..).unwrap_or("");
    (!digits.is_empty() && rest.starts_with(['-', '_'])).then_some(digits)
}

/// `/experiments/`: by status, each with its hypothesis and, once known, its result.
#[derive(Clone, Serialize)]
pub(super) struct ExperimentsView {
    groups: Vec<ExperimentGroup>,
}

#[derive(Clone, Serialize)]
struct ExperimentGroup {
    title: String,
    note: &'static str,
    items: Vec<Arc<ExperimentItem>>,
    /// How many experiments the group has in all, on this page and others.
    count: usize,
    /// Whether the group began on an earlier page.
    continued: bool,
}

super::pager::grouped!(ExperimentGroup, items, Arc<ExperimentItem>);

super::pager::paged_groups!(ExperimentsView);

#[derive(Serialize)]
struct ExperimentItem {
    link: LinkView,
    owners: Vec<String>,
    when: Option<String>,
    metric: Option<LinkView>,
    hypothesis: String,
    result: Option<String>,
}

pub(super) fn experiments(ctx: &Ctx<'_>) -> ExperimentsView {
    let all: Vec<(DocId, &Document)> = ctx.of_kind(Kind::Experiment).collect();
    let order = [
        (ExperimentStatus::Running, "Under way now."),
        (ExperimentStatus::Planned, "Designed, not started."),
        (ExperimentStatus::Concluded, "Finished, with what they showed."),
        (ExperimentStatus::Abandoned, "Stopped early, and why."),
    ];
    let groups = order
        .iter()
        .map(|&(status, note)| {
            let mut items: Vec<Arc<ExperimentItem>> = all
                .iter()
                .filter_map(|&(id, document)| match &document.data {
                    KindData::Experiment(e) if e.status == status => {
                        let when = match (e.start, e.end) {
                            (Some(start), Some(end)) => Some(format!("{start} – {end}")),
                            (Some(start), None) => Some(format!("from {start}")),
                            _ => e.quarter.map(|q| q.to_string()),
                        };
                        Some(Arc::new(ExperimentItem {
                            link: ctx.link(id),
                            owners: document.owners.clone(),
                            when,
                            metric: e.metric.as_ref().and_then(|m| {
                                ctx.links(std::slice::from_ref(m)).into_iter().next()
                            }),
                            hypothesis: e.hypothesis.clone(),
                            result: e.result.clone(),
                        }))
                    }
                    _ => None,
                })
                .collect();
            items.sort_by(|a, b| a.link.title.cmp(&b.link.title));
            let title = capitalise(status.as_str());
            ExperimentGroup { title, note, count: items.len(), items, continued: false }
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    ExperimentsView { groups }
}

/// `/updates/`: newest first, with their highlights and setbacks.
#[derive(Clone, Serialize)]
pub(super) struct UpdatesView {
    items: Vec<Arc<UpdateItem>>,
}

impl super::pager::Paged for UpdatesView {
    fn entries(&self) -> usize {
        self.items.len()
    }
    fn keep(&mut self, page: usize) {
        super::pager::keep_page_of(&mut self.items, page);
    }
}

#[derive(Serialize)]
struct UpdateItem {
    link: LinkView,
    date: Option<String>,
    period: Option<String>,
    summary: Option<String>,
    highlights: Vec<String>,
    setbacks: Vec<String>,
}

pub(super) fn updates(ctx: &Ctx<'_>) -> UpdatesView {
    let items = newest_first_ids(ctx, Kind::Update)
        .into_iter()
        .filter_map(|id| {
            let document = ctx.doc(id);
            let KindData::Update(u) = &document.data else { return None };
            Some(Arc::new(UpdateItem {
                date: u.date.map(|d| d.to_string()),
                period: u.period.clone(),
                summary: document.summary.clone(),
                highlights: u.highlights.clone(),
                setbacks: u.setbacks.clone(),
                link: ctx.link(id),
            }))
        })
        .collect();
    UpdatesView { items }
}

/// `/stakeholders/`: the influence × interest grid, then each stakeholder.
#[derive(Serialize)]
pub(super) struct StakeholdersView {
    /// Interest from low to high: the grid's columns.
    columns: Vec<&'static str>,
    /// Influence from high to low, each with a cell per column.
    rows: Vec<GridRow>,
    /// Stakeholders without an influence or an interest.
    unplaced: Vec<LinkView>,
    people: Vec<StakeholderItem>,
}

#[derive(Serialize)]
struct GridRow {
    influence: &'static str,
    cells: Vec<GridCell>,
}

#[derive(Serialize)]
struct GridCell {
    /// What the quadrant asks for: "Manage closely", "Keep informed", ….
    advice: &'static str,
    links: Vec<LinkView>,
}

#[derive(Serialize)]
struct StakeholderItem {
    link: LinkView,
    group: String,
    influence: Option<&'static str>,
    interest: Option<&'static str>,
    incentives: Vec<String>,
    concerns: Vec<String>,
    pillars: Vec<LinkView>,
}

/// What a quadrant of the grid asks of the strategy's owners.
fn advice(influence: Level, interest: Level) -> &'static str {
    match (influence, interest) {
        (Level::High, Level::High | Level::Medium) => "Manage closely",
        (Level::High, Level::Low) | (Level::Medium, Level::Low) => "Keep satisfied",
        (Level::Medium, _) => "Keep involved",
        (Level::Low, Level::High | Level::Medium) => "Keep informed",
        (Level::Low, Level::Low) => "Monitor",
    }
}

pub(super) fn stakeholders(ctx: &Ctx<'_>) -> StakeholdersView {
    let mut all: Vec<(DocId, &Document)> = ctx.of_kind(Kind::Stakeholder).collect();
    all.sort_by(|a, b| a.1.title.cmp(&b.1.title));
    let levels = [Level::Low, Level::Medium, Level::High];
    let place = |influence: Level, interest: Level| -> Vec<LinkView> {
        all.iter()
            .filter(|(_, d)| {
                matches!(&d.data, KindData::Stakeholder(s) if s.influence == Some(influence) && s.interest == Some(interest))
            })
            .map(|&(id, _)| ctx.link(id))
            .collect()
    };
    let rows = levels
        .iter()
        .rev()
        .map(|&influence| GridRow {
            influence: influence.as_str(),
            cells: levels
                .iter()
                .map(|&interest| GridCell {
                    advice: advice(influence, interest),
                    links: place(influence, interest),
                })
                .collect(),
        })
        .collect();
    let unplaced = all
        .iter()
        .filter(|(_, d)| {
            matches!(&d.data, KindData::Stakeholder(s) if s.influence.is_none() || s.interest.is_none())
        })
        .map(|&(id, _)| ctx.link(id))
        .collect();
    let people = all
        .iter()
        .filter_map(|&(id, document)| match &document.data {
            KindData::Stakeholder(s) => Some(StakeholderItem {
                link: ctx.link(id),
                group: s.group.clone(),
                influence: s.influence.map(Level::as_str),
                interest: s.interest.map(Level::as_str),
                incentives: s.incentives.clone(),
                concerns: s.concerns.clone(),
                pillars: ctx.links(&s.pillars),
            }),
            _ => None,
        })
        .collect();
    StakeholdersView {
        columns: levels.iter().map(|l| l.as_str()).collect(),
        rows,
        unplaced,
        people,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adr_numbers_come_from_the_start_of_the_id() {
        assert_eq!(number_of("0004-replace-pdf-renderer").as_deref(), Some("0004"));
        assert_eq!(number_of("12_use-queues").as_deref(), Some("12"));
        assert_eq!(number_of("use-queues"), None);
        assert_eq!(number_of("2026"), None);
        assert_eq!(number_of("2026q4-plan"), None);
    }

    #[test]
    fn every_quadrant_has_advice() {
        assert_eq!(advice(Level::High, Level::High), "Manage closely");
        assert_eq!(advice(Level::High, Level::Low), "Keep satisfied");
        assert_eq!(advice(Level::Low, Level::High), "Keep informed");
        assert_eq!(advice(Level::Low, Level::Low), "Monitor");
    }
}
