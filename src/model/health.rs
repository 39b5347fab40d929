//! Site health (DESIGN §5): what a strategy's readers should know is missing, stale or
//! overdue. Warnings, never errors: the site still builds.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};

use super::kinds::{DecisionStatus, Kind, KindData, MetricType};
use super::roadmap::Horizon;
use super::{DocId, Relation, Strategy};

/// Pushes every health warning of `strategy`; site-wide ones point at `site_file`.
pub(super) fn check(strategy: &Strategy, site_file: FileId, diagnostics: &mut Diagnostics) {
    let site = Span::file_start(site_file);
    if !strategy.documents.iter().any(|d| d.kind == Kind::Vision) {
        diagnostics.push(
            Diagnostic::new(Code::NoVision, site, "the strategy has no vision")
                .with_help("add content/vision.md with a `statement:` of where you are going"),
        );
    }
    if !strategy
        .documents
        .iter()
        .any(|d| matches!(&d.data, KindData::Metric(m) if m.metric_type == MetricType::NorthStar))
    {
        diagnostics.push(
            Diagnostic::new(Code::NoNorthStar, site, "the strategy has no north-star metric")
                .with_help("add a metric with `type: north-star` under content/metrics/"),
        );
    }
    let current = strategy.current_quarter();
    let stale_after = i64::from(strategy.config.stale_after_days);
    // A document that writes a reference links out, even when the reference is broken:
    // that is an error of its own, not an orphan.
    let links_out: Vec<bool> = strategy
        .documents
        .iter()
        .map(|d| !d.scanned.links.is_empty() || !d.data.references().is_empty())
        .collect();
    for (i, document) in strategy.documents.iter().enumerate() {
        if document.draft || document.is_broken {
            continue;
        }
        let at = Span::file_start(document.file);
        if let Some(updated) = document.updated {
            let age = strategy.today.days_since(updated);
            if age > stale_after {
                diagnostics.push(
                    Diagnostic::new(
                        Code::StaleDocument,
                        at,
                        format!("`{}` was last updated {age} days ago ({updated})", document.id),
                    )
                    .with_help(format!(
                        "review it and set `updated:` to today; documents go stale after {stale_after} days"
                    )),
                );
            }
        }
        match &document.data {
            KindData::Pillar(_) if !has_current_work(strategy, DocId(i), current) => diagnostics.push(
                Diagnostic::new(
                    Code::PillarWithoutWork,
                    at,
                    format!("pillar `{}` has no work in {current}: no initiative now and no objective this quarter", document.id),
                )
                .with_help("plan an initiative or an objective for it, or say why it rests this quarter"),
            ),
            KindData::Postmortem(p) => {
                for item in &p.action_items {
                    if let Some(due) = item.due
                        && due < strategy.today
                        && item.is_open()
                    {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::OverdueActionItem,
                                item.span,
                                format!("action item `{}` was due {due} and is still {}", item.title, item.status.as_str()),
                            )
                            .with_help("finish it, move its `due` date, or mark it `wontfix` with a reason"),
                        );
                    }
                }
            }
            KindData::Decision(d) if d.status == DecisionStatus::Proposed => {
                if let Some(date) = d.date
                    && strategy.today.days_since(date) > stale_after
                {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::StaleProposal,
                            at,
                            format!("decision `{}` has been proposed since {date}", document.id),
                        )
                        .with_help("accept or reject it, so people know where it stands"),
                    );
                }
            }
            _ => {}
        }
        let is_root =
            Some(DocId(i)) == strategy.graph.vision || Some(DocId(i)) == strategy.graph.north_star;
        if document.kind != Kind::Page
            && !is_root
            && strategy.graph.backlinks[i].is_empty()
            && !links_out[i]
        {
            diagnostics.push(
                Diagnostic::new(Code::Orphan, at, format!("`{}` links to nothing and nothing links to it", document.id))
                    .with_help("connect it: name its pillars, or link to it with [[id]] from a related document"),
            );
        }
    }
}

fn has_current_work(strategy: &Strategy, pillar: DocId, current: super::Quarter) -> bool {
    strategy.graph.sources(pillar, Relation::Pillars).any(|from| {
        let document = &strategy.documents[from.0];
        match &document.data {
            KindData::Initiative(_) => strategy.horizon(document) == Some(Horizon::Now),
            KindData::Objective(o) => o.quarter == Some(current),
            _ => false,
        }
    })
}
