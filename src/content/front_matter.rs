//! Splits a file into front matter and body, and parses the front matter's YAML into a
//! [`Node`] tree whose every key and value carries its byte span in the file. All YAML
//! code lives here, so a change of YAML library touches this file alone.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::{Code, Diagnostic, FileId, Span};

/// Where the parts of a file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Split {
    /// Byte range of the YAML between the `---` fences, if the file has front matter.
    pub yaml: Option<(usize, usize)>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter: a first line `---` (after an optional BOM), then YAML, then a
/// line `---` or `...`. A file that does not start with `---` is all body.
pub(super) fn split(text: &str, file: FileId) -> Result<Split, Box<Diagnostic>> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = text.get(bom..).unwrap_or("");
    let Some(after_fence) = strip_fence_line(rest) else {
        return Ok(Split { yaml: None, body_start: bom });
    };
    let yaml_start = bom + (rest.len() - after_fence.len());
    let mut offset = yaml_start;
    for line in text.get(yaml_start..).unwrap_or("").split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split { yaml: Some((yaml_start, offset)), body_start: offset + line.len() });
        }
        offset += line.len();
    }
    Err(Box::new(
        Diagnostic::new(
            Code::UnclosedFrontMatter,
            Span::new(file, bom, bom + 3),
            "front matter is never closed",
        )
        .with_help("end the front matter with a line holding only `---`"),
    ))
}

/// The text after a first line that is exactly `---` (trailing spaces allowed).
fn strip_fence_line(text: &str) -> Option<&str> {
    let after = text.strip_prefix("---")?;
    let line_end = after.find('\n').map_or(after.len(), |i| i + 1);
    let (line, rest) = after.split_at(line_end);
    line.trim().is_empty().then_some(rest)
}

/// A YAML value with its place in the file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    /// Points this node's span, and those of everything in it, at `file`.
    pub(crate) fn move_to(&mut self, file: FileId) {
        self.span.file = file;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|item| item.move_to(file)),
            Value::Map(entries) => {
                for (key, value) in entries {
                    key.span.file = file;
                    value.move_to(file);
                }
            }
            _ => {}
        }
    }
}

/// A mapping key with its place in the file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// The YAML data model, as far as front matter needs it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    /// `text` is the value as written, for fields that want a string (`title: yes`).
    Bool {
        value: bool,
        text: String,
    },
    Number {
        value: f64,
        text: String,
    },
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// What the value is, for "expected a list, found a number" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool { .. } => "a boolean",
            Value::Number { .. } => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Parses the YAML at `range` of `text` into a [`Node`], spans rebased onto the file.
pub(super) fn parse(
    text: &str,
    range: (usize, usize),
    file: FileId,
) -> Result<Node, Box<Diagnostic>> {
    let yaml = text.get(range.0..range.1).unwrap_or("");
    let mut options = serde_saphyr::Options::default();
    // `yes`/`on` stay strings: a title "Yes" must not become `true`.
    options.strict_booleans = true;
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(yaml, options) {
        Ok(root) => Ok(convert(root, yaml, range.0, file)),
        Err(e) => {
            let (line, column) =
                e.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
            let at = offset_of(yaml, line, column).min(yaml.len()) + range.0;
            let message = yaml_message(&e.without_snippet().to_string());
            Err(Box::new(
                Diagnostic::new(
                    Code::YamlSyntax,
                    Span::new(file, at, at + 1),
                    format!("invalid YAML: {message}"),
                )
                .with_help(
                    "check the indentation, the quotes and that every `[` and `{` is closed",
                ),
            ))
        }
    }
}

