//! `base_url`, validated once at the edge: where the site is served. Only its path
//! reaches links, and its origin the sitemap and `robots.txt`, so whatever passes here
//! is safe to write into HTML attributes, XML and plain-text files as it is.

use url::Url;

/// A validated `base_url`: an absolute `http(s)` URL or a path, with no query,
/// fragment, credentials, whitespace or control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://acme.github.io` (punycode host, port when not the default), for an
    /// absolute URL.
    origin: Option<String>,
    /// The path with a slash at both ends, percent-encoded: `/`, `/strategy/`.
    path: String,
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl { origin: None, path: "/".to_string() }
    }
}

impl serde::Serialize for BaseUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}{}", self.origin.as_deref().unwrap_or(""), self.path))
    }
}

impl BaseUrl {
    /// Parses `text` (`/`, `/strategy/`, `https://acme.github.io/strategy`). The error
    /// says, in words for the person who wrote it, what is wrong.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        if let Some(c) = text.chars().find(|c| c.is_control() || c.is_whitespace()) {
            return Err(format!(
                "`base_url` may not contain {}",
                match c {
                    '\n' | '\r' => "a line break".to_string(),
                    ' ' => "a space (write it as %20)".to_string(),
                    c => format!("the character U+{:04X}", u32::from(c)),
                }
            ));
        }
        if text.contains('\\') {
            return Err("`base_url` may not contain `\\`; URLs use `/`".into());
        }
        let is_absolute = text.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        let url = if is_absolute {
            let url =
                Url::parse(text).map_err(|e| format!("`base_url` is not a valid URL: {e}"))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(format!(
                    "`base_url` must be an http or https URL or a path, not a `{}:` URL",
                    url.scheme()
                ));
            }
            if url.host_str().is_none_or(str::is_empty) {
                return Err("`base_url` has no host".into());
            }
            url
        } else {
            if text.starts_with("//") {
                return Err("`base_url` must name its scheme (`https://…`) or be a path".into());
            }
            let root = Url::parse("http://site.invalid/")
                .map_err(|e| format!("`base_url` cannot be read: {e}"))?;
            let path = if text.starts_with('/') { text.to_string() } else { format!("/{text}") };
            root.join(&path).map_err(|e| format!("`base_url` is not a valid path: {e}"))?
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err("`base_url` may not hold a user name or password".into());
        }
        if url.query().is_some() {
            return Err("`base_url` may not have a query string (`?…`)".into());
        }
        if url.fragment().is_some() {
            return Err("`base_url` may not have a fragment (`#…`)".into());
        }
        let trimmed = url.path().trim_matches('/');
        let path = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
        let origin = is_absolute.then(|| url.origin().ascii_serialization());
        Ok(BaseUrl { origin, path })
    }

    /// The path the site is served under, with a slash at both ends.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Scheme, host and port when `base_url` is absolute: what the sitemap needs.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<String>, String) {
        let url = BaseUrl::parse(text).unwrap();
        (url.origin().map(str::to_string), url.path().to_string())
    }

    #[test]
    fn paths_get_a_slash_at_both_ends() {
        for (text, path) in [
            ("/", "/"),
            ("", "/"),
            ("/strategy/", "/strategy/"),
            ("sub/path", "/sub/path/"),
            ("/a/../b", "/b/"),
            ("/café", "/caf%C3%A9/"),
        ] {
            assert_eq!(parts(text), (None, path.to_string()), "{text}");
        }
    }

    #[test]
    fn absolute_urls_give_an_origin_and_a_path() {
        assert_eq!(
            parts("https://acme.github.io/strategy"),
            (Some("https://acme.github.io".into()), "/strategy/".into())
        );
        assert_eq!(parts("https://example.com"), (Some("https://example.com".into()), "/".into()));
        assert_eq!(
            parts("http://localhost:1111"),
            (Some("http://localhost:1111".into()), "/".into())
        );
        assert_eq!(
            parts("HTTP://Example.COM:8080/x/"),
            (Some("http://example.com:8080".into()), "/x/".into())
        );
    }

    #[test]
    fn issue_7_base_url_refuses_what_could_break_out() {
        for text in [
            "https://example.com/\nDisallow: /",
            "https://example.com/\rSitemap: https://evil.example/s.xml",
            "/a\u{0}b",
            "/a b",
            "https://example.com/?q=1",
            "https://example.com/#top",
            "/x?y",
            "/x#y",
            "javascript:alert(1)",
            "ftp://example.com/",
            "//evil.example/",
            "https://user:pw@example.com/",
            "https://",
            "\\\\server\\share",
        ] {
            assert!(BaseUrl::parse(text).is_err(), "{text:?} was accepted");
        }
    }
}
