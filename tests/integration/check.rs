//! `northstar check` end to end: exit codes, formats, and the sites that must pass.

use crate::harness::{self, check, fixture, northstar, northstar_in, write_site};

#[test]
fn valid_fixtures_pass_with_deny_warnings() {
    for name in ["minimal", "every-kind", "encodings"] {
        let run = check(&fixture(name), &["--deny-warnings"]);
        assert_eq!(run.code, 0, "{name}:\n{}", run.stdout);
        assert!(run.stdout.ends_with("no problems\n"), "{name}:\n{}", run.stdout);
    }
}

#[test]
fn example_strategy_keeps_exactly_the_warnings_the_readme_lists() {
    let run = check(&harness::repository(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut found: Vec<(String, String)> = run
        .stdout
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(d["severity"], "warning", "{l}");
            (d["code"].as_str().unwrap().to_string(), d["file"].as_str().unwrap().to_string())
        })
        .collect();
    found.sort();
    let readme = std::fs::read_to_string(harness::repository().join("README.md")).unwrap();
    let section = readme.split("### Warnings the example keeps on purpose").nth(1).unwrap();
    let section = section.split("\n#").next().unwrap();
    let mut listed: Vec<(String, String)> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| {
            let (code, rest) = l.split_once("` in `")?;
            Some((code.to_string(), rest.split('`').next()?.to_string()))
        })
        .collect();
    listed.sort();
    assert!(!listed.is_empty());
    assert_eq!(found, listed);
}

#[test]
fn misspelled_pillar_points_at_the_id_and_suggests_the_right_one() {
    let run = check(&fixture("invalid/misspelled-pillar"), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[unknown-id]: unknown pillar id `growht` in `pillars`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--> content/initiatives/public-api.md:4:11"), "{}", run.stdout);
    assert!(run.stdout.contains("= help: did you mean `growth`?"), "{}", run.stdout);
}

#[test]
fn json_format_is_one_object_per_diagnostic() {
    let run = check(&fixture("invalid/misspelled-pillar"), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    let d = &lines[0];
    assert_eq!(d["code"], "unknown-id");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/initiatives/public-api.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(4), Some(11)));
    assert_eq!(d["help"], "did you mean `growth`?");
}

