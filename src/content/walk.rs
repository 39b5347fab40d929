//! Finds every `content/**/*.md` in a deterministic order. Hidden files and folders
//! and editor leftovers are skipped; links follow the rules of [`super::files`].

use std::path::{Path, PathBuf};

use super::LoadError;
use super::files::{self, SiteRoot};
use crate::diagnostics::{Diagnostics, SourceMap};

/// The Markdown files under `content_dir`, sorted by path, each with its path relative
/// to `content_dir` (`/`-separated).
pub(super) fn markdown_files(
    root: &SiteRoot,
    content_dir: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let wanted = |name: &str, is_dir: bool| {
        !is_hidden(name) && (is_dir || (name.ends_with(".md") && !is_editor_leftover(name)))
    };
    files::regular_files(root, content_dir, wanted, sources, diagnostics)
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
