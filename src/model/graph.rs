//! The strategy as a graph: the id index, every resolved reference (front matter and
//! body links) as an edge, backlinks, and each document's ladder up to the North Star.
//! Unknown ids, wrong kinds, missing headings, broken links and cycles are reported
//! here, at the span of the offending value or link.

mod headings;

use std::collections::HashMap;

use crate::diagnostics::{Budget, Candidates, Code, Diagnostic, Diagnostics, Span};
use crate::markdown::LinkTarget;

use super::document::Document;
use super::kinds::{Kind, KindData, MetricType};

/// Index of a document in [`super::Strategy::documents`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct DocId(pub usize);

/// A resolved reference from one document to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: DocId,
    pub to: DocId,
    /// The front-matter field (`pillars`, `depends_on`, …) or `body` for a Markdown link.
    pub via: &'static str,
    pub span: Span,
}

/// Ids, edges, backlinks and ladders of a site.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    index: HashMap<String, DocId>,
    paths: HashMap<String, DocId>,
    /// Per document: its headings by anchor and text, for `[[id#heading]]`.
    headings: Vec<headings::HeadingIndex>,
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
}

/// Builds the graph of `documents`, reporting into `diagnostics`.
pub(super) fn build(documents: &[Document], diagnostics: &mut Diagnostics) -> Graph {
    let mut graph = Graph {
        backlinks: vec![Vec::new(); documents.len()],
        outgoing: vec![Vec::new(); documents.len()],
        headings: documents.iter().map(|d| headings::HeadingIndex::new(&d.scanned)).collect(),
        ..Graph::default()
    };
    index(documents, &mut graph, diagnostics);
    urls(documents, diagnostics);
    singletons(documents, &mut graph, diagnostics);
    let mut suggestions = Suggestions::new(documents);
    for (i, document) in documents.iter().enumerate() {
        let from = DocId(i);
        resolve_front_matter(&mut graph, from, document, &mut suggestions, diagnostics);
        resolve_body(&mut graph, from, document, &mut suggestions, diagnostics);
    }
    super::cycles::report(documents, &graph, "depends_on", Code::DependencyCycle, diagnostics);
    super::cycles::report(documents, &graph, "supersedes", Code::SupersedesCycle, diagnostics);
    for (i, edge) in graph.edges.iter().enumerate() {
        graph.backlinks[edge.to.0].push(i);
        graph.outgoing[edge.from.0].push(i);
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

/// Pages the site generates besides documents and kind indexes: the roadmap, and the
/// index of plain pages (made when the footer cannot list them all, reserved always).
const GENERATED: &[&str] = &["roadmap/", "pages/"];

/// Two documents, or a page and a kind's index, must not be published at the same URL.
/// Documents of one kind only meet through a duplicate id, which `index` reports.
fn urls(documents: &[Document], diagnostics: &mut Diagnostics) {
    let mut urls: HashMap<String, DocId> = HashMap::new();
    let indexes: Vec<String> = <Kind as super::fields::Choice>::ALL
        .iter()
        .filter(|(_, k)| !matches!(k, Kind::Page | Kind::Vision))
        .map(|(_, k)| format!("{}/", k.section()))
        .chain(GENERATED.iter().map(|p| p.to_string()))
        .collect();
    for (i, document) in documents.iter().enumerate() {
        let url = document.url_path();
        let is_page = document.kind == Kind::Page;
        if is_page && indexes.contains(&url) {
            diagnostics.push(
                Diagnostic::new(
                    Code::UrlCollision,
                    document.id_span,
                    format!(
                        "content/{} would be published at /{url}, the index of {}",
                        document.path,
                        url.trim_end_matches('/')
                    ),
                )
                .with_help("rename the file, or move it into a folder of its own"),
            );
        } else if let Some(&first) = urls.get(&url) {
            if !is_page && documents[first.0].kind != Kind::Page {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::UrlCollision,
                    document.id_span,
                    format!(
                        "content/{} and content/{} would both be published at /{url}",
                        documents[first.0].path, document.path
                    ),
                )
                .with_help("rename one of the files"),
            );
        } else {
            urls.insert(url, DocId(i));
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

/// "Did you mean" for the whole graph: each set of names indexed once, when first
/// needed, and one budget for the run, so that thousands of misspelt ids cost bounded
/// work (see [`Candidates`]).
struct Suggestions<'a> {
    documents: &'a [Document],
    budget: Budget,
    ids: Option<Candidates<'a>>,
    ids_of_kinds: HashMap<&'static [Kind], Candidates<'a>>,
    anchors: HashMap<DocId, Candidates<'a>>,
}

impl<'a> Suggestions<'a> {
    fn new(documents: &'a [Document]) -> Self {
        Suggestions {
            documents,
            budget: Budget::default(),
            ids: None,
            ids_of_kinds: HashMap::new(),
            anchors: HashMap::new(),
        }
    }

    /// The ids of the documents of `kinds` (of any kind when empty).
    fn ids_of(&self, kinds: &'static [Kind]) -> impl Iterator<Item = &'a str> + use<'a> {
        self.documents
            .iter()
            .filter(move |d| kinds.is_empty() || kinds.contains(&d.kind))
            .map(|d| d.id.as_str())
    }

    /// The id nearest to `word` among all documents.
    fn id(&mut self, word: &str) -> Option<&'a str> {
        let documents = self.documents;
        let ids = self
            .ids
            .get_or_insert_with(|| Candidates::new(documents.iter().map(|d| d.id.as_str())));
        ids.closest(word, &mut self.budget)
    }

    /// The id nearest to `word` among the documents of `kinds`.
    fn id_of_kind(&mut self, kinds: &'static [Kind], word: &str) -> Option<&'a str> {
        if !self.ids_of_kinds.contains_key(kinds) {
            let candidates = Candidates::new(self.ids_of(kinds));
            self.ids_of_kinds.insert(kinds, candidates);
        }
        self.ids_of_kinds.get_mut(kinds)?.closest(word, &mut self.budget)
    }

    /// The heading anchor of document `to` nearest to `word`.
    fn anchor(&mut self, to: DocId, word: &str) -> Option<&'a str> {
        let document = &self.documents[to.0];
        self.anchors
            .entry(to)
            .or_insert_with(|| {
                Candidates::new(document.scanned.headings.iter().map(|h| h.anchor.as_str()))
            })
            .closest(word, &mut self.budget)
    }
}

fn did_you_mean(name: Option<&str>) -> Option<String> {
    name.map(|n| format!("did you mean `{n}`?"))
}

/// At most this many names are listed in a help line ("its headings are: …").
const LISTED: usize = 8;

fn resolve_front_matter(
    graph: &mut Graph,
    from: DocId,
    document: &Document,
    suggestions: &mut Suggestions<'_>,
    diagnostics: &mut Diagnostics,
) {
    let documents = suggestions.documents;
    for reference in document.data.references() {
        let target = reference.target;
        let what = kind_names(reference.expects);
        match graph.lookup(&target.id) {
            None => diagnostics.push(
                Diagnostic::new(
                    Code::UnknownId,
                    target.span,
                    format!("unknown {what} id `{}` in `{}`", target.id, reference.field),
                )
                .with_help_opt(
                    did_you_mean(suggestions.id_of_kind(reference.expects, &target.id)).or_else(
                        || {
                            let known: Vec<_> =
                                suggestions.ids_of(reference.expects).take(LISTED + 1).collect();
                            (!known.is_empty() && known.len() <= LISTED)
                                .then(|| format!("the {what} ids are {}", known.join(", ")))
                        },
                    ),
                ),
            ),
            Some(to)
                if !reference.expects.is_empty()
                    && !reference.expects.contains(&documents[to.0].kind) =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::WrongKind,
                        target.span,
                        format!(
                            "`{}` is {}, not {} (in `{}`)",
                            target.id,
                            documents[to.0].kind.with_article(),
                            reference.expects.first().map_or("a document", |k| k.with_article()),
                            reference.field
                        ),
                    )
                    .with_help_opt(did_you_mean(
                        suggestions.id_of_kind(reference.expects, &target.id),
                    )),
                );
            }
            Some(to) => {
                graph.edges.push(Edge { from, to, via: reference.field, span: target.span })
            }
        }
    }
}

