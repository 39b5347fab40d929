//! The strategy over time, as git recorded it: what changed from one quarter to the
//! next, each objective's score at the end of past quarters, each initiative's status
//! timeline and when each document last changed. Plain data, worked out by
//! [`crate::history`] and read by the views; empty without git.

use std::collections::BTreeMap;

use crate::calendar::{Date, Quarter};

use super::Horizon;
use super::kinds::Kind;

/// Everything the site shows from git.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct History {
    /// What the history was read at: the newest commit and the files not yet
    /// committed. Pages showing history are made again when it changes.
    #[serde(skip)]
    pub revision: String,
    /// What changed in each quarter with commits, oldest first.
    pub quarters: Vec<Period>,
    /// What changed since the commit `--since` names.
    pub since: Option<Period>,
    /// When each document (by path under `content/`) last changed in git; `None`: it
    /// has changes not yet committed.
    pub last_changed: BTreeMap<String, Option<Date>>,
    /// Each objective's (by id) score at the end of each past quarter it stood in, and
    /// now, oldest first.
    pub scores: BTreeMap<String, Vec<(Quarter, Option<f64>)>>,
    /// Each initiative's (by id) statuses, from the first commit of it on: the day each
    /// began (`None`: not yet committed), oldest first.
    pub timelines: BTreeMap<String, Vec<(Option<Date>, String)>>,
}

impl History {
    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.quarters.is_empty() && self.since.is_none() && self.last_changed.is_empty()
    }

    /// The changes of `quarter`.
    pub fn quarter(&self, quarter: Quarter) -> Option<&Period> {
        self.quarters.iter().find(|p| p.quarter == Some(quarter))
    }
}

/// What changed between two states of the strategy.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Period {
    /// The quarter, for a quarter's changes; `None` for `--since`.
    pub quarter: Option<Quarter>,
    /// The state compared against.
    pub from: Point,
    /// The state reached: a commit, or the files as they are now.
    pub to: Point,
    /// Sorted by section, then title.
    pub changes: Vec<Change>,
}

/// A state of the strategy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Point {
    /// The commit, abbreviated; `None`: the files as they are (with changes not yet
    /// committed, if any).
    pub commit: Option<String>,
    /// The commit's day; for the files as they are, `today`, or the newest commit's
    /// day when `today` is set to an earlier one.
    pub date: Date,
    /// How the state is named: "the end of 2026-Q2", "the first commit", or the
    /// revision as `--since` named it ("v1.2").
    pub label: String,
}

/// How the first commit is named as a state: a history that begins in a quarter
/// compares that quarter with it.
pub const FIRST_COMMIT: &str = "the first commit";

/// One change to one document.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// The day of the commit that made it; `None`: not yet committed.
    pub date: Option<Date>,
    #[serde(flatten)]
    pub what: What,
}

/// What changed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum What {
    Added,
    Removed,
    /// An initiative moved between roadmap columns.
    Moved {
        from: Horizon,
        to: Horizon,
    },
    /// An initiative's status changed, in the same column.
    Status {
        from: String,
        to: String,
    },
    /// An initiative's quarters moved later.
    Slipped {
        from: String,
        to: String,
    },
    /// An initiative's quarters moved earlier.
    PulledIn {
        from: String,
        to: String,
    },
    /// An initiative was deprioritized or cancelled, with the reason it gives.
    SetAside {
        status: String,
        reason: Option<String>,
    },
    /// An objective's score changed.
    Score {
        from: Option<f64>,
        to: Option<f64>,
    },
    /// A metric's latest value changed.
    Metric {
        from: Option<f64>,
        to: Option<f64>,
        unit: Option<String>,
    },
    /// A decision's status changed.
    Decision {
        from: String,
        to: String,
    },
    /// A decision was superseded, by these (ids).
    Superseded {
        by: Vec<String>,
    },
    /// A post-mortem's action items were closed.
    ActionsClosed {
        titles: Vec<String>,
    },
}

/// The sections of a period's changes, in the order pages show them.
pub const SECTIONS: [(&str, &[Kind]); 6] = [
    ("Roadmap", &[Kind::Initiative]),
    ("OKRs", &[Kind::Objective]),
    ("Metrics", &[Kind::Metric]),
    ("Decisions", &[Kind::Decision]),
    ("Post-mortems", &[Kind::Postmortem]),
    (
        "Other documents",
        &[
            Kind::Vision,
            Kind::Principle,
            Kind::Pillar,
            Kind::Debt,
            Kind::Experiment,
            Kind::Update,
            Kind::Stakeholder,
            Kind::Page,
        ],
    ),
];

/// The section of `SECTIONS` a kind's changes are listed in.
pub fn section_of(kind: Kind) -> usize {
    SECTIONS.iter().position(|(_, kinds)| kinds.contains(&kind)).unwrap_or(SECTIONS.len() - 1)
}
