//! Issue 7: with `allow_html = false`, no script reaches a built page through the
//! Markdown body — heading attributes, text inside rewritten links, script URLs.

use std::path::{Path, PathBuf};

use crate::harness::{fixture, northstar};

/// Builds the `xss` fixture into a fresh folder and returns every HTML page.
fn built_pages(name: &str) -> (PathBuf, Vec<(String, String)>) {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xss").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let (root, target) = (fixture("xss"), out.join("public"));
    let run = northstar(&[
        "build",
        "--root",
        &root.to_string_lossy(),
        "--out",
        &target.to_string_lossy(),
    ]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&target).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let relative = entry.path().strip_prefix(&target).unwrap().to_string_lossy();
            pages.push((relative.into_owned(), std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    (target, pages)
}

/// Decodes the character references pulldown-cmark and tera write (`&amp;`, `&#39;`,
/// `&#x61;`, …), so a check cannot be fooled by an encoded spelling.
fn decode_entities(text: &str) -> String {
    let mut pieces = text.split('&');
    let mut out = pieces.next().unwrap_or("").to_string();
    for piece in pieces {
        let decoded = piece
            .split_once(';')
            .filter(|(name, _)| name.len() < 12)
            .and_then(|(name, rest)| Some((entity(name)?, rest)));
        match decoded {
            Some((c, rest)) => {
                out.push(c);
                out.push_str(rest);
            }
            None => {
                out.push('&');
                out.push_str(piece);
            }
        }
    }
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "colon" => Some(':'),
        "Tab" => Some('\t'),
        "NewLine" => Some('\n'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .map(|hex| u32::from_str_radix(hex, 16))
            .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
            .and_then(Result::ok)
            .and_then(char::from_u32),
    }
}

/// Every tag of `html` (`a href="…"`), as written.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(""))
}

/// A tag as a browser reads its URLs: decoded, lower-cased, and without the characters
/// a browser ignores in a URL (controls, tabs, newlines, spaces).
fn as_browser_reads(tag: &str) -> String {
    decode_entities(tag).chars().filter(|c| *c > ' ').collect::<String>().to_lowercase()
}

/// Whether a tag has an `on…=` attribute outside its quoted values.
fn has_event_handler(tag: &str) -> bool {
    let tag = tag.to_lowercase();
    tag.split('"').step_by(2).any(|outside| {
        outside.split(char::is_whitespace).skip(1).any(|attribute| {
            let name: String = attribute.chars().take_while(char::is_ascii_alphabetic).collect();
            name.len() > 2 && name.starts_with("on")
        })
    })
}

/// Fails when a tag of `html`, read as a browser reads it, holds a script URL or an
/// event handler.
pub fn assert_no_script(html: &str, context: &str) {
    for tag in tags(html) {
        let read = as_browser_reads(tag);
        for scheme in ["javascript:", "vbscript:", "data:text/html", "data:image/svg"] {
            assert!(!read.contains(scheme), "{context}: <{tag}> contains {scheme}");
        }
        assert!(!has_event_handler(tag), "{context}: <{tag}> has an event handler");
    }
}

#[test]
fn issue_7_no_page_has_a_script_url_or_event_handler() {
    let (_, pages) = built_pages("no-script");
    assert!(pages.iter().any(|(path, _)| path == "notes/script-links/index.html"));
    for (path, html) in &pages {
        assert_no_script(html, path);
    }
}

#[test]
fn issue_7_markdown_payloads_are_built_exactly() {
    let (out, _) = built_pages("exact");
    let page = std::fs::read_to_string(out.join("notes/script-links/index.html")).unwrap();
    let prose = page.split("<div class=\"prose\">\n").nth(1).unwrap().split("\n</div>").next();
    let escaped = "&lt;img src=x onerror=alert(1)&gt;";
    // The heading the page takes its title from is its `<h1>`, not repeated.
    assert_eq!(
        prose.unwrap(),
        format!(
            "<p>Every link and heading below tries to run a script although <code>allow_html</code> is off.</p>
<h2 id=\"welcome\">Welcome</h2>
<h2 id=\"styled\" class=\"wide x_2\">Styled</h2>
<p>Wiki link: <a href=\"/pillars/reliability/\">{escaped}</a></p>
<p>Relative link: <a href=\"/pillars/reliability/\">{escaped}</a></p>
<p>External link: <a href=\"https://example.com/\">{escaped}</a></p>
<p>Mixed case: case</p>
<p>Entities: hex decimal named</p>
<p>Tab: tab tab entity newline</p>
<p>Leading space: space control</p>
<p>Other schemes: vbscript html</p>
<p>Autolink: javascript:alert(1)</p>
<p>Reference: reference image reference</p>
<p>Image: image alt</p>
<p>SVG image: svg alt</p>
<p>Raster image: <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"pixel\" /></p>
<p>Safe: <a href=\"https://example.com/a?b=1\">web</a> <a href=\"mailto:ana@example.com\">mail</a> <a href=\"tel:+351555\">phone</a> <a href=\"#styled\">section</a></p>
"
        )
    );
}

#[test]
fn decode_entities_reads_every_spelling() {
    assert_eq!(
        decode_entities("jav&#x61;script&colon;&#106;&amp;&lt;&#xZZ;&"),
        "javascript:j&<&#xZZ;&"
    );
}

#[test]
fn event_handlers_are_found_outside_quotes_only() {
    assert!(has_event_handler("h2 id=\"x\" onfocus=\"alert(1)\""));
    assert!(has_event_handler("img src=x\nONERROR=alert(1)"));
    assert!(!has_event_handler("a href=\"/x/\" title=\"a onclick=b\""));
    assert!(!has_event_handler("meta name=\"viewport\" content=\"width=1\""));
}

#[test]
fn issue_7_check_warns_where_a_script_url_loses_its_link() {
    let run = crate::harness::check(&fixture("xss"), &[]);
    assert_eq!(run.stdout.matches("warning[unsafe-url]").count(), 16, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "warning[unsafe-url]: link to `JaVaScRiPt:alert(1)` is dropped: its scheme is not allowed\n  --> content/notes/script-links.md:15:13\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "warning[unsafe-url]: image `data:image/svg+xml;base64,PHN2ZyBvbmxvYW…` is dropped"
        ),
        "{}",
        run.stdout
    );
    let site = crate::harness::copy_fixture("xss", "xss-allow-html");
    std::fs::write(site.join("site.toml"), "today = \"2026-11-25\"\nallow_html = true\n").unwrap();
    let run = crate::harness::check(&site, &[]);
    assert!(!run.stdout.contains("unsafe-url"), "{}", run.stdout);
}

