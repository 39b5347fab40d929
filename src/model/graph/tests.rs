//! The relation queries, on a small graph built by hand.

use super::*;
use crate::diagnostics::FileId;

/// Documents 0 and 1 are initiatives, 2 and 3 pillars, 4 a metric:
/// 0 → 2, 3 (pillars), 0 → 1 (depends_on), 1 → 2 (pillars), 2 → 4 (metrics),
/// 1 → 2 (body), 3 → 4 (metrics).
fn graph() -> Graph {
    let edge = |from, to, relation| Edge {
        from: DocId(from),
        to: DocId(to),
        relation,
        span: Span { file: FileId(0), start: from, end: from + 1 },
    };
    let edges = vec![
        edge(0, 3, Relation::Pillars),
        edge(0, 2, Relation::Pillars),
        edge(0, 1, Relation::DependsOn),
        edge(1, 2, Relation::Pillars),
        edge(1, 2, Relation::Body),
        edge(2, 4, Relation::Metrics),
        edge(3, 4, Relation::Metrics),
    ];
    let mut graph =
        Graph { backlinks: vec![Vec::new(); 5], outgoing: vec![Vec::new(); 5], ..Graph::default() };
    for (i, edge) in edges.iter().enumerate() {
        graph.backlinks[edge.to.0].push(i);
        graph.outgoing[edge.from.0].push(i);
    }
    graph.edges = edges;
    graph
}

fn ids(found: impl Iterator<Item = DocId>) -> Vec<usize> {
    found.map(|d| d.0).collect()
}

#[test]
fn targets_are_the_references_of_one_relation_in_written_order() {
    let graph = graph();
    assert_eq!(ids(graph.targets(DocId(0), Relation::Pillars)), [3, 2]);
    assert_eq!(ids(graph.targets(DocId(0), Relation::DependsOn)), [1]);
    assert_eq!(ids(graph.targets(DocId(1), Relation::Pillars)), [2]);
    assert_eq!(ids(graph.targets(DocId(1), Relation::Body)), [2]);
    assert_eq!(ids(graph.targets(DocId(0), Relation::Metrics)), [] as [usize; 0]);
    assert_eq!(ids(graph.targets(DocId(4), Relation::Pillars)), [] as [usize; 0]);
}

#[test]
fn sources_are_what_points_at_a_document_through_one_relation() {
    let graph = graph();
    assert_eq!(ids(graph.sources(DocId(2), Relation::Pillars)), [0, 1]);
    assert_eq!(ids(graph.sources(DocId(2), Relation::Body)), [1]);
    assert_eq!(ids(graph.sources(DocId(4), Relation::Metrics)), [2, 3]);
    assert_eq!(ids(graph.sources(DocId(1), Relation::DependsOn)), [0]);
    assert_eq!(ids(graph.sources(DocId(1), Relation::Pillars)), [] as [usize; 0]);
    assert_eq!(ids(graph.sources(DocId(0), Relation::Pillars)), [] as [usize; 0]);
}

#[test]
fn edges_keep_their_spans() {
    let graph = graph();
    let starts: Vec<usize> =
        graph.edges_to(DocId(2), Relation::Pillars).map(|e| e.span.start).collect();
    assert_eq!(starts, [0, 1]);
    assert!(graph.edges_from(DocId(0), Relation::Pillars).all(|e| e.from == DocId(0)));
}

#[test]
fn a_document_outside_the_graph_has_no_relations() {
    let graph = graph();
    assert_eq!(graph.targets(DocId(99), Relation::Pillars).count(), 0);
    assert_eq!(graph.sources(DocId(99), Relation::Pillars).count(), 0);
}
