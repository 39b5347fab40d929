//! The route table: every URL of the site, once, with what is published there. The
//! url-collision check, the sitemap and rendering all read it; nothing else lists URLs.
//! Adding a view is one [`Route`] variant here, one view function and one template.

use std::collections::BTreeMap;

use super::context::Site;
use super::paths::Collision;
use super::{Drafts, RenderOptions, Theme};
use crate::diagnostics::SourceMap;
use crate::model::taxonomy::Facet;
use crate::model::{DocId, Kind, KindData, Quarter, Strategy};

/// A URL of the site relative to its base path: `` (home), `initiatives/x/`, `404.html`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UrlPath(String);

impl UrlPath {
    /// The URL relative to the base path.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file the URL is served from, relative to the output folder: a folder's
    /// `index.html`, or the file itself.
    pub fn file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }
}

impl From<&str> for UrlPath {
    fn from(url: &str) -> Self {
        UrlPath(url.to_string())
    }
}

impl std::fmt::Display for UrlPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is published at a URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/`: the vision, the North Star, pillars and the latest news.
    Home,
    /// A document's page.
    Document(DocId),
    /// The index of a kind (`/initiatives/`).
    Index(Kind),
    /// `/debt/`: the risk × impact matrix, the budget by quarter and the register.
    Debt,
    /// `/owners/` or `/tags/`: every owner or tag.
    Terms(Facet),
    /// `/owners/<slug>/` or `/tags/<slug>/`: what one owner owns or one tag marks.
    Term(Facet, String),
    /// `/pages/`: every plain page, when the footer cannot list them all.
    Pages,
    /// `/okrs/2026-q4/`: one quarter's objectives by pillar, with their roll-ups.
    OkrQuarter(Quarter),
    /// `/roadmap/`: Now / Next / Later and the timeline.
    Roadmap,
    /// `/health/`: what is missing, stale, overdue or out of order.
    Health,
    /// `/map/`: the North Star, its pillars and their current work as one picture.
    Map,
    /// `/changes/`: what changed in the latest quarter, and every earlier one, from git.
    Changes,
    /// `/changes/2026-q3/`: what changed in one quarter.
    ChangesQuarter(Quarter),
    /// `/changes/2026-q3.md`: the same, as Markdown to paste into an email or a chat.
    ChangesDigest(Quarter),
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml`, when `base_url` is absolute.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/search-index.json`: what the search box looks through.
    SearchIndex,
    /// `/feed.xml`: the Atom feed of updates, post-mortems and decisions, when
    /// `base_url` is absolute and there is a dated one.
    Feed,
    /// `/strategy.json`: the whole strategy, for other tools.
    StrategyJson,
    /// A file of the theme's or the site's `static/`, by its path there.
    Static(String),
    /// An image beside the documents, by its path under `content/`.
    Asset(String),
    /// Page 2, 3, … of a long list whose first page is the route inside
    /// (`/initiatives/page/2/`), a hundred entries to a page.
    Paged(Box<Route>, usize),
}

impl Route {
    /// Whether the preview renders the route only when it is asked for: large files
    /// for tools and scripts, which nobody reads while editing, and which would
    /// otherwise be rendered again after every front-matter edit.
    pub fn is_on_demand(&self) -> bool {
        matches!(self, Route::SearchIndex | Route::StrategyJson)
    }
}

/// Every URL of a site.
pub type Routes = BTreeMap<UrlPath, Route>;

/// The URL of a kind's index (`initiatives/`); for the vision, its page.
pub(crate) fn index_of(kind: Kind) -> UrlPath {
    UrlPath(format!("{}/", kind.section()))
}

/// The URL of the roadmap; reserved even while there are no initiatives, so a page
/// written there today does not break when the first initiative arrives.
pub(crate) const ROADMAP: &str = "roadmap/";

/// The URL of the health page, generated for every site.
pub(crate) const HEALTH: &str = "health/";

/// The URL of the strategy map; reserved like [`ROADMAP`].
pub(crate) const MAP: &str = "map/";

/// The URL of a quarter's OKR page, in lower case: `okrs/2026-q4/`.
pub(crate) fn okr_quarter(quarter: Quarter) -> UrlPath {
    UrlPath(format!("{}/{}/", Kind::Objective.section(), quarter.to_string().to_lowercase()))
}

/// The quarter whose OKR page `url` is, if it has that shape. Every such URL is
/// reserved, so an objective named after a quarter does not break when that quarter
/// gets objectives.
pub(crate) fn okr_quarter_of(url: &str) -> Option<Quarter> {
    url.strip_prefix(Kind::Objective.section())
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|q| Quarter::parse(q).ok())
        .filter(|&q| okr_quarter(q).as_str() == url)
}

fn is_okr_quarter(url: &str) -> bool {
    okr_quarter_of(url).is_some()
}

/// The URL of the search index, generated for every site.
pub(crate) const SEARCH_INDEX: &str = "search-index.json";

/// The URL of the index of plain pages; reserved like [`ROADMAP`].
pub(crate) const PAGES: &str = "pages/";

/// One entry of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NavEntry {
    /// The index of a kind (the vision's page for the vision), titled by the kind.
    Index(Kind),
    /// A generated page: its title and its URL.
    Generated(&'static str, &'static str),
}

/// The navigation, in groups. An entry shows when the route table has its URL, a
/// group when one of its entries shows; a page is marked current in the navigation
/// when its section is the entry's URL without the final `/`. Adding a generated page
/// to the navigation is one line here: `NavEntry::Generated("Health", "health/")`.
pub(crate) const NAV_GROUPS: &[(&str, &[NavEntry])] = &[
    (
        "Strategy",
        &[
            NavEntry::Index(Kind::Vision),
            NavEntry::Index(Kind::Principle),
            NavEntry::Index(Kind::Pillar),
            NavEntry::Index(Kind::Metric),
            NavEntry::Generated("Map", MAP),
        ],
    ),
    (
        "Execution",
        &[
            NavEntry::Generated("Roadmap", ROADMAP),
            NavEntry::Index(Kind::Initiative),
            NavEntry::Index(Kind::Objective),
            NavEntry::Index(Kind::Debt),
            NavEntry::Generated("Health", HEALTH),
            NavEntry::Generated("Changes", super::changes::CHANGES),
        ],
    ),
    (
        "Learning",
        &[
            NavEntry::Index(Kind::Experiment),
            NavEntry::Index(Kind::Postmortem),
            NavEntry::Index(Kind::Decision),
            NavEntry::Index(Kind::Update),
            NavEntry::Index(Kind::Stakeholder),
        ],
    ),
];

/// The folders of owner and tag pages: their indexes and everything under them are
/// reserved, so a document there is a clash even before a name needs the URL.
pub(crate) const FACETS: [Facet; 2] = [Facet::Owner, Facet::Tag];

/// The URL of an owner's or tag's page by its slug, or with `None` of their index.
pub(crate) fn facet_url(facet: Facet, slug: Option<&str>) -> UrlPath {
    match slug {
        Some(slug) => UrlPath(format!("{}/{slug}/", facet.section())),
        None => UrlPath(format!("{}/", facet.section())),
    }
}

/// What northstar generates at a reserved `url`, in words, for a url-collision
/// message: "the OKR page of 2026-Q4", "the health page", "the index of okrs".
pub(crate) fn generated_at(url: &str) -> String {
    if let Some(quarter) = okr_quarter_of(url) {
        return format!("the OKR page of {quarter}");
    }
    match url.split_once('/') {
        Some((folder @ ("owners" | "tags"), rest)) if !rest.is_empty() => format!(
            "under /{folder}/, where northstar generates a page for each of the site's {folder}"
        ),
        _ => match url {
            HEALTH => "the health page".to_string(),
            super::changes::CHANGES => "the page of what changed".to_string(),
            MAP => "the strategy map".to_string(),
            ROADMAP => "the roadmap".to_string(),
            _ => format!("the index of {}", url.trim_end_matches('/')),
        },
    }
}

/// The most plain pages a footer lists: what every page repeats must not grow with the
/// site. When there are more, the footer links to [`PAGES`].
pub(crate) const FOOTER_PAGES: usize = 8;

/// A URL two things claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    pub url: UrlPath,
    /// What holds the URL.
    pub first: Claim,
    /// What wanted it too.
    pub second: Claim,
}

/// Something that claims a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    Document(DocId),
    /// A generated page (an index, the roadmap, …), reserved whether or not it is
    /// generated for this site.
    Generated,
}

/// The route table of a site with what could not be placed in it.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    pub routes: Routes,
    /// URLs a document claims that another document or a generated page holds.
    pub clashes: Vec<Clash>,
    /// Static files that would overwrite a generated file or stand where it needs a
    /// folder; they are left out of the routes.
    pub static_collisions: Vec<Collision>,
}

/// The route table of a site. Documents claim their URLs first, in path order (drafts
/// too, so that publishing one never moves another), then generated pages, then
/// static files, which never replace a page.
pub fn routes(strategy: &Strategy, theme: Option<&Theme>, options: &RenderOptions) -> RouteTable {
    let sources = SourceMap::default();
    let site = Site::new(strategy, &sources, options);
    let ctx = site.reader();
    let mut table = Table::default();
    // Every kind's index and the other generated pages are reserved: a document there
    // is a clash even when the page is not generated for this site.
    for &(_, kind) in <Kind as crate::model::fields::Choice>::ALL {
        if !matches!(kind, Kind::Page | Kind::Vision) {
            table.reserve(index_of(kind));
        }
    }
    table.reserve(UrlPath(ROADMAP.to_string()));
    table.reserve(UrlPath(PAGES.to_string()));
    table.reserve(UrlPath(HEALTH.to_string()));
    table.reserve(UrlPath(MAP.to_string()));
    table.reserve(UrlPath(super::changes::CHANGES.to_string()));
    let changed = super::changes::quarters(&ctx);
    for &quarter in &changed {
        table.reserve(super::changes::quarter_url(quarter));
        table.reserve(super::changes::digest_url(quarter));
    }
    for document in &strategy.documents {
        let url = document.url_path();
        if is_okr_quarter(&url) {
            table.reserve(UrlPath(url));
        }
    }
    for facet in FACETS {
        table.reserve(facet_url(facet, None));
        table.prefixes.push(facet_url(facet, None).0);
    }
    for (id, document) in strategy.documents.iter().enumerate().map(|(i, d)| (DocId(i), d)) {
        let is_published = options.drafts == Drafts::Include || !document.draft;
        let route = is_published.then_some(Route::Document(id));
        table.claim(UrlPath(document.url_path()), Claim::Document(id), route);
    }
    let generated = |url: &str, route| (UrlPath(url.to_string()), route);
    let mut pages = vec![generated("", Route::Home), generated("404.html", Route::NotFound)];
    for kind in ctx.sections() {
        match kind {
            Kind::Vision | Kind::Page => {}
            Kind::Debt => pages.push((index_of(kind), Route::Debt)),
            _ => pages.push((index_of(kind), Route::Index(kind))),
        }
    }
    for facet in FACETS {
        let terms = ctx.terms(facet);
        if !terms.is_empty() {
            pages.push((facet_url(facet, None), Route::Terms(facet)));
        }
        for slug in terms.keys() {
            pages.push((facet_url(facet, Some(slug)), Route::Term(facet, slug.clone())));
        }
    }
    let mut quarters: Vec<Quarter> = ctx
        .of_kind(Kind::Objective)
        .filter_map(|(_, d)| match &d.data {
            KindData::Objective(o) => o.quarter,
            _ => None,
        })
        .collect();
    quarters.sort_unstable();
    quarters.dedup();
    for quarter in quarters {
        pages.push((okr_quarter(quarter), Route::OkrQuarter(quarter)));
    }
    if ctx.of_kind(Kind::Initiative).next().is_some() {
        pages.push(generated(ROADMAP, Route::Roadmap));
    }
    pages.push(generated(HEALTH, Route::Health));
    if ctx.of_kind(Kind::Pillar).next().is_some() {
        pages.push(generated(MAP, Route::Map));
    }
    if !changed.is_empty() {
        pages.push(generated(super::changes::CHANGES, Route::Changes));
    }
    for &quarter in &changed {
        pages.push((super::changes::quarter_url(quarter), Route::ChangesQuarter(quarter)));
        pages.push((super::changes::digest_url(quarter), Route::ChangesDigest(quarter)));
    }
    if ctx.of_kind(Kind::Page).count() > FOOTER_PAGES {
        pages.push(generated(PAGES, Route::Pages));
    }
    if options.origin.is_some() {
        pages.push(generated("sitemap.xml", Route::Sitemap));
        if super::feed::has_entries(&ctx) {
            pages.push(generated(super::feed::FEED, Route::Feed));
        }
    }
    pages.push(generated("robots.txt", Route::Robots));
    pages.push(generated(SEARCH_INDEX, Route::SearchIndex));
    pages.push(generated(super::strategy_json::STRATEGY_JSON, Route::StrategyJson));
    // The later pages of long lists, after the list's first page.
    let mut later = Vec::new();
    for (url, route) in &pages {
        let Some(entries) = super::pager::entries(&ctx, route) else { continue };
        for n in 2..=super::pager::pages_for(entries) {
            later.push((super::pager::page_url(url, n), Route::Paged(Box::new(route.clone()), n)));
        }
    }
    pages.extend(later);
    for (url, route) in pages {
        table.claim(url, Claim::Generated, Some(route));
    }
    // Images beside the documents, at their paths under content/, where relative
    // links in bodies find them; never in place of a page.
    for path in strategy.assets.keys() {
        let url = UrlPath(path.clone());
        if !table.claims.contains_key(&url) && !table.routes.contains_key(&url) {
            table.routes.insert(url, Route::Asset(path.clone()));
        }
    }
    let mut static_collisions = Vec::new();
    if let Some(theme) = theme {
        let files = table.routes.keys().map(UrlPath::file).collect();
        static_collisions = super::paths::static_collisions(&files, theme);
        for (path, _) in theme.statics() {
            if !static_collisions.iter().any(|c| c.static_path == path) {
                let (url, route) = (UrlPath(path.to_string()), Route::Static(path.to_string()));
                table.routes.insert(url, route);
            }
        }
    }
    RouteTable { routes: table.routes, clashes: table.clashes, static_collisions }
}

#[derive(Default)]
struct Table {
    routes: Routes,
    claims: BTreeMap<UrlPath, Claim>,
    clashes: Vec<Clash>,
    /// Folders whose every URL is reserved for generated pages (`owners/`).
    prefixes: Vec<String>,
}

impl Table {
    fn reserve(&mut self, url: UrlPath) {
        self.claims.insert(url, Claim::Generated);
    }

    fn claim(&mut self, url: UrlPath, claim: Claim, route: Option<Route>) {
        let in_reserved_folder = self.prefixes.iter().any(|p| url.0.starts_with(p.as_str()));
        if in_reserved_folder && claim != Claim::Generated {
            self.clashes.push(Clash { url, first: Claim::Generated, second: claim });
            return;
        }
        match self.claims.get(&url) {
            // A generated page takes the URL it reserved.
            Some(Claim::Generated) if claim == Claim::Generated => {
                self.routes.extend(route.map(|r| (url, r)));
            }
            Some(first) => self.clashes.push(Clash { url, first: first.clone(), second: claim }),
            None => {
                self.claims.insert(url.clone(), claim);
                self.routes.extend(route.map(|r| (url, r)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_served_from_its_index_file() {
        assert_eq!(UrlPath(String::new()).file(), "index.html");
        assert_eq!(UrlPath("okrs/".into()).file(), "okrs/index.html");
        assert_eq!(UrlPath("404.html".into()).file(), "404.html");
    }

    #[test]
    fn quarter_pages_are_lower_case_and_recognised_only_in_that_form() {
        let q = Quarter::parse("2026-Q4").unwrap();
        assert_eq!(okr_quarter(q).as_str(), "okrs/2026-q4/");
        assert!(is_okr_quarter("okrs/2026-q4/"));
        assert!(!is_okr_quarter("okrs/2026-Q4/"));
        assert!(!is_okr_quarter("okrs/2026-q5/"));
        assert!(!is_okr_quarter("okrs/2026-q4-growth/"));
        assert!(!is_okr_quarter("initiatives/2026-q4/"));
    }
}
