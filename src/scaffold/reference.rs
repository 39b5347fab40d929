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
    let start = text.find(START)? + START.len();
    let end = start + text.get(start..)?.find(END)?;
    Some(format!("{}{}{}", text.get(..start)?, markdown(), text.get(end..)?))
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
