//! The model: raw documents in, a typed and validated [`Strategy`] out — every kind,
//! the id graph, backlinks, ladders, scores and roadmap horizons — with every problem
//! found as a diagnostic. Pure: no I/O.

mod cycles;
pub mod debt_budget;
mod document;
pub mod fields;
mod graph;
pub mod health;
pub mod history;
pub mod kinds;
mod relation;
pub mod roadmap;
pub mod score;
pub mod taxonomy;

use std::sync::Arc;

use rayon::prelude::*;

pub use crate::calendar::{Date, Quarter, QuarterRange};
pub use debt_budget::DebtQuarter;
pub use document::Document;
pub use fields::Ref;
pub use graph::{DocId, Edge, Graph, LinkProblem, resolve_relative};
pub use health::{Finding, Health};
pub use kinds::{Kind, KindData, When};
pub use relation::Relation;
pub use roadmap::Horizon;

use crate::config::SiteConfig;
use crate::content::RawDocument;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};

/// A whole strategy, validated and linked.
#[derive(Debug)]
pub struct Strategy {
    pub config: SiteConfig,
    /// The day the strategy is read on; it decides the current quarter.
    pub today: Date,
    pub documents: Vec<Document>,
    pub graph: Graph,
    /// What is missing, stale, overdue or out of order.
    pub health: Health,
    /// The introductions of kinds' index pages: the `README.md` or `index.md` of
    /// their folders.
    pub intros: std::collections::BTreeMap<Kind, Intro>,
    /// The images beside the documents, by path under `content/`, where each is
    /// published.
    pub assets: std::collections::BTreeMap<String, crate::content::Asset>,
    /// What git recorded of the strategy's past; empty without git.
    pub history: history::History,
    /// The owners and the tags, with and without drafts, worked out once, when first
    /// asked for: the route table and every owner's and tag's page read them.
    terms: [[std::sync::OnceLock<std::collections::BTreeMap<String, taxonomy::Term>>; 2]; 2],
}

impl Strategy {
    /// The quarter `today` falls in.
    pub fn current_quarter(&self) -> Quarter {
        Quarter::of(self.today)
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.graph.lookup(id).map(|d| &self.documents[d.0])
    }

    /// The debt budget of every quarter with planned debt (or listed in
    /// `capacity_days`), counting the debt items that are not drafts: see
    /// [`debt_budget::debt_quarters`].
    pub fn debt_quarters(&self) -> Vec<DebtQuarter> {
        let documents = self.documents.iter().enumerate().filter(|(_, d)| !d.draft);
        debt_budget::debt_quarters(
            documents.map(|(i, d)| (DocId(i), d)),
            self.config.debt_capacity,
            self.config.capacity_days.as_ref(),
        )
    }

    /// The owners (or tags) of the documents that are published, drafts too when
    /// `with_drafts`, by slug.
    pub fn terms(
        &self,
        facet: taxonomy::Facet,
        with_drafts: bool,
    ) -> &std::collections::BTreeMap<String, taxonomy::Term> {
        let slot =
            &self.terms[usize::from(facet == taxonomy::Facet::Tag)][usize::from(with_drafts)];
        slot.get_or_init(|| {
            let documents = self.documents.iter().enumerate();
            let published = documents.filter(|(_, d)| with_drafts || !d.draft);
            taxonomy::terms(published.map(|(i, d)| (DocId(i), d)), facet)
        })
    }

    /// Where an initiative sits on the roadmap; `None` for other kinds.
    pub fn horizon(&self, document: &Document) -> Option<Horizon> {
        match &document.data {
            KindData::Initiative(i) => {
                Some(roadmap::classify(i.status, i.quarters, self.current_quarter()))
            }
            _ => None,
        }
    }
}

/// A kind folder's `README.md` or `index.md`: not a document, the text its index page
/// opens with.
#[derive(Clone, Debug)]
pub struct Intro {
    /// Path under `content/`: `decisions/README.md`.
    pub path: String,
    pub file: FileId,
    /// Byte offset of the Markdown body in the file.
    pub body_start: usize,
    pub scanned: Arc<crate::markdown::Scanned>,
}

impl Intro {
    /// The Markdown body.
    pub fn body<'s>(&self, sources: &'s SourceMap) -> &'s str {
        sources.file(self.file).text.get(self.body_start..).unwrap_or("")
    }
}

/// The kind whose index `rel_path` (under `content/`) introduces, when it is the
/// `README.md` or `index.md` right in a kind's folder (`decisions/README.md`).
fn introduces(rel_path: &str) -> Option<Kind> {
    let (folder, name) = rel_path.split_once('/')?;
    let is_intro = name.eq_ignore_ascii_case("readme.md") || name == "index.md";
    let kind = Kind::from_path(rel_path);
    (is_intro && !matches!(kind, Kind::Page | Kind::Vision) && kind.section() == folder)
        .then_some(kind)
}

/// Everything `build` needs besides the documents.
pub struct Inputs<'a> {
    pub config: SiteConfig,
    pub today: Date,
    pub sources: &'a SourceMap,
    /// Where site-wide health warnings point (`site.toml`).
    pub site_file: FileId,
    /// The images beside the documents.
    pub assets: Vec<crate::content::Asset>,
    /// What git recorded, as far as it is known before the model: when each document
    /// last changed, which the staleness check reads when `updated:` is absent.
    pub history: history::History,
}

/// Each document of `raw` read on its own, as [`build`] reads it, without the graph
/// or site health: what the history needs of a past state. `None` for a kind's
/// introduction (its folder's `README.md` or `index.md`), which is no document.
pub(crate) fn read_alone(raw: &[Arc<RawDocument>], sources: &SourceMap) -> Vec<Option<Document>> {
    raw.par_iter()
        .map(|r| introduces(&r.rel_path).is_none().then(|| document::read(r, sources).0))
        .collect()
}

