//! The route table and incremental rendering: every URL of the example site, and a
//! re-render of only the pages an edit affects giving the same bytes as a full render.

use std::collections::BTreeSet;
use std::path::Path;

use northstar::model::Date;
use northstar::pipeline::{self, Checked, Options};
use northstar::render::{Rendered, Route};

use crate::harness::{Lcg, example_copy, repository};

fn options() -> Options {
    Options { today: Date::parse("2026-11-25").ok(), ..Options::default() }
}

fn checked(site: &Path, options: &Options) -> Checked {
    let checked = pipeline::check(site, options).unwrap();
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == northstar::diagnostics::Severity::Error)
        .map(|d| format!("{}: {}", checked.sources.file(d.span.file).path.display(), d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked
}

#[test]
fn the_example_site_has_exactly_these_urls() {
    let checked = checked(&repository(), &options());
    let urls: Vec<&str> = checked.routes.routes.keys().map(|u| u.as_str()).collect();
    assert_eq!(
        urls,
        [
            "",
            "404.html",
            "about/",
            "debt/",
            "debt/duplicated-company-forms/",
            "debt/hardcoded-vat-rules/",
            "debt/legacy-pdf-renderer/",
            "debt/manual-exchange-rates/",
            "debt/sync-queue-single-node/",
            "decisions/",
            "decisions/0000-invoices-as-pdf-email/",
            "decisions/0001-driver-app-as-pwa/",
            "decisions/0002-redis-for-sync-queue/",
            "decisions/0003-sync-queue-on-postgres/",
            "decisions/0004-replace-pdf-renderer/",
            "decisions/0005-per-invoice-pricing/",
            "experiments/",
            "experiments/delivery-checklist-prompt/",
            "experiments/one-tap-invoice-approval/",
            "experiments/sample-load-in-trial/",
            "experiments/whatsapp-proof-links/",
            "health/",
            "initiatives/",
            "initiatives/auto-invoice-on-pod/",
            "initiatives/card-signup/",
            "initiatives/delivery-note-ocr/",
            "initiatives/early-payment/",
            "initiatives/guided-onboarding/",
            "initiatives/load-board/",
            "initiatives/native-tablet-app/",
            "initiatives/offline-driver-app/",
            "initiatives/spreadsheet-import/",
            "initiatives/structured-pod-data/",
            "initiatives/telematics-arrival/",
            "map/",
            "metrics/",
            "metrics/activation-rate/",
            "metrics/epod-capture-rate/",
            "metrics/loads-invoiced-within-24h/",
            "metrics/net-revenue-retention/",
            "metrics/time-to-invoice/",
            "okrs/",
            "okrs/2026-q3-self-serve-signup/",
            "okrs/2026-q3/",
            "okrs/2026-q4-dependable-platform/",
            "okrs/2026-q4-every-delivery-digital/",
            "okrs/2026-q4-fleets-live-in-a-week/",
            "okrs/2026-q4-invoice-within-a-day/",
            "okrs/2026-q4/",
            "okrs/2027-q1-paid-the-day-they-deliver/",
            "okrs/2027-q1/",
            "owners/",
            "owners/amara-okafor/",
            "owners/david-okonkwo/",
            "owners/elena-marsh/",
            "owners/hannah-cole/",
            "owners/ines-duarte/",
            "owners/jonas-berg/",
            "owners/lukas-meyer/",
            "owners/marco-bellini/",
            "owners/priya-raman/",
            "owners/ruth-adeyemi/",
            "owners/sofia-lind/",
            "owners/tomas-novak/",
            "pillars/",
            "pillars/invoice-in-a-day/",
            "pillars/paperless-delivery/",
            "pillars/self-serve-growth/",
            "postmortems/",
            "postmortems/2026-09-driver-sync-outage/",
            "postmortems/2026-10-duplicate-invoices/",
            "principles/",
            "principles/designed-for-the-cab/",
            "principles/money-must-be-right/",
            "principles/proven-over-novel/",
            "principles/self-serve-by-default/",
            "roadmap/",
            "robots.txt",
            "search-index.json",
            "search.js",
            "stakeholders/",
            "stakeholders/customer-success/",
            "stakeholders/finance-and-board/",
            "stakeholders/fleet-owners/",
            "strategy.json",
            "style.css",
            "tags/",
            "tags/architecture/",
            "tags/billing/",
            "tags/customers/",
            "tags/data/",
            "tags/driver-app/",
            "tags/engineering/",
            "tags/finance/",
            "tags/growth/",
            "tags/integrations/",
            "tags/internal/",
            "tags/marketplace/",
            "tags/monthly/",
            "tags/north-star/",
            "tags/onboarding/",
            "tags/payments/",
            "tags/pricing/",
            "tags/reliability/",
            "tags/review/",
            "tags/security/",
            "tags/strategy/",
            "tags/subcontractors/",
            "updates/",
            "updates/2026-10-monthly-update/",
            "updates/2026-q3-review/",
            "vision/",
        ]
    );
    let route = |url: &str| checked.routes.routes.iter().find(|(u, _)| u.as_str() == url);
    assert!(matches!(route("roadmap/"), Some((_, Route::Roadmap))));
    assert!(matches!(route("strategy.json"), Some((_, Route::StrategyJson))));
    assert!(matches!(route("debt/"), Some((_, Route::Debt))));
    assert!(matches!(route("owners/"), Some((_, Route::Terms(_)))));
    assert!(matches!(route("tags/billing/"), Some((_, Route::Term(_, s))) if s == "billing"));
    assert!(matches!(route("style.css"), Some((_, Route::Static(p))) if p == "style.css"));
    assert!(matches!(route("search-index.json"), Some((_, Route::SearchIndex))));
    assert!(matches!(route("vision/"), Some((_, Route::Document(_)))));
    assert!(route("sitemap.xml").is_none() && route("pages/").is_none());
    assert!(route("feed.xml").is_none(), "no feed without an absolute base URL");
    assert!(checked.routes.clashes.is_empty() && checked.routes.static_collisions.is_empty());
}

#[test]
fn an_absolute_base_url_adds_the_sitemap_and_feed_routes() {
    let options = Options {
        base_url: northstar::config::BaseUrl::parse("https://example.org/strategy/").ok(),
        ..options()
    };
    let checked = checked(&repository(), &options);
    assert!(checked.routes.routes.keys().any(|u| u.as_str() == "sitemap.xml"));
    let feed = checked.routes.routes.iter().find(|(u, _)| u.as_str() == "feed.xml");
    assert!(matches!(feed, Some((_, Route::Feed))), "{feed:?}");
}

/// The documents under `content/<folder>/`, as paths under `content/`.
fn documents(site: &Path, folder: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(site.join("content").join(folder))
        .unwrap()
        .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    found.sort();
    found
}

/// Replaces the first line of front matter starting with `key:` by `key: value`, or
/// adds it after the title. Returns false when the file has no such line and `add` is
/// false.
fn set_field(text: &str, key: &str, value: &str, add: bool) -> Option<String> {
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let end = lines.iter().skip(1).position(|l| l == "---")? + 1;
    match lines[..end].iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => lines[i] = format!("{key}: {value}"),
        None if add => lines.insert(2, format!("{key}: {value}")),
        None => return None,
    }
    Some(lines.join("\n") + "\n")
}

