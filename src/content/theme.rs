//! Reads the theme's files from disk as plain data: `themes/<name>/{templates,static}`,
//! then the site's own `templates/` and `static/`, in that order (later ones override
//! earlier ones by name). Render builds its `Theme` from this; it never reads a file.

use std::path::{Path, PathBuf};

use super::LoadError;
use super::files::{self, Folder, SiteRoot};
use super::walk::slash_path;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap, Span};

/// The folder under the site root that holds named themes.
pub const THEMES_DIR: &str = "themes";

/// The theme that ships in the binary; it needs no folder.
pub const DEFAULT_THEME: &str = "default";

/// One theme file read from disk.
#[derive(Clone, Debug)]
pub struct ThemeSource {
    /// Its name in the theme: `templates/base.html`, `static/style.css`.
    pub key: String,
    /// Its path relative to the site root, `/`-separated: `themes/dark/static/style.css`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Reads the overrides of theme `name` for the site at `root`, in override order.
///
/// A theme other than `default` whose folder is missing is a `missing-theme` error at
/// `theme_at` (the `theme` value in site.toml). Links out of the root and special files
/// are skipped with `symlink-outside-root` and `not-a-regular-file` warnings.
pub fn load_theme(
    root: &Path,
    name: &str,
    theme_at: Span,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<ThemeSource>, LoadError> {
    let root = SiteRoot::new(root)?;
    let mut folders = Vec::new();
    let theme_dir = root.path.join(THEMES_DIR).join(name);
    match files::folder(&root, &theme_dir, sources, diagnostics) {
        Folder::Present => {
            folders.push((theme_dir.join("templates"), "templates"));
            folders.push((theme_dir.join("static"), "static"));
        }
        Folder::Absent | Folder::Skipped if name != DEFAULT_THEME => {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingTheme,
                    theme_at,
                    format!("theme `{name}` not found: there is no folder {THEMES_DIR}/{name}/"),
                )
                .with_help(format!(
                    "create {THEMES_DIR}/{name}/ with templates/ and static/, or remove `theme` to use the default theme"
                )),
            );
        }
        Folder::Absent | Folder::Skipped => {}
    }
    folders.push((root.path.join("templates"), "templates"));
    folders.push((root.path.join("static"), "static"));

    let mut theme = Vec::new();
    for (dir, prefix) in folders {
        let wanted =
            |name: &str, is_dir: bool| is_dir || !(name.starts_with('.') || name.ends_with('~'));
        for (path, relative) in files::regular_files(&root, &dir, wanted, sources, diagnostics)? {
            let bytes = files::read(&path)?;
            theme.push(ThemeSource {
                key: format!("{prefix}/{relative}"),
                path: PathBuf::from(slash_path(&root.path, &path)),
                bytes,
            });
        }
    }
    Ok(theme)
}
