//! Charts as inline SVG, drawn at build time: the site makes no request anywhere and
//! needs no JavaScript to show them. Every text that reaches the SVG is escaped here.
//!
//! A line chart labels its value axis (ticks and the unit), the first and the latest
//! values with their dates, and draws the target as a dashed, labelled line; its
//! accessible name says the same in words.

use std::fmt::Write as _;

use super::views::{format_number, with_unit};
use crate::model::kinds::Metric;

/// A point of a chart: where it falls in time (days since the epoch), what the x axis
/// calls it ("2026-Q3", "2026-10-01") and its value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Point {
    pub(crate) day: i64,
    pub(crate) label: String,
    pub(crate) value: f64,
}

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = WIDTH - 24.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = HEIGHT - 30.0;

/// The chart of a metric's history with its target; `None` without history.
pub(crate) fn metric_chart(metric: &Metric, title: &str) -> Option<String> {
    let points: Vec<Point> = metric
        .history
        .iter()
        .map(|p| Point {
            day: p.at.first_day().days_since_epoch(),
            label: match p.at {
                crate::model::When::Quarter(q) => q.to_string(),
                crate::model::When::Date(d) => d.to_string(),
            },
            value: p.value,
        })
        .collect();
    line_chart(title, &points, metric.target, metric.unit.as_deref())
}

/// A line chart of `points` (oldest first) with an optional target line, `title` naming
/// what is drawn. `None` without points or with a value that is not a number.
pub(crate) fn line_chart(
    title: &str,
    points: &[Point],
    target: Option<f64>,
    unit: Option<&str>,
) -> Option<String> {
    let first = points.first()?;
    let last = points.last()?;
    let target = target.filter(|t| t.is_finite());
    if points.iter().any(|p| !p.value.is_finite()) {
        return None;
    }
    let values = points.iter().map(|p| p.value).chain(target);
    let (lo, hi) =
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ticks = ticks(lo, hi);
    let (bottom_value, top_value) = (ticks[0], ticks[ticks.len() - 1]);
    let y = |v: f64| BOTTOM - (BOTTOM - TOP) * (v - bottom_value) / (top_value - bottom_value);
    let (start, end) = (first.day, last.day);
    let x = |day: i64| {
        if end > start {
            LEFT + 8.0 + (RIGHT - LEFT - 16.0) * (day - start) as f64 / (end - start) as f64
        } else {
            (LEFT + RIGHT) / 2.0
        }
    };
    let percent = unit == Some("%");
    let tick_label = |v: f64| if percent { with_unit(v, unit) } else { compact(v) };
    // The unit is the axis's title, so a point's label is its number (or a percentage).
    let value_label = |v: f64| if percent { with_unit(v, unit) } else { format_number(v) };

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"line-chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" font-size=\"14\">",
        escape(&describe(title, points, target, unit)),
    );
    // The value axis: a line per tick, labelled, and the unit above it.
    svg.push_str("<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.18\">");
    for &tick in &ticks {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/>",
            y(tick)
        );
    }
    svg.push_str("</g><g class=\"chart-axis\" fill=\"currentColor\" text-anchor=\"end\">");
    for &tick in &ticks {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{:.1}\">{}</text>",
            LEFT - 6.0,
            y(tick) + 4.0,
            escape(&tick_label(tick))
        );
    }
    svg.push_str("</g>");
    if let Some(unit) = unit.filter(|u| !u.is_empty() && !percent) {
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"4\" y=\"14\" fill=\"currentColor\">{}</text>",
            escape(unit)
        );
    }
    let _ = write!(
        svg,
        "<line class=\"chart-axis-line\" x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{BOTTOM}\" stroke=\"currentColor\"/><line class=\"chart-axis-line\" x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{BOTTOM}\" y2=\"{BOTTOM}\" stroke=\"currentColor\"/>"
    );
    // The target: dashed, labelled at its left end.
    if let Some(t) = target {
        let _ = write!(
            svg,
            "<g class=\"chart-target\"><line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{1}\" y=\"{2:.1}\" fill=\"currentColor\">target {3}</text></g>",
            y(t),
            LEFT + 6.0,
            if y(t) - TOP < 16.0 { y(t) + 16.0 } else { y(t) - 6.0 },
            escape(&with_unit(t, unit)),
        );
    }
    // The line and its points, the latest one larger.
    let mut path = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ =
            write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(p.day), y(p.value));
    }
    let _ = write!(
        svg,
        "<g class=\"chart-series\"><path d=\"{path}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
    );
    for (i, p) in points.iter().enumerate() {
        let r = if i + 1 == points.len() { 4.5 } else { 2.5 };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r}\" fill=\"currentColor\"/>",
            x(p.day),
            y(p.value)
        );
    }
    svg.push_str("</g>");
    // First and latest: value above the point (below when it is at the top), date
    // under the axis.
    let mut ends = vec![(first, "start", points.get(1))];
    if points.len() > 1 {
        ends.push((last, "end", points.get(points.len() - 2)));
    } else {
        ends[0].1 = "middle";
    }
    svg.push_str("<g class=\"chart-labels\" fill=\"currentColor\">");
    for (point, anchor, neighbour) in ends {
        let (px, py) = (x(point.day), y(point.value));
        // Away from the line: below the point when its neighbour is higher.
        let below = neighbour.is_some_and(|n| n.value > point.value) || py - TOP < 14.0;
        let value_y = if below && py + 20.0 < BOTTOM - 2.0 { py + 20.0 } else { py - 10.0 };
        let _ = write!(
            svg,
            "<text class=\"chart-value\" x=\"{px:.1}\" y=\"{value_y:.1}\" text-anchor=\"{anchor}\" font-weight=\"bold\">{}</text><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            escape(&value_label(point.value)),
            BOTTOM + 20.0,
            escape(&point.label),
        );
    }
    svg.push_str("</g></svg>");
    Some(svg)
}

