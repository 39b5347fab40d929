//! What a page of history needs to know about each document at one state of the
//! strategy, small enough to keep for every past quarter, and the changes between two
//! such states. A document's facts are its own: read from its text alone, by the
//! model's reader, so each version of a file is read once however many states hold it.

use std::collections::BTreeMap;

use crate::calendar::{Date, Quarter, QuarterRange};
use crate::model::fields::Choice;
use crate::model::history::{Change, What, section_of};
use crate::model::kinds::InitiativeStatus;
use crate::model::{Document, Horizon, Kind, KindData};

/// A document's key in a state: its kind and id.
pub(crate) type DocKey = (String, String);

/// The documents of one state, by (kind, id), and the day it is read on (which
/// decides the roadmap's columns).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Snapshot {
    pub(crate) today: Date,
    pub(crate) documents: BTreeMap<DocKey, Facts>,
}

/// One document as it stood.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Facts {
    pub(crate) title: String,
    /// Path from the site root, to find the commits that changed it.
    pub(crate) path: String,
    pub(crate) draft: bool,
    pub(crate) fact: Fact,
}

/// What a kind's changes are told by.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Fact {
    Initiative {
        status: String,
        /// First and last quarter, as written (`2026-Q3`).
        quarters: Option<(String, String)>,
        reason: Option<String>,
    },
    Objective {
        score: Option<f64>,
    },
    Metric {
        current: Option<f64>,
        unit: Option<String>,
    },
    Decision {
        status: String,
        superseded_by: Vec<String>,
    },
    Postmortem {
        /// Every action item: its title and whether work on it is still owed.
        actions: Vec<(String, bool)>,
    },
    Other,
}

impl Facts {
    /// What the history needs of `document`, whose file is at `path` from the site root.
    pub(crate) fn of(document: &Document, path: String) -> (DocKey, Facts) {
        let fact = match &document.data {
            KindData::Initiative(i) => Fact::Initiative {
                status: i.status.as_str().to_string(),
                quarters: i.quarters.map(|q| (q.start.to_string(), q.end.to_string())),
                reason: i.reason.clone(),
            },
            KindData::Objective(o) => Fact::Objective { score: o.score() },
            KindData::Metric(m) => Fact::Metric { current: m.current(), unit: m.unit.clone() },
            KindData::Decision(d) => Fact::Decision {
                status: d.status_label().to_string(),
                superseded_by: d.superseded_by.iter().map(|r| r.id.clone()).collect(),
            },
            KindData::Postmortem(p) => Fact::Postmortem {
                actions: p.action_items.iter().map(|a| (a.title.clone(), a.is_open())).collect(),
            },
            _ => Fact::Other,
        };
        let key = (document.kind.as_str().to_string(), document.id.clone());
        (key, Facts { title: document.title.clone(), path, draft: document.draft, fact })
    }

    /// An initiative's status, as written.
    pub(crate) fn status(&self) -> Option<&str> {
        match &self.fact {
            Fact::Initiative { status, .. } => Some(status),
            _ => None,
        }
    }
}

impl Snapshot {
    /// The score of objective `id`, when it stood in this state.
    pub(crate) fn score(&self, id: &str) -> Option<Option<f64>> {
        match &self.documents.get(&(Kind::Objective.as_str().to_string(), id.to_string()))?.fact {
            Fact::Objective { score } => Some(*score),
            _ => None,
        }
    }

    /// Where an initiative with these facts sits on this state's roadmap.
    fn horizon(&self, status: &str, quarters: &Option<(String, String)>) -> Horizon {
        let status = InitiativeStatus::ALL
            .iter()
            .find(|(name, _)| *name == status)
            .map_or(InitiativeStatus::Proposed, |(_, s)| *s);
        let range = quarters.as_ref().and_then(|(start, end)| {
            Some(QuarterRange {
                start: Quarter::parse(start).ok()?,
                end: Quarter::parse(end).ok()?,
            })
        });
        crate::model::roadmap::classify(status, range, Quarter::of(self.today))
    }
}

/// A score as pages show it: two decimals. Changes below that are no change.
fn rounded(score: Option<f64>) -> Option<i64> {
    score.map(|s| (s * 100.0).round() as i64)
}

