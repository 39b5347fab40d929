//! Body links: resolving `[[id]]`, `[[id#heading]]` and relative `.md` links to a
//! document and an anchor, and reporting the ones that lead nowhere.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::markdown::LinkTarget;

use super::super::document::Document;
use super::headings::HeadingIndex;
use super::suggestions::{LISTED, Suggestions, did_you_mean};
use super::{DocId, Graph};

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
        self.resolve_at(documents, Some(from), &documents[from.0].path, target)
    }

    /// Resolves a link written in the file at `from_path` (under `content/`), which is
    /// the document `from` or, for a kind's introduction, no document.
    pub fn resolve_at(
        &self,
        documents: &[Document],
        from: Option<DocId>,
        from_path: &str,
        target: &LinkTarget,
    ) -> Result<(DocId, Option<String>), LinkProblem> {
        let (to, heading) = match target {
            // `[[#heading]]` is a heading of the linking document itself.
            LinkTarget::Wiki { id, heading } if id.is_empty() && heading.is_some() => {
                (from.ok_or(LinkProblem::UnknownId)?, heading)
            }
            LinkTarget::Wiki { id, heading } => {
                (self.lookup(id).ok_or(LinkProblem::UnknownId)?, heading)
            }
            LinkTarget::Relative { path, heading } => {
                let resolved = resolve_relative(from_path, path).ok_or(LinkProblem::Outside)?;
                (self.lookup_path(&resolved).ok_or(LinkProblem::Missing(resolved))?, heading)
            }
        };
        let anchor = match heading {
            Some(h) => Some(
                self.headings
                    .get(to.0)
                    .map(|index| index.get_or_init(|| HeadingIndex::new(&documents[to.0].scanned)))
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

/// Reports the `nth` body link of `document`, which leads nowhere for `problem`.
pub(super) fn report_link(
    graph: &Graph,
    document: &Document,
    nth: usize,
    problem: LinkProblem,
    suggestions: &mut Suggestions<'_>,
    diagnostics: &mut Diagnostics,
) {
    let documents = suggestions.documents;
    let Some(link) = document.scanned.links.get(nth) else { return };
    let (written, heading) = match &link.target {
        LinkTarget::Wiki { id, heading } => (id.as_str(), heading.as_deref()),
        LinkTarget::Relative { path, heading } => (path.as_str(), heading.as_deref()),
    };
    diagnostics.push(match problem {
        LinkProblem::UnknownId => {
            Diagnostic::new(Code::UnknownId, link.span, format!("link to unknown id `{written}`"))
                .with_help_opt(did_you_mean(suggestions.id(written)))
        }
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
                format!("broken link: `{written}` points at content/{path}, which does not exist"),
            )
            .with_help_opt(help)
        }
        LinkProblem::UnknownHeading(to) => {
            let target = &documents[to.0];
            let heading = heading.unwrap_or("");
            let headings = &target.scanned.headings;
            let help = did_you_mean(suggestions.anchor(to, &crate::slug::heading_slug(heading)))
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

/// Resolves `link` relative to the folder of `from` (both under `content/`); `None` when
/// it climbs out of `content/`. Each segment is percent-decoded as UTF-8
/// (`caf%C3%A9.md` is `café.md`; `%2F` stays inside its segment); a segment that does
/// not decode to UTF-8 is kept as written, so it names no file and the link is broken.
pub fn resolve_relative(from: &str, link: &str) -> Option<String> {
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
