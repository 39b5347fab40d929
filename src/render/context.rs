//! The one door from views to the model. A view gets a [`Ctx`] and reads documents,
//! kinds, the graph and the date through it; every read is recorded in the page's
//! [`Reads`], so the renderer can tell which pages an edit affects. Nothing else in
//! `render` sees the [`Strategy`]: a view cannot read what it does not record.

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::routes::Route;
use super::views::{Badge, LinkView, badge, kind_label};
use super::{Drafts, RenderOptions};
use crate::diagnostics::SourceMap;
use crate::model::taxonomy::{Facet, Term};
use crate::model::{
    DebtQuarter, DocId, Document, Finding, Horizon, Intro, Kind, Quarter, Ref, Relation, Strategy,
};

/// What every page of one build shares: the strategy, its sources, the options and
/// which documents are published.
pub(crate) struct Site<'a> {
    strategy: &'a Strategy,
    sources: &'a SourceMap,
    options: &'a RenderOptions,
    published: Vec<bool>,
    /// Each document's path under `content/`, shared by every page that reads it.
    keys: Vec<Arc<str>>,
    /// Each document's URL and badge, made once rather than for every link to it.
    urls: Vec<String>,
    badges: Vec<Option<Badge>>,
    /// What several pages share (a long list, cut into pages), by the route of the
    /// list's first page and the type of the value: made by the first page that asks.
    shared: Mutex<HashMap<(Route, TypeId), SharedCell>>,
    /// How many links to documents the build's pages made: the unit of a view's work,
    /// which a test counts to catch a page that makes more than its own entries.
    links: AtomicUsize,
}

/// Where a [`Shared`] value is made once, while the other pages that want it wait.
type SharedCell = Arc<OnceLock<Shared>>;

/// A value several pages share, with what making it read: every page that uses it
/// reads that too, so the preview knows to render each of them again.
struct Shared {
    value: Arc<dyn Any + Send + Sync>,
    reads: Recorded,
}

/// What a [`Ctx`] recorded, each document once.
#[derive(Default)]
struct Recorded {
    documents: Vec<DocId>,
    bodies: Vec<DocId>,
    intros: Vec<Arc<str>>,
    kinds: BTreeSet<Kind>,
    facets: BTreeSet<Facet>,
    site_wide: bool,
}

impl<'a> Site<'a> {
    pub(crate) fn new(
        strategy: &'a Strategy,
        sources: &'a SourceMap,
        options: &'a RenderOptions,
    ) -> Site<'a> {
        let published = strategy
            .documents
            .iter()
            .map(|d| options.drafts == Drafts::Include || !d.draft)
            .collect();
        let keys = strategy.documents.iter().map(|d| Arc::from(d.path.as_str())).collect();
        let urls = strategy
            .documents
            .iter()
            .map(|d| format!("{}{}", options.base_path, d.url_path()))
            .collect();
        let badges = strategy.documents.iter().map(badge).collect();
        let (shared, links) = (Mutex::default(), AtomicUsize::new(0));
        Site { strategy, sources, options, published, keys, urls, badges, shared, links }
    }

    /// How many links the site's readers have made and tallied.
    pub(crate) fn links_made(&self) -> usize {
        self.links.load(Ordering::Relaxed)
    }

    /// A reader for one page, recording from scratch.
    pub(crate) fn reader(&self) -> Ctx<'_> {
        Ctx {
            site: self,
            documents: RefCell::default(),
            bodies: RefCell::default(),
            intros: RefCell::default(),
            kinds: RefCell::default(),
            facets: RefCell::default(),
            site_wide: Cell::new(false),
            links: Cell::new(0),
        }
    }

    /// The path under `content/` of a document: the key its reads are recorded by, which
    /// stays the same when other files come and go.
    pub(crate) fn key(&self, id: DocId) -> Arc<str> {
        self.keys.get(id.0).cloned().unwrap_or_else(|| Arc::from(""))
    }

    /// Whether a document gets a page in this build (drafts may not), unrecorded: for
    /// summing up a build, not for pages.
    pub(crate) fn is_published(&self, id: DocId) -> bool {
        self.published.get(id.0).copied().unwrap_or(false)
    }

    /// The files the site was read from.
    pub(crate) fn source_map(&self) -> &'a SourceMap {
        self.sources
    }

    pub(crate) fn strategy(&self) -> &'a Strategy {
        self.strategy
    }

    pub(crate) fn options(&self) -> &'a RenderOptions {
        self.options
    }
}

