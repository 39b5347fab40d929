//! Site health (DESIGN §5): what a strategy's readers should know is missing, stale,
//! overdue or out of order. Assessed once per build into [`Health`]: `check` reports
//! each finding as a warning, and the site shows the same findings on `/health/`, on
//! the home page and as badges on the documents they concern. Warnings, never errors:
//! the site still builds.

use crate::diagnostics::{Code, Diagnostic, FileId, Span};

use super::kinds::{
    DecisionStatus, ExperimentStatus, InitiativeStatus, Kind, KindData, MetricType,
};
use super::roadmap::Horizon;
use super::{DocId, Quarter, Relation, Strategy};

/// The fewest and the most pillars a focused strategy has.
pub const PILLARS: std::ops::RangeInclusive<usize> = 2..=4;

/// One thing the strategy's readers should know.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    /// The document it is about; `None` when it is about the strategy as a whole.
    pub subject: Option<DocId>,
    /// Where `check` points.
    pub span: Span,
    /// One lower-case line that names the thing.
    pub message: String,
    /// The message without the document it is about, for a page that shows the
    /// document beside it: "last updated 200 days ago (2026-05-01)".
    pub detail: String,
    /// What to do about it.
    pub help: String,
    /// Other documents that carry its badge: the debt items of a quarter over budget.
    pub also: Vec<DocId>,
}

impl Finding {
    /// The finding as `check` reports it.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code, self.span, self.message.clone()).with_help(self.help.clone())
    }
}

/// Every finding of a strategy, and what each document's findings were decided by.
#[derive(Clone, Debug, Default)]
pub struct Health {
    /// The strategy's own findings first, then each document's, in document order.
    pub findings: Vec<Finding>,
    /// Per document: the other documents whose fields decided whether it has a
    /// finding (a pillar's initiatives, an initiative's dependencies). Besides these,
    /// a document's findings depend on itself and the date.
    pub inputs: Vec<Vec<DocId>>,
    /// Per document: the kinds whose set of documents decided it (a pillar is only
    /// missing a stakeholder when the strategy has stakeholders).
    pub kinds: Vec<Vec<Kind>>,
}

impl Health {
    /// The findings about `id`, and the strategy-wide ones that name it too.
    pub fn of(&self, id: DocId) -> impl Iterator<Item = &Finding> {
        // Findings are in document order after the strategy's own, which are few:
        // one binary search finds the first of `id`'s.
        let wide = self.findings.partition_point(|f| f.subject.is_none());
        let first = self.findings.partition_point(|f| f.subject.is_none_or(|s| s < id));
        let (strategy, documents) = self.findings.split_at(wide);
        let own = documents.get(first - wide..).unwrap_or_default();
        strategy
            .iter()
            .filter(move |f| f.also.contains(&id))
            .chain(own.iter().take_while(move |f| f.subject == Some(id)))
    }
}

/// Assesses the health of `strategy`; site-wide findings point at `site_file`.
pub(super) fn assess(strategy: &Strategy, site_file: FileId, capacity_at: Span) -> Health {
    let count = strategy.documents.len();
    let mut assessment = Assessment {
        strategy,
        site: Span::file_start(site_file),
        capacity_at,
        health: Health {
            findings: Vec::new(),
            inputs: vec![Vec::new(); count],
            kinds: vec![Vec::new(); count],
        },
    };
    assessment.strategy_wide();
    for id in (0..count).map(DocId) {
        assessment.document(id);
    }
    assessment.health
}

struct Assessment<'a> {
    strategy: &'a Strategy,
    site: Span,
    /// Where site.toml sets `capacity_days`, for a quarter over its debt budget.
    capacity_at: Span,
    health: Health,
}

