//! The second Markdown pass: HTML for a body, with cross-links pointed at their
//! targets' URLs, headings given the anchors `scan` found, and raw HTML escaped unless
//! the site allows it.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

use super::{LinkTarget, Scanned, cross_link, options};

/// A link's target as the renderer needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// Where the link goes, fragment included.
    pub url: String,
    /// The target's title, the text of a bare `[[id]]`.
    pub title: String,
}

/// Turns cross-links into URLs. `markdown` knows no documents; the renderer does.
pub trait LinkResolver {
    /// The target of `target`, or `None` when it is not part of the output (a draft);
    /// the link's text is then kept without a link.
    fn resolve(&self, target: &LinkTarget) -> Option<Resolved>;
}

/// Whether raw HTML in bodies reaches the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawHtml {
    Keep,
    Escape,
}

/// Renders `body` to HTML. `scanned` must come from [`super::scan`] of the same body:
/// its headings' anchors become the headings' `id`s.
pub fn render(
    body: &str,
    scanned: &Scanned,
    resolver: &impl LinkResolver,
    raw_html: RawHtml,
) -> String {
    let mut anchors = scanned.headings.iter().map(|h| h.anchor.as_str());
    let mut out = String::with_capacity(body.len() * 3 / 2);
    let mut events = Parser::new_ext(body, options());
    let mut rewritten: Vec<Event<'_>> = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                let id = anchors.next().map(|a| CowStr::from(a.to_string()));
                rewritten.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let Some(target) =
                    cross_link(link_type, &dest_url, crate::diagnostics::Span::default())
                else {
                    rewritten.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                    continue;
                };
                let is_bare = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let inner = take_link_contents(&mut events);
                match resolver.resolve(&target.target) {
                    Some(resolved) => {
                        rewritten.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: resolved.url.into(),
                            title,
                            id,
                        }));
                        if is_bare {
                            rewritten.push(Event::Text(resolved.title.into()));
                        } else {
                            rewritten.extend(inner);
                        }
                        rewritten.push(Event::End(TagEnd::Link));
                    }
                    None if is_bare => {
                        rewritten.push(Event::Text(bare_text(&target.target).into()))
                    }
                    None => rewritten.extend(inner),
                }
            }
            // A checkbox needs an accessible name; pulldown-cmark's has none.
            Event::TaskListMarker(done) => rewritten.push(Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
                }
                .into(),
            )),
            Event::Html(text) | Event::InlineHtml(text) if raw_html == RawHtml::Escape => {
                rewritten.push(Event::Text(text));
            }
            other => rewritten.push(other),
        }
    }
    html::push_html(&mut out, rewritten.into_iter());
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::FileId;

    struct Fixed;

    impl LinkResolver for Fixed {
        fn resolve(&self, target: &LinkTarget) -> Option<Resolved> {
            let (id, heading) = match target {
                LinkTarget::Wiki { id, heading } => (id.clone(), heading.clone()),
                LinkTarget::Relative { path, heading } => {
                    (path.rsplit('/').next()?.trim_end_matches(".md").to_string(), heading.clone())
                }
            };
            if id == "draft" {
                return None;
            }
            let fragment =
                heading.map(|h| format!("#{}", crate::slug::heading_slug(&h))).unwrap_or_default();
            Some(Resolved { url: format!("/x/{id}/{fragment}"), title: format!("Title of {id}") })
        }
    }

    fn html(body: &str, raw: RawHtml) -> String {
        render(body, &super::super::scan(body, 0, FileId(0)), &Fixed, raw)
    }

    #[test]
    fn wiki_links_get_urls_and_titles() {
        assert_eq!(
            html("See [[a]] and [[b#Why it matters|why]].", RawHtml::Escape),
            "<p>See <a href=\"/x/a/\">Title of a</a> and <a href=\"/x/b/#why-it-matters\">why</a>.</p>\n"
        );
    }

    #[test]
    fn relative_markdown_links_are_rewritten_and_external_ones_kept() {
        assert_eq!(
            html("[p](../pillars/p.md) [e](https://example.com/a.md)", RawHtml::Escape),
            "<p><a href=\"/x/p/\">p</a> <a href=\"https://example.com/a.md\">e</a></p>\n"
        );
    }

    #[test]
    fn unresolved_links_keep_their_text() {
        assert_eq!(html("[[draft]] [x](draft.md)", RawHtml::Escape), "<p>draft x</p>\n");
    }

    #[test]
    fn headings_get_their_anchors() {
        assert_eq!(
            html("## Risks\n\n## Risks\n", RawHtml::Escape),
            "<h2 id=\"risks\">Risks</h2>\n<h2 id=\"risks-1\">Risks</h2>\n"
        );
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let body = "<script>alert(1)</script>\n\nHi <b>x</b>\n";
        let escaped = html(body, RawHtml::Escape);
        assert!(!escaped.contains("<script>") && !escaped.contains("<b>"), "{escaped}");
        assert!(escaped.contains("&lt;script&gt;"), "{escaped}");
        assert!(html(body, RawHtml::Keep).contains("<b>x</b>"));
    }

    #[test]
    fn gfm_extensions_render() {
        let out = html(
            "| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ [^1]\n\n[^1]: note\n",
            RawHtml::Escape,
        );
        assert!(
            out.contains("<table>")
                && out.contains("checkbox")
                && out.contains("<del>")
                && out.contains("footnote"),
            "{out}"
        );
    }
}
