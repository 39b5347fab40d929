//! Markdown bodies. [`scan`] is the first pass: every heading (with its anchor) and
//! every cross-link (`[[id]]`, `[[id|text]]`, `[[id#heading]]`, relative `.md` links)
//! with its span, so the model can check links before anything is rendered. This
//! module knows no documents: resolving a target is the model's job.

mod passes;
mod render;
mod url;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

pub use render::{LinkResolver, RawHtml, Resolved, render, render_under_title};

use crate::diagnostics::{FileId, Span};
use crate::slug::heading_slug;
use url::UrlUse;

/// The pulldown-cmark options every pass uses: CommonMark + GFM, wiki links and
/// `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A heading of a body.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Its anchor: the `{#id}` attribute or the slug of its text, made unique within
    /// the body (`-1`, `-2`, … as GitHub does).
    pub anchor: String,
    pub span: Span,
}

/// Where a cross-link points, before resolution.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LinkTarget {
    /// `[[id]]`, `[[id#heading]]`: an id and an optional heading (text or slug).
    Wiki { id: String, heading: Option<String> },
    /// `[text](../pillars/x.md#heading)`: a path relative to the linking file.
    Relative { path: String, heading: Option<String> },
}

/// A cross-link in a body.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub target: LinkTarget,
    /// Text written for the link (`[[id|text]]`); `None` for a bare `[[id]]`.
    pub has_text: bool,
    pub span: Span,
}

/// What the first pass finds in one body.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scanned {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Link and image destinations that only survive with raw HTML on (`javascript:`
    /// and every other scheme off the allowlist), so `check` can say why they vanish.
    pub refused_urls: Vec<RefusedUrl>,
}

/// A destination the renderer drops when raw HTML is off.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefusedUrl {
    pub url: String,
    pub is_image: bool,
    pub span: Span,
}

impl Scanned {
    /// The text of the first level-1 heading, the title of a page without front matter.
    pub fn first_title(&self) -> Option<&str> {
        self.headings.iter().find(|h| h.level == 1).map(|h| h.text.as_str())
    }

    /// Points every span at `file`: the body of a file that has another id in a new
    /// source map.
    pub fn move_to(&mut self, file: FileId) {
        self.headings.iter_mut().for_each(|h| h.span.file = file);
        self.links.iter_mut().for_each(|l| l.span.file = file);
        self.refused_urls.iter_mut().for_each(|r| r.span.file = file);
    }

    /// Whether `other` has the same headings, links and refused URLs, wherever they
    /// stand: what the rest of the site sees of a body. An edit that keeps this leaves
    /// the strategy as it was.
    pub fn means_the_same_as(&self, other: &Scanned) -> bool {
        self.meaning() == other.meaning()
    }

    /// A hash of what [`Scanned::means_the_same_as`] compares, for a build to tell
    /// whether a body means what it meant in an earlier build.
    pub fn meaning_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.meaning().hash(&mut hasher);
        hasher.finish()
    }

    /// What the rest of the site sees of a body: its headings, links and refused URLs,
    /// without where they stand.
    #[allow(clippy::type_complexity)]
    fn meaning(&self) -> (Vec<(u8, &str, &str)>, Vec<(&LinkTarget, bool)>, Vec<(&str, bool)>) {
        let headings = self.headings.iter().map(|h| (h.level, h.text.as_str(), h.anchor.as_str()));
        let links = self.links.iter().map(|l| (&l.target, l.has_text));
        let refused = self.refused_urls.iter().map(|r| (r.url.as_str(), r.is_image));
        (headings.collect(), links.collect(), refused.collect())
    }

    /// Finds a heading by its anchor, its text or the slug of the text.
    pub fn find_heading(&self, wanted: &str) -> Option<&Heading> {
        let slug = heading_slug(wanted);
        self.headings.iter().find(|h| h.anchor == wanted || h.text == wanted || h.anchor == slug)
    }
}