/// What changed from `from` to `to`, each change dated by `date_of(path)`; drafts are
/// left out unless `drafts`. Sorted by section, then title.
pub(crate) fn changes(
    from: &Snapshot,
    to: &Snapshot,
    drafts: bool,
    date_of: impl Fn(&str) -> Option<crate::calendar::Date>,
) -> Vec<Change> {
    let visible = |facts: &&Facts| drafts || !facts.draft;
    let mut changes = Vec::new();
    let mut push = |key: &(String, String), facts: &Facts, what: What| {
        let Some(kind) = Kind::parse(&key.0) else { return };
        changes.push(Change {
            kind,
            id: key.1.clone(),
            title: facts.title.clone(),
            date: date_of(&facts.path),
            what,
        });
    };
    for (key, after) in to.documents.iter() {
        let Some(after) = Some(after).filter(visible) else { continue };
        let Some(before) = from.documents.get(key).filter(visible) else {
            push(key, after, What::Added);
            continue;
        };
        for what in differences(from, to, &before.fact, &after.fact) {
            push(key, after, what);
        }
    }
    for (key, before) in from.documents.iter() {
        let Some(before) = Some(before).filter(visible) else { continue };
        if to.documents.get(key).filter(visible).is_none() {
            push(key, before, What::Removed);
        }
    }
    changes.sort_by(|a, b| {
        (section_of(a.kind), a.title.to_lowercase(), &a.id).cmp(&(
            section_of(b.kind),
            b.title.to_lowercase(),
            &b.id,
        ))
    });
    changes
}

/// How one document's facts differ between the states `from` and `to`.
fn differences(from: &Snapshot, to: &Snapshot, before: &Fact, after: &Fact) -> Vec<What> {
    let mut found = Vec::new();
    match (before, after) {
        (
            Fact::Initiative { status: s0, quarters: q0, .. },
            Fact::Initiative { status: s1, quarters: q1, reason },
        ) => {
            // A column the calendar alone changed (next quarter's work is now's when
            // the quarter turns) is no change anyone made.
            if s0 == s1 && q0 == q1 {
                return found;
            }
            let (h0, h1) = (&from.horizon(s0, q0), &to.horizon(s1, q1));
            let set_aside = matches!(h1, Horizon::Deprioritized | Horizon::Cancelled);
            if set_aside && h0 != h1 {
                found.push(What::SetAside { status: s1.clone(), reason: reason.clone() });
            } else if h0 != h1 {
                found.push(What::Moved { from: *h0, to: *h1 });
            } else if s0 != s1 {
                found.push(What::Status { from: s0.clone(), to: s1.clone() });
            }
            if let (Some(q0), Some(q1)) = (q0, q1)
                && q0 != q1
            {
                let parse = |q: &(String, String)| {
                    let start = crate::calendar::Quarter::parse(&q.0).ok()?;
                    Some((crate::calendar::Quarter::parse(&q.1).ok()?, start))
                };
                let (from, to) = (range_text(q0), range_text(q1));
                match (parse(q0), parse(q1)) {
                    (Some(a), Some(b)) if b > a => found.push(What::Slipped { from, to }),
                    (Some(a), Some(b)) if b < a => found.push(What::PulledIn { from, to }),
                    _ => {}
                }
            }
        }
        (Fact::Objective { score: a }, Fact::Objective { score: b })
            if rounded(*a) != rounded(*b) =>
        {
            found.push(What::Score { from: *a, to: *b });
        }
        (Fact::Metric { current: a, .. }, Fact::Metric { current: b, unit })
            if a.map(f64::to_bits) != b.map(f64::to_bits) =>
        {
            found.push(What::Metric { from: *a, to: *b, unit: unit.clone() });
        }
        (
            Fact::Decision { status: s0, superseded_by: by0 },
            Fact::Decision { status: s1, superseded_by: by1 },
        ) => {
            let superseded = s1 == "superseded" && s0 != "superseded";
            let new_by: Vec<String> = by1.iter().filter(|b| !by0.contains(b)).cloned().collect();
            if superseded || !new_by.is_empty() {
                let by = if new_by.is_empty() { by1.clone() } else { new_by };
                found.push(What::Superseded { by });
            } else if s0 != s1 {
                found.push(What::Decision { from: s0.clone(), to: s1.clone() });
            }
        }
        (Fact::Postmortem { actions: a }, Fact::Postmortem { actions: b }) => {
            let was_open = |title: &str| a.iter().any(|(t, open)| t == title && *open);
            let titles: Vec<String> = b
                .iter()
                .filter(|(title, open)| !open && was_open(title))
                .map(|(title, _)| title.clone())
                .collect();
            if !titles.is_empty() {
                found.push(What::ActionsClosed { titles });
            }
        }
        _ => {}
    }
    found
}

