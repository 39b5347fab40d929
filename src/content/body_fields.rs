//! Fields written in a body rather than in front matter, as ADR folders kept before
//! MADR 4 did: `key: value` lines under the title (`* Status: accepted`,
//! `- **Date**: 2022-06-15`, `Deciders: A, B`), or a `## Status` section whose first
//! word is the status (adr-tools). Read into the same [`Node`]s as front matter, each
//! key and value with its place in the file, so the model reads and reports them the
//! same way. Which keys mean something is the model's business, not this module's.

use super::front_matter::{Key, Node, Value};
use crate::diagnostics::{FileId, Span};

/// The most lines of metadata read under a title: a block, not a whole body.
const MAX_LINES: usize = 40;

/// The `key: value` lines at the top of `text[body_start..]` (after an optional
/// level-1 heading, before the first other heading or paragraph), keys lower-cased
/// with spaces and `-` as `_`, values without HTML comments. Values left empty or
/// still a template's `[placeholder]` are left out. A `## Status` section adds
/// `status` when no line gave it.
pub fn read(text: &str, body_start: usize, file: FileId) -> Vec<(Key, Node)> {
    let mut fields = Vec::new();
    let mut offset = body_start;
    let mut seen_title = false;
    let mut lines = 0;
    for line in text.get(body_start..).unwrap_or("").split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("# ") && !seen_title && fields.is_empty() {
            seen_title = true;
            continue;
        }
        lines += 1;
        if lines > MAX_LINES {
            break;
        }
        match field(line, start, file) {
            Some(found) => fields.extend(found),
            None => break,
        }
    }
    if !fields.iter().any(|(k, _): &(Key, Node)| k.name == "status")
        && let Some(status) = status_section(text, body_start, file)
    {
        fields.push(status);
    }
    fields
}

/// One `key: value` line starting at byte `start` of the file, or `None` when the line
/// is not one. `Some(None)`: a field line whose value is empty or a placeholder.
fn field(line: &str, start: usize, file: FileId) -> Option<Option<(Key, Node)>> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = line.trim_start();
    let mut at = start + indent;
    for bullet in ["* ", "- ", "+ "] {
        if let Some(after) = rest.strip_prefix(bullet) {
            let skipped = rest.len() - after.trim_start().len();
            at += skipped;
            rest = after.trim_start();
            break;
        }
    }
    let bold = if rest.starts_with("**") || rest.starts_with("__") { 2 } else { 0 };
    rest = rest.get(bold..)?;
    at += bold;
    let key_len = rest.find(|c: char| !(c.is_alphabetic() || matches!(c, ' ' | '-' | '_')))?;
    let key = rest.get(..key_len)?.trim_end();
    if key.is_empty() || key.len() > 30 || !key.starts_with(char::is_alphabetic) {
        return None;
    }
    let key_span = Span::new(file, at, at + key.len());
    let after_key = rest.get(key_len..)?;
    // `Key:`, `**Key**:`, `**Key:**`.
    let after_colon = after_key
        .strip_prefix("**:")
        .or_else(|| after_key.strip_prefix("__:"))
        .or_else(|| after_key.strip_prefix(":**"))
        .or_else(|| after_key.strip_prefix(":__"))
        .or_else(|| after_key.strip_prefix(':'))?;
    if !after_colon.is_empty() && !after_colon.starts_with([' ', '\t', '\r', '\n']) {
        // `https://…` and the like are not fields.
        return None;
    }
    let value_at = at + key_len + (after_key.len() - after_colon.len());
    let name = key.to_lowercase().replace([' ', '-'], "_");
    let value_text = without_comments(after_colon);
    let lead = value_text.len() - value_text.trim_start().len();
    let value = value_text.trim();
    if value.is_empty() || (value.starts_with('[') && value.ends_with(']')) {
        return Some(None);
    }
    let value_start = value_at + lead;
    let node = Node {
        value: Value::Str(value.to_string()),
        span: Span::new(file, value_start, value_start + value.len()),
    };
    Some(Some((Key { name, span: key_span }, node)))
}

/// `text` up to its first HTML comment (`Date: 2022-06-15 <!-- optional -->`).
fn without_comments(text: &str) -> &str {
    match text.find("<!--") {
        Some(i) => text.get(..i).unwrap_or(text),
        None => text,
    }
}

/// The first word of the first line under a `## Status` heading (adr-tools writes
/// `## Status` then `Accepted`), as a `status` field.
fn status_section(text: &str, body_start: usize, file: FileId) -> Option<(Key, Node)> {
    let mut offset = body_start;
    let mut heading: Option<Span> = None;
    for line in text.get(body_start..).unwrap_or("").split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if let Some(key) = heading {
            if trimmed.is_empty() {
                continue;
            }
            if trimmed.starts_with('#') {
                return None;
            }
            let indent = line.len() - line.trim_start().len();
            let word_len = trimmed.find(|c: char| !c.is_alphabetic()).unwrap_or(trimmed.len());
            let word = trimmed.get(..word_len).filter(|w| !w.is_empty())?;
            let at = start + indent;
            let node = Node {
                value: Value::Str(word.to_string()),
                span: Span::new(file, at, at + word_len),
            };
            return Some((Key { name: "status".into(), span: key }, node));
        }
        let title = trimmed.trim_start_matches('#');
        if trimmed.starts_with("##") && title.trim().eq_ignore_ascii_case("status") {
            let indent = line.len() - line.trim_start().len();
            heading = Some(Span::new(file, start + indent, start + indent + trimmed.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn fields(text: &str) -> Vec<(String, String, &str)> {
        read(text, 0, F)
            .into_iter()
            .map(|(k, n)| {
                let Value::Str(v) = n.value else { panic!("a string") };
                (k.name, v, text.get(n.span.start..n.span.end).unwrap_or("?"))
            })
            .collect()
    }

    #[test]
    fn bullet_lines_under_the_title_are_fields() {
        let text = "# Use X\n\n* Status: accepted\n- **Date**: 2022-06-15 <!-- optional -->\n+ **Decision Makers:** Ann, Bo\nTechnical Story: [ticket]\n\n## Context\n\nStatus: no\n";
        assert_eq!(
            fields(text),
            [
                ("status".into(), "accepted".into(), "accepted"),
                ("date".into(), "2022-06-15".into(), "2022-06-15"),
                ("decision_makers".into(), "Ann, Bo".into(), "Ann, Bo"),
            ]
        );
    }

    #[test]
    fn a_paragraph_ends_the_block_and_urls_are_not_fields() {
        assert!(fields("# T\n\nWe chose https://x.org.\n\n* Status: accepted\n").is_empty());
        assert!(fields("https://example.com\n").is_empty());
    }

    #[test]
    fn an_adr_tools_status_section_gives_the_status() {
        let text =
            "# 1. Record decisions\n\nDate: 2018-01-01\n\n## Status\n\nAccepted\n\n## Context\n";
        assert_eq!(
            fields(text),
            [
                ("date".into(), "2018-01-01".into(), "2018-01-01"),
                ("status".into(), "Accepted".into(), "Accepted"),
            ]
        );
    }

    #[test]
    fn hostile_values_are_kept_as_text() {
        let found = fields("* Deciders: <script>alert(1)</script>\n");
        assert_eq!(found[0].1, "<script>alert(1)</script>");
    }
}
