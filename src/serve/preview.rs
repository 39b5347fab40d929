//! The site in memory for the preview: the last good build, and a rebuild after each
//! change — the model anew, and only the pages whose recorded reads the change touches
//! rendered again. Never touches the output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::live_reload::Problem;
use crate::diagnostics::{Format, render as report};
use crate::pipeline::{self, Checked, Options};
use crate::render::{Rendered, UrlPath};

/// Which pages a rebuild changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    /// Every page may have changed (a first build, templates, site.toml, …).
    All,
    /// These URLs (relative to the base) were added, removed or have new bytes.
    Urls(Vec<UrlPath>),
}

/// What a rebuild gave.
pub enum Outcome {
    /// A good build: its pages, the base path they are served under, what changed, and
    /// the report for the terminal (warnings).
    Built { pages: Arc<Rendered>, base: String, changed: Changed, report: String },
    /// A failed build: its errors, and the report for the terminal. The previous good
    /// pages stay in service.
    Failed { problems: Vec<Problem>, report: String },
}

/// The preview's build state: the last good build, which the next rebuild starts from.
pub struct Preview {
    root: PathBuf,
    options: Options,
    last: Option<(Checked, Arc<Rendered>)>,
}

impl Preview {
    /// A preview of the site at `root`; nothing is built until [`Preview::rebuild`].
    pub fn new(root: &Path, options: Options) -> Preview {
        Preview { root: root.to_path_buf(), options, last: None }
    }

    /// Rebuilds after the documents at `edited` (paths under `content/`) changed, or
    /// everything when `edited` is `None`.
    pub fn rebuild(&mut self, edited: Option<&BTreeSet<String>>) -> Outcome {
        let checked = match pipeline::check(&self.root, &self.options) {
            Ok(checked) => checked,
            Err(e) => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                let problem = Problem {
                    at: self.root.display().to_string(),
                    message: format!("error: {message}"),
                    line: None,
                };
                return Outcome::Failed {
                    problems: vec![problem],
                    report: format!("error: {message}\n"),
                };
            }
        };
        let text = report(&checked.diagnostics, &checked.sources, Format::Human);
        let Some(renderer) = checked.renderer().filter(|_| checked.error_count() == 0) else {
            let problems = Problem::all(&checked.diagnostics, &checked.sources);
            return Outcome::Failed { problems, report: text };
        };
        let previous = self.last.as_ref().map(|(c, r)| (c.renderer(), r));
        let result = match (previous, edited) {
            (Some((Some(old), rendered)), Some(edited)) => renderer
                .update(&old, Rendered::clone(rendered), edited)
                .map(|new| (changed_urls(rendered, &new), new)),
            _ => renderer.render_all().map(|new| (Changed::All, new)),
        };
        let (changed, rendered) = match result {
            Ok(done) => done,
            Err(e) => {
                let problem =
                    Problem { at: String::new(), message: format!("error: {e}"), line: None };
                return Outcome::Failed {
                    problems: vec![problem],
                    report: format!("error: {e}\n"),
                };
            }
        };
        drop(renderer);
        let base = checked.render_options.base_path.clone();
        let pages = Arc::new(rendered);
        self.last = Some((checked, Arc::clone(&pages)));
        Outcome::Built { pages, base, changed, report: text }
    }
}

/// The URLs whose page is new, gone or different.
fn changed_urls(before: &Rendered, after: &Rendered) -> Changed {
    let urls: BTreeSet<&UrlPath> = before.pages.keys().chain(after.pages.keys()).collect();
    let changed = urls
        .into_iter()
        .filter(|url| match (before.pages.get(*url), after.pages.get(*url)) {
            (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a.bytes != b.bytes,
            _ => true,
        })
        .cloned()
        .collect();
    Changed::Urls(changed)
}
