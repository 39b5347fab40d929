//! `northstar new KIND TITLE`: a document of a kind, with its fields laid out from the
//! kind's declaration. Required fields are written with no value, so that `check`
//! reports each of them, at its line, until someone fills it in; optional fields are
//! comments showing an example and what they are for.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::model::Kind;
use crate::model::fields::{Field, Required, Type};
use crate::slug::id_slug;

/// The common fields a skeleton offers as comments; the others (`kind`, `id`, `draft`,
/// `weight`, `extra`) are for the few who look them up.
const OFFERED_COMMON: &[&str] = &["summary", "owner", "tags", "updated"];

/// What `new` wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Made {
    /// The file, relative to the site folder, with `/` between folders.
    pub path: String,
    /// The fields left for the writer to fill in.
    pub to_fill: Vec<&'static str>,
}

/// Why `new` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{title}` has no letter or digit to name a file after")]
    NoName { title: String },
    #[error("{path} exists already")]
    Exists { path: PathBuf },
    #[error(
        "{path} is a symbolic link; northstar writes new documents only into real folders of the site"
    )]
    Link { path: PathBuf },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl NewError {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            NewError::NoName { .. } => {
                Some("give the document a title with letters or digits in it".into())
            }
            NewError::Exists { .. } => Some(
                "northstar never writes over a document: pick another title, or edit that file"
                    .into(),
            ),
            NewError::Link { .. } | NewError::Write { .. } => None,
        }
    }
}

/// Writes a new document of `kind` titled `title` into `folder` (a kind's folder under
/// the site at `root`, relative to it), named after its title, and returns what it
/// wrote.
pub fn new(root: &Path, folder: &str, kind: Kind, title: &str) -> Result<Made, NewError> {
    let slug = id_slug(title);
    if slug.is_empty() {
        return Err(NewError::NoName { title: title.to_string() });
    }
    let name = match kind {
        Kind::Decision => format!("{}{slug}.md", next_number(&root.join(folder))),
        _ => format!("{slug}.md"),
    };
    new_at(root, folder, &name, kind, title)
}

/// Writes a new document of `kind` titled `title` as `folder/name` in the site at
/// `root`, and returns what it wrote.
pub fn new_at(
    root: &Path,
    folder: &str,
    name: &str,
    kind: Kind,
    title: &str,
) -> Result<Made, NewError> {
    let dir = root.join(folder);
    // A folder of the site that is a link could lead anywhere: write nothing through it.
    let mut at = root.to_path_buf();
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        at.push(part);
        if at.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(NewError::Link { path: at });
        }
    }
    let path = dir.join(name);
    let text = skeleton(kind, title);
    let write = |path: &Path| -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(text.as_bytes())
    };
    match write(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewError::Exists { path });
        }
        Err(source) => return Err(NewError::Write { path, source }),
    }
    let path = if folder.is_empty() { name.to_string() } else { format!("{folder}/{name}") };
    let to_fill = kind.all_fields().filter(|f| is_placeholder(f)).map(|f| f.name).collect();
    Ok(Made { path, to_fill })
}

/// The document's text: front matter with `title` and the kind's fields, then a body
/// that says what to write.
pub fn skeleton(kind: Kind, title: &str) -> String {
    // JSON's double-quoted strings are YAML's, escapes and all.
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".to_string());
    let mut out = format!("---\ntitle: {quoted}\n");
    let fields: Vec<&Field> = kind.all_fields().filter(|f| f.name != "title").collect();
    let (fill, offer): (Vec<&Field>, Vec<&Field>) =
        fields.into_iter().partition(|f| is_placeholder(f));
    if !fill.is_empty() {
        out.push_str("# Fill these in; `northstar check` reports each one until it is.\n");
    }
    for field in fill {
        placeholder(&mut out, field, "");
    }
    let offer: Vec<&Field> = offer
        .into_iter()
        .filter(|f| {
            kind.fields().iter().any(|own| own.name == f.name) || OFFERED_COMMON.contains(&f.name)
        })
        .collect();
    if !offer.is_empty() {
        out.push_str("# Optional: uncomment what applies.\n");
    }
    for field in offer {
        let _ = writeln!(out, "# {}: {}  # {}", field.name, field.example, note(field));
    }
    out.push_str("---\n\n");
    out.push_str(body(kind));
    out
}

/// Whether a skeleton leaves `field` empty for the writer to fill.
fn is_placeholder(field: &Field) -> bool {
    matches!(field.required, Required::Yes | Required::Unless { .. } | Required::Recommended)
}

/// `field:` with no value and a comment saying what it is; a required list of
/// mappings gets one item with its own required fields.
fn placeholder(out: &mut String, field: &Field, indent: &str) {
    let _ = writeln!(out, "{indent}{}:  # {}", field.name, note(field));
    if let Type::List { fields, .. } = field.ty {
        let mut first = true;
        for item in fields.iter().filter(|f| is_placeholder(f)) {
            let lead = if first { format!("{indent}  - ") } else { format!("{indent}    ") };
            first = false;
            let _ = writeln!(out, "{lead}{}:  # {}", item.name, note(item));
        }
    }
}

