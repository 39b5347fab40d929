//! One snapshot of the exact diagnostics per fixture in `tests/fixtures/invalid/`:
//! each has one mistake, and `check` must exit 1 and name it at its line and column.

use crate::harness;

#[test]
fn every_invalid_fixture_is_reported_exactly() {
    insta::glob!("../fixtures/invalid", "*/site.toml", |path| {
        let site = path.parent().unwrap();
        let run = harness::check(site, &[]);
        assert_eq!(
            run.code,
            1,
            "{}: expected exit 1\n{}{}",
            site.display(),
            run.stdout,
            run.stderr
        );
        assert!(
            run.stdout.contains("error["),
            "{}: no error reported\n{}",
            site.display(),
            run.stdout
        );
        insta::assert_snapshot!(run.stdout);
    });
}

#[test]
fn every_invalid_fixture_reports_the_code_its_readme_names() {
    let readme = std::fs::read_to_string(harness::fixture("invalid/README.md")).unwrap();
    let mut checked = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(|c| c.trim().trim_matches('`')).collect();
        let (name, code) = (cells[1], cells[3]);
        let run =
            harness::check(&harness::fixture(&format!("invalid/{name}")), &["--format", "json"]);
        let codes: Vec<String> = run
            .stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(codes, [code], "{name}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures listed");
}
