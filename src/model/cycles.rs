//! Cycles in `depends_on` and `supersedes`: each reported once, at the reference that
//! closes it, with the whole loop spelled out.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};

use super::document::Document;
use super::graph::{DocId, Edge, Graph};
use super::relation::Relation;

/// Reports every cycle among the `relation` edges once, at the reference that closes it.
pub(super) fn report(
    documents: &[Document],
    graph: &Graph,
    relation: Relation,
    code: Code,
    diagnostics: &mut Diagnostics,
) {
    let next: Vec<Vec<&Edge>> =
        (0..documents.len()).map(|d| graph.edges_from(DocId(d), relation).collect()).collect();
    let field = relation.field_name();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; documents.len()];
    for start in 0..documents.len() {
        if mark[start] != Mark::New || next[start].is_empty() {
            continue;
        }
        // Iterative depth-first search: deep chains must not exhaust the stack.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::OnPath;
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            if let Some(edge) = next[node].get(*i) {
                *i += 1;
                let to = edge.to.0;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::OnPath;
                        stack.push((to, 0));
                    }
                    Mark::OnPath => {
                        let from_position = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let mut ids: Vec<&str> = stack[from_position..]
                            .iter()
                            .map(|&(n, _)| documents[n].id.as_str())
                            .collect();
                        ids.push(documents[to].id.as_str());
                        diagnostics.push(
                            Diagnostic::new(
                                code,
                                edge.span,
                                format!("`{field}` makes a cycle: {}", ids.join(" → ")),
                            )
                            .with_help(format!("remove one `{field}` reference in this cycle")),
                        );
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}
