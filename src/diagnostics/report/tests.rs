//! The report's tests: compiled only with `cfg(test)`, so every `unwrap` and `panic!`
//! here is test code.
#![cfg(test)]

use super::*;
use crate::diagnostics::{Code, FileId, Span};
use std::path::Path;

fn one() -> (Vec<Diagnostic>, SourceMap) {
    let mut sources = SourceMap::default();
    let file = sources.add(Path::new("content/a.md"), "---\npillars: [growht]\n---\n".into());
    let d = Diagnostic::new(Code::UnknownId, Span::new(file, 14, 20), "unknown pillar id `growht`")
        .with_help("did you mean `growth`?");
    (vec![d], sources)
}

#[test]
fn human_points_a_caret_at_the_value() {
    let (d, s) = one();
    let text = render(&d, &s, Format::Human);
    assert_eq!(
        text,
        "error[unknown-id]: unknown pillar id `growht`\n --> content/a.md:2:11\n  |\n2 | pillars: [growht]\n  |           ^^^^^^\n  |\n  = help: did you mean `growth`?\n\n"
    );
}

#[test]
fn github_escapes_newlines_and_commas() {
    let (d, s) = one();
    let text = render(&d, &s, Format::Github);
    assert_eq!(
        text,
        "::error file=content/a.md,line=2,col=11,endLine=2,endColumn=17,title=unknown-id::unknown pillar id `growht`%0Ahelp: did you mean `growth`?\n"
    );
}

#[test]
fn issue_11_github_gives_columns_only_for_a_span_on_one_line() {
    // GitHub's annotation properties: `col` and `endColumn` cannot be sent when the
    // span starts and ends on different lines.
    let mut sources = SourceMap::default();
    let file =
        sources.add(Path::new("content/a.md"), "---\nsummary: >\n  two\n  lines\n---\n".into());
    let d = Diagnostic::new(Code::UnknownId, Span::new(file, 13, 28), "m");
    assert_eq!(
        render(&[d], &sources, Format::Github),
        "::error file=content/a.md,line=2,endLine=4,title=unknown-id::m\n"
    );
    let under = render_under(&one().0, &one().1, Format::Github, Path::new("strategy"));
    assert!(under.starts_with("::error file=strategy/content/a.md,line=2,col=11,"), "{under}");
}

