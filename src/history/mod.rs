//! History: the strategy as it stood at past commits, read from the site's git
//! repository and run through the same load and model stages as the files on disk.
//! The log is read before the model (it dates each document's last change);
//! [`Past`] holds the past states the pages compare, read once, and fills
//! [`Strategy::history`] from each new model. Without git, or in a shallow clone, there is no history and
//! the site is built as it would be without it.

mod facts;
mod git;
mod snapshot;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub(crate) use facts::Table;
use facts::{Known, Version};
pub use git::Unavailable;
use git::{Commit, Repo};
use snapshot::{Facts, Snapshot};

use crate::calendar::{Date, Quarter};
use crate::content::{self, Layout, ParseCache};
use crate::diagnostics::{Diagnostics, SourceMap};
use crate::model::history::{Period, Point};
use crate::model::{self, Kind, KindData, Strategy};

/// What git says about the site, read once per build.
#[derive(Debug, Default)]
pub(crate) struct Log {
    repo: Option<Repo>,
    /// Why there is no history, when there is none.
    pub(crate) unavailable: Option<Unavailable>,
    /// The commits that changed documents, newest first.
    commits: Vec<Commit>,
    /// Documents (by path from the site root) changed since the last commit, when
    /// the log was read.
    uncommitted: BTreeSet<String>,
    /// The folders read (`content` and the mapped ones), and whether the log ends at
    /// `HEAD` (and the files as they are) rather than at a past commit.
    folders: Vec<String>,
    at_head: bool,
}

impl Log {
    /// The history of the documents under `folders` (from `root`) up to `tip` (`HEAD`
    /// when `None`, and then with what is not yet committed).
    pub(crate) fn read(root: &Path, folders: &[String], tip: Option<&str>) -> Log {
        let repo = match Repo::open(root) {
            Ok(repo) => repo,
            Err(unavailable) => return Log { unavailable: Some(unavailable), ..Log::default() },
        };
        let paths: Vec<&str> = folders.iter().map(String::as_str).collect();
        let read = || -> Result<(Vec<Commit>, BTreeSet<String>), Unavailable> {
            let commits = repo.log(&paths, tip.unwrap_or("HEAD"))?;
            let uncommitted = match tip {
                None => repo.uncommitted(&paths)?,
                Some(_) => BTreeSet::new(),
            };
            Ok((commits, uncommitted))
        };
        match read() {
            Ok((commits, uncommitted)) => Log {
                repo: Some(repo),
                unavailable: None,
                commits,
                uncommitted,
                folders: folders.to_vec(),
                at_head: tip.is_none(),
            },
            Err(unavailable) => Log { unavailable: Some(unavailable), ..Log::default() },
        }
    }

    /// The commit `--as-of DATE` builds: the newest on the first-parent line of `HEAD`
    /// made on or before `date`.
    pub(crate) fn as_of(root: &Path, date: Date) -> Result<(Repo, Commit), String> {
        let repo = Repo::open(root).map_err(|e| e.to_string())?;
        let commit = repo.last_on_or_before(date).map_err(|e| e.to_string())?;
        let commit =
            commit.ok_or_else(|| format!("the repository has no commit on or before {date}"))?;
        Ok((repo, commit))
    }

    /// When each document (by path from the site root) last changed: the day of the
    /// newest commit that changed it, or `None` when it has changes not yet committed.
    /// Documents git never saw are not in it.
    pub(crate) fn last_changed(&self) -> BTreeMap<String, Option<Date>> {
        self.last_changed_with(&self.uncommitted)
    }

    /// [`Self::last_changed`], with `uncommitted` the files not yet committed.
    fn last_changed_with(&self, uncommitted: &BTreeSet<String>) -> BTreeMap<String, Option<Date>> {
        let mut last = BTreeMap::new();
        for commit in &self.commits {
            for (path, blob) in &commit.changes {
                if blob.is_some() {
                    last.entry(path.clone()).or_insert(Some(commit.date));
                }
            }
        }
        for path in uncommitted {
            last.insert(path.clone(), None);
        }
        last
    }

