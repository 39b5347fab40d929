//! Requests to responses, as a pure function of the site in memory: a request path is
//! decoded once, refused when it tries to leave the site (`..`, encoded or not,
//! backslashes, NUL, doubled slashes), and answered only from the built pages. HTML gets
//! the live-reload script (and the overlay after a failed build) added here, per
//! response, so the built pages stay what `build` writes.

use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::live_reload::{self, Problem, Shows};
use crate::render::{Rendered, UrlPath};

/// The site as the server answers from it: the last good pages and, when the latest
/// build failed, its problems.
#[derive(Clone, Debug, Default)]
pub(crate) struct Served {
    pub(crate) pages: Arc<Rendered>,
    /// The path the site is served under, with slashes at both ends.
    pub(crate) base: String,
    pub(crate) problems: Vec<Problem>,
    /// Counts rebuilds; stylesheets are re-fetched with it.
    pub(crate) generation: u64,
    /// URLs the server renders when they are asked for (see
    /// [`crate::render::Route::is_on_demand`]), under the base.
    pub(crate) on_demand: Vec<UrlPath>,
}

/// The URL under the base that `target` asks for, when it is one the server renders on
/// demand and the method is GET or HEAD.
pub(crate) fn on_demand(served: &Served, method: Method, target: &str) -> Option<UrlPath> {
    if method == Method::Other {
        return None;
    }
    let path = decode(target.split(['?', '#']).next().unwrap_or(""))?;
    let url = UrlPath::from(path.strip_prefix(&served.base)?);
    served.on_demand.contains(&url).then_some(url)
}

/// The response for a file rendered on demand: its bytes, or 503 when there is no good
/// build to render it from.
pub(crate) fn rendered_now(url: &UrlPath, method: Method, bytes: Option<Vec<u8>>) -> Response {
    let mut response = match bytes {
        Some(body) => {
            Response { status: 200, content_type: content_type(&url.file()), body, location: None }
        }
        None => text(503, "the site has errors; this file is made from a good build\n"),
    };
    if method == Method::Head {
        response.body.clear();
    }
    response
}

/// What to send back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    /// Where a redirect goes.
    pub(crate) location: Option<String>,
}

/// The request methods the server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
    Other,
}

/// The response to `method` on `target` (path and query as the request line has them).
pub(crate) fn respond(served: &Served, method: Method, target: &str) -> Response {
    if method == Method::Other {
        return text(405, "only GET and HEAD are served\n");
    }
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = decode(raw) else {
        return text(400, "bad request path\n");
    };
    if path == format!("{}live.js", live_reload::PREFIX) {
        return Response {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: live_reload::SCRIPT.as_bytes().to_vec(),
            location: None,
        };
    }
    let response = match path.strip_prefix(&served.base) {
        Some(relative) => page(served, relative),
        // The bare root of a site served under a sub-path: go to the site.
        None if path == "/" || format!("{path}/") == served.base => Some(Response {
            status: 302,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(served.base.clone()),
        }),
        None => None,
    };
    let mut response = response.unwrap_or_else(|| not_found(served));
    if response.content_type.starts_with("text/html") {
        let shows = if served.pages.pages.is_empty() { Shows::Nothing } else { Shows::LastGood };
        response.body = live_reload::inject(&response.body, &served.problems, shows);
    }
    if method == Method::Head {
        response.body.clear();
    }
    response
}

/// The page at `relative` (under the base), a redirect to add a missing slash, or none.
fn page(served: &Served, relative: &str) -> Option<Response> {
    let url = relative.strip_suffix("index.html").unwrap_or(relative);
    if let Some(page) = served.pages.pages.get(&UrlPath::from(url)) {
        return Some(Response {
            status: 200,
            content_type: content_type(&UrlPath::from(url).file()),
            body: page.bytes.clone(),
            location: None,
        });
    }
    let folder = format!("{url}/");
    served.pages.pages.contains_key(&UrlPath::from(folder.as_str())).then(|| Response {
        status: 301,
        content_type: "text/plain; charset=utf-8",
        body: Vec::new(),
        location: Some(format!("{}{folder}", served.base)),
    })
}

fn not_found(served: &Served) -> Response {
    let body = served.pages.pages.get(&UrlPath::from("404.html")).map_or_else(
        || b"<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body></body>".to_vec(),
        |p| p.bytes.clone(),
    );
    Response { status: 404, content_type: "text/html; charset=utf-8", body, location: None }
}

