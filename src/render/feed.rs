//! `feed.xml`: an Atom feed (RFC 4287) of the updates, post-mortems and decisions,
//! newest first. Written from Rust, not a template: every text is plain XML-escaped
//! text (`type="text"`), so nothing a document writes becomes markup in a reader.
//! Generated only when `base_url` is absolute, since Atom ids and links are absolute.

use std::fmt::Write as _;

use super::charts::escape;
use super::context::Ctx;
use super::indexes::date_of;
use super::sitemap::absolute;
use super::views::kind_label;
use crate::model::{Date, DocId, Document, Kind, KindData};

/// The URL of the feed.
pub(crate) const FEED: &str = "feed.xml";

/// The kinds whose documents are entries of the feed.
const KINDS: [Kind; 3] = [Kind::Update, Kind::Postmortem, Kind::Decision];

/// The most entries the feed holds, the newest: readers poll it, so its size must not
/// grow with the site.
pub(crate) const MAX_ENTRIES: usize = 50;

/// The date a document is an entry of the feed under: its own `date`, or when it has
/// none its `updated`. A document with neither is not an entry: Atom needs a date.
fn entry_date(document: &Document) -> Option<Date> {
    date_of(document).or(document.updated)
}

/// Whether the site has an entry for the feed: a published, dated update, post-mortem
/// or decision.
pub(crate) fn has_entries(ctx: &Ctx<'_>) -> bool {
    !ctx.history().quarters.is_empty()
        || KINDS.iter().any(|&kind| ctx.of_kind(kind).any(|(_, d)| entry_date(d).is_some()))
}

/// What an entry of the feed is.
enum Item {
    Document(DocId),
    /// A quarter's changes, by its place in the history.
    Changes(usize),
}

/// The feed of the site at `origin` (`https://acme.github.io`), titled by the site:
/// its [`MAX_ENTRIES`] newest entries, ties broken by URL. Every update, post-mortem and
/// decision is read, so an edit to any of them renders the feed again.
pub(crate) fn feed(ctx: &Ctx<'_>, origin: &str, title: &str) -> String {
    ctx.read_site();
    let mut entries: Vec<(Date, String, Item)> = KINDS
        .iter()
        .flat_map(|&kind| ctx.of_kind(kind))
        .filter_map(|(id, d)| {
            Some((entry_date(d)?, absolute(origin, &ctx.doc_url(id)), Item::Document(id)))
        })
        .collect();
    // Each quarter's changes, dated by the state they reach.
    let history = ctx.history();
    for (at, period) in history.quarters.iter().enumerate() {
        let Some(quarter) = period.quarter.filter(|_| !period.changes.is_empty()) else { continue };
        ctx.read_all_kinds();
        let url = absolute(origin, &ctx.url(super::changes::quarter_url(quarter).as_str()));
        entries.push((period.to.date, url, Item::Changes(at)));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    entries.truncate(MAX_ENTRIES);
    let home = absolute(origin, &ctx.url(""));
    let own = absolute(origin, &ctx.url(FEED));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(xml, "<title type=\"text\">{}</title>", text(title));
    let _ = writeln!(xml, "<id>{}</id>", escape(&own));
    // The route exists only with an entry; today stands in should it ever not.
    let newest = entries.first().map_or_else(|| ctx.today(), |e| e.0);
    let _ = writeln!(xml, "<updated>{}</updated>", timestamp(newest));
    let _ = writeln!(
        xml,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&own)
    );
    let _ =
        writeln!(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&home));
    // Atom wants an author on the feed unless every entry has one; the site speaks
    // for the entries whose document names no owner.
    let _ = writeln!(xml, "<author><name>{}</name></author>", text(title));
    for (date, url, item) in &entries {
        match item {
            Item::Document(id) => entry(&mut xml, ctx.doc(*id), *date, url),
            Item::Changes(at) => {
                if let Some(period) = history.quarters.get(*at) {
                    changes_entry(&mut xml, ctx, period, *date, url, origin);
                }
            }
        }
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(xml: &mut String, document: &Document, date: Date, url: &str) {
    let url = escape(url);
    xml.push_str("<entry>\n");
    let _ = writeln!(xml, "<title type=\"text\">{}</title>", text(&document.title));
    let _ = writeln!(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
    let _ = writeln!(xml, "<id>{url}</id>");
    let _ = writeln!(xml, "<updated>{}</updated>", timestamp(date));
    // A decision is authored by its deciders when it names no owner.
    let authors = match &document.data {
        KindData::Decision(d) if document.owners.is_empty() => &d.decision_makers,
        _ => &document.owners,
    };
    for owner in authors.iter().filter(|a| !a.trim().is_empty()) {
        let _ = writeln!(xml, "<author><name>{}</name></author>", text(owner));
    }
    let (term, label) = (document.kind.as_str(), kind_label(document.kind));
    let _ = writeln!(xml, "<category term=\"{term}\" label=\"{label}\"/>");
    if let Some(summary) = document.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(xml, "<summary type=\"text\">{}</summary>", text(summary));
    }
    xml.push_str("</entry>\n");
}

/// A quarter's changes as an entry: its digest is the entry's text.
fn changes_entry(
    xml: &mut String,
    ctx: &Ctx<'_>,
    period: &crate::model::history::Period,
    date: Date,
    url: &str,
    origin: &str,
) {
    let title = period.quarter.map(|q| format!("What changed in {q}")).unwrap_or_default();
    let url = escape(url);
    xml.push_str("<entry>\n");
    let _ = writeln!(xml, "<title type=\"text\">{}</title>", text(&title));
    let _ = writeln!(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
    let _ = writeln!(xml, "<id>{url}</id>");
    let _ = writeln!(xml, "<updated>{}</updated>", timestamp(date));
    let _ = writeln!(xml, "<category term=\"changes\" label=\"What changed\"/>");
    let digest = super::changes::digest_text(ctx, period, Some(origin));
    let _ = writeln!(xml, "<content type=\"text\">{}</content>", text(&digest));
    xml.push_str("</entry>\n");
}

/// A date as an RFC 3339 timestamp at midnight UTC: documents carry days, not times,
/// and the feed must not depend on the clock.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Text as XML character data: escaped, and without the characters XML 1.0 cannot
/// hold at all (controls other than tab and line breaks, U+FFFE, U+FFFF), which YAML
/// lets a document write and which would make the whole feed unreadable.
fn text(value: &str) -> String {
    let allowed = |c: &char| {
        matches!(c, '\t' | '\n' | '\r')
            || (!c.is_control() && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    escape(&value.chars().filter(allowed).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(text("a <b> & ]]> \"c\""), "a &lt;b&gt; &amp; ]]&gt; &quot;c&quot;");
        assert_eq!(text("x\u{1}y\u{7f}\u{FFFF}\tz\n"), "xy\tz\n");
    }

    #[test]
    fn timestamps_are_midnight_utc() {
        assert_eq!(timestamp(Date::parse("2026-10-01").unwrap()), "2026-10-01T00:00:00Z");
    }
}
