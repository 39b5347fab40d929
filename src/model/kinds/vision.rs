//! The vision: one customer-framed statement of where the strategy leads.

use crate::model::fields::{Field, Fields, Type};

const STATEMENT: Field = Field::new(
    "statement",
    Type::Text,
    "where the strategy leads, framed for the customer, in one or two sentences",
    "\"Every team …\"",
)
.required();
const FOR_WHOM: Field = Field::new("for_whom", Type::Text, "who it serves", "\"…\"");
const PROBLEM: Field = Field::new("problem", Type::Text, "the problem they have today", "\"…\"");
const WHY_SUSTAINABLE: Field =
    Field::new("why_sustainable", Type::Text, "why the advantage lasts", "\"…\"");
const HORIZON: Field =
    Field::new("horizon", Type::Text, "how far ahead it looks, such as a year", "\"2029\"");

/// The fields of a vision.
pub(crate) const FIELDS: &[Field] = &[STATEMENT, FOR_WHOM, PROBLEM, WHY_SUSTAINABLE, HORIZON];

/// `content/vision.md`; at most one per site.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Vision {
    pub statement: String,
    pub for_whom: Option<String>,
    pub problem: Option<String>,
    pub why_sustainable: Option<String>,
    pub horizon: Option<String>,
}

impl Vision {
    pub(crate) fn read(f: &mut Fields<'_>) -> Vision {
        Vision {
            statement: f.string(&STATEMENT).map(|a| a.value).unwrap_or_default(),
            for_whom: f.string(&FOR_WHOM).map(|a| a.value),
            problem: f.string(&PROBLEM).map(|a| a.value),
            why_sustainable: f.string(&WHY_SUSTAINABLE).map(|a| a.value),
            horizon: f.string(&HORIZON).map(|a| a.value),
        }
    }
}
