//! What changed, from git: `/changes/` (the latest quarter in full, `--since` when
//! asked, and every earlier quarter), `/changes/<quarter>/`, and the same entries as
//! Markdown to paste into an email or a chat (`/changes/<quarter>.md`) and in the
//! Atom feed. The entries are the model's ([`crate::model::history`]); this module
//! says them in words.

use std::fmt::Write as _;

use serde::Serialize;

use super::context::Ctx;
use super::routes::UrlPath;
use super::views::{format_number, format_score, horizon_label, kind_label, words};
use crate::model::history::{Change, Period, SECTIONS, What, section_of};
use crate::model::{DocId, Quarter};

/// The URL of the index of changes.
pub(crate) const CHANGES: &str = "changes/";

/// The URL of a quarter's changes: `changes/2026-q3/`.
pub(crate) fn quarter_url(quarter: Quarter) -> UrlPath {
    UrlPath::from(format!("{CHANGES}{}/", quarter.to_string().to_lowercase()).as_str())
}

/// The URL of a quarter's digest: `changes/2026-q3.md`.
pub(crate) fn digest_url(quarter: Quarter) -> UrlPath {
    UrlPath::from(format!("{CHANGES}{}.md", quarter.to_string().to_lowercase()).as_str())
}

/// The quarters with a page of changes, oldest first.
pub(crate) fn quarters(ctx: &Ctx<'_>) -> Vec<Quarter> {
    ctx.history().quarters.iter().filter_map(|p| p.quarter).collect()
}

/// `/changes/`.
#[derive(Serialize)]
pub(super) struct ChangesView {
    /// What changed since `--since`.
    since: Option<PeriodView>,
    /// The latest quarter's changes, in full.
    latest: Option<PeriodView>,
    /// Every earlier quarter, newest first.
    earlier: Vec<QuarterLink>,
}

/// A quarter in the list of earlier quarters.
#[derive(Serialize)]
struct QuarterLink {
    title: String,
    url: String,
    digest_url: String,
    /// "3 in roadmap, 1 in OKRs".
    counts: String,
    total: usize,
}

/// One period's changes, by section.
#[derive(Serialize)]
pub(super) struct PeriodView {
    title: String,
    /// Where it starts and ends, in words: "from the end of 2026-Q2 (2026-06-10,
    /// commit 1a2b3c4d5e) to the end of 2026-Q3 (…)".
    span: String,
    quarter: Option<String>,
    url: Option<String>,
    digest_url: Option<String>,
    sections: Vec<SectionView>,
    total: usize,
    previous: Option<Nav>,
    next: Option<Nav>,
}