/// Why a body link leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// `[[id]]` names no document.
    UnknownId,
    /// A relative link climbs out of `content/`.
    Outside,
    /// A relative link points at this path under `content/`, where there is no document.
    Missing(String),
    /// The document exists but has no such heading.
    UnknownHeading(DocId),
}

impl Graph {
    /// Resolves a body link of document `from`: the target, and the anchor of the
    /// heading it names. `check` reports the problems; `render` links what resolves.
    pub fn resolve_link(
        &self,
        documents: &[Document],
        from: DocId,
        target: &LinkTarget,
    ) -> Result<(DocId, Option<String>), LinkProblem> {
        let (to, heading) = match target {
            // `[[#heading]]` is a heading of the linking document itself.
            LinkTarget::Wiki { id, heading } if id.is_empty() && heading.is_some() => {
                (from, heading)
            }
            LinkTarget::Wiki { id, heading } => {
                (self.lookup(id).ok_or(LinkProblem::UnknownId)?, heading)
            }
            LinkTarget::Relative { path, heading } => {
                let resolved =
                    resolve_relative(&documents[from.0].path, path).ok_or(LinkProblem::Outside)?;
                (self.lookup_path(&resolved).ok_or(LinkProblem::Missing(resolved))?, heading)
            }
        };
        let anchor = match heading {
            Some(h) => Some(
                self.headings
                    .get(to.0)
                    .and_then(|index| index.find(&documents[to.0].scanned, h))
                    .ok_or(LinkProblem::UnknownHeading(to))?
                    .anchor
                    .clone(),
            ),
            None => None,
        };
        Ok((to, anchor))
    }
}

