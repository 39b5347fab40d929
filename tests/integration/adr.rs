//! Existing ADR folders work as they are (issue 11, item 7): one fixture per shape
//! real repositories keep under `tests/fixtures/adr/`, each checked with exit 0 and
//! built into a page per decision with the right title, status and date.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{build, check, files, fixture, scratch, text_of};

/// Builds `tests/fixtures/adr/<shape>` and returns its pages by path.
fn built(shape: &str) -> BTreeMap<String, String> {
    let site = fixture(&format!("adr/{shape}"));
    let run = check(&site, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = scratch("adr", shape).join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    files(&out)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    pages.get(path).unwrap_or_else(|| panic!("no {path} in {:?}", pages.keys()))
}

/// The text of the `<h1>`, how many there are, the status badge and the date fact.
fn facts(html: &str) -> (String, usize, String, Option<String>) {
    let h1 = html.split("<h1>").nth(1).and_then(|r| r.split("</h1>").next()).unwrap_or("");
    let badge = html
        .split("class=\"status\">")
        .nth(1)
        .and_then(|r| r.split("</p>").next())
        .map(text_of)
        .unwrap_or_default();
    let date = html
        .split("<dt>Date</dt><dd>")
        .nth(1)
        .and_then(|r| r.split("</dd>").next())
        .map(str::to_string);
    (text_of(h1), html.matches("<h1").count(), badge, date)
}

/// (code, file, line) of every diagnostic `check --format json` reports.
fn reported(site: &Path) -> Vec<(String, String, u64)> {
    let run = check(site, &["--format", "json"]);
    run.stdout
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            let text = |key: &str| d[key].as_str().unwrap_or("").to_string();
            (text("code"), text("file"), d["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

/// The warnings every fixture has, being only decisions.
const SITE_WIDE: [&str; 3] = ["no-vision", "no-north-star", "pillar-count"];

fn document_findings(site: &Path) -> Vec<(String, String, u64)> {
    reported(site).into_iter().filter(|(code, _, _)| !SITE_WIDE.contains(&code.as_str())).collect()
}

#[test]
fn issue_11_madr_4_titles_come_from_the_first_heading_and_status_and_date_are_optional() {
    let pages = built("madr4");
    let expect = [
        ("0001-record-decisions-in-markdown", "Record decisions in Markdown next to the code", "accepted", Some("2025-03-04")),
        ("0002-partition-the-ledger-by-merchant", "Partition the ledger by merchant", "superseded", Some("2025-06-18")),
        ("0003-retry-webhooks-with-backoff", "Retry webhooks with exponential backoff", "status not recorded", None),
        ("0004-partition-the-ledger-by-time", "Partition the ledger by month", "proposed", Some("2026-10-02")),
    ];
    for (id, title, status, date) in expect {
        let html = page(&pages, &format!("decisions/{id}/index.html"));
        let (h1, count, badge, shown_date) = facts(html);
        assert_eq!((h1.as_str(), count, badge.as_str()), (title, 1, status), "{id}");
        assert_eq!(shown_date.as_deref(), date, "{id}");
        // The heading that gave the title is not shown a second time.
        assert_eq!(html.matches(title).count(), 2, "{id}: in <title> and <h1> only");
    }
    // The body link between decisions resolves to the published page.
    let first = page(&pages, "decisions/0001-record-decisions-in-markdown/index.html");
    assert!(first.contains("href=\"/decisions/0002-partition-the-ledger-by-merchant/\""), "{first}");
    // The index has a group of its own for the decision without a status.
    let index = page(&pages, "decisions/index.html");
    let groups: Vec<String> = index
        .split("<h2 ")
        .skip(1)
        .map(|h| text_of(h.split("</h2>").next().unwrap_or("").split_once('>').unwrap().1))
        .collect();
    assert_eq!(groups, ["Proposed 1", "Accepted 1", "Superseded 1", "Status not recorded 1"]);
    // A health finding, not an error, also on /health/.
    let site = fixture("adr/madr4");
    assert_eq!(
        document_findings(&site),
        [(
            "decision-without-status".to_string(),
            "content/decisions/0003-retry-webhooks-with-backoff.md".to_string(),
            1
        )]
    );
    let health = page(&pages, "health/index.html");
    assert!(health.contains("Decisions without a status"), "{health}");
    assert!(health.contains("/decisions/0003-retry-webhooks-with-backoff/"), "{health}");
}

#[test]
fn issue_11_madr_2_files_without_front_matter_read_their_bullet_lines() {
    let pages = built("madr2");
    let expect = [
        ("0001-use-markdown-architectural-decision-records", "Use Markdown Architectural Decision Records", "accepted", Some("2022-06-15")),
        ("0002-store-carts-in-redis", "Store carts in Redis", "rejected", Some("2022-09-01")),
        ("0003-render-receipts-on-the-server", "3. Render receipts on the server", "accepted", Some("2023-01-20")),
        ("0004-idea-pay-by-bank", "Offer pay-by-bank at checkout", "status not recorded", None),
        ("0005-hostile-metadata", "Escape what people type", "accepted", Some("2024-02-29")),
    ];
    for (id, title, status, date) in expect {
        let html = page(&pages, &format!("decisions/{id}/index.html"));
        let (h1, count, badge, shown_date) = facts(html);
        assert_eq!((h1.as_str(), count, badge.as_str()), (title, 1, status), "{id}");
        assert_eq!(shown_date.as_deref(), date, "{id}");
    }
    let first = page(&pages, "decisions/0001-use-markdown-architectural-decision-records/index.html");
    assert!(first.contains("<dt>Decided by</dt><dd>Jo Becker, Sam Osei</dd>"), "{first}");
    let second = page(&pages, "decisions/0002-store-carts-in-redis/index.html");
    assert!(second.contains("<dt>Decided by</dt><dd>Sam Osei</dd>"), "{second}");
    // What a bullet line says is text, wherever it is shown.
    for html in pages.values() {
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
    }
    let hostile = page(&pages, "decisions/0005-hostile-metadata/index.html");
    assert!(hostile.contains("&lt;script&gt;alert(&quot;deciders&quot;)&lt;&#x2F;script&gt;")
        || hostile.contains("&lt;script&gt;alert(&quot;deciders&quot;)&lt;/script&gt;"), "{hostile}");
    assert_eq!(
        document_findings(&fixture("adr/madr2")),
        [(
            "decision-without-status".to_string(),
            "content/decisions/0004-idea-pay-by-bank.md".to_string(),
            1
        )]
    );
}

#[test]
fn issue_11_unlinked_decisions_are_log_entries_not_orphans() {
    // No decision of madr2 links to another or is linked to.
    let found = reported(&fixture("adr/madr2"));
    assert!(!found.iter().any(|(code, _, _)| code == "orphan"), "{found:?}");
}

#[test]
fn issue_11_other_tools_keys_are_one_warning_each_and_can_be_accepted() {
    let pages = built("jekyll");
    for n in 1..=3 {
        let html = page(&pages, &format!("decisions/000{n}-decision-{n}/index.html"));
        assert_eq!(facts(html).0, format!("Decision number {n}"));
    }
    let site = fixture("adr/jekyll");
    // `layout` is in `ignore_fields`; `parent` and `nav_order` are in every file,
    // `has_children` in one.
    let file = "content/decisions/0001-decision-1.md".to_string();
    assert_eq!(
        document_findings(&site),
        [
            ("unknown-field".to_string(), file.clone(), 3),
            ("unknown-field".to_string(), file.clone(), 4),
            ("unknown-field".to_string(), file, 5),
        ]
    );
    let run = check(&site, &[]);
    assert!(run.stdout.contains("`nav_order` is not a field northstar knows; 3 files carry it"), "{}", run.stdout);
    assert!(run.stdout.contains("add \"nav_order\" to `ignore_fields` in site.toml"), "{}", run.stdout);
    assert!(run.stdout.contains("unknown field `has_children` for a decision"), "{}", run.stdout);
}