/// Scans `body`, which starts at byte `offset` of `file`.
pub fn scan(body: &str, offset: usize, file: FileId) -> Scanned {
    let mut scanned = Scanned::default();
    let mut heading: Option<(u8, Option<String>, String, std::ops::Range<usize>)> = None;
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let span = |r: &std::ops::Range<usize>| Span::new(file, offset + r.start, offset + r.end);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading =
                    Some((level_number(level), id.map(|i| i.to_string()), String::new(), range));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, buffer, _)) = heading.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text, range)) = heading.take() {
                    let base = id.unwrap_or_else(|| heading_slug(&text));
                    let count = seen.entry(base.clone()).or_insert(0);
                    let anchor = if *count == 0 { base.clone() } else { format!("{base}-{count}") };
                    *count += 1;
                    scanned.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        anchor,
                        span: span(&range),
                    });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                if let Some(link) = cross_link(link_type, &dest_url, span(&range)) {
                    scanned.links.push(link);
                } else if !url::is_safe_url(&dest_url, UrlUse::Link) {
                    let (url, span) = (dest_url.to_string(), span(&range));
                    scanned.refused_urls.push(RefusedUrl { url, is_image: false, span });
                }
            }
            Event::Start(Tag::Image { dest_url, .. })
                if !url::is_safe_url(&dest_url, UrlUse::Image) =>
            {
                let (url, span) = (dest_url.to_string(), span(&range));
                scanned.refused_urls.push(RefusedUrl { url, is_image: true, span });
            }
            _ => {}
        }
    }
    scanned
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn cross_link(link_type: LinkType, dest: &str, span: Span) -> Option<Link> {
    if let LinkType::WikiLink { has_pothole } = link_type {
        let (id, heading) = split_fragment(dest);
        return Some(Link {
            target: LinkTarget::Wiki { id: id.trim().to_string(), heading },
            has_text: has_pothole,
            span,
        });
    }
    let (path, heading) = split_fragment(dest);
    // A relative link is a URL: its fragment may be percent-encoded (`#men%C3%BA`), as
    // GitHub writes anchors. Its path is decoded where it is resolved.
    let heading = heading.map(|h| match percent_decode_str(&h).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => h,
    });
    is_relative_markdown(path).then(|| Link {
        target: LinkTarget::Relative { path: path.to_string(), heading },
        has_text: true,
        span,
    })
}

fn split_fragment(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, fragment)) if !fragment.is_empty() => (path, Some(fragment.trim().to_string())),
        Some((path, _)) => (path, None),
        None => (dest, None),
    }
}

/// A link to another Markdown file of the site: no scheme, not absolute, ends in `.md`.
pub fn is_relative_markdown(path: &str) -> bool {
    let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !has_scheme && !path.starts_with('/') && !path.starts_with("//") && path.ends_with(".md")
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn targets(body: &str) -> Vec<(LinkTarget, bool, &str)> {
        scan(body, 0, F)
            .links
            .into_iter()
            .map(|l| (l.target, l.has_text, body.get(l.span.start..l.span.end).unwrap()))
            .collect()
    }

    #[test]
    fn wiki_links_of_every_form_are_found() {
        let found = targets("See [[a]], [[b|B]], [[c#Why it matters]] and [[d#why|text]].\n");
        assert_eq!(
            found,
            vec![
                (LinkTarget::Wiki { id: "a".into(), heading: None }, false, "[[a]]"),
                (LinkTarget::Wiki { id: "b".into(), heading: None }, true, "[[b|B]]"),
                (
                    LinkTarget::Wiki { id: "c".into(), heading: Some("Why it matters".into()) },
                    false,
                    "[[c#Why it matters]]"
                ),
                (
                    LinkTarget::Wiki { id: "d".into(), heading: Some("why".into()) },
                    true,
                    "[[d#why|text]]"
                ),
            ]
        );
    }

    #[test]
    fn relative_markdown_links_are_found_and_external_ones_ignored() {
        let found = targets(
            "[p](../pillars/x.md#goal) [e](https://example.com/a.md) [abs](/a.md) [img](x.png)\n",
        );
        assert_eq!(
            found,
            vec![(
                LinkTarget::Relative {
                    path: "../pillars/x.md".into(),
                    heading: Some("goal".into())
                },
                true,
                "[p](../pillars/x.md#goal)"
            )]
        );
    }

    #[test]
    fn issue_7_fragments_of_relative_links_are_percent_decoded() {
        let found = targets("[a](caf%C3%A9.md#men%C3%BA) [b](x.md#50%) [[c#50%25]]\n");
        let headings: Vec<_> = found
            .iter()
            .map(|(t, _, _)| match t {
                LinkTarget::Wiki { heading, .. } | LinkTarget::Relative { heading, .. } => {
                    heading.as_deref()
                }
            })
            .collect();
        // Wiki links name ids and headings as written: no URL, no decoding.
        assert_eq!(headings, [Some("menú"), Some("50%"), Some("50%25")]);
    }

    #[test]
    fn links_in_code_are_not_links() {
        assert!(targets("`[[a]]`\n\n```\n[[b]]\n```\n").is_empty());
    }

    #[test]
    fn headings_get_unique_anchors() {
        let s = scan("# Plan\n\n## Risks\n\n## Risks\n\n### Custom {#mine}\n", 0, F);
        let anchors: Vec<_> = s.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["plan", "risks", "risks-1", "mine"]);
        assert_eq!(s.first_title(), Some("Plan"));
        assert_eq!(s.find_heading("Risks").map(|h| h.anchor.as_str()), Some("risks"));
        assert_eq!(s.find_heading("custom").map(|h| h.anchor.as_str()), None);
        assert_eq!(s.find_heading("mine").map(|h| h.text.as_str()), Some("Custom"));
    }

    #[test]
    fn spans_are_rebased_onto_the_file() {
        let s = scan("x [[a]]", 10, F);
        assert_eq!((s.links[0].span.start, s.links[0].span.end), (12, 17));
    }
}
