//! Render: a validated [`Strategy`] and a [`Theme`] in, an [`Output`] (path → bytes) out.
//! Pages render in parallel; nothing here touches the disk or the clock.

mod charts;
mod documents;
mod home;
mod indexes;
mod paths;
mod roadmap;
mod sitemap;
mod theme;
mod views;

use rayon::prelude::*;
use serde::Serialize;

pub use paths::{Collision, output_paths, static_collisions};
pub use theme::{At, EMBEDDED, Origin, TemplateProblem, Theme, ThemeError};

use crate::diagnostics::SourceMap;
use crate::markdown::{LinkResolver, LinkTarget, Resolved};
use crate::model::{DocId, Document, Kind, Strategy};
use crate::output::Output;
use views::{LinkView, kind_label, kind_plural};

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

/// Everything renderers share: the strategy, its sources, URLs and what is published.
pub(crate) struct Ctx<'a> {
    pub(crate) strategy: &'a Strategy,
    pub(crate) sources: &'a SourceMap,
    pub(crate) base: &'a str,
    pub(crate) allow_html: bool,
    published: Vec<bool>,
}

impl<'a> Ctx<'a> {
    fn new(strategy: &'a Strategy, sources: &'a SourceMap, options: &'a RenderOptions) -> Ctx<'a> {
        let published = strategy
            .documents
            .iter()
            .map(|d| options.drafts == Drafts::Include || !d.draft)
            .collect();
        Ctx {
            strategy,
            sources,
            base: &options.base_path,
            allow_html: strategy.config.allow_html,
            published,
        }
    }

    /// Whether a document gets a page.
    pub(crate) fn is_published(&self, id: DocId) -> bool {
        self.published.get(id.0).copied().unwrap_or(false)
    }

    /// The published documents, in path order.
    pub(crate) fn documents(&self) -> impl Iterator<Item = (DocId, &'a Document)> + '_ {
        self.strategy
            .documents
            .iter()
            .enumerate()
            .filter(|(i, _)| self.published[*i])
            .map(|(i, d)| (DocId(i), d))
    }

    /// The published documents of one kind.
    pub(crate) fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (DocId, &'a Document)> + '_ {
        self.documents().filter(move |(_, d)| d.kind == kind)
    }

    pub(crate) fn doc(&self, id: DocId) -> &'a Document {
        &self.strategy.documents[id.0]
    }

    /// The output path of a document's folder, relative to the site (`initiatives/x/`).
    pub(crate) fn doc_path(document: &Document) -> String {
        document.url_path()
    }

    /// An absolute URL path under the base: `url("okrs/")` → `/proj/okrs/`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A link to a published document.
    pub(crate) fn link(&self, id: DocId) -> LinkView {
        let document = self.doc(id);
        LinkView {
            id: document.id.clone(),
            title: document.title.clone(),
            url: self.url(&Self::doc_path(document)),
            kind: document.kind.as_str(),
            kind_label: kind_label(document.kind),
            badge: views::badge(self.strategy, document),
        }
    }

    /// Links to the published documents among `refs`, in order, without repeats.
    pub(crate) fn links(&self, refs: &[crate::model::Ref]) -> Vec<LinkView> {
        let mut seen = std::collections::BTreeSet::new();
        refs.iter()
            .filter_map(|r| self.strategy.graph.lookup(&r.id))
            .filter(|&id| self.is_published(id) && seen.insert(id))
            .map(|id| self.link(id))
            .collect()
    }

    /// The kinds that have at least one published document, in navigation order.
    fn sections(&self) -> Vec<Kind> {
        NAV_ORDER.iter().copied().filter(|&k| self.of_kind(k).next().is_some()).collect()
    }
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

/// Resolves a document's body links to published pages.
struct BodyLinks<'c, 'a> {
    ctx: &'c Ctx<'a>,
    from: DocId,
}

impl LinkResolver for BodyLinks<'_, '_> {
    fn resolve(&self, target: &LinkTarget) -> Option<Resolved> {
        let strategy = self.ctx.strategy;
        let (id, anchor) =
            strategy.graph.resolve_link(&strategy.documents, self.from, target).ok()?;
        if !self.ctx.is_published(id) {
            return None;
        }
        let document = self.ctx.doc(id);
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Some(Resolved {
            url: format!("{}{fragment}", self.ctx.url(&Ctx::doc_path(document))),
            title: document.title.clone(),
        })
    }
}

/// What every page's template gets as `site`.
#[derive(Serialize)]
struct SiteView {
    title: String,
    base: String,
    today: String,
    quarter: String,
    nav: Vec<NavItem>,
    /// A few plain pages (`about.md`, `guides/…`), linked from every page's footer.
    pages: Vec<LinkView>,
    /// The URL of the index of all plain pages, when the footer cannot list them all.
    all_pages: Option<String>,
}

/// The most plain pages a footer lists: what every page repeats must not grow with the
/// site. When there are more, the footer lists the top-level ones first (by weight,
/// then title) and links to [`PAGES_INDEX`].
const FOOTER_PAGES: usize = 8;

/// The index of all plain pages, generated when the footer cannot list them all. Its
/// URL is reserved (see the url-collision check in the model).
const PAGES_INDEX: &str = "pages/";

/// The plain pages a footer lists, by title, and whether some were left out.
fn footer_pages(ctx: &Ctx<'_>) -> (Vec<LinkView>, bool) {
    let mut ids: Vec<DocId> = ctx.of_kind(Kind::Page).map(|(id, _)| id).collect();
    let is_cut = ids.len() > FOOTER_PAGES;
    if is_cut {
        indexes::sort_by_weight(ctx, &mut ids);
        // Stable: top-level pages first, each group still by weight and title.
        ids.sort_by_key(|&id| ctx.doc(id).path.contains('/'));
        ids.truncate(FOOTER_PAGES);
    }
    let mut pages: Vec<LinkView> = ids.into_iter().map(|id| ctx.link(id)).collect();
    pages.sort_by(|a, b| a.title.cmp(&b.title));
    (pages, is_cut)
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    url: String,
    section: &'static str,
}

/// Renders the whole site.
pub fn render(
    strategy: &Strategy,
    sources: &SourceMap,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Output, RenderError> {
    let tera = theme.tera();
    let ctx = Ctx::new(strategy, sources, options);
    let (footer, is_footer_cut) = footer_pages(&ctx);
    let site = SiteView {
        title: strategy.config.title.clone(),
        base: options.base_path.clone(),
        today: strategy.today.to_string(),
        quarter: strategy.current_quarter().to_string(),
        nav: ctx
            .sections()
            .into_iter()
            .filter(|&k| k != Kind::Page)
            .flat_map(|k| {
                let roadmap = (k == Kind::Initiative).then(|| NavItem {
                    title: "Roadmap",
                    url: ctx.url("roadmap/"),
                    section: "roadmap",
                });
                roadmap.into_iter().chain([NavItem {
                    title: kind_plural(k),
                    url: ctx.url(&format!("{}/", k.section())),
                    section: k.section(),
                }])
            })
            .collect(),
        pages: footer,
        all_pages: is_footer_cut.then(|| ctx.url(PAGES_INDEX)),
    };
    let renderer = Renderer { tera, theme, site: &site };

    let published: Vec<(DocId, &Document)> = ctx.documents().collect();
    let pages: Vec<Result<(String, Vec<u8>), RenderError>> = published
        .par_iter()
        .map(|&(id, document)| {
            let view = documents::view(&ctx, id, BodyLinks { ctx: &ctx, from: id });
            let html = renderer.page("document.html", document.kind.section(), "page", &view)?;
            Ok((format!("{}index.html", Ctx::doc_path(document)), html))
        })
        .collect();
    let mut output = Output::default();
    for page in pages {
        let (path, html) = page?;
        output.insert(path, html);
    }
    for kind in ctx.sections() {
        if matches!(kind, Kind::Vision | Kind::Page) {
            continue;
        }
        let view = indexes::index(&ctx, kind);
        output.insert(
            format!("{}/index.html", kind.section()),
            renderer.page("index.html", kind.section(), "page", &view)?,
        );
    }
    if is_footer_cut {
        let view = indexes::index(&ctx, Kind::Page);
        output.insert(
            format!("{PAGES_INDEX}index.html"),
            renderer.page("index.html", "pages", "page", &view)?,
        );
    }
    output.insert("index.html", renderer.page("home.html", "", "page", &home::home(&ctx))?);
    output.insert("404.html", renderer.page("404.html", "", "page", &())?);
    if ctx.of_kind(Kind::Initiative).next().is_some() {
        let view = roadmap::roadmap(&ctx);
        output
            .insert("roadmap/index.html", renderer.page("roadmap.html", "roadmap", "page", &view)?);
    }
    let sitemap_url = options.origin.as_deref().map(|origin| {
        let mut pages: Vec<(String, Option<String>)> = vec![(ctx.url(""), None)];
        pages.extend(
            ctx.sections()
                .into_iter()
                .filter(|k| !matches!(k, Kind::Vision | Kind::Page))
                .map(|k| (ctx.url(&format!("{}/", k.section())), None)),
        );
        if ctx.of_kind(Kind::Initiative).next().is_some() {
            pages.push((ctx.url("roadmap/"), None));
        }
        if is_footer_cut {
            pages.push((ctx.url(PAGES_INDEX), None));
        }
        pages.extend(
            published
                .iter()
                .map(|(_, d)| (ctx.url(&Ctx::doc_path(d)), d.updated.map(|u| u.to_string()))),
        );
        output.insert("sitemap.xml", sitemap::sitemap(origin, &pages));
        format!("{origin}{}", ctx.url("sitemap.xml"))
    });
    output.insert("robots.txt", sitemap::robots(sitemap_url.as_deref()));
    for (path, file) in theme.statics() {
        output.insert(path.to_string(), file.bytes.clone());
    }
    Ok(output)
}

struct Renderer<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    site: &'a SiteView,
}

impl Renderer<'_> {
    fn page(
        &self,
        template: &str,
        section: &str,
        name: &'static str,
        value: &impl Serialize,
    ) -> Result<Vec<u8>, RenderError> {
        let mut context = tera::Context::new();
        context.insert("site", self.site);
        context.insert("section", section);
        context.insert(name, value);
        self.tera.render(template, &context).map(String::into_bytes).map_err(|source| {
            RenderError::Template { origin: origin_of(self.theme, template), source }
        })
    }
}

fn origin_of(theme: &Theme, template: &str) -> String {
    match theme.files.get(&format!("templates/{template}")).map(|f| &f.origin) {
        Some(Origin::Disk(path)) => path.display().to_string(),
        _ => format!("the default theme's templates/{template}"),
    }
}
