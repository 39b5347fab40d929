//! The small serializable values templates see: links, badges, cards, and how numbers,
//! kinds and statuses are written for people. No HTML is built here: templates escape
//! every value.

use serde::Serialize;

use crate::model::kinds::{DebtStatus, InitiativeStatus, MetricType, Risk};
use crate::model::score::Band;
use crate::model::{Document, Horizon, Kind, KindData};

/// A link to a document, with what a list needs to show beside it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LinkView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) kind: &'static str,
    pub(crate) kind_label: &'static str,
    pub(crate) badge: Option<Badge>,
}

/// A short status label with a tone for its colour (`status-in-progress`, `band-at-risk`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Badge {
    pub(crate) label: String,
    pub(crate) tone: String,
}

impl Badge {
    pub(crate) fn new(label: impl Into<String>, tone: impl Into<String>) -> Badge {
        Badge { label: label.into(), tone: tone.into() }
    }
}

/// A document in an index or on the home page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Card {
    pub(crate) link: LinkView,
    pub(crate) summary: Option<String>,
    /// Short facts shown under the title ("Q4 2026", "owner: Ana").
    pub(crate) meta: Vec<String>,
    pub(crate) progress: Option<Progress>,
    /// Inline SVG made by `charts`; templates print it with `| safe`.
    pub(crate) chart: Option<String>,
}

/// A progress bar: 0–100 and what it says.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Progress {
    pub(crate) percent: u32,
    pub(crate) label: String,
    pub(crate) tone: String,
}

impl Progress {
    /// The bar of a score in 0..=1.
    pub(crate) fn of_score(score: f64) -> Progress {
        let band = Band::of(score);
        Progress {
            percent: (score.clamp(0.0, 1.0) * 100.0).round() as u32,
            label: format!("{} · {}", format_score(score), band.as_str()),
            tone: band_tone(band),
        }
    }
}

/// The most pillars (or principles) a summary page shows: a strategy has two to four
/// pillars, and more than four is a health finding; each kind's index lists them all.
pub(crate) const SHOWN_PILLARS: usize = 12;

/// A titled group of cards.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Group {
    pub(crate) title: String,
    pub(crate) note: Option<String>,
    pub(crate) cards: Vec<Card>,
    /// How many cards the group has in all, on this page and others.
    count: usize,
    /// Whether the group began on an earlier page.
    continued: bool,
    /// Where all of them are listed, when this shows only the first few.
    more_url: Option<String>,
}

impl Group {
    pub(crate) fn new(title: String, note: Option<String>, cards: Vec<Card>) -> Group {
        Group { title, note, count: cards.len(), cards, continued: false, more_url: None }
    }

    /// A page of a group that has `count` cards in all.
    pub(crate) fn page_of(
        title: String,
        note: Option<String>,
        cards: Vec<Card>,
        count: usize,
        continued: bool,
    ) -> Group {
        Group { title, note, cards, count, continued, more_url: None }
    }

    /// The group with at most `limit` cards, linking to `more_url` for the rest: a
    /// summary on a page that must not grow with the site.
    pub(crate) fn capped(mut self, limit: usize, more_url: String) -> Group {
        if self.cards.len() > limit {
            self.cards.truncate(limit);
            self.more_url = Some(more_url);
        }
        self
    }
}

super::pager::grouped!(Group, cards, Card);

/// "Initiative".
pub(crate) fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Vision => "Vision",
        Kind::Principle => "Principle",
        Kind::Metric => "Metric",
        Kind::Pillar => "Pillar",
        Kind::Initiative => "Initiative",
        Kind::Objective => "Objective",
        Kind::Debt => "Debt",
        Kind::Experiment => "Experiment",
        Kind::Postmortem => "Post-mortem",
        Kind::Decision => "Decision",
        Kind::Update => "Update",
        Kind::Stakeholder => "Stakeholder",
        Kind::Page => "Page",
    }
}

/// "Initiatives": index titles and navigation.
pub(crate) fn kind_plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Vision => "Vision",
        Kind::Principle => "Principles",
        Kind::Metric => "Metrics",
        Kind::Pillar => "Pillars",
        Kind::Initiative => "Initiatives",
        Kind::Objective => "OKRs",
        Kind::Debt => "Debt",
        Kind::Experiment => "Experiments",
        Kind::Postmortem => "Post-mortems",
        Kind::Decision => "Decisions",
        Kind::Update => "Updates",
        Kind::Stakeholder => "Stakeholders",
        Kind::Page => "Pages",
    }
}