#[derive(Serialize)]
struct Nav {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct SectionView {
    title: &'static str,
    id: String,
    entries: Vec<EntryView>,
}

/// One change in words.
#[derive(Serialize)]
struct EntryView {
    title: String,
    /// The document's page, when it is still published.
    url: Option<String>,
    kind_label: &'static str,
    /// What happened, in a word or two: "Moved", "Slipped", "Score".
    tag: &'static str,
    /// What happened: "Moved from Next to Now"; empty when the tag says it all.
    what: String,
    /// A tone for its marker: added, removed, moved, slipped, set-aside, score-up, …
    tone: &'static str,
    /// The commit's day, or "not yet committed".
    date: String,
}

/// The home page's link to what changed since last quarter.
#[derive(Serialize)]
pub(super) struct HomeLink {
    /// "What changed since last quarter", or since the first commit when the history
    /// begins this quarter.
    title: String,
    url: String,
    /// "3 roadmap, 1 okrs".
    counts: String,
}

/// The home page's link to `/changes/`, when there are changes to show.
pub(super) fn home_link(ctx: &Ctx<'_>) -> Option<HomeLink> {
    let latest = ctx.history().quarters.last()?;
    ctx.read_all_kinds();
    let title = match latest.from.label.as_str() {
        crate::model::history::FIRST_COMMIT => "What changed since the first commit",
        _ => "What changed since last quarter",
    };
    Some(HomeLink {
        title: title.to_string(),
        url: ctx.url(CHANGES),
        counts: counts(&latest.changes),
    })
}

/// `/changes/`.
pub(super) fn index(ctx: &Ctx<'_>) -> ChangesView {
    ctx.read_all_kinds();
    let history = ctx.history();
    let latest = history.quarters.last().map(|p| period(ctx, p));
    let earlier = history
        .quarters
        .iter()
        .rev()
        .skip(1)
        .filter_map(|p| {
            let quarter = p.quarter?;
            Some(QuarterLink {
                title: quarter.to_string(),
                url: ctx.url(quarter_url(quarter).as_str()),
                digest_url: ctx.url(digest_url(quarter).as_str()),
                counts: counts(&p.changes),
                total: p.changes.len(),
            })
        })
        .collect();
    let since = history.since.as_ref().map(|p| period(ctx, p));
    ChangesView { since, latest, earlier }
}

/// `/changes/<quarter>/`.
pub(super) fn quarter(ctx: &Ctx<'_>, quarter: Quarter) -> Option<PeriodView> {
    ctx.read_all_kinds();
    ctx.history().quarter(quarter).map(|p| period(ctx, p))
}

fn period(ctx: &Ctx<'_>, p: &Period) -> PeriodView {
    let all = quarters(ctx);
    let at = p.quarter.and_then(|q| all.iter().position(|&x| x == q));
    let nav = |q: Option<&Quarter>| {
        q.map(|&q| Nav { title: q.to_string(), url: ctx.url(quarter_url(q).as_str()) })
    };
    let mut sections: Vec<SectionView> = Vec::new();
    for change in &p.changes {
        let section = section_of(change.kind);
        let title = SECTIONS.get(section).map_or("Other documents", |s| s.0);
        if sections.last().is_none_or(|s| s.title != title) {
            let id = format!("changes-{}", crate::slug::id_slug(title));
            sections.push(SectionView { title, id, entries: Vec::new() });
        }
        if let Some(section) = sections.last_mut() {
            section.entries.push(entry(ctx, change));
        }
    }
    PeriodView {
        title: match p.quarter {
            Some(quarter) => format!("What changed in {quarter}"),
            None => format!("What changed since {}", p.from.label),
        },
        span: super::views::capitalise(&span(p)),
        quarter: p.quarter.map(|q| q.to_string()),
        url: p.quarter.map(|q| ctx.url(quarter_url(q).as_str())),
        digest_url: p.quarter.map(|q| ctx.url(digest_url(q).as_str())),
        sections,
        total: p.changes.len(),
        previous: nav(at.and_then(|at| at.checked_sub(1)).and_then(|i| all.get(i))),
        next: nav(at.and_then(|at| all.get(at + 1))),
    }
}

/// "from the end of 2026-Q2 (2026-06-10, commit 1a2b3c4d5e) to now (2026-11-02)".
fn span(p: &Period) -> String {
    let point = |point: &crate::model::history::Point| match &point.commit {
        Some(commit) => format!("{} ({}, commit {commit})", point.label, point.date),
        None => format!("{} ({})", point.label, point.date),
    };
    format!("from {} to {}", point(&p.from), point(&p.to))
}

/// "3 on the roadmap, 1 in OKRs, 2 other documents".
fn counts(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes".to_string();
    }
    let mut parts = Vec::new();
    for (at, (title, _)) in SECTIONS.iter().enumerate() {
        let n = changes.iter().filter(|c| section_of(c.kind) == at).count();
        if n > 0 {
            let title = if *title == "OKRs" { "OKRs".to_string() } else { title.to_lowercase() };
            parts.push(format!("{n} in {title}"));
        }
    }
    parts.join(", ")
}

/// The published document a change is about, if it still is one.
fn document_of(ctx: &Ctx<'_>, change: &Change) -> Option<DocId> {
    let id = ctx.lookup(&change.id)?;
    (ctx.doc(id).kind == change.kind && ctx.is_published(id)).then_some(id)
}

fn entry(ctx: &Ctx<'_>, change: &Change) -> EntryView {
    let url = document_of(ctx, change).map(|id| ctx.doc_url(id));
    let (what, tone) = describe(ctx, &change.what);
    EntryView {
        title: change.title.clone(),
        url,
        kind_label: kind_label(change.kind),
        tag: tag(&change.what),
        what: match change.what {
            What::Added | What::Removed => String::new(),
            _ => super::views::capitalise(&what),
        },
        tone,
        date: change.date.map_or_else(|| "not yet committed".to_string(), |d| d.to_string()),
    }
}

/// A change in a word or two.
fn tag(what: &What) -> &'static str {
    match what {
        What::Added => "Added",
        What::Removed => "Removed",
        What::Moved { .. } => "Moved",
        What::Status { .. } | What::Decision { .. } => "Status",
        What::Slipped { .. } => "Slipped",
        What::PulledIn { .. } => "Pulled in",
        What::SetAside { status, .. } if status == "cancelled" => "Cancelled",
        What::SetAside { .. } => "Deprioritized",
        What::Score { .. } => "Score",
        What::Metric { .. } => "Metric",
        What::Superseded { .. } => "Superseded",
        What::ActionsClosed { .. } => "Closed",
    }
}

