//! What static hosts and crawlers look for: `sitemap.xml` (only when `base_url` is an
//! absolute URL, since a sitemap must list absolute URLs) and `robots.txt`.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::charts::escape;

/// What a sitemap `<loc>` may not hold raw: controls, spaces and (always encoded by
/// `utf8_percent_encode`) every non-ASCII byte, since the protocol wants URIs, not
/// IRIs (a page of id `café` is listed as `caf%C3%A9`).
const NOT_IN_LOC: &AsciiSet = &CONTROLS.add(b' ');

/// The absolute URL of `path` (already under the base path) at `origin`, with
/// non-ASCII bytes, controls and spaces percent-encoded: a URI, which is also an IRI,
/// so the sitemap and the Atom feed write URLs the same way.
pub(crate) fn absolute(origin: &str, path: &str) -> String {
    format!("{origin}{}", utf8_percent_encode(path, NOT_IN_LOC))
}

/// A sitemap of `pages`: URL paths (already under the base path) with an optional
/// last-modified date. Non-ASCII paths are percent-encoded.
pub(crate) fn sitemap(origin: &str, pages: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape(&absolute(origin, path)));
        if let Some(date) = lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape(date));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named when there is one.
pub(crate) fn robots(sitemap_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = sitemap_url {
        let _ = writeln!(text, "Sitemap: {url}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_urls_with_dates() {
        let xml = sitemap(
            "https://a.org",
            &[("/s/".into(), None), ("/s/x/?a&b".into(), Some("2026-11-02".into()))],
        );
        assert!(xml.contains("<url><loc>https://a.org/s/</loc></url>"), "{xml}");
        assert!(
            xml.contains("<loc>https://a.org/s/x/?a&amp;b</loc><lastmod>2026-11-02</lastmod>"),
            "{xml}"
        );
    }

    #[test]
    fn issue_7_sitemap_percent_encodes_non_ascii_paths() {
        let xml = sitemap("https://a.org", &[("/s/initiatives/café/".into(), None)]);
        assert!(xml.contains("<loc>https://a.org/s/initiatives/caf%C3%A9/</loc>"), "{xml}");
    }
}