fn resolve_body(
    graph: &mut Graph,
    from: DocId,
    document: &Document,
    suggestions: &mut Suggestions<'_>,
    diagnostics: &mut Diagnostics,
) {
    let documents = suggestions.documents;
    for link in &document.scanned.links {
        let problem = match graph.resolve_link(documents, from, &link.target) {
            Ok((to, _)) => {
                graph.edges.push(Edge { from, to, via: "body", span: link.span });
                continue;
            }
            Err(problem) => problem,
        };
        let (written, heading) = match &link.target {
            LinkTarget::Wiki { id, heading } => (id.as_str(), heading.as_deref()),
            LinkTarget::Relative { path, heading } => (path.as_str(), heading.as_deref()),
        };
        diagnostics.push(match problem {
            LinkProblem::UnknownId => Diagnostic::new(
                Code::UnknownId,
                link.span,
                format!("link to unknown id `{written}`"),
            )
            .with_help_opt(did_you_mean(suggestions.id(written))),
            LinkProblem::Outside => Diagnostic::new(
                Code::BrokenLink,
                link.span,
                format!("broken link: `{written}` points outside content/"),
            ),
            LinkProblem::Missing(path) => {
                let wanted = written.rsplit('/').next().unwrap_or("").trim_end_matches(".md");
                let help = suggestions.id(wanted).and_then(|id| {
                    let target = graph.lookup(id)?;
                    Some(format!(
                        "did you mean `{}`? (or link to it as [[{id}]])",
                        documents[target.0].path
                    ))
                });
                Diagnostic::new(
                    Code::BrokenLink,
                    link.span,
                    format!(
                        "broken link: `{written}` points at content/{path}, which does not exist"
                    ),
                )
                .with_help_opt(help)
            }
            LinkProblem::UnknownHeading(to) => {
                let target = &documents[to.0];
                let heading = heading.unwrap_or("");
                let headings = &target.scanned.headings;
                let help =
                    did_you_mean(suggestions.anchor(to, &crate::slug::heading_slug(heading)))
                        .unwrap_or_else(|| {
                            let listed: Vec<_> =
                                headings.iter().take(LISTED).map(|h| h.text.as_str()).collect();
                            match headings.len() {
                                0 => format!("`{}` has no headings", target.id),
                                n if n <= LISTED => {
                                    format!("its headings are: {}", listed.join(", "))
                                }
                                n => format!(
                                    "its headings include: {}, and {} more",
                                    listed.join(", "),
                                    n - LISTED
                                ),
                            }
                        });
                Diagnostic::new(
                    Code::UnknownHeading,
                    link.span,
                    format!("`{}` has no heading `{heading}`", target.id),
                )
                .with_help(help)
            }
        });
    }
}

