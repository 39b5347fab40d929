//! Updates: the regular written account of progress and setbacks.

use crate::calendar::Date;
use crate::model::fields::{Fields, Ref};

use super::{Reference, Relation, refs};

/// `content/updates/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Update {
    pub date: Option<Date>,
    pub period: Option<String>,
    pub highlights: Vec<String>,
    pub setbacks: Vec<String>,
    pub related: Vec<Ref>,
}

impl Update {
    pub(crate) fn read(f: &mut Fields<'_>) -> Update {
        Update {
            date: f.required_date("date").map(|a| a.value),
            period: f.string("period").map(|a| a.value),
            highlights: f.text_list("highlights"),
            setbacks: f.text_list("setbacks"),
            related: f.refs("related"),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Related, &[], &self.related)
    }
}
