//! The one pipeline behind every command: config → content → model. `check` stops
//! here; `build` and `serve` render what it returns.

use std::path::{Path, PathBuf};

use crate::config::{self, ConfigError, SiteConfig};
use crate::content::{self, LoadError};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::model::{self, Date, Strategy};

/// What the caller decides rather than the site.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `today` from site.toml.
    pub today: Option<Date>,
    /// The system date, used when neither `--today` nor site.toml sets one. Passed in
    /// so the pipeline itself never reads the clock.
    pub system_today: Option<Date>,
}

/// The result of running the pipeline over a site.
#[derive(Debug)]
pub struct Checked {
    pub strategy: Strategy,
    pub sources: SourceMap,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// The site could not be read at all: exit 2, not a content error.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{path} is not a folder")]
    NoRoot { path: PathBuf },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// Loads, parses and validates the site at `root`.
pub fn check(root: &Path, options: &Options) -> Result<Checked, PipelineError> {
    if !root.is_dir() {
        return Err(PipelineError::NoRoot { path: root.to_path_buf() });
    }
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let config: SiteConfig = config::load(root, &mut sources, &mut diagnostics)?;
    // Site-wide warnings point at site.toml; when there is none, an empty stand-in.
    let site_file = if sources.is_empty() {
        sources.add(Path::new(config::FILE_NAME), String::new())
    } else {
        crate::diagnostics::FileId(0)
    };
    let raw = content::load(root, &mut sources, &mut diagnostics)?;
    let today = options
        .today
        .or(config.today)
        .or(options.system_today)
        .unwrap_or_else(|| Date::from_days_since_epoch(0));
    let strategy = model::build(
        model::Inputs { config, today, sources: &sources, site_file },
        &raw,
        &mut diagnostics,
    );
    Ok(Checked { strategy, sources, diagnostics: diagnostics.into_sorted() })
}