#[test]
fn issue_11_a_place_is_named_without_a_line() {
    let mut sources = SourceMap::default();
    let place = sources.add_place(Path::new("content/"));
    let d = vec![Diagnostic::new(Code::NoVision, Span::file_start(place), "no vision")];
    assert_eq!(
        render(&d, &sources, Format::Human),
        "warning[no-vision]: no vision\n --> content/\n\n"
    );
    assert_eq!(
        render(&d, &sources, Format::Github),
        "::warning file=content/,title=no-vision::no vision\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(render(&d, &sources, Format::Json).trim_end()).unwrap();
    assert_eq!((json["file"].as_str(), json["line"].as_u64()), (Some("content/"), None));
}

#[test]
fn json_is_one_object_per_line() {
    let (d, s) = one();
    let text = render(&d, &s, Format::Json);
    let value: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(value["line"], 2);
    assert_eq!(value["column"], 11);
    assert_eq!(value["code"], "unknown-id");
}

fn at(file: u32, start: usize, code: Code) -> Diagnostic {
    Diagnostic::new(code, Span::new(FileId(file), start, start + 1), "m")
}

#[test]
fn issue_7_the_plan_caps_each_code_per_file_then_the_report() {
    let a = Code::UnknownId;
    let b = Code::BrokenLink;
    let d = [
        at(0, 0, a),
        at(0, 1, a),
        at(0, 2, b),
        at(0, 3, a),
        at(1, 0, a),
        at(1, 1, a),
        at(1, 2, a),
        at(2, 0, a),
    ];
    let entries = plan(&d, Limits { per_file_and_code: 2, shown: 5 });
    assert_eq!(
        entries,
        [
            Entry::Show(&d[0]),
            Entry::Show(&d[1]),
            Entry::Show(&d[2]),
            Entry::Hidden { file: FileId(0), code: a, count: 1 },
            Entry::Show(&d[4]),
            Entry::Show(&d[5]),
            Entry::Rest(2),
        ]
    );
}

/// One file whose single line holds `n` broken links, and a diagnostic for each.
fn one_long_line(n: usize) -> (Vec<Diagnostic>, SourceMap) {
    let link = "[[nope]] ";
    let mut sources = SourceMap::default();
    let file = sources.add(Path::new("content/a.md"), format!("{}\n", link.repeat(n)));
    let d = (0..n)
        .map(|i| {
            let start = i * link.len();
            Diagnostic::new(
                Code::UnknownId,
                Span::new(file, start, start + 8),
                "link to unknown id `nope`",
            )
        })
        .collect();
    (d, sources)
}

#[test]
fn issue_7_many_diagnostics_on_one_long_line_make_a_small_report() {
    let (d, s) = one_long_line(30_000);
    let human = render(&d, &s, Format::Human);
    assert_eq!(human.matches("error[unknown-id]").count(), PER_FILE_AND_CODE);
    assert!(
        human.ends_with("note: 29950 more `unknown-id` diagnostics in content/a.md not shown\n\n"),
        "{}",
        human.get(human.len() - 200..).unwrap()
    );
    assert!(human.lines().all(|l| l.chars().count() <= 140), "a quoted line is a window");
    assert!(human.len() < 20_000, "{}", human.len());
    // The caret of the last shown diagnostic is under its link.
    let lines: Vec<&str> = human.lines().collect();
    let caret = lines.iter().rposition(|l| l.contains('^')).unwrap();
    let column = lines[caret].chars().position(|c| c == '^').unwrap();
    let under: String = lines[caret - 1].chars().skip(column).take(8).collect();
    assert_eq!(under, "[[nope]]");

    let github = render(&d, &s, Format::Github);
    assert_eq!(github.lines().count(), PER_FILE_AND_CODE + 1);
    assert!(github.ends_with(
        "::notice title=not-shown::29950 more `unknown-id` diagnostics in content/a.md not shown\n"
    ));

    let json = render(&d, &s, Format::Json);
    assert_eq!(json.lines().count(), 30_000, "json lists every diagnostic");
    let last: serde_json::Value = serde_json::from_str(json.lines().last().unwrap()).unwrap();
    assert_eq!((last["line"].as_u64(), last["column"].as_u64()), (Some(1), Some(29_999 * 9 + 1)));
    assert_eq!(last["end_column"].as_u64(), Some(29_999 * 9 + 9));
}

#[test]
fn issue_7_a_report_shows_at_most_a_fixed_number_of_diagnostics() {
    let mut sources = SourceMap::default();
    let mut d = Vec::new();
    for f in 0..40 {
        let file = sources.add(Path::new(&format!("content/{f}.md")), "x\n".repeat(100));
        d.extend(
            (0..60).map(|i| Diagnostic::new(Code::Orphan, Span::new(file, i * 2, i * 2 + 1), "m")),
        );
    }
    let human = render(&d, &sources, Format::Human);
    assert_eq!(human.matches("warning[orphan]").count(), SHOWN);
    assert_eq!(
        human.matches("note: 10 more `orphan` diagnostics").count(),
        SHOWN / PER_FILE_AND_CODE - 1
    );
    let rest = 40 * 60 - SHOWN - 10 * (SHOWN / PER_FILE_AND_CODE - 1);
    assert!(human.ends_with(&format!("note: {rest} more diagnostics not shown: a report shows at most {SHOWN} (`--format json` lists all)\n\n")));
}

#[test]
fn issue_7_control_characters_in_reports_are_escaped() {
    let mut sources = SourceMap::default();
    let text = "---\nquarter: \"\u{1b}]0;pwned\u{7}\"\n---\n";
    let file = sources.add(Path::new("content/a.md"), text.into());
    let start = text.find('"').unwrap();
    let d = Diagnostic::new(
        Code::InvalidQuarter,
        Span::new(file, start, start + 12),
        "invalid quarter `\u{1b}]0;pwned\u{7}`",
    )
    .with_help("write \u{9b}2J YYYY-QN");
    let human = render(std::slice::from_ref(&d), &sources, Format::Human);
    assert_eq!(
        human,
        "error[invalid-quarter]: invalid quarter `\\u{1b}]0;pwned\\u{7}`\n --> content/a.md:2:10\n  |\n2 | quarter: \"\\u{1b}]0;pwned\\u{7}\"\n  |          ^^^^^^^^^^^^^^^^^^^^^\n  |\n  = help: write \\u{9b}2J YYYY-QN\n\n"
    );
    let github = render(std::slice::from_ref(&d), &sources, Format::Github);
    assert!(!github.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{github}");
    assert!(
        github.contains("invalid quarter `\\u{1b}]0;pwned\\u{7}`%0Ahelp: write \\u{9b}2J YYYY-QN")
    );
    let json = render(&[d], &sources, Format::Json);
    assert!(!json.contains(['\u{1b}', '\u{7}']), "{json}");
}

#[test]
fn issue_7_long_messages_are_cut() {
    let mut sources = SourceMap::default();
    let file = sources.add(Path::new("content/a.md"), "x\n".into());
    let d = Diagnostic::new(
        Code::UnknownId,
        Span::new(file, 0, 1),
        format!("unknown id `{}`", "y".repeat(100_000)),
    );
    for format in [Format::Human, Format::Json, Format::Github] {
        assert!(render(std::slice::from_ref(&d), &sources, format).len() < 2_000, "{format:?}");
    }
}
