//! The theme and the files published as they are: nothing from outside the site root,
//! no special file opened, and `check` rejecting every theme problem `build` rejects,
//! with the same exit code and position.

use std::path::{Path, PathBuf};

use crate::harness::{self, build, copy_fixture, scratch};

fn write(site: &Path, path: &str, text: &str) {
    let path = site.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `check` and `build` both exit 1, both report `expected` (a diagnostic's header and
/// its ` --> file:line:column`), and nothing is written.
fn both_refuse(site: &Path, name: &str, expected: &[&str]) {
    let checked = harness::check(site, &[]);
    let out = scratch("theme", name).join("public");
    let built = build(site, &out, &[]);
    for (command, run) in [("check", &checked), ("build", &built)] {
        assert_eq!(run.code, 1, "{command}:\n{}{}", run.stdout, run.stderr);
        for line in expected {
            assert!(run.stdout.contains(line), "{command} lacks {line:?}:\n{}", run.stdout);
        }
    }
    assert!(!out.exists(), "build wrote {}", out.display());
}

#[test]
fn issue_7_a_theme_path_is_refused_at_its_value_by_check_and_build() {
    for (name, theme) in [("parent", "../x"), ("absolute", "/etc")] {
        let site = copy_fixture("minimal", &format!("theme_path_{name}"));
        std::fs::create_dir_all(site.parent().unwrap().join("x/static")).unwrap();
        write(&site, "site.toml", &format!("title = \"Fixture\"\ntheme = \"{theme}\"\n"));
        both_refuse(
            &site,
            &format!("theme-path-{name}"),
            &[
                &format!(
                    "error[config-invalid]: `theme` must be the name of a folder under themes/, not `{theme}`"
                ),
                " --> site.toml:2:9",
                "= help: write theme = \"default\"",
            ],
        );
    }
}

#[test]
fn issue_7_a_missing_theme_fails_check_and_build_at_the_theme_value() {
    let site = copy_fixture("minimal", "missing_theme");
    write(&site, "site.toml", "title = \"Fixture\"\ntoday = \"2026-11-25\"\ntheme = \"dark\"\n");
    both_refuse(
        &site,
        "missing-theme",
        &[
            "error[missing-theme]: theme `dark` not found: there is no folder themes/dark/",
            " --> site.toml:3:9",
        ],
    );
}

#[test]
fn issue_7_a_broken_template_fails_check_and_build_at_its_line_and_column() {
    // A reference error, found when the templates are put together.
    let site = copy_fixture("minimal", "unknown_filter");
    write(&site, "templates/404.html", "<p>\n\n  {{ site.title | nofilter }}</p>\n");
    both_refuse(
        &site,
        "unknown-filter",
        &[
            "error[template-syntax]: template `404.html` does not compile: unknown filter `nofilter`",
            " --> templates/404.html:3:19",
            "3 |   {{ site.title | nofilter }}</p>",
        ],
    );
    // Syntax errors, every broken file at once, in the site's and in the theme's.
    let site = copy_fixture("minimal", "template_syntax");
    write(&site, "templates/404.html", "<p>{{ site.title }</p>\n");
    write(&site, "themes/dark/templates/home.html", "ok\n{% if %}\n");
    write(&site, "site.toml", "title = \"Fixture\"\ntheme = \"dark\"\n");
    both_refuse(
        &site,
        "template-syntax",
        &[
            "error[template-syntax]: template `404.html` does not compile: found `}`",
            " --> templates/404.html:1:18",
            "error[template-syntax]: template `home.html` does not compile: found `%}`",
            " --> themes/dark/templates/home.html:2:7",
            "2 | {% if %}",
        ],
    );
}

#[test]
fn issue_7_a_default_template_broken_by_an_override_is_a_content_error() {
    let site = copy_fixture("minimal", "override_breaks_default");
    // The default templates call the components this file defines.
    write(&site, "templates/components.html", "");
    both_refuse(
        &site,
        "override-breaks-default",
        &["error[template-syntax]: template `", " --> themes/default/templates/"],
    );
}

#[test]
fn issue_7_a_static_file_colliding_with_a_generated_page_fails_check_and_build() {
    let cases: &[(&str, &str, &str)] = &[
        ("file-on-folder", "static/okrs", "`static/okrs` collides with the generated `okrs/`"),
        (
            "home",
            "static/index.html",
            "`static/index.html` collides with the generated `index.html`",
        ),
        (
            "same-page",
            "static/okrs/index.html",
            "`static/okrs/index.html` collides with the generated `okrs/index.html`",
        ),
        (
            "under-a-page",
            "static/robots.txt/x",
            "`static/robots.txt/x` collides with the generated `robots.txt`",
        ),
    ];
    for (name, path, message) in cases {
        let site = copy_fixture("every-kind", &format!("static_collision_{name}"));
        write(&site, path, "mine");
        both_refuse(
            &site,
            &format!("static-collision-{name}"),
            &[&format!("error[static-collision]: {message}"), &format!(" --> {path}:1:1")],
        );
    }
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder beside the site's copy, outside its root, holding a secret.
    fn elsewhere(name: &str) -> PathBuf {
        let dir = scratch("theme", &format!("elsewhere-{name}"));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        std::fs::write(dir.join("templates/home.html"), "stolen").unwrap();
        dir
    }

    #[test]
    fn issue_7_a_static_folder_linked_outside_the_root_is_not_published_and_warns() {
        let outside = elsewhere("static");
        let site = copy_fixture("minimal", "static_symlink_out");
        symlink(&outside, site.join("static")).unwrap();
        write(&site, "templates/kinds/.keep", "");
        symlink(outside.join("secret.txt"), site.join("templates/kinds/page.html")).unwrap();
        let out = scratch("theme", "static-symlink-out").join("public");
        let run = build(&site, &out, &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains(
                "warning[symlink-outside-root]: skipped `static`: a symbolic link leads it outside the site folder\n --> static:1:1"
            ),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("warning[symlink-outside-root]: skipped `templates/kinds/page.html`"),
            "{}",
            run.stdout
        );
        assert!(!out.join("secret.txt").exists());
        assert!(out.join("style.css").is_file());
        let check = harness::check(&site, &["--deny-warnings"]);
        assert_eq!(check.code, 1, "{}", check.stdout);
    }

    #[test]
    fn issue_7_a_theme_folder_linked_outside_the_root_is_not_used() {
        let outside = elsewhere("theme");
        let site = copy_fixture("minimal", "theme_symlink_out");
        std::fs::create_dir_all(site.join("themes")).unwrap();
        symlink(&outside, site.join("themes/stolen")).unwrap();
        write(&site, "site.toml", "title = \"Fixture\"\ntheme = \"stolen\"\n");
        let expected = [
            "warning[symlink-outside-root]: skipped `themes/stolen`: a symbolic link leads it outside the site folder\n --> themes/stolen:1:1",
            "error[missing-theme]: theme `stolen` not found",
            " --> site.toml:2:9",
        ];
        both_refuse(&site, "theme-symlink-out", &expected);
        // The same when the link is the themes/ folder above it.
        let above = scratch("theme", "elsewhere-themes");
        std::fs::rename(&outside, above.join("stolen")).unwrap();
        std::fs::remove_dir_all(site.join("themes")).unwrap();
        symlink(&above, site.join("themes")).unwrap();
        both_refuse(&site, "themes-symlink-out", &expected);
    }

    #[test]
    fn issue_7_links_inside_the_root_are_followed_and_loops_skipped() {
        let site = copy_fixture("minimal", "static_symlink_in");
        write(&site, "assets/logo.svg", "<svg/>");
        write(&site, "static/.keep", "");
        symlink("../assets", site.join("static/brand")).unwrap();
        symlink(".", site.join("static/loop")).unwrap();
        let out = scratch("theme", "static-symlink-in").join("public");
        let run = build(&site, &out, &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert_eq!(std::fs::read_to_string(out.join("brand/logo.svg")).unwrap(), "<svg/>");
        assert!(run.stdout.contains("warning[not-a-regular-file]: skipped `static/loop`"));
    }

    #[test]
    fn issue_7_a_fifo_among_the_inputs_is_skipped_not_read() {
        let site = copy_fixture("minimal", "fifo_inputs");
        for path in ["static/pipe.css", "templates/home.html", "content/pipe.md"] {
            std::fs::create_dir_all(site.join(path).parent().unwrap()).unwrap();
            let made = std::process::Command::new("mkfifo").arg(site.join(path)).status();
            if !made.is_ok_and(|s| s.success()) {
                eprintln!("skipped: no mkfifo on this machine");
                return;
            }
        }
        // Were a FIFO opened, the run would block here forever.
        let out = scratch("theme", "fifo-inputs").join("public");
        let run = build(&site, &out, &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        for path in ["static/pipe.css", "templates/home.html", "content/pipe.md"] {
            assert!(
                run.stdout.contains(&format!(
                    "warning[not-a-regular-file]: skipped `{path}`: it is not a regular file (a FIFO, socket or device)\n --> {path}:1:1"
                )),
                "{path}:\n{}",
                run.stdout
            );
        }
        assert!(!out.join("pipe.css").exists());
        assert!(out.join("index.html").is_file());
    }
}
