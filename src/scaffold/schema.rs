//! `northstar schema`: a JSON Schema (draft 2020-12) of front matter, from the same
//! field declarations the reader uses, so an editor's YAML extension flags a missing
//! field or a wrong value while people type.
//!
//! The schema says what `check` says about one document on its own: types, allowed
//! values, required fields and the requirements that depend on another field. What
//! needs the whole site (that an id exists, health findings) stays with `check`.

use serde_json::{Map, Value, json};

use crate::model::Kind;
use crate::model::fields::{Field, Required, Type};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of one kind's front matter. `accepted` are keys of other tools that the
/// site accepts silently (`ignore_fields` in site.toml).
pub fn kind_schema(kind: Kind, accepted: &[String]) -> Value {
    let mut schema = object_schema(kind.all_fields(), accepted);
    let mut head = Map::new();
    head.insert("$schema".into(), DRAFT.into());
    head.insert("title".into(), format!("northstar {} front matter", kind.as_str()).into());
    head.insert(
        "description".into(),
        format!(
            "The front matter of {} (content/{}/), as `northstar check` reads it.",
            kind.with_article(),
            kind.section()
        )
        .into(),
    );
    head.append(&mut schema);
    Value::Object(head)
}

/// The schema of any document: the common fields, and a kind's fields when `kind:`
/// names it. (A document's kind usually comes from its folder, which a schema cannot
/// see: map each kind's folder to its own schema for full checks.)
pub fn any_schema(accepted: &[String]) -> Value {
    let mut defs = Map::new();
    let mut dispatch = Vec::new();
    for kind in documented_kinds() {
        defs.insert(
            kind.as_str().into(),
            Value::Object(object_schema(kind.all_fields(), accepted)),
        );
        let names: Vec<&str> = kind_spellings(kind);
        dispatch.push(json!({
            "if": { "properties": { "kind": { "enum": names } }, "required": ["kind"] },
            "then": { "$ref": format!("#/$defs/{}", kind.as_str()) }
        }));
    }
    let mut common = Map::new();
    for field in Kind::Page.all_fields() {
        common.insert(field.name.into(), property(field));
    }
    json!({
        "$schema": DRAFT,
        "title": "northstar front matter",
        "description": "Any northstar document: the fields every kind has; with `kind:`, that kind's fields too.",
        "type": "object",
        "properties": common,
        "allOf": dispatch,
        "$defs": defs,
    })
}

/// A schema as written to a file: pretty-printed, ending with a newline.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `northstar.json` (any document) and `<kind>.json` for every kind into `dir`,
/// creating it, and returns how many files it wrote.
pub fn write_all(dir: &std::path::Path, accepted: &[String]) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("northstar.json"), to_text(&any_schema(accepted)))?;
    let mut written = 1;
    for kind in documented_kinds() {
        let path = dir.join(format!("{}.json", kind.as_str()));
        std::fs::write(path, to_text(&kind_schema(kind, accepted)))?;
        written += 1;
    }
    Ok(written)
}

/// The kinds with fields of their own, in the order the docs list them.
pub fn documented_kinds() -> impl Iterator<Item = Kind> {
    <Kind as crate::model::fields::Choice>::ALL.iter().map(|(_, k)| *k).filter(|k| *k != Kind::Page)
}

/// How `kind:` may name `kind`: its name and its aliases.
fn kind_spellings(kind: Kind) -> Vec<&'static str> {
    let mut names = vec![kind.as_str()];
    names.extend(Kind::ALIASES.iter().filter(|(_, k)| *k == kind).map(|(n, _)| *n));
    names
}

/// `type: object` with `fields` as properties, their requirements, and no other keys
/// but `accepted`.
fn object_schema<'a>(
    fields: impl Iterator<Item = &'a Field>,
    accepted: &[String],
) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut conditions = Vec::new();
    for field in fields {
        properties.insert(field.name.into(), property(field));
        for alias in field.aliases {
            properties.insert((*alias).into(), property(field));
        }
        match field.required {
            Required::Yes => required.push(field.name),
            Required::When { field: other, is } => conditions.push(json!({
                "if": { "properties": { other.name: { "enum": is } }, "required": [other.name] },
                "then": { "required": [field.name] }
            })),
            Required::Unless { field: other, is } => conditions.push(json!({
                "if": {
                    "properties": { other.name: { "not": { "enum": is } } },
                    "required": [other.name]
                },
                "then": { "required": [field.name] }
            })),
            Required::No | Required::UnlessHeading | Required::Recommended => {}
        }
    }
    for key in accepted {
        properties.entry(key.clone()).or_insert_with(|| json!({}));
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    if !conditions.is_empty() {
        schema.insert("allOf".into(), Value::Array(conditions));
    }
    schema.insert("additionalProperties".into(), false.into());
    schema
}

