//! Live reload: the script the server adds to every HTML response (never to the built
//! files, which stay byte-identical to `build`'s), the error overlay, and the events
//! sent to open pages over Server-Sent Events on the reserved `/__northstar/` path.

use std::fmt::Write as _;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, PoisonError};

use crate::diagnostics::{Diagnostic, SourceMap};

/// The reserved prefix of the preview's own URLs; no page of a site can live there.
pub(crate) const PREFIX: &str = "/__northstar/";

/// The script every page gets: it listens for rebuilds and reloads the page when the
/// rebuild changed it (or swaps stylesheets when only CSS changed).
pub(crate) const SCRIPT: &str = include_str!("live_reload.js");

/// One problem of a failed build, as the overlay shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `content/x.md:3:7`.
    pub at: String,
    pub message: String,
    /// The source line, when there is one.
    pub line: Option<String>,
}

impl Problem {
    /// The problems of a failed build, errors only, in report order.
    pub(crate) fn all(diagnostics: &[Diagnostic], sources: &SourceMap) -> Vec<Problem> {
        diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| {
                let file = sources.file(d.span.file);
                let at = file.line_col(d.span.start);
                let line = file.line_text(at.line).trim_end();
                Problem {
                    at: format!(
                        "{}:{}:{}",
                        file.path.to_string_lossy().replace('\\', "/"),
                        at.line,
                        at.column
                    ),
                    message: format!("{}[{}]: {}", d.severity.as_str(), d.code.as_str(), d.message),
                    line: (!line.is_empty()).then(|| line.chars().take(200).collect()),
                }
            })
            .collect()
    }
}

/// Adds the live-reload script, and the overlay when the last build failed, to an HTML
/// page: before `</body>`, or at the end when there is none.
pub(crate) fn inject(html: &[u8], problems: &[Problem], shows: Shows) -> Vec<u8> {
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(problems, shows));
    }
    let _ = write!(extra, "<script src=\"{PREFIX}live.js\" defer></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(html.get(..at).unwrap_or(html));
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(html.get(at..).unwrap_or_default());
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// What the page under the overlay is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shows {
    /// The last good build's version of the page.
    LastGood,
    /// Nothing: no build has succeeded yet.
    Nothing,
}

/// The overlay: every error of the failed build with its place and source line. Its
/// styles are inline so it looks the same whatever the theme.
pub(crate) fn overlay(problems: &[Problem], shows: Shows) -> String {
    let mut html = String::from(
        "<div id=\"ns-overlay\" role=\"alertdialog\" aria-labelledby=\"ns-overlay-title\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141418;color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem\">",
    );
    let errors = format!("{} error{}", problems.len(), if problems.len() == 1 { "" } else { "s" });
    let title = match shows {
        Shows::LastGood => {
            format!(
                "The last change broke the build ({errors}); the site keeps its last good version until it is fixed"
            )
        }
        Shows::Nothing => format!("The site does not build yet ({errors})"),
    };
    let _ = write!(
        html,
        "<h2 id=\"ns-overlay-title\" style=\"margin:0 0 1rem;font-size:1.2rem;color:#fca5a5\">{title}</h2><ol style=\"margin:0;padding-left:1.5rem\">"
    );
    for problem in problems.iter().take(100) {
        let _ = write!(
            html,
            "<li style=\"margin:0 0 1rem\"><div style=\"color:#93c5fd\">{}</div><div>{}</div>",
            escape(&problem.at),
            escape(&problem.message)
        );
        if let Some(line) = &problem.line {
            let _ = write!(
                html,
                "<pre style=\"margin:.25rem 0 0;padding:.5rem;background:#000;color:#e5e7eb;white-space:pre-wrap\">{}</pre>",
                escape(line)
            );
        }
        html.push_str("</li>");
    }
    html.push_str("</ol><p style=\"margin:1rem 0 0;color:#a1a1aa\">Fix the file and save: this page reloads by itself.</p></div>");
    html
}

/// Escapes text for HTML; control characters (terminal escapes in a quoted line)
/// become U+FFFD.
fn escape(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{fffd}' } else { c })
        .collect();
    crate::render::escape_html(&visible)
}

/// What open pages are told after a rebuild.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// These URL paths (absolute, under the base) changed: pages showing one reload.
    Changed(Vec<String>),
    /// Every page reloads (the overlay came or went, or everything changed).
    All,
    /// Only stylesheets changed: pages swap them without reloading.
    Css,
}

impl Event {
    /// The event as a Server-Sent Events message.
    pub(crate) fn to_sse(&self, generation: u64) -> String {
        let data = match self {
            Event::Changed(urls) => {
                serde_json::json!({ "generation": generation, "changed": urls })
            }
            Event::All => serde_json::json!({ "generation": generation, "all": true }),
            Event::Css => serde_json::json!({ "generation": generation, "css": true }),
        };
        format!("event: rebuild\ndata: {data}\n\n")
    }
}

/// The open pages' event streams.
#[derive(Default)]
pub(crate) struct Clients {
    senders: Mutex<Vec<Sender<String>>>,
}

impl Clients {
    /// A new stream's receiving end.
    pub(crate) fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.senders.lock().unwrap_or_else(PoisonError::into_inner).push(tx);
        rx
    }

    /// Sends `message` to every open stream, forgetting closed ones.
    pub(crate) fn broadcast(&self, message: &str) {
        let mut senders = self.senders.lock().unwrap_or_else(PoisonError::into_inner);
        senders.retain(|tx| tx.send(message.to_string()).is_ok());
    }

    /// How many streams are open.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.senders.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", &[], Shows::LastGood);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__northstar/live.js\" defer></script></body></html>"
        );
        let out = inject(b"no body", &[], Shows::LastGood);
        assert!(String::from_utf8(out).unwrap().ends_with("defer></script>"));
    }

    #[test]
    fn the_overlay_escapes_what_it_quotes() {
        let problem = Problem {
            at: "content/a.md:2:1".into(),
            message: "error[yaml-syntax]: <script>".into(),
            line: Some("title: <img src=x onerror=alert(1)>\u{1b}]0;x".into()),
        };
        let html = overlay(&[problem], Shows::Nothing);
        assert!(html.contains("does not build yet (1 error)"), "{html}");
        assert!(html.contains("content/a.md:2:1"));
        assert!(html.contains("&lt;script&gt;") && html.contains("&lt;img src=x"), "{html}");
        assert!(!html.contains("<script>") && !html.contains('\u{1b}'));
    }

    #[test]
    fn events_are_sse_messages() {
        assert_eq!(
            Event::Changed(vec!["/a/".into()]).to_sse(3),
            "event: rebuild\ndata: {\"changed\":[\"/a/\"],\"generation\":3}\n\n"
        );
        assert!(Event::Css.to_sse(1).contains("\"css\":true"));
    }

    #[test]
    fn closed_streams_are_forgotten() {
        let clients = Clients::default();
        let open = clients.subscribe();
        drop(clients.subscribe());
        clients.broadcast("x");
        assert_eq!(clients.len(), 1);
        assert_eq!(open.recv().unwrap(), "x");
    }
}