/// Applies one edit to the site and returns the paths under `content/` it changed.
fn edit(site: &Path, rng: &mut Lcg, step: usize, added: &mut Vec<String>) -> BTreeSet<String> {
    let content = site.join("content");
    let read = |path: &str| std::fs::read_to_string(content.join(path)).unwrap();
    let write = |path: &str, text: &str| std::fs::write(content.join(path), text).unwrap();
    let folder = *rng.pick(&["initiatives", "okrs", "pillars", "metrics", "debt", "decisions"]);
    let path = rng.pick(&documents(site, folder)).clone();
    let text = read(&path);
    let changed = match rng.below(9) {
        0 => set_field(&text, "title", &format!("\"Edited title {step}\""), true),
        1 => set_field(&text, "summary", &format!("\"A new summary, take {step}\""), true),
        2 if text.contains("success_criteria:") && folder == "initiatives" => {
            let status = *rng.pick(&["proposed", "planned", "in-progress", "done"]);
            set_field(&text, "status", status, false)
        }
        3 if folder == "initiatives" => {
            let quarter = *rng.pick(&["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q3"]);
            set_field(&text, "quarter", quarter, false)
        }
        4 if text.contains("    current: ") => {
            let (before, after) = text.split_once("    current: ").unwrap();
            let (_, rest) = after.split_once('\n').unwrap();
            Some(format!("{before}    current: {}\n{rest}", step % 7))
        }
        5 => {
            let target = rng.pick(&documents(site, "pillars")).clone();
            let id = target.trim_start_matches("pillars/").trim_end_matches(".md");
            Some(format!("{text}\nEdit {step} links to [[{id}]].\n"))
        }
        6 => {
            let pillar = rng.pick(&documents(site, "pillars")).clone();
            let pillar = pillar.trim_start_matches("pillars/").trim_end_matches(".md");
            let new = format!("initiatives/added-{step}.md");
            write(
                &new,
                &format!(
                    "---\ntitle: Added initiative {step}\nowner: Test\npillars: [{pillar}]\nstatus: planned\nquarter: 2027-Q1\nsuccess_criteria: [\"It works\"]\n---\n\nAdded.\n"
                ),
            );
            added.push(new.clone());
            return BTreeSet::from([new]);
        }
        7 if !added.is_empty() => {
            let gone = added.remove(rng.below(added.len()));
            std::fs::remove_file(content.join(&gone)).unwrap();
            return BTreeSet::from([gone]);
        }
        8 => {
            let new = format!("notes/added-{step}.md");
            std::fs::create_dir_all(content.join("notes")).unwrap();
            write(&new, &format!("# Note {step}\n\nA plain page.\n"));
            added.push(new.clone());
            return BTreeSet::from([new]);
        }
        _ => None,
    };
    let changed = changed.unwrap_or_else(|| format!("{text}\nBody text of edit {step}.\n"));
    write(&path, &changed);
    BTreeSet::from([path])
}