/// The schema of one field's value, with its help as description.
fn property(field: &Field) -> Value {
    let mut schema = match value_schema(field) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut description = field.help.to_string();
    if let Some(first) = description.get(..1) {
        description.replace_range(..1, &first.to_uppercase());
    }
    let required = field.required.describe();
    if !required.is_empty() && !matches!(field.required, Required::Yes) {
        description.push_str(&format!(". Required {required}"));
    }
    schema.insert("description".into(), format!("{description}.").into());
    Value::Object(schema)
}

fn value_schema(field: &Field) -> Value {
    let scalar = json!({ "type": ["string", "number", "boolean"] });
    let nonempty = matches!(field.required, Required::Yes);
    match field.ty {
        Type::Text if nonempty => {
            json!({ "type": ["string", "number", "boolean"], "pattern": "\\S" })
        }
        Type::Text | Type::Id(_) => scalar,
        Type::TextList | Type::Ids(_) => {
            let list = if nonempty {
                json!({ "type": "array", "items": scalar, "minItems": 1 })
            } else {
                json!({ "type": "array", "items": scalar })
            };
            json!({ "anyOf": [scalar, list] })
        }
        Type::Number { min, max } => json!({ "type": "number", "minimum": min, "maximum": max }),
        Type::Integer => json!({ "type": "integer" }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        Type::Quarter => json!({ "type": "string", "pattern": QUARTER_PATTERN }),
        Type::QuarterOrDate => json!({
            "type": "string",
            "anyOf": [{ "pattern": DATE_PATTERN }, { "pattern": QUARTER_PATTERN }]
        }),
        Type::OneOf(names) => json!({ "enum": names }),
        Type::Leading(names) => json!({
            "type": "string",
            "pattern": format!("^(?:{})(?:\\s.*)?$", names.iter().map(|n| either_case(n)).collect::<Vec<_>>().join("|"))
        }),
        Type::List { fields, min, max, .. } => {
            let mut list = json!({
                "type": "array",
                "items": Value::Object(object_schema(fields.iter(), &[])),
                "minItems": min,
            });
            if max != usize::MAX
                && let Some(map) = list.as_object_mut()
            {
                map.insert("maxItems".into(), max.into());
            }
            list
        }
        Type::Map => json!({ "type": "object" }),
    }
}

const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const QUARTER_PATTERN: &str = "^[0-9]{4}-[Qq][1-4]$";

/// `name` with its first letter in either case, as MADR capitalises statuses:
/// `[Aa]ccepted`.
fn either_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphabetic() => format!(
            "[{}{}]{}",
            first.to_ascii_uppercase(),
            first.to_ascii_lowercase(),
            chars.as_str()
        ),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_name_the_field_they_depend_on() {
        let schema = kind_schema(Kind::Initiative, &[]);
        let all = schema["allOf"].as_array().map(Vec::len);
        assert_eq!(all, Some(2), "{schema:#}");
        assert_eq!(schema["allOf"][1]["if"]["properties"]["status"]["enum"][0], "deprioritized");
        assert_eq!(schema["allOf"][1]["then"]["required"][0], "reason");
        assert_eq!(schema["required"], json!(["owner", "pillars", "status"]));
    }

    #[test]
    fn aliases_and_accepted_keys_are_properties() {
        let schema = kind_schema(Kind::Decision, &["nav_order".to_string()]);
        for key in ["decision_makers", "deciders", "decision-makers", "owners", "nav_order"] {
            assert!(schema["properties"].get(key).is_some(), "{key}");
        }
        assert_eq!(schema["additionalProperties"], false);
    }

    #[test]
    fn either_case_keeps_the_rest() {
        assert_eq!(either_case("accepted"), "[Aa]ccepted");
    }
}
