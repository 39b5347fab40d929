//! Issue 11: `/strategy.json` is the whole strategy for other tools: it parses, carries
//! its schema version, and says what the model says — lanes, scores, backlinks,
//! ladders and findings — of the published documents only.

use serde_json::{Value, json};

use crate::harness::{build, scratch, write_site};

/// A small strategy with numbers to compute by hand: on 2026-11-25 (2026-Q4) a
/// planned initiative for 2027-Q1 is Next and an in-progress one is Now; the
/// objective's key results score 5/10 = 0.5 and (40 − 100) / (50 − 100) = 1.2, kept
/// at 1, so it scores 0.75, on track.
fn site(test: &str) -> std::path::PathBuf {
    write_site(
        test,
        &[
            (
                "site.toml",
                "title = \"Acme\"\nbase_url = \"https://example.com/s/\"\ntoday = \"2026-11-25\"\n",
            ),
            (
                "content/vision.md",
                "---\ntitle: Vision\nstatement: Teams ship with confidence.\n---\n",
            ),
            (
                "content/metrics/active-teams.md",
                "---\ntitle: Active teams\ndefinition: Teams that synced this week.\ntype: north-star\n---\n",
            ),
            (
                "content/pillars/reliability.md",
                "---\ntitle: Reliability\nsummary: Sync never loses work.\nmetrics: [active-teams]\n---\n",
            ),
            (
                "content/initiatives/faster-sync.md",
                "---\ntitle: Faster sync\npillars: [reliability]\nowner: Ana\nstatus: planned\nquarter: 2027-Q1\nsuccess_criteria: [fast]\n---\n",
            ),
            (
                "content/initiatives/offline.md",
                "---\ntitle: Offline <mode>\npillars: [reliability]\nowner: Bo\nstatus: in-progress\nquarter: 2026-Q4\nsuccess_criteria: [works]\n---\n",
            ),
            (
                "content/okrs/reliable-q4.md",
                "---\ntitle: Reliable sync\nquarter: 2026-Q4\npillars: [reliability]\ninitiatives: [offline]\nkey_results:\n  - {title: Teams on the new sync, baseline: 0, target: 10, current: 5}\n  - {title: Minutes to sync, baseline: 100, target: 50, current: 40}\n---\n",
            ),
            (
                "content/decisions/queue.md",
                "---\ntitle: Use a queue\nstatus: accepted\ndate: 2026-10-01\n---\n\nThis unblocks [[offline]].\n",
            ),
            (
                "content/updates/secret.md",
                "---\ntitle: Not yet\ndate: 2026-11-20\ndraft: true\nrelated: [offline]\n---\n",
            ),
        ],
    )
}

fn strategy(test: &str, extra: &[&str]) -> (String, Value) {
    let out = scratch("strategy-json", test).join("public");
    let run = build(&site(test), &out, extra);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(out.join("strategy.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    (text, value)
}

fn document<'a>(value: &'a Value, id: &str) -> &'a Value {
    let documents = value["documents"].as_array().unwrap();
    documents.iter().find(|d| d["id"] == id).unwrap_or_else(|| panic!("no `{id}`"))
}

#[test]
fn issue_11_strategy_json_round_trips_and_matches_the_model() {
    let (text, value) = strategy("model", &[]);
    // Compact, and the same value after a round trip through serde.
    assert!(!text.contains('\n'), "not compact");
    let again: Value = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
    assert_eq!(again, value);

    assert_eq!(value["schema_version"], 1);
    assert_eq!(
        value["site"],
        json!({
            "title": "Acme",
            "base_url": "https://example.com/s/",
            "today": "2026-11-25",
            "quarter": "2026-Q4",
            "vision": "vision",
            "north_star": "active-teams",
        })
    );
    // Every published document once, in path order; the draft is not among them.
    let ids: Vec<&str> =
        value["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["queue", "faster-sync", "offline", "active-teams", "reliable-q4", "reliability", "vision"]
    );

    let later = document(&value, "faster-sync");
    assert_eq!(later["kind"], "initiative");
    assert_eq!(later["path"], "initiatives/faster-sync.md");
    assert_eq!(later["url"], "/s/initiatives/faster-sync/");
    assert_eq!(later["status"], "planned");
    assert_eq!(later["lane"], "next");
    assert_eq!(later["fields"]["quarters"], json!({"start": "2027-Q1", "end": "2027-Q1"}));
    assert_eq!(later["ladder"], json!([["reliability"], ["active-teams"]]));
    assert_eq!(later["references"], json!({"pillars": ["reliability"]}));

    let now = document(&value, "offline");
    assert_eq!(now["title"], "Offline <mode>");
    assert_eq!(now["lane"], "now");
    // Referenced by the objective's `initiatives` and the decision's body; the draft
    // update that relates to it is not published, so it is not a backlink.
    assert_eq!(now["backlinks"], json!({"initiatives": ["reliable-q4"], "body": ["queue"]}));
    assert_eq!(document(&value, "queue")["references"], json!({"body": ["offline"]}));

    let objective = document(&value, "reliable-q4");
    assert_eq!(
        objective["score"],
        json!({"objective": 0.75, "band": "on-track", "key_results": [0.5, 1.0]})
    );
    assert_eq!(objective["fields"]["key_results"][1]["current"], 40.0);
    assert!(objective.get("lane").is_none() && later.get("score").is_none());

    // Health findings sit on the document they are about, or on the strategy.
    let metric = &document(&value, "active-teams")["findings"];
    assert_eq!(metric.as_array().unwrap().len(), 1, "{metric}");
    assert_eq!(metric[0]["code"], "metric-without-history");
    assert!(metric[0]["message"].as_str().unwrap().contains("active-teams"), "{metric}");
    assert_eq!(document(&value, "reliability")["findings"], json!([]));
    let wide: Vec<&str> =
        value["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(wide, ["pillar-count"], "one pillar is too few");
}

#[test]
fn issue_11_strategy_json_is_inert_in_html_and_has_drafts_only_with_drafts() {
    let (text, _) = strategy("inert", &[]);
    assert!(text.contains(r#""title":"Offline \u003cmode\u003e""#), "{text}");
    assert!(!text.contains("secret"), "a draft leaked");
    let (_, value) = strategy("drafts", &["--drafts"]);
    let draft = document(&value, "secret");
    assert_eq!(draft["draft"], true);
    assert_eq!(draft["references"], json!({"related": ["offline"]}));
    assert_eq!(document(&value, "offline")["backlinks"]["related"], json!(["secret"]));
}

#[test]
fn issue_11_strategy_json_of_every_kind() {
    let out = scratch("strategy-json", "every-kind").join("public");
    let run = build(&crate::harness::fixture("every-kind"), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(out.join("strategy.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    // Pretty and with sorted keys, to review; the file itself is compact.
    insta::assert_snapshot!(serde_json::to_string_pretty(&value).unwrap());
}
