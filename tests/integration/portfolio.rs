//! The debt portfolio (`/debt/`: the risk × impact matrix, the budget by quarter, the
//! register) and the owner and tag pages, built from `tests/fixtures/debt-portfolio`.
//! Every expectation is worked out by hand from the fixture's front matter.

use std::path::Path;

use crate::harness::{build, check, copy_fixture, fixture, scratch, text_of, write_site};

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn built(name: &str, site: &Path) -> std::path::PathBuf {
    let out = scratch("portfolio", name).join("public");
    let run = build(site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = html.get(from..).unwrap();
    rest.get(..rest.find(end).unwrap_or(rest.len())).unwrap()
}

/// The titles of the links in a fragment, in order.
fn link_titles(fragment: &str) -> Vec<String> {
    fragment
        .split("<a href=")
        .skip(1)
        .map(|a| {
            let title = a.get(a.find('>').unwrap() + 1..a.find("</a>").unwrap()).unwrap();
            text_of(title)
        })
        .collect()
}

/// The rows of the table with `class`, each as the texts of its cells (`th` and `td`).
fn rows(html: &str, class: &str) -> Vec<Vec<String>> {
    let table = between(html, &format!("<table class=\"{class}\">"), "</table>");
    let body = between(table, "<tbody>", "</tbody>");
    body.split("<tr").skip(1).map(|row| cells(row).iter().map(|c| text_of(c)).collect()).collect()
}

fn cells(row: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut rest = row;
    while let Some(at) = [rest.find("<th"), rest.find("<td")].into_iter().flatten().min() {
        let cell = rest.get(at..).unwrap();
        let open_end = cell.find('>').unwrap() + 1;
        let close = cell.find("</t").unwrap();
        cells.push(cell.get(open_end..close).unwrap());
        rest = cell.get(close + 3..).unwrap();
    }
    cells
}

#[test]
fn the_matrix_lists_open_items_by_risk_and_impact() {
    let out = built("matrix", &fixture("debt-portfolio"));
    let html = page(&out, "debt/index.html");
    let table = between(&html, "<table class=\"debt-matrix\">", "</table>");
    assert!(table.contains("<caption>"), "the matrix has a caption");
    let header = text_of(between(table, "<thead>", "</thead>"));
    assert_eq!(header, "Risk High impact Medium impact Low impact");
    let body = between(table, "<tbody>", "</tbody>");
    let matrix: Vec<(String, Vec<Vec<String>>)> = body
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let cells = cells(row);
            (text_of(cells[0]), cells[1..].iter().map(|c| link_titles(c)).collect())
        })
        .collect();
    let none = Vec::<String>::new;
    let one = |t: &str| vec![t.to_string()];
    // The paid item (Logs without request ids, medium × high) is not in the matrix.
    assert_eq!(
        matrix,
        vec![
            ("Critical risk".to_string(), vec![one("Auth tokens never expire"), none(), none()]),
            (
                "High risk".to_string(),
                vec![
                    none(),
                    vec!["Flaky CI builds".to_string(), "Old ORM layer".to_string()],
                    none()
                ]
            ),
            ("Medium risk".to_string(), vec![none(), none(), none()]),
            ("Low risk".to_string(), vec![none(), none(), one("CSV export by hand")]),
        ]
    );
    assert!(body.contains("<th scope=\"row\">Critical risk</th>"));
    assert!(html.contains("role=\"region\" aria-label=\"Risk by impact matrix\" tabindex=\"0\""));
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn the_register_has_every_item_open_ones_riskiest_first() {
    let out = built("register", &fixture("debt-portfolio"));
    let html = page(&out, "debt/index.html");
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows(&html, "debt-register"),
        vec![
            row(&[
                "Auth tokens never expire",
                "critical",
                "high",
                "6 days",
                "2026-Q4",
                "in progress",
                "Ana Lima",
                "A stolen token is useless after an hour.",
            ]),
            row(&[
                "Flaky CI builds",
                "high",
                "medium",
                "5.5 days",
                "2026-Q4",
                "scheduled",
                "Bo Chen",
                "—"
            ]),
            row(&[
                "Old ORM layer",
                "high",
                "medium",
                "30 days",
                "2026-Q4",
                "open",
                "Ana Lima",
                "—"
            ]),
            row(&[
                "CSV export by hand",
                "low",
                "low",
                "8 days",
                "2027-Q1",
                "scheduled",
                "Bo Chen",
                "—"
            ]),
            row(&[
                "Logs without request ids",
                "medium",
                "high",
                "3 days",
                "2026-Q3",
                "paid",
                "—",
                "—"
            ]),
        ]
    );
    // Owners link to their pages.
    assert!(html.contains("<a href=\"/owners/ana-lima/\">Ana Lima</a>"));
}

