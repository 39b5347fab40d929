//! The strategy views of issue 10, built from the example strategy and from fixtures:
//! what each page lists, and that every link on it leads to a page of the site.

use std::collections::BTreeMap;

use crate::harness::{build, files, repository, scratch, text_of, write_site};

fn built(name: &str, site: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let out = scratch("views", name).join("public");
    let run = build(site, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    files(&out)
}

fn text(pages: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(pages.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

/// Every `href="/…"` of `html`, without its fragment.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|url| url.split('#').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn issue_10_the_map_draws_each_pillar_and_its_current_work_as_links() {
    let pages = built("map", &repository());
    let map = text(&pages, "map/index.html");
    let svg =
        map.split("<svg class=\"strategy-map\"").nth(1).unwrap().split("</svg>").next().unwrap();
    // The North Star, three pillars, and their current work: three initiatives in
    // progress and this quarter's objectives (one of them under two pillars).
    for title in [
        "Loads invoiced within 24 hours",
        "Paperless delivery",
        "Invoice in a day",
        "Self-serve growth",
        "Offline-first driver app",
        "Automatic invoice on proof of delivery",
        "Guided onboarding",
        "New fleets are live within their first week",
    ] {
        assert!(svg.contains(&format!("<title>{title} (")), "{title}");
    }
    assert_eq!(svg.matches("<a href=").count(), 1 + 3 + 8, "{svg}");
    assert_eq!(svg.matches("class=\"map-node tone-red\"").count(), 1, "one objective off track");
    // Done, later and next work stays off the map.
    assert!(!svg.contains("Sign up and pay without a sales call"));
    assert!(!svg.contains("Spreadsheet and TMS import"));
    for url in links(&map) {
        let file =
            if url.is_empty() || url.ends_with('/') { format!("{url}index.html") } else { url };
        assert!(pages.contains_key(&file), "/{file} is linked from the map but not built");
    }
}

#[test]
fn issue_10_the_map_url_is_reserved_and_needs_a_pillar() {
    let site = write_site(
        "map-reserved",
        &[
            ("site.toml", "title = \"T\"\ntoday = \"2026-11-25\"\n"),
            ("content/map.md", "# My map\n\nA page where the map goes.\n"),
        ],
    );
    let run = crate::harness::check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[url-collision]"), "{}", run.stdout);
    std::fs::remove_file(site.join("content/map.md")).unwrap();
    std::fs::write(site.join("content/about.md"), "# About\n").unwrap();
    let pages = built("map-without-pillars", &site);
    assert!(!pages.contains_key("map/index.html"));
}

#[test]
fn issue_10_postmortems_list_every_open_action_item_soonest_due_first() {
    let pages = built("postmortems", &repository());
    let html = text(&pages, "postmortems/index.html");
    let open = html.split("id=\"pm-open\"").nth(1).unwrap();
    let titles: Vec<String> = open
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|cell| text_of(cell.split("</th>").next().unwrap()))
        .collect();
    assert_eq!(
        titles,
        [
            "Rehearse restoring the sync queue from a backup",
            "Nightly reconciliation of sent invoices against accepted proofs, with an alert",
            "Move the sync queue to the replicated Postgres cluster",
            "Money-moving jobs need a billing reviewer and a dry-run mode before release",
            "Keep proofs on the phone until the server confirms them",
        ]
    );
    assert!(open.contains("5, 1 overdue"), "{open}");
    assert_eq!(open.matches("class=\"is-overdue\"").count(), 1);
    // The log: newest first, with open and overdue counts.
    let log = html.split("id=\"pm-log\"").nth(1).unwrap().split("id=\"pm-open\"").next().unwrap();
    let first = log.find("Duplicate invoices during the auto-invoicing pilot").unwrap();
    let second = log.find("Driver app sync outage on 14 September 2026").unwrap();
    assert!(first < second);
    assert!(log.contains("1 overdue"), "{log}");
}

#[test]
fn issue_10_decisions_show_numbers_dates_and_supersedes_chains() {
    let pages = built("decisions", &repository());
    let html = text(&pages, "decisions/index.html");
    let groups: Vec<&str> = html.split("<h2 id=\"decisions-").skip(1).collect();
    let titles: Vec<String> = groups
        .iter()
        .map(|g| text_of(g.split_once('>').unwrap().1.split("</h2>").next().unwrap()))
        .collect();
    assert_eq!(titles, ["Proposed 1", "Accepted 2", "Superseded 1", "Deprecated 1", "Rejected 1"]);
    let accepted = groups[1];
    assert!(accepted.contains("<td class=\"num\">0003</td>"), "{accepted}");
    assert!(accepted.contains("href=\"/decisions/0002-redis-for-sync-queue/\""), "{accepted}");
    let superseded = groups[2];
    assert!(
        text_of(superseded).contains("superseded by Move the driver sync queue to Postgres"),
        "{superseded}"
    );
    assert!(groups[3].contains("<td class=\"num\">0000</td>"), "{}", groups[3]);
    assert!(groups[4].contains("Charge per invoice instead of per truck"));
}

#[test]
fn issue_10_stakeholders_sit_in_their_influence_and_interest_cell() {
    let pages = built("stakeholders", &repository());
    let html = text(&pages, "stakeholders/index.html");
    let grid = html.split("class=\"grid-table\"").nth(1).unwrap().split("</table>").next().unwrap();
    let rows: Vec<&str> = grid.split("<tr><th scope=\"row\">").skip(1).collect();
    let cells = |row: &str| -> Vec<String> {
        row.split("<td>").skip(1).map(|c| text_of(c.split("</td>").next().unwrap())).collect()
    };
    assert_eq!(
        cells(rows[0]),
        [
            "Keep satisfied",
            "Manage closely Finance and the board",
            "Manage closely Fleet owners and office managers"
        ]
    );
    assert_eq!(
        cells(rows[1]),
        ["Keep satisfied", "Keep involved", "Keep involved Customer success and support"]
    );
    assert_eq!(cells(rows[2]), ["Monitor", "Keep informed", "Keep informed"]);
}

#[test]
fn issue_10_experiments_show_hypothesis_and_result_by_status() {
    let pages = built("experiments", &repository());
    let html = text(&pages, "experiments/index.html");
    let order: Vec<usize> = ["Running", "Planned", "Concluded", "Abandoned"]
        .iter()
        .map(|s| {
            html.find(&format!("\">{s} <span class=\"count\">")).unwrap_or_else(|| panic!("{s}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let abandoned = html.get(order[3]..).unwrap();
    assert!(abandoned.contains("Proof-of-delivery links for subcontracted drivers"));
    assert!(abandoned.contains("<strong>Result:</strong> Abandoned after ten days."));
    assert!(html.contains("<strong>Hypothesis:</strong> If every new trial starts"));
}
