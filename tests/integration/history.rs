//! The strategy over time, from git: a repository made by the test, commit by commit
//! with fixed dates and author, and what `/changes/`, the objective's score history,
//! the initiative's timeline and `--as-of` make of it.

use std::path::{Path, PathBuf};
use std::process::Command;

use northstar::model::history::{Change, What};
use northstar::model::{Horizon, Kind};
use northstar::pipeline::{self, GitHistory, HistorySource, Options};

use crate::harness::{build, files, scratch};

/// A git repository holding a site at its top.
pub struct GitSite {
    pub dir: PathBuf,
}

impl GitSite {
    pub fn new(name: &str) -> GitSite {
        let dir = scratch("history", name);
        let site = GitSite { dir };
        site.git(&["init", "-q", "-b", "main"]);
        site
    }

    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "user.name=Ana Silva", "-c", "user.email=ana@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.dir.join(path)).unwrap();
    }

    /// Commits everything, dated `date` (YYYY-MM-DD) at noon UTC.
    pub fn commit(&self, date: &str, message: &str) {
        self.git(&["add", "-A"]);
        let stamp = format!("{date}T12:00:00+00:00");
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "user.name=Ana Silva", "-c", "user.email=ana@example.com"])
            .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
}

fn initiative(title: &str, status: &str, quarter: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\npillars: [growth]\nowner: Ana Silva\nstatus: {status}\nquarter: {quarter}\nsuccess_criteria: [More teams]\n{extra}---\n\nWhy it matters.\n"
    )
}

/// What every state of the test site holds besides the documents a test changes.
fn base(site: &GitSite, title: &str) {
    site.write("site.toml", &format!("title = \"{title}\"\nstale_after_days = 3650\n"));
    site.write("content/vision.md", "---\ntitle: Vision\nstatement: Teams ship.\n---\n\nWe grow through [[growth]] and [[reliability]].\n");
    site.write(
        "content/metrics/teams.md",
        "---\ntitle: Teams\ndefinition: Active teams.\ntype: north-star\nhistory:\n  - { at: 2026-Q2, value: 10 }\n---\n",
    );
    site.write(
        "content/pillars/growth.md",
        "---\ntitle: Growth\nsummary: More teams.\nmetrics: [teams]\n---\n",
    );
    site.write(
        "content/pillars/reliability.md",
        "---\ntitle: Reliability\nsummary: Fewer outages.\nmetrics: [teams]\n---\n",
    );
}

fn objective(current: u32) -> String {
    format!(
        "---\ntitle: Grow the base\nquarter: 2026-Q3\npillars: [growth]\nowner: Ana Silva\nkey_results:\n  - {{ title: Reach 100 teams, baseline: 0, target: 100, current: {current} }}\n---\n"
    )
}

fn decision(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2026-05-01\n{extra}---\n\nWhat we chose.\n")
}

/// The strategy at the end of 2026-Q2, then at the end of 2026-Q3.
fn two_quarters(name: &str) -> GitSite {
    let site = GitSite::new(name);
    base(&site, "History");
    site.write("content/initiatives/alpha.md", &initiative("Alpha", "planned", "2026-Q3", ""));
    site.write("content/initiatives/beta.md", &initiative("Beta", "planned", "2026-Q3", ""));
    site.write("content/initiatives/gamma.md", &initiative("Gamma", "proposed", "2026-Q4", ""));
    site.write("content/okrs/2026-q3-grow.md", &objective(20));
    site.write("content/decisions/0001-old-queue.md", &decision("Old queue", "status: accepted\n"));
    site.write(
        "content/debt/old-debt.md",
        "---\ntitle: Old debt\nrisk: low\nimpact: low\nowner: Ana Silva\npillars: [reliability]\n---\n",
    );
    site.commit("2026-06-10", "Q2 strategy");

    site.write("content/initiatives/alpha.md", &initiative("Alpha", "in-progress", "2026-Q3", ""));
    site.write("content/initiatives/beta.md", &initiative("Beta", "planned", "2026-Q4", ""));
    let reason = "reason: Customers asked for invoicing first.\n";
    site.write(
        "content/initiatives/gamma.md",
        &initiative("Gamma", "deprioritized", "2026-Q4", reason),
    );
    site.write("content/okrs/2026-q3-grow.md", &objective(70));
    site.write(
        "content/decisions/0001-old-queue.md",
        &decision("Old queue", "status: superseded\nsuperseded_by: [0002-new-queue]\n"),
    );
    site.write(
        "content/decisions/0002-new-queue.md",
        &decision("New queue", "status: accepted\nsupersedes: [0001-old-queue]\n"),
    );
    site.remove("content/debt/old-debt.md");
    site.write(
        "content/experiments/trial.md",
        "---\ntitle: Trial\nhypothesis: It helps.\nexit_criteria: Two weeks.\nstatus: running\npillars: [growth]\n---\n",
    );
    site.commit("2026-08-20", "Q3 strategy");
    site
}

