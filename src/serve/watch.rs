//! Watches a site's inputs — `content/`, `templates/`, `themes/`, `static/` and
//! `site.toml` — and says what each debounced batch of changed paths means for the site
//! ([`Change`]). [`classify`] is the pure half: paths in, scope out, editor temp files
//! dropped. [`watch`] is the live half: notify (or polling) behind a debouncer, one
//! merged [`Change`] per editor save or burst of saves.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::event::{CreateKind, RemoveKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::config;
use crate::content::{CONTENT_DIR, THEMES_DIR};

/// How long a path must stay quiet before its events are delivered. An editor's save
/// (temp file, rename, backup) takes a few milliseconds; the preview aims at 50 ms from
/// save to served page for a body edit, so this stays small.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(5);

/// After a batch arrives, how long to wait for the rest of the same save before
/// delivering: a save whose events straddle two debouncer ticks still arrives as one.
const SETTLE: Duration = Duration::from_millis(8);

/// The longest a stream of batches (a burst of autosaves) is held and merged before it
/// is delivered anyway, so a writer who never pauses still sees the preview follow.
const HOLD_MAX: Duration = Duration::from_millis(100);

/// How often [`WatchMode::Poll`] scans the inputs. Each scan reads the metadata and the
/// contents of every watched file (notify's poll watcher keeps modification times only to
/// the second, so contents are compared to see two saves within one second): a shorter
/// interval is a quicker preview and more disk reads; on a large site over a network
/// drive it is the dominant cost of `--poll`.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// The folders under the site root that the build reads.
const INPUT_FOLDERS: [&str; 4] = [CONTENT_DIR, "templates", THEMES_DIR, "static"];

/// What a batch of changed paths means for the site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Markdown documents under content/ that were written, created or removed: their
    /// paths relative to content/, '/'-separated (`initiatives/x.md`).
    pub documents: BTreeSet<String>,
    /// Something under content/ other than single documents changed (a folder created,
    /// removed or renamed, or a path we could not map): reload all of content/.
    pub content_tree: bool,
    /// templates/ or themes/ changed (except stylesheets-only, see below).
    pub templates: bool,
    /// static/ or a theme's static/ changed.
    pub statics: bool,
    /// Every static change was a .css file (so the browser can swap stylesheets).
    pub css_only: bool,
    /// site.toml changed.
    pub config: bool,
}

impl Change {
    /// Whether nothing the site reads changed.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
            && !self.content_tree
            && !self.templates
            && !self.statics
            && !self.config
    }

    /// Adds `other` to this change: the union of both, stylesheets-only when every
    /// static change of both was a stylesheet.
    pub fn merge(&mut self, other: Change) {
        let css_only = (self.statics || other.statics)
            && (!self.statics || self.css_only)
            && (!other.statics || other.css_only);
        self.documents.extend(other.documents);
        self.content_tree |= other.content_tree;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.config |= other.config;
        self.css_only = css_only;
    }

    /// Every input may have changed: what the watcher reports when it lost track of
    /// events (the kernel's event queue overflowed, or the site root itself moved).
    pub fn everything() -> Change {
        Change {
            documents: BTreeSet::new(),
            content_tree: true,
            templates: true,
            statics: true,
            css_only: false,
            config: true,
        }
    }

    fn add(&mut self, entry: Entry) {
        let mut one = Change::default();
        match entry {
            Entry::Ignored => return,
            Entry::Document(path) => {
                one.documents.insert(path);
            }
            Entry::ContentTree => one.content_tree = true,
            Entry::Templates => one.templates = true,
            Entry::Static { css } => {
                one.statics = true;
                one.css_only = css;
            }
            Entry::Config => one.config = true,
            Entry::Everything => one = Change::everything(),
        }
        self.merge(one);
    }
}

