//! Issue 12: long lists are split into pages of a hundred, at URLs that stay the same
//! at every size of site, each listed in the route table (and so in the sitemap).

use std::collections::BTreeMap;

use northstar::pipeline::{self, Options};

use crate::harness::copy_fixture;

/// The minimal site with `n` more initiatives, owned by one person, one of them with
/// the id `page`.
fn built(test: &str, n: usize) -> BTreeMap<String, String> {
    let site = copy_fixture("minimal", test);
    for i in 0..n {
        let id = if i == 0 { "page".to_string() } else { format!("work-{i:04}") };
        let status = ["in-progress", "planned", "done"][i % 3];
        let text = format!(
            "---\ntitle: Work {i:04}\npillars: [reliability]\nowner: Bo Berg\nstatus: {status}\nquarter: 2026-Q4\nsuccess_criteria: [It works]\n---\n"
        );
        std::fs::write(site.join(format!("content/initiatives/{id}.md")), text).unwrap();
    }
    let options = Options {
        base_url: Some(northstar::config::BaseUrl::parse("https://example.org/s/").unwrap()),
        ..Options::default()
    };
    let built = pipeline::build(&site, &options).unwrap();
    assert_eq!(built.checked.error_count(), 0, "{:?}", built.checked.diagnostics);
    let pages = built.output.unwrap();
    pages
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html") || path.ends_with(".xml"))
        .map(|(path, bytes)| (path.clone(), String::from_utf8(bytes.to_vec()).unwrap()))
        .collect()
}

/// The hrefs of initiatives' pages in the main part of a page.
fn listed(page: &str) -> Vec<String> {
    let main = page.split("<main").nth(1).unwrap().split("</main>").next().unwrap();
    main.split("href=\"/s/initiatives/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .filter(|href| !href.is_empty() && !href.starts_with("page/") || href == "page/")
        .collect()
}

#[test]
fn issue_12_an_index_of_250_initiatives_takes_three_pages_listing_each_once() {
    let files = built("pagination-250", 250);
    let mut seen = Vec::new();
    for n in 1..=3 {
        let path = match n {
            1 => "initiatives/index.html".to_string(),
            n => format!("initiatives/page/{n}/index.html"),
        };
        let page = files.get(&path).unwrap_or_else(|| panic!("{path}"));
        let here = listed(page);
        assert!(here.len() <= 100, "{path}: {}", here.len());
        seen.extend(here);
        assert!(page.contains(&format!("Page {n} of 3</p>")), "{path}");
        if n > 1 {
            let previous = if n == 2 {
                "/s/initiatives/".to_string()
            } else {
                format!("/s/initiatives/page/{}/", n - 1)
            };
            assert!(page.contains(&format!("<a href=\"{previous}\" rel=\"prev\">")), "{path}");
        }
        if n < 3 {
            assert!(
                page.contains(&format!("<a href=\"/s/initiatives/page/{}/\" rel=\"next\">", n + 1)),
                "{path}"
            );
        }
    }
    assert!(!files.contains_key("initiatives/page/4/index.html"));
    let unique: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (251, 251), "every initiative once, across the pages");
    // The initiative whose id is `page` keeps its URL beside the later pages.
    assert!(files.contains_key("initiatives/page/index.html"));
    let sitemap = &files["sitemap.xml"];
    for url in
        ["initiatives/", "initiatives/page/2/", "initiatives/page/3/", "owners/bo-berg/page/3/"]
    {
        assert_eq!(
            sitemap.matches(&format!("<loc>https://example.org/s/{url}</loc>")).count(),
            1,
            "{url}"
        );
    }
    // An owner's page is paged the same way.
    assert!(files["owners/bo-berg/page/3/index.html"].contains("Page 3 of 3</p>"));
}

#[test]
fn issue_12_a_short_list_has_one_page_and_no_pager() {
    let files = built("pagination-short", 20);
    assert!(!files["initiatives/index.html"].contains("class=\"pager\""));
    assert!(!files.keys().any(|p| p.contains("/page/2/")));
}

#[test]
fn issue_12_every_page_of_a_list_made_once_reads_the_whole_list() {
    let site = copy_fixture("minimal", "pagination-reads");
    for i in 0..250 {
        let text = format!(
            "---\ntitle: Work {i:04}\npillars: [reliability]\nowner: Bo Berg\nstatus: planned\nquarter: 2026-Q4\nsuccess_criteria: [It works]\n---\n"
        );
        std::fs::write(site.join(format!("content/initiatives/work-{i:04}.md")), text).unwrap();
    }
    let checked = pipeline::check(&site, &Options::default()).unwrap();
    let renderer = checked.renderer().unwrap();
    // The pages in the order a parallel build might reach them: the last one first, so
    // it makes the shared list, and the first one takes it.
    let urls = ["initiatives/page/3/", "initiatives/", "initiatives/page/2/"];
    let reads: Vec<_> =
        urls.iter().map(|&url| renderer.render(&url.into()).unwrap().unwrap().reads).collect();
    for (url, read) in urls.iter().zip(&reads) {
        // Every page depends on every initiative: one edited anywhere may move it.
        let initiatives = read.documents.iter().filter(|p| p.starts_with("initiatives/")).count();
        assert!(initiatives >= 250, "/{url} read {initiatives} initiatives");
        assert!(read.kinds.contains(&northstar::model::Kind::Initiative), "/{url}");
    }
    // A fresh renderer, which makes the list for the first page it renders, records the
    // same reads for each page as one that had it made already.
    for (url, read) in urls.iter().zip(&reads) {
        let fresh = checked.renderer().unwrap();
        assert_eq!(&fresh.render(&(*url).into()).unwrap().unwrap().reads, read, "/{url}");
    }
}

#[test]
fn issue_12_an_okr_quarter_shows_its_roll_up_by_pillar_on_its_first_page_only() {
    let site = copy_fixture("minimal", "pagination-okrs");
    std::fs::create_dir_all(site.join("content/okrs")).unwrap();
    for i in 0..150 {
        let text = format!(
            "---\ntitle: Objective {i:03}\nquarter: 2026-Q4\npillars: [reliability]\nkey_results:\n  - title: Result {i:03}\n    baseline: 0\n    current: 1\n    target: 2\n---\n"
        );
        std::fs::write(site.join(format!("content/okrs/objective-{i:03}.md")), text).unwrap();
    }
    let built = pipeline::build(&site, &Options::default()).unwrap();
    assert_eq!(built.checked.error_count(), 0, "{:?}", built.checked.diagnostics);
    let pages = built.output.unwrap();
    let page = |path: &str| String::from_utf8(pages.get(path).unwrap().to_vec()).unwrap();
    let (first, second) = (page("okrs/2026-q4/index.html"), page("okrs/2026-q4/page/2/index.html"));
    assert!(first.contains("Roll-up by pillar, 2026-Q4"), "{first}");
    assert!(!second.contains("Roll-up by pillar"), "{second}");
    // Both pages still say how the quarter scores, and page 2 goes on with the pillar.
    assert!(first.contains("Quarter score") && second.contains("Quarter score"));
    assert!(second.contains("Page 2 of 2</p>") && second.contains(", continued"), "{second}");
}