/// The chart in words: "Median time to invoice: 46 hours in 2025-Q4, 22 hours in
/// 2026-Q4; target 12 hours."
fn describe(title: &str, points: &[Point], target: Option<f64>, unit: Option<&str>) -> String {
    let at = |p: &Point| format!("{} in {}", with_unit(p.value, unit), p.label);
    let mut text = match points {
        [] => title.to_string(),
        [only] => format!("{title}: {}", at(only)),
        [first, .., last] => format!("{title}: {}, latest {}", at(first), at(last)),
    };
    if let Some(t) = target {
        let _ = write!(text, "; target {}", with_unit(t, unit));
    }
    text.push('.');
    text
}

/// A tick value in few characters: 100k, 1.5M, 0.25.
fn compact(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1_000_000.0 {
        format!("{}M", format_number(value / 1_000_000.0))
    } else if magnitude >= 10_000.0 {
        format!("{}k", format_number(value / 1_000.0))
    } else {
        format_number(value)
    }
}

/// Three to six evenly spaced round values from at or below `lo` to at or above `hi`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    };
    let rough = (hi - lo) / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    let start = (lo / step).floor() * step;
    let mut ticks = Vec::new();
    let mut at = start;
    // At most a handful of steps: rough ≤ step, so (hi - lo) / step ≤ 4, plus rounding.
    while ticks.len() < 8 {
        ticks.push(if at.abs() < step * 1e-9 { 0.0 } else { at });
        if at >= hi - step * 1e-9 {
            break;
        }
        at = start + step * ticks.len() as f64;
    }
    ticks
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(values: &[(i64, &str, f64)]) -> Vec<Point> {
        values
            .iter()
            .map(|&(day, label, value)| Point { day, label: label.into(), value })
            .collect()
    }

    #[test]
    fn nothing_to_draw_without_points() {
        assert_eq!(line_chart("x", &[], Some(1.0), None), None);
        assert_eq!(line_chart("x", &points(&[(0, "a", f64::NAN)]), None, None), None);
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(ticks(12.0, 46.0), [10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(ticks(74.0, 85.0), [70.0, 75.0, 80.0, 85.0]);
        assert_eq!(ticks(0.0, 1.0), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(ticks(5.0, 5.0), [4.5, 4.75, 5.0, 5.25, 5.5]);
    }

    #[test]
    fn the_target_is_a_labelled_dashed_line_at_its_value() {
        // Ticks 10..=30 by 5: the plot runs from y 150 (10) to y 26 (30), so 20 is at 88;
        // x runs from 60 (day 0) to 328 (day 90).
        let svg = line_chart(
            "Loads",
            &points(&[(0, "2026-Q1", 10.0), (90, "2026-Q2", 30.0)]),
            Some(20.0),
            Some("loads"),
        )
        .unwrap();
        assert!(svg.contains("y1=\"88.0\" y2=\"88.0\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"6 4\""), "{svg}");
        assert!(svg.contains(">target 20 loads</text>"), "{svg}");
        // The line runs from the first point to the latest.
        assert!(svg.contains("d=\"M60.0,150.0 L328.0,26.0\""), "{svg}");
        // Rising: the first value sits above its point, the latest below it.
        assert!(
            svg.contains("y=\"140.0\" text-anchor=\"start\" font-weight=\"bold\">10<"),
            "{svg}"
        );
        assert!(svg.contains("y=\"46.0\" text-anchor=\"end\" font-weight=\"bold\">30<"), "{svg}");
        assert!(svg.contains(">loads</text>"), "the unit titles the axis: {svg}");
    }

    #[test]
    fn first_and_latest_values_and_dates_are_labelled_and_described() {
        let svg = line_chart(
            "Capture",
            &points(&[(0, "2026-Q1", 74.0), (90, "2026-Q2", 77.0), (180, "2026-Q3", 81.0)]),
            Some(85.0),
            Some("%"),
        )
        .unwrap();
        for label in
            [">74%</text>", ">2026-Q1</text>", ">81%</text>", ">2026-Q3</text>", ">85%</text>"]
        {
            assert!(svg.contains(label), "{label} in {svg}");
        }
        // The middle point is drawn but not labelled.
        assert!(!svg.contains(">77%</text>"), "{svg}");
        assert!(!svg.contains(">2026-Q2</text>"), "{svg}");
        assert!(svg.contains(
            "role=\"img\" aria-label=\"Capture: 74% in 2026-Q1, latest 81% in 2026-Q3; target 85%.\""
        ));
    }

    #[test]
    fn large_ticks_are_compact() {
        assert_eq!(compact(100_000.0), "100k");
        assert_eq!(compact(2_500_000.0), "2.5M");
        assert_eq!(compact(9_000.0), "9,000");
        assert_eq!(compact(0.25), "0.25");
    }

    #[test]
    fn every_text_is_escaped() {
        let svg = line_chart(
            "a <b> & \"c\"",
            &points(&[(0, "<q>", 1.0), (1, "x", 2.0)]),
            Some(3.0),
            Some("<u>"),
        )
        .unwrap();
        assert!(!svg.contains("<b>") && !svg.contains("<q>") && !svg.contains("<u>"), "{svg}");
        assert!(
            svg.contains("aria-label=\"a &lt;b&gt; &amp; &quot;c&quot;: 1 &lt;u&gt; in &lt;q&gt;")
        );
        assert!(svg.contains(">&lt;u&gt;</text>"), "{svg}");
    }

    #[test]
    fn a_single_point_is_drawn_in_the_middle_and_labelled_once() {
        let svg = line_chart("One", &points(&[(5, "2026-Q4", 3.0)]), None, None).unwrap();
        assert!(svg.contains("M194.0,"), "{svg}");
        assert_eq!(svg.matches(">2026-Q4</text>").count(), 1, "{svg}");
        assert!(!svg.contains("chart-target"), "{svg}");
    }
}