fn text(status: u16, body: &str) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: body.as_bytes().to_vec(),
        location: None,
    }
}

/// The request path, percent-decoded, when it stays inside the site: absolute, UTF-8,
/// no `.` or `..` segment, no empty segment, no backslash or control character.
pub(crate) fn decode(raw: &str) -> Option<String> {
    let path = percent_decode_str(raw).decode_utf8().ok()?;
    if !path.starts_with('/') || path.contains(['\\', '\0']) || path.chars().any(char::is_control) {
        return None;
    }
    let inner = path.get(1..)?;
    let has_bad_segment = inner
        .split('/')
        .enumerate()
        .any(|(i, s)| s == "." || s == ".." || (s.is_empty() && i + 1 < inner.split('/').count()));
    (!has_bad_segment).then(|| path.into_owned())
}

/// The content type of an output file, by its extension.
pub(crate) fn content_type(file: &str) -> &'static str {
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        // A quarter's digest, read in the browser as the text it is.
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Page, Reads};

    fn served(base: &str) -> Served {
        let mut rendered = Rendered::default();
        for (url, body) in [
            ("", "<html><body>home</body></html>"),
            ("initiatives/x/", "<html><body>x</body></html>"),
            ("404.html", "<html><body>missing</body></html>"),
            ("style.css", "body{}"),
        ] {
            let page = Page { bytes: body.as_bytes().to_vec(), reads: Reads::default() };
            rendered.pages.insert(UrlPath::from(url), Arc::new(page));
        }
        Served {
            pages: Arc::new(rendered),
            base: base.into(),
            problems: Vec::new(),
            generation: 0,
            on_demand: Vec::new(),
        }
    }

    #[test]
    fn pages_are_served_with_the_script_and_their_type() {
        let site = served("/");
        let r = respond(&site, Method::Get, "/initiatives/x/?a=1");
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type, "text/html; charset=utf-8");
        assert!(String::from_utf8(r.body).unwrap().contains("/__northstar/live.js"));
        let css = respond(&site, Method::Get, "/style.css");
        assert_eq!(
            (css.status, css.content_type, css.body),
            (200, "text/css; charset=utf-8", b"body{}".to_vec())
        );
        assert_eq!(respond(&site, Method::Get, "/initiatives/x/index.html").status, 200);
    }

    #[test]
    fn a_missing_slash_redirects_and_a_missing_page_is_the_theme_404() {
        let site = served("/");
        let r = respond(&site, Method::Get, "/initiatives/x");
        assert_eq!((r.status, r.location.as_deref()), (301, Some("/initiatives/x/")));
        let r = respond(&site, Method::Get, "/nope/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().starts_with("<html><body>missing"));
    }

    #[test]
    fn head_has_no_body_and_other_methods_are_refused() {
        let site = served("/");
        let r = respond(&site, Method::Head, "/");
        assert_eq!((r.status, r.body.len()), (200, 0));
        assert_eq!(respond(&site, Method::Other, "/").status, 405);
    }

    #[test]
    fn issue_9_paths_that_leave_the_site_are_refused() {
        let site = served("/");
        for target in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/initiatives/../../x",
            "/..%5c..%5cwindows",
            "/a\\b",
            "/%00",
            "//etc/passwd",
            "/./style.css",
            "/%ff",
            "relative",
        ] {
            let r = respond(&site, Method::Get, target);
            assert!(matches!(r.status, 400 | 404), "{target}: {}", r.status);
            assert!(r.status != 200, "{target}");
        }
    }

    #[test]
    fn a_sub_path_serves_under_it_and_redirects_the_root() {
        let site = served("/strategy/");
        assert_eq!(respond(&site, Method::Get, "/strategy/initiatives/x/").status, 200);
        let r = respond(&site, Method::Get, "/");
        assert_eq!((r.status, r.location.as_deref()), (302, Some("/strategy/")));
        assert_eq!(respond(&site, Method::Get, "/initiatives/x/").status, 404);
        assert_eq!(respond(&site, Method::Get, "/__northstar/live.js").status, 200);
    }

    #[test]
    fn the_overlay_is_added_after_a_failed_build() {
        let mut site = served("/");
        site.problems =
            vec![Problem { at: "content/a.md:1:1".into(), message: "m".into(), line: None }];
        let body = String::from_utf8(respond(&site, Method::Get, "/").body).unwrap();
        assert!(body.contains("ns-overlay") && body.contains("content/a.md:1:1"), "{body}");
    }
}
