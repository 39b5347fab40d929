//! The declaration of a front-matter field: its name, the other names it answers to,
//! its type, when it is required and what it is for. Each kind declares its fields once
//! (see [`crate::model::Kind::fields`]); the reader asks for them by that declaration,
//! and `docs/front-matter.md`, `northstar schema` and `northstar new`'s skeletons are
//! written from it.

use crate::model::Kind;

use super::MAX_MAGNITUDE;

/// One field of a kind, or of an item in a list field (a key result, an action item).
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    /// Other spellings accepted for the same field (`owners` for `owner`).
    pub aliases: &'static [&'static str],
    pub ty: Type,
    pub required: Required,
    /// What the field is for, in a phrase that reads after "the field is": lower case,
    /// no final full stop.
    pub help: &'static str,
    /// A value as a person would write it, shown in "add `field: …`" hints.
    pub example: &'static str,
}

impl Field {
    /// An optional field.
    pub const fn new(
        name: &'static str,
        ty: Type,
        help: &'static str,
        example: &'static str,
    ) -> Field {
        Field { name, aliases: &[], ty, required: Required::No, help, example }
    }

    /// The same field, required.
    pub const fn required(self) -> Field {
        self.required_when(Required::Yes)
    }

    /// The same field, required as `required` says.
    pub const fn required_when(self, required: Required) -> Field {
        Field { required, ..self }
    }

    /// The same field, also accepted under `aliases`.
    pub const fn or(self, aliases: &'static [&'static str]) -> Field {
        Field { aliases, ..self }
    }
}

/// What a field's value is.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// A string; numbers and booleans are taken as written.
    Text,
    /// A string or a list of strings.
    TextList,
    /// A number within `min..=max`.
    Number { min: f64, max: f64 },
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-QN`.
    Quarter,
    /// A quarter or a date.
    QuarterOrDate,
    /// One of these names. Case, `_` and spaces are forgiven (`In Progress`).
    OneOf(&'static [&'static str]),
    /// One of these names, possibly followed by more words (`superseded by ADR-0005`).
    Leading(&'static [&'static str]),
    /// The id of a document of one of these kinds (any kind when empty).
    Id(&'static [Kind]),
    /// Ids of documents of these kinds (any kind when empty): a list, or one id.
    Ids(&'static [Kind]),
    /// A list of mappings with these fields, `min..=max` of them.
    List { item: &'static str, fields: &'static [Field], min: usize, max: usize },
    /// A mapping of anything.
    Map,
}

impl Type {
    /// Any number northstar accepts.
    pub const NUMBER: Type = Type::Number { min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE };

    /// How the type is written in docs and messages.
    pub fn describe(&self) -> String {
        let kinds = |kinds: &[Kind]| match kinds {
            [] => "document".to_string(),
            kinds => kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or "),
        };
        match self {
            Type::Text => "text".to_string(),
            Type::TextList => "text or list of text".to_string(),
            Type::Number { min, max } if *min == -MAX_MAGNITUDE && *max == MAX_MAGNITUDE => {
                "number".to_string()
            }
            Type::Number { min, max } if *max == MAX_MAGNITUDE => format!("number, at least {min}"),
            Type::Number { min, max } => format!("number from {min} to {max}"),
            Type::Integer => "whole number".to_string(),
            Type::Bool => "true or false".to_string(),
            Type::Date => "date (YYYY-MM-DD)".to_string(),
            Type::Quarter => "quarter (YYYY-QN)".to_string(),
            Type::QuarterOrDate => "quarter or date".to_string(),
            Type::OneOf(names) => names.join(" \\| "),
            Type::Leading(names) => format!("{}, then any words", names.join(" \\| ")),
            Type::Id(k) => format!("{} id", kinds(k)),
            Type::Ids(k) => format!("{} ids", kinds(k)),
            Type::List { item, min: 0, max: usize::MAX, .. } => format!("list of {item}s"),
            Type::List { item, min, max, .. } if *max == usize::MAX => {
                format!("list of {item}s, at least {min}")
            }
            Type::List { item, min, max, .. } => format!("list of {min} to {max} {item}s"),
            Type::Map => "mapping".to_string(),
        }
    }
}

/// When a field must be written.
#[derive(Clone, Copy, Debug)]
pub enum Required {
    No,
    Yes,
    /// Required unless the document's first `# heading` can stand in for it (`title`).
    UnlessHeading,
    /// Required when `field` is written as one of `is`.
    When {
        field: &'static Field,
        is: &'static [&'static str],
    },
    /// Required when `field` is written as one of its other values.
    Unless {
        field: &'static Field,
        is: &'static [&'static str],
    },
    /// Optional, but its absence is a health finding.
    Recommended,
}

impl Required {
    /// How the requirement reads in docs: "yes", "when `status` is deprioritized or
    /// cancelled".
    pub fn describe(&self) -> String {
        let values = |is: &[&str]| is.join(" or ");
        match self {
            Required::No => String::new(),
            Required::Yes => "yes".to_string(),
            Required::UnlessHeading => "yes, unless the body starts with a `# heading`".into(),
            Required::When { field, is } => format!("when `{}` is {}", field.name, values(is)),
            Required::Unless { field, is } => {
                format!("unless `{}` is {}", field.name, values(is))
            }
            Required::Recommended => "recommended (a health finding when absent)".to_string(),
        }
    }
}

/// `noun` with its indefinite article: "a key result", "an action item".
pub(super) fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// The field of `fields` named `name`, if any.
pub fn find(fields: &'static [Field], name: &str) -> Option<&'static Field> {
    fields.iter().find(|f| f.name == name)
}
