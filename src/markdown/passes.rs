//! The passes of the second Markdown pass, each a small adaptor over pulldown-cmark
//! events. [`super::render()`] chains them; the safety passes run on every event,
//! whatever a later pass does with it, so no route skips the escaping.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::render::{LinkResolver, RawHtml};
use super::url::{UrlUse, is_safe_url};
use super::{LinkTarget, cross_link};

/// With raw HTML off, block and inline HTML become text, which the writer escapes.
pub(super) fn escape_raw_html<'a>(
    events: impl Iterator<Item = Event<'a>>,
    raw_html: RawHtml,
) -> impl Iterator<Item = Event<'a>> {
    events.map(move |event| match event {
        Event::Html(text) | Event::InlineHtml(text) if raw_html == RawHtml::Escape => {
            Event::Text(text)
        }
        other => other,
    })
}

/// With raw HTML off, a heading keeps only its id and the classes made of ASCII
/// letters, digits, `-` and `_`; any other attribute (`onfocus=…`) is dropped.
pub(super) fn limit_heading_attributes<'a>(
    events: impl Iterator<Item = Event<'a>>,
    raw_html: RawHtml,
) -> impl Iterator<Item = Event<'a>> {
    events.map(move |event| match event {
        Event::Start(Tag::Heading { level, id, mut classes, attrs: _ })
            if raw_html == RawHtml::Escape =>
        {
            classes.retain(|class| is_safe_class(class));
            Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
        }
        other => other,
    })
}

fn is_safe_class(class: &str) -> bool {
    !class.is_empty() && class.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Gives each heading, in order, the anchor the first pass found for it.
pub(super) fn anchor_headings<'a, 's>(
    events: impl Iterator<Item = Event<'a>>,
    mut anchors: impl Iterator<Item = &'s str>,
) -> impl Iterator<Item = Event<'a>> {
    events.map(move |event| match event {
        Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
            let id = anchors.next().map(|a| CowStr::from(a.to_string()));
            Event::Start(Tag::Heading { level, id, classes, attrs })
        }
        other => other,
    })
}

/// Fits a body's headings under the page's own `<h1>`: with `drop_title`, the first
/// heading, a level 1 repeating the page title, is left out (a page without front
/// matter takes its title from it); with `demote`, every heading goes one level down
/// (level 6 stays), so no `<h1>` of the body competes with the page's.
pub(super) fn fit_headings<'a>(
    events: impl Iterator<Item = Event<'a>>,
    drop_title: bool,
    demote: bool,
) -> impl Iterator<Item = Event<'a>> {
    let mut dropping = false;
    let mut seen_heading = false;
    events.filter_map(move |event| {
        let is_first_heading = matches!(event, Event::Start(Tag::Heading { .. })) && !seen_heading;
        if matches!(event, Event::Start(Tag::Heading { .. })) {
            seen_heading = true;
        }
        if drop_title && is_first_heading {
            dropping = true;
        }
        if dropping {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                dropping = false;
            }
            return None;
        }
        Some(match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) if demote => {
                Event::Start(Tag::Heading { level: lower(level), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) if demote => {
                Event::End(TagEnd::Heading(lower(level)))
            }
            other => other,
        })
    })
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Puts each table in a box that scrolls sideways on a narrow screen, which a keyboard
/// can reach and a screen reader names.
pub(super) fn scroll_tables<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    events.flat_map(|event| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (
                Some(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n",
                ))),
                None,
            ),
            Event::End(TagEnd::Table) => (None, Some(Event::Html(CowStr::Borrowed("</div>\n")))),
            _ => (None, None),
        };
        before.into_iter().chain(std::iter::once(event)).chain(after)
    })
}

/// Points cross-links (`[[id]]`, relative `.md` links) at their targets' URLs. A bare
/// `[[id]]` shows the target's title; a link whose target is not published keeps its
/// text without the link.
pub(super) struct CrossLinks<'r, 'a, I, R> {
    events: I,
    resolver: &'r R,
    pending: VecDeque<Event<'a>>,
}