    /// What the history is read at: the newest commit, and the files not yet
    /// committed.
    pub(crate) fn revision(&self) -> String {
        self.revision_with(&self.uncommitted)
    }

    /// [`Self::revision`], with `uncommitted` the files not yet committed.
    fn revision_with(&self, uncommitted: &BTreeSet<String>) -> String {
        let newest = self.commits.first().map_or("", |c| c.id.as_str());
        let uncommitted: Vec<&str> = uncommitted.iter().map(String::as_str).collect();
        format!("{newest} {}", uncommitted.join("\0"))
    }

    /// The newest commit made before the first day of `quarter`: the state at the end
    /// of the quarter before.
    fn end_before(&self, quarter: Quarter) -> Option<usize> {
        let first = quarter.first_day();
        self.commits.iter().position(|c| c.date < first)
    }

    /// The day of the newest commit among `commits[newer..older]` (newest first) that
    /// changed `path`; `None` when no commit there did: `path` is not yet committed,
    /// `newer` being the files as they are.
    fn date_of(
        &self,
        path: &str,
        newer: Option<usize>,
        older: Option<usize>,
        uncommitted: &BTreeSet<String>,
    ) -> Option<Date> {
        if newer.is_none() && uncommitted.contains(path) {
            return None;
        }
        let start = newer.unwrap_or(0);
        let end = older.unwrap_or(self.commits.len()).min(self.commits.len());
        let commits = self.commits.get(start..end).unwrap_or(&[]);
        commits.iter().find(|c| c.changes.iter().any(|(p, _)| p == path)).map(|c| c.date)
    }
}

/// What the past states are read with: the site's layout and config, and what parsing
/// the current files gave.
pub(crate) struct Reading<'a> {
    pub(crate) layout: Layout<'a>,
    pub(crate) parsed: Option<&'a ParseCache>,
    /// `--since REV`.
    pub(crate) since: Option<&'a str>,
}

/// What reading the past had to say besides the history.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// Past states left out, and why: one warning for all.
    pub(crate) skipped: Vec<String>,
    /// What the next build can take from this one: the versions read, in
    /// [`Table::bytes`] form.
    pub(crate) cache: Vec<u8>,
}

/// Everything the history needs from git, read once: the preview keeps it between
/// rebuilds and compares each new model with it.
#[derive(Debug)]
pub struct Past {
    log: Log,
    /// Every quarter from the first commit's to the last, oldest first.
    quarters: Vec<Quarter>,
    /// The states read, by commit id.
    states: BTreeMap<String, Snapshot>,
    /// `--since`: its commit, and how it was named.
    since: Option<(Commit, String)>,
    /// Every committed status of every initiative file, by path, oldest first.
    statuses: BTreeMap<String, Vec<(Date, String)>>,
}

