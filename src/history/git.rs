//! Reading a site's git repository through the `git` command: the commits that touched
//! the site, what each changed, the files of a commit and the text of blobs. Nothing
//! here writes to the repository (no index refresh, no lock taken), and no setting of
//! the user's git changes what is parsed: every output is asked for in a fixed,
//! NUL-separated form.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::calendar::Date;

/// A 40- (SHA-1) or 64-digit (SHA-256) object id, as git prints it.
pub(crate) type Oid = String;

/// The largest blob read: a document larger than this is no strategy document.
const MAX_BLOB: usize = 16 << 20;

/// Why there is no history to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The `git` command is not installed.
    NoGit,
    /// The site is not in a git repository (or git refuses to read it).
    NotARepository,
    /// A shallow clone: the history stops before its beginning.
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    /// `git` failed; what it said.
    Failed(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::NoGit => f.write_str("the git command is not installed"),
            Unavailable::NotARepository => f.write_str("the site is not in a git repository"),
            Unavailable::Shallow => f.write_str(
                "the repository is a shallow clone (fetch its whole history, e.g. `fetch-depth: 0` in GitHub Actions)",
            ),
            Unavailable::NoCommits => f.write_str("the repository has no commit yet"),
            Unavailable::Failed(message) => write!(f, "git failed: {message}"),
        }
    }
}

/// A commit on the first-parent line of `HEAD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Commit {
    pub(crate) id: Oid,
    /// The committer's date, in the committer's time zone: the day the change landed.
    pub(crate) date: Date,
    /// Seconds since the epoch, to order commits of one day.
    pub(crate) time: i64,
    /// The files under the site it changed, by path from the site root, with the blob
    /// each has after it (`None`: removed).
    pub(crate) changes: Vec<(String, Option<Oid>)>,
}

/// A regular file of a commit's tree, by path from the site root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TreeFile {
    pub(crate) path: String,
    pub(crate) blob: Oid,
}

/// The repository a site is in, and where the site is inside it.
#[derive(Clone, Debug)]
pub(crate) struct Repo {
    /// The top of the work tree; every command runs there.
    top: PathBuf,
    /// The site root's path from the top, `/`-terminated, or empty.
    prefix: String,
}

impl Repo {
    /// The repository holding `root`, when there is one with history to read.
    pub(crate) fn open(root: &Path) -> Result<Repo, Unavailable> {
        let out = run_in(root, &["rev-parse", "--is-shallow-repository", "--show-prefix"])
            .map_err(|e| match e {
                Unavailable::Failed(_) => Unavailable::NotARepository,
                e => e,
            })?;
        let mut lines = out.lines();
        if lines.next() == Some("true") {
            return Err(Unavailable::Shallow);
        }
        let prefix = lines.next().unwrap_or("").to_string();
        let top = run_in(root, &["rev-parse", "--show-toplevel"])?;
        let repo = Repo { top: PathBuf::from(top.trim_end_matches('\n')), prefix };
        repo.run(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .map_err(|_| Unavailable::NoCommits)?;
        Ok(repo)
    }

    /// The pathspecs of `paths` (from the site root), from the top.
    fn pathspecs(&self, paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| format!("{}{p}", self.prefix)).collect()
    }

    /// The path from the site root of `path` (from the top), when it is under the site.
    fn site_path(&self, path: &str) -> Option<String> {
        path.strip_prefix(self.prefix.as_str()).map(str::to_string)
    }

    /// Every commit on the first-parent line of `HEAD` that changed one of `paths`,
    /// newest first, with what it changed (a merge: what it changed against its first
    /// parent).
    pub(crate) fn log(&self, paths: &[&str], tip: &str) -> Result<Vec<Commit>, Unavailable> {
        let mut args = vec![
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--root",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--no-show-signature",
            "--raw",
            "--no-abbrev",
            "-z",
            "--format=%x01%H %ct %cs",
            "--end-of-options",
            tip,
            "--",
        ];
        let specs = self.pathspecs(paths);
        args.extend(specs.iter().map(String::as_str));
        let out = self.run(&args)?;
        Ok(parse_log(&out, |path| self.site_path(path)))
    }

