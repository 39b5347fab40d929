//! Owners and tags: the names documents are filed under, each with a page at
//! `owners/<slug>/` or `tags/<slug>/`. Two names with one slug would share a page, and a
//! name without a slug cannot have one: both are diagnostics at the name.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::slug::id_slug;

use super::kinds::KindData;
use super::{DocId, Document};

/// What names file documents under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// `owner`/`owners` of every document, and the owners of post-mortem action items.
    Owner,
    /// `tags`.
    Tag,
}

impl Facet {
    /// The folder of its pages: `owners`, `tags`.
    pub fn section(self) -> &'static str {
        match self {
            Facet::Owner => "owners",
            Facet::Tag => "tags",
        }
    }

    /// "owner", "tag".
    pub fn noun(self) -> &'static str {
        match self {
            Facet::Owner => "owner",
            Facet::Tag => "tag",
        }
    }
}

/// One owner or tag: its name as first written and everything filed under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    /// Documents, each once, in document order.
    pub documents: Vec<DocId>,
    /// Post-mortem action items this owner owns: (post-mortem, index of the item).
    pub action_items: Vec<(DocId, usize)>,
}

/// A name as written in a document, with where.
struct Named<'d> {
    name: &'d str,
    span: Span,
    action_item: Option<usize>,
}

fn names(document: &Document, facet: Facet) -> Vec<Named<'_>> {
    let (names, spans) = match facet {
        Facet::Owner => (&document.owners, &document.owner_spans),
        Facet::Tag => (&document.tags, &document.tag_spans),
    };
    let mut out: Vec<Named<'_>> = names
        .iter()
        .enumerate()
        .map(|(i, name)| Named {
            name,
            span: spans.get(i).copied().unwrap_or(document.id_span),
            action_item: None,
        })
        .collect();
    if let (Facet::Owner, KindData::Postmortem(p)) = (facet, &document.data) {
        for (i, item) in p.action_items.iter().enumerate() {
            if let Some(owner) = item.owner.as_deref().filter(|o| !o.trim().is_empty()) {
                let named = Named { name: owner, span: item.span, action_item: Some(i) };
                out.push(named);
            }
        }
    }
    out
}

/// The names a document files itself under, trimmed, in the order written (for owners,
/// the owners of its post-mortem action items after its own).
pub fn names_of(document: &Document, facet: Facet) -> Vec<String> {
    names(document, facet).into_iter().map(|n| n.name.trim().to_string()).collect()
}

/// Every owner (or tag) of `documents`, by slug. A name without a slug is left out; a
/// second name with the slug of another is filed under the first one's.
pub fn terms<'d>(
    documents: impl IntoIterator<Item = (DocId, &'d Document)>,
    facet: Facet,
) -> BTreeMap<String, Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for (id, document) in documents {
        for named in names(document, facet) {
            let slug = id_slug(named.name);
            if slug.is_empty() {
                continue;
            }
            let term = terms
                .entry(slug)
                .or_insert_with(|| Term { name: named.name.trim().to_string(), ..Term::default() });
            match named.action_item {
                Some(i) => term.action_items.push((id, i)),
                None if term.documents.last() != Some(&id) => term.documents.push(id),
                None => {}
            }
        }
    }
    terms
}

/// Reports names that cannot have a page of their own: one whose slug another name
/// already has (`slug-collision`), and one with no letters or digits (`empty-slug`).
pub(super) fn check(documents: &[Document], diagnostics: &mut Diagnostics) {
    for facet in [Facet::Owner, Facet::Tag] {
        let mut first: BTreeMap<String, &str> = BTreeMap::new();
        for document in documents {
            for named in names(document, facet) {
                let name = named.name.trim();
                let slug = id_slug(name);
                let noun = facet.noun();
                if slug.is_empty() {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::EmptySlug,
                            named.span,
                            format!("{noun} `{name}` has no letters or digits to name its page"),
                        )
                        .with_help(format!("write the {noun} with letters or digits")),
                    );
                    continue;
                }
                match first.get(&slug) {
                    Some(&other) if other != name => diagnostics.push(
                        Diagnostic::new(
                            Code::SlugCollision,
                            named.span,
                            format!(
                                "{noun} `{name}` and {noun} `{other}` would share the page /{}/{slug}/",
                                facet.section()
                            ),
                        )
                        .with_help(format!("write `{other}` if they are the same {noun}, or tell them apart with letters or digits")),
                    ),
                    Some(_) => {}
                    None => {
                        first.insert(slug, name);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::blank;
    use crate::model::kinds::Kind;

    fn doc(path: &str, owners: &[&str], tags: &[&str]) -> Document {
        let mut d = blank(path, Kind::Initiative);
        d.owners = owners.iter().map(|s| s.to_string()).collect();
        d.tags = tags.iter().map(|s| s.to_string()).collect();
        d.owner_spans =
            (0..owners.len()).map(|i| Span::new(Default::default(), i, i + 1)).collect();
        d.tag_spans =
            (0..tags.len()).map(|i| Span::new(Default::default(), 10 + i, 11 + i)).collect();
        d
    }

    #[test]
    fn terms_file_documents_under_each_slug_once() {
        let docs = [
            doc("initiatives/a.md", &["Ana Lima", "Bo"], &["sync", "Sync"]),
            doc("initiatives/b.md", &["ana lima"], &["🚀"]),
        ];
        let owners = terms(docs.iter().enumerate().map(|(i, d)| (DocId(i), d)), Facet::Owner);
        let shown: Vec<(&str, &str, &[DocId])> =
            owners.iter().map(|(s, t)| (s.as_str(), t.name.as_str(), &t.documents[..])).collect();
        assert_eq!(
            shown,
            vec![
                ("ana-lima", "Ana Lima", &[DocId(0), DocId(1)][..]),
                ("bo", "Bo", &[DocId(0)][..])
            ]
        );
        let tags = terms(docs.iter().enumerate().map(|(i, d)| (DocId(i), d)), Facet::Tag);
        assert_eq!(tags.keys().collect::<Vec<_>>(), vec!["sync"]);
        assert_eq!(tags["sync"].documents, vec![DocId(0)]);
    }

    #[test]
    fn two_names_with_one_slug_and_names_without_one_are_reported_at_the_name() {
        let docs = [
            doc("initiatives/a.md", &["Ana Lima"], &["Sync"]),
            doc("initiatives/b.md", &["Ana Lima", "ana lima"], &["sync", "!!"]),
        ];
        let mut diagnostics = Diagnostics::default();
        check(&docs, &mut diagnostics);
        let found: Vec<(Code, usize, String)> = diagnostics
            .into_sorted()
            .into_iter()
            .map(|d| (d.code, d.span.start, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    Code::SlugCollision,
                    1,
                    "owner `ana lima` and owner `Ana Lima` would share the page /owners/ana-lima/"
                        .to_string()
                ),
                (
                    Code::SlugCollision,
                    10,
                    "tag `sync` and tag `Sync` would share the page /tags/sync/".to_string()
                ),
                (Code::EmptySlug, 11, "tag `!!` has no letters or digits to name its page".into()),
            ]
        );
    }
}
