//! `/debt/`: technical debt as a portfolio — the risk × impact matrix of open items,
//! every quarter's planned effort against its debt budget, and the register of every
//! item.

use std::sync::Arc;

use serde::Serialize;

use super::context::Ctx;
use super::indexes::sort_by_weight;
use super::terms::{NameLink, name_links};
use super::views::{LinkView, format_number, words};
use crate::model::kinds::{Debt, DebtStatus, Impact, Kind, KindData, Risk};
use crate::model::taxonomy::Facet;
use crate::model::{DebtQuarter, DocId};

const RISKS: [Risk; 4] = [Risk::Critical, Risk::High, Risk::Medium, Risk::Low];
/// The matrix's columns: the costliest first, so the hottest cell is at the top left,
/// where a narrow screen shows it without scrolling.
const IMPACTS: [Impact; 3] = [Impact::High, Impact::Medium, Impact::Low];

/// The page at `/debt/`.
#[derive(Clone, Serialize)]
pub(super) struct DebtView {
    title: &'static str,
    intro: &'static str,
    /// Column headers of the matrix: "Low impact", ….
    impacts: Vec<String>,
    matrix: Vec<MatrixRow>,
    open: usize,
    quarters: Vec<QuarterRow>,
    /// `debt_capacity` as a percentage: "20%".
    share: String,
    /// Whether `capacity_days` gives any quarter a budget.
    budgeted: bool,
    register: Vec<Arc<RegisterRow>>,
    /// How many items the register has, on this page and others.
    register_total: usize,
    /// Whether this is the first page, which shows the matrix and the budget; later
    /// pages go on with the register.
    first: bool,
}

/// The most items a cell of the matrix or a quarter of the budget names; it counts the
/// rest, which the register lists.
const CELL_LINKS: usize = 8;

/// `links` without those past [`CELL_LINKS`], and how many those were.
fn capped(mut links: Vec<LinkView>) -> (Vec<LinkView>, usize) {
    let more = links.len().saturating_sub(CELL_LINKS);
    links.truncate(CELL_LINKS);
    (links, more)
}

impl super::pager::Paged for DebtView {
    fn entries(&self) -> usize {
        self.register.len()
    }
    fn keep(&mut self, page: usize) {
        super::pager::keep_page_of(&mut self.register, page);
        self.first = page <= 1;
    }
}

#[derive(Clone, Serialize)]
struct MatrixRow {
    risk: String,
    cells: Vec<MatrixCell>,
}

#[derive(Clone, Serialize)]
struct MatrixCell {
    /// `cell-critical-high`: the tone of the cell, for its colour.
    tone: String,
    items: Vec<LinkView>,
    more: usize,
}

#[derive(Clone, Serialize)]
struct QuarterRow {
    quarter: String,
    is_current: bool,
    items: Vec<LinkView>,
    more: usize,
    effort: String,
    unestimated: usize,
    capacity: Option<String>,
    budget: Option<String>,
    /// Share of the budget used, whole percent, and the bar's width (at most 100).
    used: Option<u32>,
    bar: Option<u32>,
    over: bool,
    /// The verdict in words: "Over budget by 3 days", "Within budget: 4 days left".
    verdict: String,
}

#[derive(Serialize)]
struct RegisterRow {
    link: LinkView,
    risk: &'static str,
    impact: &'static str,
    effort: Option<String>,
    quarter: Option<String>,
    status: String,
    is_closed: bool,
    owners: Vec<NameLink>,
    outcome: Option<String>,
    metric: Vec<LinkView>,
}

fn days(value: f64) -> String {
    let number = format_number(value);
    if number == "1" { "1 day".into() } else { format!("{number} days") }
}

fn debt_of<'a>(ctx: &Ctx<'a>, id: DocId) -> Option<&'a Debt> {
    match &ctx.doc(id).data {
        KindData::Debt(debt) => Some(debt),
        _ => None,
    }
}