#[test]
fn issue_7_hostile_page_titles_are_escaped_in_the_footer_and_the_index_of_pages() {
    let site = crate::harness::copy_fixture("xss", "xss-many-pages");
    for i in 0..9 {
        let page = format!(
            "---\ntitle: \"<script>alert('page {i}')</script>\"\nsummary: \"<img src=x onerror=alert({i})>\"\n---\n\nA page.\n"
        );
        std::fs::write(site.join(format!("content/notes/hostile-{i}.md")), page).unwrap();
    }
    let out = site.join("public");
    let run = crate::harness::build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let index = std::fs::read_to_string(out.join("pages/index.html")).unwrap();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let footer = home.split("<footer").nth(1).unwrap();
    for (name, html) in [("pages/index.html", index.as_str()), ("the footer", footer)] {
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{name}: {html}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;page 0&#39;)&lt;/script&gt;"),
            "{name}: {html}"
        );
        assert_no_script(html, name);
    }
    assert!(index.contains("&lt;img src=x onerror=alert(0)&gt;"), "{index}");
}

/// A hostile value of every kind the strategy views show, written into a copy of the
/// `xss` fixture: each tries to close its element and run a script.
const HOSTILE_VIEWS: &[(&str, &str)] = &[
    (
        "content/postmortems/hostile-outage.md",
        "---\ntitle: \"<script>alert('pm')</script>\"\ndate: 2026-10-01\nseverity: sev2\nduration: \"<img src=x onerror=alert('duration')>\"\nimpact: x\ntrigger: x\nroot_causes: [x]\ndetection: x\nresolution: x\naction_items:\n  - title: \"<script>alert('item')</script>\"\n    owner: \"<script>alert('item owner')</script>\"\n    type: prevent\n    status: open\n    due: 2026-11-01\npillars: [reliability]\n---\nBody.\n",
    ),
    (
        "content/decisions/0001-hostile.md",
        "---\ntitle: \"<script>alert('decision')</script>\"\nstatus: rejected\ndate: 2026-10-01\ndecision_makers: [\"<script>alert('maker')</script>\"]\n---\nSee [[reliability]].\n",
    ),
    (
        "content/experiments/hostile-test.md",
        "---\ntitle: \"<script>alert('experiment')</script>\"\nhypothesis: \"<script>alert('hypothesis')</script>\"\nexit_criteria: x\nstatus: abandoned\nresult: \"<img src=x onerror=alert('result')>\"\nquarter: 2026-Q4\npillars: [reliability]\n---\nBody.\n",
    ),
    (
        "content/updates/hostile-update.md",
        "---\ntitle: \"<script>alert('update')</script>\"\ndate: 2026-11-01\nperiod: \"<script>alert('period')</script>\"\nhighlights: [\"<script>alert('highlight')</script>\"]\nsetbacks: [\"<img src=x onerror=alert('setback')>\"]\nrelated: [reliability]\n---\nBody.\n",
    ),
    (
        "content/stakeholders/hostile-group.md",
        "---\ntitle: \"<script>alert('stakeholder')</script>\"\ngroup: \"<script>alert('group')</script>\"\ninfluence: high\ninterest: high\nincentives: [\"<script>alert('incentive')</script>\"]\nconcerns: [\"<img src=x onerror=alert('concern')>\"]\npillars: [reliability, adoption]\n---\nBody.\n",
    ),
    (
        "content/debt/hostile-debt.md",
        "---\ntitle: \"<script>alert('debt')</script>\"\nrisk: critical\nimpact: high\nowner: \"<script>alert('debt owner')</script>\"\noutcome: \"<img src=x onerror=alert('outcome')>\"\neffort: 40\nquarter: 2026-Q4\nstatus: scheduled\npillars: [reliability]\ntags: [\"<script>alert('debt tag')</script>\"]\nupdated: 2020-01-01\n---\nBody.\n",
    ),
];

