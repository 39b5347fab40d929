//! The OKR pages and the metrics dashboard over the `okrs` fixture, read on 2026-11-25
//! (2026-Q4). Every score below is worked out by hand from the fixture's front matter:
//!
//! | objective (quarter, pillars)          | key results                                  | score |
//! |---------------------------------------|----------------------------------------------|-------|
//! | Sync is fast (Q4, reliability)        | 800→500→200 ms: 0.50; 0→120→100: 1.2 → 1.00; | 0.50  |
//! |                                       | 2→3→1 %: −1 → 0.00                           |       |
//! | No lost work (Q4, reliability)        | set by hand 0.90; 0→7→10: 0.70               | 0.80  |
//! | Grow teams (Q4, growth)               | 0→20→100: 0.20; 10→18→30 %: 0.40             | 0.30  |
//! | Teams recommend us (Q4, both)         | 20→38→40: 0.90                               | 0.90  |
//! | Housekeeping (Q4, no pillar)          | 0→6→10: 0.60                                 | 0.60  |
//! | Last quarter's goal (Q3, reliability) | 0→8→10: 0.80                                 | 0.80  |
//! | Next quarter's goal (2027-Q1, growth) | 0→(none)→50: 0.00                            | 0.00  |
//!
//! Q4 roll-ups: reliability (0.50 + 0.80 + 0.90) / 3 = 0.73; growth (0.30 + 0.90) / 2
//! = 0.60; no pillar 0.60; the quarter (0.50 + 0.80 + 0.30 + 0.90 + 0.60) / 5 = 0.62.

use std::path::PathBuf;

use crate::harness::{build, check, fixture, repository, scratch, write_site};

