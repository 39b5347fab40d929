//! The README's usage block is the binary's `--help`, word for word.

use crate::harness::{northstar, repository};

#[test]
fn readme_usage_matches_help() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let start = readme.find("<!-- usage:start -->\n```text\n").unwrap()
        + "<!-- usage:start -->\n```text\n".len();
    let end = readme.find("```\n<!-- usage:end -->").unwrap();
    let help = northstar(&["--help"]);
    assert_eq!(help.code, 0);
    assert_eq!(
        readme.get(start..end),
        Some(help.stdout.as_str()),
        "update the usage block in README.md"
    );
}
