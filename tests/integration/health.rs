//! Site health (issue 10): each finding of `tests/fixtures/health` is raised exactly
//! where it was planted and nowhere else, `check` and the pages show the same set, and
//! the documents it concerns carry its badge.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{self, build, check, copy_fixture, files, fixture, scratch};

/// Every planted finding: code, file, line.
const PLANTED: &[(&str, &str, u64)] = &[
    ("no-update-this-quarter", "site.toml", 1),
    ("debt-over-budget", "site.toml", 5),
    ("decision-stuck-in-proposed", "content/decisions/regional-queues.md", 1),
    ("experiment-past-its-end", "content/experiments/invite-nudges.md", 1),
    ("initiative-past-its-quarters", "content/initiatives/legacy-cleanup.md", 1),
    ("starts-before-dependency", "content/initiatives/single-sign-on.md", 9),
    ("stale-document", "content/initiatives/team-invites.md", 1),
    ("metric-without-history", "content/metrics/api-calls.md", 1),
    ("pillar-without-stakeholder", "content/pillars/growth.md", 1),
    ("pillar-without-current-work", "content/pillars/platform.md", 1),
    ("overdue-action-item", "content/postmortems/sync-outage-2026-10.md", 27),
    ("orphan", "content/principles/lonely.md", 1),
];

/// (code, file, line) of every diagnostic `check` reports for `site`.
fn reported(site: &Path) -> Vec<(String, String, u64)> {
    let run = check(site, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run.stdout
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            let text = |key: &str| d[key].as_str().unwrap().to_string();
            (text("code"), text("file"), d["line"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn issue_10_every_planted_finding_is_reported_where_it_was_planted_and_nowhere_else() {
    let expected: Vec<(String, String, u64)> =
        PLANTED.iter().map(|(c, f, l)| (c.to_string(), f.to_string(), *l)).collect();
    assert_eq!(reported(&fixture("health")), expected);
}

fn page(pages: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(pages.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

#[test]
fn issue_10_the_health_page_home_and_badges_show_the_same_findings() {
    let out = scratch("health", "pages").join("public");
    let run = build(&fixture("health"), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = files(&out);
    let health = page(&pages, "health/index.html");
    assert!(health.contains("12 findings"), "{health}");
    // One group per planted finding about a document, each linking to it.
    for (code, file, _) in PLANTED.iter().filter(|(_, f, _)| f.starts_with("content/")) {
        let section = health
            .split(&format!("id=\"{code}\""))
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap_or_else(|| panic!("no group {code}"));
        let url = file.trim_start_matches("content/").trim_end_matches(".md");
        assert!(section.contains(&format!("href=\"/{url}/\"")), "{code}: {section}");
        assert_eq!(section.matches("<li>").count(), 1, "{code}: {section}");
    }
    assert!(health.contains("No update is dated in 2026-Q4"), "{health}");
    // Badges on exactly the documents a finding concerns.
    let mut concerned: Vec<String> = PLANTED
        .iter()
        .filter(|(_, f, _)| f.starts_with("content/"))
        .map(|(_, f, _)| {
            format!("{}/index.html", f.trim_start_matches("content/").trim_end_matches(".md"))
        })
        .collect();
    // The debt item of the quarter over budget carries that finding's badge.
    concerned.push("debt/legacy-sync-queue/index.html".into());
    for (path, bytes) in &pages {
        if !path.ends_with("index.html") || path == "index.html" || path == "health/index.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let has_badge = html.contains("class=\"badge attention\"");
        let is_document = html.contains("class=\"document ");
        if is_document {
            assert_eq!(has_badge, concerned.contains(path), "{path}");
        }
    }
    let stale = page(&pages, "initiatives/team-invites/index.html");
    assert!(stale.contains(">stale</span>"), "{stale}");
    assert!(stale.contains("Was last updated 269 days ago (2026-03-01)"), "{stale}");
    let home = page(&pages, "index.html");
    assert!(home.contains("Needs attention") && home.contains("All 12 findings"), "{home}");
    // The quarter over its debt budget: on the health page, and as a badge on its items.
    assert!(
        health.contains("Debt work planned for 2026-Q4 is 8 days, 2 over its budget of 6 days")
    );
    let item = page(&pages, "debt/legacy-sync-queue/index.html");
    assert!(item.contains(">over capacity</span>"), "{item}");
}

#[test]
fn issue_10_two_to_four_pillars_are_enough_and_no_more() {
    let site = copy_fixture("minimal", "health-one-pillar");
    std::fs::remove_file(site.join("content/pillars/adoption.md")).unwrap();
    let initiative = site.join("content/initiatives/faster-sync.md");
    let text = std::fs::read_to_string(&initiative).unwrap();
    std::fs::write(&initiative, text.replace("[reliability, adoption]", "[reliability]")).unwrap();
    let one = check(&site, &[]);
    assert!(
        one.stdout.contains("warning[pillar-count]: the strategy has 1 pillar, fewer than two")
    );
    assert_eq!(one.stdout.matches("warning[").count(), 1, "{}", one.stdout);

    let site = copy_fixture("minimal", "health-five-pillars");
    for name in ["speed", "trust", "reach"] {
        let pillar = format!(
            "---\ntitle: {name}\nsummary: A bet on {name}.\nmetrics: [weekly-active-teams]\n---\nMore {name}.\n"
        );
        std::fs::write(site.join(format!("content/pillars/{name}.md")), pillar).unwrap();
    }
    let initiative = site.join("content/initiatives/faster-sync.md");
    let text = std::fs::read_to_string(&initiative).unwrap();
    std::fs::write(
        &initiative,
        text.replace("[reliability, adoption]", "[reliability, adoption, speed, trust, reach]"),
    )
    .unwrap();
    let five = reported(&site);
    assert_eq!(five, [("pillar-count".to_string(), "site.toml".to_string(), 1)]);
    let human = harness::check(&site, &[]);
    assert!(
        human.stdout.contains("the strategy has 5 pillars, more than four"),
        "{}",
        human.stdout
    );
}
