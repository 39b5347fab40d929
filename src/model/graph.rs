//! The strategy as a graph: the id index, every resolved reference (front matter and
//! body links) as an edge, backlinks, and each document's ladder up to the North Star.
//! Unknown ids, wrong kinds, missing headings, broken links and cycles are reported
//! here, at the span of the offending value or link.

mod headings;
mod links;
mod suggestions;

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};

use super::document::Document;
use super::kinds::{Kind, KindData, MetricType};
use super::relation::Relation;

use links::report_link;
pub use links::{LinkProblem, resolve_relative};
use rayon::prelude::*;
use suggestions::{LISTED, Suggestions, did_you_mean};

/// Index of a document in [`super::Strategy::documents`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct DocId(pub usize);

/// A resolved reference from one document to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: DocId,
    pub to: DocId,
    /// The front-matter field it is written in (`pillars`, `depends_on`, …), or the body.
    pub relation: Relation,
    pub span: Span,
}

/// Ids, edges, backlinks and ladders of a site.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    index: HashMap<String, DocId>,
    paths: HashMap<String, DocId>,
    /// Per document: its headings by anchor and text, for `[[id#heading]]`; made when
    /// a link first names one of its headings.
    headings: Vec<std::sync::OnceLock<headings::HeadingIndex>>,
    /// Every resolved reference, in document order.
    pub edges: Vec<Edge>,
    /// Per document: indices into `edges` of the references that point at it.
    pub backlinks: Vec<Vec<usize>>,
    /// Per document: indices into `edges` of the references it makes.
    pub outgoing: Vec<Vec<usize>>,
    /// Per document: its rungs up to the North Star, nearest first (e.g. an
    /// initiative's pillars, then the North Star metric).
    pub ladders: Vec<Vec<Vec<DocId>>>,
    /// The single vision and North Star metric, when there are exactly one of each.
    pub vision: Option<DocId>,
    pub north_star: Option<DocId>,
}

impl Graph {
    /// The document with this id.
    pub fn lookup(&self, id: &str) -> Option<DocId> {
        self.index.get(id).copied()
    }

    /// The document at this path under `content/`.
    pub fn lookup_path(&self, path: &str) -> Option<DocId> {
        self.paths.get(path).copied()
    }

    /// The references `doc` makes through `relation`, in the order it writes them.
    pub fn edges_from(&self, doc: DocId, relation: Relation) -> impl Iterator<Item = &Edge> {
        self.outgoing
            .get(doc.0)
            .into_iter()
            .flatten()
            .map(|&e| &self.edges[e])
            .filter(move |e| e.relation == relation)
    }

    /// The references to `doc` made through `relation`, in document order.
    pub fn edges_to(&self, doc: DocId, relation: Relation) -> impl Iterator<Item = &Edge> {
        self.backlinks
            .get(doc.0)
            .into_iter()
            .flatten()
            .map(|&e| &self.edges[e])
            .filter(move |e| e.relation == relation)
    }

    /// What `doc` points at through `relation`: an initiative's pillars for
    /// [`Relation::Pillars`]. Once per reference, in the order they are written.
    pub fn targets(&self, doc: DocId, relation: Relation) -> impl Iterator<Item = DocId> {
        self.edges_from(doc, relation).map(|e| e.to)
    }

    /// What points at `doc` through `relation`: the initiatives and objectives of a
    /// pillar for [`Relation::Pillars`]. Once per reference, in document order.
    pub fn sources(&self, doc: DocId, relation: Relation) -> impl Iterator<Item = DocId> {
        self.edges_to(doc, relation).map(|e| e.from)
    }
}

