//! Issue 11: `/feed.xml` is Atom (RFC 4287) of the updates, post-mortems and decisions,
//! newest first, with absolute URLs under the base path, plain escaped text and no
//! drafts; pages link to it only when it exists.

use std::path::{Path, PathBuf};

use crate::harness::{build, scratch, write_site};

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A site under `https://example.com/our%20strategy/` with two updates (one a draft),
/// a post-mortem on the same day as one update, a decision, and a plain page.
fn site(test: &str) -> PathBuf {
    write_site(
        test,
        &[
            (
                "site.toml",
                "title = \"Acme & <Co>\"\nbase_url = \"https://example.com/our%20strategy/\"\ntoday = \"2026-11-25\"\n",
            ),
            (
                "content/updates/october.md",
                "---\ntitle: October update\ndate: 2026-10-01\nowner: Ana Silva\nsummary: \"<script>alert(1)</script> ]]> & <b>bold</b>\"\n---\n\nBody.\n",
            ),
            (
                "content/updates/december.md",
                "---\ntitle: December, not yet out\ndate: 2026-12-01\ndraft: true\n---\n",
            ),
            (
                "content/postmortems/outage.md",
                "---\ntitle: Sync outage\ndate: 2026-10-01\nseverity: sev2\n---\n",
            ),
            (
                "content/decisions/queues.md",
                "---\ntitle: \"Use <em>queues</em> & \\\"]]>\\\"\"\nstatus: accepted\ndate: 2026-11-02\ndeciders: [Ben Okafor]\nsummary: An event queue replaces polling.\n---\n",
            ),
            ("content/about.md", "---\ntitle: About\n---\n\nAbout us.\n"),
        ],
    )
}

fn built(test: &str, extra: &[&str]) -> PathBuf {
    let out = scratch("feed", test).join("public");
    let run = build(&site(test), &out, extra);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

fn read(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(file)).unwrap()
}

/// The text of the Atom child `name` of `node`.
fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((ATOM, name)))
}

fn text_of<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    child(node, name).and_then(|c| c.text()).unwrap_or_else(|| panic!("no <{name}> text"))
}

#[test]
fn issue_11_feed_is_atom_with_entries_newest_first_and_absolute_urls() {
    let out = built("atom", &[]);
    let xml = read(&out, "feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{xml}");
    assert_eq!(text_of(feed, "title"), "Acme & <Co>");
    assert_eq!(text_of(feed, "id"), "https://example.com/our%20strategy/feed.xml");
    // The newest entry's date, not the clock.
    assert_eq!(text_of(feed, "updated"), "2026-11-02T00:00:00Z");
    let links: Vec<(Option<&str>, Option<&str>)> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .map(|l| (l.attribute("rel"), l.attribute("href")))
        .collect();
    assert_eq!(
        links,
        [
            (Some("self"), Some("https://example.com/our%20strategy/feed.xml")),
            (Some("alternate"), Some("https://example.com/our%20strategy/")),
        ]
    );
    let author = child(feed, "author").unwrap();
    assert_eq!(text_of(author, "name"), "Acme & <Co>");

    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    // Newest first; the post-mortem and the update share a day and go by URL.
    let seen: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            let category = child(*e, "category").and_then(|c| c.attribute("term")).unwrap();
            (text_of(*e, "id"), text_of(*e, "updated"), category)
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "https://example.com/our%20strategy/decisions/queues/",
                "2026-11-02T00:00:00Z",
                "decision"
            ),
            (
                "https://example.com/our%20strategy/postmortems/outage/",
                "2026-10-01T00:00:00Z",
                "postmortem"
            ),
            (
                "https://example.com/our%20strategy/updates/october/",
                "2026-10-01T00:00:00Z",
                "update"
            ),
        ]
    );
    for entry in &entries {
        let link = child(*entry, "link").unwrap();
        assert_eq!(link.attribute("rel"), Some("alternate"));
        assert_eq!(link.attribute("href"), Some(text_of(*entry, "id")));
        let page = text_of(*entry, "id").strip_prefix("https://example.com/our%20strategy/");
        assert!(out.join(page.unwrap()).join("index.html").is_file(), "{page:?}");
    }
    // Authors: an update's owner, a decision's deciders, none for the post-mortem.
    let authors = |entry: roxmltree::Node<'_, '_>| -> Vec<String> {
        entry
            .children()
            .filter(|c| c.has_tag_name((ATOM, "author")))
            .map(|a| text_of(a, "name").to_string())
            .collect()
    };
    assert_eq!(authors(entries[0]), ["Ben Okafor"]);
    assert!(authors(entries[1]).is_empty());
    assert_eq!(authors(entries[2]), ["Ana Silva"]);
    assert_eq!(text_of(entries[0], "summary"), "An event queue replaces polling.");
    assert!(child(entries[1], "summary").is_none(), "no summary, none made up");
}