/// Pure: maps changed paths (absolute, under `root`) to a Change. Drops editor temp and
/// backup files: vim's `4913` probe, `.swp`/`.swx`/`.swo` swap files, `~` backups, Emacs
/// `#…#` autosaves and `.#…` lock links, JetBrains `___jb_tmp___` / `___jb_old___`,
/// hidden files and folders, `.DS_Store`; ignores the output folder `public/` and anything
/// outside the watched inputs (content/, templates/, themes/, static/, site.toml).
/// Only `.md` files under content/ are documents.
///
/// Paths are compared lexically (`.` and `..` resolved, nothing read from disk); a
/// relative path is taken as relative to `root`. Under content/, a name without a dot
/// is taken for a folder (`content_tree`), an image beside the documents
/// (`diagram.png`) reloads the tree, and any other file that is not Markdown
/// (`x.md.tmp`, `notes.txt`) is not read by the build and is ignored. Temp files
/// ending in `.tmp` (atomic saves) are dropped everywhere.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Change {
    classify_mapped(root, &[], paths)
}

/// [`classify`] for a site whose `[folders]` map `folders` (folder under content/,
/// folder from the root) to kinds: a Markdown file in one of them is the document at
/// its path under content/ (`docs/decisions/x.md` is `decisions/x.md`).
pub fn classify_mapped(root: &Path, folders: &[(String, String)], paths: &[PathBuf]) -> Change {
    let folders = Mapped::new(folders);
    let mut change = Change::default();
    for path in paths {
        change.add(classify_entry(root, path, false, &folders));
    }
    change
}

/// The mapped folders, split into the names of their path from the root.
#[derive(Clone, Debug, Default)]
struct Mapped(Vec<(String, Vec<String>)>);

impl Mapped {
    fn new(folders: &[(String, String)]) -> Mapped {
        Mapped(
            folders
                .iter()
                .map(|(section, path)| {
                    let names = path.split('/').filter(|n| !n.is_empty()).map(str::to_owned);
                    (section.clone(), names.collect())
                })
                .collect(),
        )
    }

    /// What a path (the names from the root) in a mapped folder means, if it is in one.
    fn entry(&self, names: &[String], is_dir: bool) -> Option<Entry> {
        let (section, folder) =
            self.0.iter().find(|(_, folder)| names.starts_with(folder) && !folder.is_empty())?;
        let rest = names.get(folder.len()..).unwrap_or_default();
        (!rest.is_empty()).then(|| document_entry(Some(section), rest, is_dir))
    }
}

/// What a path in a folder of documents means: `rest` are its names below the folder,
/// and a document's path is them joined, after `section` for a mapped folder.
fn document_entry(section: Option<&str>, rest: &[String], is_dir: bool) -> Entry {
    let Some(last) = rest.last().filter(|_| !is_dir) else { return Entry::ContentTree };
    if last.ends_with(".md") {
        let path = rest.join("/");
        Entry::Document(section.map_or(path.clone(), |section| format!("{section}/{path}")))
    } else if crate::content::is_image(last) || !last.contains('.') {
        Entry::ContentTree
    } else {
        Entry::Ignored
    }
}

/// What one changed path means.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Ignored,
    Document(String),
    ContentTree,
    Templates,
    Static { css: bool },
    Config,
    Everything,
}

/// Classifies `path`; `is_dir` says it is known to be a folder (from the event or the
/// disk), which makes it part of the tree rather than a document or a stylesheet.
fn classify_entry(root: &Path, path: &Path, is_dir: bool, folders: &Mapped) -> Entry {
    let root = normalize(root);
    let path = if path.is_relative() { normalize(&root.join(path)) } else { normalize(path) };
    let Ok(relative) = path.strip_prefix(&root) else {
        return Entry::Ignored;
    };
    let names: Vec<String> =
        relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let (Some(first), Some(last)) = (names.first(), names.last()) else {
        // The site root itself was moved or removed.
        return Entry::Everything;
    };
    if names.iter().any(|name| is_temporary(name)) {
        return Entry::Ignored;
    }
    if let Some(entry) = folders.entry(&names, is_dir) {
        return entry;
    }
    let is_css = !is_dir && names.len() > 1 && last.ends_with(".css");
    match first.as_str() {
        config::FILE_NAME if names.len() == 1 => Entry::Config,
        CONTENT_DIR => document_entry(None, names.get(1..).unwrap_or_default(), is_dir),
        "templates" => Entry::Templates,
        "static" => Entry::Static { css: is_css },
        THEMES_DIR => match names.get(2) {
            Some(folder) if folder == "static" => Entry::Static { css: is_css && names.len() > 3 },
            _ => Entry::Templates,
        },
        _ => Entry::Ignored,
    }
}

