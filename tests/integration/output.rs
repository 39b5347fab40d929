//! Where output goes: the output folder (links, input folders, failed swaps, builds at
//! the same time, error paths) and closed pipes on stdout and stderr.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::harness::{Run, copy_fixture, files, northstar_in, scratch};

/// The names in `dir`, sorted: what a test expects to find beside an output folder.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Clears its flag when dropped.
struct Stop<'a>(&'a AtomicBool);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// The help every refused output folder of a site at `.` ends with.
const INPUT_HELP: &str = "help: pass --out a folder outside content/, static/, templates/ and themes/ that holds none of them, such as ./public (the default)\n";

#[cfg(unix)]
#[test]
fn issue_7_an_out_folder_that_is_a_link_is_built_into_its_target_and_stays_a_link() {
    let dir = scratch("output", "link");
    let site = copy_fixture("minimal", "output-link");
    std::fs::create_dir_all(dir.join("www/existing")).unwrap();
    for (link, target) in [("public", "www/existing"), ("dangling", "www/new")] {
        std::os::unix::fs::symlink(dir.join(target), dir.join(link)).unwrap();
        for _ in 0..2 {
            let run = northstar_in(&dir, &["build", "--root", &root(&site), "--out", link]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert!(
                run.stdout.starts_with("built 15 pages from 5 documents into "),
                "{}",
                run.stdout
            );
            assert_eq!(std::fs::read_link(dir.join(link)).unwrap(), dir.join(target));
            assert!(dir.join(target).join("index.html").is_file());
            assert!(dir.join(target).join(".northstar-output").is_file());
        }
    }
    assert_eq!(entries(&dir), ["dangling", "public", "www"]);
    // The output each second build replaced, kept beside its folder for the next one.
    assert_eq!(
        entries(&dir.join("www")),
        [
            ".existing.northstar-cache",
            ".existing.northstar-previous",
            ".new.northstar-cache",
            ".new.northstar-previous",
            "existing",
            "new"
        ]
    );
}

#[cfg(unix)]
#[test]
fn issue_7_a_link_to_a_folder_northstar_did_not_write_is_refused_and_kept() {
    let dir = scratch("output", "link-foreign");
    let site = copy_fixture("minimal", "output-link-foreign");
    std::fs::create_dir_all(dir.join("www/mine")).unwrap();
    std::fs::write(dir.join("www/mine/notes.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink("www/mine", dir.join("public")).unwrap();
    let run = northstar_in(&dir, &["build", "--root", &root(&site), "--out", "public"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: refusing to replace public: it is not empty and was not written by northstar (no .northstar-output file in it)\n\
         help: pass --out an empty or new folder, or empty this one yourself\n"
    );
    assert_eq!(std::fs::read_link(dir.join("public")).unwrap(), Path::new("www/mine"));
    assert_eq!(
        files(&dir.join("www")),
        BTreeMap::from([("mine/notes.txt".into(), b"keep me".to_vec())])
    );
    assert_eq!(entries(&dir), ["public", "www"]);
}

#[test]
fn issue_7_an_out_folder_inside_or_holding_an_input_folder_is_refused() {
    let site = copy_fixture("minimal", "output-inputs");
    std::fs::create_dir_all(site.join("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("content", site.join("to-content")).unwrap();
    let before = files(&site);
    let inside = |out: &str, input: &str| {
        format!(
            "error: refusing to write the site into {out}: it is inside ./{input}, which the build reads, so the next build would read its own output\n{INPUT_HELP}"
        )
    };
    let mut cases = vec![
        ("content/out".to_string(), inside("content/out", "content")),
        ("content".into(), inside("content", "content")),
        ("static/site".into(), inside("static/site", "static")),
        ("templates/out".into(), inside("templates/out", "templates")),
        ("themes/x/public".into(), inside("themes/x/public", "themes")),
        ("public/../content/new".into(), inside("public/../content/new", "content")),
        (
            ".".into(),
            format!(
                "error: refusing to write the site into .: it is the site folder itself, which the build reads\n{INPUT_HELP}"
            ),
        ),
        (
            "..".into(),
            format!(
                "error: refusing to write the site into ..: it contains the site folder ., and replacing it would delete the site's sources\n{INPUT_HELP}"
            ),
        ),
    ];
    if cfg!(unix) {
        cases.push(("to-content/out".into(), inside("to-content/out", "content")));
    }
    for (out, message) in cases {
        let run = northstar_in(&site, &["build", "--root", ".", "--out", &out]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", message.as_str()),
            "--out {out}"
        );
    }
    // The default output folder, linked into an input folder.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("content/built", site.join("public")).unwrap();
        let run = northstar_in(&site, &["build", "--root", "."]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            "error: refusing to write the site into ./public: it is inside ./content, which the build reads, so the next build would read its own output\n\
             help: pass --out a folder outside content/, static/, templates/ and themes/ that holds none of them (the default public/ leads there: make it a folder of its own)\n"
        );
        std::fs::remove_file(site.join("public")).unwrap();
    }
    // An output folder that holds an input but not the site: a site whose content is a link.
    #[cfg(unix)]
    {
        let dir = scratch("output", "holding-input");
        std::fs::create_dir_all(dir.join("elsewhere/content")).unwrap();
        std::fs::rename(site.join("content"), dir.join("elsewhere/content/real")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere/content/real"), site.join("content"))
            .unwrap();
        let run =
            northstar_in(&site, &["build", "--root", ".", "--out", &root(&dir.join("elsewhere"))]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            format!(
                "error: refusing to write the site into {}: it contains ./content, which the build reads, and replacing it would delete the site's sources\n{INPUT_HELP}",
                dir.join("elsewhere").display()
            )
        );
        std::fs::remove_file(site.join("content")).unwrap();
        std::fs::rename(dir.join("elsewhere/content/real"), site.join("content")).unwrap();
    }
    assert_eq!(files(&site), before, "nothing was written");
}

#[test]
fn issue_7_out_dot_in_an_empty_folder_builds_there_and_keeps_only_the_previous_output_and_its_record_beside_it()
 {
    let dir = scratch("output", "dot");
    let site = copy_fixture("minimal", "output-dot");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    for _ in 0..2 {
        let run = northstar_in(&dir.join("out"), &["build", "--root", &root(&site), "--out", "."]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(dir.join("out/index.html").is_file());
        assert_eq!(entries(&dir).last().map(String::as_str), Some("out"));
    }
    assert_eq!(entries(&dir), [".out.northstar-cache", ".out.northstar-previous", "out"]);
}

#[test]
fn issue_7_concurrent_builds_into_one_folder_all_succeed_and_keep_only_the_previous_output_and_records_beside_it()
 {
    const BUILDERS: usize = 8;
    const ROUNDS: usize = 3;
    let dir = scratch("output", "concurrent");
    let site = copy_fixture("every-kind", "output-concurrent");
    let (out, reference) = (dir.join("public"), dir.join("reference"));
    let run = northstar_in(&dir, &["build", "--root", &root(&site), "--out", &root(&reference)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = files(&reference);
    // The first build, so that from now on a reader always finds the site.
    let run = northstar_in(&dir, &["build", "--root", &root(&site), "--out", &root(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let building = AtomicBool::new(true);
    let (looks, misses) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        // Stops the reader however this scope ends, a failed assertion included.
        let _stop = Stop(&building);
        // A reader, looking at the output while builds replace it.
        scope.spawn(|| {
            while building.load(Ordering::SeqCst) {
                looks.fetch_add(1, Ordering::SeqCst);
                if !out.join("index.html").is_file() {
                    misses.fetch_add(1, Ordering::SeqCst);
                }
                std::thread::yield_now();
            }
        });
        for round in 0..ROUNDS {
            let runs: Vec<Run> = std::thread::scope(|builders| {
                let handles: Vec<_> = (0..BUILDERS)
                    .map(|_| {
                        builders.spawn(|| {
                            northstar_in(
                                &dir,
                                &["build", "--root", &root(&site), "--out", &root(&out)],
                            )
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for run in runs {
                assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
            }
            assert_eq!(files(&out), expected, "round {round}");
            assert_eq!(
                entries(&dir),
                [
                    ".public.northstar-cache",
                    ".public.northstar-previous",
                    ".reference.northstar-cache",
                    "public",
                    "reference"
                ],
                "round {round}"
            );
        }
        building.store(false, Ordering::SeqCst);
    });
    assert!(looks.into_inner() > 0);
    // Folders are exchanged in one step on Linux; elsewhere two renames leave a moment
    // without the folder, which is all a reader may see.
    if cfg!(target_os = "linux") {
        assert_eq!(misses.into_inner(), 0, "a reader saw the output folder without its pages");
    }
}

#[test]
fn issue_7_a_static_file_in_the_way_of_a_page_is_named_by_its_source() {
    let site = copy_fixture("every-kind", "output-collision");
    let out = site.join("public");
    assert_eq!(northstar_in(&site, &["build", "--root", "."]).code, 0);
    let before = files(&out);
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/roadmap"), "a file where the roadmap folder goes").unwrap();
    // `check` finds the collision before anything is written; the write-time message
    // for the same case is covered by the output writer's unit tests.
    let run = northstar_in(&site, &["build", "--root", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "error[static-collision]: `static/roadmap` collides with the generated `roadmap/`\n --> static/roadmap:1:1\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(files(&out), before);
    // The first build's record is all that lies beside the output: no staging folder.
    let beside: Vec<String> =
        entries(&site).into_iter().filter(|name| name.contains("northstar")).collect();
    assert_eq!(beside, [".public.northstar-cache"]);
}

/// Which of the binary's streams the reader closes before reading anything.
#[derive(Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs `northstar ARGS` with the reader of one stream gone at once, like `| head -0`;
/// returns the exit code and what the binary wrote on the other stream.
fn run_with_closed(closed: Closed, args: &[&str]) -> (i32, String) {
    let mut child = crate::harness::northstar_command()
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (gone, mut kept): (Box<dyn Read>, Box<dyn Read>) = match closed {
        Closed::Stdout => {
            (Box::new(child.stdout.take().unwrap()), Box::new(child.stderr.take().unwrap()))
        }
        Closed::Stderr => {
            (Box::new(child.stderr.take().unwrap()), Box::new(child.stdout.take().unwrap()))
        }
    };
    drop(gone);
    let mut other = String::new();
    kept.read_to_string(&mut other).unwrap();
    (child.wait().unwrap().code().unwrap_or(-1), other)
}

/// A site with `copies` documents that each have an error, so `check` prints far more
/// than a pipe holds: the writes after the reader is gone are certain to fail.
fn site_with_many_errors(test: &str, copies: usize) -> std::path::PathBuf {
    let site = copy_fixture("invalid/misspelled-pillar", test);
    let broken = std::fs::read_to_string(site.join("content/initiatives/public-api.md")).unwrap();
    for n in 0..copies {
        std::fs::write(site.join(format!("content/initiatives/public-api-{n}.md")), &broken)
            .unwrap();
    }
    site
}

fn root(site: &Path) -> String {
    site.to_string_lossy().into_owned()
}

#[test]
fn issue_7_check_into_a_closed_pipe_ends_quietly_with_its_own_exit_code() {
    let site = site_with_many_errors("closed-pipe-check", 800);
    let open = crate::harness::check(&site, &[]);
    assert_eq!(open.code, 1);
    assert!(open.stdout.len() > 2 * 65_536, "{} bytes only", open.stdout.len());
    for format in ["human", "json", "github"] {
        let (code, stderr) =
            run_with_closed(Closed::Stdout, &["check", "--root", &root(&site), "--format", format]);
        assert_eq!((code, stderr.as_str()), (1, ""), "--format {format}");
    }
}

#[test]
fn issue_7_build_and_help_into_a_closed_pipe_end_quietly() {
    let site = site_with_many_errors("closed-pipe-build", 600);
    let out = site.join("public");
    let (code, stderr) =
        run_with_closed(Closed::Stdout, &["build", "--root", &root(&site), "--out", &root(&out)]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let (code, stdout) =
        run_with_closed(Closed::Stderr, &["build", "--root", &root(&site), "--out", &root(&out)]);
    assert_eq!(code, 1);
    assert!(!stdout.is_empty());
    assert!(!out.exists());
    let (code, stderr) = run_with_closed(Closed::Stdout, &["--help"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let minimal = copy_fixture("minimal", "closed-pipe-built");
    let (code, stdout) = run_with_closed(Closed::Stderr, &["build", "--root", &root(&minimal)]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("built 15 pages from 5 documents into "), "{stdout}");
    assert!(minimal.join("public/index.html").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn issue_7_a_report_that_cannot_be_written_is_an_environment_error() {
    let site = copy_fixture("invalid/misspelled-pillar", "full-disk-report");
    let output = crate::harness::northstar_command()
        .args(["check", "--root", &root(&site)])
        .stdout(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: cannot write the report to stdout\n  caused by: No space left on device (os error 28)\n"
    );
}
