//! How pages read: one `<h1>` each, the navigation in groups with the current entry
//! marked, "Referenced by" saying how each document relates, and a pillar's page
//! generated from the documents that name the pillar.

use std::path::Path;

use crate::harness::{build, files, repository, scratch, write_site};

fn built(site: &Path, name: &str) -> std::path::PathBuf {
    let out = scratch("pages", name).join("public");
    let run = build(site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap()
}

/// The text between the first `start` and the next `end` after it, both included.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let (_, from) = html.split_once(start).unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let (inner, _) = from.split_once(end).unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    // Both ends found: `start`, what lies between, `end`, as one slice of `html`.
    let at = html.len() - from.len() - start.len();
    html.get(at..at + start.len() + inner.len() + end.len()).unwrap()
}

/// The `href`s in `html`, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

#[test]
fn every_page_of_the_example_has_exactly_one_h1() {
    let out = built(&repository(), "example");
    let mut checked = 0;
    for (path, bytes) in files(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        checked += 1;
    }
    assert!(checked > 40, "only {checked} pages");
    // The page without front matter takes its title from its first heading, which is
    // not repeated in its prose.
    let about = page(&out, "about/index.html");
    assert!(about.contains("<h1>How this strategy is maintained</h1>"), "{about}");
    assert!(!about.contains("id=\"how-this-strategy-is-maintained\""), "{about}");
}

const TODAY: &str = "title = \"Fixture\"\ntoday = \"2026-11-25\"\n";

#[test]
fn navigation_shows_groups_with_their_sections_and_marks_the_current_one() {
    let site = write_site(
        "pages-navigation",
        &[
            ("site.toml", TODAY),
            ("content/pillars/p.md", "---\ntitle: P\nsummary: S.\n---\n"),
            (
                "content/initiatives/x.md",
                "---\ntitle: X\npillars: [p]\nstatus: in-progress\nowner: Ana\nsuccess_criteria: [Done well]\n---\n",
            ),
            ("content/decisions/d.md", "---\ntitle: D\nstatus: accepted\ndate: 2026-10-01\n---\n"),
        ],
    );
    let out = built(&site, "navigation");
    let nav = |path: &str| {
        between(&page(&out, path), "<ul class=\"nav-groups\">", "\n</ul>\n</details>").to_string()
    };
    // Only the sections this site has, in their groups; Strategy has only pillars and
    // the map, which every site with a pillar has, as every site has a health page.
    assert_eq!(
        nav("index.html"),
        "<ul class=\"nav-groups\">
<li class=\"nav-group\"><span class=\"nav-group-title\">Strategy</span>
<ul>
<li><a href=\"/pillars/\">Pillars</a></li>
<li><a href=\"/map/\">Map</a></li>
</ul>
</li>
<li class=\"nav-group\"><span class=\"nav-group-title\">Execution</span>
<ul>
<li><a href=\"/roadmap/\">Roadmap</a></li>
<li><a href=\"/initiatives/\">Initiatives</a></li>
<li><a href=\"/health/\">Health</a></li>
</ul>
</li>
<li class=\"nav-group\"><span class=\"nav-group-title\">Learning</span>
<ul>
<li><a href=\"/decisions/\">Decisions</a></li>
</ul>
</li>
</ul>
</details>"
    );
    // An index is the current page; a document is in its kind's section.
    assert!(
        nav("initiatives/index.html").contains("<a href=\"/initiatives/\" aria-current=\"page\">")
    );
    assert!(
        nav("initiatives/x/index.html")
            .contains("<a href=\"/initiatives/\" aria-current=\"true\">")
    );
    assert!(nav("roadmap/index.html").contains("<a href=\"/roadmap/\" aria-current=\"page\">"));
    for path in ["index.html", "roadmap/index.html", "decisions/d/index.html"] {
        assert_eq!(
            nav(path).matches("aria-current").count(),
            usize::from(path != "index.html"),
            "{path}"
        );
    }
}