#[test]
fn issue_11_feed_text_is_plain_escaped_text() {
    let out = built("hostile", &[]);
    let xml = read(&out, "feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let entries: Vec<_> =
        doc.root_element().children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    let title = child(entries[0], "title").unwrap();
    assert_eq!(title.attribute("type"), Some("text"));
    // The text survives as text: no element was made of it, and it reads back whole.
    assert_eq!(title.text(), Some("Use <em>queues</em> & \"]]>\""));
    assert_eq!(title.children().count(), 1);
    let summary = child(entries[2], "summary").unwrap();
    assert_eq!(summary.attribute("type"), Some("text"));
    assert_eq!(summary.text(), Some("<script>alert(1)</script> ]]> & <b>bold</b>"));
    assert_eq!(summary.children().count(), 1);
    for raw in ["<script", "<em>", "<b>", "]]>", "& "] {
        assert!(!xml.contains(raw), "`{raw}` reached the feed unescaped:\n{xml}");
    }
}

#[test]
fn issue_11_drafts_are_entries_only_with_drafts() {
    let without = read(&built("no-drafts", &[]), "feed.xml");
    assert!(!without.contains("december"), "{without}");
    let with = read(&built("drafts", &["--drafts"]), "feed.xml");
    let doc = roxmltree::Document::parse(&with).unwrap();
    let feed = doc.root_element();
    assert_eq!(text_of(feed, "updated"), "2026-12-01T00:00:00Z");
    let first = feed.children().find(|c| c.has_tag_name((ATOM, "entry"))).unwrap();
    assert_eq!(text_of(first, "id"), "https://example.com/our%20strategy/updates/december/");
}

#[test]
fn issue_11_every_page_links_the_feed_under_the_base_path() {
    let out = built("head-link", &[]);
    let link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Acme &amp; &lt;Co&gt;: updates, post-mortems and decisions\" href=\"/our%20strategy/feed.xml\">";
    for page in ["index.html", "about/index.html", "updates/october/index.html", "404.html"] {
        assert!(read(&out, page).contains(link), "{page}:\n{}", read(&out, page));
    }
}

#[test]
fn issue_11_no_feed_without_an_absolute_base_url_or_without_entries() {
    // A relative base URL: Atom ids and links must be absolute.
    let out = built("relative", &["--base-url", "/our-strategy/"]);
    assert!(!out.join("feed.xml").exists());
    assert!(!read(&out, "index.html").contains("application/atom+xml"));
    // Nothing to announce: only a plain page and a draft update.
    let root = write_site(
        "feed-empty",
        &[
            ("site.toml", "title = \"Acme\"\nbase_url = \"https://example.com/\"\n"),
            ("content/about.md", "---\ntitle: About\n---\n"),
            ("content/updates/later.md", "---\ntitle: Later\ndate: 2026-12-01\ndraft: true\n---\n"),
        ],
    );
    let out = scratch("feed", "empty").join("public");
    assert_eq!(build(&root, &out, &[]).code, 0);
    assert!(out.join("sitemap.xml").exists() && !out.join("feed.xml").exists());
    assert!(!read(&out, "index.html").contains("application/atom+xml"));
}

#[test]
fn issue_11_the_feed_keeps_the_newest_fifty_entries() {
    let mut files = vec![(
        "site.toml".to_string(),
        "title = \"Acme\"\nbase_url = \"https://example.com/\"\ntoday = \"2026-11-25\"\n"
            .to_string(),
    )];
    // 60 updates, one a day from 2026-01-01.
    for day in 0..60 {
        let date = northstar::model::Date::from_days_since_epoch(20_454 + day);
        files.push((
            format!("content/updates/u{day:02}.md"),
            format!("---\ntitle: Update {day}\ndate: {date}\n---\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let out = scratch("feed", "cap").join("public");
    assert_eq!(build(&write_site("feed-cap", &files), &out, &[]).code, 0);
    let xml = read(&out, "feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ids: Vec<&str> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| text_of(e, "id"))
        .collect();
    assert_eq!(ids.len(), 50);
    assert_eq!(ids[0], "https://example.com/updates/u59/");
    assert_eq!(ids[49], "https://example.com/updates/u10/");
    assert_eq!(text_of(doc.root_element(), "updated"), "2026-03-01T00:00:00Z");
}
