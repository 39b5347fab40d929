//! Site health as pages show it: the `/health/` page (every finding, grouped by what
//! it is), the home page's "needs attention" panel, and the badges on the documents a
//! finding concerns. The findings are the model's, the same `check` reports.

use std::sync::Arc;

use serde::Serialize;

use super::context::Ctx;
use super::views::{Badge, LinkView, capitalise};
use crate::diagnostics::Code;
use crate::model::{DocId, Finding};

/// How the pages speak of one kind of finding, in the order the health page lists
/// them: what needs doing soonest first.
struct Group {
    code: Code,
    /// The heading on the health page.
    title: &'static str,
    /// The badge on a document it concerns.
    badge: &'static str,
    /// One line on what it means.
    note: &'static str,
}

const GROUPS: &[Group] = &[
    Group {
        code: Code::OverdueActionItem,
        title: "Overdue action items",
        badge: "overdue action item",
        note: "Post-mortem follow-ups past their due date and still open.",
    },
    Group {
        code: Code::InitiativePastQuarters,
        title: "Work past its quarters",
        badge: "past its quarters",
        note: "Initiatives still open after the quarters they were planned for.",
    },
    Group {
        code: Code::DependencyOrder,
        title: "Scheduled before a dependency",
        badge: "starts before a dependency",
        note: "Initiatives planned to start before the work they depend on starts.",
    },
    Group {
        code: Code::ExperimentOverrun,
        title: "Experiments past their end date",
        badge: "past its end date",
        note: "Experiments still running after the date they were to stop.",
    },
    Group {
        code: Code::PillarWithoutWork,
        title: "Pillars without current work",
        badge: "no current work",
        note: "Pillars with no initiative now and no objective this quarter.",
    },
    Group {
        code: Code::PillarWithoutStakeholder,
        title: "Pillars no stakeholder cares about",
        badge: "no stakeholder",
        note: "Pillars that no stakeholder names among the pillars they care about.",
    },
    Group {
        code: Code::DebtOverBudget,
        title: "Debt over budget",
        badge: "over capacity",
        note: "Quarters whose planned debt work exceeds debt_capacity × capacity_days.",
    },
    Group {
        code: Code::StaleProposal,
        title: "Decisions stuck in proposed",
        badge: "stuck in proposed",
        note: "Proposed decisions nobody has accepted or rejected for a long time.",
    },
    Group {
        code: Code::DecisionWithoutStatus,
        title: "Decisions without a status",
        badge: "status not recorded",
        note: "Decisions that do not say whether they were proposed, accepted, rejected or superseded.",
    },
    Group {
        code: Code::StaleDocument,
        title: "Stale documents",
        badge: "stale",
        note: "Documents nobody has reviewed for longer than the site allows.",
    },
    Group {
        code: Code::MetricWithoutHistory,
        title: "Metrics without history",
        badge: "no history",
        note: "Metrics with no recorded values, so no trend can be drawn.",
    },
    Group {
        code: Code::Orphan,
        title: "Orphans",
        badge: "orphan",
        note: "Documents that link to nothing and that nothing links to.",
    },
    Group {
        code: Code::NoVision,
        title: "The strategy as a whole",
        badge: "",
        note: "What the strategy itself is missing.",
    },
];

/// The group a finding belongs to: its own, or the strategy as a whole.
fn group_of(finding: &Finding) -> usize {
    let last = GROUPS.len() - 1;
    GROUPS.iter().position(|g| g.code == finding.code).unwrap_or(last)
}

/// One finding on a page.
#[derive(Serialize)]
pub(super) struct FindingView {
    /// The document it concerns, when it concerns one and that one is published.
    link: Option<LinkView>,
    /// What is wrong, as a sentence of its own.
    message: String,
    /// What is wrong, to follow the document's title in a line.
    detail: String,
    /// The group's title, for lists that mix groups.
    group: &'static str,
}

/// A group of findings on the health page.
#[derive(Clone, Serialize)]
pub(super) struct GroupView {
    /// An anchor for the group: the finding's code.
    id: &'static str,
    title: &'static str,
    note: &'static str,
    findings: Vec<Arc<FindingView>>,
    /// How many findings the group has, on this page and others.
    count: usize,
    /// Whether the group began on an earlier page.
    continued: bool,
    /// Where the group begins: its page of the health page, and its anchor.
    url: String,
}

super::pager::grouped!(GroupView, findings, Arc<FindingView>);
super::pager::paged_groups!(HealthView);

/// The `/health/` page.
#[derive(Clone, Serialize)]
pub(super) struct HealthView {
    total: usize,
    /// Every group, for the line at the top of every page.
    summary: Vec<GroupLink>,
    groups: Vec<GroupView>,
}

/// A group in the line at the top of the health page.
#[derive(Clone, Serialize)]
pub(super) struct GroupLink {
    title: &'static str,
    count: usize,
    url: String,
}

