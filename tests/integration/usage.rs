//! The README's usage blocks are the binary's `--help` and each subcommand's, word for
//! word.

use crate::harness::{northstar, repository};

#[test]
fn readme_usage_matches_help() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    for (marker, args) in [
        ("usage", &["--help"][..]),
        ("usage:serve", &["serve", "--help"]),
        ("usage:build", &["build", "--help"]),
        ("usage:check", &["check", "--help"]),
        ("usage:init", &["init", "--help"]),
    ] {
        let open = format!("<!-- {marker}:start -->\n```text\n");
        let close = format!("```\n<!-- {marker}:end -->");
        let start = readme.find(&open).unwrap_or_else(|| panic!("README.md has no {marker} block"))
            + open.len();
        let end = readme.find(&close).unwrap_or_else(|| panic!("README.md has no {marker} end"));
        let help = northstar(args);
        assert_eq!(help.code, 0);
        assert_eq!(
            readme.get(start..end),
            Some(help.stdout.as_str()),
            "update the {marker} block in README.md with `northstar {}`",
            args.join(" ")
        );
    }
}

#[test]
fn every_subcommand_has_a_usage_block() {
    let help = northstar(&["--help"]).stdout;
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let commands = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    for line in commands.lines() {
        let command = line.split_whitespace().next().unwrap();
        if command != "help" {
            assert!(readme.contains(&format!("<!-- usage:{command}:start -->")), "{command}");
        }
    }
}
