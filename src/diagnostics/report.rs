//! Diagnostics as text: `human` in the style of rustc (location, source line, caret),
//! `json` one object per line, `github` as workflow annotations. Pure formatting.

use std::fmt::Write as _;

use super::{Diagnostic, SourceMap};

/// The output formats of `check` and `build`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style: `file:line:column`, the source line and a caret.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
    Github,
}

/// Renders `diagnostics` (already sorted) in `format`.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, format: Format) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        match format {
            Format::Human => human(&mut out, diagnostic, sources),
            Format::Json => json(&mut out, diagnostic, sources),
            Format::Github => github(&mut out, diagnostic, sources),
        }
    }
    out
}

struct Located<'a> {
    path: String,
    start: super::LineCol,
    end: super::LineCol,
    line_text: &'a str,
}

fn locate<'a>(diagnostic: &Diagnostic, sources: &'a SourceMap) -> Located<'a> {
    let file = sources.file(diagnostic.span.file);
    let start = file.line_col(diagnostic.span.start);
    let end = file.line_col(diagnostic.span.end);
    Located {
        path: file.path.to_string_lossy().replace('\\', "/"),
        start,
        end,
        line_text: file.line_text(start.line),
    }
}

fn human(out: &mut String, d: &Diagnostic, sources: &SourceMap) {
    let at = locate(d, sources);
    let gutter = at.start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code.as_str(), d.message);
    let _ = writeln!(out, "{pad}--> {}:{}:{}", at.path, at.start.line, at.start.column);
    if !at.line_text.is_empty() || at.start.line > 1 {
        let line_chars = at.line_text.chars().count();
        let width = if at.end.line == at.start.line {
            at.end.column.saturating_sub(at.start.column)
        } else {
            (line_chars + 1).saturating_sub(at.start.column)
        };
        let shown: String = at.line_text.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {}", at.start.line, shown.trim_end());
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(at.start.column.saturating_sub(1)),
            "^".repeat(width.max(1))
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    out.push('\n');
}

fn json(out: &mut String, d: &Diagnostic, sources: &SourceMap) {
    let at = locate(d, sources);
    let value = serde_json::json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "file": at.path,
        "line": at.start.line,
        "column": at.start.column,
        "end_line": at.end.line,
        "end_column": at.end.column,
    });
    let _ = writeln!(out, "{value}");
}

fn github(out: &mut String, d: &Diagnostic, sources: &SourceMap) {
    let at = locate(d, sources);
    let level = match d.severity {
        super::Severity::Error => "error",
        super::Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let _ = writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&at.path),
        at.start.line,
        at.start.column,
        at.end.line,
        at.end.column,
        d.code.as_str(),
        escape_data(&message)
    );
}

/// Escapes a workflow command's message as the runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Span};
    use std::path::Path;

    fn one() -> (Vec<Diagnostic>, SourceMap) {
        let mut sources = SourceMap::default();
        let file = sources.add(Path::new("content/a.md"), "---\npillars: [growht]\n---\n".into());
        let d =
            Diagnostic::new(Code::UnknownId, Span::new(file, 14, 20), "unknown pillar id `growht`")
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
    fn json_is_one_object_per_line() {
        let (d, s) = one();
        let text = render(&d, &s, Format::Json);
        let value: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(value["line"], 2);
        assert_eq!(value["column"], 11);
        assert_eq!(value["code"], "unknown-id");
    }
}