impl Past {
    /// Reads the states of the strategy the history compares, from `log`, as a model
    /// read on `today` shows them: the end of each past quarter (read on its last
    /// day), the first commit, and `--since`. Each version of a file is read once,
    /// here or by an earlier build (`table`). Past states that cannot be read are left
    /// out and named in the notes. `--since` naming no commit is the one error.
    pub(crate) fn read(
        log: Log,
        today: Date,
        reading: &Reading<'_>,
        mut table: Table,
    ) -> Result<(Past, Notes), String> {
        let mut notes = Notes::default();
        let (Some(repo), Some(oldest), Some(newest)) =
            (&log.repo, log.commits.last(), log.commits.first())
        else {
            let past = Past {
                log,
                quarters: Vec::new(),
                states: BTreeMap::new(),
                since: None,
                statuses: BTreeMap::new(),
            };
            return Ok((past, notes));
        };
        let last = Quarter::of(today).max(Quarter::of(newest.date));
        let mut quarters = vec![Quarter::of(oldest.date)];
        while let Some(&q) = quarters.last().filter(|&&q| q < last) {
            quarters.push(q.next());
        }
        let mut wanted: BTreeMap<String, (Date, Date)> = BTreeMap::new();
        for &quarter in &quarters {
            if let Some(commit) = log.end_before(quarter).and_then(|at| log.commits.get(at)) {
                wanted.insert(commit.id.clone(), (commit.date, last_day(quarter.previous())));
            }
        }
        wanted.entry(oldest.id.clone()).or_insert((oldest.date, oldest.date));
        let since = match reading.since {
            Some(rev) => {
                let commit = repo.commit(rev).map_err(|e| format!("`--since {rev}`: {e}"))?;
                Some((commit, rev.to_string()))
            }
            None => None,
        };
        if let Some((commit, _)) = &since {
            wanted.entry(commit.id.clone()).or_insert((commit.date, commit.date));
        }
        let folders = document_folders(reading.layout);
        let paths: Vec<&str> = folders.iter().map(String::as_str).collect();
        let mut trees = BTreeMap::new();
        for id in wanted.keys() {
            trees.insert(id.clone(), repo.tree(id, &paths).map_err(|e| e.to_string())?);
        }
        // Every version the states hold, and every committed version of every file.
        let mut versions: BTreeSet<Version> =
            trees.values().flatten().map(|f| (f.path.clone(), f.blob.clone())).collect();
        for commit in &log.commits {
            for (path, blob) in &commit.changes {
                if let Some(blob) = blob {
                    versions.insert((path.clone(), blob.clone()));
                }
            }
        }
        table.fill(repo, &versions, reading).map_err(|e| e.to_string())?;
        notes.cache = table.bytes(&versions);
        let mut states = BTreeMap::new();
        for (id, (date, today)) in &wanted {
            let tree = trees.get(id).map_or(&[][..], Vec::as_slice);
            match state(tree, &table, *today) {
                Ok(state) => {
                    states.insert(id.clone(), state);
                }
                Err(why) => notes.skipped.push(format!("{} of {date} ({why})", short(id))),
            }
        }
        let statuses = statuses(&log, &table);
        Ok((Past { log, quarters, states, since, statuses }, notes))
    }

    /// The document files not yet committed, now: asked of git again (the preview's
    /// edits change them), and none for a past commit.
    pub(crate) fn uncommitted(&self) -> BTreeSet<String> {
        let paths: Vec<&str> = self.log.folders.iter().map(String::as_str).collect();
        match &self.log.repo {
            Some(repo) if self.log.at_head => repo.uncommitted(&paths).unwrap_or_default(),
            _ => BTreeSet::new(),
        }
    }

    /// The files not yet committed when the log was read.
    pub(crate) fn uncommitted_then(&self) -> &BTreeSet<String> {
        &self.log.uncommitted
    }

    /// When each document (by path from the site root) last changed, with
    /// `uncommitted` the files not yet committed; see [`Log::last_changed`].
    pub(crate) fn last_changed(
        &self,
        uncommitted: &BTreeSet<String>,
    ) -> BTreeMap<String, Option<Date>> {
        self.log.last_changed_with(uncommitted)
    }

    /// What the history is read at, with `uncommitted` the files not yet committed:
    /// see [`Log::revision`].
    pub(crate) fn revision(&self, uncommitted: &BTreeSet<String>) -> String {
        self.log.revision_with(uncommitted)
    }