/// Builds the graph of `documents`, reporting into `diagnostics`.
pub(super) fn build(documents: &[Document], diagnostics: &mut Diagnostics) -> Graph {
    let mut graph = Graph {
        backlinks: vec![Vec::new(); documents.len()],
        outgoing: vec![Vec::new(); documents.len()],
        headings: documents.iter().map(|_| std::sync::OnceLock::new()).collect(),
        ..Graph::default()
    };
    index(documents, &mut graph, diagnostics);
    singletons(documents, &mut graph, diagnostics);
    // Each document's references resolve on their own, side by side; the few that
    // fail are then reported in document order, which is also the order in which
    // their suggestions spend the run's one budget.
    let resolved: Vec<Vec<Step>> = documents
        .par_iter()
        .enumerate()
        .map(|(i, document)| resolve(&graph, documents, DocId(i), document))
        .collect();
    let mut suggestions = Suggestions::new(documents);
    for (document, steps) in documents.iter().zip(resolved) {
        for step in steps {
            match step {
                Step::Edge(edge) => graph.edges.push(edge),
                Step::Reference(nth) => {
                    report_reference(&graph, document, nth, &mut suggestions, diagnostics)
                }
                Step::Link(nth, problem) => {
                    report_link(&graph, document, nth, problem, &mut suggestions, diagnostics)
                }
            }
        }
    }
    for (i, edge) in graph.edges.iter().enumerate() {
        graph.backlinks[edge.to.0].push(i);
        graph.outgoing[edge.from.0].push(i);
    }
    let cycles = [
        (Relation::DependsOn, Code::DependencyCycle),
        (Relation::Supersedes, Code::SupersedesCycle),
    ];
    for (relation, code) in cycles {
        super::cycles::report(documents, &graph, relation, code, diagnostics);
    }
    graph.ladders = (0..documents.len()).map(|i| ladder(documents, &graph, DocId(i))).collect();
    graph
}

fn index(documents: &[Document], graph: &mut Graph, diagnostics: &mut Diagnostics) {
    for (i, document) in documents.iter().enumerate() {
        graph.paths.insert(document.path.clone(), DocId(i));
        if document.id.is_empty() {
            continue;
        }
        if let Some(&first) = graph.index.get(&document.id) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    document.id_span,
                    format!(
                        "duplicate id `{}`: content/{} has it too",
                        document.id, documents[first.0].path
                    ),
                )
                .with_help(
                    "ids are unique across the site; rename one file or set a different `id:`",
                ),
            );
        } else {
            graph.index.insert(document.id.clone(), DocId(i));
        }
    }
}

fn singletons(documents: &[Document], graph: &mut Graph, diagnostics: &mut Diagnostics) {
    let mut first_vision: Option<DocId> = None;
    let mut first_north_star: Option<DocId> = None;
    for (i, document) in documents.iter().enumerate() {
        let (slot, code, what, span) = match &document.data {
            KindData::Vision(_) => {
                (&mut first_vision, Code::MultipleVisions, "a second vision", document.id_span)
            }
            KindData::Metric(m) if m.metric_type == MetricType::NorthStar => (
                &mut first_north_star,
                Code::MultipleNorthStars,
                "a second north-star metric",
                m.type_span,
            ),
            _ => continue,
        };
        match slot {
            None => *slot = Some(DocId(i)),
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    code,
                    span,
                    format!("{what}: content/{} is one already", documents[first.0].path),
                )
                .with_help(if code == Code::MultipleVisions {
                    "a strategy has one vision; merge them, or make this one a page"
                } else {
                    "a strategy has one North Star; make this one `type: leading` or `type: kpi`"
                }),
            ),
        }
    }
    graph.vision = first_vision;
    graph.north_star = first_north_star;
}

fn kind_names(kinds: &[Kind]) -> &'static str {
    match kinds {
        [Kind::Pillar] => "pillar",
        [Kind::Metric] => "metric",
        [Kind::Initiative] => "initiative",
        [Kind::Objective] => "objective",
        [Kind::Decision] => "decision",
        _ => "document",
    }
}

/// What one reference of a document came to.
enum Step {
    Edge(Edge),
    /// The `nth` front-matter reference names no document, or one of the wrong kind.
    Reference(usize),
    /// The `nth` body link leads nowhere.
    Link(usize, LinkProblem),
}