#[test]
fn issue_10_hostile_values_are_escaped_on_every_strategy_view() {
    let site = crate::harness::copy_fixture("xss", "xss-views");
    for (path, text) in HOSTILE_VIEWS {
        let path = site.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // A budget the hostile debt item overruns, so the health page lists it too.
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(site.join("site.toml"), format!("{config}capacity_days = 10\n")).unwrap();
    let out = site.join("public");
    let run = crate::harness::build(&site, &out, &[]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let pages = crate::harness::files(&out);
    let views = [
        "health/index.html",
        "map/index.html",
        "postmortems/index.html",
        "decisions/index.html",
        "experiments/index.html",
        "updates/index.html",
        "stakeholders/index.html",
        "debt/index.html",
        "owners/index.html",
        "tags/index.html",
        "okrs/index.html",
        "okrs/2026-q4/index.html",
        "metrics/index.html",
        "pillars/reliability/index.html",
        "index.html",
    ];
    for view in views {
        let html =
            String::from_utf8(pages.get(view).unwrap_or_else(|| panic!("no {view}")).clone())
                .unwrap();
        // The payloads reached the page, escaped, and none of them as markup.
        assert!(html.contains("&lt;script&gt;alert(") || html.contains("&lt;img src=x"), "{view}");
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{view}: {html}");
        assert_no_script(&html, view);
    }
    // Owner and tag pages of hostile names.
    let hostile: Vec<&String> = pages
        .keys()
        .filter(|p| (p.starts_with("owners/") || p.starts_with("tags/")) && p.contains("script"))
        .collect();
    assert!(hostile.len() >= 3, "{hostile:?}");
    for path in hostile {
        let html = String::from_utf8_lossy(&pages[path]);
        assert!(!html.contains("<script>alert"), "{path}");
        assert_no_script(&html, path);
    }
}

/// Issue 12: later pages of every paged list (index, log, register, quarter, health,
/// tag) are made from a list shared by all its pages; their hostile values are
/// escaped like the first page's.
#[test]
fn issue_12_hostile_values_are_escaped_on_later_pages_of_every_paged_list() {
    let site = crate::harness::copy_fixture("xss", "xss-paged");
    let content = site.join("content");
    let template = |path: &str| std::fs::read_to_string(content.join(path)).unwrap();
    let (initiative, objective) =
        (template("initiatives/hostile.md"), template("okrs/hostile-okr.md"));
    let metric = template("metrics/weekly-active-teams.md")
        .replace("Weekly active teams", "<script>alert('metric')</script>")
        .replace("type: north-star", "type: leading");
    let mut written = Vec::new();
    for i in 0..120 {
        // Ids are the file names, unique across the site.
        written.push((format!("initiatives/work-{i:03}.md"), initiative.clone()));
        written.push((format!("okrs/objective-{i:03}.md"), objective.clone()));
        written.push((format!("metrics/metric-{i:03}.md"), metric.clone()));
        for (path, text) in HOSTILE_VIEWS {
            let path = path.strip_prefix("content/").unwrap();
            let (folder, name) = path.split_once('/').unwrap();
            let name = match folder {
                // A decision's number is its file name's.
                "decisions" => format!("{:04}-hostile.md", 100 + i),
                _ => format!("{i:03}-{name}"),
            };
            written.push((format!("{folder}/{name}"), text.to_string()));
        }
    }
    for (path, text) in written {
        std::fs::create_dir_all(content.join(&path).parent().unwrap()).unwrap();
        std::fs::write(content.join(path), text).unwrap();
    }
    let out = site.join("public");
    let run = crate::harness::build(&site, &out, &[]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let pages = crate::harness::files(&out);
    let later: Vec<&String> = pages.keys().filter(|p| p.contains("/page/")).collect();
    for expected in [
        "initiatives/page/2/index.html",
        "okrs/2026-q4/page/2/index.html",
        "metrics/page/2/index.html",
        "postmortems/page/2/index.html",
        "decisions/page/2/index.html",
        "experiments/page/2/index.html",
        "updates/page/2/index.html",
        "debt/page/2/index.html",
        "health/page/2/index.html",
    ] {
        assert!(pages.contains_key(expected), "no {expected} among {later:?}");
    }
    assert!(later.iter().any(|p| p.starts_with("tags/")), "{later:?}");
    for path in later {
        let html = String::from_utf8_lossy(&pages[path]);
        assert!(html.contains("&lt;script&gt;alert(") || html.contains("&lt;img src=x"), "{path}");
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{path}");
        assert_no_script(&html, path);
    }
}