fn checked(site: &Path, today: &str) -> pipeline::Checked {
    let options = Options {
        today: Some(northstar::model::Date::parse(today).unwrap()),
        history: HistorySource::Git(GitHistory::default()),
        ..Options::default()
    };
    pipeline::check(site, &options).unwrap()
}

fn change(kind: Kind, id: &str, title: &str, date: &str, what: What) -> Change {
    let date = Some(northstar::model::Date::parse(date).unwrap());
    Change { kind, id: id.to_string(), title: title.to_string(), date, what }
}

#[test]
fn the_changes_of_a_quarter_are_every_move_slip_score_and_document() {
    let site = two_quarters("changes");
    let checked = checked(&site.dir, "2026-11-02");
    assert!(checked.history_notes.is_empty(), "{:?}", checked.history_notes);
    let history = &checked.strategy.history;
    let q3 = history.quarter(northstar::model::Quarter::parse("2026-Q3").unwrap()).unwrap();
    assert_eq!(q3.from.label, "the end of 2026-Q2");
    assert_eq!(q3.to.label, "the end of 2026-Q3");
    let at = "2026-08-20";
    let expected = vec![
        change(
            Kind::Initiative,
            "alpha",
            "Alpha",
            at,
            What::Moved { from: Horizon::Next, to: Horizon::Now },
        ),
        change(
            Kind::Initiative,
            "beta",
            "Beta",
            at,
            What::Slipped { from: "2026-Q3".into(), to: "2026-Q4".into() },
        ),
        change(
            Kind::Initiative,
            "gamma",
            "Gamma",
            at,
            What::SetAside {
                status: "deprioritized".into(),
                reason: Some("Customers asked for invoicing first.".into()),
            },
        ),
        change(
            Kind::Objective,
            "2026-q3-grow",
            "Grow the base",
            at,
            What::Score { from: Some(0.2), to: Some(0.7) },
        ),
        change(Kind::Decision, "0002-new-queue", "New queue", at, What::Added),
        change(
            Kind::Decision,
            "0001-old-queue",
            "Old queue",
            at,
            What::Superseded { by: vec!["0002-new-queue".into()] },
        ),
        change(Kind::Debt, "old-debt", "Old debt", at, What::Removed),
        change(Kind::Experiment, "trial", "Trial", at, What::Added),
    ];
    assert_eq!(q3.changes, expected);
}

#[test]
fn an_objective_shows_its_score_at_the_end_of_each_quarter() {
    let site = two_quarters("scores");
    let history = checked(&site.dir, "2026-11-02").strategy.history;
    let q = |text: &str| northstar::model::Quarter::parse(text).unwrap();
    assert_eq!(
        history.scores["2026-q3-grow"],
        [(q("2026-Q2"), Some(0.2)), (q("2026-Q3"), Some(0.7)), (q("2026-Q4"), Some(0.7))]
    );
    let day = |text: &str| Some(northstar::model::Date::parse(text).unwrap());
    assert_eq!(
        history.timelines["alpha"],
        [
            (day("2026-06-10"), "planned".to_string()),
            (day("2026-08-20"), "in-progress".to_string())
        ]
    );
    assert_eq!(history.last_changed["initiatives/alpha.md"], day("2026-08-20"));
    assert_eq!(history.last_changed["pillars/growth.md"], day("2026-06-10"));
}

#[test]
fn now_is_never_before_the_newest_commit() {
    // A site pinning `today` before its last commit (for reproducible output) still
    // reads its working tree as "now", on the day of that commit.
    let site = two_quarters("pinned-today");
    let history = checked(&site.dir, "2026-08-01").strategy.history;
    let q3 = history.quarter(northstar::model::Quarter::parse("2026-Q3").unwrap()).unwrap();
    assert_eq!((q3.to.label.as_str(), q3.to.date.to_string()), ("now", "2026-08-20".to_string()));
    assert!(q3.changes.iter().all(|c| c.date.is_some_and(|d| d <= q3.to.date)));
}

