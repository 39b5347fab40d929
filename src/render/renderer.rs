//! The long-lived renderer: built once per strategy with the theme's compiled templates,
//! it renders one route at a time and records what each page read, so that after an
//! edit only the pages whose reads it touches are rendered again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::context::{Ctx, Reads, Site};
use super::routes::{
    FACETS, FOOTER_PAGES, NAV_GROUPS, NavEntry, PAGES, Route, Routes, UrlPath, index_of,
};
use super::views::{LinkView, kind_plural};
use super::{
    Origin, Pages, RenderError, RenderOptions, Theme, documents, feed, health, home, indexes, map,
};
use super::{
    changes, debt, learning, metrics, okrs, pager, roadmap, search, sitemap, strategy_json, terms,
};
use crate::diagnostics::SourceMap;
use crate::model::taxonomy::{Facet, names_of};
use crate::model::{DocId, Kind, Relation, Strategy};

/// One rendered route: its bytes and what it read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub bytes: Vec<u8>,
    pub reads: Reads,
}

/// Every route of a site, rendered. Pages are shared, so a copy to update while the
/// previous one is still being served costs little.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub pages: BTreeMap<UrlPath, Arc<Page>>,
}

impl Rendered {
    /// The files to write: output path → bytes.
    pub fn into_files(self) -> Pages {
        let mut pages = Pages::default();
        for (url, page) in self.pages {
            let bytes =
                Arc::try_unwrap(page).map_or_else(|shared| shared.bytes.clone(), |p| p.bytes);
            pages.insert(url.file(), bytes);
        }
        pages
    }
}

/// A reference: its relation and the path of its target.
type Reference = (Relation, Arc<str>);

mod record;

pub use record::Earlier;

/// Static files are few and cheap, and read no document: they are made by every
/// build and after every change.
fn always_made(route: &Route) -> bool {
    matches!(route, Route::Static(_) | Route::Asset(_))
}

/// What changed between two states of a site, as pages read it: a page that read any
/// of it is made again.
struct Changes {
    /// Documents (paths under `content/`) changed, added or removed, and those whose
    /// links from them came or went.
    documents: BTreeSet<String>,
    /// Kinds whose documents came, went, or changed.
    kinds: BTreeSet<Kind>,
    /// Owners and tags whose documents changed.
    facets: BTreeSet<Facet>,
}

impl Changes {
    /// Whether a page that read `reads` read anything that changed.
    fn touch(&self, reads: &Reads) -> bool {
        reads.documents.iter().any(|d| self.documents.contains(&**d))
            || reads.bodies.iter().any(|d| self.documents.contains(&**d))
            || reads.kinds.iter().any(|k| self.kinds.contains(k))
            || reads.facets.iter().any(|f| self.facets.contains(f))
    }
}

/// A document in a [`Snapshot`]: its path, its kind, its references (relation,
/// index of the target in the snapshot) and the owners and tags it is filed under.
type Summary = (Arc<str>, Kind, Box<[(Relation, usize)]>, Filed);

/// The owners and the tags a published document is filed under; nothing for a draft
/// that is not published.
type Filed = Box<[(Facet, String)]>;

/// What [`Renderer::affected`] needs of an earlier build, kept instead of that build.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    fingerprint: u64,
    /// In document order: each document's path under `content/`, kind and
    /// references (relation, index of the target here).
    documents: Vec<Summary>,
    /// Where each path is in `documents`.
    index: HashMap<Arc<str>, usize>,
}

impl Snapshot {
    /// A snapshot of `documents`, in document order.
    fn of(fingerprint: u64, documents: Vec<Summary>) -> Snapshot {
        let index =
            documents.iter().enumerate().map(|(i, (path, ..))| (Arc::clone(path), i)).collect();
        Snapshot { fingerprint, documents, index }
    }

    /// The kind and the references, sorted, of the document at `path`.
    fn references(&self, path: &str) -> Option<(Kind, Vec<(Relation, &str)>)> {
        let at = *self.index.get(path)?;
        let (_, kind, edges, _) = self.documents.get(at)?;
        let mut references: Vec<(Relation, &str)> = edges
            .iter()
            .filter_map(|&(relation, to)| Some((relation, &*self.documents.get(to)?.0)))
            .collect();
        references.sort_unstable();
        Some((*kind, references))
    }

