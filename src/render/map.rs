//! The strategy map: the North Star, the pillars that drive it, and each pillar's
//! current work (initiatives now, objectives this quarter) as one tree drawn in SVG at
//! build time, every node a link. The same tree is given as nested lists, for screen
//! readers, print and narrow screens.

use std::fmt::Write as _;

use serde::Serialize;

use super::charts::escape;
use super::context::Ctx;
use super::indexes::sort_by_weight;
use super::views::{LinkView, format_score, words};
use crate::model::kinds::{InitiativeStatus, Kind, KindData};
use crate::model::score::Band;
use crate::model::{DocId, Horizon, Relation};

/// How many items a pillar shows on the map; the rest are one "more" node linking to
/// the pillar's page, so the picture stays readable whatever the size of the strategy.
const ITEMS_PER_PILLAR: usize = 8;

/// Geometry, in SVG user units (pixels at 100%).
const ROW: f64 = 54.0;
const NODE_HEIGHT: f64 = 44.0;
const COLUMNS: [(f64, f64); 3] = [(8.0, 276.0), (324.0, 250.0), (620.0, 512.0)];
const WIDTH: f64 = 1140.0;

/// The map page.
#[derive(Serialize)]
pub(super) struct MapView {
    /// The tree as inline SVG; every text in it is escaped.
    svg: Option<String>,
    /// The same tree, for the list below the picture.
    north_star: Option<LinkView>,
    pillars: Vec<PillarBranch>,
    /// Pillars left out of the map; the index of pillars lists them all.
    pillars_more: usize,
}

#[derive(Serialize)]
struct PillarBranch {
    link: LinkView,
    items: Vec<Leaf>,
    /// How many current items the map leaves out.
    more: usize,
}

/// A node of the map: what it links to, its label, and its colour.
#[derive(Clone, Serialize)]
struct Leaf {
    link: LinkView,
    /// "in progress", "0.62 · at risk".
    state: String,
    tone: &'static str,
}

pub(super) fn map(ctx: &Ctx<'_>) -> MapView {
    let north_star = ctx.north_star().filter(|&id| ctx.is_published(id)).map(|id| ctx.link(id));
    let current = ctx.current_quarter();
    let mut pillars: Vec<DocId> = ctx.of_kind(Kind::Pillar).map(|(id, _)| id).collect();
    sort_by_weight(ctx, &mut pillars);
    let pillars_more = pillars.len().saturating_sub(super::views::SHOWN_PILLARS);
    pillars.truncate(super::views::SHOWN_PILLARS);
    let branches: Vec<PillarBranch> = pillars
        .into_iter()
        .map(|pillar| {
            let mut items: Vec<Leaf> = ctx
                .sources(pillar, Relation::Pillars)
                .into_iter()
                .filter(|&id| ctx.is_published(id))
                .filter_map(|id| leaf(ctx, id, current))
                .collect();
            // Initiatives first, then objectives; each by title.
            items.sort_by(|a, b| (a.link.kind, &a.link.title).cmp(&(b.link.kind, &b.link.title)));
            let more = items.len().saturating_sub(ITEMS_PER_PILLAR);
            items.truncate(ITEMS_PER_PILLAR);
            PillarBranch { link: ctx.link(pillar), items, more }
        })
        .collect();
    let svg = (!branches.is_empty() || north_star.is_some())
        .then(|| draw(north_star.as_ref(), &branches));
    MapView { svg, north_star, pillars: branches, pillars_more }
}

/// A pillar's current item: an initiative in the Now lane, or an objective of this
/// quarter.
fn leaf(ctx: &Ctx<'_>, id: DocId, current: crate::model::Quarter) -> Option<Leaf> {
    let document = ctx.doc(id);
    let (state, tone) = match &document.data {
        KindData::Initiative(i) if ctx.horizon(id) == Some(Horizon::Now) => {
            let tone = if i.status == InitiativeStatus::InProgress { "green" } else { "blue" };
            (words(i.status.as_str()), tone)
        }
        KindData::Objective(o) if o.quarter == Some(current) => match o.score() {
            Some(score) => {
                let band = Band::of(score);
                let tone = match band {
                    Band::OnTrack => "green",
                    Band::AtRisk => "amber",
                    Band::OffTrack => "red",
                };
                (format!("{} · {}", format_score(score), band.as_str()), tone)
            }
            None => ("not scored".to_string(), "grey"),
        },
        _ => return None,
    };
    Some(Leaf { link: ctx.link(id), state, tone })
}