/// `2026-Q3`, or `2026-Q3–2026-Q4` for a range.
fn range_text(range: &(String, String)) -> String {
    if range.0 == range.1 { range.0.clone() } else { format!("{}–{}", range.0, range.1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn state(today: &str, documents: Vec<(&str, &str, Fact, bool)>) -> Snapshot {
        let documents = documents
            .into_iter()
            .map(|(kind, id, fact, draft)| {
                let facts =
                    Facts { title: id.to_uppercase(), path: format!("{id}.md"), draft, fact };
                ((kind.to_string(), id.to_string()), facts)
            })
            .collect();
        Snapshot { today: day(today), documents }
    }

    fn initiative(status: &str, start: &str, end: &str) -> Fact {
        let quarters = Some((start.to_string(), end.to_string()));
        Fact::Initiative { status: status.to_string(), quarters, reason: None }
    }

    fn whats(from: &Snapshot, to: &Snapshot, drafts: bool) -> Vec<(String, What)> {
        changes(from, to, drafts, |_| None).into_iter().map(|c| (c.id, c.what)).collect()
    }

    #[test]
    fn a_column_the_calendar_alone_changed_is_no_change() {
        let fact = initiative("planned", "2026-Q4", "2026-Q4");
        let before = state("2026-09-30", vec![("initiative", "a", fact.clone(), false)]);
        let after = state("2026-12-31", vec![("initiative", "a", fact, false)]);
        assert_eq!(whats(&before, &after, false), []);
    }

    #[test]
    fn quarters_that_move_later_slip_and_earlier_are_pulled_in() {
        let before = state(
            "2026-06-30",
            vec![
                ("initiative", "late", initiative("planned", "2027-Q1", "2027-Q1"), false),
                ("initiative", "early", initiative("planned", "2027-Q2", "2027-Q3"), false),
            ],
        );
        let after = state(
            "2026-06-30",
            vec![
                ("initiative", "late", initiative("planned", "2027-Q1", "2027-Q2"), false),
                ("initiative", "early", initiative("planned", "2027-Q1", "2027-Q2"), false),
            ],
        );
        assert_eq!(
            whats(&before, &after, false),
            [
                (
                    "early".to_string(),
                    What::PulledIn {
                        from: "2027-Q2–2027-Q3".into(), to: "2027-Q1–2027-Q2".into()
                    }
                ),
                (
                    "late".to_string(),
                    What::Slipped { from: "2027-Q1".into(), to: "2027-Q1–2027-Q2".into() }
                ),
            ]
        );
    }

    #[test]
    fn closed_action_items_and_superseded_decisions_are_named() {
        let open = Fact::Postmortem {
            actions: vec![("Fix alerts".into(), true), ("Add runbook".into(), true)],
        };
        let closed = Fact::Postmortem {
            actions: vec![("Fix alerts".into(), false), ("Add runbook".into(), true)],
        };
        let accepted = Fact::Decision { status: "accepted".into(), superseded_by: vec![] };
        let superseded =
            Fact::Decision { status: "superseded".into(), superseded_by: vec!["b".into()] };
        let before = state(
            "2026-06-30",
            vec![("postmortem", "p", open, false), ("decision", "d", accepted, false)],
        );
        let after = state(
            "2026-06-30",
            vec![("postmortem", "p", closed, false), ("decision", "d", superseded, false)],
        );
        assert_eq!(
            whats(&before, &after, false),
            [
                ("d".to_string(), What::Superseded { by: vec!["b".into()] }),
                ("p".to_string(), What::ActionsClosed { titles: vec!["Fix alerts".into()] }),
            ]
        );
    }

    #[test]
    fn drafts_come_and_go_unseen_unless_published() {
        let before = state("2026-06-30", vec![]);
        let after = state("2026-06-30", vec![("debt", "x", Fact::Other, true)]);
        assert_eq!(whats(&before, &after, false), []);
        assert_eq!(whats(&before, &after, true), [("x".to_string(), What::Added)]);
        assert_eq!(whats(&after, &before, true), [("x".to_string(), What::Removed)]);
    }

    #[test]
    fn scores_are_compared_as_pages_show_them() {
        let a = state(
            "2026-06-30",
            vec![("objective", "o", Fact::Objective { score: Some(0.501) }, false)],
        );
        let b = state(
            "2026-06-30",
            vec![("objective", "o", Fact::Objective { score: Some(0.503) }, false)],
        );
        let c =
            state("2026-06-30", vec![("objective", "o", Fact::Objective { score: None }, false)]);
        assert_eq!(whats(&a, &b, false), []);
        assert_eq!(
            whats(&a, &c, false),
            [("o".to_string(), What::Score { from: Some(0.501), to: None })]
        );
    }
}