/// Reads every document (in parallel), builds the graph and checks site health.
/// A document of `previous` (the last build's, in the preview) read from a file with
/// the same stamp is kept as it is, with what reading it reported, instead of being
/// read again: equal stamps mean the same text at the same file id.
pub fn build(
    inputs: Inputs<'_>,
    raw: &[Arc<RawDocument>],
    previous: Vec<Document>,
    diagnostics: &mut Diagnostics,
) -> Strategy {
    let mut intros = std::collections::BTreeMap::new();
    let raw: Vec<&Arc<RawDocument>> = raw
        .iter()
        .filter(|r| match introduces(&r.rel_path) {
            Some(kind) => {
                let intro = Intro {
                    path: r.rel_path.clone(),
                    file: r.file,
                    body_start: r.body_start,
                    scanned: Arc::clone(&r.scanned),
                };
                // `README.md` sorts before `index.md`: the first one wins.
                intros.entry(kind).or_insert(intro);
                false
            }
            None => true,
        })
        .collect();
    let mut kept: std::collections::HashMap<u64, Document> =
        previous.into_iter().filter(|d| d.stamp != 0).map(|d| (d.stamp, d)).collect();
    let slots: Vec<Option<Document>> = raw
        .iter()
        .map(|r| kept.remove(&r.stamp).filter(|d| d.file == r.file && d.path == r.rel_path))
        .collect();
    drop(kept);
    let documents: Vec<Document> = raw
        .par_iter()
        .zip(slots)
        .map(|(r, slot)| {
            slot.unwrap_or_else(|| {
                let (mut document, found) = document::read(r, inputs.sources);
                document.stamp = r.stamp;
                document.found = found;
                document
            })
        })
        .collect();
    let mut unknown = UnknownFields::default();
    for document in &documents {
        for diagnostic in document.found.iter() {
            if diagnostic.code != Code::UnknownField {
                diagnostics.push(diagnostic.clone());
                continue;
            }
            let text = &inputs.sources.file(diagnostic.span.file).text;
            let name = text.get(diagnostic.span.start..diagnostic.span.end).unwrap_or("");
            if !inputs.config.ignore_fields.iter().any(|f| f == name) {
                unknown.add(name, document.file, diagnostic);
            }
        }
    }
    unknown.report(diagnostics);
    if !inputs.config.allow_html {
        refused_urls(&documents, diagnostics);
    }
    let graph = graph::build(&documents, diagnostics);
    taxonomy::check(&documents, diagnostics);
    let mut strategy = Strategy {
        config: inputs.config,
        today: inputs.today,
        documents,
        graph,
        health: Health::default(),
        intros,
        assets: inputs.assets.into_iter().map(|a| (a.rel.clone(), a)).collect(),
        history: inputs.history,
        terms: Default::default(),
    };
    let site_text = &inputs.sources.file(inputs.site_file).text;
    let capacity_at = crate::config::value_span(site_text, "capacity_days")
        .map_or(Span::file_start(inputs.site_file), |r| {
            Span::new(inputs.site_file, r.start, r.end)
        });
    strategy.health = health::assess(&strategy, inputs.site_file, capacity_at);
    for finding in &strategy.health.findings {
        diagnostics.push(finding.to_diagnostic());
    }
    strategy
}

/// The fields no reader asked for, by name: other tools' keys (`nav_order`, `layout`)
/// come in every file of a folder, and are reported once, at their first file, with
/// how many files carry them.
#[derive(Default)]
struct UnknownFields {
    /// By name, in the order first met: the first diagnostic, and the files.
    fields: Vec<(String, Diagnostic, Vec<FileId>)>,
    index: std::collections::HashMap<String, usize>,
}

impl UnknownFields {
    fn add(&mut self, name: &str, file: FileId, diagnostic: &Diagnostic) {
        match self.index.get(name) {
            Some(&at) => {
                if let Some((_, _, files)) = self.fields.get_mut(at)
                    && files.last() != Some(&file)
                {
                    files.push(file);
                }
            }
            None => {
                self.index.insert(name.to_string(), self.fields.len());
                self.fields.push((name.to_string(), diagnostic.clone(), vec![file]));
            }
        }
    }

    fn report(self, diagnostics: &mut Diagnostics) {
        for (name, mut diagnostic, files) in self.fields {
            if files.len() > 1 {
                diagnostic.message = format!(
                    "`{name}` is not a field northstar knows; {} files carry it",
                    files.len()
                );
                diagnostic.help = Some(format!(
                    "if another tool reads it, add \"{name}\" to `ignore_fields` in site.toml; otherwise remove it"
                ));
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// With raw HTML off, a link or image whose URL could run script loses its link:
/// say so where it is written, rather than let it vanish from the page.
fn refused_urls(documents: &[Document], diagnostics: &mut Diagnostics) {
    for refused in documents.iter().flat_map(|d| &d.scanned.refused_urls) {
        let shown: String = refused.url.chars().take(40).collect();
        let more = if shown.len() < refused.url.len() { "…" } else { "" };
        let what = if refused.is_image { "image" } else { "link to" };
        diagnostics.push(
            Diagnostic::new(
                Code::UnsafeUrl,
                refused.span,
                format!("{what} `{shown}{more}` is dropped: its scheme is not allowed"),
            )
            .with_help(if refused.is_image {
                "images may use http, https, relative URLs and raster data:image/ URLs; raw HTML and other schemes need allow_html = true in site.toml"
            } else {
                "links may use http, https, mailto, tel, relative and #fragment URLs; other schemes need allow_html = true in site.toml"
            }),
        );
    }
}
