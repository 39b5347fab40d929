//! The strategy over time, from git: a repository made by the test, commit by commit
//! with fixed dates and author, and what `/changes/`, the objective's score history,
//! the initiative's timeline and `--as-of` make of it.

use std::path::{Path, PathBuf};
use std::process::Command;

use northstar::model::history::{Change, What};
use northstar::model::{Horizon, Kind};
use northstar::pipeline::{self, GitHistory, HistorySource, Options};

use crate::harness::scratch;

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
        "---\ntitle: {title}\npillars: [growth]\nowner: Ana Silva\nstatus: {status}\nquarter: {quarter}\n{extra}---\n\nWhy it matters.\n"
    )
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
    site.write("site.toml", "title = \"History\"\n");
    site.write("content/vision.md", "---\ntitle: Vision\nstatement: Teams ship.\n---\n");
    site.write("content/pillars/growth.md", "---\ntitle: Growth\n---\n\nMore teams.\n");
    site.write("content/initiatives/alpha.md", &initiative("Alpha", "planned", "2026-Q3", ""));
    site.write("content/initiatives/beta.md", &initiative("Beta", "planned", "2026-Q3", ""));
    site.write("content/initiatives/gamma.md", &initiative("Gamma", "proposed", "2026-Q4", ""));
    site.write("content/okrs/2026-q3-grow.md", &objective(20));
    site.write("content/decisions/0001-old-queue.md", &decision("Old queue", "status: accepted\n"));
    site.write("content/debt/old-debt.md", "---\ntitle: Old debt\nrisk: low\nimpact: low\n---\n");
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
        "---\ntitle: Trial\nhypothesis: It helps.\nstatus: running\n---\n",
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
