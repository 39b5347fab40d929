//! Principles: the few rules that settle trade-offs ("X over Y").

use crate::model::fields::Fields;

/// `content/principles/*.md`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Principle {
    pub statement: String,
    pub tradeoff: Option<String>,
}

impl Principle {
    pub(crate) fn read(f: &mut Fields<'_>) -> Principle {
        Principle {
            statement: f
                .required_string("statement", "\"We …\"")
                .map(|a| a.value)
                .unwrap_or_default(),
            tradeoff: f.string("tradeoff").map(|a| a.value),
        }
    }
}
