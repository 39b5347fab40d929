//! `northstar init`: a new site that works from the first minute — a `site.toml` with
//! comments, one document of every kind showing its fields, a README and a GitHub Pages
//! workflow — from the files under `starter/`, embedded in the binary. Dates and
//! quarters in them are filled in from the day the site is made, so that it checks
//! clean (`check --deny-warnings`) on that day.

pub mod new;
pub mod reference;
pub mod schema;

use std::path::{Path, PathBuf};

use crate::calendar::{Date, Quarter};

/// Embeds each file of `starter/` by its path there.
macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        const STARTER: &[(&str, &str)] = &[
            $(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/starter/", $path)))),*
        ];
    };
}

starter! {
    ".github/workflows/pages.yml",
    "README.md",
    "content/debt/flaky-deploys.md",
    "content/decisions/0001-record-decisions.md",
    "content/experiments/setup-checklist-email.md",
    "content/how-we-work.md",
    "content/initiatives/guided-setup.md",
    "content/metrics/time-to-first-value.md",
    "content/metrics/weekly-active-teams.md",
    "content/okrs/dependable-releases.md",
    "content/okrs/faster-first-value.md",
    "content/pillars/dependable-core.md",
    "content/pillars/effortless-onboarding.md",
    "content/postmortems/login-outage.md",
    "content/principles/small-reversible-steps.md",
    "content/stakeholders/new-teams.md",
    "content/updates/first-update.md",
    "content/vision.md",
    "site.toml",
}

/// What `init` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Made {
    /// Files written, by path in the site.
    pub written: Vec<String>,
    /// Files that were there already and were left as they were (with `force`).
    pub kept: Vec<String>,
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{path} is not empty")]
    NotEmpty { path: PathBuf },
    #[error("{path} is a file, not a folder")]
    NotAFolder { path: PathBuf },
    #[error("{path} is a symbolic link; northstar writes a new site only into real folders")]
    Link { path: PathBuf },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl InitError {
    /// What to do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            InitError::NotEmpty { .. } => Some(
                "pass an empty or new folder, or --force to add the site's files beside what is there (no file is replaced)",
            ),
            _ => None,
        }
    }
}

/// Writes a new site into `dir`, made on `today`. `dir` must be new or empty (a `.git`
/// folder alone counts as empty) unless `force`, which writes beside what is there and
/// never replaces a file.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<Made, InitError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_symlink() => return Err(InitError::Link { path: dir.to_path_buf() }),
        Ok(meta) if !meta.is_dir() => {
            return Err(InitError::NotAFolder { path: dir.to_path_buf() });
        }
        Ok(_) if !force && !is_empty(dir)? => {
            return Err(InitError::NotEmpty { path: dir.to_path_buf() });
        }
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(dir)
            .map_err(|source| InitError::Write { path: dir.to_path_buf(), source })?,
    }
    let mut made = Made::default();
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            create_folders(dir, parent)?;
        }
        let written =
            std::fs::OpenOptions::new().write(true).create_new(true).open(&target).and_then(
                |mut file| std::io::Write::write_all(&mut file, fill(text, today).as_bytes()),
            );
        match written {
            Ok(()) => made.written.push(path.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                made.kept.push(path.to_string())
            }
            Err(source) => return Err(InitError::Write { path: target, source }),
        }
    }
    Ok(made)
}

/// Whether `dir` holds nothing but perhaps a `.git` folder.
fn is_empty(dir: &Path) -> Result<bool, InitError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|source| InitError::Write { path: dir.to_path_buf(), source })?;
    Ok(entries.flatten().all(|entry| entry.file_name() == ".git"))
}

/// Creates `folder` and the folders above it, up to `dir`, refusing to write through a
/// symbolic link that was already there: the site's files land in `dir` and nowhere else.
fn create_folders(dir: &Path, folder: &Path) -> Result<(), InitError> {
    let mut at = dir.to_path_buf();
    for part in folder.strip_prefix(dir).unwrap_or(folder).components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_symlink() => return Err(InitError::Link { path: at }),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(InitError::NotAFolder { path: at }),
            Err(_) => std::fs::create_dir(&at)
                .or_else(|e| if at.is_dir() { Ok(()) } else { Err(e) })
                .map_err(|source| InitError::Write { path: at.clone(), source })?,
        }
    }
    Ok(())
}

/// `text` with the day the site is made and the quarters around it filled in.
fn fill(text: &str, today: Date) -> String {
    let quarter = Quarter::of(today);
    text.replace("@TODAY@", &today.to_string())
        .replace("@PREVIOUS_QUARTER@", &quarter.previous().to_string())
        .replace("@NEXT_QUARTER_START@", &quarter.next().first_day().to_string())
        .replace("@NEXT_QUARTER@", &quarter.next().to_string())
        .replace("@QUARTER@", &quarter.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_matches_the_starter_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("starter");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = STARTER.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            embedded, on_disk,
            "add or remove the file in the `starter!` table of scaffold/mod.rs"
        );
    }

    #[test]
    fn dates_and_quarters_are_filled_in_around_the_day() {
        let today = Date::parse("2026-12-05").unwrap();
        assert_eq!(
            fill("@TODAY@ @PREVIOUS_QUARTER@ @QUARTER@ @NEXT_QUARTER@ @NEXT_QUARTER_START@", today),
            "2026-12-05 2026-Q3 2026-Q4 2027-Q1 2027-01-01"
        );
        for (path, text) in STARTER {
            let filled = fill(text, today);
            let left =
                filled.split('@').skip(1).step_by(2).find(|w| {
                    !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                });
            assert_eq!(left, None, "{path} has a placeholder that is not filled in");
        }
    }
}