/// The home page's panel: the first findings, and how many there are in all.
#[derive(Serialize)]
pub(super) struct AttentionView {
    findings: Vec<FindingView>,
    total: usize,
    url: String,
}

/// How many findings the home page shows before pointing at the health page.
const ON_HOME: usize = 5;

fn finding_view(ctx: &Ctx<'_>, finding: &Finding) -> FindingView {
    let link = match finding.subject {
        Some(id) => ctx.is_published(id).then(|| ctx.link(id)),
        // A quarter over its debt budget is shown on the debt portfolio.
        None if finding.code == Code::DebtOverBudget => Some(LinkView {
            id: "debt".into(),
            title: "Debt portfolio".into(),
            url: ctx.url("debt/"),
            kind: "debt",
            kind_label: "Budget by quarter",
            badge: None,
        }),
        None => None,
    };
    // Beside a link to the document, the detail; alone, the whole message. Both name
    // things between backticks, for the terminal.
    let said = if link.is_some() { &finding.detail } else { &finding.message };
    let detail = said.replace('`', "");
    let message = capitalise(&detail);
    FindingView { link, message, detail, group: GROUPS[group_of(finding)].title }
}

/// Every finding, by group, in document order within a group.
fn grouped<'a>(ctx: &Ctx<'a>) -> Vec<(usize, Vec<&'a Finding>)> {
    let mut groups: Vec<Vec<&Finding>> = GROUPS.iter().map(|_| Vec::new()).collect();
    for finding in ctx.all_findings() {
        groups[group_of(finding)].push(finding);
    }
    groups.into_iter().enumerate().filter(|(_, g)| !g.is_empty()).collect()
}

pub(super) fn page(ctx: &Ctx<'_>) -> HealthView {
    let first = super::routes::UrlPath::from(super::routes::HEALTH);
    let mut before = 0;
    let groups: Vec<GroupView> = grouped(ctx)
        .into_iter()
        .map(|(i, findings)| {
            let id = GROUPS[i].code.as_str();
            let page = super::pager::page_url(&first, before / super::pager::PER_PAGE + 1);
            before += findings.len();
            GroupView {
                id,
                title: GROUPS[i].title,
                note: GROUPS[i].note,
                count: findings.len(),
                continued: false,
                url: format!("{}#{id}", ctx.url(page.as_str())),
                findings: findings.into_iter().map(|f| Arc::new(finding_view(ctx, f))).collect(),
            }
        })
        .collect();
    let summary = groups
        .iter()
        .map(|g| GroupLink { title: g.title, count: g.count, url: g.url.clone() })
        .collect();
    HealthView { total: groups.iter().map(|g| g.findings.len()).sum(), summary, groups }
}

/// The home page's "needs attention" panel: the most pressing findings first.
pub(super) fn attention(ctx: &Ctx<'_>) -> AttentionView {
    let all: Vec<&Finding> = grouped(ctx).into_iter().flat_map(|(_, g)| g).collect();
    AttentionView {
        total: all.len(),
        findings: all.iter().take(ON_HOME).map(|f| finding_view(ctx, f)).collect(),
        url: ctx.url(super::routes::HEALTH),
    }
}

/// A document's findings as badges, one per kind of finding, and their messages.
pub(super) fn of_document(ctx: &Ctx<'_>, id: DocId) -> (Vec<Badge>, Vec<String>) {
    let findings = ctx.findings(id);
    let mut badges: Vec<Badge> = Vec::new();
    for finding in &findings {
        let group = &GROUPS[group_of(finding)];
        if !group.badge.is_empty() && !badges.iter().any(|b| b.label == group.badge) {
            badges.push(Badge::new(group.badge, "attention"));
        }
    }
    let messages = findings.iter().map(|f| capitalise(&f.detail.replace('`', ""))).collect();
    (badges, messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_health_code_has_a_group_and_a_badge() {
        let site_wide =
            [Code::NoVision, Code::NoNorthStar, Code::PillarCount, Code::NoUpdateThisQuarter];
        for code in [
            Code::OverdueActionItem,
            Code::InitiativePastQuarters,
            Code::DependencyOrder,
            Code::ExperimentOverrun,
            Code::PillarWithoutWork,
            Code::PillarWithoutStakeholder,
            Code::StaleProposal,
            Code::DecisionWithoutStatus,
            Code::StaleDocument,
            Code::MetricWithoutHistory,
            Code::Orphan,
            Code::DebtOverBudget,
        ] {
            let group = GROUPS.iter().find(|g| g.code == code);
            assert!(group.is_some_and(|g| !g.badge.is_empty()), "{code:?}");
        }
        for code in site_wide {
            assert!(!GROUPS[..GROUPS.len() - 1].iter().any(|g| g.code == code), "{code:?}");
        }
    }
}
