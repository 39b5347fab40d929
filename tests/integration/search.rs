//! Issue 11: `/search-index.json` lists every published document, and carries their
//! texts as data only; the theme's script puts them in the page as text.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::{build, fixture, repository, scratch, write_site};

fn index(out: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(out.join("search-index.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn column(index: &Value, name: &str) -> Vec<Value> {
    let at = index["fields"].as_array().unwrap().iter().position(|f| f == name).unwrap();
    index["docs"].as_array().unwrap().iter().map(|row| row[at].clone()).collect()
}

#[test]
fn issue_11_the_search_index_covers_every_published_document() {
    let out = scratch("search", "example");
    let run = build(&repository(), &out, &["--base-url", "/strategy/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let index = index(&out);
    assert_eq!(index["v"], 1);
    let urls: BTreeSet<String> =
        column(&index, "url").iter().map(|u| u.as_str().unwrap().to_string()).collect();
    // Every published document of the model, and nothing else, under the sub-path.
    let checked =
        northstar::pipeline::check(&repository(), &northstar::pipeline::Options::default())
            .unwrap();
    let pages: BTreeSet<String> = checked
        .strategy
        .documents
        .iter()
        .filter(|d| !d.draft)
        .map(|d| format!("/strategy/{}", d.url_path()))
        .collect();
    assert!(pages.len() > 40, "{pages:?}");
    assert_eq!(urls, pages);
    assert_eq!(column(&index, "url").len(), urls.len(), "a document is listed twice");
    // A document's row, by hand: the debt item about VAT rules.
    let titles = column(&index, "title");
    let at = titles.iter().position(|t| t == "VAT rules hard-coded per country").unwrap();
    let row = &index["docs"][at];
    assert_eq!(row[1], "Debt");
    assert_eq!(row[8], "/strategy/debt/hardcoded-vat-rules/");
}

#[test]
fn issue_11_drafts_are_searchable_only_in_a_build_that_publishes_them() {
    let page = |title: &str, draft: bool| {
        format!("---\ntitle: {title}\ndraft: {draft}\n---\n\n## A heading\n\nBody.\n")
    };
    let site = write_site(
        "search-drafts",
        &[
            ("content/notes/shown.md", &page("Shown", false)),
            ("content/notes/hidden.md", &page("Hidden", true)),
        ],
    );
    let out = scratch("search", "drafts");
    assert_eq!(build(&site, &out, &[]).code, 0);
    assert_eq!(column(&index(&out), "title"), ["Shown"]);
    assert_eq!(column(&index(&out), "headings"), [serde_json::json!(["A heading"])]);
    assert_eq!(build(&site, &out, &["--drafts"]).code, 0);
    assert_eq!(column(&index(&out), "title"), ["Hidden", "Shown"]);
}

#[test]
fn issue_11_hostile_titles_are_data_in_the_index_and_text_in_the_page() {
    let out = scratch("search", "xss");
    assert_eq!(build(&fixture("xss"), &out, &[]).code, 0);
    let raw = std::fs::read_to_string(out.join("search-index.json")).unwrap();
    assert!(!raw.contains(['<', '>']), "{raw}");
    let titles = column(&index(&out), "title");
    assert!(titles.iter().any(|t| t.as_str().unwrap().contains("<script>alert('title')</script>")));
    // The script never turns index text into markup.
    let script = std::fs::read_to_string(out.join("search.js")).unwrap();
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
        assert!(!script.contains(sink), "search.js uses {sink}");
    }
    // It is served from the site, and asks nothing of another host.
    assert!(!script.contains("http:") && !script.contains("https:"));
}
