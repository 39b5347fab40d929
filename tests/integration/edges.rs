//! Values validated at the edge (issue 7, item 6): `base_url`, extreme numbers, empty
//! required lists, and site.toml that is not a regular file.

use crate::harness::{build, check, write_site};

const PILLAR: &str = "---\ntitle: Reliability\nsummary: Sync that never loses work.\n---\n";

fn initiative(front: &str) -> String {
    format!(
        "---\ntitle: Faster sync\nowner: Ana\nstatus: in-progress\nquarter: 2026-Q4\n{front}---\n"
    )
}

#[test]
fn issue_7_empty_required_lists_point_at_the_brackets() {
    let site = write_site(
        "empty-lists",
        &[
            ("site.toml", "today = \"2026-11-25\"\n"),
            ("content/pillars/reliability.md", PILLAR),
            (
                "content/initiatives/faster-sync.md",
                &initiative("pillars: []\nsuccess_criteria: []\n"),
            ),
            ("content/okrs/sync.md", "---\ntitle: Sync\nquarter: 2026-Q4\nkey_results: []\n---\n"),
        ],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for at in [
        "content/initiatives/faster-sync.md:6:10",
        "content/initiatives/faster-sync.md:7:19",
        "content/okrs/sync.md:4:14",
    ] {
        assert!(run.stdout.contains(&format!("--> {at}\n")), "{at} not in:\n{}", run.stdout);
    }
}

/// A metric and an objective whose numbers are `low` and `high`.
fn extreme_site(test: &str, low: &str, high: &str) -> std::path::PathBuf {
    let metric = format!(
        "---\ntitle: Load\ndefinition: Requests served.\ntype: north-star\nbaseline: {low}\ntarget: {high}\nhistory:\n  - {{at: 2026-Q1, value: {low}}}\n  - {{at: 2026-Q2, value: {high}}}\n  - {{at: 2026-Q3, value: {low}}}\n---\n"
    );
    let objective = format!(
        "---\ntitle: Serve more\nquarter: 2026-Q4\nkey_results:\n  - title: More load\n    baseline: {low}\n    target: {high}\n    current: {low}\n---\n"
    );
    let debt = format!("---\ntitle: Old queue\nrisk: high\nimpact: high\neffort: {high}\n---\n");
    write_site(
        test,
        &[
            ("site.toml", "today = \"2026-11-25\"\n"),
            ("content/metrics/load.md", &metric),
            ("content/okrs/serve-more.md", &objective),
            ("content/debt/old-queue.md", &debt),
        ],
    )
}

#[test]
fn issue_7_numbers_beyond_1e15_are_out_of_range_at_the_value() {
    let site = extreme_site("extreme-numbers", "-1.7e308", "1.7e308");
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("error[out-of-range]: `baseline` is too large: -1.7e308 is beyond ±1e15"),
        "{}",
        run.stdout
    );
    for at in [
        "content/debt/old-queue.md:5:9",
        "content/metrics/load.md:5:11",
        "content/metrics/load.md:6:9",
        "content/metrics/load.md:8:26",
        "content/okrs/serve-more.md:6:15",
        "content/okrs/serve-more.md:7:13",
        "content/okrs/serve-more.md:8:14",
    ] {
        assert!(run.stdout.contains(&format!("--> {at}\n")), "{at} not in:\n{}", run.stdout);
    }
}

#[test]
fn issue_7_the_largest_numbers_allowed_render_as_numbers() {
    let site = extreme_site("largest-numbers", "-1e15", "1e15");
    let out = site.join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for bad in ["NaN", "inf"] {
                assert!(!text.contains(bad), "{} contains {bad}", entry.path().display());
            }
            pages += 1;
        }
    }
    assert!(pages > 3);
    let metric = std::fs::read_to_string(out.join("metrics/load/index.html")).unwrap();
    assert!(metric.contains("1,000,000,000,000,000"), "{metric}");
}

#[test]
fn issue_7_a_base_url_with_a_line_break_is_refused_at_its_position() {
    let site = write_site(
        "base-url-newline",
        &[
            (
                "site.toml",
                "title = \"Acme\"\nbase_url = \"https://example.com/\\nDisallow: /\\nSitemap: https://evil.example/s.xml\"\n",
            ),
            ("content/pillars/reliability.md", PILLAR),
        ],
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[config-invalid]: `base_url` may not contain a line break\n --> site.toml:2:12\n"
        ),
        "{}",
        run.stdout
    );
    let out = site.join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!out.exists());
}

#[test]
fn issue_7_base_url_with_a_query_or_fragment_is_refused() {
    for (value, why) in [
        ("https://example.com/s/?utm=1", "may not have a query string"),
        ("/s/#top", "may not have a fragment"),
        ("javascript:alert(1)", "must be an http or https URL or a path"),
    ] {
        let site = write_site(
            "base-url-query",
            &[
                ("site.toml", &format!("base_url = \"{value}\"\n")),
                ("content/pillars/reliability.md", PILLAR),
            ],
        );
        let run = check(&site, &[]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(run.stdout.contains(why), "{value}: {}", run.stdout);
        assert!(run.stdout.contains("--> site.toml:1:12\n"), "{value}: {}", run.stdout);
    }
}

#[test]
fn issue_7_base_url_on_the_command_line_is_validated_too() {
    let site = write_site("base-url-flag", &[("content/pillars/reliability.md", PILLAR)]);
    let run = crate::harness::northstar(&[
        "build",
        "--root",
        &site.to_string_lossy(),
        "--base-url",
        "https://example.com/\nDisallow: /",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`base_url` may not contain a line break"), "{}", run.stderr);
    assert!(!site.join("public").exists());
}

#[test]
fn issue_7_robots_and_sitemap_carry_the_normalised_origin() {
    let site = write_site(
        "base-url-sitemap",
        &[
            ("site.toml", "base_url = \"HTTPS://Example.COM/our strategy\"\n"),
            ("content/pillars/reliability.md", PILLAR),
        ],
    );
    // A space is refused: it would have to be percent-encoded.
    assert_eq!(check(&site, &[]).code, 1);
    std::fs::write(site.join("site.toml"), "base_url = \"HTTPS://Example.COM/our%20strategy\"\n")
        .unwrap();
    let out = site.join("public");
    let run = build(&site, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\nSitemap: https://example.com/our%20strategy/sitemap.xml\n"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"/our%20strategy/pillars/reliability/\""), "{home}");
}

#[test]
fn issue_7_a_site_toml_that_is_a_fifo_is_refused_without_blocking() {
    let site = write_site("site-toml-fifo", &[("content/pillars/reliability.md", PILLAR)]);
    let made = std::process::Command::new("mkfifo").arg(site.join("site.toml")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    // Nobody ever writes to the FIFO: reading it would block forever.
    let run = check(&site, &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "site.toml is not a regular file; northstar reads site.toml only from a plain file"
        ),
        "{}",
        run.stderr
    );
}
