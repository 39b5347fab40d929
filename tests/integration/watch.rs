//! The watcher against a real file system: each editor's way of saving, simulated on
//! disk in a throwaway site while a watcher runs, yields the document it saved and none
//! of its temp files. Waits are bounded (a few seconds for a batch, then a short quiet
//! period to catch stray ones); nothing asserts how fast a batch arrives.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::sleep;
use std::time::Duration;

use northstar::serve::watch::{Change, WatchMode, Watcher, watch};

use crate::harness::write_site;

/// The longest to wait for a batch that must come.
const ARRIVAL: Duration = Duration::from_secs(5);
/// How long no batch must arrive before the changes of one step are taken as complete.
const QUIET: Duration = Duration::from_millis(300);

/// A site under watch, and the changes the watcher delivered.
struct Live {
    root: PathBuf,
    changes: Receiver<Change>,
    watcher: Option<Watcher>,
}

impl Live {
    fn start(test: &str, mode: WatchMode) -> Live {
        let root = write_site(
            test,
            &[
                ("site.toml", "title = \"Watched\"\n"),
                ("content/vision.md", "---\ntitle: Vision\n---\nbody\n"),
                ("content/initiatives/x.md", "---\ntitle: X\n---\nfirst\n"),
                ("templates/page.html", "{{ page }}\n"),
                ("static/style.css", "body {}\n"),
                ("public/index.html", "old\n"),
            ],
        );
        let (sender, changes) = mpsc::channel();
        let watcher = watch(&root, mode, move |change| {
            let _ = sender.send(change);
        })
        .unwrap();
        Live { root, changes, watcher: Some(watcher) }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).unwrap();
    }

    fn rename(&self, from: &str, to: &str) {
        fs::rename(self.path(from), self.path(to)).unwrap();
    }

    fn remove(&self, relative: &str) {
        fs::remove_file(self.path(relative)).unwrap();
    }

    /// Every batch delivered from now until a quiet period: the first within
    /// [`ARRIVAL`], then each one following within [`QUIET`].
    fn batches(&self) -> Vec<Change> {
        let mut batches = Vec::new();
        let mut wait = ARRIVAL;
        for _ in 0..100 {
            match self.changes.recv_timeout(wait) {
                Ok(change) => {
                    assert!(!change.is_empty(), "an empty change was delivered");
                    batches.push(change);
                    wait = QUIET;
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        batches
    }

    /// Asserts that the step just taken delivered `expected` and nothing else: every
    /// batch is part of it, together they are all of it, and a save is one batch (two
    /// at most, when the machine stalls between an editor's file operations).
    fn expect(&self, expected: &Change) -> Vec<Change> {
        let batches = self.batches();
        assert!(!batches.is_empty(), "no change arrived, expected {expected:?}");
        let mut union = Change::default();
        for batch in &batches {
            assert!(within(batch, expected), "unexpected {batch:?}, expected {expected:?}");
            union.merge(batch.clone());
        }
        assert_eq!(&union, expected, "batches {batches:?}");
        assert!(batches.len() <= 2, "one save gave {} batches: {batches:?}", batches.len());
        batches
    }

    /// Asserts that nothing arrives for a quiet period.
    fn expect_nothing(&self) {
        match self.changes.recv_timeout(QUIET) {
            Ok(change) => panic!("unexpected {change:?}"),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => panic!("the watcher stopped"),
        }
    }
}

/// Whether every part of `batch` is part of `expected`.
fn within(batch: &Change, expected: &Change) -> bool {
    batch.documents.is_subset(&expected.documents)
        && (!batch.content_tree || expected.content_tree)
        && (!batch.templates || expected.templates)
        && (!batch.statics || expected.statics)
        && (!batch.config || expected.config)
}

fn documents(names: &[&str]) -> Change {
    Change {
        documents: names.iter().map(|n| (*n).to_owned()).collect::<BTreeSet<_>>(),
        ..Change::default()
    }
}

const X: &str = "content/initiatives/x.md";

#[test]
fn issue_9_a_write_in_place_is_one_batch_naming_the_document() {
    let live = Live::start("watch-in-place", WatchMode::Native);
    live.write(X, "---\ntitle: X\n---\nsecond\n");
    live.expect(&documents(&["initiatives/x.md"]));
}

#[test]
fn issue_9_an_atomic_rename_save_names_only_the_document() {
    let live = Live::start("watch-atomic", WatchMode::Native);
    live.write("content/initiatives/x.md.tmp", "---\ntitle: X\n---\nsaved\n");
    live.rename("content/initiatives/x.md.tmp", X);
    live.expect(&documents(&["initiatives/x.md"]));
}

#[test]
fn issue_9_a_vim_save_names_only_the_document() {
    let live = Live::start("watch-vim", WatchMode::Native);
    // Opening the file: the swap file appears and is written; that alone is no change.
    live.write("content/initiatives/.x.md.swp", "swap");
    live.write("content/initiatives/.x.md.swp", "swap, more");
    live.expect_nothing();
    // `:w` — the writable-folder probe, the backup by rename, the new file, the swap.
    live.write("content/initiatives/4913", "");
    live.remove("content/initiatives/4913");
    live.rename(X, "content/initiatives/x.md~");
    live.write(X, "---\ntitle: X\n---\nvim\n");
    live.write("content/initiatives/.x.md.swp", "swap, saved");
    live.remove("content/initiatives/x.md~");
    live.expect(&documents(&["initiatives/x.md"]));
    // `:q` — the swap file goes.
    live.remove("content/initiatives/.x.md.swp");
    live.expect_nothing();
}

#[test]
fn issue_9_an_emacs_save_names_only_the_document() {
    let live = Live::start("watch-emacs", WatchMode::Native);
    // Editing: the lock link and an autosave; no change yet.
    std::os::unix::fs::symlink("writer@host.1234:1", live.path("content/initiatives/.#x.md"))
        .unwrap();
    live.write("content/initiatives/#x.md#", "autosaved");
    live.expect_nothing();
    // Saving: backup by rename, the new file, autosave and lock removed.
    live.rename(X, "content/initiatives/x.md~");
    live.write(X, "---\ntitle: X\n---\nemacs\n");
    live.remove("content/initiatives/#x.md#");
    live.remove("content/initiatives/.#x.md");
    live.expect(&documents(&["initiatives/x.md"]));
}

#[test]
fn issue_9_a_jetbrains_safe_write_names_only_the_document() {
    let live = Live::start("watch-jetbrains", WatchMode::Native);
    live.write("content/initiatives/x.md___jb_tmp___", "---\ntitle: X\n---\nide\n");
    live.rename(X, "content/initiatives/x.md___jb_old___");
    live.rename("content/initiatives/x.md___jb_tmp___", X);
    live.remove("content/initiatives/x.md___jb_old___");
    live.expect(&documents(&["initiatives/x.md"]));
}

#[test]
fn issue_9_a_burst_of_autosaves_is_a_few_batches_of_that_document() {
    let live = Live::start("watch-burst", WatchMode::Native);
    for n in 0..20 {
        live.write(X, &format!("---\ntitle: X\n---\nautosave {n}\n"));
        sleep(Duration::from_millis(2));
    }
    let batches = live.batches();
    let mut union = Change::default();
    for batch in &batches {
        union.merge(batch.clone());
    }
    assert_eq!(union, documents(&["initiatives/x.md"]));
    // Usually one or two; a loaded machine that stalls the writer between writes may
    // split the stream further.
    assert!(!batches.is_empty() && batches.len() <= 10, "20 writes gave {} batches", batches.len());
}

#[test]
fn issue_9_saves_during_a_slow_rebuild_are_one_change_not_a_queue() {
    let root = write_site(
        "watch-slow-consumer",
        &[("site.toml", ""), ("content/initiatives/x.md", "first\n")],
    );
    let (sender, changes) = mpsc::channel();
    let mut calls = 0;
    let _watcher = watch(&root, WatchMode::Native, move |change| {
        calls += 1;
        let _ = sender.send(change);
        if calls == 1 {
            // A rebuild far slower than the saves that follow.
            sleep(Duration::from_millis(1500));
        }
    })
    .unwrap();
    let x = root.join(X);
    fs::write(&x, "second\n").unwrap();
    let first = changes.recv_timeout(ARRIVAL).unwrap();
    assert_eq!(first, documents(&["initiatives/x.md"]));
    for n in 0..20 {
        fs::write(&x, format!("autosave {n}\n")).unwrap();
        fs::write(root.join(format!("content/initiatives/y{n}.md")), "y\n").unwrap();
        sleep(Duration::from_millis(5));
    }
    let queued = changes.recv_timeout(ARRIVAL).unwrap();
    let mut names = vec!["initiatives/x.md".to_owned()];
    names.extend((0..20).map(|n| format!("initiatives/y{n}.md")));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(queued, documents(&names), "the saves made during the rebuild, at once");
    assert!(changes.recv_timeout(QUIET).is_err(), "a queue of changes followed");
}

#[test]
fn issue_9_documents_are_created_deleted_and_renamed() {
    let live = Live::start("watch-lifecycle", WatchMode::Native);
    live.write("content/initiatives/new.md", "---\ntitle: New\n---\n");
    live.expect(&documents(&["initiatives/new.md"]));
    live.rename("content/initiatives/new.md", "content/initiatives/renamed.md");
    live.expect(&documents(&["initiatives/new.md", "initiatives/renamed.md"]));
    live.remove("content/initiatives/renamed.md");
    live.expect(&documents(&["initiatives/renamed.md"]));
}

#[test]
fn issue_9_a_new_folder_with_a_document_reloads_the_tree_and_is_watched() {
    let live = Live::start("watch-new-folder", WatchMode::Native);
    fs::create_dir(live.path("content/experiments")).unwrap();
    live.write("content/experiments/first.md", "---\ntitle: First\n---\n");
    let tree = Change { content_tree: true, ..documents(&["experiments/first.md"]) };
    let batches = live.batches();
    assert!(batches.iter().all(|batch| within(batch, &tree)), "{batches:?}");
    assert!(batches.iter().any(|batch| batch.content_tree), "{batches:?}");
    // The new folder is watched: an edit inside it is that document.
    live.write("content/experiments/first.md", "---\ntitle: First\n---\nedited\n");
    live.expect(&documents(&["experiments/first.md"]));
    // Renaming and removing a folder reload the tree.
    live.rename("content/experiments", "content/labs");
    let batches = live.batches();
    assert!(batches.iter().any(|batch| batch.content_tree), "{batches:?}");
    fs::remove_dir_all(live.path("content/labs")).unwrap();
    let batches = live.batches();
    assert!(batches.iter().any(|batch| batch.content_tree), "{batches:?}");
}

#[test]
fn issue_9_config_templates_and_stylesheets_have_their_scope() {
    let live = Live::start("watch-scopes", WatchMode::Native);
    live.write("site.toml", "title = \"Renamed\"\n");
    live.expect(&Change { config: true, ..Change::default() });
    live.write("templates/page.html", "{{ page }}!\n");
    live.expect(&Change { templates: true, ..Change::default() });
    live.write("static/style.css", "body { color: red }\n");
    live.expect(&Change { statics: true, css_only: true, ..Change::default() });
    live.write("static/logo.svg", "<svg/>");
    live.expect(&Change { statics: true, ..Change::default() });
}

#[test]
fn issue_9_the_output_folder_and_other_files_are_not_changes() {
    let live = Live::start("watch-ignored", WatchMode::Native);
    live.write("public/index.html", "new\n");
    live.write("README.md", "readme\n");
    live.write("content/.DS_Store", "");
    live.write("content/notes.txt", "notes");
    live.expect_nothing();
}

#[test]
fn issue_9_an_input_folder_created_later_is_watched() {
    let live = Live::start("watch-late-folder", WatchMode::Native);
    fs::create_dir(live.path("themes")).unwrap();
    live.expect(&Change { templates: true, ..Change::default() });
    fs::create_dir_all(live.path("themes/dark/static")).unwrap();
    live.batches();
    live.write("themes/dark/static/dark.css", "body {}\n");
    live.expect(&Change { statics: true, css_only: true, ..Change::default() });
}

#[test]
fn issue_9_polling_sees_a_write_in_place_and_a_second_within_the_second() {
    let live = Live::start("watch-poll", WatchMode::Poll);
    live.write(X, "---\ntitle: X\n---\npolled\n");
    live.expect(&documents(&["initiatives/x.md"]));
    // Same length, and most likely the same modification second as the first write.
    live.write(X, "---\ntitle: X\n---\npollee\n");
    live.expect(&documents(&["initiatives/x.md"]));
}

#[test]
fn issue_9_dropping_the_watcher_stops_the_changes() {
    let mut live = Live::start("watch-drop", WatchMode::Native);
    drop(live.watcher.take());
    live.write(X, "---\ntitle: X\n---\nafter\n");
    for _ in 0..50 {
        match live.changes.recv_timeout(Duration::from_millis(100)) {
            Ok(change) => panic!("a change after the watcher was dropped: {change:?}"),
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
    panic!("the watcher's thread did not end");
}

#[test]
fn issue_9_a_symlinked_root_still_classifies() {
    let live = Live::start("watch-link-target", WatchMode::Native);
    let link = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inline-sites/watch-link");
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(&live.root, &link).unwrap();
    let (sender, changes) = mpsc::channel();
    let _watcher = watch(&link, WatchMode::Native, move |change| {
        let _ = sender.send(change);
    })
    .unwrap();
    fs::write(link.join(X), "---\ntitle: X\n---\nthrough the link\n").unwrap();
    let change = changes.recv_timeout(ARRIVAL).unwrap();
    assert_eq!(change, documents(&["initiatives/x.md"]));
}