/// `path` with `.` dropped and `..` applied, without reading the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An editor's temp, swap, lock or backup file, a hidden file or folder (`.git`,
/// `.DS_Store`, vim's `.x.md.swp`, Emacs's `.#x.md`): never part of the site.
fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".tmp")
        || is_vim_probe(name)
        || is_swap_file(name)
}

/// Vim checks that it may create files in a folder by creating and deleting `4913`
/// (then `5036`, `5159`, … while the name is taken).
fn is_vim_probe(name: &str) -> bool {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    name.parse::<u64>().is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

/// Vim's swap files: `.swp`, then `.swo`, `.swn`, … down to `.swa` (and `.swx` for its
/// write test), when the swap folder is not the file's own (which makes them hidden).
fn is_swap_file(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let bytes = extension.as_bytes();
    !stem.is_empty()
        && bytes.len() == 3
        && bytes.starts_with(b"sw")
        && bytes.get(2).is_some_and(|b| b.is_ascii_lowercase())
}

/// How [`watch`] learns of changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchMode {
    /// The operating system's notifications (inotify, FSEvents, ReadDirectoryChangesW):
    /// immediate and cheap.
    Native,
    /// Scanning the inputs every [`POLL_INTERVAL`], for file systems whose
    /// notifications don't arrive (network drives, WSL's `/mnt`): slower to notice a save
    /// and it reads every watched file each scan.
    Poll,
}

/// Why watching could not start. Each is an environment error: the preview cannot
/// follow edits.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch the site folder {path}")]
    Root {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch the site folder {path}: it is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("cannot start watching for changes; try `--poll`")]
    Start {
        #[source]
        source: notify::Error,
    },
    #[error(
        "cannot watch {path}: the system's limit on watched folders is reached; raise it (fs.inotify.max_user_watches on Linux) or use `--poll`"
    )]
    TooManyFolders { path: PathBuf },
    #[error("cannot watch {path}; try `--poll`")]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
}

/// The running watch. Dropping it stops watching: no call to `on_change` starts after
/// the drop returns (one already running finishes).
pub struct Watcher {
    debouncer: Arc<Mutex<Option<Inner>>>,
    stopped: Arc<AtomicBool>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        let inner = self.debouncer.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(inner) = inner {
            inner.stop();
        }
    }
}

/// The debouncer over either kind of notify watcher.
enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(debouncer) => debouncer.watch(path, mode),
            Inner::Poll(debouncer) => debouncer.watch(path, mode),
        }
    }

    fn stop(self) {
        match self {
            Inner::Native(debouncer) => debouncer.stop(),
            Inner::Poll(debouncer) => debouncer.stop(),
        }
    }
}

/// One debounced batch, as the debouncer's thread hands it over.
#[derive(Debug, Default)]
struct Batch {
    /// Each changed path, and whether it is known to be a folder.
    paths: Vec<(PathBuf, bool)>,
    /// The watcher lost events: everything may have changed.
    rescan: bool,
}

/// Watches the inputs of the site at `root` with notify (or polling) and a debouncer,
/// and sends one merged `Change` per debounced batch (never an empty one) to `on_change`.
/// Dropping the returned Watcher stops watching. Errors: a typed `WatchError` (cannot
/// watch a folder, …) — never a panic.
///
/// The root is watched on its own (`site.toml`, and input folders appearing or going)
/// and each input folder recursively, so neither `public/` nor anything else beside
/// the inputs (`target/`, `.git/`, `node_modules/`) costs a watch. An input folder
/// created later is watched from then on. `on_change` runs on a thread of its own;
/// batches that arrive while it runs are merged into the next call, so a slow rebuild
/// never builds up a queue. Errors notify reports while running (an unreadable file) are
/// not changes and are dropped.
pub fn watch(
    root: &Path,
    mode: WatchMode,
    on_change: impl FnMut(Change) + Send + 'static,
) -> Result<Watcher, WatchError> {
    watch_mapped(root, mode, &[], on_change)
}

