//! Post-mortems: what failed, why, and what we do about it, kept visible and blameless.

use crate::calendar::Date;
use crate::model::fields::{Fields, Ref, choice};

use super::{Kind, Reference, Relation, refs};

choice! {
    /// How bad the incident was; sev1 is the worst.
    Severity { Sev1 = "sev1", Sev2 = "sev2", Sev3 = "sev3", Sev4 = "sev4", Sev5 = "sev5" }
}

choice! {
    /// What an action item does.
    ActionType { Prevent = "prevent", Mitigate = "mitigate", Detect = "detect", Process = "process", Other = "other" }
}

choice! {
    /// Where an action item stands.
    ActionStatus { Open = "open", InProgress = "in-progress", Done = "done", Wontfix = "wontfix" }
}

/// A follow-up of a post-mortem.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ActionItem {
    pub title: String,
    pub owner: Option<String>,
    #[serde(rename = "type")]
    pub action_type: ActionType,
    pub status: ActionStatus,
    pub due: Option<Date>,
    #[serde(rename = "ref")]
    pub reference: Option<Ref>,
    /// Where the item is written, for health warnings about it.
    #[serde(skip)]
    pub span: crate::diagnostics::Span,
}

impl ActionItem {
    /// Whether work on it is still owed.
    pub fn is_open(&self) -> bool {
        matches!(self.status, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// `content/postmortems/*.md`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Postmortem {
    pub date: Option<Date>,
    pub severity: Severity,
    pub duration: Option<String>,
    pub impact: Option<String>,
    pub trigger: Option<String>,
    pub root_causes: Vec<String>,
    pub detection: Option<String>,
    pub resolution: Option<String>,
    pub action_items: Vec<ActionItem>,
    pub went_well: Vec<String>,
    pub went_wrong: Vec<String>,
    pub got_lucky: Vec<String>,
    pub pillars: Vec<Ref>,
    pub related: Vec<Ref>,
}

impl Postmortem {
    pub(crate) fn read(f: &mut Fields<'_>) -> Postmortem {
        Postmortem {
            date: f.required_date("date").map(|a| a.value),
            severity: f.required_choice::<Severity>("severity").map_or(Severity::Sev3, |a| a.value),
            duration: f.string("duration").map(|a| a.value),
            impact: f.string("impact").map(|a| a.value),
            trigger: f.string("trigger").map(|a| a.value),
            root_causes: f.text_list("root_causes"),
            detection: f.string("detection").map(|a| a.value),
            resolution: f.string("resolution").map(|a| a.value),
            action_items: f
                .list_of("action_items", "an action item", read_action_item)
                .map(|a| a.value)
                .unwrap_or_default(),
            went_well: f.text_list("went_well"),
            went_wrong: f.text_list("went_wrong"),
            got_lucky: f.text_list("got_lucky"),
            pillars: f.refs("pillars"),
            related: f.refs("related"),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &[Kind::Pillar], &self.pillars)
            .chain(refs(Relation::Related, &[], &self.related))
            .chain(
                self.action_items
                    .iter()
                    .filter_map(|a| a.reference.as_ref())
                    .flat_map(|r| refs(Relation::ActionItemRef, &[], std::slice::from_ref(r))),
            )
    }
}

fn read_action_item(f: &mut Fields<'_>) -> Option<ActionItem> {
    let title = f.required_string("title", "\"Add an alert for …\"");
    Some(ActionItem {
        owner: f.string("owner").map(|a| a.value),
        action_type: f.choice::<ActionType>("type").map_or(ActionType::Other, |a| a.value),
        status: f.choice::<ActionStatus>("status").map_or(ActionStatus::Open, |a| a.value),
        due: f.date("due").map(|a| a.value),
        reference: f.single_ref("ref"),
        span: f.span(),
        title: title?.value,
    })
}
