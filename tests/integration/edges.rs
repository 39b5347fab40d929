//! Values validated at the edge (issue 7, item 6): `base_url`, extreme numbers, empty
//! required lists, and site.toml that is not a regular file.

use crate::harness::{check, write_site};

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