impl Assessment<'_> {
    /// A finding about the strategy as a whole.
    fn push_site(&mut self, code: Code, message: String, help: &str) {
        let (span, help, detail) = (self.site, help.to_string(), message.clone());
        let also = Vec::new();
        self.health.findings.push(Finding {
            code,
            subject: None,
            span,
            message,
            detail,
            help,
            also,
        });
    }

    /// A finding about document `id` whose message says everything without naming it,
    /// so a page shows it whole beside the document ("action item `x` was due …").
    fn push_whole(&mut self, code: Code, id: DocId, span: Span, message: String, help: &str) {
        let (help, detail, also) = (help.to_string(), message.clone(), Vec::new());
        let finding = Finding { code, subject: Some(id), span, message, detail, help, also };
        self.health.findings.push(finding);
    }

    /// A finding about document `id`: `named` names it ("initiative `x`"), `detail`
    /// says the rest ("is still planned but …").
    fn push(
        &mut self,
        code: Code,
        id: DocId,
        span: Span,
        named: String,
        detail: String,
        help: &str,
    ) {
        let message = format!("{named} {detail}");
        let (help, also) = (help.to_string(), Vec::new());
        let finding = Finding { code, subject: Some(id), span, message, detail, help, also };
        self.health.findings.push(finding);
    }

    /// Findings about the strategy as a whole.
    fn strategy_wide(&mut self) {
        let strategy = self.strategy;
        let live = || strategy.documents.iter().filter(|d| !d.draft && !d.is_broken);
        if !strategy.documents.iter().any(|d| d.kind == Kind::Vision) {
            self.push_site(
                Code::NoVision,
                "the strategy has no vision".into(),
                "add content/vision.md with a `statement:` of where you are going",
            );
        }
        let is_north_star = |d: &&super::Document| matches!(&d.data, KindData::Metric(m) if m.metric_type == MetricType::NorthStar);
        if !strategy.documents.iter().any(|d| is_north_star(&d)) {
            self.push_site(
                Code::NoNorthStar,
                "the strategy has no north-star metric".into(),
                "add a metric with `type: north-star` under content/metrics/",
            );
        }
        let pillars = live().filter(|d| d.kind == Kind::Pillar).count();
        if !PILLARS.contains(&pillars) {
            let (few, help) = if pillars < *PILLARS.start() {
                (
                    "fewer than two",
                    "a strategy makes two to four bets; name the pillars the North Star rests on under content/pillars/",
                )
            } else {
                (
                    "more than four",
                    "a strategy makes two to four bets; merge pillars, or make some of them initiatives of the others",
                )
            };
            let counted =
                if pillars == 1 { "1 pillar".into() } else { format!("{pillars} pillars") };
            self.push_site(Code::PillarCount, format!("the strategy has {counted}, {few}"), help);
        }
        let current = strategy.current_quarter();
        // Updates without a date (an error of their own) leave it unknown.
        let dates: Option<Vec<_>> = live()
            .filter_map(|d| match &d.data {
                KindData::Update(u) => Some(u.date),
                _ => None,
            })
            .collect();
        let updated_now = dates
            .as_ref()
            .map(|dates| dates.is_empty() || dates.iter().any(|d| Quarter::of(*d) == current));
        self.debt_budgets();
        if updated_now == Some(false) {
            self.push_site(
                Code::NoUpdateThisQuarter,
                format!("no update is dated in {current}"),
                "write an update under content/updates/ on where the strategy stands this quarter",
            );
        }
    }

    /// A quarter whose planned debt work is over its budget: one finding at
    /// `capacity_days`, whose badge its debt items carry. Each item's badge depends on
    /// every debt item (any of them may move into its quarter): the kind, not a list
    /// of the others, which would grow with the square of a quarter's items.
    fn debt_budgets(&mut self) {
        for quarter in self.strategy.debt_quarters() {
            for &item in &quarter.items {
                self.health.kinds[item.0].push(Kind::Debt);
            }
            let (Some(budget), Some(excess)) = (quarter.budget, quarter.excess()) else { continue };
            if !quarter.over {
                continue;
            }
            // Days to one decimal, without a trailing `.0`.
            let days = |d: f64| format!("{d:.1}").trim_end_matches(".0").to_string();
            let message = format!(
                "debt work planned for {} is {} days, {} over its budget of {} days",
                quarter.quarter,
                days(quarter.effort),
                days(excess),
                days(budget)
            );
            let finding = Finding {
                code: Code::DebtOverBudget,
                subject: None,
                span: self.capacity_at,
                detail: message.clone(),
                message,
                help: "move debt items to a later quarter, or raise `debt_capacity` or that quarter's `capacity_days`".into(),
                also: quarter.items.clone(),
            };
            self.health.findings.push(finding);
        }
    }

    /// Findings about one document.
    fn document(&mut self, id: DocId) {
        let strategy = self.strategy;
        let document = &strategy.documents[id.0];
        if document.draft || document.is_broken {
            return;
        }
        let today = strategy.today;
        let current = strategy.current_quarter();
        let at = Span::file_start(document.file);
        let stale_after = i64::from(strategy.config.stale_after_days);
        // `updated:` says when it was last reviewed; without it, git's last commit of
        // the file does (changes not yet committed are today's).
        let committed =
            || strategy.history.last_changed.get(&document.path).map(|d| d.unwrap_or(today));
        let (updated, said) = match document.updated {
            Some(updated) => (Some(updated), "was last updated"),
            None => (committed(), "was last changed in git"),
        };
        if let Some(updated) = updated {
            let age = today.days_since(updated);
            if age > stale_after {
                self.push(
                    Code::StaleDocument,
                    id,
                    at,
                    format!("`{}`", document.id),
                    format!("{said} {age} days ago ({updated})"),
                    &format!("review it and set `updated:` to today; documents go stale after {stale_after} days"),
                );
            }
        }
        match &document.data {
            KindData::Pillar(_) => self.pillar(id, at, current),
            KindData::Initiative(initiative) => {
                let is_live = matches!(
                    initiative.status,
                    InitiativeStatus::Proposed
                        | InitiativeStatus::Planned
                        | InitiativeStatus::InProgress
                );
                if let Some(range) = initiative.quarters
                    && is_live
                    && range.end < current
                {
                    self.push(
                        Code::InitiativePastQuarters,
                        id,
                        at,
                        format!("initiative `{}`", document.id),
                        format!(
                            "is still {} but was planned to end in {}",
                            initiative.status.as_str().replace('-', " "),
                            range.end
                        ),
                        "set its status (done, cancelled, deprioritized), or move its `quarters` on",
                    );
                }
                self.dependencies(id);
            }
            KindData::Experiment(e) => {
                if let Some(end) = e.end
                    && e.status == ExperimentStatus::Running
                    && end < today
                {
                    self.push(
                        Code::ExperimentOverrun,
                        id,
                        at,
                        format!("experiment `{}`", document.id),
                        format!("is still running; it was to end on {end}"),
                        "conclude or abandon it and write down the result, or move its `end` date",
                    );
                }
            }
            KindData::Metric(m) if m.history.is_empty() => self.push(
                Code::MetricWithoutHistory,
                id,
                at,
                format!("metric `{}`", document.id),
                "has no history".into(),
                "add `history:` with at least one dated value, so its trend can be drawn",
            ),
            KindData::Postmortem(p) => {
                for item in &p.action_items {
                    if let Some(due) = item.due
                        && due < today
                        && item.is_open()
                    {
                        let status = item.status.as_str().replace('-', " ");
                        self.push_whole(
                            Code::OverdueActionItem,
                            id,
                            item.span,
                            format!(
                                "action item `{}` was due {due} and is still {status}",
                                item.title
                            ),
                            "finish it, move its `due` date, or mark it `wontfix` with a reason",
                        );
                    }
                }
            }
            KindData::Decision(d) if !d.status_written => self.push(
                Code::DecisionWithoutStatus,
                id,
                at,
                format!("decision `{}`", document.id),
                "does not record its status".into(),
                "add `status:` (proposed, accepted, rejected, deprecated or superseded) to its front matter, or a `* Status: accepted` line under its title",
            ),
            KindData::Decision(d) if d.status == Some(DecisionStatus::Proposed) => {
                if let Some(date) = d.date
                    && today.days_since(date) > stale_after
                {
                    self.push(
                        Code::StaleProposal,
                        id,
                        at,
                        format!("decision `{}`", document.id),
                        format!("has been proposed since {date}"),
                        "accept or reject it, so people know where it stands",
                    );
                }
            }
            _ => {}
        }
        let graph = &strategy.graph;
        let is_root = Some(id) == graph.vision || Some(id) == graph.north_star;
        // A document that writes a reference links out, even when the reference is
        // broken: that is an error of its own, not an orphan.
        let links_out =
            !document.scanned.links.is_empty() || !document.data.references().is_empty();
        // Decisions, updates and post-mortems are entries of a log, read in order on
        // their index: nothing needs to link to them.
        let is_log_entry =
            matches!(document.kind, Kind::Decision | Kind::Update | Kind::Postmortem);
        if document.kind != Kind::Page
            && !is_log_entry
            && !is_root
            && graph.backlinks[id.0].is_empty()
            && !links_out
        {
            self.push(
                Code::Orphan,
                id,
                at,
                format!("`{}`", document.id),
                "links to nothing and nothing links to it".into(),
                "connect it: name its pillars, or link to it with [[id]] from a related document",
            );
        }
    }

    /// A pillar with no work this quarter, or that no stakeholder cares about.
    fn pillar(&mut self, id: DocId, at: Span, current: Quarter) {
        let strategy = self.strategy;
        let document = &strategy.documents[id.0];
        let pointing: Vec<DocId> = strategy.graph.sources(id, Relation::Pillars).collect();
        let has_work = pointing.iter().any(|&from| {
            let document = &strategy.documents[from.0];
            match &document.data {
                KindData::Initiative(_) => strategy.horizon(document) == Some(Horizon::Now),
                KindData::Objective(o) => o.quarter == Some(current),
                _ => false,
            }
        });
        self.health.inputs[id.0].extend(&pointing);
        if !has_work {
            self.push(
                Code::PillarWithoutWork,
                id,
                at,
                format!("pillar `{}`", document.id),
                format!(
                    "has no work in {current}: no initiative now and no objective this quarter"
                ),
                "plan an initiative or an objective for it, or say why it rests this quarter",
            );
        }
        let live = |d: &DocId| !strategy.documents[d.0].draft && !strategy.documents[d.0].is_broken;
        let has_stakeholders = strategy
            .documents
            .iter()
            .any(|d| d.kind == Kind::Stakeholder && !d.draft && !d.is_broken);
        self.health.kinds[id.0].push(Kind::Stakeholder);
        let cared_for = pointing
            .iter()
            .filter(|d| live(d))
            .any(|&from| strategy.documents[from.0].kind == Kind::Stakeholder);
        if has_stakeholders && !cared_for {
            self.push(
                Code::PillarWithoutStakeholder,
                id,
                at,
                format!("pillar `{}`", document.id),
                "matters to no stakeholder".into(),
                "name the pillar in the `pillars` of the stakeholders it serves, or ask whether it is needed",
            );
        }
    }

    /// An initiative planned to start before an initiative it depends on starts.
    fn dependencies(&mut self, id: DocId) {
        let strategy = self.strategy;
        let document = &strategy.documents[id.0];
        let KindData::Initiative(initiative) = &document.data else { return };
        let Some(range) = initiative.quarters else { return };
        let edges: Vec<_> = strategy.graph.edges_from(id, Relation::DependsOn).cloned().collect();
        for edge in edges {
            self.health.inputs[id.0].push(edge.to);
            let dependency = &strategy.documents[edge.to.0];
            let KindData::Initiative(other) = &dependency.data else { continue };
            let Some(other_range) = other.quarters else { continue };
            let finished = matches!(
                other.status,
                InitiativeStatus::Done
                    | InitiativeStatus::Cancelled
                    | InitiativeStatus::Deprioritized
            );
            if !finished && range.start < other_range.start {
                self.push(
                    Code::DependencyOrder,
                    id,
                    edge.span,
                    format!("`{}`", document.id),
                    format!(
                        "starts in {} but depends on `{}`, which starts in {}",
                        range.start, dependency.id, other_range.start
                    ),
                    "start it after what it depends on, or bring the dependency forward",
                );
            }
        }
    }
}