/// Builds `site` with the binary into a new folder and returns its files.
fn built(site: &Path, name: &str, extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = scratch("history-out", name);
    let run = build(site, &out, extra);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut files = files(&out);
    files.remove(".northstar-output");
    files
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

#[test]
fn the_pages_of_changes_say_each_change_and_link_its_document() {
    let site = two_quarters("pages");
    let files =
        built(&site.dir, "pages", &["--today", "2026-11-02", "--base-url", "https://example.com/"]);
    let digest = text(&files, "changes/2026-q3.md");
    let commit = |date: &str| {
        site.git(&["log", "-1", "--format=%H", &format!("--until={date}T23:59:59Z")])
            .trim()
            .chars()
            .take(10)
            .collect::<String>()
    };
    let expected = format!(
        "# What changed in 2026-Q3\n\n\
         From the end of 2026-Q2 (2026-06-10, commit {q2}) to the end of 2026-Q3 (2026-08-20, commit {q3}).\n\n\
         ## Roadmap\n\n\
         - [Alpha](https://example.com/initiatives/alpha/), initiative: Moved from Next to Now (committed 2026-08-20)\n\
         - [Beta](https://example.com/initiatives/beta/), initiative: Slipped from 2026-Q3 to 2026-Q4 (committed 2026-08-20)\n\
         - [Gamma](https://example.com/initiatives/gamma/), initiative: Deprioritized: Customers asked for invoicing first. (committed 2026-08-20)\n\n\
         ## OKRs\n\n\
         - [Grow the base](https://example.com/okrs/2026-q3-grow/), objective: Score 0.20 → 0.70 (committed 2026-08-20)\n\n\
         ## Decisions\n\n\
         - [New queue](https://example.com/decisions/0002-new-queue/), decision: added (committed 2026-08-20)\n\
         - [Old queue](https://example.com/decisions/0001-old-queue/), decision: Superseded by New queue (committed 2026-08-20)\n\n\
         ## Other documents\n\n\
         - Old debt, debt: removed (committed 2026-08-20)\n\
         - [Trial](https://example.com/experiments/trial/), experiment: added (committed 2026-08-20)\n",
        q2 = commit("2026-06-30"),
        q3 = commit("2026-09-30"),
    );
    assert_eq!(digest, expected);

    let page = text(&files, "changes/2026-q3/index.html");
    for shown in [
        "<h1>What changed in 2026-Q3</h1>",
        r#"<a href="/initiatives/alpha/">Alpha</a>"#,
        "Moved from Next to Now",
        "Slipped from 2026-Q3 to 2026-Q4",
        "Deprioritized: Customers asked for invoicing first.",
        "Score 0.20 → 0.70",
        "Superseded by New queue",
        r#"<a href="/changes/2026-q3.md">"#,
    ] {
        assert!(page.contains(shown), "changes/2026-q3/ lacks {shown}");
    }
    // A removed document has no page to link to.
    assert!(page.contains("<p>Old debt <span class=\"meta\">Debt</span></p>"), "{page}");
    // The latest quarter (2026-Q4, nothing changed yet) is on the index, with 2026-Q3 below.
    let index = text(&files, "changes/index.html");
    assert!(index.contains("What changed in 2026-Q4"), "{index}");
    assert!(index.contains(r#"<a href="/changes/2026-q3/">2026-Q3</a>"#), "{index}");
    assert!(text(&files, "index.html").contains("What changed since last quarter"));
    let feed = text(&files, "feed.xml");
    assert!(feed.contains("<title type=\"text\">What changed in 2026-Q3</title>"), "{feed}");
    assert!(feed.contains("Slipped from 2026-Q3 to 2026-Q4"), "{feed}");

    let json: serde_json::Value = serde_json::from_str(&text(&files, "strategy.json")).unwrap();
    let history = &json["history"];
    assert_eq!(history["quarters"][0]["quarter"], "2026-Q3");
    assert_eq!(history["quarters"][0]["changes"][1]["change"], "slipped");
    assert_eq!(history["last_changed"]["initiatives/alpha.md"], "2026-08-20");
    assert_eq!(history["scores"]["2026-q3-grow"][0], serde_json::json!(["2026-Q2", 0.2]));

    let objective = text(&files, "okrs/2026-q3-grow/index.html");
    assert!(objective.contains("Score by quarter"), "{objective}");
    assert!(objective.contains("End of 2026-Q2") && objective.contains("End of 2026-Q3"));
    let alpha = text(&files, "initiatives/alpha/index.html");
    assert!(alpha.contains("Status over time"), "{alpha}");
    assert!(alpha.contains(r#"from <time datetime="2026-08-20">2026-08-20</time>"#), "{alpha}");
    assert!(alpha.contains(r#"Last changed <time datetime="2026-08-20">"#), "{alpha}");
}

#[test]
fn as_of_rebuilds_an_earlier_site_byte_for_byte() {
    let site = two_quarters("as-of");
    let then = built(&site.dir, "as-of-then", &["--today", "2026-09-15"]);
    // The next quarter changes documents, the config and the templates.
    base(&site, "History, later");
    site.write("content/initiatives/beta.md", &initiative("Beta", "done", "2026-Q4", ""));
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Gone.{% endblock %}",
    );
    site.remove("content/experiments/trial.md");
    site.commit("2026-10-20", "Q4 strategy");
    let now = built(&site.dir, "as-of-now", &["--today", "2026-09-15"]);
    assert_ne!(now, then, "the later build differs");
    let again = built(&site.dir, "as-of-again", &["--as-of", "2026-09-15"]);
    assert_eq!(again.keys().collect::<Vec<_>>(), then.keys().collect::<Vec<_>>());
    for (path, bytes) in &then {
        assert!(again[path] == *bytes, "{path} differs");
    }
    // What --as-of wrote beside the site is ignored by git.
    assert_eq!(site.git(&["status", "--porcelain"]), "");
    let run = crate::harness::check(&site.dir, &["--as-of", "2026-05-01"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("no commit on or before 2026-05-01"), "{}", run.stderr);
}

#[test]
fn without_git_a_site_builds_as_it_did() {
    let site = two_quarters("no-git");
    let copy = scratch("history", "no-git-copy");
    for (path, bytes) in files(&site.dir).into_iter().filter(|(p, _)| !p.starts_with(".git/")) {
        let to = copy.join(&path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let run = crate::harness::check(&copy, &["--today", "2026-11-02"]);
    assert!(
        !run.stdout.contains("note:"),
        "a folder outside git is not told about: {}",
        run.stdout
    );
    let files = built(&copy, "no-git", &["--today", "2026-11-02"]);
    assert!(files.keys().all(|p| !p.starts_with("changes/")));
    let options = Options {
        today: Some(northstar::model::Date::parse("2026-11-02").unwrap()),
        drafts: Some(northstar::render::Drafts::Exclude),
        ..Options::default()
    };
    let pages = pipeline::build(&copy, &options).unwrap().output.unwrap().files;
    assert_eq!(
        files, pages,
        "the binary outside git builds what the pipeline without history builds"
    );
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml")) {
        let page = String::from_utf8_lossy(bytes);
        assert!(!page.contains("Last changed") && !page.contains("What changed"), "{path}");
    }
}

#[test]
fn a_shallow_clone_says_once_that_history_is_unavailable() {
    let site = two_quarters("shallow-origin");
    let clone = scratch("history", "shallow");
    std::fs::remove_dir_all(&clone).unwrap();
    let from = format!("file://{}", site.dir.display());
    site.git(&["clone", "-q", "--depth", "1", &from, &clone.to_string_lossy()]);
    let run = crate::harness::check(&clone, &["--today", "2026-11-02"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout.matches("note: the strategy's history is not shown").count(), 1);
    assert!(run.stdout.contains("shallow clone"), "{}", run.stdout);
    let files = built(&clone, "shallow", &["--today", "2026-11-02"]);
    assert!(files.keys().all(|p| !p.starts_with("changes/")));
}

#[test]
fn since_names_a_commit_and_a_wrong_one_is_a_usage_error() {
    let site = two_quarters("since");
    let files = built(&site.dir, "since", &["--today", "2026-11-02", "--since", "HEAD~1"]);
    let index = text(&files, "changes/index.html");
    assert!(index.contains("What changed since HEAD~1"), "{index}");
    assert!(index.contains("Slipped from 2026-Q3 to 2026-Q4"), "{index}");
    let run = crate::harness::check(&site.dir, &["--since=--output=/tmp/x"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--since --output=/tmp/x"), "{}", run.stderr);
    assert!(!Path::new("/tmp/x").exists() || std::fs::metadata("/tmp/x").unwrap().len() > 0);
}

#[test]
fn a_past_state_that_cannot_be_read_is_left_out_with_one_note() {
    let site = GitSite::new("broken-past");
    base(&site, "Broken past");
    site.write("content/initiatives/alpha.md", "---\ntitle: [unclosed\n---\n");
    site.commit("2026-05-10", "broken");
    site.write("content/initiatives/alpha.md", &initiative("Alpha", "planned", "2026-Q3", ""));
    site.commit("2026-06-10", "fixed");
    let run = crate::harness::check(&site.dir, &["--today", "2026-08-01"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout.matches("note: left out of the history").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("content/initiatives/alpha.md could not be read"),
        "{}",
        run.stdout
    );
}

#[test]
fn what_a_document_writes_stays_text_in_every_view_of_history() {
    let site = two_quarters("hostile");
    let payload =
        "\"<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>\"";
    site.write(
        "content/decisions/0003-hostile.md",
        &format!("---\ntitle: {payload}\ndate: 2026-10-01\nstatus: accepted\n---\n"),
    );
    let reason = format!("reason: {payload}\n");
    site.write("content/initiatives/beta.md", &initiative("Beta", "cancelled", "2026-Q4", &reason));
    site.commit("2026-10-05", "hostile");
    let files = built(
        &site.dir,
        "hostile",
        &["--today", "2026-11-02", "--base-url", "https://example.com/"],
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{path} carries a script");
        assert!(!text.contains("<img src=x"), "{path} carries an image tag");
        assert!(!text.contains("href=\"javascript"), "{path} carries a script link");
        // In the digest, Markdown, the link is escaped.
        let unescaped = text
            .match_indices("](javascript:")
            .any(|(at, _)| !text.get(..at).unwrap_or("").ends_with('\\'));
        assert!(!path.ends_with(".md") || !unescaped, "{path} carries a Markdown script link");
    }
    let digest = text(&files, "changes/2026-q4.md");
    assert!(digest.contains("&lt;script&gt;") && digest.contains("\\[x\\](javascript"), "{digest}");
}

#[test]
fn the_preview_compares_each_rebuild_with_what_it_read_from_git() {
    use northstar::serve::watch::Change;
    use northstar::serve::{Outcome, Preview};
    let site = two_quarters("preview");
    let options = Options {
        today: Some(northstar::model::Date::parse("2026-11-02").unwrap()),
        history: HistorySource::Git(GitHistory::default()),
        ..Options::default()
    };
    let page = |preview: &mut Preview, change: &Change, url: &str| -> String {
        let Outcome::Built { pages, .. } = preview.rebuild(change) else { panic!("failed") };
        let page = pages.pages.iter().find(|(u, _)| u.as_str() == url).unwrap().1;
        String::from_utf8(page.bytes.clone()).unwrap()
    };
    let mut preview = Preview::new(&site.dir, options.clone());
    let before = page(&mut preview, &Change::everything(), "changes/");
    assert!(before.contains("Nothing changed in the documents."), "{before}");
    site.write("content/initiatives/alpha.md", &initiative("Alpha", "done", "2026-Q3", ""));
    let edited = Change {
        documents: ["initiatives/alpha.md".to_string()].into_iter().collect(),
        ..Change::default()
    };
    let after = page(&mut preview, &edited, "changes/");
    assert!(after.contains("Moved from Now to Done"), "{after}");
    assert!(after.contains("not yet committed"), "{after}");
    // What a build from scratch makes of the same files.
    let full = pipeline::build(&site.dir, &options).unwrap().output.unwrap().files;
    assert_eq!(after.as_bytes(), full["changes/index.html"].as_slice());
    let alpha = page(&mut preview, &Change::default(), "initiatives/alpha/");
    assert_eq!(alpha.as_bytes(), full["initiatives/alpha/index.html"].as_slice());
    assert!(alpha.contains("Last changed — not yet committed"), "{alpha}");
}

#[test]
fn the_example_repository_builds_with_its_history() {
    let root = crate::harness::repository();
    let options = Options {
        history: HistorySource::Git(GitHistory::default()),
        drafts: Some(northstar::render::Drafts::Exclude),
        ..Options::default()
    };
    let built = pipeline::build(&root, &options).unwrap();
    let checked = &built.checked;
    assert_eq!(checked.error_count(), 0);
    // A copy of the repository without its history (an archive, a shallow clone)
    // builds as before; with it, the example's documents carry their dates.
    if !root.join(".git").exists() || !checked.history_notes.is_empty() {
        return;
    }
    let history = &checked.strategy.history;
    assert!(!history.quarters.is_empty());
    assert!(history.last_changed.contains_key("vision.md"), "{:?}", history.last_changed.keys());
    let files = &built.output.as_ref().unwrap().files;
    assert!(files.contains_key("changes/index.html"));
}
