//! Issue 11: `northstar init` makes a site that checks clean and builds, on any day,
//! and never writes over what is there.

use std::path::Path;

use northstar::calendar::Date;
use northstar::pipeline::{self, Options};

use crate::harness::{build, check, northstar, scratch};

fn init(dir: &Path, extra: &[&str]) -> crate::harness::Run {
    let dir = dir.to_string_lossy().into_owned();
    let mut args = vec!["init", dir.as_str()];
    args.extend_from_slice(extra);
    northstar(&args)
}

#[test]
fn issue_11_a_new_site_checks_clean_and_builds() {
    let site = scratch("init", "new").join("strategy");
    let run = init(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("made a northstar site in {}: 19 files\n", site.display())),
        "{}",
        run.stdout
    );
    let checked = check(&site, &["--deny-warnings"]);
    assert_eq!(checked.code, 0, "{}", checked.stdout);
    assert!(checked.stdout.ends_with("ok: 16 documents, no problems\n"), "{}", checked.stdout);
    let out = scratch("init", "new-out");
    assert_eq!(build(&site, &out, &["--deny-warnings"]).code, 0);
    for page in [
        "index.html",
        "roadmap/index.html",
        "okrs/index.html",
        "debt/index.html",
        "health/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    for file in ["README.md", ".github/workflows/pages.yml", "site.toml"] {
        assert!(site.join(file).is_file(), "{file}");
    }
}

#[test]
fn issue_11_a_site_made_on_any_day_is_clean_on_that_day() {
    for day in ["2026-01-01", "2026-03-31", "2026-06-15", "2026-12-05", "2030-10-01"] {
        let site = scratch("init", &format!("day-{day}"));
        let today = Date::parse(day).unwrap();
        northstar::scaffold::init(&site, false, today).unwrap();
        let checked =
            pipeline::check(&site, &Options { today: Some(today), ..Options::default() }).unwrap();
        let problems: Vec<String> =
            checked.diagnostics.iter().map(|d| format!("{:?}: {}", d.code, d.message)).collect();
        assert!(problems.is_empty(), "{day}: {problems:#?}");
    }
}

#[test]
fn issue_11_init_refuses_a_folder_with_files_and_force_replaces_nothing() {
    let site = scratch("init", "busy");
    std::fs::write(site.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let run = init(&site, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(&format!("error: {} is not empty\nhelp: ", site.display())),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&site).unwrap().count(), 1, "nothing else was written");
    let run = init(&site, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  kept site.toml, which was there already\n"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(site.join("site.toml")).unwrap(), "title = \"Mine\"\n");
    assert!(site.join("content/vision.md").is_file());
    // A repository made with `git init` is still empty.
    let repo = scratch("init", "git");
    std::fs::create_dir(repo.join(".git")).unwrap();
    assert_eq!(init(&repo, &[]).code, 0);
}