#[test]
fn the_budget_by_quarter_counts_scheduled_and_in_progress_effort() {
    let out = built("budget-table", &fixture("debt-portfolio"));
    let html = page(&out, "debt/index.html");
    // 2026-Q4: 6 (in progress) + 5.5 (scheduled) = 11.5 days; the open 30 days do not
    // count. Budget 0.25 × 40 = 10: over by 1.5 days, 115 % used.
    // 2027-Q1: 8 days against 0.25 × 80 = 20: 12 days left, 40 % used.
    assert_eq!(
        rows(&html, "debt-budget"),
        vec![
            vec![
                "2026-Q4 (now)".to_string(),
                "Over budget by 1.5 days (115% used)".into(),
                "11.5 days".into(),
                "10 days of 40 days".into(),
                "Auth tokens never expire Flaky CI builds".into(),
            ],
            vec![
                "2027-Q1".to_string(),
                "Within budget: 12 days left (40% used)".into(),
                "8 days".into(),
                "20 days of 80 days".into(),
                "CSV export by hand".into(),
            ],
        ]
    );
    assert!(html.contains("<tr class=\"over-budget\">"));
}

#[test]
fn capacity_days_as_one_number_and_left_out() {
    let site = copy_fixture("debt-portfolio", "portfolio-capacity-number");
    let config = "title = \"Debt fixture\"\ntoday = \"2026-11-25\"\ndebt_capacity = \"25%\"\n";
    // One number: every quarter has 0.25 × 44 = 11 days; 11.5 is over by 0.5.
    std::fs::write(site.join("site.toml"), format!("{config}capacity_days = 44\n")).unwrap();
    let out = built("capacity-number", &site);
    let budget: Vec<Vec<String>> = rows(&page(&out, "debt/index.html"), "debt-budget")
        .into_iter()
        .map(|r| r[..4].to_vec())
        .collect();
    assert_eq!(
        budget,
        vec![
            vec![
                "2026-Q4 (now)".to_string(),
                "Over budget by 0.5 days (105% used)".into(),
                "11.5 days".into(),
                "11 days of 44 days".into()
            ],
            vec![
                "2027-Q1".to_string(),
                "Within budget: 3 days left (73% used)".into(),
                "8 days".into(),
                "11 days of 44 days".into()
            ],
        ]
    );
    // Without capacity_days: the effort only.
    std::fs::write(site.join("site.toml"), config).unwrap();
    let out = built("capacity-none", &site);
    let html = page(&out, "debt/index.html");
    let budget: Vec<Vec<String>> =
        rows(&html, "debt-budget").into_iter().map(|r| r[..4].to_vec()).collect();
    let no_budget = "No capacity set for this quarter".to_string();
    assert_eq!(
        budget,
        vec![
            vec!["2026-Q4 (now)".to_string(), no_budget.clone(), "11.5 days".into(), "—".into()],
            vec!["2027-Q1".to_string(), no_budget, "8 days".into(), "—".into()],
        ]
    );
    assert!(html.contains("set <code>capacity_days</code> in site.toml"));
}

