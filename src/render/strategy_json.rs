//! `strategy.json`: the whole strategy for other tools, as compact JSON with a
//! `schema_version`. Every published document with its typed fields, the computed
//! objective and key-result scores, initiatives' roadmap lanes, health findings,
//! references both ways and the ladder to the North Star. Keys come out in struct
//! order, lists in document order: the same site gives the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Ctx;
use crate::model::history::{History, Period};
use crate::model::kinds::KeyResult;
use crate::model::score::Band;
use crate::model::{Date, DocId, Finding, Horizon, Kind, KindData, Relation};

/// The URL of the file.
pub(crate) const STRATEGY_JSON: &str = "strategy.json";

/// Raised when a key is renamed or removed or a value changes meaning; adding keys
/// keeps it.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct StrategyJson<'a, D: Serialize> {
    schema_version: u32,
    site: SiteJson<'a>,
    /// Findings about the strategy as a whole (too few pillars, no update this
    /// quarter); each document's own are on the document.
    findings: Vec<FindingJson<'a>>,
    documents: D,
    /// What git recorded: each quarter's changes, objectives' scores by quarter,
    /// initiatives' status timelines, when each document last changed. Absent outside
    /// git.
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<HistoryJson<'a>>,
}

/// The history of the published documents only: a draft's path or id is not told.
#[derive(Serialize)]
struct HistoryJson<'a> {
    quarters: &'a [Period],
    since: Option<&'a Period>,
    last_changed: BTreeMap<&'a str, Option<Date>>,
    scores: BTreeMap<&'a str, &'a [(crate::model::Quarter, Option<f64>)]>,
    timelines: BTreeMap<&'a str, &'a [(Option<Date>, String)]>,
}

/// What strategy.json says of the history, when there is one.
fn history<'a>(ctx: &Ctx<'a>, documents: &[DocId]) -> Option<HistoryJson<'a>> {
    let history: &'a History = ctx.history();
    if history.is_empty() {
        return None;
    }
    let mut json = HistoryJson {
        quarters: &history.quarters,
        since: history.since.as_ref(),
        last_changed: BTreeMap::new(),
        scores: BTreeMap::new(),
        timelines: BTreeMap::new(),
    };
    for &id in documents {
        let document = ctx.doc(id);
        if let Some(&day) = history.last_changed.get(&document.path) {
            json.last_changed.insert(&document.path, day);
        }
        if let Some(scores) =
            history.scores.get(&document.id).filter(|_| document.kind == Kind::Objective)
        {
            json.scores.insert(&document.id, scores);
        }
        if let Some(timeline) =
            history.timelines.get(&document.id).filter(|_| document.kind == Kind::Initiative)
        {
            json.timelines.insert(&document.id, timeline);
        }
    }
    Some(json)
}

/// A list made one entry at a time as it is written, so that the whole strategy's
/// documents are never held at once beside their JSON.
struct Streamed<F>(F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator<Item: Serialize>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    /// Where the site is published: an absolute URL, or a path when `base_url` is one.
    base_url: String,
    /// The day the strategy was read on: lanes, scores' quarters and findings depend on it.
    today: Date,
    quarter: String,
    /// The ids of the vision and the North Star metric, when there is one of each.
    vision: Option<&'a str>,
    north_star: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    id: &'a str,
    kind: Kind,
    /// The file under `content/`.
    path: &'a str,
    /// The page's URL path, under the base path.
    url: String,
    title: &'a str,
    status: Option<&'static str>,
    summary: Option<&'a str>,
    owners: &'a [String],
    tags: &'a [String],
    draft: bool,
    weight: Option<i64>,
    updated: Option<Date>,
    extra: &'a serde_json::Value,
    /// The kind's own fields, as the model read them.
    fields: &'a KindData,
    /// An objective's score and band and each key result's score, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<ScoreJson>,
    /// An initiative's place on the roadmap today: now, next, later, done, …
    #[serde(skip_serializing_if = "Option::is_none")]
    lane: Option<Horizon>,
    findings: Vec<FindingJson<'a>>,
    /// The ids the document references, by the field they are written in (`body` for
    /// links in the Markdown) …
    references: Edges<'a>,
    /// … and the ids of the documents that reference it, by the field of theirs.
    backlinks: Edges<'a>,
    /// Its rungs up to the North Star, nearest first, each a list of ids.
    ladder: Vec<Vec<&'a str>>,
}

#[derive(Serialize)]
struct ScoreJson {
    /// The mean of the key results' scores, 0..1; `null` without key results.
    objective: Option<f64>,
    band: Option<Band>,
    key_results: Vec<f64>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    message: &'a str,
    help: &'a str,
}

/// Ids by relation: one key per field rather than one object per edge keeps a large
/// strategy's file to half the size.
type Edges<'a> = BTreeMap<&'static str, Vec<&'a str>>;