#[cfg(unix)]
#[test]
fn issue_11_init_never_writes_through_a_link() {
    let site = scratch("init", "link");
    let elsewhere = scratch("init", "link-target");
    std::os::unix::fs::symlink(&elsewhere, site.join("content")).unwrap();
    let run = init(&site, &["--force"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    let file = scratch("init", "file").join("a-file");
    std::fs::write(&file, "").unwrap();
    assert!(init(&file, &[]).stderr.contains("is a file, not a folder"));
}

/// An id of the starter site of a kind that `kinds` allows, for filling in references.
fn starter_id(kinds: &[northstar::model::Kind]) -> &'static str {
    use northstar::model::Kind;
    match kinds.first() {
        Some(Kind::Pillar) => "dependable-core",
        Some(Kind::Metric) => "weekly-active-teams",
        Some(Kind::Objective) => "dependable-releases",
        Some(Kind::Decision) => "0001-record-decisions",
        _ => "guided-setup",
    }
}

/// `text` with every field written without a value given its declared example (ids
/// of the starter site for references), as a writer would fill a skeleton in; with
/// `optional`, the optional fields offered as comments (`# name: example  # note`) are
/// written too.
fn fill(text: &str, kind: northstar::model::Kind, optional: bool) -> String {
    use northstar::model::fields::{Field, Type};
    let item_field = |name: &str| {
        kind.fields().iter().find_map(|f| match f.ty {
            Type::List { fields, .. } => fields.iter().find(|i| i.name == name),
            _ => None,
        })
    };
    let value = |field: &Field| match field.ty {
        Type::Id(kinds) => starter_id(kinds).to_string(),
        Type::Ids(kinds) => format!("[{}]", starter_id(kinds)),
        _ => field.example.to_string(),
    };
    let mut out = String::new();
    for line in text.lines() {
        let (head, _) = line.split_once("  # ").unwrap_or((line, ""));
        let filled = if let Some(key) = head.strip_suffix(':') {
            // A placeholder: `name:`, or `  - name:` / `    name:` in a list's item.
            let name = key.trim_start().trim_start_matches("- ");
            let field = match key.starts_with(' ') {
                true => item_field(name),
                false => kind.all_fields().find(|f| f.name == name),
            };
            let field = field.unwrap_or_else(|| panic!("no field `{name}` for {kind:?}"));
            // A required list's item follows on the next lines.
            let value = if let Type::List { .. } = field.ty { String::new() } else { value(field) };
            Some(format!("{key}: {value}"))
        } else if let Some((name, _)) = head.strip_prefix("# ").and_then(|h| h.split_once(": "))
            && optional
        {
            kind.all_fields().find(|f| f.name == name).map(|f| format!("{name}: {}", value(f)))
        } else {
            None
        };
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

#[test]
fn issue_11_new_lays_out_every_kind_for_check_to_flag_until_filled_in() {
    use northstar::model::Kind;
    let site = scratch("init", "new-every-kind").join("s");
    assert_eq!(init(&site, &[]).code, 0);
    // A site has one vision: make room for the new one.
    std::fs::remove_file(site.join("content/vision.md")).unwrap();
    let root = site.to_string_lossy().into_owned();
    for (name, kind) in <Kind as northstar::model::fields::Choice>::ALL {
        let title = format!("A new {name}");
        let run = northstar(&["new", name, &title, "--root", &root]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let path = run.stdout.lines().next().unwrap().strip_prefix("made ").unwrap().to_string();
        let file = site.join(&path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with(&format!("---\ntitle: \"{title}\"\n")), "{text}");

        let checked = check(&site, &["--format", "json"]);
        // A new document is an orphan until something links to it: that is not the
        // skeleton's doing.
        let flagged: Vec<&str> = checked
            .stdout
            .lines()
            .filter(|l| l.contains(&path) && !l.contains("\"orphan\""))
            .collect();
        if *kind == Kind::Page {
            assert!(flagged.is_empty(), "{name}: {flagged:#?}");
        } else {
            assert!(!flagged.is_empty(), "{name}: nothing flagged in {path}\n{text}");
            let want =
                if *kind == Kind::Decision { "decision-without-status" } else { "missing-field" };
            assert!(flagged.iter().any(|l| l.contains(want)), "{name}: {flagged:#?}");
            let errors = flagged.iter().filter(|l| l.contains("\"severity\":\"error\""));
            assert!(errors.clone().all(|l| l.contains("missing-field")), "{name}: {flagged:#?}");
        }

        std::fs::write(&file, fill(&text, *kind, false)).unwrap();
        let checked = check(&site, &["--format", "json"]);
        let left: Vec<&str> = checked
            .stdout
            .lines()
            .filter(|l| l.contains(&path) && l.contains("\"severity\":\"error\""))
            .collect();
        assert!(
            left.is_empty(),
            "{name}, filled in:\n{}\n{left:#?}",
            std::fs::read_to_string(&file).unwrap()
        );
        assert_eq!(checked.code, 0, "{name}: {}", checked.stdout);

        // Every optional field, written as its example shows, reads as well.
        std::fs::write(&file, fill(&text, *kind, true)).unwrap();
        let checked = check(&site, &["--format", "json"]);
        assert_eq!(checked.code, 0, "{name}, every field: {}", checked.stdout);

        let again = northstar(&["new", name, &title, "--root", &root]);
        if *kind != Kind::Decision {
            assert_eq!(again.code, 2, "{name} written twice");
            assert!(again.stderr.contains("exists already"), "{}", again.stderr);
        }
    }
}

#[test]
fn issue_11_new_writes_into_a_mapped_folder_and_refuses_a_nameless_title() {
    let site = scratch("init", "new-mapped");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("site.toml"), "[folders]\ndecision = \"docs/adr\"\n").unwrap();
    std::fs::create_dir_all(site.join("docs/adr")).unwrap();
    std::fs::write(site.join("docs/adr/0009-old.md"), "# Old\n").unwrap();
    let root = site.to_string_lossy().into_owned();
    let run = northstar(&["new", "adr", "Use", "Postgres", "--root", &root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("made docs/adr/0010-use-postgres.md\n"), "{}", run.stdout);
    let run = northstar(&["new", "initiative", "!!!", "--root", &root]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no letter or digit"), "{}", run.stderr);
    let run = northstar(&["new", "initiatve", "X", "--root", &root]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `initiative`"), "{}", run.stderr);
}
