//! The site in memory for the preview: the last good build, and a rebuild after each
//! change — the model anew, and only the pages whose recorded reads the change touches
//! rendered again. Never touches the output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::live_reload::Problem;
use super::watch::Change;
use crate::content::{ContentCache, Reread};
use crate::diagnostics::{Format, render as report};
use crate::model::Document;
use crate::pipeline::{self, Checked, HistorySource, Options};
use crate::render::{Rendered, Route, Snapshot, UrlPath};

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
    /// The last good build's model, until a full rebuild replaces it (prose edits
    /// update it in place).
    checked: Option<Checked>,
    /// What the last good build rendered: the pages in service.
    rendered: Option<Arc<Rendered>>,
    /// The last good build, summed up: what the next full rebuild compares with.
    snapshot: Snapshot,
    /// Whether `snapshot` has yet to be taken of `checked`.
    unsettled: bool,
    /// Pages a rebuild left for [`Preview::finish`] to render.
    pending: Option<Vec<UrlPath>>,
    /// The documents of the last failed build, for the next rebuild to keep.
    kept: Vec<Document>,
    /// The documents as last read, so a rebuild reads only what changed.
    content: ContentCache,
    /// What changed since the last good build, while builds fail.
    since_good: Change,
    /// Whether the latest rebuild failed: the files on disk are then not the last
    /// good build's plus an edit, and only a full rebuild can tell what they give.
    is_failing: bool,
}

impl Preview {
    /// A preview of the site at `root`; nothing is built until [`Preview::rebuild`].
    pub fn new(root: &Path, options: Options) -> Preview {
        Preview {
            root: root.to_path_buf(),
            options,
            checked: None,
            rendered: None,
            snapshot: Snapshot::default(),
            unsettled: false,
            pending: None,
            kept: Vec::new(),
            content: ContentCache::default(),
            since_good: Change::default(),
            is_failing: false,
        }
    }

    /// Rebuilds after `change`: only the documents it names are read again (all of
    /// them after a change to the content tree), and only the pages whose recorded
    /// reads it touches are rendered again (all of them after a change to site.toml or
    /// the templates).
    pub fn rebuild(&mut self, change: &Change) -> Outcome {
        let first = self.rebuild_first(change);
        let Some(rest) = self.finish() else { return first };
        match (first, rest) {
            (
                Outcome::Built { changed: before, report, .. },
                Outcome::Built { pages, base, changed, .. },
            ) => {
                let changed = match (before, changed) {
                    (Changed::Urls(mut first), Changed::Urls(rest)) => {
                        first.extend(rest);
                        first.sort();
                        first.dedup();
                        Changed::Urls(first)
                    }
                    _ => Changed::All,
                };
                Outcome::Built { pages, base, changed, report }
            }
            (_, rest) => rest,
        }
    }

    /// [`Preview::rebuild`] in two steps: this one renders, of the pages a change to
    /// documents affects, the edited documents' own pages, and leaves the others to
    /// [`Preview::finish`], so that the page a writer looks at is served before the
    /// indexes that list it are rendered again.
    pub fn rebuild_first(&mut self, change: &Change) -> Outcome {
        // Pages left from a rebuild before are rendered first: nothing is left stale.
        let _ = self.finish();
        // Everything that changed since the last good build: after failed builds, the
        // next good one must account for all their edits, not just the last.
        let mut since_good = std::mem::take(&mut self.since_good);
        since_good.merge(change.clone());
        let outcome = self.rebuild_any(&since_good);
        self.is_failing = matches!(outcome, Outcome::Failed { .. });
        if self.is_failing {
            self.since_good = since_good;
        }
        outcome
    }

