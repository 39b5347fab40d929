//! `/owners/`, `/tags/` and a page per owner or tag: everything filed under a name,
//! grouped by kind.

use serde::Serialize;

use super::NAV_ORDER;
use super::context::Ctx;
use super::indexes::{IdGroup, sort_by_weight};
use super::routes::Route;
use super::views::{LinkView, kind_plural, words};
use crate::model::KindData;
use crate::model::taxonomy::{Facet, Term};
use crate::slug::id_slug;

/// A name linked to its page (no link when the name has no slug).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NameLink {
    pub(crate) name: String,
    pub(crate) url: Option<String>,
}

/// The URL of a name's page, relative to the base: `owners/ana-lima/`.
pub(crate) fn term_url(facet: Facet, name: &str) -> Option<String> {
    let slug = id_slug(name);
    (!slug.is_empty()).then(|| format!("{}/{slug}/", facet.section()))
}

/// Names linked to their pages.
pub(crate) fn name_links(ctx: &Ctx<'_>, facet: Facet, names: &[String]) -> Vec<NameLink> {
    names
        .iter()
        .map(|name| NameLink {
            name: name.clone(),
            url: term_url(facet, name).map(|url| ctx.url(&url)),
        })
        .collect()
}

fn titles(facet: Facet) -> (&'static str, &'static str) {
    match facet {
        Facet::Owner => ("Owners", "Owner"),
        Facet::Tag => ("Tags", "Tag"),
    }
}

/// `/owners/` or `/tags/`.
#[derive(Serialize)]
pub(super) struct TermsView {
    title: &'static str,
    intro: &'static str,
    terms: Vec<TermEntry>,
}

#[derive(Serialize)]
struct TermEntry {
    name: String,
    url: String,
    /// "4 documents, 1 action item".
    count: String,
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") }
}

pub(super) fn index(ctx: &Ctx<'_>, facet: Facet) -> TermsView {
    let mut terms: Vec<TermEntry> = ctx
        .terms(facet)
        .iter()
        .map(|(slug, term)| {
            let mut count = vec![plural(term.documents.len(), "document")];
            if !term.action_items.is_empty() {
                count.push(plural(term.action_items.len(), "action item"));
            }
            TermEntry {
                name: term.name.clone(),
                url: ctx.url(&format!("{}/{slug}/", facet.section())),
                count: count.join(", "),
            }
        })
        .collect();
    terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.url.cmp(&b.url)));
    TermsView {
        title: titles(facet).0,
        intro: match facet {
            Facet::Owner => "Who owns what: every owner named in the strategy.",
            Facet::Tag => "Every tag, with the documents it marks.",
        },
        terms,
    }
}

/// One owner's or tag's page.
#[derive(Serialize)]
pub(super) struct TermView {
    name: String,
    /// "Owner", "Tag".
    label: &'static str,
    /// "Everything Ana Lima owns, by kind."
    intro: String,
    index_url: String,
    index_title: &'static str,
    groups: Vec<TermGroup>,
    action_items: Vec<ActionView>,
}

#[derive(Serialize)]
struct TermGroup {
    title: String,
    links: Vec<LinkView>,
    /// How many links the group has in all, on this page and others.
    count: usize,
    /// Whether the group began on an earlier page.
    continued: bool,
}

#[derive(Serialize)]
struct ActionView {
    title: String,
    postmortem: LinkView,
    status: String,
    is_open: bool,
    due: Option<String>,
}

/// The documents filed under `term`, by kind in navigation order.
fn groups(ctx: &Ctx<'_>, term: &Term) -> Vec<IdGroup> {
    NAV_ORDER
        .iter()
        .filter_map(|&kind| {
            let mut ids: Vec<_> =
                term.documents.iter().copied().filter(|&id| ctx.doc(id).kind == kind).collect();
            sort_by_weight(ctx, &mut ids);
            (!ids.is_empty()).then(|| IdGroup::new(kind_plural(kind).into(), None, ids))
        })
        .collect()
}

/// How many documents the pages of a term list.
pub(super) fn term_entries(ctx: &Ctx<'_>, facet: Facet, slug: &str) -> usize {
    super::pager::count(&term_groups(ctx, facet, slug))
}

/// [`groups`] of a term, made once for every page of it.
fn term_groups(ctx: &Ctx<'_>, facet: Facet, slug: &str) -> std::sync::Arc<Vec<IdGroup>> {
    ctx.shared(&Route::Term(facet, slug.to_string()), |ctx| {
        ctx.term(facet, slug).map_or_else(Vec::new, |term| groups(ctx, term))
    })
}

/// Page `page` of an owner's or a tag's page: one page of its documents, and on the
/// first its action items.
pub(super) fn term(ctx: &Ctx<'_>, facet: Facet, slug: &str, page: usize) -> TermView {
    let empty = Term::default();
    let term = ctx.term(facet, slug).unwrap_or(&empty);
    let mut groups = Vec::clone(&term_groups(ctx, facet, slug));
    super::pager::keep_page(&mut groups, page);
    let groups = groups
        .into_iter()
        .map(|g| TermGroup {
            title: g.title,
            links: g.ids.into_iter().map(|id| ctx.link(id)).collect(),
            count: g.count,
            continued: g.continued,
        })
        .collect();
    let action_items = term
        .action_items
        .iter()
        .filter(|_| page <= 1)
        .filter_map(|&(id, i)| {
            let KindData::Postmortem(p) = &ctx.doc(id).data else { return None };
            let item = p.action_items.get(i)?;
            Some(ActionView {
                title: item.title.clone(),
                postmortem: ctx.link(id),
                status: words(item.status.as_str()),
                is_open: item.is_open(),
                due: item.due.map(|d| d.to_string()),
            })
        })
        .collect();
    let (index_title, label) = titles(facet);
    TermView {
        intro: match facet {
            Facet::Owner => format!("Everything {} owns, by kind.", term.name),
            Facet::Tag => format!("Everything tagged “{}”, by kind.", term.name),
        },
        name: term.name.clone(),
        label,
        index_url: ctx.url(&format!("{}/", facet.section())),
        index_title,
        groups,
        action_items,
    }
}
