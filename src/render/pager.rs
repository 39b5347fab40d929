//! Long lists split into pages of [`PER_PAGE`] entries: an index of a kind, an owner's
//! or a tag's page, the logs of decisions, experiments, post-mortems and updates. The
//! first page keeps the list's URL (`/initiatives/`), the others follow it
//! (`/initiatives/page/2/`), so a URL means the same at every size of site; the route
//! table lists every page. Groups (Now, Next, …) are kept across the cut, and a group
//! that goes on over a page break shows again at the top of the next page.

use serde::Serialize;

use super::context::Ctx;
use super::routes::{Route, UrlPath};

/// Entries on one page of a long list: enough to scan, few enough that the page stays
/// small on a site of 50,000 documents.
pub(crate) const PER_PAGE: usize = 100;

/// The URL of page `n` of the list whose first page is `first`.
pub(crate) fn page_url(first: &UrlPath, n: usize) -> UrlPath {
    if n <= 1 {
        first.clone()
    } else {
        UrlPath::from(format!("{}page/{n}/", first.as_str()).as_str())
    }
}

/// How many pages a list of `entries` takes: at least one.
pub(crate) fn pages_for(entries: usize) -> usize {
    entries.div_ceil(PER_PAGE).max(1)
}

/// A view with a long list: how many entries it has, and how to keep one page of them.
pub(super) trait Paged {
    fn entries(&self) -> usize;
    fn keep(&mut self, page: usize);
}

/// Page `page` of the long list at `first` that `make` makes: the whole list is made
/// once, for every page of it, and each page keeps its own entries.
pub(super) fn shared_page<V: Paged + Clone + Send + Sync + 'static>(
    ctx: &Ctx<'_>,
    first: &Route,
    page: usize,
    make: fn(&Ctx<'_>) -> V,
) -> V {
    let mut view = V::clone(&ctx.shared(first, make));
    view.keep(page);
    view
}

/// How many entries the list at `route` has, for the routes that are paged.
pub(super) fn entries(ctx: &Ctx<'_>, route: &Route) -> Option<usize> {
    use crate::model::Kind;
    Some(match route {
        Route::Index(Kind::Objective | Kind::Stakeholder) => return None,
        Route::Index(Kind::Metric) => ctx.shared(route, super::metrics::dashboard).entries(),
        Route::Index(Kind::Postmortem) => ctx.shared(route, super::learning::postmortems).entries(),
        Route::Index(Kind::Decision) => ctx.shared(route, super::learning::decisions).entries(),
        Route::Index(Kind::Experiment) => ctx.shared(route, super::learning::experiments).entries(),
        Route::Index(Kind::Update) => ctx.shared(route, super::learning::updates).entries(),
        Route::Index(kind) => super::indexes::index_entries(ctx, *kind),
        Route::Pages => super::indexes::index_entries(ctx, crate::model::Kind::Page),
        Route::Term(facet, slug) => super::terms::term_entries(ctx, *facet, slug),
        Route::OkrQuarter(quarter) => super::okrs::quarter_entries(ctx, *quarter),
        Route::Health => ctx.shared(route, super::health::page).entries(),
        Route::Debt => ctx.shared(route, super::debt::debt).entries(),
        _ => return None,
    })
}

/// A group of a paged list, with its entries.
pub(super) trait Grouped {
    type Entry;
    fn entries(&self) -> &Vec<Self::Entry>;
    fn entries_mut(&mut self) -> &mut Vec<Self::Entry>;
    /// Marks the group as begun on an earlier page.
    fn continues(&mut self);
}

/// Implements [`Grouped`] for a group struct whose entries are in `$field` and that
/// has a `continued` flag.
macro_rules! grouped {
    ($group:ty, $field:ident, $entry:ty) => {
        impl $crate::render::pager::Grouped for $group {
            type Entry = $entry;
            fn entries(&self) -> &Vec<$entry> {
                &self.$field
            }
            fn entries_mut(&mut self) -> &mut Vec<$entry> {
                &mut self.$field
            }
            fn continues(&mut self) {
                self.continued = true;
            }
        }
    };
}
pub(super) use grouped;

/// Implements [`Paged`] for a view whose list is its `groups`.
macro_rules! paged_groups {
    ($view:ty) => {
        impl $crate::render::pager::Paged for $view {
            fn entries(&self) -> usize {
                $crate::render::pager::count(&self.groups)
            }
            fn keep(&mut self, page: usize) {
                $crate::render::pager::keep_page(&mut self.groups, page);
            }
        }
    };
}
pub(super) use paged_groups;

