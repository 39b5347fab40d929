//! Bounded cost on hostile input, measured by counting (bytes, lines, links), never by
//! timing: reports, site-wide navigation and link resolution grow at most linearly with
//! the input.

use std::path::PathBuf;

use northstar::pipeline::{self, Options};

use crate::harness::{check, copy_fixture};

/// A copy of the minimal site with `files` added under `content/`.
fn site_with(test: &str, files: impl IntoIterator<Item = (String, String)>) -> PathBuf {
    let site = copy_fixture("minimal", test);
    for (path, text) in files {
        let target = site.join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    site
}

/// A site whose one page holds `n` links to unknown ids on a single line.
fn broken_links_on_one_line(n: usize) -> PathBuf {
    let line: String = (0..n).map(|i| format!("[[nope-{i:05}]] ")).collect();
    site_with(&format!("broken_links_{n}"), [("notes.md".to_string(), format!("{line}\n"))])
}

#[test]
fn issue_7_the_report_of_broken_links_on_one_line_grows_linearly() {
    let small = broken_links_on_one_line(1_000);
    let large = broken_links_on_one_line(4_000);
    for format in ["human", "json", "github"] {
        let (a, b) = (check(&small, &["--format", format]), check(&large, &["--format", format]));
        assert_eq!((a.code, b.code), (1, 1), "{format}");
        assert!(
            b.stdout.len() <= 4 * a.stdout.len() + a.stdout.len() / 10,
            "{format}: {} bytes for 1,000 links, {} for 4,000",
            a.stdout.len(),
            b.stdout.len()
        );
        assert!(b.stdout.lines().all(|l| l.chars().count() <= 700), "{format}: a line is bounded");
    }
    let human = check(&large, &[]);
    assert!(
        human.stdout.ends_with("error: 6 documents, 4000 errors, 0 warnings\n"),
        "{}",
        human.stdout
    );
    assert_eq!(human.stdout.matches("error[unknown-id]").count(), 50);
    assert!(
        human
            .stdout
            .contains("note: 3950 more `unknown-id` diagnostics in content/notes.md not shown\n")
    );
    let json = check(&large, &["--format", "json"]);
    assert_eq!(json.stdout.lines().count(), 4_000);
}

#[test]
fn issue_7_thirty_thousand_broken_links_on_one_line_make_a_small_report() {
    // The case of the issue: a 330 KB line with 30,000 broken links, whose report was
    // 30,000 copies of the line.
    let site = broken_links_on_one_line(30_000);
    let run = check(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.len() < 30_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.ends_with("30000 errors, 0 warnings\n"));
}

/// The total bytes of a site built with `n` extra plain pages, and the site.
fn built_with_pages(n: usize) -> (usize, northstar::render::Pages) {
    let pages = (0..n).map(|i| {
        let folder = if i % 2 == 0 { "" } else { "guides/" };
        (
            format!("{folder}page-{i:04}.md"),
            format!("---\ntitle: Page {i:04}\nweight: {}\n---\n\nText.\n", n - i),
        )
    });
    let site = site_with(&format!("plain_pages_{n}"), pages);
    let built = pipeline::build(&site, &Options::default()).unwrap();
    assert!(built.checked.error_count() == 0, "{:?}", built.checked.diagnostics);
    let output = built.output.unwrap();
    (output.files.values().map(Vec::len).sum(), output)
}

fn text(output: &northstar::render::Pages, path: &str) -> String {
    String::from_utf8(output.get(path).unwrap_or_else(|| panic!("{path}")).to_vec()).unwrap()
}

#[test]
fn issue_7_output_grows_linearly_with_the_number_of_plain_pages() {
    let (small, _) = built_with_pages(50);
    let (large, output) = built_with_pages(200);
    // Four times the pages make at most a little over four times the bytes (it was
    // sixteen: every footer listed every page).
    assert!(large <= 4 * small + small / 10, "{small} bytes for 50 pages, {large} for 200");
    let footer = |path: &str| {
        let page = text(&output, path);
        let footer = page.split("<footer").nth(1).unwrap();
        footer
            .split("aria-label=\"Pages\"")
            .nth(1)
            .unwrap()
            .split("</nav>")
            .next()
            .unwrap()
            .to_string()
    };
    let about = footer("page-0000/index.html");
    assert_eq!(about.matches("<li>").count(), 9, "8 pages and the link to all:\n{about}");
    assert!(about.contains("<a href=\"/pages/\">All pages</a>"), "{about}");
    // Top-level pages, lightest weight first (the last written are the lightest).
    assert!(about.contains("/page-0198/") && !about.contains("/guides/"), "{about}");
    assert!(!about.contains("/page-0182/"), "{about}");
    // The index of pages lists them all, a hundred to a page, grouped by folder with
    // the top level first.
    let mut listed = 0;
    let mut groups = String::new();
    for path in ["pages/index.html", "pages/page/2/index.html"] {
        let page = text(&output, path);
        let index = page.split("<footer").next().unwrap();
        listed +=
            index.matches("href=\"/page-").count() + index.matches("href=\"/guides/page-").count();
        assert!(index.contains("Page ") && index.contains(" of 2</p>"), "{path} has a pager");
        groups.push_str(index);
    }
    assert_eq!(listed, 200);
    assert!(output.get("pages/page/3/index.html").is_none());
    let top = groups.find(">Top level <").expect("a top-level group");
    let guides = groups.find(">Guides <").expect("a group for guides/");
    assert!(top < guides);
}

#[test]
fn issue_7_a_few_plain_pages_are_all_in_the_footer_without_an_index() {
    let (_, output) = built_with_pages(3);
    let home = text(&output, "index.html");
    let footer = home.split("<footer").nth(1).unwrap();
    let pages =
        footer.split("aria-label=\"Pages\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert_eq!(pages.matches("<li>").count(), 3, "{footer}");
    assert!(!footer.contains("All pages"));
    assert!(output.get("pages/index.html").is_none());
}

#[test]
fn issue_7_the_index_of_pages_url_is_reserved() {
    let site = site_with("pages_url_reserved", [("pages.md".to_string(), "# Pages\n".to_string())]);
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[url-collision]: content/pages.md would be published at /pages/, the index of pages"),
        "{}",
        run.stdout
    );
}

#[test]
fn issue_7_heading_links_resolve_in_a_document_with_many_headings() {
    let n = 3_000;
    let headings: String = (0..n).map(|i| format!("## Section {i}\n\n")).collect();
    let links: String =
        (0..n).rev().map(|i| format!("[[long#Section {i}]] [[long#section-{i}]] ")).collect();
    let site = site_with(
        "many_headings",
        [
            ("long.md".to_string(), format!("# Long\n\n{headings}")),
            ("links.md".to_string(), format!("{links}\n\n[[long#Sektion 12]]\n")),
        ],
    );
    let run = check(&site, &["--format", "json"]);
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.contains("unknown-heading")).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].contains("did you mean `section-12`?"), "{}", lines[0]);
}