/// Lays the tree out left to right: the North Star, its pillars, their items. Each
/// pillar sits level with the middle of its items, the North Star with the middle of
/// the pillars.
fn draw(north_star: Option<&LinkView>, branches: &[PillarBranch]) -> String {
    let mut nodes = String::new();
    let mut edges = String::new();
    let mut row = 0.0_f64;
    let mut pillar_ys = Vec::new();
    for branch in branches {
        let first = row;
        let mut leaf_ys = Vec::new();
        for item in &branch.items {
            leaf_ys.push(row);
            node(&mut nodes, 2, row, &item.link.title, &item.state, &item.link.url, item.tone);
            row += 1.0;
        }
        if branch.more > 0 {
            let label = format!("and {} more", branch.more);
            leaf_ys.push(row);
            node(&mut nodes, 2, row, &label, "on the pillar's page", &branch.link.url, "plain");
            row += 1.0;
        }
        if leaf_ys.is_empty() {
            row += 1.0;
        }
        let y = (first + row - 1.0) / 2.0;
        node(&mut nodes, 1, y, &branch.link.title, "Pillar", &branch.link.url, "pillar");
        for leaf_y in leaf_ys {
            edge(&mut edges, 1, y, leaf_y);
        }
        pillar_ys.push(y);
        row += 0.4;
    }
    let rows = (row - 0.4).max(1.0);
    if let Some(star) = north_star {
        let y = (rows - 1.0) / 2.0;
        node(&mut nodes, 0, y, &star.title, "North Star", &star.url, "star");
        for pillar_y in pillar_ys {
            edge(&mut edges, 0, y, pillar_y);
        }
    }
    let height = rows * ROW;
    format!(
        "<svg class=\"strategy-map\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"group\" aria-labelledby=\"map-title\"><g class=\"map-edges\" aria-hidden=\"true\">{edges}</g>{nodes}</svg>"
    )
}

/// The vertical middle of a row.
fn middle(row: f64) -> f64 {
    row * ROW + ROW / 2.0
}

/// A node: a link around a box with the label and, under it, its state.
fn node(
    out: &mut String,
    column: usize,
    row: f64,
    label: &str,
    state: &str,
    url: &str,
    tone: &str,
) {
    let (x, width) = COLUMNS[column];
    let top = middle(row) - NODE_HEIGHT / 2.0;
    // About 7 units a character at this size; longer labels end in an ellipsis and
    // keep their whole text in the tooltip and the accessible name.
    let bold = matches!(tone, "star" | "pillar");
    let fits = ((width - 20.0) / if bold { 7.9 } else { 7.2 }) as usize;
    let (shown, state) = (shorten(label, fits), shorten(state, fits + 4));
    // The accessible name is the visible text, word for word (one text element, so
    // the two lines read as one phrase); the tooltip has the whole title when it is
    // cut short, and the list under the map has it too.
    let name = escape(&format!("{shown} {state}"));
    let _ = write!(
        out,
        "<a href=\"{url}\" class=\"map-node tone-{tone}\" aria-label=\"{name}\"><title>{full}</title><rect x=\"{x}\" y=\"{top:.1}\" width=\"{width}\" height=\"{NODE_HEIGHT}\" rx=\"6\"/><text x=\"{tx}\" y=\"{ty:.1}\">{shown} <tspan class=\"map-state\" x=\"{tx}\" y=\"{sy:.1}\">{state}</tspan></text></a>",
        url = escape(url),
        full = escape(&format!("{label} ({state})")),
        tx = x + 10.0,
        ty = top + 18.0,
        sy = top + 35.0,
        shown = escape(&shown),
        state = escape(&state),
    );
}

/// A curve from the right edge of a node in `column` to the left edge of the next.
fn edge(out: &mut String, column: usize, from_row: f64, to_row: f64) {
    let (x, width) = COLUMNS[column];
    let (x1, y1) = (x + width, middle(from_row));
    let (x2, y2) = (COLUMNS[column + 1].0, middle(to_row));
    let bend = (x2 - x1) / 2.0;
    let _ = write!(
        out,
        "<path d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}\"/>",
        x1 + bend,
        x2 - bend
    );
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(title: &str, url: &str) -> LinkView {
        LinkView {
            id: "x".into(),
            title: title.into(),
            url: url.into(),
            kind: "pillar",
            kind_label: "Pillar",
            badge: None,
        }
    }

    #[test]
    fn labels_are_escaped_and_long_ones_shortened() {
        let mut out = String::new();
        let title = "<script>alert(1)</script> and a very long title that goes on and on";
        node(&mut out, 1, 0.0, title, "<b>", "/p/\"x", "pillar");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;") && out.contains("&lt;b&gt;"), "{out}");
        assert!(out.contains("href=\"/p/&quot;x\""), "{out}");
        assert!(out.contains('…'), "{out}");
    }

    #[test]
    fn a_pillar_sits_level_with_the_middle_of_its_items() {
        let item =
            |t: &str| Leaf { link: link(t, "/i/"), state: "in progress".into(), tone: "green" };
        let branch = PillarBranch {
            link: link("P", "/p/"),
            items: vec![item("a"), item("b"), item("c")],
            more: 0,
        };
        let svg = draw(Some(&link("Star", "/s/")), &[branch]);
        // Three rows: items at 20, 60, 100; the pillar and the North Star at 60.
        let pillar = format!("y=\"{:.1}\"", middle(1.0) - NODE_HEIGHT / 2.0);
        assert_eq!(svg.matches(&pillar).count(), 3, "{svg}");
        assert_eq!(svg.matches("<path").count(), 4, "{svg}");
        assert!(svg.contains(&format!("height=\"{}\"", 3.0 * ROW)), "{svg}");
    }

    #[test]
    fn a_long_branch_ends_in_a_link_to_the_pillar() {
        let mut branch = PillarBranch { link: link("P", "/p/"), items: Vec::new(), more: 5 };
        branch.items.push(Leaf { link: link("a", "/a/"), state: "planned".into(), tone: "blue" });
        let svg = draw(None, &[branch]);
        assert!(svg.contains("and 5 more"), "{svg}");
        assert_eq!(svg.matches("href=\"/p/\"").count(), 2, "{svg}");
    }
}