    /// The owners and tags of the document at `path`.
    fn filed(&self, path: &str) -> Option<&[(Facet, String)]> {
        Some(&self.documents.get(*self.index.get(path)?)?.3)
    }
}

/// Renders the routes of one strategy with one theme.
pub struct Renderer<'a> {
    site: Site<'a>,
    theme: &'a Theme,
    routes: &'a Routes,
    view: SiteView,
    /// `view` as the templates take it, made once: a page's copy shares its contents.
    site_value: Option<tera::Value>,
    /// Everything every page reads besides documents, summed up: when it differs from
    /// a previous renderer's, every page is rendered again.
    fingerprint: u64,
}

/// What every page's template gets as `site`.
#[derive(Serialize)]
struct SiteView {
    title: String,
    base: String,
    today: String,
    quarter: String,
    /// Every entry of the navigation, in order, for themes that list them flat.
    nav: Vec<NavItem>,
    /// The same entries in their groups.
    nav_groups: Vec<NavGroup>,
    /// A few plain pages (`about.md`, `guides/…`), linked from every page's footer.
    pages: Vec<LinkView>,
    /// The URL of the index of all plain pages, when the footer cannot list them all.
    all_pages: Option<String>,
    /// The indexes of owners and tags, when the site has any.
    facets: Vec<FacetLink>,
    /// The URL of the Atom feed, when the site has one.
    feed: Option<String>,
}

/// A link to the index of owners or of tags.
#[derive(Serialize)]
struct FacetLink {
    title: &'static str,
    url: String,
}

/// A group of the navigation ("Strategy", "Execution", …) and its entries.
#[derive(Serialize)]
struct NavGroup {
    title: &'static str,
    items: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    url: String,
    /// The section a page passes to be marked as in this entry (`roadmap`, `okrs`).
    section: String,
}