#[test]
fn github_format_writes_workflow_annotations() {
    let run = check(&fixture("invalid/misspelled-pillar"), &["--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=tests/fixtures/invalid/misspelled-pillar/content/initiatives/public-api.md,line=4,col=11,endLine=4,endColumn=17,title=unknown-id::unknown pillar id `growht` in `pillars`%0Ahelp: did you mean `growth`?\n"
    );
}

#[test]
fn issue_11_annotations_name_files_from_the_current_folder_and_places_without_a_line() {
    // From the site's parent, the annotation's path starts at the site's folder name, as
    // GitHub needs it to place the annotation in the repository.
    let site = write_site("github-from-parent", &[("content/pillars/a.md", PILLAR)]);
    let parent = site.parent().unwrap();
    let name = site.file_name().unwrap().to_str().unwrap();
    let run = northstar_in(parent, &["check", "--root", name, "--format", "github"]);
    assert!(
        run.stdout.contains(&format!("::warning file={name}/content/pillars/a.md,line=1,col=1,")),
        "{}",
        run.stdout
    );
    // No site.toml: findings about the whole site name the content folder, without a
    // line, in every format, instead of a site.toml:1:1 that does not exist.
    assert!(
        run.stdout.contains(&format!("::warning file={name}/content/,title=no-vision::")),
        "{}",
        run.stdout
    );
    let human = check(&site, &[]);
    assert!(
        human.stdout.contains("warning[no-vision]: the strategy has no vision\n --> content/\n"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("site.toml"), "{}", human.stdout);
    let json = check(&site, &["--format", "json"]);
    let vision: serde_json::Value = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .find(|d: &serde_json::Value| d["code"] == "no-vision")
        .unwrap();
    assert_eq!((vision["file"].as_str(), vision["line"].as_u64()), (Some("content/"), None));
}

const PILLAR: &str = "---\nkind: pillar\nid: a\ntitle: A\nsummary: One bet.\n---\nBody.\n";

#[test]
fn warnings_fail_only_with_deny_warnings() {
    for (name, code) in [
        ("unknown-field", "unknown-field"),
        ("site-toml-unknown-key", "config-unknown-key"),
        ("no-north-star", "no-north-star"),
    ] {
        let site = fixture(&format!("warnings/{name}"));
        let relaxed = check(&site, &[]);
        assert_eq!(relaxed.code, 0, "{name}:\n{}", relaxed.stdout);
        assert!(
            relaxed.stdout.contains(&format!("warning[{code}]")),
            "{name}:\n{}",
            relaxed.stdout
        );
        assert_eq!(check(&site, &["--deny-warnings"]).code, 1, "{name}");
    }
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let run = check(&fixture("warnings/unknown-field"), &[]);
    assert!(run.stdout.contains("unknown field `sumary` for an initiative"), "{}", run.stdout);
    assert!(run.stdout.contains("did you mean `summary`?"), "{}", run.stdout);
}

#[test]
fn a_folder_without_content_is_an_environment_error() {
    let empty = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-content-site");
    std::fs::create_dir_all(&empty).unwrap();
    let run = check(&empty, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("there is no content folder"), "{}", run.stderr);
}

#[test]
fn a_missing_root_is_an_environment_error() {
    let run = check(std::path::Path::new("/nonexistent/northstar/site"), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: there is no folder at /nonexistent/northstar/site\nhelp: --root names the site folder, the one holding site.toml and content/\n"
    );
}

#[test]
fn issue_11_a_root_at_the_content_folder_is_pointed_at_its_parent() {
    let site = write_site("root-at-content", &[("content/pillars/a.md", PILLAR)]);
    let run = check(&site.join("content"), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.ends_with(&format!("help: --root names the site folder, the one holding site.toml and content/: try --root {}\n", site.display())),
        "{}",
        run.stderr
    );
    let file = check(&site.join("content/pillars/a.md"), &[]);
    assert_eq!(file.code, 2);
    assert!(file.stderr.contains("a.md is a file, not a folder"), "{}", file.stderr);
    for command in ["build", "serve"] {
        let run = northstar(&[command, "--root", "/nonexistent/northstar/site"]);
        assert_eq!(run.code, 2, "{command}");
        assert!(
            run.stderr.starts_with("error: there is no folder at"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(northstar(&["check", "--today", "tomorrow"]).code, 2);
    assert_eq!(northstar(&["check", "--format", "xml"]).code, 2);
    assert_eq!(northstar(&["frobnicate"]).code, 2);
}

#[test]
fn today_flag_overrides_site_toml() {
    // An action item due 2026-12-15 becomes overdue when the strategy is read in 2027.
    let run = check(&fixture("every-kind"), &["--today", "2027-02-01"]);
    assert!(run.stdout.contains("warning[overdue-action-item]"), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn all_diagnostics_of_a_site_are_reported_at_once_in_file_order() {
    let site = harness::copy_fixture("minimal", "all_at_once");
    std::fs::write(
        site.join("content/initiatives/b.md"),
        "---\ntitle: B\npillars: [nope]\nowner: X\nstatus: doing\n---\n[[missing]]\n",
    )
    .unwrap();
    std::fs::write(site.join("content/initiatives/a.md"), "---\ntitle: A\nquarter: 2026-Q9\n---\n")
        .unwrap();
    let run = check(&site, &["--format", "json"]);
    assert_eq!(run.code, 1);
    let found: Vec<(String, String, u64)> = run
        .stdout
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("content/initiatives/a.md", "missing-field", 1),
        ("content/initiatives/a.md", "missing-field", 1),
        ("content/initiatives/a.md", "missing-field", 1),
        ("content/initiatives/a.md", "orphan", 1),
        ("content/initiatives/a.md", "invalid-quarter", 3),
        ("content/initiatives/b.md", "unknown-id", 3),
        ("content/initiatives/b.md", "invalid-value", 5),
        ("content/initiatives/b.md", "unknown-id", 7),
    ];
    let expected: Vec<(String, String, u64)> =
        expected.iter().map(|(f, c, l)| (f.to_string(), c.to_string(), *l)).collect();
    assert_eq!(found, expected, "{}", run.stdout);
}