    /// The regular files under `paths` in the tree of commit `id`. Links and
    /// submodules are left out: a past state is read as files, never followed.
    pub(crate) fn tree(&self, id: &str, paths: &[&str]) -> Result<Vec<TreeFile>, Unavailable> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", id, "--"];
        let specs = self.pathspecs(paths);
        args.extend(specs.iter().map(String::as_str));
        let out = self.run(&args)?;
        let mut files = Vec::new();
        for entry in out.split('\0').filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <object> TAB <path>`
            let Some((meta, path)) = entry.split_once('\t') else { continue };
            let mut meta = meta.split(' ');
            let (Some(mode), Some("blob"), Some(blob)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if !matches!(mode, "100644" | "100755") {
                continue;
            }
            if let Some(path) = self.site_path(path) {
                files.push(TreeFile { path, blob: blob.to_string() });
            }
        }
        Ok(files)
    }

    /// The newest commit on the first-parent line of `HEAD` made on or before `date`.
    pub(crate) fn last_on_or_before(&self, date: Date) -> Result<Option<Commit>, Unavailable> {
        let args =
            ["log", "-z", "--first-parent", "--no-show-signature", "--format=%x01%H %ct %cs"];
        let out = self.run(&args)?;
        Ok(parse_log(&out, |_| None).into_iter().find(|c| c.date <= date))
    }

    /// Writes the regular files under `paths` at commit `id` into `dir`, at their paths
    /// from the site root. Every path is checked to stay inside `dir`.
    pub(crate) fn write_tree(
        &self,
        id: &str,
        paths: &[&str],
        dir: &Path,
    ) -> Result<usize, Unavailable> {
        let tree = self.tree(id, paths)?;
        let ids: BTreeSet<Oid> = tree.iter().map(|f| f.blob.clone()).collect();
        let blobs = self.blobs(&ids)?;
        let failed =
            |e: std::io::Error| Unavailable::Failed(format!("cannot write {}: {e}", dir.display()));
        let mut written = 0;
        for file in &tree {
            let safe = file.path.split('/').all(|c| !matches!(c, "" | "." | ".." | ".git"));
            let (true, Some(bytes)) = (safe, blobs.get(&file.blob)) else { continue };
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(failed)?;
            }
            std::fs::write(&path, bytes).map_err(failed)?;
            written += 1;
        }
        Ok(written)
    }

    /// The commit `rev` names (a hash, a tag, `HEAD~3`), with its date.
    pub(crate) fn commit(&self, rev: &str) -> Result<Commit, Unavailable> {
        let spec = format!("{rev}^{{commit}}");
        let id = self.run(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])?;
        let out = self.run(&[
            "show",
            "-s",
            "-z",
            "--no-show-signature",
            "--format=%x01%H %ct %cs",
            "--end-of-options",
            id.trim(),
        ])?;
        parse_log(&out, |_| None)
            .into_iter()
            .next()
            .ok_or_else(|| Unavailable::Failed(format!("cannot read commit {rev}")))
    }

    /// The files under `paths` whose text in the work tree is not the text of `HEAD`:
    /// changed, added or removed since the last commit.
    pub(crate) fn uncommitted(&self, paths: &[&str]) -> Result<BTreeSet<String>, Unavailable> {
        let specs = self.pathspecs(paths);
        let mut changed = vec!["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff"];
        changed.extend(["--no-textconv", "HEAD", "--"]);
        changed.extend(specs.iter().map(String::as_str));
        let mut untracked = vec!["ls-files", "-z", "--others", "--exclude-standard", "--full-name"];
        untracked.push("--");
        untracked.extend(specs.iter().map(String::as_str));
        let mut found = BTreeSet::new();
        for out in [self.run(&changed)?, self.run(&untracked)?] {
            let paths = out.split('\0').filter(|p| !p.is_empty());
            found.extend(paths.filter_map(|p| self.site_path(p)));
        }
        Ok(found)
    }

    /// The text of each blob of `ids` (one `git cat-file` for all). A blob larger than
    /// [`MAX_BLOB`], or missing, is left out.
    pub(crate) fn blobs(&self, ids: &BTreeSet<Oid>) -> Result<BTreeMap<Oid, Vec<u8>>, Unavailable> {
        let mut child = self
            .command(&["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(spawn_error)?;
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Unavailable::Failed("cannot talk to git cat-file".to_string()));
        };
        let wanted: Vec<Oid> = ids.iter().cloned().collect();
        // Written from a thread of its own: git answers while it reads, and both pipes
        // would fill up otherwise.
        let writer = std::thread::spawn(move || {
            for id in &wanted {
                if writeln!(stdin, "{id}").is_err() {
                    break;
                }
            }
        });
        let mut reader = BufReader::new(stdout);
        let mut blobs = BTreeMap::new();
        let mut header = String::new();
        let failed = |what: &str| Unavailable::Failed(format!("git cat-file: {what}"));
        for _ in 0..ids.len() {
            header.clear();
            if reader.read_line(&mut header).map_err(|_| failed("read"))? == 0 {
                break;
            }
            // `<oid> SP <type> SP <size> LF <contents> LF`, or `<object> SP missing LF`.
            let mut fields = header.trim_end().split(' ');
            let (Some(id), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let size: usize = size.parse().map_err(|_| failed("header"))?;
            let mut bytes = Vec::new();
            (&mut reader).take(size as u64).read_to_end(&mut bytes).map_err(|_| failed("read"))?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).map_err(|_| failed("read"))?;
            if kind == "blob" && size <= MAX_BLOB {
                blobs.insert(id.to_string(), bytes);
            }
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(blobs)
    }

    fn command(&self, args: &[&str]) -> Command {
        command(&self.top, args)
    }

    fn run(&self, args: &[&str]) -> Result<String, Unavailable> {
        run_command(self.command(args))
    }
}

/// `git` with settings that keep it from writing to the repository or running
/// programs the repository's configuration names.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.fsmonitor=false", "-c", "core.quotePath=false"])
        .args(args)
        // No index refresh, no lock: reading must never change the repository.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env_remove("GIT_PAGER")
        .stdin(Stdio::null());
    command
}

fn run_in(dir: &Path, args: &[&str]) -> Result<String, Unavailable> {
    run_command(command(dir, args))
}

fn run_command(mut command: Command) -> Result<String, Unavailable> {
    let output = command.output().map_err(spawn_error)?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        let first = message.lines().next().unwrap_or("").trim();
        return Err(Unavailable::Failed(first.to_string()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn spawn_error(e: std::io::Error) -> Unavailable {
    match e.kind() {
        std::io::ErrorKind::NotFound => Unavailable::NoGit,
        _ => Unavailable::Failed(e.to_string()),
    }
}

/// Parses `git log -z --raw --format=%x01%H %ct %cs`: each commit a header token
/// starting with U+0001, then `:<modes> <old> <new> <status>` and path tokens.
/// `site_path` maps a path from the top to one from the site root.
fn parse_log(out: &str, site_path: impl Fn(&str) -> Option<String>) -> Vec<Commit> {
    let mut commits: Vec<Commit> = Vec::new();
    let mut tokens = out.split('\0').map(|t| t.trim_start_matches('\n'));
    while let Some(token) = tokens.next() {
        if let Some(header) = token.strip_prefix('\u{1}') {
            let mut fields = header.split(' ');
            let (Some(id), Some(time), Some(date)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let (Ok(time), Ok(date)) = (time.parse::<i64>(), Date::parse(date.trim())) else {
                continue;
            };
            commits.push(Commit { id: id.to_string(), date, time, changes: Vec::new() });
        } else if let Some(raw) = token.strip_prefix(':') {
            let Some(path) = tokens.next() else { break };
            // `<old mode> <new mode> <old blob> <new blob> <status>`
            let fields: Vec<&str> = raw.split(' ').collect();
            let (Some(mode), Some(blob), Some(status)) =
                (fields.get(1), fields.get(3), fields.get(4))
            else {
                continue;
            };
            let (Some(commit), Some(path)) = (commits.last_mut(), site_path(path)) else {
                continue;
            };
            let regular = matches!(*mode, "100644" | "100755");
            let blob = (regular && !status.starts_with('D')).then(|| blob.to_string());
            commit.changes.push((path, blob));
        }
    }
    commits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_is_read_commit_by_commit_with_what_each_changed() {
        let zero = "0".repeat(40);
        let (a, b) = ("a".repeat(40), "b".repeat(40));
        let out = format!(
            "\u{1}{c2} 1777716000 2026-05-02\0\n:100644 000000 {a} {zero} D\0site/content/b.md\0\
             \u{1}{c1} 1772359200 2026-03-01\0\n:000000 100644 {zero} {a} A\0site/content/b.md\0\
             :000000 120000 {zero} {b} A\0site/content/link.md\0:000000 100644 {zero} {b} A\0other/x.md\0",
            c2 = "2".repeat(40),
            c1 = "1".repeat(40),
        );
        let commits = parse_log(&out, |p| p.strip_prefix("site/").map(str::to_string));
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].date, Date::parse("2026-05-02").unwrap());
        assert_eq!(commits[0].changes, [("content/b.md".to_string(), None)]);
        assert_eq!(
            commits[1].changes,
            [("content/b.md".to_string(), Some(a)), ("content/link.md".to_string(), None)]
        );
    }

    #[test]
    fn garbage_is_no_commit() {
        assert!(parse_log("\u{1}x y z\0:1 2\0", |p| Some(p.to_string())).is_empty());
        assert!(parse_log("", |p| Some(p.to_string())).is_empty());
    }
}
