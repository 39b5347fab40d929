//! `/search-index.json`: what the theme's search box looks through, built with the site
//! so that searching needs no server. One compact row per published document; the
//! theme's `search.js` fetches it the first time the box is used.
//!
//! Every text is data, never markup: the script puts it in the page with
//! `textContent`, and the only URLs are the site's own pages.

use serde::Serialize;

use super::context::Ctx;
use super::strategy_json::inert_json;
use super::views::kind_label;
use crate::model::score::Band;
use crate::model::{DocId, KindData, Quarter};

/// The version of the index's shape; the script refuses another.
pub(crate) const VERSION: u32 = 1;

/// The longest summary kept, in characters: enough to recognise a document.
const SUMMARY_CHARS: usize = 160;

/// The most headings kept per document, and the longest.
const HEADINGS: usize = 8;
const HEADING_CHARS: usize = 60;

/// The most quarters listed for one initiative: its span, for the quarter filter.
const QUARTERS: usize = 8;

#[derive(Serialize)]
struct Index {
    v: u32,
    /// What each position of a row holds.
    fields: [&'static str; 9],
    docs: Vec<Row>,
}

/// One document: title, kind, status, quarters, owners, tags, summary, headings, URL.
#[derive(Serialize)]
struct Row(
    String,
    &'static str,
    &'static str,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    String,
    Vec<String>,
    String,
);

/// The index of the site's published documents, in document order.
pub(super) fn index(ctx: &Ctx<'_>) -> Vec<u8> {
    let docs = ctx.documents().map(|(id, _)| row(ctx, id)).collect();
    let fields =
        ["title", "kind", "status", "quarters", "owners", "tags", "summary", "headings", "url"];
    let index = Index { v: VERSION, fields, docs };
    // Texts are data: `<`, `>` and `&` are written as `\u` escapes.
    inert_json(&index, BYTES_PER_DOCUMENT * index.docs.len())
}

/// About what a document takes in the index, to size the buffer once.
const BYTES_PER_DOCUMENT: usize = 320;

fn row(ctx: &Ctx<'_>, id: DocId) -> Row {
    let document = ctx.doc(id);
    let headings = document
        .scanned
        .headings
        .iter()
        .filter(|h| h.level >= 2)
        .take(HEADINGS)
        .map(|h| cut(&h.text, HEADING_CHARS))
        .collect();
    Row(
        document.title.clone(),
        kind_label(document.kind),
        status(&document.data),
        quarters(&document.data),
        document.owners.clone(),
        document.tags.clone(),
        document.summary.as_deref().map_or_else(String::new, |s| cut(s, SUMMARY_CHARS)),
        headings,
        ctx.doc_url(id),
    )
}

/// Where a document stands: its `status` as written, or an objective's score band;
/// empty for kinds without one.
fn status(data: &KindData) -> &'static str {
    match data {
        KindData::Objective(o) => o.score().map(Band::of).map_or("", Band::as_str),
        _ => data.status().unwrap_or(""),
    }
}

/// The quarters a document is about: an initiative's span, the quarter of an
/// objective, a debt item or an experiment.
fn quarters(data: &KindData) -> Vec<String> {
    let one = |q: Option<Quarter>| q.map(|q| vec![q.to_string()]).unwrap_or_default();
    match data {
        KindData::Initiative(i) => i.quarters.map_or_else(Vec::new, |range| {
            std::iter::successors(Some(range.start), |q| Some(q.next()))
                .take_while(|q| *q <= range.end)
                .take(QUARTERS)
                .map(|q| q.to_string())
                .collect()
        }),
        KindData::Objective(o) => one(o.quarter),
        KindData::Debt(d) => one(d.quarter),
        KindData::Experiment(e) => one(e.quarter),
        _ => Vec::new(),
    }
}

/// `text` cut to `chars` characters, with an ellipsis when it was longer.
fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text).trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_no_markup_and_means_the_same() {
        let text = "<script>alert('&')</script>";
        let json = String::from_utf8(inert_json(&[text], 0)).unwrap();
        assert!(!json.contains(['<', '>', '&']), "{json}");
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), [text]);
    }

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("déjà vu encore", 5), "déjà…");
        assert_eq!(cut("ab cd", 3), "ab…");
    }
}