    /// The history of `strategy`: the changes of each quarter with commits (the last
    /// compared with `strategy`), since `--since`, objectives' scores at the end of
    /// each past quarter and initiatives' status timelines. Drafts' changes are shown
    /// only with `drafts`; changes to `uncommitted` files are not yet committed. Keeps
    /// what `strategy.history` knew before (when each document last changed).
    pub(crate) fn history(
        &self,
        strategy: &mut Strategy,
        sources: &SourceMap,
        drafts: bool,
        uncommitted: &BTreeSet<String>,
    ) {
        let log = &self.log;
        let mut history = std::mem::take(&mut strategy.history);
        let Some(&last) = self.quarters.last() else {
            strategy.history = history;
            return;
        };
        let shown = |d: &model::Document| sources.file(d.file).path.to_string_lossy().into_owned();
        let live = Snapshot {
            today: strategy.today,
            documents: strategy
                .documents
                .iter()
                .filter(|d| !d.is_broken)
                .map(|d| Facts::of(d, shown(d)))
                .collect(),
        };
        let first = log.commits.len().saturating_sub(1);
        let now = Point { commit: None, date: now_date(strategy.today, log), label: "now".into() };
        for &quarter in &self.quarters {
            let is_last = quarter == last;
            let to_at = if is_last { None } else { log.end_before(quarter.next()) };
            let (from_at, from_label) = match log.end_before(quarter) {
                Some(at) => (at, format!("the end of {}", quarter.previous())),
                None => (first, crate::model::history::FIRST_COMMIT.to_string()),
            };
            if to_at == Some(from_at) || to_at.is_none() && !is_last {
                continue;
            }
            let Some(from_commit) = log.commits.get(from_at) else { continue };
            let Some(from) = self.states.get(&from_commit.id) else { continue };
            let to = match to_at.and_then(|at| log.commits.get(at)) {
                Some(commit) => match self.states.get(&commit.id) {
                    Some(state) => state,
                    None => continue,
                },
                None => &live,
            };
            let date_of = |path: &str| log.date_of(path, to_at, Some(from_at), uncommitted);
            let changes = snapshot::changes(from, to, drafts, date_of);
            if changes.is_empty() && !is_last {
                continue;
            }
            let to_point = match to_at.and_then(|at| log.commits.get(at)) {
                Some(commit) => point(commit, format!("the end of {quarter}")),
                None => now.clone(),
            };
            history.quarters.push(Period {
                quarter: Some(quarter),
                from: point(from_commit, from_label),
                to: to_point,
                changes,
            });
        }
        if let Some((commit, label)) = &self.since
            && let Some(from) = self.states.get(&commit.id)
        {
            let older = log.commits.iter().position(|c| c.id == commit.id);
            let changes = snapshot::changes(from, &live, drafts, |path| {
                log.date_of(path, None, older, uncommitted)
            });
            history.since = Some(Period {
                quarter: None,
                from: point(commit, label.clone()),
                to: now,
                changes,
            });
        }
        // Each objective's score at the end of each past quarter it stood in, then now.
        for document in strategy.documents.iter().filter(|d| d.kind == Kind::Objective) {
            let mut scores = Vec::new();
            for &quarter in self.quarters.iter().filter(|&&q| q != last) {
                let state = log.end_before(quarter.next()).and_then(|at| log.commits.get(at));
                let state = state.and_then(|c| self.states.get(&c.id));
                if let Some(score) = state.and_then(|s| s.score(&document.id)) {
                    scores.push((quarter, score));
                }
            }
            if let (false, KindData::Objective(o)) = (scores.is_empty(), &document.data) {
                scores.push((last, o.score()));
                history.scores.insert(document.id.clone(), scores);
            }
        }
        // Each initiative's committed statuses, then its status now when that differs.
        for document in strategy.documents.iter().filter(|d| d.kind == Kind::Initiative) {
            let (KindData::Initiative(initiative), Some(committed)) =
                (&document.data, self.statuses.get(&shown(document)))
            else {
                continue;
            };
            let mut timeline: Vec<(Option<Date>, String)> =
                committed.iter().map(|(date, status)| (Some(*date), status.clone())).collect();
            let status = initiative.status.as_str();
            if timeline.last().map(|(_, s)| s.as_str()) != Some(status) {
                timeline.push((None, status.to_string()));
            }
            history.timelines.insert(document.id.clone(), timeline);
        }
        strategy.history = history;
    }
}

/// The day the working tree is shown at: `today`, or the newest commit's day when
/// `today` is set to an earlier one (a site pinning its date for reproducible
/// output), so that no change reads as committed after "now".
fn now_date(today: Date, log: &Log) -> Date {
    log.commits.first().map_or(today, |newest| today.max(newest.date))
}

