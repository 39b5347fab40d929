//! The theme: templates and static files. The default theme is embedded in the binary
//! (one table below); a site overrides any file by name from `themes/<name>/` and then
//! from its own `templates/` and `static/`. [`Theme`] records where each file came
//! from, so errors name the real path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        /// Every file of `themes/default/`, embedded at compile time.
        pub const EMBEDDED: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*
        ];
    };
}

embedded! {
    "static/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/components.html",
    "templates/document.html",
    "templates/home.html",
    "templates/index.html",
    "templates/kinds/debt.html",
    "templates/kinds/decision.html",
    "templates/kinds/experiment.html",
    "templates/kinds/initiative.html",
    "templates/kinds/metric.html",
    "templates/kinds/objective.html",
    "templates/kinds/page.html",
    "templates/kinds/pillar.html",
    "templates/kinds/postmortem.html",
    "templates/kinds/principle.html",
    "templates/kinds/stakeholder.html",
    "templates/kinds/update.html",
    "templates/kinds/vision.html",
    "templates/roadmap.html",
}

/// Where a theme file came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Disk(PathBuf),
}

/// One file of the theme.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// The resolved theme: `templates/…` and `static/…` paths to their files.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

/// A theme could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme `{name}` not found: there is no folder {path}")]
    Missing { name: String, path: PathBuf },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Theme {
    /// The embedded default theme alone.
    pub fn embedded() -> Theme {
        let files = EMBEDDED
            .iter()
            .map(|(path, bytes)| {
                (path.to_string(), ThemeFile { bytes: bytes.to_vec(), origin: Origin::Embedded })
            })
            .collect();
        Theme { files }
    }

    /// The theme `name` for the site at `root`: the embedded default, overridden by
    /// `themes/<name>/{templates,static}` and then by the site's own `templates/` and
    /// `static/`. A theme other than `default` must exist on disk.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut theme = Theme::embedded();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            theme.overlay(&theme_dir.join("templates"), "templates")?;
            theme.overlay(&theme_dir.join("static"), "static")?;
        } else if name != "default" {
            return Err(ThemeError::Missing { name: name.to_string(), path: theme_dir });
        }
        theme.overlay(&root.join("templates"), "templates")?;
        theme.overlay(&root.join("static"), "static")?;
        Ok(theme)
    }

    fn overlay(&mut self, dir: &Path, prefix: &str) -> Result<(), ThemeError> {
        if !dir.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| ThemeError::Read {
                path: e.path().unwrap_or(dir).to_path_buf(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk the folder")),
            })?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let key = format!("{prefix}/{}", crate::content::slash_path(dir, entry.path()));
            let bytes = std::fs::read(entry.path())
                .map_err(|source| ThemeError::Read { path: entry.path().to_path_buf(), source })?;
            self.files
                .insert(key, ThemeFile { bytes, origin: Origin::Disk(entry.path().to_path_buf()) });
        }
        Ok(())
    }

    /// The templates, by name relative to `templates/`.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().filter_map(|(path, file)| Some((path.strip_prefix("templates/")?, file)))
    }

    /// The static files, by path relative to `static/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().filter_map(|(path, file)| Some((path.strip_prefix("static/")?, file)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_matches_the_theme_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(
            embedded, on_disk,
            "add or remove the file in the `embedded!` table of render/theme.rs"
        );
    }
}
