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
        (
            "0001-record-decisions-in-markdown",
            "Record decisions in Markdown next to the code",
            "accepted",
            Some("2025-03-04"),
        ),
        (
            "0002-partition-the-ledger-by-merchant",
            "Partition the ledger by merchant",
            "superseded",
            Some("2025-06-18"),
        ),
        (
            "0003-retry-webhooks-with-backoff",
            "Retry webhooks with exponential backoff",
            "status not recorded",
            None,
        ),
        (
            "0004-partition-the-ledger-by-time",
            "Partition the ledger by month",
            "proposed",
            Some("2026-10-02"),
        ),
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
    assert!(
        first.contains("href=\"/decisions/0002-partition-the-ledger-by-merchant/\""),
        "{first}"
    );
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
        (
            "0001-use-markdown-architectural-decision-records",
            "Use Markdown Architectural Decision Records",
            "accepted",
            Some("2022-06-15"),
        ),
        ("0002-store-carts-in-redis", "Store carts in Redis", "rejected", Some("2022-09-01")),
        (
            "0003-render-receipts-on-the-server",
            "3. Render receipts on the server",
            "accepted",
            Some("2023-01-20"),
        ),
        ("0004-idea-pay-by-bank", "Offer pay-by-bank at checkout", "status not recorded", None),
        ("0005-hostile-metadata", "Escape what people type", "accepted", Some("2024-02-29")),
    ];
    for (id, title, status, date) in expect {
        let html = page(&pages, &format!("decisions/{id}/index.html"));
        let (h1, count, badge, shown_date) = facts(html);
        assert_eq!((h1.as_str(), count, badge.as_str()), (title, 1, status), "{id}");
        assert_eq!(shown_date.as_deref(), date, "{id}");
    }
    let first =
        page(&pages, "decisions/0001-use-markdown-architectural-decision-records/index.html");
    assert!(first.contains("<dt>Decided by</dt><dd>Jo Becker, Sam Osei</dd>"), "{first}");
    let second = page(&pages, "decisions/0002-store-carts-in-redis/index.html");
    assert!(second.contains("<dt>Decided by</dt><dd>Sam Osei</dd>"), "{second}");
    // What a bullet line says is text, wherever it is shown.
    for html in pages.values() {
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
    }
    let hostile = page(&pages, "decisions/0005-hostile-metadata/index.html");
    assert!(
        hostile.contains("&lt;script&gt;alert(&quot;deciders&quot;)&lt;&#x2F;script&gt;")
            || hostile.contains("&lt;script&gt;alert(&quot;deciders&quot;)&lt;/script&gt;"),
        "{hostile}"
    );
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
    assert!(
        run.stdout.contains("`nav_order` is not a field northstar knows; 3 files carry it"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("add \"nav_order\" to `ignore_fields` in site.toml"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("unknown field `has_children` for a decision"), "{}", run.stdout);
}

#[test]
fn issue_11_a_readme_is_the_index_intro_and_ignored_templates_are_no_documents() {
    let pages = built("readme");
    let decisions: Vec<&String> = pages
        .keys()
        .filter(|p| p.starts_with("decisions/") && p.ends_with("/index.html"))
        .collect();
    assert_eq!(
        decisions,
        [
            "decisions/0001-index-shards-by-tenant/index.html",
            "decisions/0002-rank-with-a-learned-model/index.html",
            "decisions/index.html"
        ]
    );
    let index = page(&pages, "decisions/index.html");
    let intro =
        index.split("<div class=\"prose intro\">").nth(1).unwrap().split("</div>").next().unwrap();
    // The README's heading goes under the page's one <h1>; its links lead to the pages.
    assert!(
        intro.starts_with("<h2 id=\"architecture-decisions\">Architecture decisions</h2>"),
        "{intro}"
    );
    assert_eq!(index.matches("<h1").count(), 1);
    assert!(
        intro.contains(
            "<a href=\"/decisions/0001-index-shards-by-tenant/\">Index shards by tenant</a>"
        ),
        "{intro}"
    );
    // Raw HTML in it is text, as in any body.
    assert!(intro.contains("&lt;script&gt;") && !index.contains("<script>alert"), "{intro}");
    assert_eq!(document_findings(&fixture("adr/readme")), []);
}

#[test]
fn issue_11_a_mapped_folder_outside_content_is_read_as_the_kind_folder() {
    let pages = built("mapped");
    let (h1, _, badge, date) = facts(page(&pages, "decisions/0001-bill-in-arrears/index.html"));
    assert_eq!(
        (h1.as_str(), badge.as_str(), date.as_deref()),
        ("Bill in arrears", "accepted", Some("2023-04-03"))
    );
    let first = page(&pages, "decisions/0001-bill-in-arrears/index.html");
    assert!(first.contains("href=\"/decisions/0002-store-amounts-in-minor-units/\""), "{first}");
    // Its index.md is the index's introduction; the ignored template is nowhere.
    let index = page(&pages, "decisions/index.html");
    assert!(index.contains("<p>Decisions of the billing team, oldest first.</p>"), "{index}");
    assert!(!pages.keys().any(|p| p.contains("template")), "{:?}", pages.keys());
}

#[test]
fn issue_11_diagnostics_in_a_mapped_folder_name_its_real_path() {
    let site = crate::harness::write_site(
        "adr-mapped-diagnostics",
        &[
            ("site.toml", "[folders]\ndecision = \"docs/adr\"\n"),
            ("docs/adr/0001-a.md", "---\nstatus: maybe\n---\n# A\n"),
        ],
    );
    let found = reported(&site);
    assert!(
        found.contains(&("invalid-value".to_string(), "docs/adr/0001-a.md".to_string(), 2)),
        "{found:?}"
    );
}

#[test]
fn issue_11_mapped_folders_outside_the_site_are_config_errors_at_their_line() {
    let cases = [
        ("[folders]\ndecision = \"../elsewhere\"\n", 2, 12),
        ("[folders]\ndecision = \"/etc\"\n", 2, 12),
        ("title = \"x\"\n[folders]\nupdate = \"docs/../../up\"\n", 3, 10),
        ("[folders]\nroadmap = \"docs\"\n", 2, 1),
        ("[folders]\ndecision = \"docs/missing\"\n", 2, 12),
        ("ignore = [\"../x\", 3]\n", 1, 11),
    ];
    for (i, (toml, line, column)) in cases.iter().enumerate() {
        let site = crate::harness::write_site(
            &format!("adr-bad-folders-{i}"),
            &[("site.toml", toml), ("content/decisions/a.md", "# A\n\n* Status: accepted\n")],
        );
        let run = check(&site, &["--format", "json"]);
        assert_eq!(run.code, 1, "{toml}: {}{}", run.stdout, run.stderr);
        let first: serde_json::Value = serde_json::from_str(
            run.stdout.lines().find(|l| l.contains("config-invalid")).unwrap(),
        )
        .unwrap();
        assert_eq!(first["file"], "site.toml", "{toml}");
        assert_eq!(
            (first["line"].as_u64(), first["column"].as_u64()),
            (Some(*line), Some(*column)),
            "{toml}: {first}"
        );
    }
}

#[test]
fn issue_11_images_beside_the_documents_are_published_and_their_links_resolve() {
    let site = fixture("adr/image");
    let out = scratch("adr", "image-files").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let published = files(&out);
    let badge = std::fs::read(site.join("content/decisions/0008-example-badge.png")).unwrap();
    assert_eq!(published.get("decisions/0008-example-badge.png"), Some(&badge));
    // SVG is a file the page links, never inlined: its script never runs in the page.
    let svg = std::fs::read(site.join("content/decisions/diagrams/flow.svg")).unwrap();
    assert_eq!(published.get("decisions/diagrams/flow.svg"), Some(&svg));
    let html = String::from_utf8(published["decisions/0008-show-a-build-badge/index.html"].clone())
        .unwrap();
    assert!(
        html.contains("<img src=\"/decisions/0008-example-badge.png\" alt=\"Build passing badge\""),
        "{html}"
    );
    assert!(html.contains("<img src=\"/decisions/diagrams/flow.svg\""), "{html}");
    assert!(!html.contains("<svg xmlns") && !html.contains("alert(\"svg\")"), "{html}");
    // Names that climb out of content/ or name nothing stay as written, and nothing
    // outside the site is published.
    assert!(
        html.contains("src=\"../../site.toml\"")
            && html.contains("src=\"../../../../etc/passwd.png\""),
        "{html}"
    );
    assert!(html.contains("src=\"no-such-image.png\""), "{html}");
    let images: Vec<&String> = published
        .keys()
        .filter(|p| [".html", ".css", ".js", ".json"].iter().all(|e| !p.ends_with(e)))
        .collect();
    assert_eq!(
        images,
        [
            ".northstar-output",
            "decisions/0008-example-badge.png",
            "decisions/diagrams/flow.svg",
            "robots.txt"
        ]
    );
    // Under a sub-path base URL the link follows it.
    let out = scratch("adr", "image-subpath").join("public");
    let run = build(&site, &out, &["--base-url", "https://example.com/eng/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html =
        std::fs::read_to_string(out.join("decisions/0008-show-a-build-badge/index.html")).unwrap();
    assert!(html.contains("<img src=\"/eng/decisions/0008-example-badge.png\""), "{html}");
}

#[test]
fn issue_11_images_of_a_mapped_folder_are_published_under_the_kind() {
    let pages = built("mapped");
    assert!(pages.contains_key("decisions/arrears-timeline.png"), "{:?}", pages.keys());
    let first = page(&pages, "decisions/0001-bill-in-arrears/index.html");
    assert!(
        first.contains("<img src=\"/decisions/arrears-timeline.png\" alt=\"When usage is billed\""),
        "{first}"
    );
}

#[test]
fn issue_11_a_linked_image_outside_the_site_is_never_published() {
    let outside = scratch("adr", "outside-secret");
    std::fs::write(outside.join("secret.png"), b"secret").unwrap();
    let site = crate::harness::write_site(
        "adr-image-symlink",
        &[("content/decisions/0001-a.md", "# A\n\n* Status: accepted\n\n![s](secret.png)\n")],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.join("secret.png"),
        site.join("content/decisions/secret.png"),
    )
    .unwrap();
    let out = scratch("adr", "outside-secret-out").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!out.join("decisions/secret.png").exists());
    #[cfg(unix)]
    assert!(
        run.stdout.contains("symlink-outside-root") || run.stderr.contains("symlink-outside-root"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn issue_11_any_kind_takes_its_title_from_its_first_heading() {
    let site = crate::harness::write_site(
        "adr-heading-titles",
        &[
            (
                "content/debt/old-billing-queue.md",
                "---\nrisk: high\nimpact: low\n---\n# The old billing queue\n\nWhy.\n",
            ),
            (
                "content/principles/no-title.md",
                "---\nstatement: Ship small.\n---\nNo heading here.\n",
            ),
        ],
    );
    let found = reported(&site);
    // Without a heading, `title` is still required.
    let missing: Vec<_> = found.iter().filter(|(code, _, _)| code == "missing-field").collect();
    assert_eq!(
        missing,
        [&("missing-field".to_string(), "content/principles/no-title.md".to_string(), 1)]
    );
    std::fs::write(
        site.join("content/principles/no-title.md"),
        "---\nstatement: Ship small.\n---\n# Ship small\n",
    )
    .unwrap();
    let out = scratch("adr", "heading-titles").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(out.join("debt/old-billing-queue/index.html")).unwrap();
    assert_eq!((facts(&html).0.as_str(), facts(&html).1), ("The old billing queue", 1));
}

#[cfg(unix)]
#[test]
fn issue_11_a_mapped_folder_linked_outside_the_site_is_not_read() {
    let outside = scratch("adr", "outside-folder");
    std::fs::write(outside.join("0001-x.md"), "# Secret\n\n* Status: accepted\n").unwrap();
    let site = crate::harness::write_site(
        "adr-mapped-symlink",
        &[("site.toml", "[folders]\ndecision = \"docs/adr\"\n"), ("content/about.md", "# About\n")],
    );
    std::fs::create_dir_all(site.join("docs")).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("docs/adr")).unwrap();
    let found = reported(&site);
    assert!(
        found.contains(&("symlink-outside-root".to_string(), "docs/adr".to_string(), 1)),
        "{found:?}"
    );
    let out = scratch("adr", "outside-folder-out").join("public");
    build(&site, &out, &[]);
    assert!(!out.join("decisions/0001-x").exists());
}
