//! A build into an output folder an earlier build wrote keeps the files whose pages
//! read nothing that changed since. Whatever the edits between builds, what it leaves
//! must be byte for byte what a build into a new folder writes; a record it did not
//! make itself, for a folder it did not write, keeps nothing.

use std::path::{Path, PathBuf};

use crate::harness::{Run, build, copy_fixture, example_copy, files, scratch};
use crate::xss::assert_no_script;

/// A site built again and again into one output folder, each build compared with a
/// build of the same site into a new folder.
struct Rebuilt {
    site: PathBuf,
    out: PathBuf,
    fresh: PathBuf,
    builds: usize,
}

impl Rebuilt {
    fn new(name: &str) -> Rebuilt {
        let site = example_copy("incremental", name);
        let out = scratch("incremental-out", name).join("public");
        let fresh = scratch("incremental-fresh", name);
        Rebuilt { site, out, fresh, builds: 0 }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.site.join(relative)
    }

    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.path(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} does not hold {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// Builds into the output folder and into a new one, asserts both hold the same
    /// files, and returns the first build's run.
    fn build(&mut self, step: &str, extra: &[&str]) -> Run {
        self.builds += 1;
        let run = build(&self.site, &self.out, extra);
        assert_eq!(run.code, 0, "{step}: {}{}", run.stdout, run.stderr);
        let fresh = self.fresh.join(format!("{}", self.builds));
        let full = build(&self.site, &fresh, extra);
        assert_eq!(full.code, 0, "{step}: {}{}", full.stdout, full.stderr);
        assert!(
            !full.stdout.contains("kept"),
            "{step}: a new folder keeps nothing: {}",
            full.stdout
        );
        same_files(&self.out, &fresh, step);
        run
    }
}

/// Asserts that `a` and `b` hold the same files with the same bytes, naming the first
/// that differs.
fn same_files(a: &Path, b: &Path, step: &str) {
    let (a, b) = (files(a), files(b));
    let names = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files.keys().cloned().collect()
    };
    assert_eq!(names(&a), names(&b), "{step}: other files");
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{step}: {path} differs from a full build:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// How many files the build said it kept.
fn kept(run: &Run) -> usize {
    kept_of(run).0
}

/// How many files the build said it kept, and of how many.
fn kept_of(run: &Run) -> (usize, usize) {
    let Some((_, after)) = run.stdout.split_once(" ms (") else { return (0, 0) };
    // "84 of 112 files unchanged…"
    let words: Vec<&str> = after.split(' ').take(3).collect();
    let number = |at: usize| words.get(at).and_then(|n| n.parse().ok()).unwrap_or(0);
    (number(0), number(2))
}

/// Asserts that the build kept more than `share` of the files.
fn kept_most(run: &Run, share: f64, step: &str) {
    let (kept, of) = kept_of(run);
    assert!(kept as f64 > share * of as f64, "{step}: kept {kept} of {of}: {}", run.stdout);
}

#[test]
fn issue_12_every_kind_of_edit_rebuilds_into_exactly_what_a_full_build_writes() {
    let mut site = Rebuilt::new("edits");
    // The first two builds fill the output folder and the previous one.
    for step in ["first build", "second build"] {
        assert_eq!(kept(&site.build(step, &[])), 0, "{step}");
    }
    let run = site.build("nothing changed", &[]);
    kept_most(&run, 0.95, "nothing changed");

    let initiative = "content/initiatives/offline-driver-app.md";
    site.edit(initiative, "## The problem", "## The problem we solve");
    let run = site.build("a body edit", &[]);
    kept_most(&run, 0.5, "a body edit");

    // Each build writes into the folder of the build before the last: with one in
    // between that changed nothing, what changed since is this edit alone.
    site.build("nothing changed since the body edit", &[]);
    site.edit(initiative, "Until this year the driver app", "Until last year the driver app");
    let run = site.build("a prose edit", &[]);
    kept_most(&run, 0.9, "a prose edit");
    site.edit("content/about.md", "where Lanefield writes down", "where Lanefield keeps");
    site.build("a prose edit of a page without front matter", &[]);
    site.edit(
        "content/about.md",
        "# How this strategy is maintained",
        "# How we maintain this strategy",
    );
    site.build("a page's title, from its first heading", &[]);
    site.edit(initiative, "status: in-progress", "status: done");
    site.build("a status change", &[]);
    site.edit(initiative, "owner: Lukas Meyer", "owner: Someone Else");
    site.build("an owner change", &[]);
    site.edit(initiative, "tags: [driver-app, reliability]", "tags: [driver-app]");
    site.build("a tag removed", &[]);
    site.edit(initiative, "depends_on: [structured-pod-data]", "depends_on: []");
    site.build("a dependency removed", &[]);
    site.edit("content/okrs/2026-q4-dependable-platform.md", "title:", "title: Now");
    site.build("an objective's title", &[]);

    std::fs::write(
        site.path("content/decisions/0006-new-decision.md"),
        "---\ntitle: A new decision\nstatus: accepted\ndate: 2026-11-20\n---\nWe link [[offline-driver-app]].\n",
    )
    .unwrap();
    site.build("a document added", &[]);
    site.edit("content/decisions/0006-new-decision.md", "title: A new", "title: A renamed");
    site.build("the added document's title", &[]);
    std::fs::remove_file(site.path("content/decisions/0006-new-decision.md")).unwrap();
    site.build("a document removed", &[]);

    std::fs::write(site.path("content/decisions/README.md"), "How we decide, and why.\n").unwrap();
    site.build("an introduction added", &[]);
    std::fs::write(site.path("content/decisions/README.md"), "How we decide.\n").unwrap();
    site.build("an introduction changed", &[]);

    site.edit("site.toml", "title = \"Lanefield strategy\"", "title = \"Lanefield\"");
    site.build("site.toml changed", &[]);
    site.build("another day", &["--today", "2027-02-01"]);
    site.build("the configured day again", &[]);
    site.build("with drafts", &["--drafts"]);
    site.build("without drafts", &[]);

    // A template of the site's own, overriding the theme's.
    let base = crate::harness::repository().join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(base).unwrap();
    assert!(base.contains("<footer class=\"site-footer\">"));
    let overridden = base.replacen(
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\"><p>Ours</p>",
        1,
    );
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::fs::write(site.path("templates/base.html"), overridden).unwrap();
    site.build("a template overridden", &[]);
    std::fs::remove_file(site.path("templates/base.html")).unwrap();
    site.build("the override removed", &[]);
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::fs::write(site.path("static/brand.txt"), "Lanefield\n").unwrap();
    site.build("a static file added", &[]);
    std::fs::write(site.path("static/brand.txt"), "Lanefield GmbH\n").unwrap();
    site.build("a static file changed", &[]);
    std::fs::write(site.path("content/initiatives/flow.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    site.edit(initiative, "## The problem we solve", "![The flow](flow.png)\n\n## The problem");
    site.build("an image added and shown", &[]);
    std::fs::write(site.path("content/initiatives/flow.png"), b"\x89PNG\r\n\x1a\n\0").unwrap();
    site.build("the image changed", &[]);
    let run = site.build("nothing changed at the end", &[]);
    kept_most(&run, 0.95, "nothing changed at the end");
}

#[test]
fn issue_12_a_file_changed_in_the_folder_written_into_is_made_again() {
    let mut site = Rebuilt::new("tampered");
    site.build("first build", &[]);
    site.build("second build", &[]);
    // The next build writes into the previous output: change a page there, to the
    // same length, and leave its modification time as it was.
    let previous = site.out.with_file_name(".public.northstar-previous");
    let page = previous.join("initiatives/offline-driver-app/index.html");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&page).unwrap();
    let tampered = text.replacen("<main", "<MAIN", 1);
    assert_ne!(text, tampered);
    std::fs::write(&page, &tampered).unwrap();
    let file = std::fs::File::options().write(true).open(&page).unwrap();
    file.set_modified(before).unwrap();
    drop(file);
    site.build("a page changed in the folder written into", &[]);
    // Files removed or added there are made again or removed too.
    let previous_page = previous.join("decisions/index.html");
    std::fs::remove_file(&previous_page).unwrap();
    std::fs::write(previous.join("stray.html"), "<script>alert(1)</script>").unwrap();
    site.build("a page removed there and a stray file added", &[]);
    site.build("and once more", &[]);
}

#[test]
fn issue_12_a_record_beside_a_copied_or_committed_folder_keeps_nothing() {
    let mut site = Rebuilt::new("planted");
    site.build("first build", &[]);
    site.build("second build", &[]);
    // The folders beside the output, as a pull request could commit them, or a copy
    // of the site holds them: same bytes, other files on the disk.
    let parent = site.out.parent().unwrap().to_path_buf();
    let copy = scratch("incremental-out", "planted-copy");
    for name in [".public.northstar-previous", ".public.northstar-cache", "public"] {
        copy_tree(&parent.join(name), &copy.join(name));
    }
    // A page in the planted previous output says what the site does not.
    let page = copy.join(".public.northstar-previous/initiatives/offline-driver-app/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("<main", "<MAIN", 1)).unwrap();
    let run = build(&site.site, &copy.join("public"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(kept(&run), 0, "a planted record kept files: {}", run.stdout);
    same_files(&copy.join("public"), &site.out, "a planted record");
}

#[test]
fn issue_12_a_record_that_cannot_be_read_or_comes_from_other_code_keeps_nothing() {
    let mut site = Rebuilt::new("unreadable");
    site.build("first build", &[]);
    site.build("second build", &[]);
    let record = site.out.with_file_name(".public.northstar-cache").join("previous.record");
    let bytes = std::fs::read(&record).unwrap();
    // Cut short, then garbage after a valid header: each build still writes the site.
    std::fs::write(&record, &bytes[..bytes.len() / 2]).unwrap();
    let run = site.build("a record cut short", &[]);
    assert_eq!(kept(&run), 0, "{}", run.stdout);
    let record_now = site.out.with_file_name(".public.northstar-cache").join("previous.record");
    let mut garbage = std::fs::read(&record_now).unwrap();
    let header_end = garbage.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0;
    garbage.truncate(header_end + 1);
    garbage.extend_from_slice(b"{\"code\": [1, 2, {\"\xff\": null}]}");
    std::fs::write(&record_now, garbage).unwrap();
    let run = site.build("a record of garbage", &[]);
    assert_eq!(kept(&run), 0, "{}", run.stdout);
    let run = site.build("records made again", &[]);
    kept_most(&run, 0.95, "records made again");
    site.build("and for the other folder", &[]);
    // A record as other code made it (another version of northstar, another theme
    // built in): its pages may differ, so none is kept.
    let record_now = site.out.with_file_name(".public.northstar-cache").join("previous.record");
    // The code's identity, as the parse cache's first line names it.
    let cache = std::fs::read(record_now.with_file_name("parse.cache")).unwrap();
    let first = String::from_utf8_lossy(&cache).lines().nth(2).unwrap().to_string();
    let code = first.strip_prefix("northstar-parsed 1 ").unwrap().as_bytes().to_vec();
    let mut bytes = std::fs::read(&record_now).unwrap();
    let at = bytes.windows(code.len()).position(|w| w == code).unwrap();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(&record_now, bytes).unwrap();
    let run = site.build("a record from other code", &[]);
    assert_eq!(kept(&run), 0, "{}", run.stdout);
    let run = site.build("records made again by this code", &[]);
    kept_most(&run, 0.95, "records made again by this code");
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn issue_12_a_planted_output_and_records_from_a_site_with_html_on_put_no_script_in_pages() {
    // The payloads of the XSS fixture, built with raw HTML allowed: its pages carry
    // them, and its records say those pages are up to date.
    let hostile = copy_fixture("xss", "incremental-hostile");
    let toml = std::fs::read_to_string(hostile.join("site.toml")).unwrap();
    std::fs::write(hostile.join("site.toml"), format!("{toml}allow_html = true\n")).unwrap();
    let planted = scratch("incremental-out", "hostile");
    for _ in 0..2 {
        let run = build(&hostile, &planted.join("public"), &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let carried = files(&planted.join(".public.northstar-previous"))
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("<img src=x onerror="));
    assert!(carried, "the planted output carries no payload: the test would prove nothing");
    // The same site with raw HTML off, built where those folders were copied, as a pull
    // request could commit them.
    let site = copy_fixture("xss", "incremental-victim");
    let out = scratch("incremental-out", "victim");
    for name in [".public.northstar-previous", ".public.northstar-cache", "public"] {
        copy_tree(&planted.join(name), &out.join(name));
    }
    let run = build(&site, &out.join("public"), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(kept(&run), 0, "a planted record kept files: {}", run.stdout);
    let fresh = scratch("incremental-fresh", "victim").join("public");
    assert_eq!(build(&site, &fresh, &[]).code, 0);
    same_files(&out.join("public"), &fresh, "planted records from a site with HTML on");
    // And so does every rebuild after it, the cache of this site's own builds in use.
    for step in ["second build", "rebuild"] {
        let run = build(&site, &out.join("public"), &[]);
        assert_eq!(run.code, 0, "{step}: {}", run.stderr);
        same_files(&out.join("public"), &fresh, step);
    }
    for (path, bytes) in files(&out.join("public")) {
        if path.ends_with(".html") {
            assert_no_script(&String::from_utf8_lossy(&bytes), &path);
        }
    }
}
