//! Which link and image destinations may reach a page when raw HTML is off: an
//! allowlist of schemes, judged on the URL as a browser reads it (entities already
//! decoded by the parser, tabs and newlines removed, leading controls and spaces
//! stripped), so no spelling of `javascript:` gets through. Pure; no I/O.

/// Where a destination is used: images may also embed raster `data:image/` URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UrlUse {
    Link,
    Image,
}

/// The schemes a link may use; everything else with a scheme is refused.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The `data:image/` types an image may embed: raster only (SVG can carry script).
const RASTER_TYPES: &[&str] = &["png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"];

/// Whether `url` is safe as a destination for `usage`: `http`, `https`, `mailto`,
/// `tel`, a relative URL or a fragment, and for images also `data:image/` of a raster
/// type. A destination that could have a scheme but not an allowed one is refused.
pub(crate) fn is_safe_url(url: &str, usage: UrlUse) -> bool {
    // As a browser does (WHATWG URL): drop leading and trailing C0 controls and spaces,
    // and every tab and newline anywhere.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme ends at the first `:` that comes before any `/`, `?` or `#`. Anything
    // before such a `:` counts as a scheme, valid or not: refusing an odd relative URL
    // is better than letting a disguised scheme through.
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    let Some((scheme, _)) = cleaned.get(..end).and_then(|head| head.split_once(':')) else {
        return true;
    };
    let scheme = scheme.to_ascii_lowercase();
    if LINK_SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    let data = cleaned.split_once(':').map_or("", |(_, data)| data);
    usage == UrlUse::Image && scheme == "data" && is_raster_data(data)
}

/// Whether the body of a `data:` URL (`image/png;base64,…`) declares a raster image.
fn is_raster_data(data: &str) -> bool {
    let media = data.split([';', ',']).next().unwrap_or("").trim().to_ascii_lowercase();
    media.strip_prefix("image/").is_some_and(|subtype| RASTER_TYPES.contains(&subtype))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT_URLS: &[&str] = &[
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        " javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "\u{1f} \tjavascript:alert(1)",
        "javascript\u{0}:alert(1)",
        "javascript:/x/",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
        "ftp://example.com/",
    ];

    #[test]
    fn issue_7_script_urls_are_refused_in_every_spelling() {
        for url in SCRIPT_URLS {
            assert!(!is_safe_url(url, UrlUse::Link), "link {url:?}");
            assert!(!is_safe_url(url, UrlUse::Image), "image {url:?}");
        }
    }

    #[test]
    fn issue_7_allowed_schemes_relative_and_fragment_urls_survive() {
        for url in [
            "http://example.com/",
            "HTTPS://example.com/a?b=c#d",
            "mailto:ana@example.com",
            "tel:+351-555",
            "//example.com/x",
            "/strategy/x/",
            "../pillars/x.md",
            "x.md#goal",
            "#why",
            "?page=2",
            "a/b:c",
            "",
        ] {
            assert!(is_safe_url(url, UrlUse::Link), "{url:?}");
            assert!(is_safe_url(url, UrlUse::Image), "{url:?}");
        }
    }

    #[test]
    fn issue_7_images_may_embed_raster_data_only() {
        for ty in ["png", "jpeg", "gif", "webp", "avif", "bmp", "PNG"] {
            let url = format!("data:image/{ty};base64,AAAA");
            assert!(is_safe_url(&url, UrlUse::Image), "{url}");
            assert!(!is_safe_url(&url, UrlUse::Link), "{url}");
        }
        assert!(!is_safe_url("data:image/svg+xml;base64,AAAA", UrlUse::Image));
        assert!(!is_safe_url("data:,hello", UrlUse::Image));
    }
}