/// The state of the strategy whose document files are `tree`, read on `today`. A
/// state with a document whose front matter cannot be read is no state to compare.
fn state(tree: &[git::TreeFile], table: &Table, today: Date) -> Result<Snapshot, String> {
    let mut documents = BTreeMap::new();
    for file in tree {
        match table.get(&(file.path.clone(), file.blob.clone())) {
            Some(Known::Document(key, facts)) => {
                documents.entry(key.clone()).or_insert_with(|| facts.clone());
            }
            Some(Known::Broken) => return Err(format!("{} could not be read", file.path)),
            Some(Known::Nothing) | None => {}
        }
    }
    Ok(Snapshot { today, documents })
}

fn point(commit: &Commit, label: String) -> Point {
    Point { commit: Some(short(&commit.id)), date: commit.date, label }
}

/// A commit id as people write it: its first 10 digits.
fn short(id: &str) -> String {
    id.chars().take(10).collect()
}

/// The last day of `quarter`.
fn last_day(quarter: Quarter) -> Date {
    Date::from_days_since_epoch(quarter.next().first_day().days_since_epoch() - 1)
}

/// The folders documents are in: `content` and the mapped ones.
pub(crate) fn document_folders(layout: Layout<'_>) -> Vec<String> {
    let mut folders = vec![content::CONTENT_DIR.to_string()];
    folders.extend(layout.folders.iter().map(|(_, folder)| folder.clone()));
    folders
}

/// Every committed status of every initiative file, by path: from each version the
/// log names, oldest first, a status only when it differs from the one before.
fn statuses(log: &Log, table: &Table) -> BTreeMap<String, Vec<(Date, String)>> {
    let mut statuses: BTreeMap<String, Vec<(Date, String)>> = BTreeMap::new();
    for commit in log.commits.iter().rev() {
        for (path, blob) in &commit.changes {
            let Some(blob) = blob else { continue };
            let Some(Known::Document(_, facts)) = table.get(&(path.clone(), blob.clone())) else {
                continue;
            };
            let Some(status) = facts.status() else { continue };
            let list = statuses.entry(path.clone()).or_default();
            if list.last().map(|(_, s)| s.as_str()) != Some(status) {
                list.push((commit.date, status.to_string()));
            }
        }
    }
    statuses
}

/// The commit `--as-of` built.
#[derive(Clone, Debug)]
pub struct AsOf {
    /// Its full id.
    pub commit: String,
    pub date: Date,
}

/// Writes the site at `root` as it stood on `date` — the files a build reads, at the
/// newest commit on the first-parent line of `HEAD` made on or before that day — into
/// `dir/site`, replacing what `dir` held. `dir` ignores itself in git.
pub fn write_as_of(root: &Path, date: Date, dir: &Path) -> Result<AsOf, String> {
    let (repo, commit) = Log::as_of(root, date)?;
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(failed)?;
    std::fs::write(dir.join(".gitignore"), "# Written by northstar --as-of.\n*\n")
        .map_err(failed)?;
    // The folders site.toml mapped then are read too.
    let site_toml = repo.tree(&commit.id, &["site.toml"]).map_err(|e| e.to_string())?;
    let ids = site_toml.iter().map(|f| f.blob.clone()).collect();
    let text = repo.blobs(&ids).map_err(|e| e.to_string())?.into_values().next();
    let mut folders: Vec<String> =
        ["site.toml", content::CONTENT_DIR, "templates", "static", "themes"]
            .map(str::to_string)
            .to_vec();
    if let Some(text) = text.map(|t| String::from_utf8_lossy(&t).into_owned()) {
        let mut sources = SourceMap::default();
        let file = sources.add(Path::new("site.toml"), text.clone());
        let config = crate::config::parse(&text, file, &mut Diagnostics::default());
        folders.extend(config.folders.iter().map(|f| f.path.clone()));
    }
    let paths: Vec<&str> = folders.iter().map(String::as_str).collect();
    repo.write_tree(&commit.id, &paths, &dir.join("site")).map_err(|e| e.to_string())?;
    Ok(AsOf { commit: commit.id, date: commit.date })
}
