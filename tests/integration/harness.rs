//! Runs the `northstar` binary over fixture sites and captures what it says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of a fixture under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The repository root, which is itself the example site.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails the test when the binary panicked, whatever its exit code.
    pub fn assert_no_panic(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "northstar panicked:\n{}", self.stderr);
        self
    }
}

/// Runs `northstar ARGS`.
pub fn northstar(args: &[&str]) -> Run {
    northstar_in(Path::new("."), args)
}

/// The northstar binary, as the tests run it: git looks for no repository above the
/// fixtures and the scratch sites, so that what they build never depends on this
/// repository's own history (a test that wants history makes a repository of its own).
pub fn northstar_command() -> Command {
    let root = repository();
    let ceiling = std::env::join_paths([root.join("tests"), root.join("target")]).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_northstar"));
    command.env("GIT_CEILING_DIRECTORIES", ceiling);
    command
}

/// Runs `northstar ARGS` in the folder `dir`.
pub fn northstar_in(dir: &Path, args: &[&str]) -> Run {
    let output = northstar_command()
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the northstar binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_no_panic();
    run
}

/// Runs `northstar check --root SITE EXTRA…`.
pub fn check(site: &Path, extra: &[&str]) -> Run {
    let root = site.to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", root.as_str()];
    args.extend_from_slice(extra);
    let run = northstar(&args);
    run.assert_no_panic();
    run
}

/// A throwaway copy of a fixture, for tests that change files.
pub fn copy_fixture(name: &str, test: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sites").join(test);
    let _ = std::fs::remove_dir_all(&target);
    copy_dir(&fixture(name), &target);
    target
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A throwaway site made of `files` (path relative to the site root, text), for tests
/// whose input is easier to read inline than as a fixture folder.
pub fn write_site(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inline-sites").join(test);
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

/// A fresh, empty folder for one test, under `group/` in the tests' temporary folder.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(group).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `northstar build --root SITE --out OUT EXTRA…`.
pub fn build(site: &Path, out: &Path, extra: &[&str]) -> Run {
    let (site, out) = (site.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let mut args = vec!["build", "--root", site.as_str(), "--out", out.as_str()];
    args.extend_from_slice(extra);
    let run = northstar(&args);
    run.assert_no_panic();
    run
}

/// Every file under `dir` (links not followed), by `/`-separated relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative =
                entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            all.insert(relative, std::fs::read(entry.path()).unwrap());
        }
    }
    all
}

/// A small linear congruential generator: the same sequence on every run, so random
/// edits and mutations are reproducible.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A copy of the example strategy (site.toml and content/) under `group/name`, for
/// tests that edit it.
pub fn example_copy(group: &str, name: &str) -> PathBuf {
    let site = scratch(group, name);
    std::fs::copy(repository().join("site.toml"), site.join("site.toml")).unwrap();
    for entry in walkdir::WalkDir::new(repository().join("content")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(repository()).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(site.join(relative)).unwrap();
        } else {
            std::fs::copy(entry.path(), site.join(relative)).unwrap();
        }
    }
    site
}

/// The text of an HTML fragment: tags dropped (each leaves a space), whitespace
/// collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