    fn rebuild_any(&mut self, change: &Change) -> Outcome {
        let is_site_wide = change.content_tree || change.config || change.templates;
        let edited = (!is_site_wide).then_some(&change.documents);
        let fast = edited.filter(|edited| !self.is_failing && !edited.is_empty());
        if let Some(outcome) = fast.and_then(|edited| self.rebuild_bodies(edited)) {
            return outcome;
        }
        // The last good model gives way to the new one, leaving only its summary.
        // Freeing it takes tens of milliseconds on a large site: done beside the new
        // check, and before the new model is complete, so two whole models never wait
        // side by side. The texts both read are shared, not copied.
        self.settle();
        // Its documents are kept for the new model, which reads again only those whose
        // files changed.
        let mut previous = std::mem::take(&mut self.kept);
        let retiring = self.checked.take().map(|mut retired| {
            previous = std::mem::take(&mut retired.strategy.documents);
            std::thread::spawn(move || drop(retired))
        });
        let reread =
            if change.content_tree { Reread::All } else { Reread::Only(&change.documents) };
        let checked =
            pipeline::check_cached(&self.root, &self.options, &mut self.content, reread, previous);
        if let Some(retiring) = retiring {
            let _ = retiring.join();
        }
        let checked = match checked {
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
        // What git holds is read once; each rebuild compares its model with it.
        if let Some(past) = &checked.past {
            self.options.history = HistorySource::Known(std::sync::Arc::clone(past));
        }
        let mut text = report(&checked.diagnostics, &checked.sources, Format::Human);
        checked.history_notes.iter().for_each(|note| text.push_str(&format!("note: {note}\n")));
        let Some(renderer) = checked.renderer().filter(|_| checked.error_count() == 0) else {
            let problems = Problem::all(&checked.diagnostics, &checked.sources);
            // The documents are kept for the next rebuild, which reads only what changes.
            let mut checked = checked;
            self.kept = std::mem::take(&mut checked.strategy.documents);
            return Outcome::Failed { problems, report: text };
        };
        let result = match (&self.rendered, edited) {
            (Some(rendered), Some(edited)) => {
                let mut affected = renderer.affected(&self.snapshot, rendered, edited);
                affected.retain(|url| !renderer.routes().get(url).is_some_and(Route::is_on_demand));
                let own = own_pages(&checked, edited);
                let (first, rest): (Vec<UrlPath>, Vec<UrlPath>) =
                    affected.into_iter().partition(|url| own.contains(url));
                let first = match (first.is_empty(), rest.is_empty()) {
                    (false, false) => {
                        self.pending = Some(rest);
                        first
                    }
                    (true, _) => rest,
                    (false, true) => first,
                };
                renderer
                    .update_urls(Rendered::clone(rendered), first)
                    .map(|new| (changed_urls(rendered, &new), new))
            }
            _ => renderer.render_all_but_on_demand().map(|new| (Changed::All, new)),
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
        self.checked = Some(checked);
        self.unsettled = true;
        self.rendered = Some(Arc::clone(&pages));
        Outcome::Built { pages, base, changed, report: text }
    }

    /// The URLs of the last good build that are rendered only on demand.
    pub fn on_demand(&self) -> Vec<UrlPath> {
        let Some(checked) = &self.checked else { return Vec::new() };
        let routes = &checked.routes.routes;
        routes
            .iter()
            .filter(|(_, route)| route.is_on_demand())
            .map(|(url, _)| url.clone())
            .collect()
    }

    /// The file at `url` of the last good build, rendered now: for the routes the
    /// preview renders only on demand ([`Route::is_on_demand`]). `None` when there is
    /// no such route or no good build to render it from.
    pub fn render_on_demand(&self, url: &UrlPath) -> Option<Vec<u8>> {
        if self.is_failing {
            return None;
        }
        let renderer = self.checked.as_ref()?.renderer()?;
        renderer.routes().get(url).filter(|route| route.is_on_demand())?;
        renderer.render(url).ok().flatten().map(|page| page.bytes)
    }

    /// Renders the pages [`Preview::rebuild_first`] left, if any.
    pub fn finish(&mut self) -> Option<Outcome> {
        let rest = self.pending.take()?;
        let (checked, rendered) = (self.checked.as_ref()?, self.rendered.as_ref()?);
        let renderer = checked.renderer()?;
        let result = renderer.update_urls(Rendered::clone(rendered), rest);
        drop(renderer);
        match result {
            Ok(new) => {
                let changed = changed_urls(rendered, &new);
                let pages = Arc::new(new);
                self.rendered = Some(Arc::clone(&pages));
                let base = checked.render_options.base_path.clone();
                Some(Outcome::Built { pages, base, changed, report: String::new() })
            }
            Err(e) => {
                // Half the pages are new: the next rebuild renders them all.
                self.rendered = None;
                self.is_failing = true;
                let problem =
                    Problem { at: String::new(), message: format!("error: {e}"), line: None };
                Some(Outcome::Failed { problems: vec![problem], report: format!("error: {e}\n") })
            }
        }
    }

    /// Sums up the last good build for the next full rebuild to compare with. Tens of
    /// milliseconds on a large site: the server calls it while no change is waiting,
    /// so that a rebuild does not pay for it; a rebuild that finds it undone does it
    /// first.
    pub fn settle(&mut self) {
        // The model has read the documents: their parsed front matter can go.
        self.content.drop_front_matter();
        if !std::mem::take(&mut self.unsettled) {
            return;
        }
        match self.checked.as_ref().and_then(Checked::renderer) {
            Some(renderer) => self.snapshot = renderer.snapshot(),
            // Without a summary of the last good build, the next one renders everything.
            None => self.rendered = None,
        }
    }
}

impl Preview {
    /// The fast path for the most common edit, prose: when every edited document is
    /// still there with the same front matter, byte for byte, and its body has the same
    /// headings and links, the strategy is as it was. Only the new text is read, and
    /// only the pages showing those bodies are rendered again. `None` when the edit is
    /// anything else, for the full rebuild to handle.
    fn rebuild_bodies(&mut self, edited: &BTreeSet<String>) -> Option<Outcome> {
        let (checked, rendered) = (self.checked.as_mut()?, self.rendered.as_mut()?);
        let mut updates = Vec::new();
        for path in edited {
            let id = checked.strategy.graph.lookup_path(path)?;
            let document = checked.strategy.documents.get(id.0)?;
            // Read through the cache, which keeps the new text for later rebuilds.
            let (source, scanned) = self.content.reread_body(&self.root, path)?;
            if !scanned.means_the_same_as(&document.scanned) {
                return None;
            }
            updates.push((id, source, scanned));
        }
        for (id, source, scanned) in updates {
            let document = checked.strategy.documents.get_mut(id.0)?;
            checked.sources.replace(document.file, source);
            document.scanned = scanned;
        }
        let renderer = checked.renderer()?;
        let result = renderer.update_bodies(Rendered::clone(rendered), edited);
        drop(renderer);
        let (new, urls) = match result {
            Ok(done) => done,
            Err(_) => return None,
        };
        let changed = Changed::Urls(
            urls.into_iter()
                .filter(|url| {
                    rendered.pages.get(url).map(|p| &p.bytes)
                        != new.pages.get(url).map(|p| &p.bytes)
                })
                .collect(),
        );
        let pages = Arc::new(new);
        *rendered = Arc::clone(&pages);
        let base = checked.render_options.base_path.clone();
        Some(Outcome::Built { pages, base, changed, report: String::new() })
    }
}

/// The pages of the documents at `paths` (under `content/`) that are published.
fn own_pages(checked: &Checked, paths: &BTreeSet<String>) -> BTreeSet<UrlPath> {
    let strategy = &checked.strategy;
    paths
        .iter()
        .filter_map(|path| strategy.graph.lookup_path(path))
        .filter_map(|id| strategy.documents.get(id.0))
        .map(|document| UrlPath::from(document.url_path().as_str()))
        .filter(|url| checked.routes.routes.contains_key(url))
        .collect()
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