#[test]
fn issue_7_terminal_escapes_in_content_are_shown_escaped() {
    let site = site_with(
        "terminal_escapes",
        [(
            "okrs/q.md".to_string(),
            "---\ntitle: Q\nquarter: \"\\e]0;owned\\a\\e[2J\"\nkey_results: [{title: k, target: 1}]\n---\n".to_string(),
        )],
    );
    for format in ["human", "github"] {
        let run = check(&site, &["--format", format]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(!run.stdout.contains(['\u{1b}', '\u{7}']), "{format}: {:?}", run.stdout);
        assert!(run.stdout.contains("\\u{1b}]0;owned\\u{7}\\u{1b}[2J"), "{format}: {}", run.stdout);
    }
}

/// A strategy of `n` documents of every kind, shaped like a large company's: four
/// pillars, a metric per fifty documents, and the rest initiatives, objectives, debt,
/// post-mortems, decisions and updates, with a few dozen owners and tags.
fn generated_strategy(n: usize) -> northstar::render::Pages {
    let site = generated_site(n, "output");
    let built = pipeline::build(&site, &Options::default()).unwrap();
    assert_eq!(built.checked.error_count(), 0, "{:?}", built.checked.diagnostics.first());
    built.output.unwrap()
}

/// The site [`generated_strategy`] builds, written into a folder of its own for `test`.
fn generated_site(n: usize, test: &str) -> std::path::PathBuf {
    let site = crate::harness::scratch("scale", &format!("generated-{test}-{n}"));
    let write = |path: String, text: String| {
        let path = site.join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    std::fs::write(site.join("site.toml"), "title = \"Scale\"\ntoday = 2026-11-15\n").unwrap();
    write("vision.md".into(), "---\ntitle: Vision\nstatement: Every team ships.\n---\n".into());
    for p in 0..4 {
        write(
            format!("pillars/p{p}.md"),
            format!("---\ntitle: Pillar {p}\nsummary: Bet {p}.\n---\n"),
        );
    }
    let quarters = ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"];
    let statuses = ["in-progress", "planned", "proposed", "done", "exploratory", "deprioritized"];
    for i in 0..n {
        let (pillar, owner, tag, q) = (i % 4, i % 37, i % 23, quarters[i % 4]);
        let common = format!("owner: Owner {owner}\ntags: [t{tag}]\n");
        match i % 10 {
            0 => write(
                format!("metrics/m{i}.md"),
                format!(
                    "---\ntitle: Metric {i}\n{common}definition: Counted weekly.\ntype: leading\nhistory: [{{at: 2026-Q3, value: {i}}}]\n---\n"
                ),
            ),
            1 | 2 => write(
                format!("okrs/o{i}.md"),
                format!(
                    "---\ntitle: Objective {i}\n{common}quarter: {q}\npillars: [p{pillar}]\nkey_results:\n  - {{title: Reach {i}, target: 100, current: {}}}\n---\n",
                    i % 100
                ),
            ),
            3 => write(
                format!("debt/d{i}.md"),
                format!(
                    "---\ntitle: Debt {i}\n{common}risk: high\nimpact: medium\neffort: 5\nstatus: scheduled\nquarter: {q}\npillars: [p{pillar}]\n---\n"
                ),
            ),
            4 => write(
                format!("postmortems/pm{i}.md"),
                format!(
                    "---\ntitle: Incident {i}\n{common}date: 2026-10-{:02}\nseverity: sev3\npillars: [p{pillar}]\naction_items: [{{title: Fix {i}, status: open, due: 2026-12-01}}]\n---\n",
                    i % 28 + 1
                ),
            ),
            5 => write(
                format!("decisions/{i:04}-d.md"),
                format!(
                    "---\ntitle: Decision {i}\n{common}status: accepted\ndate: 2026-09-{:02}\n---\n",
                    i % 28 + 1
                ),
            ),
            6 => write(
                format!("updates/u{i}.md"),
                format!(
                    "---\ntitle: Update {i}\n{common}date: 2026-11-{:02}\nrelated: [p{pillar}]\n---\n",
                    i % 14 + 1
                ),
            ),
            _ => {
                let status = statuses[i % statuses.len()];
                write(
                    format!("initiatives/i{i}.md"),
                    format!(
                        "---\ntitle: Initiative {i}\n{common}pillars: [p{pillar}]\nstatus: {status}\nquarter: {q}\nsuccess_criteria: [Works]\nreason: Other work first.\n---\nBody of {i}.\n"
                    ),
                );
            }
        }
    }
    site
}

/// Issue 12: four times the documents make about four times the output, and no page
/// grows with the site: every list past a hundred entries is paged or summarised. A
/// quadratic regression fails here, by counting bytes, without timing anything.
#[test]
fn issue_12_output_grows_linearly_and_the_largest_page_stays_bounded() {
    // From 1,000 documents on, every list that grows with the site has over a hundred
    // entries: pages are full, and must not get any larger.
    let small = generated_strategy(1_000);
    let large = generated_strategy(4_000);
    let bytes =
        |pages: &northstar::render::Pages| -> usize { pages.files.values().map(|b| b.len()).sum() };
    let html = |pages: &northstar::render::Pages| -> Vec<(usize, String)> {
        let mut sizes: Vec<(usize, String)> = pages
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, b)| (b.len(), path.clone()))
            .collect();
        sizes.sort();
        sizes
    };
    let (a, b) = (bytes(&small), bytes(&large));
    assert!(b <= 4 * a + a / 5, "{a} bytes for 1,000 documents, {b} for 4,000");
    let (pages_a, pages_b) = (html(&small).len(), html(&large).len());
    assert!(pages_b <= 4 * pages_a + pages_a / 5, "{pages_a} pages, then {pages_b}");
    let (largest_a, largest_b) = (html(&small).pop().unwrap(), html(&large).pop().unwrap());
    assert!(
        largest_b.0 <= largest_a.0 + largest_a.0 / 2,
        "the largest page grew with the site: {largest_a:?} at 1,000 documents, {largest_b:?} at 4,000"
    );
    for listed in
        ["initiatives/page/2/index.html", "owners/owner-1/index.html", "health/index.html"]
    {
        assert!(large.get(listed).is_some(), "{listed}");
    }
}

/// Issue 12: the views of four times the documents make about four times the links to
/// documents, the unit of a view's work. A page that makes its whole list to show a
/// hundred of it (as every page of a long list once did) makes the count grow with the
/// square of the site, and fails here without timing anything.
#[test]
fn issue_12_the_work_of_the_views_grows_linearly() {
    let links = |n: usize| {
        let checked = pipeline::check(&generated_site(n, "work"), &Options::default()).unwrap();
        let renderer = checked.renderer().unwrap();
        let pages = renderer.render_all().unwrap().pages.len();
        (renderer.links_made(), pages)
    };
    let ((a, pages_a), (b, pages_b)) = (links(1_000), links(4_000));
    assert!(a > pages_a, "{a} links for {pages_a} pages: the count counts nothing");
    assert!(
        b <= 4 * a + a / 5,
        "{a} links for 1,000 documents ({pages_a} pages), {b} for 4,000 ({pages_b})"
    );
}
