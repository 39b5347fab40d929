//! Where output goes: closed pipes on stdout and stderr.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::copy_fixture;

/// Which of the binary's streams the reader closes before reading anything.
#[derive(Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs `northstar ARGS` with the reader of one stream gone at once, like `| head -0`;
/// returns the exit code and what the binary wrote on the other stream.
fn run_with_closed(closed: Closed, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_northstar"))
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
    assert_eq!(code, 1);
    assert_eq!(stderr, "error: the site has 601 error(s); nothing was written\n");
    let (code, stdout) =
        run_with_closed(Closed::Stderr, &["build", "--root", &root(&site), "--out", &root(&out)]);
    assert_eq!(code, 1);
    assert!(!stdout.is_empty());
    assert!(!out.exists());
    let (code, stderr) = run_with_closed(Closed::Stdout, &["--help"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let minimal = copy_fixture("minimal", "closed-pipe-built");
    let (code, stdout) = run_with_closed(Closed::Stderr, &["build", "--root", &root(&minimal)]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(minimal.join("public/index.html").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn issue_7_a_report_that_cannot_be_written_is_an_environment_error() {
    let site = copy_fixture("invalid/misspelled-pillar", "full-disk-report");
    let output = Command::new(env!("CARGO_BIN_EXE_northstar"))
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