/// Words for a status name: `in-progress` → "in progress".
pub(crate) fn words(name: &str) -> String {
    name.replace('-', " ")
}

/// The text with its first letter in upper case: "Was due …".
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "Now", "Next", ….
pub(crate) fn horizon_label(horizon: Horizon) -> &'static str {
    match horizon {
        Horizon::Now => "Now",
        Horizon::Next => "Next",
        Horizon::Later => "Later",
        Horizon::Done => "Done",
        Horizon::Exploratory => "Exploratory",
        Horizon::Deprioritized => "Deprioritized",
        Horizon::Cancelled => "Cancelled",
    }
}

/// What a roadmap column holds, said once for the roadmap and the initiative index.
pub(crate) fn horizon_note(horizon: Horizon) -> Option<&'static str> {
    match horizon {
        Horizon::Now => Some("In progress, or planned for this quarter."),
        Horizon::Next => Some("Planned to start next quarter."),
        Horizon::Later => Some("Further out, or not yet scheduled."),
        Horizon::Done => None,
        Horizon::Exploratory => Some("Worth learning about; no commitment yet."),
        Horizon::Deprioritized => Some("Set aside on purpose; each says why."),
        Horizon::Cancelled => Some("Stopped; each says why."),
    }
}

pub(crate) fn band_tone(band: Band) -> String {
    format!("band-{}", words(band.as_str()).replace(' ', "-"))
}

/// A score to two decimals: 0.74.
pub(crate) fn format_score(score: f64) -> String {
    format!("{score:.2}")
}

/// A number as people write it: no trailing zeros, thousands separated.
pub(crate) fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{frac}") }
}

/// A value with its unit: "42 %", "1,200 loads".
pub(crate) fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", format_number(value)),
        Some(unit) if !unit.is_empty() => format!("{} {unit}", format_number(value)),
        _ => format_number(value),
    }
}

/// The badge a document shows beside its title, if its kind has one.
pub(crate) fn badge(document: &Document) -> Option<Badge> {
    match &document.data {
        KindData::Initiative(i) => Some(initiative_badge(i.status)),
        KindData::Objective(o) => o.score().map(|s| {
            let band = Band::of(s);
            Badge::new(format!("{} · {}", format_score(s), band.as_str()), band_tone(band))
        }),
        KindData::Metric(m) => Some(match m.metric_type {
            MetricType::NorthStar => Badge::new("North Star", "type-north-star"),
            MetricType::Leading => Badge::new("leading", "type-leading"),
            MetricType::Kpi => Badge::new("KPI", "type-kpi"),
        }),
        KindData::Debt(d) => Some(risk_badge(d.risk, d.status)),
        KindData::Experiment(e) => {
            Some(Badge::new(e.status.as_str(), format!("status-{}", e.status.as_str())))
        }
        KindData::Postmortem(p) => Some(Badge::new(
            p.severity.as_str().to_uppercase(),
            format!("severity-{}", p.severity.as_str()),
        )),
        KindData::Decision(d) => Some(match d.status {
            Some(status) => Badge::new(status.as_str(), format!("status-{}", status.as_str())),
            None => Badge::new(d.status_label(), "status-not-recorded"),
        }),
        KindData::Stakeholder(s) => s.influence.map(|i| {
            Badge::new(format!("{} influence", i.as_str()), format!("level-{}", i.as_str()))
        }),
        _ => None,
    }
}

pub(crate) fn initiative_badge(status: InitiativeStatus) -> Badge {
    Badge::new(words(status.as_str()), format!("status-{}", status.as_str()))
}

fn risk_badge(risk: Risk, status: DebtStatus) -> Badge {
    if matches!(status, DebtStatus::Paid | DebtStatus::Accepted) {
        return Badge::new(status.as_str(), format!("status-{}", status.as_str()));
    }
    Badge::new(format!("{} risk", risk.as_str()), format!("risk-{}", risk.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(format_number(29800.0), "29,800");
        assert_eq!(format_number(1234567.5), "1,234,567.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-3.456), "-3.46");
        assert_eq!(format_number(100.0), "100");
    }

    #[test]
    fn units_follow_values() {
        assert_eq!(with_unit(42.0, Some("%")), "42%");
        assert_eq!(with_unit(1200.0, Some("loads")), "1,200 loads");
        assert_eq!(with_unit(3.0, None), "3");
    }
}