/// [`watch`] for a site whose `[folders]` map `folders` (folder under content/,
/// folder from the root) to kinds: each of them that exists is watched too, and its
/// Markdown files are documents (see [`classify_mapped`]).
pub fn watch_mapped(
    root: &Path,
    mode: WatchMode,
    folders: &[(String, String)],
    mut on_change: impl FnMut(Change) + Send + 'static,
) -> Result<Watcher, WatchError> {
    let mapped = Mapped::new(folders);
    let canonical = root
        .canonicalize()
        .map_err(|source| WatchError::Root { path: root.to_path_buf(), source })?;
    if !canonical.is_dir() {
        return Err(WatchError::NotAFolder { path: root.to_path_buf() });
    }
    let given = std::path::absolute(root).unwrap_or_else(|_| canonical.clone());

    let (sender, receiver) = mpsc::channel::<Batch>();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let batch = batch_of(&events);
            if batch.rescan || !batch.paths.is_empty() {
                let _ = sender.send(batch);
            }
        }
    };
    let start = |source| WatchError::Start { source };
    let mut inner = match mode {
        WatchMode::Native => Inner::Native(
            new_debouncer_opt(
                DEBOUNCE,
                Some(TICK),
                handler,
                RecommendedCache::new(),
                notify::Config::default(),
            )
            .map_err(start)?,
        ),
        WatchMode::Poll => Inner::Poll(
            new_debouncer_opt(
                DEBOUNCE,
                Some(TICK),
                handler,
                NoCache::new(),
                notify::Config::default()
                    .with_poll_interval(POLL_INTERVAL)
                    .with_compare_contents(true),
            )
            .map_err(start)?,
        ),
    };

    watch_folder(&mut inner, &canonical, RecursiveMode::NonRecursive)?;
    for folder in INPUT_FOLDERS.iter().copied().chain(folders.iter().map(|(_, f)| f.as_str())) {
        let path = canonical.join(folder);
        if path.is_dir() {
            watch_folder(&mut inner, &path, RecursiveMode::Recursive)?;
        }
    }

    let debouncer = Arc::new(Mutex::new(Some(inner)));
    let stopped = Arc::new(AtomicBool::new(false));
    let watcher = Watcher { debouncer: Arc::clone(&debouncer), stopped: Arc::clone(&stopped) };
    let roots = [canonical, given];
    let forward = move || {
        while let Some((change, created)) = next_change(&receiver, &roots, &mapped) {
            for folder in created {
                let mut guard = debouncer.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(inner) = guard.as_mut() {
                    // A failure here leaves the folder unwatched; the change itself is
                    // still delivered, so the rebuild reads what is there now.
                    let _ = inner.watch(&folder, RecursiveMode::Recursive);
                }
            }
            if stopped.load(Ordering::SeqCst) {
                break;
            }
            if !change.is_empty() {
                on_change(change);
            }
        }
    };
    std::thread::Builder::new()
        .name("northstar watch".to_owned())
        .spawn(forward)
        .map_err(|source| WatchError::Start { source: notify::Error::io(source) })?;
    Ok(watcher)
}

fn watch_folder(inner: &mut Inner, path: &Path, mode: RecursiveMode) -> Result<(), WatchError> {
    inner.watch(path, mode).map_err(|source| match source.kind {
        notify::ErrorKind::MaxFilesWatch => WatchError::TooManyFolders { path: path.to_path_buf() },
        _ => WatchError::Watch { path: path.to_path_buf(), source },
    })
}

/// The paths of debounced events that may change the site: reads and opens are not
/// changes (the build itself reads every input).
fn batch_of(events: &[notify_debouncer_full::DebouncedEvent]) -> Batch {
    let mut batch = Batch::default();
    for event in events {
        if event.need_rescan() {
            batch.rescan = true;
            continue;
        }
        let folder = match event.kind {
            EventKind::Access(_) => continue,
            EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
            _ => false,
        };
        for path in &event.paths {
            batch.paths.push((path.clone(), folder || path.is_dir()));
        }
    }
    batch
}

