//! Finds every `content/**/*.md` in a deterministic order. Hidden files and folders
//! and editor leftovers are skipped.

use std::path::{Path, PathBuf};

use super::LoadError;

/// The Markdown files under `content_dir`, sorted by path, each with its path relative
/// to `content_dir` (`/`-separated).
pub(super) fn markdown_files(content_dir: &Path) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = entry.map_err(|e| LoadError::Walk {
            path: e.path().map_or_else(|| content_dir.to_path_buf(), Path::to_path_buf),
            source: e,
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") || is_editor_leftover(&name) {
            continue;
        }
        files.push((entry.path().to_path_buf(), slash_path(content_dir, entry.path())));
    }
    Ok(files)
}

/// `path` relative to `base`, `/`-separated whatever the platform: the form paths take
/// in ids, links, reports and the theme table.
pub fn slash_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Backup and swap files editors leave beside the real one (`#a.md#`, `a.md~`).
fn is_editor_leftover(name: &str) -> bool {
    name.starts_with('#') || name.ends_with('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_and_hidden_names_are_recognised() {
        assert!(is_hidden(".git"));
        assert!(is_editor_leftover("#draft.md#"));
        assert!(!is_editor_leftover("draft.md"));
    }
}
