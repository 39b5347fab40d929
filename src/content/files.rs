//! The one walk over an input folder (`content/`, `static/`, `templates/`,
//! `themes/<name>/…`): the regular files under it, sorted, never anything from outside
//! the site root. A symbolic link that stays inside the root is followed (a link loop
//! is skipped); one that leads outside it, and anything that is not a regular file
//! (FIFO, socket, device, dangling link), is skipped with a warning and never opened.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use super::LoadError;
use super::walk::slash_path;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap, Span};

/// The site root, resolved once, against which every link target is checked.
#[derive(Clone, Debug)]
pub(crate) struct SiteRoot {
    /// The root as the user named it: paths in reports are relative to it.
    pub(crate) path: PathBuf,
    /// The root with every link resolved.
    canonical: PathBuf,
}

impl SiteRoot {
    /// Resolves `root`; a root that cannot be resolved is an environment error.
    pub(crate) fn new(root: &Path) -> Result<SiteRoot, LoadError> {
        let canonical = root
            .canonicalize()
            .map_err(|source| LoadError::Read { path: root.to_path_buf(), source })?;
        Ok(SiteRoot { path: root.to_path_buf(), canonical })
    }

    /// Whether `path` (which may be or pass through a link) resolves inside the root.
    pub(crate) fn contains(&self, path: &Path) -> Option<bool> {
        Some(path.canonicalize().ok()?.starts_with(&self.canonical))
    }
}

/// What a folder the site names turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Folder {
    /// A folder inside the root (possibly reached through a link that stays inside).
    Present,
    /// Nothing there, or not a folder.
    Absent,
    /// A link out of the root, or a dangling one: a warning was recorded.
    Skipped,
}

/// Why a path was skipped.
enum Skip {
    Outside,
    NotRegular,
    Dangling,
    Loop,
}

/// Checks the folder `dir` (under `root.path`) before walking it: when it, or a folder
/// above it, is a link leading outside the root, it is reported
/// (`symlink-outside-root`) and not followed.
pub(crate) fn folder(
    root: &SiteRoot,
    dir: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Folder {
    let Ok(meta) = std::fs::symlink_metadata(dir) else { return Folder::Absent };
    // Resolved whole: the folder or any folder above it may be the link.
    match root.contains(dir) {
        Some(true) => {}
        Some(false) => {
            warn(root, dir, Skip::Outside, sources, diagnostics);
            return Folder::Skipped;
        }
        None if meta.file_type().is_symlink() => {
            warn(root, dir, Skip::Dangling, sources, diagnostics);
            return Folder::Skipped;
        }
        None => return Folder::Absent,
    }
    if dir.is_dir() { Folder::Present } else { Folder::Absent }
}

/// The regular files under `dir`, sorted by path, each with its path relative to `dir`
/// (`/`-separated). `wanted(name, is_dir)` drops entries silently (hidden files, editor
/// leftovers, files of other types). Skipped links and special files are reported as
/// `symlink-outside-root` / `not-a-regular-file` warnings at their path.
pub(crate) fn regular_files(
    root: &SiteRoot,
    dir: &Path,
    wanted: impl Fn(&str, bool) -> bool,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<(PathBuf, String)>, LoadError> {
    if folder(root, dir, sources, diagnostics) != Folder::Present {
        return Ok(Vec::new());
    }
    let skipped: RefCell<Vec<(PathBuf, Skip)>> = RefCell::new(Vec::new());
    let walker =
        walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(
            |e| {
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                if !wanted(&name, e.file_type().is_dir()) {
                    return false;
                }
                // Links are resolved before anything under them is opened.
                if e.path_is_symlink() && root.contains(e.path()) != Some(true) {
                    skipped.borrow_mut().push((e.path().to_path_buf(), Skip::Outside));
                    return false;
                }
                true
            },
        );
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                if e.loop_ancestor().is_some() {
                    skipped.borrow_mut().push((path, Skip::Loop));
                    continue;
                }
                let is_link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if is_link && !path.exists() {
                    skipped.borrow_mut().push((path, Skip::Dangling));
                    continue;
                }
                return Err(LoadError::Walk { path, source: e });
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            skipped.borrow_mut().push((entry.path().to_path_buf(), Skip::NotRegular));
            continue;
        }
        files.push((entry.path().to_path_buf(), slash_path(dir, entry.path())));
    }
    for (path, why) in skipped.into_inner() {
        warn(root, &path, why, sources, diagnostics);
    }
    Ok(files)
}

/// Reads a file found by [`regular_files`].
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|source| LoadError::Read { path: path.to_path_buf(), source })
}

/// Records a skipped path. It has no text to quote, so it is registered as an empty
/// source and the warning points at its line 1, column 1.
fn warn(
    root: &SiteRoot,
    path: &Path,
    why: Skip,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let shown = slash_path(&root.path, path);
    let (code, message, help) = match why {
        Skip::Outside => (
            Code::SymlinkOutsideRoot,
            format!("skipped `{shown}`: a symbolic link leads it outside the site folder"),
            "northstar publishes nothing from outside the site folder; copy the file in instead",
        ),
        Skip::Dangling => (
            Code::NotARegularFile,
            format!("skipped `{shown}`: it is a symbolic link to nothing"),
            "remove the link or make it point at a file inside the site folder",
        ),
        Skip::Loop => (
            Code::NotARegularFile,
            format!("skipped `{shown}`: it is a symbolic link to a folder that contains it"),
            "remove the link; it makes the folder endless",
        ),
        Skip::NotRegular => (
            Code::NotARegularFile,
            format!("skipped `{shown}`: it is not a regular file (a FIFO, socket or device)"),
            "northstar reads only regular files; remove it or replace it with a file",
        ),
    };
    let file = sources.add(Path::new(&shown), String::new());
    diagnostics.push(Diagnostic::new(code, Span::file_start(file), message).with_help(help));
}