/// The JSON of the strategy `ctx` reads, titled `title`, published at `base_url`.
/// Reads every document, so any edit renders it again.
pub(crate) fn strategy_json(ctx: &Ctx<'_>, title: &str, base_url: String) -> Vec<u8> {
    let id_of = |id: DocId| ctx.doc(id).id.as_str();
    let site = SiteJson {
        title,
        base_url,
        today: ctx.today(),
        quarter: ctx.current_quarter().to_string(),
        vision: ctx.vision().filter(|&id| ctx.is_published(id)).map(id_of),
        north_star: ctx.north_star().filter(|&id| ctx.is_published(id)).map(id_of),
    };
    let findings = ctx.all_findings().iter().filter(|f| f.subject.is_none()).map(finding);
    let documents = ctx.documents().map(|(id, _)| id).collect::<Vec<_>>();
    let json = StrategyJson {
        schema_version: SCHEMA_VERSION,
        site,
        findings: findings.collect(),
        documents: Streamed(|| documents.iter().map(|&id| document(ctx, id))),
        history: history(ctx, &documents),
    };
    inert_json(&json, BYTES_PER_DOCUMENT * documents.len())
}

/// `value` as compact JSON that stays inert in HTML (see [`Inert`]), into a buffer of
/// `capacity` bytes to start with.
pub(super) fn inert_json(value: &impl Serialize, capacity: usize) -> Vec<u8> {
    // Serialising plain structs of strings, numbers and maps into memory cannot fail;
    // should it ever, an empty object is still JSON.
    let mut bytes = Vec::with_capacity(capacity);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Inert);
    match value.serialize(&mut serializer) {
        Ok(()) => bytes,
        Err(_) => b"{}".to_vec(),
    }
}

/// About what a document takes in the file, to size the buffer once: a 10,000-document
/// strategy is 19 MB, and growing a buffer that far step by step costs more than
/// writing it.
const BYTES_PER_DOCUMENT: usize = 2048;

/// Compact JSON that stays inert when a tool pastes it into HTML or a script: `<`, `>`,
/// `&` and the JavaScript line separators in strings are written as `\u` escapes,
/// which read back as the same characters. Outside strings JSON has none of them.
struct Inert;

impl serde_json::ser::Formatter for Inert {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            let (clean, tail) = rest.split_at(at);
            writer.write_all(clean.as_bytes())?;
            let mut chars = tail.chars();
            let escaped = match chars.next() {
                Some('<') => "\\u003c",
                Some('>') => "\\u003e",
                Some('&') => "\\u0026",
                Some('\u{2028}') => "\\u2028",
                _ => "\\u2029",
            };
            writer.write_all(escaped.as_bytes())?;
            rest = chars.as_str();
        }
        writer.write_all(rest.as_bytes())
    }
}

fn document<'a>(ctx: &Ctx<'a>, id: DocId) -> DocumentJson<'a> {
    let document = ctx.doc(id);
    let published = |&(_, d): &(Relation, DocId)| ctx.is_published(d);
    let edges = |pairs: Vec<(Relation, DocId)>| -> Edges<'a> {
        let mut edges = Edges::new();
        for (relation, d) in pairs.into_iter().filter(published) {
            edges.entry(relation.field_name()).or_default().push(ctx.doc(d).id.as_str());
        }
        edges
    };
    let ladder = ctx
        .ladder(id)
        .iter()
        .map(|rung| {
            let ids = rung.iter().filter(|&&d| ctx.is_published(d));
            ids.map(|&d| ctx.doc(d).id.as_str()).collect::<Vec<_>>()
        })
        .filter(|rung| !rung.is_empty())
        .collect();
    DocumentJson {
        id: &document.id,
        kind: document.kind,
        path: &document.path,
        url: ctx.doc_url(id),
        title: &document.title,
        status: document.data.status(),
        summary: document.summary.as_deref(),
        owners: &document.owners,
        tags: &document.tags,
        draft: document.draft,
        weight: document.weight,
        updated: document.updated,
        extra: &document.extra,
        fields: &document.data,
        score: match &document.data {
            KindData::Objective(o) => Some(ScoreJson {
                objective: o.score(),
                band: o.score().map(Band::of),
                key_results: o.key_results.iter().map(KeyResult::score).collect(),
            }),
            _ => None,
        },
        lane: (document.kind == Kind::Initiative).then(|| ctx.horizon(id)).flatten(),
        findings: ctx.findings(id).into_iter().map(finding).collect(),
        references: edges(ctx.references_by_relation(id)),
        backlinks: edges(ctx.referrers_by_relation(id)),
        ladder,
    }
}

fn finding(finding: &Finding) -> FindingJson<'_> {
    FindingJson { code: finding.code.as_str(), message: &finding.message, help: &finding.help }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_json_reads_back_the_same() {
        let value = serde_json::json!({"a<b": "</script>&\u{2028}x\u{2029}", "n": [1, ">é"]});
        let mut bytes = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut bytes, Inert)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            r#"{"a\u003cb":"\u003c/script\u003e\u0026\u2028x\u2029","n":[1,"\u003eé"]}"#
        );
        assert!(!text.contains(['<', '>', '&', '\u{2028}']), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }
}