impl<'r, 'a, I, R> CrossLinks<'r, 'a, I, R> {
    pub(super) fn new(events: I, resolver: &'r R) -> Self {
        Self { events, resolver, pending: VecDeque::new() }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>, R: LinkResolver> Iterator for CrossLinks<'_, 'a, I, R> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        // A loop, not recursion: an expansion can be empty (`[](draft.md)`), and a
        // body may hold any number of those in a row.
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let event = self.events.next()?;
            let Event::Start(Tag::Link { link_type, dest_url, title, id }) = event else {
                return Some(event);
            };
            let Some(link) = cross_link(link_type, &dest_url, crate::diagnostics::Span::default())
            else {
                return Some(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            };
            let is_bare = matches!(link_type, LinkType::WikiLink { has_pothole: false });
            let inner = take_link_contents(&mut self.events);
            match self.resolver.resolve(&link.target) {
                Some(resolved) => {
                    self.pending.push_back(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: resolved.url.into(),
                        title,
                        id,
                    }));
                    if is_bare {
                        self.pending.push_back(Event::Text(resolved.title.into()));
                    } else {
                        self.pending.extend(inner);
                    }
                    self.pending.push_back(Event::End(TagEnd::Link));
                }
                None if is_bare => {
                    self.pending.push_back(Event::Text(bare_text(&link.target).into()));
                }
                None => self.pending.extend(inner),
            }
        }
    }
}

/// The events between a link's start and its end (the end consumed, not returned).
fn take_link_contents<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    for event in events.by_ref() {
        match &event {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) if depth == 0 => break,
            Event::End(TagEnd::Link) => depth -= 1,
            _ => {}
        }
        inner.push(event);
    }
    inner
}

fn bare_text(target: &LinkTarget) -> String {
    match target {
        LinkTarget::Wiki { id, .. } => id.clone(),
        LinkTarget::Relative { path, .. } => path.clone(),
    }
}

/// With raw HTML off, a link or image whose destination is not on the allowlist of
/// [`super::url`] loses its tag and keeps its text (an image, its alt text).
pub(super) struct SafeUrls<I> {
    events: I,
    raw_html: RawHtml,
    /// For each open link or image: whether its tag was kept.
    open: Vec<bool>,
}

impl<I> SafeUrls<I> {
    pub(super) fn new(events: I, raw_html: RawHtml) -> Self {
        Self { events, raw_html, open: Vec::new() }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for SafeUrls<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            if self.raw_html == RawHtml::Keep {
                return Some(event);
            }
            let is_kept = match &event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let is_safe = is_safe_url(dest_url, UrlUse::Link);
                    self.open.push(is_safe);
                    is_safe
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let is_safe = is_safe_url(dest_url, UrlUse::Image);
                    self.open.push(is_safe);
                    is_safe
                }
                Event::End(TagEnd::Link | TagEnd::Image) => self.open.pop().unwrap_or(true),
                _ => true,
            };
            if is_kept {
                return Some(event);
            }
        }
    }
}

/// Points images beside the documents at where they are published (see
/// [`LinkResolver::image`]); other images stay as written.
pub(super) fn relocate_images<'a, 'r>(
    events: impl Iterator<Item = Event<'a>> + 'r,
    resolver: &'r impl super::LinkResolver,
) -> impl Iterator<Item = Event<'a>> + 'r
where
    'a: 'r,
{
    events.map(move |event| match event {
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = resolver.image(&dest_url).map_or(dest_url, Into::into);
            Event::Start(Tag::Image { link_type, dest_url, title, id })
        }
        other => other,
    })
}

/// A task-list checkbox with an accessible name; pulldown-cmark's has none. Runs after
/// [`escape_raw_html`], since it makes HTML of its own.
pub(super) fn label_task_markers<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    events.map(|event| match event {
        Event::TaskListMarker(done) => Event::InlineHtml(
            if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
            }
            .into(),
        ),
        other => other,
    })
}

#[cfg(test)]
mod tests;
