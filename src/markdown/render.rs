//! The second Markdown pass: HTML for a body, with cross-links pointed at their
//! targets' URLs, headings given the anchors `scan` found, and raw HTML escaped unless
//! the site allows it.

use pulldown_cmark::{Parser, html};

use super::{LinkTarget, Scanned, options, passes};

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
/// its headings' anchors become the headings' `id`s. With [`RawHtml::Escape`] no
/// script reaches the page: raw HTML is escaped, headings keep only their id and plain
/// classes, and links and images keep only allowlisted URLs (see `markdown::url`).
pub fn render(
    body: &str,
    scanned: &Scanned,
    resolver: &impl LinkResolver,
    raw_html: RawHtml,
) -> String {
    let events = Parser::new_ext(body, options());
    let events = passes::escape_raw_html(events, raw_html);
    let events = passes::limit_heading_attributes(events, raw_html);
    let events =
        passes::anchor_headings(events, scanned.headings.iter().map(|h| h.anchor.as_str()));
    let events = passes::CrossLinks::new(events, resolver);
    let events = passes::SafeUrls::new(events, raw_html);
    let events = passes::label_task_markers(events);
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
