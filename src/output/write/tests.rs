//! The output writer's tests: compiled only with `cfg(test)`, so every `unwrap` and
//! `panic!` here is test code.
#![cfg(test)]

use std::cell::Cell;
use std::convert::Infallible;
use std::io::ErrorKind;
use std::path::PathBuf;

use super::*;
use crate::output::swap::Exchange;
use crate::render::Pages;

/// Files already made, in memory.
struct Made<'a> {
    paths: Vec<String>,
    pages: &'a Pages,
}

impl Files for Made<'_> {
    type Error = Infallible;

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn bytes(&self, index: usize) -> Result<Cow<'_, [u8]>, Infallible> {
        let bytes = self.paths.get(index).and_then(|path| self.pages.get(path));
        Ok(Cow::Borrowed(bytes.unwrap_or_default()))
    }
}

/// Writes `output` to `destination`, replacing what a previous build wrote there.
/// Errors name paths in the output folder as the user gave it (`public/okrs`), never
/// the staging folder.
fn write(output: &Pages, destination: &Destination) -> Result<(), WriteError> {
    write_with(&swap::System, output, destination)
}

/// [`write()`] with the renames given: the system's, or a test's that fail on purpose.
fn write_with(
    renames: &impl Renames,
    output: &Pages,
    destination: &Destination,
) -> Result<(), WriteError> {
    let made = Made { paths: output.files.keys().cloned().collect(), pages: output };
    write_files_with(renames, &made, destination, Vec::new()).map(|_| ()).map_err(|failed| {
        match failed {
            Failed::Write(error) => error,
            Failed::Make(never) => match never {},
        }
    })
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("northstar-write-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn site(page: &str) -> Pages {
    let mut output = Pages::default();
    output.insert("index.html", page);
    output.insert("a/b/index.html", "deep");
    output
}

/// The output folder `out` of a site that lives elsewhere.
fn destination(out: &Path) -> Destination {
    Destination::resolve(out, Path::new("/nonexistent-northstar-site"), &["content"]).unwrap()
}

/// What is in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn page(out: &Path) -> String {
    std::fs::read_to_string(out.join("index.html")).unwrap()
}

/// Renames that fail on purpose: the exchange as told, and the renames whose (0-based)
/// number is listed.
struct Faulty {
    exchange: Result<Exchange, ErrorKind>,
    failing: &'static [usize],
    renames: Cell<usize>,
}

impl Faulty {
    fn new(exchange: Result<Exchange, ErrorKind>, failing: &'static [usize]) -> Self {
        Self { exchange, failing, renames: Cell::new(0) }
    }
}

impl Renames for Faulty {
    fn exchange(&self, a: &Path, b: &Path) -> std::io::Result<Exchange> {
        match &self.exchange {
            Ok(Exchange::Done) => swap::System.exchange(a, b),
            Ok(Exchange::Unsupported) => Ok(Exchange::Unsupported),
            Err(kind) => Err(std::io::Error::from(*kind)),
        }
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        let number = self.renames.replace(self.renames.get() + 1);
        if self.failing.contains(&number) {
            Err(std::io::Error::from(ErrorKind::PermissionDenied))
        } else {
            std::fs::rename(from, to)
        }
    }
}

#[test]
fn writes_then_replaces_its_own_output() {
    let dir = temp("replace");
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    assert_eq!(page(&out), "one");
    assert!(out.join(MARKER).is_file());
    write(&site("two"), &destination(&out)).unwrap();
    assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
    assert_eq!(page(&out), "two");
    assert_eq!(entries(&dir), [PREVIOUS, "public"]);
    assert_eq!(page(&dir.join(PREVIOUS)), "one");
    assert_eq!(std::fs::read_to_string(dir.join(PREVIOUS).join(".gitignore")).unwrap(), IGNORE_ALL);
    assert!(!out.join(".gitignore").exists());
}

/// Where the output `public` a build replaced is kept.
const PREVIOUS: &str = ".public.northstar-previous";

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::symlink_metadata(path).unwrap())
}

#[cfg(unix)]
#[test]
fn issue_12_a_rebuild_writes_into_the_previous_output_and_rewrites_only_what_changed() {
    let dir = temp("reuse");
    let out = dir.join("public");
    let mut first = site("one");
    first.insert("gone/index.html", "only in the first build");
    write(&first, &destination(&out)).unwrap();
    let (deep, top) = (inode(&out.join("a/b/index.html")), inode(&out.join("index.html")));
    let folder = inode(&out.join("a/b"));
    write(&site("two"), &destination(&out)).unwrap();
    let mut third = site("three");
    third.insert("new/index.html", "new in the third build");
    write(&third, &destination(&out)).unwrap();
    // The first build's folder, its unchanged file and its rewritten file, in place.
    assert_eq!(inode(&out.join("a/b")), folder);
    assert_eq!(inode(&out.join("a/b/index.html")), deep);
    assert_eq!(inode(&out.join("index.html")), top);
    assert_eq!(page(&out), "three");
    assert_eq!(entries(&out), [MARKER, "a", "index.html", "new"]);
    assert_eq!(entries(&dir.join(PREVIOUS)), [".gitignore", MARKER, "a", "index.html"]);
    assert_eq!(entries(&dir), [PREVIOUS, "public"]);
}