#[test]
fn incremental_renders_equal_full_renders_after_random_edits() {
    let site = example_copy("routes", "incremental");
    let options = options();
    let mut rng = Lcg(8);
    let mut added = Vec::new();
    let mut previous = checked(&site, &options);
    let mut rendered: Rendered = previous.renderer().unwrap().render_all().unwrap();
    let (mut rerendered, mut total) = (0, 0);
    for step in 0..60 {
        let edited = edit(&site, &mut rng, step, &mut added);
        let next = checked(&site, &options);
        let (old, new) = (previous.renderer().unwrap(), next.renderer().unwrap());
        let snapshot = old.snapshot();
        let affected = new.affected(&snapshot, &rendered, &edited);
        rerendered += affected.len();
        total += new.routes().len();
        let incremental = new.update(&snapshot, rendered, &edited).unwrap();
        let full = new.render_all().unwrap();
        for (url, page) in &full.pages {
            let kept = incremental.pages.get(url).map(|p| &p.bytes);
            assert!(
                kept == Some(&page.bytes),
                "step {step}: /{url} differs after editing {edited:?} (re-rendered: {})",
                affected.contains(url)
            );
        }
        assert_eq!(incremental, full, "step {step}: edited {edited:?}");
        rendered = incremental;
        drop((old, new));
        previous = next;
    }
    // Most edits touch a few pages: far fewer pages are rendered than a full render
    // of every step would render.
    assert!(rerendered * 2 < total, "{rerendered} of {total} pages rendered again");
}