#[test]
fn bad_capacity_days_are_config_errors_at_their_line_and_column() {
    let site = write_site(
        "portfolio-bad-capacity",
        &[("site.toml", "capacity_days = -3\n"), ("content/about.md", "# About\n")],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "error[config-invalid]: `capacity_days` must be a number of days (0 or more), or a table of them by quarter\n --> site.toml:1:17\n"
        ),
        "{}",
        run.stdout
    );
    let table = "title = \"x\"\n[capacity_days]\n\"2026-Q4\" = \"sixty\"\nQ4 = 10\n\"2027-Q1\" = -1\n\"2027-Q2\" = 30\n";
    let site = write_site(
        "portfolio-bad-capacity-table",
        &[("site.toml", table), ("content/about.md", "# About\n")],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for (message, at) in [
        ("capacity_days of 2026-Q4 must be a number of days (0 or more)", "site.toml:3:13"),
        ("`Q4` in `capacity_days` is not a quarter", "site.toml:4:1"),
        ("capacity_days of 2027-Q1 must be a number of days (0 or more)", "site.toml:5:13"),
    ] {
        let expected = format!("error[config-invalid]: {message}\n --> {at}\n");
        assert!(run.stdout.contains(&expected), "{expected}\nin\n{}", run.stdout);
    }
    assert_eq!(run.stdout.matches("error[config-invalid]").count(), 3, "{}", run.stderr);
}

#[test]
fn owner_pages_list_exactly_what_each_owner_owns_by_kind() {
    let out = built("owners", &fixture("debt-portfolio"));
    let groups = |path: &str| -> Vec<(String, Vec<String>)> {
        let html = page(&out, path);
        html.split("<section class=\"term-group\">")
            .skip(1)
            .map(|s| {
                let s = s.get(..s.find("</section>").unwrap()).unwrap();
                (text_of(between(s, "<h2>", "</h2>")), link_titles(s))
            })
            .collect()
    };
    let titles = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        groups("owners/ana-lima/index.html"),
        vec![
            ("Initiatives (1)".to_string(), titles(&["Token rotation"])),
            ("Debt (2)".to_string(), titles(&["Auth tokens never expire", "Old ORM layer"])),
        ]
    );
    assert_eq!(
        groups("owners/bo-chen/index.html"),
        vec![
            ("Debt (2)".to_string(), titles(&["CSV export by hand", "Flaky CI builds"])),
            ("Post-mortem action items (1)".to_string(), titles(&["CI outage"])),
        ]
    );
    assert!(page(&out, "owners/bo-chen/index.html").contains("Retry flaky network steps"));
    assert_eq!(
        groups("tags/security/index.html"),
        vec![
            ("Initiatives (1)".to_string(), titles(&["Token rotation"])),
            (
                "Debt (2)".to_string(),
                titles(&["Auth tokens never expire", "Logs without request ids"])
            ),
        ]
    );
    assert_eq!(
        groups("tags/ci/index.html"),
        vec![("Debt (1)".to_string(), titles(&["Flaky CI builds"]))]
    );
    let owners = page(&out, "owners/index.html");
    assert_eq!(
        text_of(between(&owners, "<ul class=\"term-list\">", "</ul>")),
        "Ana Lima 3 documents Bo Chen 2 documents, 1 action item"
    );
    let tags = page(&out, "tags/index.html");
    assert_eq!(
        link_titles(between(&tags, "<ul class=\"term-list\">", "</ul>")),
        ["ci", "security"]
    );
    // Document pages link their owners and tags.
    let document = page(&out, "debt/auth-tokens/index.html");
    assert!(document.contains("Owner: <a href=\"/owners/ana-lima/\">Ana Lima</a>"), "{document}");
    assert!(document.contains("Tags: <a href=\"/tags/security/\">security</a>"), "{document}");
    let postmortem = page(&out, "postmortems/ci-outage/index.html");
    assert!(
        postmortem.contains("<td><a href=\"/owners/bo-chen/\">Bo Chen</a></td>"),
        "{postmortem}"
    );
}

