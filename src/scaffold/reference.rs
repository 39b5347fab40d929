//! The field tables of `docs/front-matter.md`, written from the field declarations so
//! that the reference and the reader cannot disagree. A test keeps the file current.

use std::fmt::Write as _;

use crate::model::Kind;
use crate::model::fields::{Field, Required, Type};
use crate::model::kinds::COMMON;

use super::schema::documented_kinds;

/// Where the generated part of `docs/front-matter.md` starts and ends.
pub const START: &str = "<!-- fields:start -->\n";
pub const END: &str = "<!-- fields:end -->\n";

/// The Markdown tables: the common fields, then every kind's own.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("### Every document\n\n");
    table(&mut out, COMMON.iter());
    for kind in documented_kinds() {
        let place = match kind {
            Kind::Vision => "content/vision.md".to_string(),
            _ => format!("content/{}/", kind.section()),
        };
        let _ = write!(out, "\n### {} — `{place}`\n\n", kind.as_str());
        let own = kind.fields();
        if own.is_empty() {
            out.push_str("Only the fields every document has.\n");
            continue;
        }
        table(&mut out, own.iter());
        for field in own {
            if let Type::List { item, fields, .. } = field.ty {
                let _ = write!(out, "\nEach {item} in `{}`:\n\n", field.name);
                table(&mut out, fields.iter());
            }
        }
    }
    out
}

/// `text` with everything between the markers replaced by [`markdown`]; `None` when
/// the markers are missing.
pub fn refresh(text: &str) -> Option<String> {
    replace_between(text, START, END, &markdown())
}

/// Where the README's table of kinds starts and ends.
pub const KINDS_START: &str = "<!-- kinds:start -->\n";
pub const KINDS_END: &str = "<!-- kinds:end -->\n";

/// The README's table of kinds, their folders and required fields.
pub fn kinds_table() -> String {
    let mut out = String::from("| kind | folder | required fields |\n| --- | --- | --- |\n");
    for kind in documented_kinds() {
        let folder = match kind {
            Kind::Vision => "`vision.md`".to_string(),
            _ => format!("`{}/`", kind.section()),
        };
        let required: Vec<String> = kind
            .fields()
            .iter()
            .filter_map(|field| {
                let name = format!("`{}`", field.name);
                match (field.required, field.ty) {
                    (Required::Yes, Type::OneOf(names)) if names.len() <= 3 => {
                        let names = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
                        Some(format!("{name} ({})", names.join(", ")))
                    }
                    (Required::Yes, Type::List { min, max, fields, .. }) => {
                        let items = fields.iter().filter(|f| matches!(f.required, Required::Yes));
                        let items = items.map(|f| format!("`{}`", f.name)).collect::<Vec<_>>();
                        Some(format!("{name} ({min}–{max}, each with {})", items.join(" and ")))
                    }
                    (Required::Yes, _) => Some(name),
                    (Required::When { .. } | Required::Unless { .. }, _) => {
                        Some(format!("{name} ({})", field.required.describe()))
                    }
                    _ => None,
                }
            })
            .collect();
        let required = if required.is_empty() { "—".to_string() } else { required.join(", ") };
        let _ = writeln!(out, "| {} | {folder} | {required} |", kind.as_str());
    }
    out.push_str("| page | anywhere else | — |\n");
    out
}

/// `text` with everything between the markers `start` and `end` replaced by `content`;
/// `None` when the markers are missing.
pub fn replace_between(text: &str, start: &str, end: &str, content: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text.get(from..)?.find(end)?;
    Some(format!("{}{content}{}", text.get(..from)?, text.get(to..)?))
}

fn table<'a>(out: &mut String, fields: impl Iterator<Item = &'a Field>) {
    out.push_str("| field | type | required | what it is |\n| --- | --- | --- | --- |\n");
    for field in fields {
        let mut name = format!("`{}`", field.name);
        if !field.aliases.is_empty() {
            let aliases = field.aliases.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>();
            let _ = write!(name, " (or {})", aliases.join(", "));
        }
        let required = match field.required {
            Required::No => String::new(),
            other => other.describe(),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {required} | {} |",
            field.ty.describe(),
            field.help.replace('|', "\\|")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_replaces_only_the_marked_part() {
        let text = format!("intro\n{START}replaced-text\n{END}outro\n");
        let fresh = refresh(&text).unwrap_or_default();
        assert!(fresh.starts_with(&format!("intro\n{START}### Every document")));
        assert!(fresh.ends_with(&format!("{END}outro\n")));
        assert!(!fresh.contains("replaced-text"));
        assert_eq!(refresh("no markers"), None);
    }

    #[test]
    fn a_kind_with_a_list_field_describes_its_items() {
        let text = markdown();
        assert!(text.contains("Each key result in `key_results`:"));
        assert!(text.contains(
            "| `success_criteria` | text or list of text | unless `status` is exploratory |"
        ));
    }
}