/// Waits for the next batch, then merges every batch that follows within [`SETTLE`]
/// (up to [`HOLD_MAX`]) or is already waiting. Gives the merged change and the input
/// folders that now exist at the root among the changed paths (to be watched), or
/// `None` once the debouncer has stopped.
fn next_change(
    receiver: &mpsc::Receiver<Batch>,
    roots: &[PathBuf; 2],
    folders: &Mapped,
) -> Option<(Change, Vec<PathBuf>)> {
    let first = receiver.recv().ok()?;
    let started = Instant::now();
    let mut change = Change::default();
    let mut created = Vec::new();
    let mut take = |batch: Batch, change: &mut Change| {
        if batch.rescan {
            change.merge(Change::everything());
        }
        for (path, is_dir) in batch.paths {
            let entry = roots
                .iter()
                .map(|root| classify_entry(root, &path, is_dir, folders))
                .find(|entry| *entry != Entry::Ignored)
                .unwrap_or(Entry::Ignored);
            if is_dir && is_input_folder(&roots[0], &path) && !created.contains(&path) {
                created.push(path);
            }
            change.add(entry);
        }
    };
    take(first, &mut change);
    loop {
        let left = HOLD_MAX.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match receiver.recv_timeout(SETTLE.min(left)) {
            Ok(batch) => take(batch, &mut change),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    Some((change, created))
}

/// Whether `path` is one of the input folders directly under `root`.
fn is_input_folder(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && path.file_name().is_some_and(|name| INPUT_FOLDERS.iter().any(|folder| name == *folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "/site";

    fn change(paths: &[&str]) -> Change {
        let paths: Vec<PathBuf> = paths.iter().map(|p| Path::new(ROOT).join(p)).collect();
        classify(Path::new(ROOT), &paths)
    }

    fn documents(names: &[&str]) -> Change {
        Change { documents: names.iter().map(|n| (*n).to_owned()).collect(), ..Change::default() }
    }

    #[test]
    fn issue_11_a_document_in_a_mapped_folder_is_the_document_under_content() {
        let folders = [("decisions".to_owned(), "docs/adr".to_owned())];
        let paths: Vec<PathBuf> =
            ["docs/adr/0001-a.md", "docs/adr/old/0002-b.md", "docs/other.md", "docs/adr/x.txt"]
                .iter()
                .map(|p| Path::new(ROOT).join(p))
                .collect();
        assert_eq!(
            classify_mapped(Path::new(ROOT), &folders, &paths),
            documents(&["decisions/0001-a.md", "decisions/old/0002-b.md"])
        );
    }

    #[test]
    fn a_document_written_in_place_is_that_document() {
        assert_eq!(change(&["content/initiatives/x.md"]), documents(&["initiatives/x.md"]));
        assert_eq!(change(&["content/vision.md"]), documents(&["vision.md"]));
    }

    #[test]
    fn vim_probe_swap_and_backup_files_are_dropped() {
        let saved = change(&[
            "content/4913",
            "content/initiatives/4913",
            "content/5036",
            "content/initiatives/.x.md.swp",
            "content/initiatives/.x.md.swx",
            "content/initiatives/.x.md.swo",
            "content/initiatives/x.md.swp",
            "content/initiatives/x.md~",
            "content/initiatives/x.md",
        ]);
        assert_eq!(saved, documents(&["initiatives/x.md"]));
        assert!(change(&["static/4913", "templates/4913", "themes/default/4913"]).is_empty());
        // Other numbers are ordinary names.
        assert!(change(&["static/4914"]).statics);
    }

    #[test]
    fn emacs_autosaves_and_locks_are_dropped() {
        let saved = change(&["content/#x.md#", "content/.#x.md", "content/x.md"]);
        assert_eq!(saved, documents(&["x.md"]));
        assert!(change(&["templates/#base.html#", "templates/.#base.html"]).is_empty());
    }

    #[test]
    fn jetbrains_safe_write_files_are_dropped() {
        let saved =
            change(&["content/x.md___jb_tmp___", "content/x.md___jb_old___", "content/x.md"]);
        assert_eq!(saved, documents(&["x.md"]));
        assert!(change(&["static/style.css___jb_tmp___"]).is_empty());
    }

    #[test]
    fn hidden_files_and_folders_are_dropped() {
        assert!(change(&["content/.DS_Store", "static/.DS_Store", ".DS_Store"]).is_empty());
        assert!(change(&["content/.drafts/x.md", "static/.cache/a.css", ".git/index"]).is_empty());
    }

    #[test]
    fn an_atomic_save_names_only_the_document() {
        assert_eq!(change(&["content/x.md.tmp", "content/x.md"]), documents(&["x.md"]));
        assert!(change(&["site.toml.tmp"]).is_empty());
    }

    #[test]
    fn a_rename_names_both_documents() {
        assert_eq!(
            change(&["content/okrs/old.md", "content/okrs/new.md"]),
            documents(&["okrs/new.md", "okrs/old.md"])
        );
    }

    #[test]
    fn a_folder_under_content_reloads_the_tree() {
        let folder = change(&["content/experiments"]);
        assert!(folder.content_tree && folder.documents.is_empty());
        assert!(change(&["content"]).content_tree);
        let known = classify_entry(
            Path::new(ROOT),
            Path::new("/site/content/odd.md"),
            true,
            &Mapped::default(),
        );
        assert_eq!(known, Entry::ContentTree);
        // An image beside the documents is published; other files are not read.
        assert!(change(&["content/decisions/diagram.png"]).content_tree);
        assert!(change(&["content/notes.txt"]).is_empty());
    }

    #[test]
    fn site_toml_is_config() {
        assert_eq!(change(&["site.toml"]), Change { config: true, ..Change::default() });
        assert!(change(&["content/site.toml", "other/site.toml"]).is_empty());
    }

    #[test]
    fn templates_themes_and_static_have_their_own_scope() {
        assert_eq!(
            change(&["templates/base.html"]),
            Change { templates: true, ..Change::default() }
        );
        assert_eq!(
            change(&["themes/dark/templates/page.html"]),
            Change { templates: true, ..Change::default() }
        );
        assert!(change(&["themes/dark"]).templates);
        assert!(change(&["themes"]).templates);
        assert_eq!(change(&["static/logo.svg"]), Change { statics: true, ..Change::default() });
        assert_eq!(
            change(&["themes/dark/static/app.js"]),
            Change { statics: true, ..Change::default() }
        );
    }

    #[test]
    fn stylesheets_only_is_every_static_change_a_stylesheet() {
        let css = Change { statics: true, css_only: true, ..Change::default() };
        assert_eq!(change(&["static/style.css"]), css);
        assert_eq!(change(&["themes/default/static/style.css", "static/a/b.css"]), css);
        assert!(!change(&["static/style.css", "static/logo.svg"]).css_only);
        assert!(!change(&["static/style.css", "static/style.css.tmp", "static"]).css_only);
        assert!(!change(&["themes/dark/static"]).css_only);
        let both = change(&["static/style.css", "templates/base.html"]);
        assert!(both.css_only && both.templates);
    }

    #[test]
    fn paths_outside_the_root_and_the_output_folder_are_ignored() {
        let paths = [
            PathBuf::from("/elsewhere/content/x.md"),
            PathBuf::from("/site-other/content/x.md"),
            PathBuf::from("/site/public/index.html"),
            PathBuf::from("/site/target/debug/x"),
            PathBuf::from("/site/README.md"),
            PathBuf::from("/site/content/../public/x.md"),
        ];
        assert!(classify(Path::new(ROOT), &paths).is_empty());
    }

    #[test]
    fn paths_are_compared_lexically() {
        let paths = [PathBuf::from("/site/./content/a/../x.md"), PathBuf::from("content/y.md")];
        assert_eq!(classify(Path::new("/site/"), &paths), documents(&["x.md", "y.md"]));
    }

    #[test]
    fn a_root_inside_a_hidden_folder_is_not_hidden() {
        let root = Path::new("/home/me/.sites/plan");
        let paths = [root.join("content/x.md"), root.join("content/.x.md.swp")];
        assert_eq!(classify(root, &paths), documents(&["x.md"]));
    }

    #[test]
    fn the_root_itself_is_everything() {
        assert_eq!(change(&[""]), Change::everything());
    }

    #[test]
    fn merge_is_the_union_and_keeps_stylesheets_only_when_all_are() {
        let mut merged = change(&["content/a.md"]);
        merged.merge(change(&["static/a.css"]));
        assert!(merged.css_only && merged.statics && merged.documents.len() == 1);
        merged.merge(change(&["static/logo.png"]));
        assert!(!merged.css_only);
        let mut css = change(&["static/a.css"]);
        css.merge(Change::default());
        assert!(css.css_only);
        let mut none = Change::default();
        none.merge(change(&["content/b.md"]));
        assert!(!none.css_only && !none.is_empty());
    }

    #[test]
    fn watching_a_missing_root_is_an_error() {
        let error = watch(Path::new("/no/such/site"), WatchMode::Native, |_| {}).err();
        assert!(matches!(error, Some(WatchError::Root { .. })));
    }
}
