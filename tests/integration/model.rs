//! The pipeline as a library: what the model makes of valid sites.

use northstar::model::{Horizon, KindData, Relation, Strategy};
use northstar::pipeline::{self, Options};

use crate::harness::fixture;

fn strategy(name: &str) -> Strategy {
    let checked = pipeline::check(&fixture(name), &Options::default()).unwrap();
    assert!(checked.diagnostics.is_empty(), "{name}: {:#?}", checked.diagnostics);
    checked.strategy
}

#[test]
fn bom_crlf_emoji_and_plain_pages_are_accepted() {
    let s = strategy("encodings");
    assert_eq!(s.get("ship-it").unwrap().title, "Ship it 🚀 — faster");
    assert_eq!(s.get("planning-rhythm").unwrap().title, "Our planning rhythm");
    assert_eq!(s.get("planning-rhythm").unwrap().kind, northstar::model::Kind::Page);
    let crlf = s.get("offline-mode").unwrap();
    assert!(crlf.scanned.headings.iter().any(|h| h.anchor == "rollout-plan"));
    let KindData::Metric(m) = &s.get("sync-latency").unwrap().data else { panic!("not a metric") };
    assert!(!m.definition.is_empty());
}

#[test]
fn today_comes_from_site_toml() {
    let s = strategy("minimal");
    assert_eq!(s.today.to_string(), "2026-11-25");
    assert_eq!(s.current_quarter().to_string(), "2026-Q4");
}

#[test]
fn initiatives_ladder_to_their_pillars_then_the_north_star() {
    let s = strategy("every-kind");
    let id = s.graph.lookup("faster-sync").unwrap();
    let ladder: Vec<Vec<&str>> = s.graph.ladders[id.0]
        .iter()
        .map(|rung| rung.iter().map(|d| s.documents[d.0].id.as_str()).collect())
        .collect();
    assert_eq!(ladder, [vec!["reliability"], vec!["weekly-active-teams"]]);
}

#[test]
fn objectives_ladder_through_pillars() {
    let s = strategy("every-kind");
    let id = s.graph.lookup("reliable-sync-q4").unwrap();
    let rungs = &s.graph.ladders[id.0];
    assert_eq!(rungs.len(), 2);
    assert_eq!(s.documents[rungs[1][0].0].id, "weekly-active-teams");
}

#[test]
fn backlinks_name_who_references_a_document() {
    let s = strategy("every-kind");
    let pillar = s.graph.lookup("reliability").unwrap();
    let from: Vec<(&str, &str)> = s.graph.backlinks[pillar.0]
        .iter()
        .map(|&e| {
            let edge = &s.graph.edges[e];
            (s.documents[edge.from.0].id.as_str(), edge.relation.field_name())
        })
        .collect();
    assert!(from.contains(&("faster-sync", "pillars")), "{from:?}");
}

#[test]
fn issue_8_relations_are_queried_by_type() {
    let s = strategy("every-kind");
    let id = |name: &str| s.graph.lookup(name).unwrap();
    let names = |found: &mut dyn Iterator<Item = northstar::model::DocId>| -> Vec<&str> {
        found.map(|d| s.documents[d.0].id.as_str()).collect()
    };
    assert_eq!(
        names(&mut s.graph.targets(id("offline-mode"), Relation::DependsOn)),
        ["faster-sync"]
    );
    assert_eq!(
        names(&mut s.graph.sources(id("faster-sync"), Relation::DependsOn)),
        ["offline-mode", "team-invites"]
    );
    assert_eq!(names(&mut s.graph.targets(id("faster-sync"), Relation::Pillars)), ["reliability"]);
    assert_eq!(
        names(&mut s.graph.targets(id("faster-sync"), Relation::Objectives)),
        ["reliable-sync-q4"]
    );
    // The body links to the pillar twice; a body link is not a `pillars` reference.
    assert_eq!(
        names(&mut s.graph.targets(id("faster-sync"), Relation::Body)),
        ["sync-outage-2026-10", "use-event-queue", "reliability", "reliability"]
    );
    assert!(s.graph.sources(id("offline-mode"), Relation::Pillars).next().is_none());
    assert_eq!(
        names(&mut s.graph.targets(id("use-event-queue"), Relation::Supersedes)),
        ["poll-every-minute"]
    );
    assert_eq!(
        names(&mut s.graph.sources(id("use-event-queue"), Relation::SupersededBy)),
        ["poll-every-minute"]
    );
}

#[test]
fn horizons_follow_status_and_quarter() {
    let s = strategy("every-kind");
    let horizon = |id: &str| s.horizon(s.get(id).unwrap());
    assert_eq!(horizon("faster-sync"), Some(Horizon::Now));
    assert_eq!(horizon("reliability"), None);
}

#[test]
fn objective_scores_are_the_mean_of_key_results() {
    let s = strategy("every-kind");
    let KindData::Objective(o) = &s.get("reliable-sync-q4").unwrap().data else {
        panic!("not an objective")
    };
    let mean = o.key_results.iter().map(|k| k.score()).sum::<f64>() / o.key_results.len() as f64;
    assert_eq!(o.score(), Some(mean));
}

#[test]
fn output_is_deterministic() {
    let render = || {
        let checked = pipeline::check(&fixture("every-kind"), &Options::default()).unwrap();
        serde_json::to_string(&checked.strategy.documents).unwrap()
    };
    assert_eq!(render(), render());
}