/// What one page read. A page must be rendered again when any document it read
/// changed, when the documents of a kind it listed came or went, or, when it read
/// site-wide inputs (navigation, site.toml, the date, the theme), when those changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// Documents (their front matter, title, links and headings), by their path
    /// under `content/`, in document order.
    pub documents: Vec<Arc<str>>,
    /// Documents whose Markdown body the page shows, by path: after an edit
    /// that changed only a body, only these pages are rendered again.
    pub bodies: Vec<Arc<str>>,
    /// Kinds whose set of documents the page listed.
    pub kinds: BTreeSet<Kind>,
    /// Owners or tags whose names, or whose documents, the page listed: it is
    /// rendered again when an edit changes the names a document is filed under.
    pub facets: BTreeSet<Facet>,
    pub site_wide: bool,
}

/// A page's view of the site: every accessor records what it reads.
pub(crate) struct Ctx<'a> {
    site: &'a Site<'a>,
    /// Every document read, repeats included: pushing is cheaper than keeping a set
    /// while a page renders; [`Ctx::into_reads`] sorts them out once.
    documents: RefCell<Vec<DocId>>,
    bodies: RefCell<Vec<DocId>>,
    /// The paths of the kinds' introductions read (`decisions/README.md`).
    intros: RefCell<Vec<Arc<str>>>,
    kinds: RefCell<BTreeSet<Kind>>,
    facets: RefCell<BTreeSet<Facet>>,
    site_wide: Cell<bool>,
    /// How many links this reader made, added to the site's count by [`Ctx::tally`].
    links: Cell<usize>,
}

impl<'a> Ctx<'a> {
    /// What this page read, by keys that survive other documents coming and going.
    pub(crate) fn into_reads(self) -> Reads {
        let site = self.site;
        let keys = |mut ids: Vec<DocId>| -> Vec<Arc<str>> {
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().map(|id| site.key(id)).collect()
        };
        let mut documents = keys(self.documents.into_inner());
        documents.extend(self.intros.into_inner());
        Reads {
            documents,
            bodies: keys(self.bodies.into_inner()),
            kinds: self.kinds.into_inner(),
            facets: self.facets.into_inner(),
            site_wide: self.site_wide.get(),
        }
    }

    fn read(&self, id: DocId) {
        self.documents.borrow_mut().push(id);
    }

    /// The value `make` makes, made once for every page of the site that asks for it
    /// under `key` (the route of the first page of the list it holds): the page reads
    /// what making it read.
    pub(crate) fn shared<T: Any + Send + Sync>(
        &self,
        key: &Route,
        make: impl Fn(&Ctx<'a>) -> T,
    ) -> Arc<T> {
        let cell = {
            let mut shared = self.site.shared.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(shared.entry((key.clone(), TypeId::of::<T>())).or_default())
        };
        let shared = cell.get_or_init(|| {
            let maker = self.site.reader();
            let value: Arc<dyn Any + Send + Sync> = Arc::new(make(&maker));
            maker.tally();
            Shared { value, reads: maker.recorded() }
        });
        let reads = &shared.reads;
        self.documents.borrow_mut().extend_from_slice(&reads.documents);
        self.bodies.borrow_mut().extend_from_slice(&reads.bodies);
        self.intros.borrow_mut().extend(reads.intros.iter().cloned());
        self.kinds.borrow_mut().extend(&reads.kinds);
        self.facets.borrow_mut().extend(&reads.facets);
        if reads.site_wide {
            self.read_site();
        }
        // The key holds the type, so the value is always a `T`.
        Arc::clone(&shared.value).downcast::<T>().unwrap_or_else(|_| Arc::new(make(self)))
    }

    /// Adds the links this reader made to the site's count (one atomic add a page).
    pub(crate) fn tally(&self) {
        self.site.links.fetch_add(self.links.take(), Ordering::Relaxed);
    }

    /// What this reader recorded, each document once.
    fn recorded(self) -> Recorded {
        let once = |mut ids: Vec<DocId>| {
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        Recorded {
            documents: once(self.documents.into_inner()),
            bodies: once(self.bodies.into_inner()),
            intros: self.intros.into_inner(),
            kinds: self.kinds.into_inner(),
            facets: self.facets.into_inner(),
            site_wide: self.site_wide.get(),
        }
    }

    fn read_kind(&self, kind: Kind) {
        self.kinds.borrow_mut().insert(kind);
    }

    /// Records that the page reads every kind: it changes with any document's facts.
    pub(crate) fn read_all_kinds(&self) {
        for &(_, kind) in <Kind as crate::model::fields::Choice>::ALL {
            self.read_kind(kind);
        }
    }

    /// What git recorded of the strategy. What it says of commits (which there are,
    /// which files are not yet committed) is part of the site-wide fingerprint; what
    /// it says of the documents as they are now is read through them.
    pub(crate) fn history(&self) -> &'a crate::model::history::History {
        &self.site.strategy.history
    }

    /// Records that the page reads site-wide inputs (navigation, site.toml, the date).
    pub(crate) fn read_site(&self) {
        self.site_wide.set(true);
    }

    /// A document.
    pub(crate) fn doc(&self, id: DocId) -> &'a Document {
        self.read(id);
        &self.site.strategy.documents[id.0]
    }