#[test]
fn referenced_by_says_how_each_document_relates_and_skips_the_facts() {
    let site = write_site(
        "pages-referenced-by",
        &[
            ("site.toml", TODAY),
            ("content/pillars/p.md", "---\ntitle: P\nsummary: S.\n---\n"),
            (
                "content/initiatives/base.md",
                "---\ntitle: Base\npillars: [p]\nstatus: in-progress\nobjectives: [o]\nowner: Ana\nsuccess_criteria: [Done well]\n---\n",
            ),
            // Depends on base, and mentions it: listed once, as depending.
            (
                "content/initiatives/after.md",
                "---\ntitle: After\npillars: [p]\nstatus: planned\ndepends_on: [base]\nowner: Ana\nsuccess_criteria: [Done well]\n---\nNeeds [[base]].\n",
            ),
            // Lists base and is listed by it: already in base's facts.
            (
                "content/okrs/o.md",
                "---\ntitle: O\nquarter: 2026-Q4\ninitiatives: [base]\nkey_results:\n  - title: K\n    baseline: 0\n    target: 1\n    current: 1\n---\n",
            ),
            ("content/notes.md", "---\ntitle: Notes\n---\nSee [[base]].\n"),
        ],
    );
    let out = built(&site, "referenced-by");
    let section =
        between(&page(&out, "initiatives/base/index.html"), "<dl class=\"relations\">", "</dl>")
            .to_string();
    assert_eq!(
        section,
        "<dl class=\"relations\">
<div><dt>Depend on this</dt><dd><ul class=\"inline-links\">
<li><a href=\"/initiatives/after/\">After</a> <span class=\"meta\">Initiative</span></li>
</ul></dd></div>
<div><dt>Mention this</dt><dd><ul class=\"inline-links\">
<li><a href=\"/notes/\">Notes</a> <span class=\"meta\">Page</span></li>
</ul></dd></div>
</dl>"
    );
}

fn initiative(title: &str, status: &str, quarter: Option<&str>) -> String {
    let quarter = quarter.map(|q| format!("quarter: {q}\n")).unwrap_or_default();
    format!(
        "---\ntitle: {title}\npillars: [p]\nstatus: {status}\n{quarter}reason: Because.\nowner: Ana\nsuccess_criteria: [Done well]\n---\n"
    )
}

fn objective(title: &str, quarter: &str, current: f64) -> String {
    format!(
        "---\ntitle: {title}\nquarter: {quarter}\npillars: [p]\nkey_results:\n  - title: K\n    baseline: 0\n    target: 10\n    current: {current}\n---\n"
    )
}

fn debt(title: &str, risk: &str, status: &str) -> String {
    format!(
        "---\ntitle: {title}\nrisk: {risk}\nimpact: medium\npillars: [p]\neffort: 3\nstatus: {status}\n---\n"
    )
}