/// The comment beside a field: what it is, its type, and when it is required.
fn note(field: &Field) -> String {
    let mut note = format!("{}; {}", field.help, field.ty.describe().replace("\\|", "|"));
    match field.required {
        Required::No | Required::Yes => {}
        other => {
            let _ = write!(note, "; required {}", other.describe());
        }
    }
    if let Type::List { .. } = field.ty {
        let _ = write!(note, ", e.g. {}", field.example);
    }
    note
}

/// What the body of a new document of `kind` should say.
fn body(kind: Kind) -> &'static str {
    match kind {
        Kind::Vision => "Where we are going, for whom, and why it matters now.\n",
        Kind::Principle => {
            "When this principle applies, and an example of the trade-off it settles.\n"
        }
        Kind::Metric => "How it is measured, where the data comes from, and what moves it.\n",
        Kind::Pillar => "The bet this pillar makes, and how we will know it is paying off.\n",
        Kind::Initiative => {
            "## Why\n\nThe problem, and why now.\n\n## What\n\nThe work, and what is out of scope.\n"
        }
        Kind::Objective => "Why this objective matters this quarter.\n",
        Kind::Debt => "What the debt is, what it costs today, and what paying it down buys.\n",
        Kind::Experiment => {
            "## Setup\n\nWhat we try, with whom, for how long.\n\n## Result\n\nWhat we saw, once it ends.\n"
        }
        Kind::Postmortem => {
            "## Timeline\n\nWhat happened, when, in the time zone of the team.\n\n## Analysis\n\nWhy it could happen, without blame.\n"
        }
        Kind::Decision => {
            "## Context\n\nThe forces at play.\n\n## Decision\n\nWhat we decided.\n\n## Consequences\n\nWhat becomes easier, and what harder.\n"
        }
        Kind::Update => "What changed since the last update, and what comes next.\n",
        Kind::Stakeholder => {
            "What this group needs from the strategy, and how we keep them informed.\n"
        }
        Kind::Page => "\n",
    }
}

/// The number the next decision in `dir` takes when its files are numbered like
/// `0007-use-postgres.md` (adr-tools and MADR name them so); empty when they are not.
fn next_number(dir: &Path) -> String {
    let numbers = std::fs::read_dir(dir).into_iter().flatten().flatten().filter_map(|entry| {
        let name = entry.file_name().into_string().ok()?;
        let (number, _) = name.split_once('-')?;
        (number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()))
            .then(|| number.parse::<u32>().ok())
            .flatten()
    });
    match numbers.max() {
        Some(last) => format!("{:04}-", last.saturating_add(1).min(9999)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_are_empty_and_optional_ones_are_comments() {
        let text = skeleton(Kind::Initiative, "Instant \"payouts\"");
        assert!(text.starts_with("---\ntitle: \"Instant \\\"payouts\\\"\"\n"), "{text}");
        for line in ["owner:  #", "pillars:  #", "status:  #", "success_criteria:  #"] {
            assert!(text.contains(&format!("\n{line}")), "{line} in {text}");
        }
        assert!(text.contains("\n# reason: \"…\"  # why it stopped"), "{text}");
        assert!(text.contains("\n# quarter: 2026-Q4  #"), "{text}");
        assert!(!text.contains("\n# extra:"), "{text}");
    }

    #[test]
    fn a_required_list_gets_one_item_with_its_required_fields() {
        let text = skeleton(Kind::Objective, "Faster first value");
        assert!(text.contains("\nkey_results:  #"), "{text}");
        assert!(text.contains("\n  - title:  #"), "{text}");
        assert!(text.contains("\n    target:  #"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_linked_folder() {
        let root = std::env::temp_dir().join(format!("northstar-new-link-{}", std::process::id()));
        let outside = root.with_extension("outside");
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&outside);
        std::fs::create_dir_all(root.join("content")).ok();
        std::fs::create_dir_all(&outside).ok();
        std::os::unix::fs::symlink(&outside, root.join("content/initiatives")).ok();
        let made = new(&root, "content/initiatives", Kind::Initiative, "Escape");
        assert!(matches!(made, Err(NewError::Link { .. })), "{made:?}");
        assert_eq!(std::fs::read_dir(&outside).map(|d| d.count()).ok(), Some(0));
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&outside);
    }

    #[test]
    fn decisions_are_numbered_after_the_last_one() {
        let dir = std::env::temp_dir().join(format!("northstar-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(next_number(&dir), "");
        std::fs::create_dir_all(&dir).ok();
        for name in ["0001-a.md", "0012-b.md", "README.md", "12345-c.md"] {
            std::fs::write(dir.join(name), "").ok();
        }
        assert_eq!(next_number(&dir), "0013-");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
