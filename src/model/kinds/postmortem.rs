//! Post-mortems: what failed, why, and what we do about it, kept visible and blameless.

use crate::calendar::Date;
use crate::model::fields::{Field, Fields, Ref, Type, choice};

use super::common::{PILLARS, RELATED};
use super::{Reference, Relation, refs};

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

const DATE: Field =
    Field::new("date", Type::Date, "the day the incident happened", "2026-10-14").required();
const SEVERITY: Field = Field::new(
    "severity",
    Type::OneOf(Severity::NAMES),
    "how bad it was; sev1 is the worst",
    "sev2",
)
.required();
const DURATION: Field =
    Field::new("duration", Type::Text, "how long it lasted, as people say it", "\"47 minutes\"");
const IMPACT: Field =
    Field::new("impact", Type::Text, "who or what it hurt, and how much", "\"…\"");
const TRIGGER: Field = Field::new("trigger", Type::Text, "what set it off", "\"…\"");
const ROOT_CAUSES: Field =
    Field::new("root_causes", Type::TextList, "why it could happen", "[\"…\"]");
const DETECTION: Field = Field::new("detection", Type::Text, "how it was noticed", "\"…\"");
const RESOLUTION: Field = Field::new("resolution", Type::Text, "how it was ended", "\"…\"");
const WENT_WELL: Field = Field::new("went_well", Type::TextList, "what helped", "[\"…\"]");
const WENT_WRONG: Field = Field::new("went_wrong", Type::TextList, "what made it worse", "[\"…\"]");
const GOT_LUCKY: Field =
    Field::new("got_lucky", Type::TextList, "what saved us that we cannot count on", "[\"…\"]");

const ACTION_TITLE: Field =
    Field::new("title", Type::Text, "what will be done", "\"Add an alert for …\"").required();
const ACTION_OWNER: Field = Field::new("owner", Type::Text, "who does it", "\"A. Person\"");
const ACTION_TYPE: Field = Field::new(
    "type",
    Type::OneOf(ActionType::NAMES),
    "what it does about the failure; `other` when not written",
    "prevent",
);
const ACTION_STATUS: Field = Field::new(
    "status",
    Type::OneOf(ActionStatus::NAMES),
    "where it stands; `open` when not written",
    "open",
);
const ACTION_DUE: Field = Field::new(
    "due",
    Type::Date,
    "when it should be done; open past it is a health finding",
    "2026-12-01",
);
const ACTION_REF: Field =
    Field::new("ref", Type::Id(&[]), "the document that tracks the work", "initiative-id");
const ACTION_ITEMS: Field = Field::new(
    "action_items",
    Type::List {
        item: "action item",
        fields: &[ACTION_TITLE, ACTION_OWNER, ACTION_TYPE, ACTION_STATUS, ACTION_DUE, ACTION_REF],
        min: 0,
        max: usize::MAX,
    },
    "the follow-ups, each tracked until done",
    "[{title: \"Add an alert for …\", owner: \"A. Person\"}]",
);

/// The fields of a post-mortem.
pub(crate) const FIELDS: &[Field] = &[
    DATE,
    SEVERITY,
    DURATION,
    IMPACT,
    TRIGGER,
    ROOT_CAUSES,
    DETECTION,
    RESOLUTION,
    ACTION_ITEMS,
    WENT_WELL,
    WENT_WRONG,
    GOT_LUCKY,
    PILLARS,
    RELATED,
];

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
            date: f.date(&DATE).map(|a| a.value),
            severity: f.choice::<Severity>(&SEVERITY).map_or(Severity::Sev3, |a| a.value),
            duration: f.string(&DURATION).map(|a| a.value),
            impact: f.string(&IMPACT).map(|a| a.value),
            trigger: f.string(&TRIGGER).map(|a| a.value),
            root_causes: f.text_list(&ROOT_CAUSES),
            detection: f.string(&DETECTION).map(|a| a.value),
            resolution: f.string(&RESOLUTION).map(|a| a.value),
            action_items: f
                .list_of(&ACTION_ITEMS, read_action_item)
                .map(|(a, _)| a.value)
                .unwrap_or_default(),
            went_well: f.text_list(&WENT_WELL),
            went_wrong: f.text_list(&WENT_WRONG),
            got_lucky: f.text_list(&GOT_LUCKY),
            pillars: f.refs(&PILLARS),
            related: f.refs(&RELATED),
        }
    }

    pub(crate) fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        refs(Relation::Pillars, &PILLARS, &self.pillars)
            .chain(refs(Relation::Related, &RELATED, &self.related))
            .chain(
                self.action_items.iter().filter_map(|a| a.reference.as_ref()).flat_map(|r| {
                    refs(Relation::ActionItemRef, &ACTION_REF, std::slice::from_ref(r))
                }),
            )
    }
}

fn read_action_item(f: &mut Fields<'_>) -> Option<ActionItem> {
    let title = f.string(&ACTION_TITLE);
    Some(ActionItem {
        owner: f.string(&ACTION_OWNER).map(|a| a.value),
        action_type: f.choice::<ActionType>(&ACTION_TYPE).map_or(ActionType::Other, |a| a.value),
        status: f.choice::<ActionStatus>(&ACTION_STATUS).map_or(ActionStatus::Open, |a| a.value),
        due: f.date(&ACTION_DUE).map(|a| a.value),
        reference: f.single_ref(&ACTION_REF),
        span: f.span(),
        title: title?.value,
    })
}