/// How many entries `groups` hold.
pub(super) fn count<G: Grouped>(groups: &[G]) -> usize {
    groups.iter().map(|g| g.entries().len()).sum()
}

/// Keeps the entries of page `page` (from 1), dropping the groups left empty.
pub(super) fn keep_page<G: Grouped>(groups: &mut Vec<G>, page: usize) {
    let start = page.saturating_sub(1).saturating_mul(PER_PAGE);
    keep_range(groups, start, start.saturating_add(PER_PAGE));
}

/// Keeps the first `n` entries, for a summary of a list that links to the whole;
/// returns whether any were left out.
pub(super) fn keep_first<G: Grouped>(groups: &mut Vec<G>, n: usize) -> bool {
    let all = count(groups);
    keep_range(groups, 0, n);
    all > n
}

/// Keeps the entries from `start` to before `end`, counted across the groups.
fn keep_range<G: Grouped>(groups: &mut Vec<G>, start: usize, end: usize) {
    let mut seen = 0;
    groups.retain_mut(|group| {
        let entries = group.entries_mut();
        let n = entries.len();
        let (from, to) = (start.saturating_sub(seen).min(n), end.saturating_sub(seen).min(n));
        seen += n;
        entries.truncate(to);
        entries.drain(..from);
        let kept = !entries.is_empty();
        if from > 0 {
            group.continues();
        }
        kept
    });
}

/// Keeps the entries of page `page` (from 1) of a list without groups.
pub(super) fn keep_page_of<T>(entries: &mut Vec<T>, page: usize) {
    let start = page.saturating_sub(1).saturating_mul(PER_PAGE).min(entries.len());
    entries.truncate(start.saturating_add(PER_PAGE).min(entries.len()));
    entries.drain(..start);
}

/// The links between the pages of a list, for the theme's `pager` component.
#[derive(Serialize)]
pub(crate) struct PagerView {
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    /// The pages to offer by number: the first, the last and those around this one;
    /// `None` stands for a gap.
    links: Vec<Option<PageLink>>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// The pager of page `page` of `pages` of the list at `first`; `None` for a list that
/// fits on one page.
pub(super) fn view(ctx: &Ctx<'_>, first: &UrlPath, page: usize, pages: usize) -> Option<PagerView> {
    if pages <= 1 {
        return None;
    }
    let url = |n: usize| ctx.url(page_url(first, n).as_str());
    let mut links = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            if n > last + 1 {
                links.push(None);
            }
            links.push(Some(PageLink { number: n, url: url(n), current: n == page }));
            last = n;
        }
    }
    Some(PagerView {
        page,
        pages,
        previous: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct G(Vec<usize>);

    impl Grouped for G {
        type Entry = usize;
        fn entries(&self) -> &Vec<usize> {
            &self.0
        }
        fn entries_mut(&mut self) -> &mut Vec<usize> {
            &mut self.0
        }
        fn continues(&mut self) {}
    }

    #[test]
    fn pages_cut_across_groups_and_keep_every_entry_once() {
        let make = || vec![G((0..30).collect()), G((30..150).collect()), G((150..260).collect())];
        let total = count(&make());
        assert_eq!(pages_for(total), 3);
        let mut all = Vec::new();
        for page in 1..=3 {
            let mut groups = make();
            keep_page(&mut groups, page);
            assert!(count(&groups) <= PER_PAGE);
            all.extend(groups.into_iter().flat_map(|g| g.0));
        }
        assert_eq!(all, (0..260).collect::<Vec<_>>());
        let mut groups = make();
        keep_page(&mut groups, 2);
        assert_eq!(groups.len(), 2, "the second group goes on, the third starts");
        let mut beyond = make();
        keep_page(&mut beyond, 4);
        assert!(beyond.is_empty());
    }

    #[test]
    fn a_flat_list_is_cut_the_same_way() {
        let mut entries: Vec<usize> = (0..250).collect();
        keep_page_of(&mut entries, 3);
        assert_eq!(entries, (200..250).collect::<Vec<_>>());
        assert_eq!(pages_for(0), 1);
        assert_eq!(pages_for(100), 1);
        assert_eq!(pages_for(101), 2);
    }

    #[test]
    fn later_pages_follow_the_first_ones_url() {
        let first = UrlPath::from("initiatives/");
        assert_eq!(page_url(&first, 1), first);
        assert_eq!(page_url(&first, 3).as_str(), "initiatives/page/3/");
    }
}