impl<'a> Renderer<'a> {
    /// A renderer for `routes` (from [`super::routes()`] of the same strategy and options).
    pub fn new(
        strategy: &'a Strategy,
        sources: &'a SourceMap,
        theme: &'a Theme,
        options: &'a RenderOptions,
        routes: &'a Routes,
    ) -> Renderer<'a> {
        let site = Site::new(strategy, sources, options);
        let view = site_view(&site.reader(), strategy, routes);
        let fingerprint = fingerprint(&site, &view, theme, options);
        let site_value = tera::Value::try_from_serializable(&view).ok();
        Renderer { site, theme, routes, view, site_value, fingerprint }
    }

    /// The routes this renderer renders.
    pub fn routes(&self) -> &'a Routes {
        self.routes
    }

    /// Renders every route, in parallel.
    pub fn render_all(&self) -> Result<Rendered, RenderError> {
        self.render_where(|_| true)
    }

    /// Every route but those the preview renders on demand
    /// ([`Route::is_on_demand`]), rendered.
    pub fn render_all_but_on_demand(&self) -> Result<Rendered, RenderError> {
        self.render_where(|route| !route.is_on_demand())
    }

    fn render_where(&self, keep: impl Fn(&Route) -> bool) -> Result<Rendered, RenderError> {
        let urls = self.routes.iter().filter(|(_, r)| keep(r)).map(|(u, _)| u.clone());
        self.render_some(urls.collect(), Rendered::default())
    }

    /// Renders the page at `url`, with what it read.
    pub fn render(&self, url: &UrlPath) -> Result<Option<Page>, RenderError> {
        let Some((mut bytes, reads)) = self.render_recorded(url)? else { return Ok(None) };
        // A rendered page is kept, in the preview, until it changes: without the room
        // its buffer grew into, which is up to as much again.
        bytes.shrink_to_fit();
        Ok(Some(Page { bytes, reads }))
    }

    /// The bytes of the page at `url` and what it read, for a build that writes the
    /// bytes at once and records the reads.
    pub fn render_recorded(&self, url: &UrlPath) -> Result<Option<(Vec<u8>, Reads)>, RenderError> {
        let ctx = self.site.reader();
        let bytes = self.bytes(&ctx, url);
        ctx.tally();
        Ok(bytes?.map(|bytes| (bytes, ctx.into_reads())))
    }

    /// How many links to documents the pages rendered so far made: the work of their
    /// views, counted so that a test can tell linear growth from worse.
    pub fn links_made(&self) -> usize {
        self.site.links_made()
    }

    fn bytes(&self, ctx: &Ctx<'_>, url: &UrlPath) -> Result<Option<Vec<u8>>, RenderError> {
        let Some(route) = self.routes.get(url) else { return Ok(None) };
        // Page 2, 3, … of a long list is its first page's view, cut.
        let (route, n) = match route {
            Route::Paged(first, n) => (first.as_ref(), *n),
            route => (route, 1),
        };
        let bytes = match route {
            Route::Home => self.page(ctx, url, "home.html", "", &home::home(ctx))?,
            Route::Document(id) => {
                let section = ctx.doc(*id).kind.section();
                self.page(ctx, url, "document.html", section, &documents::view(ctx, *id))?
            }
            Route::Index(Kind::Objective) => {
                self.page(ctx, url, "okrs.html", Kind::Objective.section(), &okrs::index(ctx))?
            }
            Route::OkrQuarter(quarter) => {
                let view = okrs::quarter(ctx, *quarter, n);
                self.page(ctx, url, "okr-quarter.html", Kind::Objective.section(), &view)?
            }
            Route::Index(Kind::Metric) => self.page(
                ctx,
                url,
                "metrics.html",
                Kind::Metric.section(),
                &pager::shared_page(ctx, route, n, metrics::dashboard),
            )?,
            Route::Index(kind) => {
                let section = kind.section();
                let c = ctx;
                match kind {
                    Kind::Postmortem => {
                        let view = pager::shared_page(c, route, n, learning::postmortems);
                        self.page(c, url, "postmortems.html", section, &view)?
                    }
                    Kind::Decision => self.page(
                        c,
                        url,
                        "decisions.html",
                        section,
                        &pager::shared_page(c, route, n, learning::decisions),
                    )?,
                    Kind::Experiment => {
                        let view = pager::shared_page(c, route, n, learning::experiments);
                        self.page(c, url, "experiments.html", section, &view)?
                    }
                    Kind::Update => {
                        let view = pager::shared_page(c, route, n, learning::updates);
                        self.page(c, url, "updates.html", section, &view)?
                    }
                    Kind::Stakeholder => {
                        self.page(c, url, "stakeholders.html", section, &learning::stakeholders(c))?
                    }
                    _ => self.page(
                        c,
                        url,
                        "index.html",
                        section,
                        &indexes::index_page(c, *kind, Some(n)),
                    )?,
                }
            }
            Route::Debt => {
                let view = pager::shared_page(ctx, route, n, debt::debt);
                self.page(ctx, url, "debt.html", "debt", &view)?
            }
            Route::Terms(facet) => {
                self.page(ctx, url, "terms.html", facet.section(), &terms::index(ctx, *facet))?
            }
            Route::Term(facet, slug) => {
                let view = terms::term(ctx, *facet, slug, n);
                self.page(ctx, url, "term.html", facet.section(), &view)?
            }
            Route::Pages => {
                let view = indexes::index_page(ctx, Kind::Page, Some(n));
                self.page(ctx, url, "index.html", "pages", &view)?
            }
            Route::Roadmap => {
                self.page(ctx, url, "roadmap.html", "roadmap", &roadmap::roadmap(ctx))?
            }
            Route::Health => {
                let view = pager::shared_page(ctx, route, n, health::page);
                self.page(ctx, url, "health.html", "health", &view)?
            }
            Route::Map => self.page(ctx, url, "map.html", "map", &map::map(ctx))?,
            Route::Changes => {
                self.page(ctx, url, "changes.html", "changes", &changes::index(ctx))?
            }
            Route::ChangesQuarter(quarter) => match changes::quarter(ctx, *quarter) {
                Some(view) => self.page(ctx, url, "changes-quarter.html", "changes", &view)?,
                None => return Ok(None),
            },
            Route::ChangesDigest(quarter) => {
                let origin = self.site.options().origin.as_deref();
                changes::digest(ctx, *quarter, origin).into_bytes()
            }
            Route::NotFound => self.page(ctx, url, "404.html", "", &())?,
            // The route table never pages a later page.
            Route::Paged(..) => return Ok(None),
            Route::Sitemap => self.sitemap(ctx).into_bytes(),
            Route::SearchIndex => search::index(ctx),
            Route::Feed => {
                let origin = self.site.options().origin.as_deref().unwrap_or("");
                feed::feed(ctx, origin, &self.view.title).into_bytes()
            }
            Route::StrategyJson => {
                let options = self.site.options();
                let base_url =
                    format!("{}{}", options.origin.as_deref().unwrap_or(""), ctx.url(""));
                strategy_json::strategy_json(ctx, &self.view.title, base_url)
            }
            Route::Robots => {
                ctx.read_site();
                let origin = self.site.options().origin.as_deref();
                let url = origin.map(|origin| format!("{origin}{}", ctx.url("sitemap.xml")));
                sitemap::robots(url.as_deref()).into_bytes()
            }
            Route::Asset(path) => ctx.asset(path).map_or_else(Vec::new, |a| a.bytes.to_vec()),
            Route::Static(path) => {
                ctx.read_site();
                self.theme
                    .files
                    .get(&format!("static/{path}"))
                    .map_or_else(Vec::new, |f| f.bytes.clone())
            }
        };
        Ok(Some(bytes))
    }

    /// What a later rebuild needs to know of this one to tell what an edit changed,
    /// without keeping this strategy alive: the site-wide fingerprint, and each
    /// document's kind and references.
    pub fn snapshot(&self) -> Snapshot {
        let strategy = self.site.strategy();
        let graph = &strategy.graph;
        let documents: Vec<Summary> = strategy
            .documents
            .iter()
            .enumerate()
            .map(|(i, document)| {
                let edges = graph.outgoing[i]
                    .iter()
                    .map(|&e| (graph.edges[e].relation, graph.edges[e].to.0))
                    .collect();
                (self.site.key(DocId(i)), document.kind, edges, self.filed(DocId(i)))
            })
            .collect();
        Snapshot::of(self.fingerprint, documents)
    }

    /// The URLs to render again after the documents at `edited` (paths under
    /// `content/`, changed, added or removed) changed, given what the build
    /// `previous` summarizes rendered: every new URL and every static file, and every
    /// page that read an edited document, a document whose references an edit changed,
    /// or the list of an edited document's kind. Everything when site-wide inputs
    /// differ.
    pub fn affected(
        &self,
        previous: &Snapshot,
        rendered: &Rendered,
        edited: &BTreeSet<String>,
    ) -> BTreeSet<UrlPath> {
        self.affected_by(previous, |url| rendered.pages.get(url).map(|page| &page.reads), edited)
    }

    /// [`Self::affected`], with what each page read then given by `read_then` (`None`
    /// for a page that was not rendered).
    fn affected_by<'r>(
        &self,
        previous: &Snapshot,
        read_then: impl Fn(&UrlPath) -> Option<&'r Reads>,
        edited: &BTreeSet<String>,
    ) -> BTreeSet<UrlPath> {
        let Some(changes) = self.changes(previous, edited) else {
            return self.routes.keys().cloned().collect();
        };
        self.routes
            .iter()
            .filter(|(url, route)| match read_then(url) {
                _ if always_made(route) => true,
                None => true,
                Some(reads) => changes.touch(reads),
            })
            .map(|(url, _)| url.clone())
            .collect()
    }

    /// What changed since `previous` when the documents at `edited` (paths under
    /// `content/`, added, changed or removed) did, as pages read it; `None` when the
    /// site-wide inputs changed, which every page reads.
    fn changes(&self, previous: &Snapshot, edited: &BTreeSet<String>) -> Option<Changes> {
        if self.fingerprint != previous.fingerprint {
            return None;
        }
        let mut documents = edited.clone();
        let mut kinds = BTreeSet::new();
        let mut facets = BTreeSet::new();
        for path in edited {
            let filed_before = previous.filed(path).unwrap_or_default();
            let strategy = self.site.strategy();
            let now = strategy.graph.lookup_path(path).map(|id| self.filed(id));
            let filed_after = now.as_deref().unwrap_or_default();
            for facet in FACETS {
                let names = |filed: &[(Facet, String)]| -> Vec<String> {
                    filed.iter().filter(|(f, _)| *f == facet).map(|(_, n)| n.clone()).collect()
                };
                if names(filed_before) != names(filed_after) {
                    facets.insert(facet);
                }
            }
            let before = previous.references(path);
            let after = self.references(path);
            let after = after.as_ref().map(|(kind, edges)| {
                (*kind, edges.iter().map(|(r, to)| (*r, &**to)).collect::<Vec<_>>())
            });
            if before.as_ref().map(|(_, e)| e) != after.as_ref().map(|(_, e)| e) {
                let targets = before.iter().chain(&after).flat_map(|(_, edges)| edges);
                documents.extend(targets.map(|(_, to)| to.to_string()));
            }
            kinds.extend(before.iter().chain(&after).map(|(kind, _)| *kind));
        }
        // A kind's introduction that appeared: its index, which lists the kind, shows it
        // now (one that changed or went was read by it, and is among `documents`).
        let intros = &self.site.strategy().intros;
        kinds.extend(intros.iter().filter(|(_, i)| edited.contains(&i.path)).map(|(k, _)| *k));
        Some(Changes { documents, kinds, facets })
    }

    /// `rendered`, brought up to date after `edited` changed: the pages [`Self::affected`]
    /// names are rendered again, pages of routes that are gone are dropped, and the rest
    /// are kept as they were.
    pub fn update(
        &self,
        previous: &Snapshot,
        rendered: Rendered,
        edited: &BTreeSet<String>,
    ) -> Result<Rendered, RenderError> {
        let affected = self.affected(previous, &rendered, edited);
        self.update_urls(rendered, affected.into_iter().collect())
    }

    /// `rendered` without the pages of routes that are gone, and with the pages at `urls`
    /// rendered again.
    pub fn update_urls(
        &self,
        mut rendered: Rendered,
        urls: Vec<UrlPath>,
    ) -> Result<Rendered, RenderError> {
        rendered.pages.retain(|url, _| self.routes.contains_key(url));
        self.render_some(urls, rendered)
    }

    /// `rendered`, brought up to date after edits that changed only the bodies of the
    /// documents at `edited`, with the strategy otherwise as it was: just the pages that
    /// show one of those bodies are rendered again. Returns their URLs too.
    pub fn update_bodies(
        &self,
        rendered: Rendered,
        edited: &BTreeSet<String>,
    ) -> Result<(Rendered, Vec<UrlPath>), RenderError> {
        let urls: Vec<UrlPath> = rendered
            .pages
            .iter()
            .filter(|(_, page)| page.reads.bodies.iter().any(|b| edited.contains(&**b)))
            .map(|(url, _)| url.clone())
            .collect();
        Ok((self.render_some(urls.clone(), rendered)?, urls))
    }

    /// The owners and tags a document is filed under in this build, if it is published.
    fn filed(&self, id: DocId) -> Filed {
        if !self.site.is_published(id) {
            return Box::default();
        }
        let document = &self.site.strategy().documents[id.0];
        FACETS
            .iter()
            .flat_map(|&facet| names_of(document, facet).into_iter().map(move |n| (facet, n)))
            .collect()
    }

    /// The kind and the references, sorted, of the document at `path` in this build.
    fn references(&self, path: &str) -> Option<(Kind, Vec<Reference>)> {
        let strategy = self.site.strategy();
        let graph = &strategy.graph;
        let id = graph.lookup_path(path)?;
        let mut references: Vec<Reference> = graph.outgoing[id.0]
            .iter()
            .map(|&e| (graph.edges[e].relation, self.site.key(graph.edges[e].to)))
            .collect();
        references.sort_unstable();
        Some((strategy.documents[id.0].kind, references))
    }

    fn render_some(
        &self,
        mut urls: Vec<UrlPath>,
        mut into: Rendered,
    ) -> Result<Rendered, RenderError> {
        // The pages that were largest last time go first, and each thread takes the next
        // page when it is free: a few big indexes among small pages then run side by
        // side instead of one after the other on one thread. (A first build knows no
        // sizes and keeps the route order.)
        let size = |url: &UrlPath| into.pages.get(url).map_or(0, |page| page.bytes.len());
        urls.sort_by_cached_key(|url| std::cmp::Reverse(size(url)));
        let mut pages: Vec<(UrlPath, Result<Option<Page>, RenderError>)> = urls
            .into_iter()
            .par_bridge()
            .map(|url| {
                let page = self.render(&url);
                (url, page)
            })
            .collect();
        // Threads finish in any order; the first error reported is the first by URL.
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        for (url, page) in pages {
            if let Some(page) = page? {
                into.pages.insert(url, Arc::new(page));
            }
        }
        Ok(into)
    }

    fn page(
        &self,
        ctx: &Ctx<'_>,
        url: &UrlPath,
        template: &str,
        section: &str,
        value: &impl Serialize,
    ) -> Result<Vec<u8>, RenderError> {
        // Every page shows the navigation, the footer and the date.
        ctx.read_site();
        let mut context = tera::Context::new();
        match &self.site_value {
            Some(site) => context.insert_value("site", site.clone()),
            None => context.insert("site", &self.view),
        }
        context.insert("section", section);
        // The page's own URL, so the navigation can tell an index from a page below it.
        context.insert("current_url", &ctx.url(url.as_str()));
        context.insert("page", value);
        context.insert("pager", &self.pager(ctx, url));
        let introduced = match self.routes.get(url) {
            Some(Route::Index(kind)) => Some(*kind),
            Some(Route::Debt) => Some(Kind::Debt),
            _ => None,
        };
        // A kind's index opens with its folder's README.md, when it has one.
        let intro = introduced
            .and_then(|kind| documents::intro_html(ctx, kind, super::views::kind_plural(kind)));
        context.insert("intro_html", &intro);
        self.theme.tera().render(template, &context).map(String::into_bytes).map_err(|source| {
            RenderError::Template { origin: origin_of(self.theme, template), source }
        })
    }

    /// The links between the pages of the list at `url`, when it takes more than one.
    fn pager(&self, ctx: &Ctx<'_>, url: &UrlPath) -> Option<super::pager::PagerView> {
        use super::pager::page_url;
        let (first, page) = match self.routes.get(url)? {
            Route::Paged(_, n) => {
                let suffix = format!("page/{n}/");
                (UrlPath::from(url.as_str().strip_suffix(suffix.as_str())?), *n)
            }
            _ => (url.clone(), 1),
        };
        let mut pages = page;
        while self.routes.contains_key(&page_url(&first, pages + 1)) {
            pages += 1;
        }
        super::pager::view(ctx, &first, page, pages)
    }

    /// The sitemap: home, the indexes in navigation order, the roadmap, the index of
    /// pages, then every document's page with its `updated` date.
    fn sitemap(&self, ctx: &Ctx<'_>) -> String {
        ctx.read_site();
        let origin = self.site.options().origin.as_deref().unwrap_or("");
        // (group, place in the group, page of a list), URL, date.
        type Entry = ((u8, usize, usize), String, Option<String>);
        let mut entries: Vec<Entry> = Vec::new();
        for (url, route) in self.routes {
            // A later page of a list sorts with its first page.
            let (route, n) = match route {
                Route::Paged(first, n) => (first.as_ref(), *n),
                route => (route, 1),
            };
            let rank = match route {
                Route::Home => (0, 0),
                Route::Index(kind) => {
                    (1, super::NAV_ORDER.iter().position(|k| k == kind).unwrap_or(0))
                }
                Route::OkrQuarter(_) => {
                    (1, super::NAV_ORDER.iter().position(|k| *k == Kind::Objective).unwrap_or(0))
                }
                Route::Debt => {
                    (1, super::NAV_ORDER.iter().position(|k| *k == Kind::Debt).unwrap_or(0))
                }
                Route::Roadmap => (2, 0),
                Route::Map => (2, 1),
                Route::Pages => (3, 0),
                Route::Health => (3, 1),
                Route::Changes => (3, 2),
                Route::ChangesQuarter(_) => (3, 3),
                Route::Terms(_) => (4, 0),
                Route::Term(..) => (4, 1),
                Route::Document(DocId(i)) => (5, *i),
                _ => continue,
            };
            let updated = match route {
                Route::Document(id) => ctx.doc(*id).updated.map(|u| u.to_string()),
                _ => None,
            };
            entries.push(((rank.0, rank.1, n), ctx.url(url.as_str()), updated));
        }
        entries.sort_by_key(|e| e.0);
        let pages: Vec<(String, Option<String>)> =
            entries.into_iter().map(|(_, url, updated)| (url, updated)).collect();
        // The list changes whenever a document comes or goes.
        ctx.documents().for_each(drop);
        sitemap::sitemap(origin, &pages)
    }
}