#[test]
fn names_sharing_a_slug_or_without_one_are_diagnostics_at_the_name() {
    let debt = |owner: &str, tags: &str| {
        format!("---\ntitle: T\nowner: {owner}\nrisk: low\nimpact: low\ntags: {tags}\n---\n")
    };
    let site = write_site(
        "portfolio-slug-collisions",
        &[
            ("content/debt/a.md", &debt("Ana Lima", "[ci]")),
            ("content/debt/b.md", &debt("ana-lima", "[CI, \"🚀\"]")),
        ],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for (expected, at) in [
        (
            "error[slug-collision]: owner `ana-lima` and owner `Ana Lima` would share the page /owners/ana-lima/",
            "content/debt/b.md:3:8",
        ),
        (
            "error[slug-collision]: tag `CI` and tag `ci` would share the page /tags/ci/",
            "content/debt/b.md:6:8",
        ),
        (
            "warning[empty-slug]: tag `🚀` has no letters or digits to name its page",
            "content/debt/b.md:6:12",
        ),
    ] {
        let expected = format!("{expected}\n --> {at}\n");
        assert!(run.stdout.contains(&expected), "{expected}\nin\n{}", run.stdout);
    }
}

#[test]
fn documents_at_owner_or_tag_urls_are_url_collisions() {
    let page_at = "---\ntitle: In the way\n---\nText.\n";
    let initiative = "---\ntitle: I\nowner: Ana\nstatus: planned\nquarter: 2026-Q4\n---\n";
    let site = write_site(
        "portfolio-url-collisions",
        &[
            ("content/owners.md", page_at),
            ("content/tags/anything.md", page_at),
            ("content/initiatives/i.md", initiative),
        ],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("error[url-collision]: content/owners.md would be published at /owners/, the index of owners\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[url-collision]: content/tags/anything.md would be published at /tags/anything/, under /tags/"),
        "{}",
        run.stdout
    );
}

/// Renders `site` in full, then edits files one step at a time and checks that an
/// incremental update equals a full render, and that only `expected` pages (besides
/// static files) were rendered again.
#[test]
fn owner_and_tag_pages_follow_edits_of_owners_and_tags_and_only_then() {
    use northstar::pipeline::{self, Options};
    use northstar::render::Route;
    use std::collections::BTreeSet;
    let site = copy_fixture("debt-portfolio", "portfolio-incremental");
    let options =
        Options { today: northstar::model::Date::parse("2026-11-25").ok(), ..Options::default() };
    let mut previous = pipeline::check(&site, &options).unwrap();
    let mut rendered = previous.renderer().unwrap().render_all().unwrap();
    let flaky = "debt/flaky-ci.md";
    // Each step: the text replaced, its replacement, and the owner and tag pages (and
    // new pages) rendered again: those that read the edited item (Bo Chen's page and
    // the `ci` tag's list it), and every page of owners or tags when its names change.
    let steps: [(&str, &str, &[&str]); 3] = [
        ("One build in five", "Three builds in five", &["owners/bo-chen/", "tags/ci/"]),
        (
            "owner: Bo Chen",
            "owner: Cy Diaz",
            &["owners/", "owners/ana-lima/", "owners/bo-chen/", "owners/cy-diaz/", "tags/ci/"],
        ),
        (
            "tags: [ci]",
            "tags: [ci, build]",
            &["owners/cy-diaz/", "tags/", "tags/build/", "tags/ci/", "tags/security/"],
        ),
    ];
    for (step, (from, to, expected)) in steps.into_iter().enumerate() {
        let path = site.join("content").join(flaky);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "step {step}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let next = pipeline::check(&site, &options).unwrap();
        let (old, new) = (previous.renderer().unwrap(), next.renderer().unwrap());
        let edited: BTreeSet<String> = [flaky.to_string()].into();
        let affected = new.affected(&old.snapshot(), &rendered, &edited);
        let terms: Vec<&str> = affected
            .iter()
            .filter(|u| matches!(new.routes().get(*u), Some(Route::Terms(_) | Route::Term(..))))
            .map(|u| u.as_str())
            .collect();
        assert_eq!(terms, expected, "step {step}");
        let incremental = new.update(&old.snapshot(), rendered, &edited).unwrap();
        let full = new.render_all().unwrap();
        assert_eq!(incremental, full, "step {step}");
        rendered = incremental;
        drop((old, new));
        previous = next;
    }
}
