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