fn is_closed(status: DebtStatus) -> bool {
    matches!(status, DebtStatus::Paid | DebtStatus::Accepted)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

pub(super) fn debt(ctx: &Ctx<'_>) -> DebtView {
    let mut ids: Vec<DocId> = ctx.of_kind(Kind::Debt).map(|(id, _)| id).collect();
    sort_by_weight(ctx, &mut ids);
    let open: Vec<DocId> = ids
        .iter()
        .copied()
        .filter(|&id| debt_of(ctx, id).is_some_and(|d| !is_closed(d.status)))
        .collect();
    let matrix = RISKS
        .iter()
        .map(|&risk| MatrixRow {
            risk: format!("{} risk", capitalised(risk.as_str())),
            cells: IMPACTS
                .iter()
                .map(|&impact| {
                    let (items, more) = capped(
                        open.iter()
                            .filter(|&&id| {
                                debt_of(ctx, id)
                                    .is_some_and(|d| d.risk == risk && d.impact == impact)
                            })
                            .map(|&id| ctx.link(id))
                            .collect(),
                    );
                    MatrixCell {
                        tone: format!("cell-{}-{}", risk.as_str(), impact.as_str()),
                        items,
                        more,
                    }
                })
                .collect(),
        })
        .collect();
    let share = ctx.debt_capacity();
    let budgets = ctx.debt_quarters();
    let current = ctx.current_quarter();
    DebtView {
        title: "Debt",
        intro: "Technical debt as a portfolio: where the risk is, what paying it buys, and \
                whether the debt planned for each quarter fits the capacity set aside for it.",
        impacts: IMPACTS.iter().map(|i| format!("{} impact", capitalised(i.as_str()))).collect(),
        matrix,
        open: open.len(),
        budgeted: budgets.iter().any(|q| q.budget.is_some()),
        quarters: budgets.iter().map(|q| quarter_row(ctx, q, current)).collect(),
        share: format!("{}%", format_number(share * 100.0)),
        register_total: ids.len(),
        register: register(ctx, ids),
        first: true,
    }
}

fn quarter_row(ctx: &Ctx<'_>, q: &DebtQuarter, current: crate::model::Quarter) -> QuarterRow {
    let used = q.budget.filter(|&b| b > 0.0).map(|b| (q.effort / b * 100.0).round() as u32);
    let verdict = match (q.budget, q.excess()) {
        (None, _) => "No capacity set for this quarter".to_string(),
        (_, Some(excess)) => format!("Over budget by {}", days(excess)),
        (Some(budget), None) => format!("Within budget: {} left", days(budget - q.effort)),
    };
    let mut items = q.items.clone();
    sort_by_weight(ctx, &mut items);
    let (items, more) = capped(items.into_iter().map(|id| ctx.link(id)).collect());
    QuarterRow {
        quarter: q.quarter.to_string(),
        is_current: q.quarter == current,
        items,
        more,
        effort: days(q.effort),
        unestimated: q.unestimated,
        capacity: q.capacity_days.map(days),
        budget: q.budget.map(days),
        used,
        bar: used.map(|u| u.min(100)),
        over: q.over,
        verdict,
    }
}

/// Every item: open ones by risk then impact, highest first, then paid or accepted.
fn register(ctx: &Ctx<'_>, ids: Vec<DocId>) -> Vec<Arc<RegisterRow>> {
    let rank = |id: &DocId| {
        debt_of(ctx, *id).map_or((true, 9, 9), |d| {
            let risk = RISKS.iter().position(|&r| r == d.risk).unwrap_or(9);
            let impact = IMPACTS.iter().position(|&i| i == d.impact).unwrap_or(9);
            (is_closed(d.status), risk, impact)
        })
    };
    let mut ids = ids;
    // Stable: ties keep the weight-and-title order.
    ids.sort_by_key(rank);
    ids.into_iter()
        .filter_map(|id| {
            let debt = debt_of(ctx, id)?;
            let document = ctx.doc(id);
            Some(Arc::new(RegisterRow {
                link: ctx.link(id),
                risk: debt.risk.as_str(),
                impact: debt.impact.as_str(),
                effort: debt.effort.map(days),
                quarter: debt.quarter.map(|q| q.to_string()),
                status: words(debt.status.as_str()),
                is_closed: is_closed(debt.status),
                owners: name_links(ctx, Facet::Owner, &document.owners),
                outcome: debt.outcome.clone(),
                metric: ctx.links(debt.metric.as_slice()),
            }))
        })
        .collect()
}
