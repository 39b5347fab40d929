//! Principles: the few rules that settle trade-offs ("X over Y").

use crate::model::fields::{Field, Fields, Type};

const STATEMENT: Field =
    Field::new("statement", Type::Text, "the rule, in one sentence", "\"We …\"").required();
const TRADEOFF: Field = Field::new(
    "tradeoff",
    Type::Text,
    "what it favours over what, as \"X over Y\"",
    "\"Safety over speed\"",
);

/// The fields of a principle.
pub(crate) const FIELDS: &[Field] = &[STATEMENT, TRADEOFF];

/// `content/principles/*.md`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Principle {
    pub statement: String,
    pub tradeoff: Option<String>,
}

impl Principle {
    pub(crate) fn read(f: &mut Fields<'_>) -> Principle {
        Principle {
            statement: f.string(&STATEMENT).map(|a| a.value).unwrap_or_default(),
            tradeoff: f.string(&TRADEOFF).map(|a| a.value),
        }
    }
}