/// Resolves `link` relative to the folder of `from` (both under `content/`); `None` when
/// it climbs out of `content/`. Each segment is percent-decoded as UTF-8
/// (`caf%C3%A9.md` is `café.md`; `%2F` stays inside its segment); a segment that does
/// not decode to UTF-8 is kept as written, so it names no file and the link is broken.
fn resolve_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<std::borrow::Cow<'_, str>> = from.split('/').map(Into::into).collect();
    parts.pop();
    for part in link.split('/') {
        let part = percent_encoding::percent_decode_str(part).decode_utf8().unwrap_or(part.into());
        match &*part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn ladder(documents: &[Document], graph: &Graph, id: DocId) -> Vec<Vec<DocId>> {
    let document = &documents[id.0];
    let targets = |from: DocId, via: &str| -> Vec<DocId> {
        graph.outgoing[from.0]
            .iter()
            .map(|&e| &graph.edges[e])
            .filter(|e| e.via == via)
            .map(|e| e.to)
            .collect()
    };
    let north_star = graph.north_star.filter(|&n| n != id);
    let mut pillars = match &document.data {
        KindData::Pillar(_) => return north_star.map(|n| vec![vec![n]]).unwrap_or_default(),
        KindData::Metric(_) => graph.backlinks[id.0]
            .iter()
            .map(|&e| &graph.edges[e])
            .filter(|e| e.via == "metrics" && documents[e.from.0].kind == Kind::Pillar)
            .map(|e| e.from)
            .collect(),
        KindData::Objective(_) => {
            let direct = targets(id, "pillars");
            if direct.is_empty() {
                targets(id, "initiatives").into_iter().flat_map(|i| targets(i, "pillars")).collect()
            } else {
                direct
            }
        }
        data if !data.pillars().is_empty() => targets(id, "pillars"),
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
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_linking_folder() {
        assert_eq!(
            resolve_relative("initiatives/a.md", "../pillars/b.md").as_deref(),
            Some("pillars/b.md")
        );
        assert_eq!(
            resolve_relative("initiatives/a.md", "c.md").as_deref(),
            Some("initiatives/c.md")
        );
        assert_eq!(
            resolve_relative("initiatives/a.md", "./sub/../c.md").as_deref(),
            Some("initiatives/c.md")
        );
        assert_eq!(resolve_relative("about.md", "pillars/b.md").as_deref(), Some("pillars/b.md"));
    }

    #[test]
    fn relative_links_cannot_leave_content() {
        assert_eq!(resolve_relative("about.md", "../secret.md"), None);
        assert_eq!(resolve_relative("a/b.md", "../../../x.md"), None);
        assert_eq!(resolve_relative("a/b.md", "%2E%2E/%2e%2e/x.md"), None);
    }

    #[test]
    fn issue_7_relative_links_are_percent_decoded() {
        assert_eq!(resolve_relative("a/b.md", "caf%C3%A9.md").as_deref(), Some("a/café.md"));
        assert_eq!(
            resolve_relative("a/b.md", "../My%20Notes/%C3%9Cber.md").as_deref(),
            Some("My Notes/Über.md")
        );
        assert_eq!(resolve_relative("a/b.md", "café.md").as_deref(), Some("a/café.md"));
        // `%2F` is a character of its segment, not a separator.
        assert_eq!(resolve_relative("a/b.md", "x%2F..%2Fy.md").as_deref(), Some("a/x/../y.md"));
        // Not UTF-8, or not an escape at all: kept as written, so nothing matches.
        assert_eq!(resolve_relative("a/b.md", "caf%E9.md").as_deref(), Some("a/caf%E9.md"));
        assert_eq!(resolve_relative("a/b.md", "100%.md").as_deref(), Some("a/100%.md"));
    }
}
