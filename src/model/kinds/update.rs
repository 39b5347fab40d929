//! Updates: the regular written account of progress and setbacks.

use crate::calendar::Date;
use crate::model::fields::{Field, Fields, Ref, Type};

use super::common::RELATED;
use super::{Reference, Relation, refs};

const DATE: Field =
    Field::new("date", Type::Date, "the day it was written", "2026-11-02").required();
const PERIOD: Field = Field::new(
    "period",
    Type::Text,
    "the time it covers, such as `2026-Q3` or `October 2026`",
    "\"2026-Q4\"",
);
const HIGHLIGHTS: Field = Field::new("highlights", Type::TextList, "what went well", "[\"…\"]");
const SETBACKS: Field =
    Field::new("setbacks", Type::TextList, "what slipped or went wrong", "[\"…\"]");

/// The fields of an update.
pub(crate) const FIELDS: &[Field] = &[DATE, PERIOD, HIGHLIGHTS, SETBACKS, RELATED];

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
            date: f.date(&DATE).map(|a| a.value),
            period: f.string(&PERIOD).map(|a| a.value),
            highlights: f.text_list(&HIGHLIGHTS),
            setbacks: f.text_list(&SETBACKS),
            related: f.refs(&RELATED),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Related, &RELATED, &self.related)
    }
}