    /// A document's Markdown body, recorded apart from the rest of the document.
    pub(crate) fn body(&self, id: DocId) -> &'a str {
        self.bodies.borrow_mut().push(id);
        self.site.strategy.documents.get(id.0).map_or("", |d| d.body(self.site.sources))
    }

    /// The introduction of `kind`'s index page, its path recorded like a document's,
    /// so an edit of it renders the index again.
    pub(crate) fn intro(&self, kind: Kind) -> Option<&'a Intro> {
        let intro = self.site.strategy.intros.get(&kind)?;
        self.intros.borrow_mut().push(Arc::from(intro.path.as_str()));
        Some(intro)
    }

    /// An image beside the documents, by its path under `content/`; it is read again
    /// with every build that reads content/ again.
    pub(crate) fn asset(&self, path: &str) -> Option<&'a crate::content::Asset> {
        self.read_site();
        self.site.strategy.assets.get(path)
    }

    /// Whether an image is published at `path` under `content/`: what a body's
    /// relative image link is rewritten to.
    pub(crate) fn has_asset(&self, path: &str) -> bool {
        self.read_site();
        self.site.strategy.assets.contains_key(path)
    }

    /// The text of an introduction.
    pub(crate) fn intro_body(&self, intro: &Intro) -> &'a str {
        self.site.sources.file(intro.file).text.get(intro.body_start..).unwrap_or("")
    }

    /// A resolved body link written at `from_path` under `content/`, by document
    /// `from` or, with `None`, by a kind's introduction: the target and the heading's
    /// anchor.
    pub(crate) fn resolve_link(
        &self,
        from: Option<DocId>,
        from_path: &str,
        target: &crate::markdown::LinkTarget,
    ) -> Option<(DocId, Option<String>)> {
        let strategy = self.site.strategy;
        let (to, anchor) =
            strategy.graph.resolve_at(&strategy.documents, from, from_path, target).ok()?;
        self.read(to);
        Some((to, anchor))
    }

    /// Whether a document gets a page (drafts may not).
    pub(crate) fn is_published(&self, id: DocId) -> bool {
        self.read(id);
        self.site.published.get(id.0).copied().unwrap_or(false)
    }

    /// The published documents of every kind, in path order.
    pub(crate) fn documents(&self) -> impl Iterator<Item = (DocId, &'a Document)> + '_ {
        for &kind in super::NAV_ORDER {
            self.read_kind(kind);
        }
        self.published_documents(None)
    }

    /// The published documents of one kind, in path order.
    pub(crate) fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (DocId, &'a Document)> + '_ {
        self.read_kind(kind);
        self.published_documents(Some(kind))
    }

    /// The published documents (of `kind`, when given), each recorded as it is read.
    fn published_documents(
        &self,
        kind: Option<Kind>,
    ) -> impl Iterator<Item = (DocId, &'a Document)> + '_ {
        let site = self.site;
        let wanted = move |(i, d): &(usize, &Document)| {
            site.published[*i] && kind.is_none_or(|k| d.kind == k)
        };
        site.strategy.documents.iter().enumerate().filter(wanted).map(move |(i, d)| {
            self.read(DocId(i));
            (DocId(i), d)
        })
    }

    /// The document with this id, if any.
    pub(crate) fn lookup(&self, id: &str) -> Option<DocId> {
        let found = self.site.strategy.graph.lookup(id)?;
        self.read(found);
        Some(found)
    }

    /// The documents that reference `id` through `relation`, each once, in document
    /// order.
    pub(crate) fn sources(&self, id: DocId, relation: Relation) -> Vec<DocId> {
        self.read(id);
        let graph = &self.site.strategy.graph;
        let mut from: Vec<DocId> = graph.sources(id, relation).collect();
        from.sort();
        from.dedup();
        from.iter().for_each(|&d| self.read(d));
        from
    }

    /// Every document that references `id`, with the relation it references it by:
    /// each pair once, by relation (in [`Relation::ALL`] order), then document.
    pub(crate) fn referrers_by_relation(&self, id: DocId) -> Vec<(Relation, DocId)> {
        let graph = &self.site.strategy.graph;
        let edges = graph.backlinks.get(id.0).map_or(&[][..], Vec::as_slice);
        self.by_relation(id, edges.iter().map(|&e| (graph.edges[e].relation, graph.edges[e].from)))
    }

    /// Every document `id` references, in its fields or its body, with the relation:
    /// each pair once, by relation (in [`Relation::ALL`] order), then document.
    pub(crate) fn references_by_relation(&self, id: DocId) -> Vec<(Relation, DocId)> {
        let graph = &self.site.strategy.graph;
        let edges = graph.outgoing.get(id.0).map_or(&[][..], Vec::as_slice);
        self.by_relation(id, edges.iter().map(|&e| (graph.edges[e].relation, graph.edges[e].to)))
    }

    /// `pairs` of the edges of `id`, sorted, without repeats, each document read.
    fn by_relation(
        &self,
        id: DocId,
        pairs: impl Iterator<Item = (Relation, DocId)>,
    ) -> Vec<(Relation, DocId)> {
        self.read(id);
        let mut pairs: Vec<(Relation, DocId)> = pairs.collect();
        pairs.sort_by_key(|&(relation, d)| (Relation::ALL.iter().position(|&r| r == relation), d));
        pairs.dedup();
        pairs.iter().for_each(|&(_, d)| self.read(d));
        pairs
    }

    /// Every document `id` references through a front-matter field (not its body),
    /// each once: what its page shows in its facts.
    pub(crate) fn field_targets(&self, id: DocId) -> Vec<DocId> {
        self.read(id);
        let graph = &self.site.strategy.graph;
        let mut to: Vec<DocId> = graph.outgoing[id.0]
            .iter()
            .map(|&e| &graph.edges[e])
            .filter(|e| e.relation != Relation::Body)
            .map(|e| e.to)
            .collect();
        to.sort_unstable();
        to.dedup();
        to.iter().for_each(|&d| self.read(d));
        to
    }

    /// The first document `id` references through `relation`.
    pub(crate) fn target(&self, id: DocId, relation: Relation) -> Option<DocId> {
        self.targets(id, relation).into_iter().next()
    }

    /// The documents `id` references through `relation`, in the order written.
    pub(crate) fn targets(&self, id: DocId, relation: Relation) -> Vec<DocId> {
        self.read(id);
        let to: Vec<DocId> = self.site.strategy.graph.targets(id, relation).collect();
        to.iter().for_each(|&d| self.read(d));
        to
    }

    /// A document's rungs up to the North Star, nearest first. An objective's ladder
    /// may pass through its initiatives, which are read too.
    pub(crate) fn ladder(&self, id: DocId) -> &'a [Vec<DocId>] {
        self.read_site();
        self.targets(id, Relation::Initiatives);
        let ladder = self.site.strategy.graph.ladders.get(id.0).map_or(&[][..], Vec::as_slice);
        ladder.iter().flatten().for_each(|&d| self.read(d));
        ladder
    }

    /// The vision and the North Star metric, when there is exactly one of each.
    pub(crate) fn vision(&self) -> Option<DocId> {
        self.read_site();
        self.site.strategy.graph.vision
    }

    pub(crate) fn north_star(&self) -> Option<DocId> {
        self.read_site();
        self.site.strategy.graph.north_star
    }

    /// Where an initiative stands on the roadmap today.
    pub(crate) fn horizon(&self, id: DocId) -> Option<Horizon> {
        self.read_site();
        self.site.strategy.horizon(self.doc(id))
    }

    /// The health findings about a document, recording what decided them: the
    /// document, the date, and the documents and kinds its assessment looked at.
    pub(crate) fn findings(&self, id: DocId) -> Vec<&'a Finding> {
        self.read_site();
        self.read(id);
        let health = &self.site.strategy.health;
        health.inputs.get(id.0).into_iter().flatten().for_each(|&d| self.read(d));
        health.kinds.get(id.0).into_iter().flatten().for_each(|&k| self.read_kind(k));
        health.of(id).collect()
    }

    /// Every health finding of the strategy, which may depend on any document.
    pub(crate) fn all_findings(&self) -> &'a [Finding] {
        self.read_site();
        self.documents().for_each(drop);
        &self.site.strategy.health.findings
    }

    /// The day the strategy is read on, and its quarter.
    pub(crate) fn today(&self) -> crate::model::Date {
        self.read_site();
        self.site.strategy.today
    }

    pub(crate) fn current_quarter(&self) -> Quarter {
        self.read_site();
        self.site.strategy.current_quarter()
    }

    /// Whether raw HTML in bodies reaches the page (site.toml).
    pub(crate) fn allow_html(&self) -> bool {
        self.read_site();
        self.site.strategy.config.allow_html
    }

    /// An absolute URL path under the base: `url("okrs/")` → `/proj/okrs/`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.site.options.base_path, path)
    }

    /// The URL of a document's page.
    pub(crate) fn doc_url(&self, id: DocId) -> String {
        self.doc(id);
        self.site.urls.get(id.0).cloned().unwrap_or_default()
    }

    /// A link to a published document.
    pub(crate) fn link(&self, id: DocId) -> LinkView {
        self.links.set(self.links.get() + 1);
        let document = self.doc(id);
        LinkView {
            id: document.id.clone(),
            title: document.title.clone(),
            url: self.site.urls.get(id.0).cloned().unwrap_or_default(),
            kind: document.kind.as_str(),
            kind_label: kind_label(document.kind),
            badge: self.site.badges.get(id.0).cloned().flatten(),
        }
    }

    /// Links to the published documents among `refs`, in order, without repeats.
    pub(crate) fn links(&self, refs: &[Ref]) -> Vec<LinkView> {
        let mut seen = BTreeSet::new();
        refs.iter()
            .filter_map(|r| self.lookup(&r.id))
            .filter(|&id| self.is_published(id) && seen.insert(id))
            .map(|id| self.link(id))
            .collect()
    }

    /// The kinds that have at least one published document, in navigation order.
    pub(crate) fn sections(&self) -> Vec<Kind> {
        super::NAV_ORDER.iter().copied().filter(|&k| self.of_kind(k).next().is_some()).collect()
    }

    /// The share of each quarter's capacity reserved for debt (site.toml).
    pub(crate) fn debt_capacity(&self) -> f64 {
        self.read_site();
        self.site.strategy.config.debt_capacity
    }

    /// The debt budget of each quarter, counting the published debt items.
    pub(crate) fn debt_quarters(&self) -> Vec<DebtQuarter> {
        self.read_site();
        let config = &self.site.strategy.config;
        crate::model::debt_budget::debt_quarters(
            self.of_kind(Kind::Debt),
            config.debt_capacity,
            config.capacity_days.as_ref(),
        )
    }

    /// Every owner (or tag) of the published documents, by slug. What names a document
    /// is filed under is recorded as one read of `facet`, not as reads of every
    /// document: see [`Reads::facets`]. The documents themselves are not read.
    pub(crate) fn terms(&self, facet: Facet) -> &'a BTreeMap<String, Term> {
        self.facets.borrow_mut().insert(facet);
        let site = self.site;
        site.strategy.terms(facet, site.options.drafts == Drafts::Include)
    }

    /// The owner (or tag) with this slug, when a published document names it.
    pub(crate) fn term(&self, facet: Facet, slug: &str) -> Option<&'a Term> {
        self.terms(facet).get(slug)
    }
}
