//! `northstar serve`: the preview's rebuilds equal full builds whatever the edits, and
//! the server answers only from the built site, on the next free port.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use northstar::model::Date;
use northstar::pipeline::Options;
use northstar::render::UrlPath;
use northstar::serve::watch::Change;
use northstar::serve::{Changed, Outcome, Preview};

use crate::harness::{Lcg, example_copy, write_site};

fn options() -> Options {
    Options { today: Date::parse("2026-11-25").ok(), ..Options::default() }
}

/// Every page of a fresh, full build: URL → bytes.
fn full_build(site: &Path) -> Vec<(String, Vec<u8>)> {
    full_build_with(site, options())
}

fn full_build_with(site: &Path, options: Options) -> Vec<(String, Vec<u8>)> {
    match Preview::new(site, options).rebuild(&Change::everything()) {
        Outcome::Built { pages, .. } => {
            pages.pages.iter().map(|(u, p)| (u.as_str().to_string(), p.bytes.clone())).collect()
        }
        Outcome::Failed { report, .. } => panic!("the full build failed:\n{report}"),
    }
}

fn documents(site: &Path, folder: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(site.join("content").join(folder))
        .unwrap()
        .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".md"))
        .collect();
    found.sort();
    found
}

/// One edit of the kinds an author makes; returns the paths under `content/` it
/// touched, or `None` when it changed something else (site.toml) and everything must
/// be rebuilt.
fn edit(
    site: &Path,
    rng: &mut Lcg,
    step: usize,
    broken: &mut Option<(String, String)>,
    added: &mut Vec<String>,
) -> Option<BTreeSet<String>> {
    let content = site.join("content");
    // A broken file is fixed sooner or later, other edits made meanwhile.
    if broken.is_some() && rng.below(3) == 0 {
        let (path, text) = broken.take().unwrap();
        std::fs::write(content.join(&path), text).unwrap();
        return Some(BTreeSet::from([path]));
    }
    let folder = ["initiatives", "pillars", "okrs", "metrics", "decisions"][rng.below(5)];
    let all = documents(site, folder);
    let path = all[rng.below(all.len())].clone();
    if broken.as_ref().is_some_and(|(b, _)| *b == path) {
        return Some(BTreeSet::new());
    }
    let text = std::fs::read_to_string(content.join(&path)).unwrap();
    match rng.below(8) {
        0 if broken.is_none() => {
            *broken = Some((path.clone(), text.clone()));
            let bad = text.replacen("\ntitle:", "\ntitle: [unclosed\nx:", 1);
            std::fs::write(content.join(&path), bad).unwrap();
            Some(BTreeSet::from([path]))
        }
        1 => {
            let new = format!("initiatives/new-{step}.md");
            let pillar = documents(site, "pillars")[0]
                .trim_start_matches("pillars/")
                .trim_end_matches(".md")
                .to_string();
            std::fs::write(
                content.join(&new),
                format!("---\ntitle: New work {step}\nowner: Ana\npillars: [{pillar}]\nstatus: planned\nquarter: 2027-Q2\nsuccess_criteria: [\"done\"]\n---\n\nSee [[{pillar}]].\n"),
            )
            .unwrap();
            added.push(new.clone());
            Some(BTreeSet::from([new]))
        }
        2 if !added.is_empty() => {
            let gone = added.remove(rng.below(added.len()));
            std::fs::remove_file(content.join(&gone)).unwrap();
            Some(BTreeSet::from([gone]))
        }
        3 if !added.is_empty() => {
            let from = added.remove(rng.below(added.len()));
            let to = format!("initiatives/renamed-{step}.md");
            std::fs::rename(content.join(&from), content.join(&to)).unwrap();
            added.push(to.clone());
            Some(BTreeSet::from([from, to]))
        }
        4 => {
            let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
            let retitled: String = toml
                .lines()
                .map(|l| {
                    if l.starts_with("title") {
                        format!("title = \"Strategy {step}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(site.join("site.toml"), retitled + "\n").unwrap();
            None
        }
        5 => {
            let retitled = text.replacen("\ntitle: ", &format!("\ntitle: Edit {step} of "), 1);
            std::fs::write(content.join(&path), retitled).unwrap();
            Some(BTreeSet::from([path]))
        }
        _ => {
            std::fs::write(content.join(&path), format!("{text}\nBody edit {step}.\n")).unwrap();
            Some(BTreeSet::from([path]))
        }
    }
}

#[test]
fn issue_9_preview_rebuilds_equal_full_builds_through_broken_edits_deletes_and_renames() {
    let site = example_copy("serve", "preview-edits");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let mut rng = Lcg(9);
    let (mut broken, mut added) = (None, Vec::new());
    let (mut failed, mut built) = (0, 0);
    for step in 0..60 {
        let edited = edit(&site, &mut rng, step, &mut broken, &mut added);
        let change = match &edited {
            Some(documents) => Change { documents: documents.clone(), ..Change::default() },
            None => Change { config: true, ..Change::default() },
        };
        match preview.rebuild(&change) {
            Outcome::Failed { problems, .. } => {
                assert!(broken.is_some(), "step {step}: unexpected failure {problems:?}");
                assert!(problems.iter().any(|p| p.at.starts_with("content/")), "{problems:?}");
                failed += 1;
            }
            Outcome::Built { pages, .. } => {
                let incremental: Vec<(String, Vec<u8>)> = pages
                    .pages
                    .iter()
                    .map(|(u, p)| (u.as_str().to_string(), p.bytes.clone()))
                    .collect();
                let full = full_build(&site);
                assert_eq!(incremental.len(), full.len(), "step {step}: {edited:?}");
                for ((url, bytes), (full_url, full_bytes)) in incremental.iter().zip(&full) {
                    assert_eq!(url, full_url, "step {step}");
                    assert!(bytes == full_bytes, "step {step}: /{url} differs after {edited:?}");
                }
                // Files made on demand are the ones `build` writes.
                if step % 10 == 0 {
                    let output = northstar::pipeline::build(&site, &options()).unwrap().output;
                    let files = output.unwrap().files;
                    for name in ["strategy.json", "search-index.json"] {
                        let now = preview.render_on_demand(&UrlPath::from(name));
                        assert!(now.as_ref() == files.get(name), "step {step}: {name} differs");
                    }
                }
                built += 1;
            }
        }
    }
    assert!(failed >= 3 && built >= 40, "{failed} failed, {built} built");
}

/// A change to these documents.
fn change_of<const N: usize>(paths: [&str; N]) -> Change {
    Change { documents: paths.iter().map(|p| p.to_string()).collect(), ..Change::default() }
}

#[test]
fn issue_9_a_prose_edit_elsewhere_does_not_hide_a_broken_document() {
    let site = example_copy("serve", "still-broken");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let broken = "pillars/invoice-in-a-day.md";
    let text = std::fs::read_to_string(site.join("content").join(broken)).unwrap();
    std::fs::write(
        site.join("content").join(broken),
        text.replacen("\ntitle:", "\ntitle: [\nx:", 1),
    )
    .unwrap();
    assert!(matches!(preview.rebuild(&change_of([broken])), Outcome::Failed { .. }));
    let other = "decisions/0001-driver-app-as-pwa.md";
    let path = site.join("content").join(other);
    let prose = std::fs::read_to_string(&path).unwrap() + "\nMore prose.\n";
    std::fs::write(&path, prose).unwrap();
    let outcome = preview.rebuild(&change_of([other]));
    assert!(matches!(outcome, Outcome::Failed { .. }), "the broken pillar is still broken");
    std::fs::write(site.join("content").join(broken), text).unwrap();
    let outcome = preview.rebuild(&change_of([broken]));
    assert!(matches!(outcome, Outcome::Built { .. }));
    // The prose edited while the site was broken is on its page now.
    let Outcome::Built { pages, .. } = preview.rebuild(&Change::default()) else { panic!() };
    let page = pages.pages.iter().find(|(u, _)| u.as_str() == "decisions/0001-driver-app-as-pwa/");
    let html = String::from_utf8_lossy(&page.unwrap().1.bytes).into_owned();
    assert!(html.contains("More prose."), "{html}");
    assert_eq!(
        pages
            .pages
            .iter()
            .map(|(u, p)| (u.as_str().to_string(), p.bytes.clone()))
            .collect::<Vec<_>>(),
        full_build(&site)
    );
}

/// The preview's pages, URL → bytes, after `change`.
fn rebuilt(preview: &mut Preview, change: &Change) -> Vec<(String, Vec<u8>)> {
    match preview.rebuild(change) {
        Outcome::Built { pages, .. } => {
            pages.pages.iter().map(|(u, p)| (u.as_str().to_string(), p.bytes.clone())).collect()
        }
        Outcome::Failed { report, .. } => panic!("the rebuild failed:\n{report}"),
    }
}

#[test]
fn issue_10_okr_and_metric_edits_rebuild_their_quarter_pages_and_dashboard() {
    let site = example_copy("serve", "okr-edits");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let content = site.join("content");
    let edit = |path: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(content.join(path)).unwrap();
        assert!(text.contains(from), "{path} has no {from:?}");
        std::fs::write(content.join(path), text.replacen(from, to, 1)).unwrap();
    };
    let page = |pages: &[(String, Vec<u8>)], url: &str| {
        pages.iter().find(|(u, _)| u == url).map(|(_, b)| String::from_utf8_lossy(b).into_owned())
    };
    // A key result moves: the quarter page, the index and the objective change.
    let okr = "okrs/2026-q4-every-delivery-digital.md";
    edit(okr, "current: 81", "current: 85");
    let pages = rebuilt(&mut preview, &change_of([okr]));
    assert!(page(&pages, "okrs/2026-q4/").unwrap().contains("<strong>85%</strong>"));
    assert_eq!(pages, full_build(&site));
    // An objective moves to another quarter: its new quarter gets a page.
    edit(okr, "quarter: 2026-Q4", "quarter: 2027-Q1");
    let pages = rebuilt(&mut preview, &change_of([okr]));
    assert!(page(&pages, "okrs/2027-q1/").is_some());
    assert_eq!(pages, full_build(&site));
    // A metric's history grows: the dashboard and the home page's chart follow.
    let metric = "metrics/loads-invoiced-within-24h.md";
    edit(metric, "    value: 67000\n", "    value: 67000\n  - at: 2027-Q1\n    value: 71000\n");
    let pages = rebuilt(&mut preview, &change_of([metric]));
    assert!(page(&pages, "metrics/").unwrap().contains("latest 71,000 loads/week in 2027-Q1"));
    assert!(page(&pages, "").unwrap().contains("latest 71,000 loads/week in 2027-Q1"));
    assert_eq!(pages, full_build(&site));
}

/// A running `northstar serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `northstar serve` on `site` from `port` and waits for the URL it prints.
fn start(site: &Path, port: u16, extra: &[&str]) -> Server {
    let mut child = crate::harness::northstar_command()
        .args(["serve", "--root", &site.to_string_lossy(), "--port", &port.to_string()])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        seen.push_str(&line);
        seen.push('\n');
        if let Some(url) = line.split(" at http://127.0.0.1:").nth(1) {
            let port = url.split('/').next().unwrap().parse().unwrap();
            // Keep draining stderr so the server never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return Server { child, port };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve did not start:\n{seen}");
}

/// Sends a raw request and returns the status code and the body.
fn request(port: u16, head: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream
        .write_all(format!("{head}\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes())
        .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// A port nothing listens on (very likely), and the one after it free too.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn issue_9_the_server_answers_only_from_the_built_site() {
    let site = example_copy("serve", "http");
    std::fs::write(site.join("secret.txt"), "top secret").unwrap();
    let server = start(&site, free_port(), &[]);
    let (status, body) = request(server.port, "GET /initiatives/card-signup/ HTTP/1.1");
    assert_eq!(status, 200);
    assert!(body.contains("/__northstar/live.js"), "{body}");
    let (status, body) = request(server.port, "HEAD /initiatives/card-signup/ HTTP/1.1");
    assert_eq!((status, body.as_str()), (200, ""));
    let (status, body) = request(server.port, "GET /no/such/page/ HTTP/1.1");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the theme's 404 page: {body}");
    // Files made on demand are served like the others.
    let (status, body) = request(server.port, "GET /search-index.json HTTP/1.1");
    assert_eq!(status, 200);
    assert!(body.starts_with("{\"v\":1,"), "{body}");
    let (status, body) = request(server.port, "HEAD /strategy.json HTTP/1.1");
    assert_eq!((status, body.as_str()), (200, ""));
    for target in [
        "/../secret.txt",
        "/../site.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/initiatives/..%2F..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/secret.txt%00.html",
        "//secret.txt",
        "/content/initiatives/card-signup.md",
        "/site.toml",
    ] {
        let (status, body) = request(server.port, &format!("GET {target} HTTP/1.1"));
        assert_ne!(status, 200, "{target}");
        assert!(!body.contains("top secret") && !body.contains("base_url"), "{target}: {body}");
    }
}

#[test]
fn issue_9_a_busy_port_moves_the_server_to_the_next_one() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let site = example_copy("serve", "port");
    let server = start(&site, port, &[]);
    assert!(server.port > port && server.port <= port + 20, "{} after {port}", server.port);
    assert_eq!(request(server.port, "GET / HTTP/1.1").0, 200);
}

#[test]
fn issue_9_serve_starts_on_a_broken_site_and_shows_the_errors() {
    let site = example_copy("serve", "broken-start");
    let pillar = site.join("content/pillars/invoice-in-a-day.md");
    let text = std::fs::read_to_string(&pillar).unwrap();
    std::fs::write(&pillar, text.replacen("\ntitle:", "\ntitle: [unclosed\nx:", 1)).unwrap();
    let server = start(&site, free_port(), &[]);
    let (status, body) = request(server.port, "GET / HTTP/1.1");
    assert_eq!(status, 404);
    assert!(
        body.contains("ns-overlay") && body.contains("content/pillars/invoice-in-a-day.md:"),
        "{body}"
    );
    // Fixed on disk: the next build serves the site.
    std::fs::write(&pillar, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = request(server.port, "GET / HTTP/1.1");
        if status == 200 && !body.contains("ns-overlay") {
            break;
        }
        assert!(Instant::now() < deadline, "the fixed site was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The report of a build after `change`, by a preview that has built the site before;
/// it must equal a fresh preview's.
fn report_after(preview: &mut Preview, change: &Change, site: &Path) -> String {
    let report = |outcome| match outcome {
        Outcome::Built { report, .. } | Outcome::Failed { report, .. } => report,
    };
    let fresh = report(Preview::new(site, options()).rebuild(&Change::everything()));
    let incremental = report(preview.rebuild(change));
    assert_eq!(incremental, fresh);
    incremental
}

#[test]
fn issue_9_kept_documents_point_at_their_own_lines_after_files_come_before_them() {
    let site = example_copy("serve", "shifted-ids");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    // Warnings in a body and in front matter, then, in a later rebuild, a new document
    // sorting before both: the kept documents get other ids in the new source map.
    let linked = "initiatives/load-board.md";
    let path = site.join("content").join(linked);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nSee [this](javascript:alert(1)).\n")).unwrap();
    let body_line = text.lines().count() + 2;
    let valued = "initiatives/native-tablet-app.md";
    let path = site.join("content").join(valued);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\nstatus:", "\nstatsu: x\nstatus:", 1)).unwrap();
    let before = report_after(&mut preview, &change_of([linked, valued]), &site);
    assert!(before.contains(&format!("content/{linked}:{body_line}:5")), "{before}");
    assert!(before.contains(&format!("content/{valued}:")), "{before}");
    let new = "initiatives/a-first-one.md";
    std::fs::copy(site.join("content/initiatives/card-signup.md"), site.join("content").join(new))
        .unwrap();
    let after = report_after(&mut preview, &change_of([new]), &site);
    assert_eq!(after, before);
    // An edit elsewhere keeps the other documents as read, with their warnings.
    let other = "initiatives/card-signup.md";
    replace_in(&site, other, "\ntitle: ", "\ntitle: Renamed ");
    let kept = report_after(&mut preview, &change_of([other]), &site);
    assert_eq!(kept, before);
}

/// Replaces the first `from` in the document at `path` (under `content/`) by `to`.
fn replace_in(site: &Path, path: &str, from: &str, to: &str) {
    let file = site.join("content").join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn issue_10_views_stay_equal_to_full_builds_through_lane_score_and_health_edits() {
    let site = example_copy("serve", "view-edits");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let edits: &[(&str, &str, &str)] = &[
        // Next → Now: the roadmap, the pillar, home and the health of what depends on it.
        ("initiatives/early-payment.md", "quarter: 2027-Q1", "quarter: 2026-Q4"),
        // Now → Done.
        ("initiatives/guided-onboarding.md", "status: in-progress", "status: done"),
        // A key result's current value: the objective's score and band, OKR pages, home.
        ("okrs/2026-q4-invoice-within-a-day.md", "current: 22", "current: 95"),
        // Stale: a badge on the document, a finding on the health page and home.
        (
            "initiatives/spreadsheet-import.md",
            "status: planned\n",
            "status: planned\nupdated: 2025-01-01\n",
        ),
        // Overdue: an action item's status.
        ("postmortems/2026-10-duplicate-invoices.md", "status: open", "status: done"),
        // Debt within its quarter's budget, then a second item pushes it over again.
        ("debt/sync-queue-single-node.md", "effort: 15", "effort: 10"),
        ("debt/legacy-pdf-renderer.md", "quarter: 2027-Q1", "quarter: 2026-Q4"),
        // Past its quarters, then back.
        ("initiatives/early-payment.md", "quarter: 2026-Q4", "quarter: 2026-Q2"),
        ("initiatives/early-payment.md", "quarter: 2026-Q2", "quarter: 2027-Q1"),
    ];
    for (step, (path, from, to)) in edits.iter().enumerate() {
        replace_in(&site, path, from, to);
        let Outcome::Built { pages, .. } = preview.rebuild(&change_of([*path])) else {
            panic!("step {step}: the rebuild failed")
        };
        let incremental: Vec<(String, Vec<u8>)> =
            pages.pages.iter().map(|(u, p)| (u.as_str().to_string(), p.bytes.clone())).collect();
        let full = full_build(&site);
        assert_eq!(incremental.len(), full.len(), "step {step}");
        for ((url, bytes), (full_url, full_bytes)) in incremental.iter().zip(&full) {
            assert_eq!(url, full_url, "step {step}");
            assert!(bytes == full_bytes, "step {step}: /{url} differs after editing {path}");
        }
    }
}

#[test]
fn a_pillar_page_follows_lane_score_and_debt_edits_in_the_preview() {
    let site = example_copy("serve", "pillar-edits");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let pillar = "pillars/invoice-in-a-day/";
    let mut before = full_build(&site).into_iter().find(|(u, _)| u == pillar).unwrap().1;
    // An initiative moves from Now to Done, a key result moves the pillar's score,
    // a debt item is paid and leaves the open debt.
    for (path, from, to) in [
        ("initiatives/auto-invoice-on-pod.md", "status: in-progress", "status: done"),
        ("okrs/2026-q4-invoice-within-a-day.md", "current: 22\n", "current: 30\n"),
        ("debt/legacy-pdf-renderer.md", "status: scheduled", "status: paid"),
    ] {
        let file = site.join("content").join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{path}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let Outcome::Built { pages, .. } = preview.rebuild(&change_of([path])) else {
            panic!("{path}: the rebuild failed")
        };
        let incremental: Vec<(String, Vec<u8>)> =
            pages.pages.iter().map(|(u, p)| (u.as_str().to_string(), p.bytes.clone())).collect();
        let full = full_build(&site);
        assert!(incremental == full, "{path}: the preview differs from a full build");
        let after = full.into_iter().find(|(u, _)| u == pillar).unwrap().1;
        assert!(after != before, "{path}: the pillar page did not change");
        before = after;
    }
    let page = String::from_utf8(before).unwrap();
    let open_debt = page.split("pillar-debt").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(!open_debt.contains("/debt/legacy-pdf-renderer/"), "{open_debt}");
}

#[test]
fn issue_9_an_edited_page_is_served_before_the_pages_that_list_it() {
    let site = example_copy("serve", "first-pages");
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    assert!(preview.finish().is_none(), "a first build renders everything at once");
    let path = "initiatives/guided-onboarding.md";
    replace_in(&site, path, "title: Guided onboarding", "title: Guided first week");
    let Outcome::Built { pages, changed, .. } = preview.rebuild_first(&change_of([path])) else {
        panic!("the rebuild failed")
    };
    // First the edited document's own page, with the change…
    assert_eq!(changed, Changed::Urls(vec![UrlPath::from("initiatives/guided-onboarding/")]));
    let page = &pages.pages[&UrlPath::from("initiatives/guided-onboarding/")];
    assert!(String::from_utf8_lossy(&page.bytes).contains("<h1>Guided first week</h1>"));
    // …then the pages that list it; together they are the full build.
    let Some(Outcome::Built { pages, changed: Changed::Urls(rest), .. }) = preview.finish() else {
        panic!("the pages that list the initiative were not left for later")
    };
    for url in ["initiatives/", "roadmap/", "pillars/self-serve-growth/", ""] {
        assert!(rest.contains(&UrlPath::from(url)), "{url} is not among {rest:?}");
    }
    assert!(!rest.contains(&UrlPath::from("initiatives/guided-onboarding/")));
    assert!(preview.finish().is_none());
    let all: Vec<(String, Vec<u8>)> =
        pages.pages.iter().map(|(u, p)| (u.as_str().to_string(), p.bytes.clone())).collect();
    assert_eq!(all, full_build(&site));
}

/// Under an absolute base URL, so the site has a feed.
fn feed_options() -> Options {
    Options {
        base_url: northstar::config::BaseUrl::parse("https://example.com/strategy/").ok(),
        ..options()
    }
}

/// Rewrites `path` under `content/` with `edit` applied to its text.
fn rewrite(site: &Path, path: &str, edit: impl Fn(&str) -> String) -> BTreeSet<String> {
    let file = site.join("content").join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "{path}: the edit changed nothing");
    std::fs::write(&file, edited).unwrap();
    BTreeSet::from([path.to_string()])
}

#[test]
fn issue_11_preview_renders_the_feed_again_after_entry_edits() {
    let site = example_copy("serve", "feed-edits");
    let mut preview = Preview::new(&site, feed_options());
    let feed = |pages: &[(String, Vec<u8>)]| -> String {
        let (_, bytes) = pages.iter().find(|(u, _)| u == "feed.xml").expect("a feed");
        String::from_utf8_lossy(bytes).into_owned()
    };
    let mut before = feed(&rebuilt(&mut preview, &Change::everything()));
    // After each edit the feed has changed, and every page equals a full build's.
    let mut after = |what: &str, documents: BTreeSet<String>| {
        let incremental = rebuilt(&mut preview, &Change { documents, ..Change::default() });
        let full = full_build_with(&site, feed_options());
        let now = feed(&incremental);
        assert_ne!(now, before, "after {what}, the feed is as it was");
        assert_eq!(now, feed(&full), "after {what}");
        assert!(incremental == full, "after {what}, a page differs from a full build");
        before = now;
    };
    let edits = [
        (
            "a decision's title",
            "decisions/0005-per-invoice-pricing.md",
            "\ntitle: ",
            "\ntitle: Re, ",
        ),
        ("an update's date", "updates/2026-q3-review.md", "date: 2026-10-07", "date: 2026-11-20"),
        (
            "a post-mortem's summary",
            "postmortems/2026-10-duplicate-invoices.md",
            "\nsummary: \"",
            "\nsummary: \"Again. ",
        ),
        (
            "a decision made a draft",
            "decisions/0004-replace-pdf-renderer.md",
            "---\n",
            "---\ndraft: true\n",
        ),
    ];
    for (what, path, from, to) in edits {
        after(what, rewrite(&site, path, |t| t.replacen(from, to, 1)));
    }
    let new = "updates/2026-11-flash.md";
    let text = "---\ntitle: Flash update\ndate: 2026-11-24\nowner: Ana\n---\n";
    std::fs::write(site.join("content").join(new), text).unwrap();
    after("a new update", BTreeSet::from([new.to_string()]));
    std::fs::remove_file(site.join("content").join(new)).unwrap();
    after("the new update deleted", BTreeSet::from([new.to_string()]));
}

#[test]
fn issue_11_preview_drops_and_restores_the_feed_and_its_links() {
    let site = write_site(
        "preview-feed-comes-and-goes",
        &[
            (
                "site.toml",
                "title = \"Acme\"\nbase_url = \"https://example.com/s/\"\ntoday = \"2026-11-25\"\n",
            ),
            ("content/about.md", "---\ntitle: About\n---\n"),
            ("content/updates/only.md", "---\ntitle: Only\ndate: 2026-11-01\n---\n"),
        ],
    );
    let mut preview = Preview::new(&site, options());
    let has_feed = |pages: &[(String, Vec<u8>)]| {
        let home = &pages.iter().find(|(u, _)| u.is_empty()).unwrap().1;
        let linked = String::from_utf8_lossy(home).contains("application/atom+xml");
        let present = pages.iter().any(|(u, _)| u == "feed.xml");
        assert_eq!(linked, present, "the home page links the feed exactly when it exists");
        present
    };
    assert!(has_feed(&rebuilt(&mut preview, &Change::everything())));
    let change = Change {
        documents: rewrite(&site, "updates/only.md", |t| {
            t.replacen("---\n", "---\ndraft: true\n", 1)
        }),
        ..Change::default()
    };
    let gone = rebuilt(&mut preview, &change);
    assert!(!has_feed(&gone));
    assert!(gone == full_build(&site));
    let change = Change {
        documents: rewrite(&site, "updates/only.md", |t| t.replacen("draft: true\n", "", 1)),
        ..Change::default()
    };
    let back = rebuilt(&mut preview, &change);
    assert!(has_feed(&back));
    assert!(back == full_build(&site));
}

#[test]
fn issue_9_files_for_tools_are_rendered_when_asked_for() {
    let site = example_copy("serve", "on-demand");
    let mut preview = Preview::new(&site, options());
    let Outcome::Built { pages, .. } = preview.rebuild(&Change::everything()) else { panic!() };
    // Kept out of the pages rendered after every edit…
    for name in ["strategy.json", "search-index.json"] {
        assert!(!pages.pages.contains_key(&UrlPath::from(name)), "{name}");
    }
    assert_eq!(
        preview.on_demand(),
        [UrlPath::from("search-index.json"), UrlPath::from("strategy.json")]
    );
    // …and made from the current site when asked for; nothing else is made that way.
    let path = "initiatives/guided-onboarding.md";
    replace_in(&site, path, "title: Guided onboarding", "title: Guided first week");
    assert!(matches!(preview.rebuild(&change_of([path])), Outcome::Built { .. }));
    let index = preview.render_on_demand(&UrlPath::from("search-index.json")).unwrap();
    assert!(String::from_utf8(index).unwrap().contains("\"Guided first week\""));
    assert_eq!(preview.render_on_demand(&UrlPath::from("initiatives/")), None);
    // While the site is broken there is no good build to make them from.
    replace_in(&site, path, "\ntitle:", "\ntitle: [\nx:");
    assert!(matches!(preview.rebuild(&change_of([path])), Outcome::Failed { .. }));
    assert_eq!(preview.render_on_demand(&UrlPath::from("strategy.json")), None);
}

#[test]
fn issue_11_readme_image_and_mapped_folder_edits_rebuild_what_shows_them() {
    let site = example_copy("serve", "adr-edits");
    let docs = site.join("docs/adr");
    std::fs::create_dir_all(&docs).unwrap();
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(site.join("site.toml"), format!("{toml}\n[folders]\ndecision = \"docs/adr\"\n"))
        .unwrap();
    std::fs::write(docs.join("0100-mapped.md"), "# Mapped\n\n* Status: accepted\n\n![d](d.png)\n")
        .unwrap();
    let mut preview = Preview::new(&site, options());
    assert!(matches!(preview.rebuild(&Change::everything()), Outcome::Built { .. }));
    let page = |pages: &[(String, Vec<u8>)], url: &str| {
        pages.iter().find(|(u, _)| u == url).map(|(_, b)| String::from_utf8_lossy(b).into_owned())
    };
    // A README appears in the decisions folder: the index opens with it.
    let readme = "decisions/README.md";
    std::fs::write(site.join("content").join(readme), "Our decisions, [[0100-mapped]] first.\n")
        .unwrap();
    let pages = rebuilt(&mut preview, &change_of([readme]));
    assert!(page(&pages, "decisions/").unwrap().contains("Our decisions,"));
    assert_eq!(pages, full_build(&site));
    // Its text changes: the index follows.
    std::fs::write(site.join("content").join(readme), "Read these in order.\n").unwrap();
    let pages = rebuilt(&mut preview, &change_of([readme]));
    assert!(page(&pages, "decisions/").unwrap().contains("Read these in order."));
    assert_eq!(pages, full_build(&site));
    // An image appears beside the mapped decision: the page's link now leads to it.
    std::fs::write(docs.join("d.png"), b"png").unwrap();
    let tree = Change { content_tree: true, ..Change::default() };
    let pages = rebuilt(&mut preview, &tree);
    assert!(page(&pages, "decisions/d.png").is_some());
    assert!(page(&pages, "decisions/0100-mapped/").unwrap().contains("src=\"/decisions/d.png\""));
    assert_eq!(pages, full_build(&site));
    // The mapped decision is edited, named as the watcher names it.
    let text = "# Mapped\n\n* Status: rejected\n\n![d](d.png)\n";
    std::fs::write(docs.join("0100-mapped.md"), text).unwrap();
    let pages = rebuilt(&mut preview, &change_of(["decisions/0100-mapped.md"]));
    assert!(page(&pages, "decisions/0100-mapped/").unwrap().contains("status-rejected"));
    assert_eq!(pages, full_build(&site));
}
