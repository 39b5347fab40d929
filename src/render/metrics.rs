//! `/metrics/`: the North Star as a hero, then the leading indicators and the KPIs side
//! by side, each with its numbers and its chart.

use std::sync::Arc;

use serde::Serialize;

use super::charts::metric_chart;
use super::context::Ctx;
use super::indexes::sort_by_weight;
use super::views::{LinkView, Progress, with_unit};
use crate::model::DocId;
use crate::model::kinds::{Direction, Kind, KindData, Metric, MetricType};
use crate::model::score::progress;

/// The metrics dashboard.
#[derive(Clone, Serialize)]
pub(super) struct MetricsView {
    title: &'static str,
    intro: &'static str,
    north_stars: Vec<Arc<MetricPanel>>,
    columns: Vec<MetricColumn>,
}

#[derive(Clone, Serialize)]
struct MetricColumn {
    title: &'static str,
    note: &'static str,
    metrics: Vec<Arc<MetricPanel>>,
    /// How many metrics the column has, on this page and others.
    count: usize,
    /// Whether the column began on an earlier page.
    continued: bool,
}

/// A metric's numbers and chart.
#[derive(Serialize)]
pub(super) struct MetricPanel {
    link: LinkView,
    summary: Option<String>,
    owners: Vec<String>,
    #[serde(flatten)]
    numbers: MetricNumbers,
}

/// What every view of a metric shows: its numbers, the way to read them and its chart.
#[derive(Serialize)]
pub(super) struct MetricNumbers {
    definition: String,
    #[serde(rename = "type")]
    metric_type: &'static str,
    baseline: Option<String>,
    current: Option<String>,
    /// When the current value was measured.
    current_at: Option<String>,
    target: Option<String>,
    direction: &'static str,
    /// "lower is better" or "higher is better".
    direction_label: &'static str,
    progress: Option<Progress>,
    /// Inline SVG made by `charts`; templates print it with `| safe`.
    chart: Option<String>,
}

/// A metric's numbers, its progress from baseline to target and its chart.
pub(super) fn numbers(m: &Metric, title: &str) -> MetricNumbers {
    let unit = m.unit.as_deref();
    let current = m.current();
    let progress = match (m.baseline, current, m.target) {
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
    MetricNumbers {
        definition: m.definition.clone(),
        metric_type: m.metric_type.as_str(),
        baseline: m.baseline.map(|v| with_unit(v, unit)),
        current: current.map(|v| with_unit(v, unit)),
        current_at: m.history.last().map(|p| match p.at {
            crate::model::When::Quarter(q) => q.to_string(),
            crate::model::When::Date(d) => d.to_string(),
        }),
        target: m.target.map(|v| with_unit(v, unit)),
        direction: m.direction.as_str(),
        direction_label: direction_label(m.direction),
        progress,
        chart: metric_chart(m, title),
    }
}

/// How to read a metric's values.
pub(super) fn direction_label(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "higher is better",
        Direction::Down => "lower is better",
    }
}

pub(super) fn panel(ctx: &Ctx<'_>, id: DocId) -> Option<MetricPanel> {
    let document = ctx.doc(id);
    let KindData::Metric(m) = &document.data else { return None };
    Some(MetricPanel {
        link: ctx.link(id),
        summary: document.summary.clone(),
        owners: document.owners.clone(),
        numbers: numbers(m, &document.title),
    })
}

super::pager::grouped!(MetricColumn, metrics, Arc<MetricPanel>);

/// The North Star leads the first page; the columns are paged.
impl super::pager::Paged for MetricsView {
    fn entries(&self) -> usize {
        super::pager::count(&self.columns)
    }
    fn keep(&mut self, page: usize) {
        super::pager::keep_page(&mut self.columns, page);
        if page > 1 {
            self.north_stars.clear();
        }
    }
}

impl MetricColumn {
    fn new(
        title: &'static str,
        note: &'static str,
        metrics: Vec<Arc<MetricPanel>>,
    ) -> MetricColumn {
        MetricColumn { title, note, count: metrics.len(), metrics, continued: false }
    }
}

pub(super) fn dashboard(ctx: &Ctx<'_>) -> MetricsView {
    let of_type = |t: MetricType| -> Vec<Arc<MetricPanel>> {
        let mut ids: Vec<DocId> = ctx
            .of_kind(Kind::Metric)
            .filter(|(_, d)| matches!(&d.data, KindData::Metric(m) if m.metric_type == t))
            .map(|(id, _)| id)
            .collect();
        sort_by_weight(ctx, &mut ids);
        ids.into_iter().filter_map(|id| panel(ctx, id).map(Arc::new)).collect()
    };
    MetricsView {
        title: "Metrics",
        intro: super::indexes::intro(Kind::Metric),
        north_stars: of_type(MetricType::NorthStar),
        columns: vec![
            MetricColumn::new(
                "Leading indicators",
                "Move within a quarter and predict the North Star.",
                of_type(MetricType::Leading),
            ),
            MetricColumn::new(
                "KPIs",
                "Health of the business; watched, not steered by one team.",
                of_type(MetricType::Kpi),
            ),
        ],
    }
}
