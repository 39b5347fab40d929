//! One document: the common fields of DESIGN §3 around its kind's own fields, read
//! from a [`RawDocument`] and its body's first Markdown pass.

use std::sync::Arc;

use crate::calendar::Date;
use crate::content::{FrontMatter, RawDocument, Value};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap, Span, did_you_mean};
use crate::markdown::Scanned;
use crate::slug::{id_slug, is_valid_id};

use super::fields::{Choice, Fields};
use super::kinds::{Kind, KindData, common};

/// A validated document.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Document {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub summary: Option<String>,
    pub owners: Vec<String>,
    pub tags: Vec<String>,
    /// Where each of `owners` is written, in the same order.
    #[serde(skip)]
    pub owner_spans: Vec<Span>,
    /// Where each of `tags` is written, in the same order.
    #[serde(skip)]
    pub tag_spans: Vec<Span>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub updated: Option<Date>,
    pub extra: serde_json::Value,
    #[serde(flatten)]
    pub data: KindData,
    /// Path under `content/`: `initiatives/faster-sync.md`.
    pub path: String,
    #[serde(skip)]
    pub file: crate::diagnostics::FileId,
    /// Byte offset of the body in the file.
    #[serde(skip)]
    pub body_start: usize,
    #[serde(skip)]
    pub scanned: Arc<Scanned>,
    /// Where the id comes from: the `id:` value, or the start of the file.
    #[serde(skip)]
    pub id_span: Span,
    /// The front matter could not be read; the document exists only so that links to
    /// it resolve, and health checks leave it alone.
    #[serde(skip)]
    pub is_broken: bool,
    /// The stamp of the reading of the file this was read from
    /// ([`RawDocument::stamp`]), and what reading it reported: a rebuild keeps a
    /// document whose file has the same stamp, with its diagnostics, instead of reading
    /// it again.
    #[serde(skip)]
    pub(crate) stamp: u64,
    #[serde(skip)]
    pub(crate) found: Diagnostics,
}

impl Document {
    /// Where the document is published, relative to the site root, with a trailing
    /// slash: `initiatives/faster-sync/`, `vision/`, or for a plain page its path under
    /// `content/` with every folder and the file name slugged (`guides/how-we-plan/`).
    pub fn url_path(&self) -> String {
        match self.kind {
            Kind::Vision => "vision/".to_string(),
            Kind::Page => {
                let path = self.path.strip_suffix(".md").unwrap_or(&self.path);
                let segments: Vec<String> = path
                    .split('/')
                    .map(|segment| match id_slug(segment) {
                        slug if slug.is_empty() => "page".to_string(),
                        slug => slug,
                    })
                    .collect();
                format!("{}/", segments.join("/"))
            }
            kind => format!("{}/{}/", kind.section(), self.id),
        }
    }

    /// The Markdown body.
    pub fn body<'s>(&self, sources: &'s SourceMap) -> &'s str {
        sources.file(self.file).text.get(self.body_start..).unwrap_or("")
    }
}

impl Document {
    /// A document of `kind` at `path` with no id, title or fields yet, the rest
    /// defaulted: what reading starts from.
    fn empty(path: String, kind: Kind) -> Document {
        Document {
            id: String::new(),
            kind,
            title: String::new(),
            summary: None,
            owners: Vec::new(),
            tags: Vec::new(),
            owner_spans: Vec::new(),
            tag_spans: Vec::new(),
            draft: false,
            weight: None,
            updated: None,
            extra: serde_json::Value::Null,
            data: KindData::placeholder(kind),
            path,
            file: crate::diagnostics::FileId::default(),
            body_start: 0,
            scanned: Arc::default(),
            id_span: Span::default(),
            is_broken: false,
            stamp: 0,
            found: Diagnostics::default(),
        }
    }
}

/// A document of `kind` at `path` with nothing else set, for tests of what is computed
/// from documents.
#[cfg(test)]
pub(crate) fn blank(path: &str, kind: Kind) -> Document {
    Document {
        id: id_slug(path.rsplit('/').next().unwrap_or("").trim_end_matches(".md")),
        title: path.to_string(),
        ..Document::empty(path.to_string(), kind)
    }
}

