//! Render: a validated [`Strategy`] and a compiled [`Theme`] in, [`Pages`] (path →
//! bytes) out. [`routes()`] lists every URL; a [`Renderer`] renders one route at a time,
//! recording what each page read, and the whole site as a parallel map over the routes.
//! Nothing here touches the disk or the clock.

mod changes;
mod charts;
mod context;
mod debt;
mod documents;
mod feed;
mod health;
mod home;
mod indexes;
mod learning;
mod map;
mod metrics;
mod okrs;
mod pager;
mod paths;
mod pillar;
mod renderer;
mod roadmap;
mod routes;
mod search;
mod sitemap;
mod strategy_json;
mod terms;
mod theme;
mod views;

use std::collections::BTreeMap;

pub(crate) use charts::escape as escape_html;
pub use context::Reads;
pub use paths::Collision;
pub use renderer::{Earlier, Page, Rendered, Renderer, Snapshot};
pub(crate) use routes::generated_at;
pub use routes::{Claim, Clash, Route, RouteTable, Routes, UrlPath, routes};
pub use theme::{At, EMBEDDED, Origin, TemplateProblem, Theme, ThemeError};

use crate::diagnostics::SourceMap;
use crate::model::{Kind, Strategy};

/// Every file of a built site, keyed by its path relative to the output folder
/// (`initiatives/faster-sync/index.html`). A `BTreeMap`, so iteration order — and so
/// everything derived from it — is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pages {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Pages {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// The bytes at `path`.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}

/// Whether drafts are part of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drafts {
    Include,
    Exclude,
}

/// How to render, beyond what the strategy and theme say.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The path the site is served under, with slashes at both ends (`/`, `/project/`).
    pub base_path: String,
    /// Scheme and host when `base_url` is absolute (`https://acme.github.io`): needed
    /// for the sitemap, which lists absolute URLs.
    pub origin: Option<String>,
    pub drafts: Drafts,
}

/// The theme could not render the site: a template mistake, not a content one.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error in {origin}")]
    Template {
        origin: String,
        #[source]
        source: tera::Error,
    },
}

/// The order of kinds in navigation and in "referenced by" groups.
pub(crate) const NAV_ORDER: &[Kind] = &[
    Kind::Vision,
    Kind::Principle,
    Kind::Metric,
    Kind::Pillar,
    Kind::Initiative,
    Kind::Objective,
    Kind::Debt,
    Kind::Experiment,
    Kind::Postmortem,
    Kind::Decision,
    Kind::Update,
    Kind::Stakeholder,
    Kind::Page,
];

/// Renders every route of `routes` (from [`routes()`] of the same strategy and options).
pub fn render(
    strategy: &Strategy,
    sources: &SourceMap,
    theme: &Theme,
    options: &RenderOptions,
    routes: &Routes,
) -> Result<Pages, RenderError> {
    Ok(Renderer::new(strategy, sources, theme, options, routes).render_all()?.into_files())
}