fn site_view(ctx: &Ctx<'_>, strategy: &Strategy, routes: &Routes) -> SiteView {
    SiteView {
        title: strategy.config.title.clone(),
        base: ctx.url(""),
        today: strategy.today.to_string(),
        quarter: strategy.current_quarter().to_string(),
        nav: nav_groups(ctx, routes).into_iter().flat_map(|g| g.items).collect(),
        nav_groups: nav_groups(ctx, routes),
        pages: footer_pages(ctx),
        // The index of pages is a route exactly when the footer cannot list them all.
        all_pages: routes.contains_key(&UrlPath::from(PAGES)).then(|| ctx.url(PAGES)),
        facets: FACETS
            .iter()
            .map(|&facet| (facet, super::routes::facet_url(facet, None)))
            .filter(|(_, url)| routes.contains_key(url))
            .map(|(facet, url)| FacetLink {
                title: match facet {
                    crate::model::taxonomy::Facet::Owner => "Owners",
                    crate::model::taxonomy::Facet::Tag => "Tags",
                },
                url: ctx.url(url.as_str()),
            })
            .collect(),
        feed: matches!(routes.get(&UrlPath::from(feed::FEED)), Some(Route::Feed))
            .then(|| ctx.url(feed::FEED)),
    }
}

/// The navigation in its groups ([`NAV_GROUPS`]), each entry read from the route
/// table, so it links to nothing that is not generated; a group with no entry is left
/// out.
fn nav_groups(ctx: &Ctx<'_>, routes: &Routes) -> Vec<NavGroup> {
    NAV_GROUPS
        .iter()
        .filter_map(|&(title, entries)| {
            let items: Vec<NavItem> = entries
                .iter()
                .filter_map(|&entry| {
                    let (title, url) = match entry {
                        NavEntry::Index(kind) => (kind_plural(kind), index_of(kind)),
                        NavEntry::Generated(title, url) => (title, UrlPath::from(url)),
                    };
                    routes.contains_key(&url).then(|| NavItem {
                        title,
                        section: url.as_str().trim_end_matches('/').to_string(),
                        url: ctx.url(url.as_str()),
                    })
                })
                .collect();
            (!items.is_empty()).then_some(NavGroup { title, items })
        })
        .collect()
}