/// Reads a raw document. Never fails: what cannot be read is reported and defaulted,
/// so the document still exists for links and one mistake is reported once.
pub(super) fn read(raw: &RawDocument, sources: &SourceMap) -> (Document, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let text = &sources.file(raw.file).text;
    let scanned = Arc::clone(&raw.scanned);
    let stem = raw.rel_path.rsplit('/').next().unwrap_or("").trim_end_matches(".md");
    let file_start = Span::new(raw.file, 0, text.find(['\r', '\n']).unwrap_or(text.len()).min(3));
    let mut document = Document {
        id: id_slug(stem),
        title: scanned.first_title().map_or_else(|| stem.to_string(), str::to_string),
        data: KindData::Page,
        file: raw.file,
        body_start: raw.body_start,
        scanned,
        id_span: file_start,
        ..Document::empty(raw.rel_path.clone(), Kind::from_path(&raw.rel_path))
    };
    if document.id.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidId,
                file_start,
                format!("cannot make an id from the file name `{stem}.md`"),
            )
            .with_help("rename the file with letters or digits, or set `id:` in the front matter"),
        );
    }
    let front_matter = raw.front_matter(sources);
    match &*front_matter {
        FrontMatter::Absent if document.kind == Kind::Decision => {
            // An ADR written before front matter: its fields, if any, are lines
            // under its title, and its title is its first heading.
            let entries = body_entries(text, raw.body_start, raw.file);
            let mut fields = Fields::new(&entries, file_start, "", &mut diagnostics);
            read_common(&mut document, &mut fields, Title::Optional);
            fields.finish();
        }
        FrontMatter::Absent => {
            document.data = KindData::placeholder(document.kind);
            if document.kind != Kind::Page {
                // A file in e.g. `initiatives/` without front matter cannot be an initiative.
                diagnostics.push(
                    Diagnostic::new(
                        Code::MissingField,
                        file_start,
                        format!(
                            "this file has no front matter, so it is not {}",
                            document.kind.with_article()
                        ),
                    )
                    .with_help("start the file with `---`, the fields of its kind, and `---`"),
                );
            }
        }
        // A dropped front matter comes back parsed, or broken if it no longer parses.
        FrontMatter::Broken | FrontMatter::Dropped => {
            document.data = KindData::placeholder(document.kind);
            document.is_broken = true;
        }
        FrontMatter::Parsed(node) => {
            let empty = Vec::new();
            let entries = match &node.value {
                Value::Map(entries) => entries,
                Value::Null => &empty,
                other => {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::FrontMatterNotAMap,
                            node.span,
                            format!(
                                "front matter must be a mapping of fields, found {}",
                                other.describe()
                            ),
                        )
                        .with_help("write one `field: value` per line, starting with `title:`"),
                    );
                    document.data = KindData::placeholder(document.kind);
                    document.is_broken = true;
                    return (document, diagnostics);
                }
            };
            let mut fields = Fields::new(entries, file_start, "", &mut diagnostics);
            // MADR 4 writes the title as the first heading, not in front matter.
            let title = match document.scanned.first_title() {
                Some(_) => Title::Optional,
                None => Title::Required,
            };
            read_common(&mut document, &mut fields, title);
            fields.finish();
        }
    }
    (document, diagnostics)
}

/// Whether a document must write `title:`: not when its first heading can be its
/// title (its initial title, set before its fields are read).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Title {
    Required,
    Optional,
}

/// The fields a decision without front matter writes in its body that northstar
/// reads (see [`crate::content::read_body_fields`]); the names of people come as one
/// comma-separated line and become a list. Other lines (`Technical Story: …`) are
/// prose, not fields, and are left alone.
fn body_entries(
    text: &str,
    body_start: usize,
    file: crate::diagnostics::FileId,
) -> Vec<(crate::content::Key, crate::content::Node)> {
    use super::fields::Type;
    let mut entries: Vec<(crate::content::Key, crate::content::Node)> = Vec::new();
    for (key, node) in crate::content::read_body_fields(text, body_start, file) {
        if entries.iter().any(|(k, _)| k.name == key.name) {
            continue;
        }
        let name = key.name.as_str();
        let field = super::kinds::DECISION_BODY_FIELDS
            .iter()
            .find(|f| f.name == name || f.aliases.contains(&name));
        let Some(field) = field else { continue };
        if !matches!(field.ty, Type::TextList) {
            entries.push((key, node));
        } else {
            let Value::Str(line) = &node.value else { continue };
            let mut items = Vec::new();
            let mut at = node.span.start;
            for part in line.split(',') {
                let lead = part.len() - part.trim_start().len();
                let name = part.trim();
                if !name.is_empty() {
                    let span = Span::new(file, at + lead, at + lead + name.len());
                    items.push(crate::content::Node { value: Value::Str(name.to_string()), span });
                }
                at += part.len() + 1;
            }
            let node = crate::content::Node { value: Value::Seq(items), span: node.span };
            entries.push((key, node));
        }
    }
    entries
}

fn read_common(document: &mut Document, f: &mut Fields<'_>, title: Title) {
    if let Some(kind) = f.string(&common::KIND) {
        match Kind::parse(&kind.value) {
            Some(k) => document.kind = k,
            None => {
                let names = Kind::ALL.iter().map(|(n, _)| *n);
                let all = names.clone().collect::<Vec<_>>().join(", ");
                f.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownKind,
                        kind.span,
                        format!("unknown kind `{}`", kind.value),
                    )
                    .with_help(match did_you_mean(&kind.value, names) {
                        Some(s) => format!("{s} (one of {all})"),
                        None => format!(
                            "use one of {all}, or leave `kind` out to take it from the folder"
                        ),
                    }),
                );
            }
        }
    }
    if let Some(id) = f.string(&common::ID) {
        if is_valid_id(&id.value) {
            document.id = id.value;
            document.id_span = id.span;
        } else {
            f.diagnostics.push(
                Diagnostic::new(Code::InvalidId, id.span, format!("invalid id `{}`", id.value))
                    .with_help(format!(
                        "ids use lower-case letters, digits, `-` and `_`: `{}`",
                        id_slug(&id.value)
                    )),
            );
        }
    }
    let kind = document.kind;
    f.set_what(kind.with_article());
    f.set_heading(title == Title::Optional);
    let written = f.string(kind.common(&common::TITLE)).filter(|t| !t.value.trim().is_empty());
    if let Some(title) = written {
        document.title = title.value;
    }
    document.summary = f.string(kind.common(&common::SUMMARY)).map(|a| a.value);
    let owners = f.text_list_at(kind.common(&common::OWNER)).into_iter();
    (document.owners, document.owner_spans) = owners.map(|a| (a.value, a.span)).unzip();
    let tags = f.text_list_at(&common::TAGS).into_iter();
    (document.tags, document.tag_spans) = tags.map(|a| (a.value, a.span)).unzip();
    document.draft = f.boolean(&common::DRAFT).unwrap_or(false);
    document.weight = f.integer(&common::WEIGHT);
    document.updated = f.date(&common::UPDATED).map(|a| a.value);
    document.extra = f.extra(&common::EXTRA);
    document.data = KindData::read(kind, f);
}