/// The library's message without its "error: line N column M: " prefix.
fn yaml_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let without_location = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((location, rest)) if location.contains("column") => rest,
        _ => first,
    };
    let message = without_location.split(", set DuplicateKeyPolicy").next().unwrap_or("");
    // Positions inside the message count from the front matter, not the file: drop them,
    // the diagnostic's own location is right.
    match message.find(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// Byte offset of a 1-based line and character column within `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(start..).unwrap_or("");
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

fn convert(node: Spanned<RawNode>, yaml: &str, base: usize, file: FileId) -> Node {
    let span = span_of(&node.referenced, yaml, base, file);
    let raw_text = || yaml.get(span.start - base..span.end - base).unwrap_or("").to_string();
    let value = match node.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(value) => Value::Bool { value, text: raw_text() },
        RawNode::Number(value) => Value::Number { value, text: raw_text() },
        RawNode::Str(s) => Value::Str(s),
        RawNode::Seq(items) => {
            Value::Seq(items.into_iter().map(|n| convert(n, yaml, base, file)).collect())
        }
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key { span: span_of(&k.referenced, yaml, base, file), name: k.value };
                    (key, convert(v, yaml, base, file))
                })
                .collect(),
        ),
    };
    Node { value, span }
}

fn span_of(location: &serde_saphyr::Location, yaml: &str, base: usize, file: FileId) -> Span {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) if (start as usize) <= yaml.len() => {
            let start = start as usize;
            let end = (start + len as usize).min(yaml.len());
            Span::new(file, base + start, base + end)
        }
        _ => {
            let start = offset_of(yaml, location.line() as usize, location.column() as usize);
            Span::new(file, base + start, base + start)
        }
    }
}

/// What serde-saphyr hands over; children are [`Spanned`] so each knows its location.
enum RawNode {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v as f64))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn node(text: &str) -> Node {
        let s = split(text, F).unwrap();
        parse(text, s.yaml.unwrap(), F).unwrap()
    }

    fn entry<'a>(n: &'a Node, key: &str) -> &'a Node {
        let Value::Map(entries) = &n.value else { panic!("not a map") };
        &entries.iter().find(|(k, _)| k.name == key).unwrap().1
    }

    #[test]
    fn split_finds_both_fences() {
        let text = "---\ntitle: A\n---\nbody\n";
        let s = split(text, F).unwrap();
        assert_eq!(s.yaml, Some((4, 13)));
        assert_eq!(text.get(s.body_start..), Some("body\n"));
    }

    #[test]
    fn split_without_front_matter_is_all_body() {
        assert_eq!(split("# Title\n", F).unwrap(), Split { yaml: None, body_start: 0 });
        assert_eq!(split("----\n", F).unwrap(), Split { yaml: None, body_start: 0 });
    }

    #[test]
    fn split_handles_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        let s = split(text, F).unwrap();
        assert_eq!(s.yaml, Some((8, 18)));
        assert_eq!(text.get(s.body_start..), Some("body"));
    }

    #[test]
    fn split_reports_an_unclosed_fence() {
        let d = split("---\ntitle: A\nbody\n", F).unwrap_err();
        assert_eq!(d.code, Code::UnclosedFrontMatter);
    }

    #[test]
    fn values_carry_file_offsets() {
        let text = "---\ntitle: Hi\npillars: [growht, b]\n---\n";
        let n = node(text);
        let Value::Seq(items) = &entry(&n, "pillars").value else { panic!() };
        assert_eq!(text.get(items[0].span.start..items[0].span.end), Some("growht"));
        assert_eq!(entry(&n, "title").value, Value::Str("Hi".into()));
    }

    #[test]
    fn yes_stays_a_string_and_numbers_keep_their_text() {
        let n = node("---\ntitle: yes\nhorizon: 2029\n---\n");
        assert_eq!(entry(&n, "title").value, Value::Str("yes".into()));
        assert_eq!(
            entry(&n, "horizon").value,
            Value::Number { value: 2029.0, text: "2029".into() }
        );
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let text = "---\ntitle: [unclosed\nfoo: bar\n---\n";
        let s = split(text, F).unwrap();
        let d = parse(text, s.yaml.unwrap(), F).unwrap_err();
        assert_eq!(d.code, Code::YamlSyntax);
        assert!(d.span.start >= 4, "{d:?}");
        assert!(!d.message.contains("line"), "{}", d.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("---\na: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000));
        let s = split(&deep, F).unwrap();
        assert!(parse(&deep, s.yaml.unwrap(), F).is_err());
    }
}