#[test]
fn a_pillar_page_shows_its_work_by_lane_its_objectives_metrics_and_open_debt() {
    let pillar = "---\ntitle: P\nsummary: S.\nmetrics: [m]\n---\n## Why\n\nProse.\n";
    let metric = "---\ntitle: M\ndefinition: D.\ntype: leading\ndirection: up\nbaseline: 1\ntarget: 5\nhistory:\n  - at: 2026-Q3\n    value: 1\n  - at: 2026-Q4\n    value: 3\n---\n";
    let site = write_site(
        "pages-pillar",
        &[
            ("site.toml", TODAY),
            ("content/pillars/p.md", pillar),
            ("content/pillars/other.md", "---\ntitle: Other\nsummary: S.\n---\n"),
            ("content/metrics/m.md", metric),
            ("content/initiatives/now-a.md", &initiative("Now A", "in-progress", None)),
            ("content/initiatives/now-b.md", &initiative("Now B", "planned", Some("2026-Q4"))),
            ("content/initiatives/next.md", &initiative("Next", "planned", Some("2027-Q1"))),
            ("content/initiatives/later.md", &initiative("Later", "proposed", None)),
            ("content/initiatives/done.md", &initiative("Done", "done", Some("2026-Q3"))),
            ("content/initiatives/aside.md", &initiative("Aside", "deprioritized", None)),
            (
                "content/initiatives/elsewhere.md",
                "---\ntitle: Elsewhere\npillars: [other]\nstatus: in-progress\nowner: Ana\nsuccess_criteria: [Done well]\n---\n",
            ),
            // 8 of 10: 0.8; 4 of 10: 0.4; the mean is 0.6, at risk.
            ("content/okrs/high.md", &objective("High", "2026-Q4", 8.0)),
            ("content/okrs/low.md", &objective("Low", "2026-Q4", 4.0)),
            ("content/okrs/past.md", &objective("Past", "2026-Q3", 10.0)),
            ("content/debt/small.md", &debt("Small", "low", "scheduled")),
            ("content/debt/big.md", &debt("Big", "high", "open")),
            ("content/debt/paid.md", &debt("Paid", "critical", "paid")),
        ],
    );
    let out = built(&site, "pillar");
    let html = page(&out, "pillars/p/index.html");
    let objectives = between(&html, "<section class=\"block pillar-objectives\">", "</section>");
    assert!(objectives.contains("(2026-Q4)"), "{objectives}");
    assert!(objectives.contains("style=\"width: 60%\"></span></span><span class=\"progress-label\">0.60 · at risk</span>"), "{objectives}");
    assert_eq!(hrefs(objectives), ["/okrs/high/", "/okrs/low/"]);
    let metrics = between(&html, "<section class=\"block pillar-metrics\">", "</section>");
    assert_eq!(hrefs(metrics), ["/metrics/m/"]);
    assert!(metrics.contains("<svg class=\"line-chart\" role=\"img\" aria-label=\"M: 1 in 2026-Q3, latest 3 in 2026-Q4; target 5.\""), "{metrics}");
    // The prose sits between the numbers and the work.
    let prose = html.find("<div class=\"prose\">").unwrap();
    assert!(
        html.find("pillar-metrics").unwrap() < prose && prose < html.find("pillar-work").unwrap()
    );

    let work = between(
        &html,
        "<section class=\"block pillar-work\">",
        "\n</section>\n<section class=\"block pillar-debt\">",
    );
    let lanes: Vec<(String, Vec<&str>)> = work
        .split("<section class=\"roadmap-column\">\n<h3>")
        .skip(1)
        .map(|lane| {
            (
                lane.split(" <span").next().unwrap().to_string(),
                hrefs(lane.split("</section>").next().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        lanes,
        [
            ("Now".to_string(), vec!["/initiatives/now-a/", "/initiatives/now-b/"]),
            ("Next".to_string(), vec!["/initiatives/next/"]),
            ("Later".to_string(), vec!["/initiatives/later/"]),
            ("Done".to_string(), vec!["/initiatives/done/"]),
        ]
    );
    assert!(
        work.contains("Also under this pillar: <a href=\"/initiatives/aside/\">Aside</a> <span class=\"badge status-deprioritized\">deprioritized</span>."),
        "{work}"
    );

    let debt = between(&html, "<section class=\"block pillar-debt\">", "</section>");
    assert!(debt.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Open debt of P\" tabindex=\"0\">"), "{debt}");
    // Open debt only, the riskiest first.
    assert_eq!(hrefs(debt), ["/debt/big/", "/debt/small/"]);

    // What the page shows is not repeated under "Referenced by": only the past
    // objective and the paid debt are left there.
    let referenced = between(&html, "<dl class=\"relations\">", "</dl>");
    assert_eq!(hrefs(referenced), ["/debt/paid/", "/okrs/past/"]);
    assert!(referenced.contains("<dt>Serve this pillar</dt>"), "{referenced}");
}
