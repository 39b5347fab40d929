//! The one pipeline behind every command: config → content → model, then render.
//! `check` stops after the model; `build` renders what it returns into memory.

use std::path::{Path, PathBuf};

use crate::config::{self, BaseUrl, ConfigError, SiteConfig};
use crate::content::{self, LoadError};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::model::{self, Date, Strategy};
use crate::output::Output;
use crate::render::{self, Drafts, RenderError, RenderOptions, Theme, ThemeError};

/// What the caller decides rather than the site.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `today` from site.toml.
    pub today: Option<Date>,
    /// The system date, used when neither `--today` nor site.toml sets one. Passed in
    /// so the pipeline itself never reads the clock.
    pub system_today: Option<Date>,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<BaseUrl>,
    pub drafts: Option<Drafts>,
}

/// The result of running the pipeline over a site.
#[derive(Debug)]
pub struct Checked {
    pub strategy: Strategy,
    pub sources: SourceMap,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// How many of the diagnostics are errors: any stops a build.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count()
    }
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
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// A checked site and, when it had no errors, its rendered pages.
#[derive(Debug)]
pub struct Built {
    pub checked: Checked,
    /// `None` when the content has errors: nothing is rendered, nothing may be written.
    pub output: Option<Output>,
}

/// Checks the site at `root` and, when it has no errors, renders it.
pub fn build(root: &Path, options: &Options) -> Result<Built, PipelineError> {
    let checked = check(root, options)?;
    if checked.error_count() > 0 {
        return Ok(Built { checked, output: None });
    }
    let theme = Theme::load(root, &checked.strategy.config.theme)?;
    let base_url = options.base_url.as_ref().unwrap_or(&checked.strategy.config.base_url);
    let render_options = RenderOptions {
        base_path: base_url.path().to_string(),
        origin: base_url.origin().map(str::to_string),
        drafts: options.drafts.unwrap_or(Drafts::Exclude),
    };
    let output = render::render(&checked.strategy, &checked.sources, &theme, &render_options)?;
    Ok(Built { checked, output: Some(output) })
}

/// Loads, parses and validates the site at `root`.
pub fn check(root: &Path, options: &Options) -> Result<Checked, PipelineError> {
    if !root.is_dir() {
        return Err(PipelineError::NoRoot { path: root.to_path_buf() });
    }
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let (config, site_file): (SiteConfig, _) = config::load(root, &mut sources, &mut diagnostics)?;
    // Site-wide warnings point at site.toml; when there is none, an empty stand-in.
    let site_file =
        site_file.unwrap_or_else(|| sources.add(Path::new(config::FILE_NAME), String::new()));
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