#[cfg(unix)]
#[test]
fn issue_12_links_in_a_previous_output_are_removed_not_followed() {
    let dir = temp("links");
    let outside = dir.join("outside");
    std::fs::create_dir_all(outside.join("b")).unwrap();
    std::fs::write(outside.join("b/index.html"), "outside").unwrap();
    std::fs::write(outside.join("page.html"), "outside").unwrap();
    let previous = dir.join(PREVIOUS);
    std::fs::create_dir_all(&previous).unwrap();
    std::os::unix::fs::symlink(&outside, previous.join("a")).unwrap();
    std::fs::hard_link(outside.join("page.html"), previous.join("index.html")).unwrap();
    std::fs::write(previous.join("stray.html"), "<script>alert(1)</script>").unwrap();
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    assert_eq!(std::fs::read_to_string(outside.join("b/index.html")).unwrap(), "outside");
    assert_eq!(std::fs::read_to_string(outside.join("page.html")).unwrap(), "outside");
    assert_eq!(page(&out), "one");
    assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
    assert_eq!(entries(&out), [MARKER, "a", "index.html"]);
}

#[test]
fn issue_12_a_previous_output_that_is_a_file_is_replaced() {
    let dir = temp("previous-file");
    std::fs::write(dir.join(PREVIOUS), "not a folder").unwrap();
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    assert_eq!(page(&out), "one");
    assert_eq!(entries(&dir), ["public"]);
}

/// Files made on demand, of which those at the listed indexes fail.
struct Failing(Vec<String>, &'static [usize]);

impl Files for Failing {
    type Error = usize;

    fn paths(&self) -> &[String] {
        &self.0
    }

    fn order(&self) -> Vec<usize> {
        (0..self.0.len()).rev().collect()
    }

    fn bytes(&self, index: usize) -> Result<Cow<'_, [u8]>, usize> {
        match self.1.contains(&index) {
            true => Err(index),
            false => Ok(Cow::Borrowed(b"made")),
        }
    }
}

#[test]
fn issue_12_a_file_that_cannot_be_made_leaves_the_output_and_names_the_first_by_path() {
    let dir = temp("unmade");
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    write(&site("two"), &destination(&out)).unwrap();
    let paths = (0..50).map(|i| format!("p{i:02}/index.html")).collect();
    let failed =
        write_files(&Failing(paths, &[7, 31, 44]), &destination(&out), Vec::new()).unwrap_err();
    assert!(matches!(failed, Failed::Make(7)), "{failed:?}");
    assert_eq!(page(&out), "two");
    // The previous output was being written into: it is gone, and nothing else stays.
    assert_eq!(entries(&dir), ["public"]);
}

#[test]
fn refuses_a_folder_it_did_not_write() {
    let dir = temp("foreign");
    let out = dir.join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    assert!(matches!(write(&site("x"), &destination(&out)), Err(WriteError::Foreign { .. })));
    assert_eq!(std::fs::read_to_string(out.join("precious.txt")).unwrap(), "keep me");
    assert_eq!(entries(&dir), ["docs"]);
}

#[test]
fn an_empty_folder_is_fine() {
    let dir = temp("empty");
    let out = dir.join("public");
    std::fs::create_dir_all(&out).unwrap();
    write(&site("x"), &destination(&out)).unwrap();
    assert!(out.join("index.html").is_file());
}

/// Writes "one", then tries "two" with `renames`; returns the folder and the error.
fn second_write_with(name: &str, renames: &Faulty) -> (PathBuf, WriteError) {
    let dir = temp(name);
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    let error = write_with(renames, &site("two"), &destination(&out)).unwrap_err();
    (dir, error)
}

#[test]
fn issue_7_a_failed_exchange_leaves_the_output_and_no_staging() {
    let (dir, error) = second_write_with("busy", &Faulty::new(Err(ErrorKind::ResourceBusy), &[]));
    let out = dir.join("public");
    assert_eq!(
        error.to_string(),
        format!("cannot put the new site in place of {}; it is unchanged", out.display())
    );
    assert!(error.help().unwrap().contains("mount point"), "{:?}", error.help());
    assert_eq!(page(&out), "one");
    assert_eq!(entries(&dir), ["public"]);
}