/// A change in words, and its tone.
fn describe(ctx: &Ctx<'_>, what: &What) -> (String, &'static str) {
    let score = |s: &Option<f64>| s.map_or_else(|| "none".to_string(), format_score);
    let value = |v: &Option<f64>| v.map_or_else(|| "none".to_string(), format_number);
    match what {
        What::Added => ("added".into(), "added"),
        What::Removed => ("removed".into(), "removed"),
        What::Moved { from, to } => {
            (format!("moved from {} to {}", horizon_label(*from), horizon_label(*to)), "moved")
        }
        What::Status { from, to } => {
            (format!("status changed from {} to {}", words(from), words(to)), "moved")
        }
        What::Slipped { from, to } => (format!("slipped from {from} to {to}"), "slipped"),
        What::PulledIn { from, to } => (format!("pulled in from {from} to {to}"), "moved"),
        What::SetAside { status, reason } => {
            let reason = reason
                .as_deref()
                .map_or_else(|| " (no reason given)".to_string(), |r| format!(": {}", r.trim()));
            (format!("{}{reason}", words(status)), "set-aside")
        }
        What::Score { from, to } => {
            let tone = if to.unwrap_or(0.0) >= from.unwrap_or(0.0) { "up" } else { "down" };
            (format!("score {} → {}", score(from), score(to)), tone)
        }
        What::Metric { from, to, unit } => {
            let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            let tone = if to.unwrap_or(0.0) >= from.unwrap_or(0.0) { "up" } else { "down" };
            (format!("latest value {}{unit} → {}{unit}", value(from), value(to)), tone)
        }
        What::Decision { from, to } => {
            (format!("status changed from {} to {}", words(from), words(to)), "moved")
        }
        What::Superseded { by } => {
            let names: Vec<String> = by
                .iter()
                .map(|id| match ctx.lookup(id) {
                    Some(doc) => ctx.doc(doc).title.clone(),
                    None => id.clone(),
                })
                .collect();
            (format!("superseded by {}", names.join(", ")), "set-aside")
        }
        What::ActionsClosed { titles } => {
            let n = titles.len();
            let items = if n == 1 { "action item" } else { "action items" };
            (format!("closed {n} {items}: {}", titles.join("; ")), "added")
        }
    }
}

/// A quarter's changes as Markdown, to paste into an email or a chat: a heading, the
/// span, then one bullet per change under its section. Titles and reasons are
/// escaped, so nothing a document writes becomes a link or markup where it is pasted.
/// Links are absolute when the site's origin is known.
pub(super) fn digest(ctx: &Ctx<'_>, quarter: Quarter, origin: Option<&str>) -> String {
    ctx.read_all_kinds();
    let Some(p) = ctx.history().quarter(quarter) else { return String::new() };
    digest_text(ctx, p, origin)
}

pub(super) fn digest_text(ctx: &Ctx<'_>, p: &Period, origin: Option<&str>) -> String {
    let view = period(ctx, p);
    let mut text = format!("# {}\n\n{}.\n", view.title, view.span);
    if view.sections.is_empty() {
        text.push_str("\nNothing changed.\n");
    }
    for section in &view.sections {
        let _ = write!(text, "\n## {}\n\n", section.title);
        for e in &section.entries {
            let title = markdown_text(&e.title);
            let named = match &e.url {
                Some(url) => format!("[{title}]({}{url})", origin.unwrap_or("")),
                None => title,
            };
            let what = match e.what.as_str() {
                "" => e.tag.to_lowercase(),
                what => markdown_text(what),
            };
            let kind = e.kind_label.to_lowercase();
            let when = match e.date.as_str() {
                "not yet committed" => "not yet committed".to_string(),
                date => format!("committed {date}"),
            };
            let _ = writeln!(text, "- {named}, {kind}: {what} ({when})");
        }
    }
    text
}

/// Text for a Markdown list item: what could make a link, code or emphasis is escaped
/// with a backslash, angle brackets become entities (no tag survives, even where the
/// text is pasted as HTML), and line breaks become spaces. Other characters stay, so
/// the text still reads well in a plain-text email.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_escapes_what_could_become_a_link_or_markup() {
        assert_eq!(
            markdown_text("[x](javascript:alert(1)) <b>\n*y* & z"),
            "\\[x\\](javascript:alert(1)) &lt;b&gt; \\*y\\* & z"
        );
    }
}
