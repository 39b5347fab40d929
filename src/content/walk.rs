//! Finds every `content/**/*.md`, and the images beside them, in a deterministic order. Hidden files and folders
//! and editor leftovers are skipped; links follow the rules of [`super::files`].

use std::path::{Path, PathBuf};

use super::LoadError;
use super::files::{self, SiteRoot};
use crate::diagnostics::{Diagnostics, SourceMap};

/// The extensions of images published beside the documents. SVG is among them: it is
/// only ever linked from an `<img>`, which runs no script in it, never inlined.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// Whether `name` is an image file published beside the documents.
pub fn is_image(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty() && IMAGE_EXTENSIONS.iter().any(|e| extension.eq_ignore_ascii_case(e))
    })
}

/// The Markdown files and images under `dir`, sorted by path, each with its path
/// relative to `dir` (`/`-separated).
pub(super) fn document_files(
    root: &SiteRoot,
    dir: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let wanted = |name: &str, is_dir: bool| {
        !is_hidden(name)
            && (is_dir || ((name.ends_with(".md") || is_image(name)) && !is_editor_leftover(name)))
    };
    files::regular_files(root, dir, wanted, sources, diagnostics)
}

/// Whether a file at `path` (`/`-separated) is one a walk reads: no hidden folder or
/// file on the way, no editor leftover.
pub(super) fn is_document_path(path: &str) -> bool {
    path.split('/').all(|name| !name.is_empty() && !is_hidden(name) && !is_editor_leftover(name))
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