#[test]
fn issue_7_the_two_step_fallback_replaces_the_output() {
    let dir = temp("fallback");
    let out = dir.join("public");
    let renames = Faulty::new(Ok(Exchange::Unsupported), &[]);
    write_with(&renames, &site("one"), &destination(&out)).unwrap();
    write_with(&renames, &site("two"), &destination(&out)).unwrap();
    assert_eq!(page(&out), "two");
    assert_eq!(renames.renames.get(), 3, "one rename, then two");
    assert_eq!(entries(&dir), [PREVIOUS, "public"]);
    assert_eq!(page(&dir.join(PREVIOUS)), "one");
}

#[test]
fn issue_7_a_failed_first_rename_leaves_the_output_and_no_staging() {
    let renames = Faulty::new(Ok(Exchange::Unsupported), &[0]);
    let (dir, error) = second_write_with("first", &renames);
    assert!(matches!(error, WriteError::Swap { .. }), "{error:?}");
    assert_eq!(page(&dir.join("public")), "one");
    assert_eq!(entries(&dir), ["public"]);
}

#[test]
fn issue_7_a_failed_second_rename_puts_the_old_output_back() {
    let renames = Faulty::new(Ok(Exchange::Unsupported), &[1]);
    let (dir, error) = second_write_with("second", &renames);
    assert!(matches!(error, WriteError::Swap { .. }), "{error:?}");
    assert_eq!(renames.renames.get(), 3, "aside, in (failed), back");
    assert_eq!(page(&dir.join("public")), "one");
    assert_eq!(entries(&dir), ["public"]);
}

#[test]
fn issue_7_an_old_output_that_cannot_be_put_back_is_kept_and_named() {
    let renames = Faulty::new(Ok(Exchange::Unsupported), &[1, 2]);
    let (dir, error) = second_write_with("restore", &renames);
    let kept = dir.join(format!(".public.northstar-old-{}", std::process::id()));
    assert_eq!(
        error.to_string(),
        format!(
            "cannot put the previous output back at {} after a failed swap; it is kept in {}",
            dir.join("public").display(),
            kept.display()
        )
    );
    assert_eq!(page(&kept), "one");
    assert_eq!(entries(&dir), [kept.file_name().unwrap().to_string_lossy()]);
}

#[test]
fn issue_7_leftovers_of_a_killed_build_are_removed() {
    let dir = temp("killed");
    let out = dir.join("public");
    for leftover in [".public.northstar-new-99999999", ".public.northstar-old-99999999"] {
        std::fs::create_dir_all(dir.join(leftover).join("okrs")).unwrap();
    }
    std::fs::create_dir_all(dir.join(".other.northstar-new-1")).unwrap();
    write(&site("one"), &destination(&out)).unwrap();
    assert_eq!(entries(&dir), [".other.northstar-new-1", "public"]);
}

#[test]
fn issue_7_a_collision_names_both_output_paths() {
    let dir = temp("collision");
    let out = dir.join("public");
    write(&site("one"), &destination(&out)).unwrap();
    let mut colliding = site("two");
    colliding.insert("okrs", "a static file");
    colliding.insert("okrs/index.html", "the generated index");
    let error = write(&colliding, &destination(&out)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot write {}: {} needs a folder at the same path",
            out.join("okrs").display(),
            out.join("okrs/index.html").display()
        )
    );
    assert_eq!(page(&out), "one");
    assert_eq!(entries(&dir), ["public"]);
}

#[test]
fn issue_7_write_errors_name_the_output_path_not_the_staging_folder() {
    let dir = temp("named");
    let out = dir.join("public");
    let mut output = site("one");
    let too_long = "x".repeat(300);
    output.insert(format!("okrs/{too_long}"), "a name the file system refuses");
    let error = write(&output, &destination(&out)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("cannot write {}", out.join("okrs").join(&too_long).display())
    );
    assert!(!out.exists());
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
}

#[test]
fn issue_7_paths_that_would_leave_the_output_are_refused() {
    let dir = temp("outside");
    let out = dir.join("public");
    for path in ["../escape.html", "/etc/escape", "a//b", "a/./b", "", "a\\..\\b"] {
        let mut output = site("one");
        output.insert(path, "x");
        let error = write(&output, &destination(&out)).unwrap_err();
        assert!(matches!(error, WriteError::OutsidePath { .. }), "{path}: {error:?}");
    }
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
}

#[test]
fn issue_12_a_folder_the_survey_did_not_record_is_kept_not_an_error() {
    let dir = temp("unrecorded");
    let staging = dir.join("staging");
    std::fs::create_dir_all(staging.join("a/b")).unwrap();
    std::fs::write(staging.join("a/b/index.html"), "old").unwrap();
    let output = site("one");
    let made = Made { paths: output.files.keys().cloned().collect(), pages: &output };
    let folders = folders_of(&made.paths);
    fill(&made, &staging, &dir.join("public"), &folders, &Existing::default(), &[]).unwrap();
    assert_eq!(std::fs::read_to_string(staging.join("a/b/index.html")).unwrap(), "deep");
}
