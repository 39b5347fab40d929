//! The fields every document may write, whatever its kind. A kind that asks more of
//! one of them (an initiative's `owner` is required) declares its own version in its
//! field list, built from the one here.

use crate::model::Kind;
use crate::model::fields::{Field, Required, Type};

/// Every kind's name, and the other names `kind:` accepts for some of them
/// ([`Kind::ALIASES`]; a test keeps the two together).
const KIND_NAMES: &[&str] = &[
    "vision",
    "principle",
    "metric",
    "pillar",
    "initiative",
    "objective",
    "okr",
    "okrs",
    "debt",
    "experiment",
    "postmortem",
    "post-mortem",
    "decision",
    "adr",
    "update",
    "stakeholder",
    "page",
];

pub(crate) const KIND: Field = Field {
    name: "kind",
    aliases: &[],
    ty: Type::OneOf(KIND_NAMES),
    required: Required::No,
    help: "what the document is; by default it comes from its first folder under `content/`",
    example: "initiative",
};

pub(crate) const ID: Field = Field {
    name: "id",
    aliases: &[],
    ty: Type::Text,
    required: Required::No,
    help: "how other documents refer to this one; by default the file name without `.md`",
    example: "faster-payouts",
};

pub(crate) const TITLE: Field = Field {
    name: "title",
    aliases: &[],
    ty: Type::Text,
    required: Required::UnlessHeading,
    help: "the name shown on the page, in lists and in links",
    example: "\"Instant payouts\"",
};

pub(crate) const SUMMARY: Field = Field {
    name: "summary",
    aliases: &[],
    ty: Type::Text,
    required: Required::No,
    help: "one sentence shown under the title and in lists",
    example: "\"…\"",
};

pub(crate) const OWNER: Field = Field {
    name: "owner",
    aliases: &["owners"],
    ty: Type::TextList,
    required: Required::No,
    help: "who answers for it: a name or a list of names, each with a page under `/owners/`",
    example: "\"A. Person\"",
};

pub(crate) const TAGS: Field = Field {
    name: "tags",
    aliases: &[],
    ty: Type::TextList,
    required: Required::No,
    help: "free labels, each with a page under `/tags/`",
    example: "[platform]",
};

pub(crate) const DRAFT: Field = Field {
    name: "draft",
    aliases: &[],
    ty: Type::Bool,
    required: Required::No,
    help: "left out of the site unless the build is run with `--drafts`",
    example: "true",
};

pub(crate) const WEIGHT: Field = Field {
    name: "weight",
    aliases: &[],
    ty: Type::Integer,
    required: Required::No,
    help: "orders documents of a kind in lists, lowest first",
    example: "10",
};

pub(crate) const UPDATED: Field = Field {
    name: "updated",
    aliases: &[],
    ty: Type::Date,
    required: Required::No,
    help: "when it was last reviewed; older than `stale_after_days` is a health finding",
    example: "2026-11-02",
};

pub(crate) const EXTRA: Field = Field {
    name: "extra",
    aliases: &[],
    ty: Type::Map,
    required: Required::No,
    help: "free fields for custom templates, not checked",
    example: "{}",
};

/// The fields any document may write, in the order the reference lists them.
pub const COMMON: &[Field] =
    &[TITLE, SUMMARY, OWNER, TAGS, DRAFT, WEIGHT, UPDATED, KIND, ID, EXTRA];

/// The pillars a document serves: written by most kinds, with the same meaning.
pub(crate) const PILLARS: Field =
    Field::new("pillars", Type::Ids(&[Kind::Pillar]), "the pillars it serves", "[pillar-id]");

/// The metric a document moves or is measured by.
pub(crate) const METRIC: Field =
    Field::new("metric", Type::Id(&[Kind::Metric]), "the metric it moves", "metric-id");

/// The quarter a document belongs to.
pub(crate) const QUARTER: Field =
    Field::new("quarter", Type::Quarter, "the quarter it is planned for", "2026-Q4");

/// Documents of any kind a document is about.
pub(crate) const RELATED: Field =
    Field::new("related", Type::Ids(&[]), "the documents it concerns", "[initiative-id]");
