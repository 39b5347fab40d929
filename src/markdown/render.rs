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

    /// Where the image written as `url` is published, when it is an image beside the
    /// documents that the page's own URL would not find (`![](badge.png)` in
    /// `decisions/x.md`, whose page is `decisions/x/`); `None` leaves it as written.
    fn image(&self, _url: &str) -> Option<String> {
        None
    }
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
    render_body(body, scanned, resolver, raw_html, None)
}

/// [`render`] for a page whose `<h1>` is `title`: a first heading repeating the title
/// is left out, and when the body has other level-1 headings every heading goes one
/// level down, so the page keeps a single `<h1>`.
pub fn render_under_title(
    body: &str,
    scanned: &Scanned,
    resolver: &impl LinkResolver,
    raw_html: RawHtml,
    title: &str,
) -> String {
    render_body(body, scanned, resolver, raw_html, Some(title))
}

fn render_body(
    body: &str,
    scanned: &Scanned,
    resolver: &impl LinkResolver,
    raw_html: RawHtml,
    title: Option<&str>,
) -> String {
    let headings = &scanned.headings;
    let drop_title = title.is_some_and(|title| {
        headings.first().is_some_and(|h| h.level == 1 && h.text.trim() == title.trim())
    });
    let demote =
        title.is_some() && headings.iter().skip(usize::from(drop_title)).any(|h| h.level == 1);
    let events = Parser::new_ext(body, options());
    let events = passes::escape_raw_html(events, raw_html);
    let events = passes::limit_heading_attributes(events, raw_html);
    let events =
        passes::anchor_headings(events, scanned.headings.iter().map(|h| h.anchor.as_str()));
    let events = passes::CrossLinks::new(events, resolver);
    let events = passes::SafeUrls::new(events, raw_html);
    let events = passes::relocate_images(events, resolver);
    let events = passes::label_task_markers(events);
    let events = passes::fit_headings(events, drop_title, demote);
    let events = passes::scroll_tables(events);
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
    fn images_beside_the_documents_are_pointed_at_where_they_are_published() {
        struct Images;
        impl LinkResolver for Images {
            fn resolve(&self, _: &LinkTarget) -> Option<Resolved> {
                None
            }
            fn image(&self, url: &str) -> Option<String> {
                (url == "badge.png").then(|| "/decisions/badge.png".to_string())
            }
        }
        let body = "![Badge](badge.png) ![Other](other.png)";
        let out = render(body, &super::super::scan(body, 0, FileId(0)), &Images, RawHtml::Escape);
        assert_eq!(
            out,
            "<p><img src=\"/decisions/badge.png\" alt=\"Badge\" /> <img src=\"other.png\" alt=\"Other\" /></p>\n"
        );
    }

    #[test]
    fn unresolved_links_keep_their_text() {
        assert_eq!(html("[[draft]] [x](draft.md)", RawHtml::Escape), "<p>draft x</p>\n");
    }

    fn under_title(body: &str, title: &str) -> String {
        let scanned = super::super::scan(body, 0, FileId(0));
        render_under_title(body, &scanned, &Fixed, RawHtml::Escape, title)
    }

    #[test]
    fn a_first_heading_repeating_the_title_is_left_out() {
        assert_eq!(
            under_title("# About us\n\nText.\n\n## Cadence\n", "About us"),
            "<p>Text.</p>\n<h2 id=\"cadence\">Cadence</h2>\n"
        );
    }

    #[test]
    fn other_level_one_headings_go_one_level_down() {
        assert_eq!(
            under_title("# Intro\n\n## Part\n\n###### Deep\n", "Page"),
            "<h2 id=\"intro\">Intro</h2>\n<h3 id=\"part\">Part</h3>\n<h6 id=\"deep\">Deep</h6>\n"
        );
        // Without level-1 headings nothing moves.
        assert_eq!(under_title("## Part\n", "Page"), "<h2 id=\"part\">Part</h2>\n");
    }

    #[test]
    fn tables_scroll_inside_a_named_box() {
        assert_eq!(
            html("| a |\n| - |\n| 1 |\n", RawHtml::Escape),
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n\
             <table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>1</td></tr>\n</tbody></table>\n</div>\n"
        );
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
