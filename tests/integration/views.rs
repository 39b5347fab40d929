//! The strategy views of issue 10, built from the example strategy and from fixtures:
//! what each page lists, and that every link on it leads to a page of the site.

use std::collections::BTreeMap;

use crate::harness::{build, files, repository, scratch, write_site};

fn built(name: &str, site: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let out = scratch("views", name).join("public");
    let run = build(site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    files(&out)
}

fn text(pages: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(pages.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

/// Every `href="/…"` of `html`, without its fragment.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|url| url.split('#').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn issue_10_the_map_draws_each_pillar_and_its_current_work_as_links() {
    let pages = built("map", &repository());
    let map = text(&pages, "map/index.html");
    let svg =
        map.split("<svg class=\"strategy-map\"").nth(1).unwrap().split("</svg>").next().unwrap();
    // The North Star, three pillars, and their current work: three initiatives in
    // progress and this quarter's objectives (one of them under two pillars).
    for title in [
        "Loads invoiced within 24 hours",
        "Paperless delivery",
        "Invoice in a day",
        "Self-serve growth",
        "Offline-first driver app",
        "Automatic invoice on proof of delivery",
        "Guided onboarding",
        "New fleets are live within their first week",
    ] {
        assert!(svg.contains(&format!("aria-label=\"{title} (")), "{title}");
    }
    assert_eq!(svg.matches("<a href=").count(), 1 + 3 + 8, "{svg}");
    assert_eq!(svg.matches("class=\"map-node tone-red\"").count(), 1, "one objective off track");
    // Done, later and next work stays off the map.
    assert!(!svg.contains("Sign up and pay without a sales call"));
    assert!(!svg.contains("Spreadsheet and TMS import"));
    for url in links(&map) {
        let file =
            if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url };
        assert!(pages.contains_key(&file), "/{file} is linked from the map but not built");
    }
}

#[test]
fn issue_10_the_map_url_is_reserved_and_needs_a_pillar() {
    let site = write_site(
        "map-reserved",
        &[
            ("site.toml", "title = \"T\"\ntoday = \"2026-11-25\"\n"),
            ("content/map.md", "# My map\n\nA page where the map goes.\n"),
        ],
    );
    let run = crate::harness::check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[url-collision]"), "{}", run.stdout);
    std::fs::remove_file(site.join("content/map.md")).unwrap();
    std::fs::write(site.join("content/about.md"), "# About\n").unwrap();
    let pages = built("map-without-pillars", &site);
    assert!(!pages.contains_key("map/index.html"));
}