/// The plain pages a footer lists, by title: all of them, or when there are more than
/// [`FOOTER_PAGES`], that many, the top-level ones first, by weight, then title.
fn footer_pages(ctx: &Ctx<'_>) -> Vec<LinkView> {
    let mut ids: Vec<DocId> = ctx.of_kind(Kind::Page).map(|(id, _)| id).collect();
    if ids.len() > FOOTER_PAGES {
        indexes::sort_by_weight(ctx, &mut ids);
        // Stable: top-level pages first, each group still by weight and title.
        ids.sort_by_key(|&id| ctx.doc(id).path.contains('/'));
        ids.truncate(FOOTER_PAGES);
    }
    let mut pages: Vec<LinkView> = ids.into_iter().map(|id| ctx.link(id)).collect();
    pages.sort_by(|a, b| a.title.cmp(&b.title));
    pages
}

/// A summary of everything a page may read besides documents: the navigation and
/// footer, site.toml, the options, the date, the vision and North Star, and the
/// theme's templates.
fn fingerprint(site: &Site<'_>, view: &SiteView, theme: &Theme, options: &RenderOptions) -> u64 {
    let strategy = site.strategy();
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(view).unwrap_or_default().hash(&mut hasher);
    format!("{:?}{options:?}", strategy.config).hash(&mut hasher);
    strategy.today.to_string().hash(&mut hasher);
    // Which commits there are and which files are not yet committed: what the pages
    // show from git, short of what the documents say now.
    strategy.history.revision.hash(&mut hasher);
    for id in [strategy.graph.vision, strategy.graph.north_star] {
        id.map(|id| site.key(id)).hash(&mut hasher);
    }
    // Which images there are decides where bodies' image links lead.
    strategy.assets.keys().for_each(|path| path.hash(&mut hasher));
    // Static files are rendered again after every change; templates shape every page.
    for (path, file) in theme.templates() {
        (path, &file.bytes).hash(&mut hasher);
    }
    hasher.finish()
}

fn origin_of(theme: &Theme, template: &str) -> String {
    match theme.files.get(&format!("templates/{template}")).map(|f| &f.origin) {
        Some(Origin::Disk(path)) => path.display().to_string(),
        _ => format!("the default theme's templates/{template}"),
    }
}
