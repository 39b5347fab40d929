//! The vision: one customer-framed statement of where the strategy leads.

use crate::model::fields::Fields;

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
            statement: f
                .required_string("statement", "\"Every team …\"")
                .map(|a| a.value)
                .unwrap_or_default(),
            for_whom: f.string("for_whom").map(|a| a.value),
            problem: f.string("problem").map(|a| a.value),
            why_sustainable: f.string("why_sustainable").map(|a| a.value),
            horizon: f.string("horizon").map(|a| a.value),
        }
    }
}