/// Resolves every reference `document` makes, front matter first, then body links,
/// each in the order written.
fn resolve(graph: &Graph, documents: &[Document], from: DocId, document: &Document) -> Vec<Step> {
    let front_matter =
        document.data.references().into_iter().enumerate().map(|(nth, reference)| {
            match graph.lookup(&reference.target.id) {
                Some(to)
                    if reference.expects.is_empty()
                        || reference.expects.contains(&documents[to.0].kind) =>
                {
                    let span = reference.target.span;
                    Step::Edge(Edge { from, to, relation: reference.relation, span })
                }
                _ => Step::Reference(nth),
            }
        });
    let body = document.scanned.links.iter().enumerate().map(|(nth, link)| {
        match graph.resolve_link(documents, from, &link.target) {
            Ok((to, _)) => Step::Edge(Edge { from, to, relation: Relation::Body, span: link.span }),
            Err(problem) => Step::Link(nth, problem),
        }
    });
    front_matter.chain(body).collect()
}

/// Reports the `nth` front-matter reference of `document`, which names no document or
/// one of the wrong kind.
fn report_reference(
    graph: &Graph,
    document: &Document,
    nth: usize,
    suggestions: &mut Suggestions<'_>,
    diagnostics: &mut Diagnostics,
) {
    let documents = suggestions.documents;
    let Some(reference) = document.data.references().into_iter().nth(nth) else { return };
    let target = reference.target;
    let what = kind_names(reference.expects);
    let diagnostic = match graph.lookup(&target.id) {
        None => Diagnostic::new(
            Code::UnknownId,
            target.span,
            format!("unknown {what} id `{}` in `{}`", target.id, reference.relation),
        )
        .with_help_opt(
            did_you_mean(suggestions.id_of_kind(reference.expects, &target.id)).or_else(|| {
                let known: Vec<_> =
                    suggestions.ids_of(reference.expects).take(LISTED + 1).collect();
                (!known.is_empty() && known.len() <= LISTED)
                    .then(|| format!("the {what} ids are {}", known.join(", ")))
            }),
        ),
        Some(to) => Diagnostic::new(
            Code::WrongKind,
            target.span,
            format!(
                "`{}` is {}, not {} (in `{}`)",
                target.id,
                documents[to.0].kind.with_article(),
                reference.expects.first().map_or("a document", |k| k.with_article()),
                reference.relation
            ),
        )
        .with_help_opt(did_you_mean(suggestions.id_of_kind(reference.expects, &target.id))),
    };
    diagnostics.push(diagnostic);
}

fn ladder(documents: &[Document], graph: &Graph, id: DocId) -> Vec<Vec<DocId>> {
    let document = &documents[id.0];
    let north_star = graph.north_star.filter(|&n| n != id);
    let mut pillars = match &document.data {
        KindData::Pillar(_) => return north_star.map(|n| vec![vec![n]]).unwrap_or_default(),
        KindData::Metric(_) => graph
            .sources(id, Relation::Metrics)
            .filter(|from| documents[from.0].kind == Kind::Pillar)
            .collect(),
        KindData::Objective(_) => {
            let direct: Vec<DocId> = graph.targets(id, Relation::Pillars).collect();
            if direct.is_empty() {
                graph
                    .targets(id, Relation::Initiatives)
                    .flat_map(|i| graph.targets(i, Relation::Pillars))
                    .collect()
            } else {
                direct
            }
        }
        data if !data.pillars().is_empty() => graph.targets(id, Relation::Pillars).collect(),
        _ => Vec::new(),
    };
    pillars.sort();
    pillars.dedup();
    let mut rungs = Vec::new();
    if !pillars.is_empty() {
        rungs.push(pillars);
        rungs.extend(north_star.map(|n| vec![n]));
    }
    rungs
}

#[cfg(test)]
mod tests;
