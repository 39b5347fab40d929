//! `northstar build` end to end: the output guarantees of DESIGN §6 and what pages show.

use std::path::Path;

use crate::harness::{build, copy_fixture, files, fixture, scratch};

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn build_writes_home_a_page_per_document_and_an_index_per_kind() {
    let out = scratch("builds", "every-kind").join("public");
    let run = build(&fixture("every-kind"), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for path in [
        "index.html",
        "style.css",
        "vision/index.html",
        "initiatives/index.html",
        "initiatives/faster-sync/index.html",
        "okrs/index.html",
        "okrs/reliable-sync-q4/index.html",
        "metrics/index.html",
        "pillars/reliability/index.html",
        "debt/index.html",
        "experiments/index.html",
        "postmortems/sync-outage-2026-10/index.html",
        "decisions/index.html",
        "updates/index.html",
        "stakeholders/index.html",
        "principles/index.html",
        "guides/how-we-plan/index.html",
        "roadmap/index.html",
        "404.html",
        "robots.txt",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = scratch("builds", "determinism");
    assert_eq!(build(&fixture("every-kind"), &dir.join("a"), &[]).code, 0);
    assert_eq!(build(&fixture("every-kind"), &dir.join("b"), &[]).code, 0);
    assert_eq!(files(&dir.join("a")), files(&dir.join("b")));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("minimal", "atomic_build");
    let out = scratch("builds", "atomic").join("public");
    assert_eq!(build(&site, &out, &[]).code, 0);
    let before = files(&out);
    std::fs::write(
        site.join("content/initiatives/broken.md"),
        "---\ntitle: Broken\npillars: [nope]\n---\n",
    )
    .unwrap();
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[unknown-id]"), "{}", run.stdout);
    assert_eq!(files(&out), before);
}

#[test]
fn a_build_with_errors_writes_nothing() {
    let out = scratch("builds", "invalid").join("public");
    let run = build(&fixture("invalid/misspelled-pillar"), &out, &[]);
    assert_eq!(run.code, 1);
    assert!(!out.exists());
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let out = scratch("builds", "foreign").join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let run = build(&fixture("minimal"), &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert_eq!(files(&out).len(), 1);
}

#[test]
fn front_matter_values_are_escaped_everywhere() {
    let out = scratch("builds", "xss").join("public");
    let run = build(&fixture("xss"), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for payload in
            ["<script>alert", "<img src=x", "<iframe", "\" onmouseover=\"", "<b>bold</b>"]
        {
            assert!(!text.contains(payload), "{path} contains `{payload}`");
        }
    }
    let hostile = page(&out, "initiatives/hostile/index.html");
    assert!(hostile.contains("<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h1>"), "{hostile}");
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let out = scratch("builds", "sub-path").join("public");
    let run = build(&fixture("every-kind"), &out, &["--base-url", "https://example.com/strategy/"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
    let all = files(&out);
    let mut checked = 0;
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for attribute in ["href=\"", "src=\""] {
            for target in text.split(attribute).skip(1).filter_map(|rest| rest.split('"').next()) {
                if target.starts_with("http")
                    || target.starts_with('#')
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                let local = target
                    .strip_prefix("/strategy/")
                    .unwrap_or_else(|| panic!("{path}: `{target}` ignores the base path"));
                let local = local.split('#').next().unwrap();
                let file = if local.is_empty() || local.ends_with('/') {
                    format!("{local}index.html")
                } else {
                    local.to_string()
                };
                assert!(all.contains_key(&file), "{path}: `{target}` points at nothing");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let sitemap = String::from_utf8_lossy(&all["sitemap.xml"]).into_owned();
    assert!(
        sitemap.contains("<loc>https://example.com/strategy/initiatives/faster-sync/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.com/strategy/</loc>"), "{sitemap}");
    // Every page once, by its absolute URL under the sub-path.
    let listed: Vec<&str> =
        sitemap.split("<loc>").skip(1).filter_map(|rest| rest.split("</loc>").next()).collect();
    let pages: std::collections::BTreeSet<String> = all
        .keys()
        .filter_map(|p| p.strip_suffix("index.html"))
        .map(|dir| format!("https://example.com/strategy/{dir}"))
        .collect();
    assert_eq!(listed.len(), pages.len(), "a page is listed twice or missing");
    assert_eq!(
        listed.iter().map(|l| l.to_string()).collect::<std::collections::BTreeSet<_>>(),
        pages
    );
    let robots = String::from_utf8_lossy(&all["robots.txt"]).into_owned();
    assert!(robots.contains("Sitemap: https://example.com/strategy/sitemap.xml"), "{robots}");
    assert!(all.contains_key("404.html"));
}

#[test]
fn without_an_absolute_base_url_there_is_no_sitemap() {
    let out = scratch("builds", "no-sitemap").join("public");
    assert_eq!(build(&fixture("minimal"), &out, &[]).code, 0);
    assert!(!out.join("sitemap.xml").exists());
    assert_eq!(page(&out, "robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(page(&out, "404.html").contains("Page not found"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = copy_fixture("minimal", "drafts");
    std::fs::write(
        site.join("content/initiatives/secret.md"),
        "---\ntitle: Secret\ndraft: true\npillars: [reliability]\nowner: A\nstatus: planned\nquarter: 2027-Q1\nsuccess_criteria: [x]\n---\n",
    )
    .unwrap();
    let out = scratch("builds", "drafts").join("public");
    assert_eq!(build(&site, &out, &[]).code, 0);
    assert!(!out.join("initiatives/secret/index.html").exists());
    assert!(!page(&out, "initiatives/index.html").contains("Secret"));
    assert_eq!(build(&site, &out, &["--drafts"]).code, 0);
    assert!(out.join("initiatives/secret/index.html").exists());
}

#[test]
fn templates_are_overridden_by_name() {
    let site = copy_fixture("minimal", "override");
    std::fs::create_dir_all(site.join("templates/kinds")).unwrap();
    std::fs::write(
        site.join("templates/kinds/initiative.html"),
        "<p class=\"custom\">{{ page.data.status }} by the site</p>\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/extra.txt"), "copied").unwrap();
    let out = scratch("builds", "override").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        page(&out, "initiatives/faster-sync/index.html")
            .contains("<p class=\"custom\">in progress by the site</p>")
    );
    assert_eq!(page(&out, "extra.txt"), "copied");
}

#[test]
fn a_broken_template_is_a_content_error_at_its_line_and_column() {
    let site = copy_fixture("minimal", "broken_template");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/home.html"), "{% extends \"base.html\" %}{% block content %}{{ page.vision.link.url }{% endblock content %}").unwrap();
    let out = scratch("builds", "broken-template").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("error[template-syntax]: template `home.html` does not compile")
            && run.stdout.contains(" --> templates/home.html:1:69"),
        "{}",
        run.stdout
    );
    assert!(!out.exists());
}

/// The `<main>` of a page, for snapshots that do not churn with the layout.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    html.get(start..end).unwrap()
}

#[test]
fn one_page_per_kind_renders_as_expected() {
    let out = scratch("builds", "snapshots").join("public");
    assert_eq!(build(&fixture("every-kind"), &out, &[]).code, 0);
    for path in [
        "index.html",
        "vision/index.html",
        "principles/small-steps/index.html",
        "metrics/weekly-active-teams/index.html",
        "pillars/reliability/index.html",
        "initiatives/faster-sync/index.html",
        "okrs/reliable-sync-q4/index.html",
        "debt/legacy-sync-queue/index.html",
        "experiments/invite-nudges/index.html",
        "postmortems/sync-outage-2026-10/index.html",
        "decisions/use-event-queue/index.html",
        "updates/november-2026/index.html",
        "stakeholders/support-team/index.html",
        "guides/how-we-plan/index.html",
        "initiatives/index.html",
        "okrs/index.html",
        "roadmap/index.html",
    ] {
        let name = path.trim_end_matches("/index.html").replace('/', "__");
        insta::assert_snapshot!(
            format!("page__{}", if name == "index.html" { "home" } else { &name }),
            main_of(&page(&out, path))
        );
    }
}

#[test]
fn plain_pages_get_slugged_urls() {
    let site = copy_fixture("minimal", "slugged_pages");
    std::fs::create_dir_all(site.join("content/Team Rituals")).unwrap();
    std::fs::write(
        site.join("content/Team Rituals/Weekly Review.md"),
        "# Weekly review\n\nSee [[reliability]].\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/vision.md"),
        format!(
            "{}\n[the review](Team%20Rituals/Weekly%20Review.md)\n",
            std::fs::read_to_string(site.join("content/vision.md")).unwrap()
        ),
    )
    .unwrap();
    let out = scratch("builds", "slugged-pages").join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(page(&out, "team-rituals/weekly-review/index.html").contains("<h1>Weekly review</h1>"));
    assert!(
        page(&out, "vision/index.html")
            .contains("<a href=\"/team-rituals/weekly-review/\">the review</a>")
    );
}

#[test]
fn roadmap_puts_work_in_its_column_and_says_why_work_stopped() {
    let out = scratch("builds", "roadmap").join("public");
    assert_eq!(build(&fixture("every-kind"), &out, &[]).code, 0);
    let roadmap = page(&out, "roadmap/index.html");
    let column = |title: &str| {
        let start = roadmap
            .find(&format!("<h2>{title} <span"))
            .unwrap_or_else(|| panic!("no {title} column"));
        let rest = roadmap.get(start..).unwrap();
        rest.get(..rest.find("</section>").unwrap()).unwrap().to_string()
    };
    assert!(column("Now").contains("Faster sync") && column("Now").contains("Team invites"));
    assert!(column("Next").contains("Offline mode"));
    assert!(!column("Now").contains("Offline mode"));
    let stopped = column("Deprioritized and cancelled");
    assert!(stopped.contains("Why: Partners asked for reliability before an API."), "{stopped}");
    assert!(roadmap.contains("<th scope=\"col\" class=\"current-quarter\">2026-Q4"), "{roadmap}");
}