fn built(name: &str) -> PathBuf {
    let out = scratch("okrs", name);
    let run = build(&fixture("okrs"), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

fn page(out: &std::path::Path, url: &str) -> String {
    std::fs::read_to_string(out.join(url).join("index.html")).unwrap()
}

/// The text of the `<main>` of a page, tags dropped and spaces collapsed.
fn text(html: &str) -> String {
    let main = html.split_once("<main").map_or(html, |(_, m)| m);
    let main = main.split_once("</main>").map_or(main, |(m, _)| m);
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The objectives a page links to, in order, each once.
fn objective_links(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for part in html.split("href=\"/okrs/").skip(1) {
        let id = part.split('"').next().unwrap().trim_end_matches('/').to_string();
        if !id.is_empty() && !id.starts_with("20") && !found.contains(&id) {
            found.push(id);
        }
    }
    found
}

fn assert_in(haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(haystack.contains(needle), "missing {needle:?} in\n{haystack}");
    }
}

/// `needles` appear in this order.
fn assert_order(haystack: &str, needles: &[&str]) {
    let at: Vec<usize> = needles
        .iter()
        .map(|n| haystack.find(n).unwrap_or_else(|| panic!("missing {n:?} in\n{haystack}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{needles:?} out of order at {at:?}");
}

#[test]
fn a_quarter_page_scores_key_results_objectives_pillars_and_the_quarter() {
    let out = built("quarter");
    let html = page(&out, "okrs/2026-q4");
    let t = text(&html);
    assert_in(
        &t,
        &[
            "OKRs · This quarter OKRs 2026-Q4",
            "Quarter score 0.62 at risk 5 objectives: 2 on track, 2 at risk, 1 off track.",
            // The roll-up table, pillars by weight, the objectives of no pillar last.
            "Reliability 3 objectives: 2 on track, 1 at risk 0.73 · on track",
            "Growth 2 objectives: 1 on track, 1 off track 0.60 · at risk",
            "Not tied to a pillar 1 objective: 1 at risk 0.60 · at risk",
            // Each objective's score and band.
            "Sync is fast Score 0.50 · at risk",
            "No lost work Score 0.80 · on track",
            "Grow teams Score 0.30 · off track",
            "Teams recommend us Score 0.90 · on track",
            "Housekeeping Score 0.60 · at risk",
            // Key results: falling, clamped at 1 and at 0, set by hand.
            "Sync p95 latency · metric: Sync latency baseline 800 ms → now 500 ms → target 200 ms lower is better Score 0.50 · at risk confidence 60%",
            "Teams on the new sync baseline 0 teams → now 120 teams → target 100 teams Score 1.00 · on track past the target; counted as 1.00 confidence not given",
            "Sync errors baseline 2% → now 3% → target 1% lower is better Score 0.00 · off track moved away from the target; counted as 0.00",
            "Lost-work reports baseline 40 → now 10 → target 0 lower is better Score 0.90 · on track score set by hand confidence 80%",
            "Restore drills passed baseline 0 → now 7 → target 10 Score 0.70 · on track",
            "Referral share baseline 10% → now 18% → target 30% Score 0.40 · at risk",
        ],
    );
    assert!(!t.contains("(down)"), "{t}");
    // Pillar sections in order, each with its roll-up; the shared objective's key
    // results are listed once, under its first pillar.
    assert_order(
        &t,
        &[
            "Pillar Reliability 0.73 · on track",
            "Teams recommend us Score 0.90",
            "Net promoter score",
            "Pillar Growth 0.60 · at risk",
            "Teams recommend us Score 0.90 · on track Also under Reliability, where its key results are listed.",
            "Not tied to a pillar 0.60 · at risk 1 objective: 1 at risk Housekeeping",
        ],
    );
    assert_eq!(t.matches("Net promoter score").count(), 1, "{t}");
    // Exactly this quarter's objectives.
    let mut linked = objective_links(&html);
    linked.sort();
    assert_eq!(linked, ["fast-sync", "grow-teams", "housekeeping", "no-lost-work", "shared-goal"]);
    // Neighbouring quarters are linked.
    assert_in(
        &html,
        &["href=\"/okrs/2026-q3/\" rel=\"prev\"", "href=\"/okrs/2027-q1/\" rel=\"next\""],
    );
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn other_quarters_list_exactly_their_objectives() {
    let out = built("others");
    let past = page(&out, "okrs/2026-q3");
    assert_eq!(objective_links(&past), ["old-goal"]);
    assert_in(
        &text(&past),
        &["A past quarter", "Quarter score 0.80 on track 1 objective: 1 on track."],
    );
    let next = page(&out, "okrs/2027-q1");
    assert_eq!(objective_links(&next), ["next-goal"]);
    assert_in(
        &text(&next),
        &[
            "An upcoming quarter",
            "Quarter score 0.00 off track",
            "Partners signed baseline 0 → now — → target 50 Score 0.00 · off track",
        ],
    );
}

#[test]
fn the_okr_index_shows_this_quarter_in_full_then_the_others_with_their_roll_ups() {
    let out = built("index");
    let html = page(&out, "okrs");
    let t = text(&html);
    assert_order(
        &t,
        &[
            "This quarter: 2026-Q4",
            "Quarter score 0.62 at risk",
            "Sync p95 latency",
            "Upcoming quarters",
            "2027-Q1 1 objective: 1 off track; not started yet 0.00 · off track",
            "Past quarters",
            "2026-Q3 1 objective: 1 on track 0.80 · on track",
        ],
    );
    assert_in(
        &html,
        &["href=\"/okrs/2026-q4/\"", "href=\"/okrs/2027-q1/\"", "href=\"/okrs/2026-q3/\""],
    );
    assert!(!t.contains("Last quarter's goal"), "past objectives are only linked: {t}");
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn an_objective_page_reads_lower_is_better_and_explains_clamped_scores() {
    let out = built("objective");
    let t = text(&page(&out, "okrs/fast-sync"));
    assert_in(
        &t,
        &["target 200 ms lower is better Score 0.50 · at risk", "past the target; counted as 1.00"],
    );
    assert!(!t.contains("(down)"), "{t}");
}

#[test]
fn the_metrics_dashboard_puts_the_north_star_first_then_leading_and_kpis() {
    let out = built("metrics");
    let html = page(&out, "metrics");
    let t = text(&html);
    assert_order(
        &t,
        &[
            "North Star Weekly active teams 150 teams in 2026-Q4 Target 200 teams Baseline 100 teams",
            "50% of the way from baseline to target",
            "Leading indicators (1)",
            "Sync latency",
            "Lower is better: the line should fall towards the target.",
            "KPIs (1)",
            "Monthly churn",
        ],
    );
    // Every chart is labelled in words and draws its target.
    assert_in(
        &html,
        &[
            "aria-label=\"Weekly active teams: 100 teams in 2026-Q2, latest 150 teams in 2026-Q4; target 200 teams.\"",
            "aria-label=\"Sync latency: 800 ms in 2026-Q3, latest 500 ms in 2026-Q4; target 200 ms.\"",
            "aria-label=\"Monthly churn: 5% in 2026-Q3, latest 4% in 2026-Q4; target 3%.\"",
            ">target 200 teams</text>",
            ">target 3%</text>",
        ],
    );
    assert_eq!(html.matches("class=\"line-chart\"").count(), 3);
    assert_eq!(html.matches("stroke-dasharray=\"6 4\"").count(), 3);
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn every_chart_of_the_example_site_labels_its_ends_and_target() {
    let out = scratch("okrs", "example");
    let run = build(&repository(), &out, &["--today", "2026-11-25"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for url in ["", "metrics", "metrics/time-to-invoice"] {
        let html = page(&out, url);
        let charts: Vec<&str> = html.split("<svg class=\"line-chart\"").skip(1).collect();
        assert!(!charts.is_empty(), "/{url} has no chart");
        for chart in charts {
            let chart = chart.split("</svg>").next().unwrap();
            assert!(chart.contains("role=\"img\" aria-label=\""), "/{url}: {chart}");
            assert!(chart.contains("latest"), "/{url}: {chart}");
            assert!(chart.contains("class=\"chart-target\""), "/{url}: {chart}");
            assert!(chart.contains("class=\"chart-value\""), "/{url}: {chart}");
        }
    }
    let t = text(&page(&out, "metrics/time-to-invoice"));
    assert!(t.contains("Lower is better: the line should fall towards the target."), "{t}");
}

#[test]
fn an_objective_at_a_quarter_url_is_a_url_collision() {
    let objective = |quarter: &str| {
        format!(
            "---\ntitle: Named like a quarter\nquarter: {quarter}\nkey_results:\n  - title: A\n    target: 1\n---\n\nBody.\n"
        )
    };
    // Whether or not the quarter has objectives: the URL is reserved for its page.
    for (name, quarter) in [("empty-quarter", "2026-Q3"), ("its-quarter", "2026-Q4")] {
        let site = write_site(
            &format!("okr-collision-{name}"),
            &[
                ("site.toml", "title = \"T\"\ntoday = \"2026-11-25\"\n"),
                ("content/okrs/2026-q4.md", &objective(quarter)),
            ],
        );
        let run = check(&site, &[]);
        assert_ne!(run.code, 0, "{}", run.stdout);
        assert!(
            run.stdout.contains(
                "error[url-collision]: content/okrs/2026-q4.md would be published at /okrs/2026-q4/, the OKR page of 2026-Q4"
            ),
            "{}{}",
            run.stdout,
            run.stderr
        );
        assert!(run.stdout.contains("--> content/okrs/2026-q4.md"), "{}", run.stdout);
    }
    // Anything else under okrs/ is not.
    let site = write_site(
        "okr-collision-none",
        &[
            ("site.toml", "title = \"T\"\ntoday = \"2026-11-25\"\n"),
            ("content/okrs/2026-q4-growth.md", &objective("2026-Q4")),
        ],
    );
    assert!(!check(&site, &[]).stdout.contains("url-collision"));
}

#[test]
fn hostile_units_and_titles_are_escaped_in_charts_and_key_results() {
    let out = scratch("okrs", "xss");
    let run = build(&fixture("xss"), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let metrics = page(&out, "metrics");
    // The unit titles the chart's axis, escaped.
    assert!(metrics.contains(">&lt;img src=x onerror=alert(1)&gt;</text>"), "{metrics}");
    let quarter = page(&out, "okrs/2026-q4");
    assert!(quarter.contains("&lt;img src=x onerror=alert("), "{quarter}");
    assert!(quarter.contains("&lt;script&gt;alert("), "{quarter}");
    for html in [&metrics, &quarter, &page(&out, "")] {
        // The theme's own search script is the one script a page loads.
        let html = html.replacen(r#"<script src="/search.js" defer></script>"#, "", 1);
        assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
        assert!(!html.contains("\" onmouseover"), "{html}");
    }
}
