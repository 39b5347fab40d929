//! Diagnostics as text: `human` in the style of rustc (location, source line, caret),
//! `json` one object per line, `github` as workflow annotations. Pure formatting.
//!
//! Reports stay small whatever the input. `human` and `github` show at most
//! [`PER_FILE_AND_CODE`] diagnostics of one code in one file and [`SHOWN`] in all, then
//! one note line saying how many more were not shown; `json` lists every diagnostic, for
//! tools, so it grows linearly with their number. In every format a message or help
//! line is cut after 500 characters and a quoted source line to a 120-character window
//! around the span; `human` and `github` escape control characters and terminal escapes
//! (`\u{1b}`). The exit code and the summary line still count every diagnostic.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::quote::{clean, quote};
use super::{Code, Diagnostic, FileId, LineCol, Severity, SourceMap};

#[cfg(test)]
mod tests;

/// The most diagnostics of one code in one file that `human` and `github` show.
pub const PER_FILE_AND_CODE: usize = 50;

/// The most diagnostics `human` and `github` show in one report.
pub const SHOWN: usize = 1_000;

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

/// Renders `diagnostics` (already sorted) in `format`, naming files by their path in
/// the site.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, format: Format) -> String {
    render_under(diagnostics, sources, format, Path::new(""))
}

/// [`render`], naming files by their path under `folder`: the site folder as seen
/// from where the run started, for annotations that GitHub places by the path from the
/// repository's root.
pub fn render_under(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    format: Format,
    folder: &Path,
) -> String {
    let mut out = String::new();
    let mut locator = Locator { sources, folder, last: None };
    if format == Format::Json {
        for diagnostic in diagnostics {
            json(&mut out, diagnostic, &locator.locate(diagnostic));
        }
        return out;
    }
    for entry in plan(diagnostics, Limits { per_file_and_code: PER_FILE_AND_CODE, shown: SHOWN }) {
        match (entry, format) {
            (Entry::Show(d), Format::Github) => github(&mut out, d, &locator.locate(d)),
            (Entry::Show(d), _) => human(&mut out, d, &locator.locate(d)),
            (Entry::Hidden { file, code, count }, format) => {
                let path = folder.join(&sources.file(file).path);
                let path = path.to_string_lossy().replace('\\', "/");
                let text = format!(
                    "{count} more `{}` diagnostics in {} not shown",
                    code.as_str(),
                    clean(&path)
                );
                note(&mut out, format, &text);
            }
            (Entry::Rest(count), format) => {
                let text = format!(
                    "{count} more diagnostics not shown: a report shows at most {SHOWN} (`--format json` lists all)"
                );
                note(&mut out, format, &text);
            }
        }
    }
    out
}

/// How many diagnostics `human` and `github` show.
#[derive(Clone, Copy, Debug)]
struct Limits {
    per_file_and_code: usize,
    shown: usize,
}

/// One item of a capped report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry<'a> {
    Show(&'a Diagnostic),
    /// After a file's diagnostics: how many of one code were past the per-file limit.
    Hidden {
        file: FileId,
        code: Code,
        count: usize,
    },
    /// At the end: how many were past the report's limit.
    Rest(usize),
}

/// What a capped report shows, in order: each file's first diagnostics of each code,
/// then a count of the rest of that file's, until the report is full; then one count of
/// everything left. There are at most `shown` diagnostics and `shown / per_file_and_code
/// + 1` counts.
fn plan(diagnostics: &[Diagnostic], limits: Limits) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    let mut shown = 0;
    let mut rest = 0;
    for group in diagnostics.chunk_by(|a, b| a.span.file == b.span.file) {
        let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
        let mut hidden: BTreeMap<Code, usize> = BTreeMap::new();
        for d in group {
            let count = seen.entry(d.code).or_default();
            *count += 1;
            if *count > limits.per_file_and_code {
                *hidden.entry(d.code).or_default() += 1;
            } else if shown < limits.shown {
                entries.push(Entry::Show(d));
                shown += 1;
            } else {
                rest += 1;
            }
        }
        for (code, count) in hidden {
            if shown < limits.shown {
                entries.push(Entry::Hidden { file: group[0].span.file, code, count });
            } else {
                rest += count;
            }
        }
    }
    if rest > 0 {
        entries.push(Entry::Rest(rest));
    }
    entries
}

struct Located<'a> {
    path: String,
    /// No line and column: the diagnostic is about a place, not a position in a file.
    is_place: bool,
    start: LineCol,
    end: LineCol,
    line_text: &'a str,
    /// Byte offsets of the span's start and end in `line_text`; no end when the span
    /// runs past the line.
    start_in_line: usize,
    end_in_line: Option<usize>,
}

/// Turns spans into positions, remembering the last one so that many diagnostics on one
/// long line, in order, cost time linear in the line rather than quadratic.
struct Locator<'a> {
    sources: &'a SourceMap,
    folder: &'a Path,
    last: Option<(FileId, usize, LineCol)>,
}

impl<'a> Locator<'a> {
    fn locate(&mut self, diagnostic: &Diagnostic) -> Located<'a> {
        let span = diagnostic.span;
        let file = self.sources.file(span.file);
        let start = match self.last {
            Some((id, offset, at)) if id == span.file => {
                file.line_col_from((offset, at), span.start)
            }
            _ => file.line_col(span.start),
        };
        let start_offset = span.start.min(file.text.len());
        let end = file.line_col_from((start_offset, start), span.end);
        self.last = Some((span.file, start_offset, start));
        let line_text = file.line_text(start.line);
        let line_start = file.offset_of(start.line, 1).unwrap_or(0);
        Located {
            path: self.folder.join(&file.path).to_string_lossy().replace('\\', "/"),
            is_place: file.is_place,
            start,
            end,
            line_text,
            start_in_line: start_offset.saturating_sub(line_start),
            end_in_line: (end.line == start.line).then(|| span.end.saturating_sub(line_start)),
        }
    }
}

fn human(out: &mut String, d: &Diagnostic, at: &Located<'_>) {
    let gutter = at.start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code.as_str(), clean(&d.message));
    if at.is_place {
        let _ = writeln!(out, "{pad}--> {}", clean(&at.path));
    } else {
        let _ = writeln!(out, "{pad}--> {}:{}:{}", clean(&at.path), at.start.line, at.start.column);
    }
    if !at.line_text.is_empty() || at.start.line > 1 {
        let quoted = quote(at.line_text, at.start_in_line, at.end_in_line);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {}", at.start.line, quoted.text);
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(quoted.caret_offset),
            "^".repeat(quoted.caret_width)
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{pad} = help: {}", clean(help));
    }
    out.push('\n');
}

fn json(out: &mut String, d: &Diagnostic, at: &Located<'_>) {
    let value = serde_json::json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": cut(&d.message),
        "help": d.help.as_deref().map(cut),
        "file": at.path,
        "line": (!at.is_place).then_some(at.start.line),
        "column": (!at.is_place).then_some(at.start.column),
        "end_line": (!at.is_place).then_some(at.end.line),
        "end_column": (!at.is_place).then_some(at.end.column),
    });
    let _ = writeln!(out, "{value}");
}

/// A message cut like [`clean`] does, but not escaped: JSON escapes it itself.
fn cut(text: &str) -> String {
    match text.char_indices().nth(super::quote::MAX_TEXT_CHARS) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn github(out: &mut String, d: &Diagnostic, at: &Located<'_>) {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = clean(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&clean(help));
    }
    // GitHub takes columns only for a span on one line; a place has no line at all.
    let position = match (at.is_place, at.start.line == at.end.line) {
        (true, _) => String::new(),
        (false, true) => format!(
            ",line={},col={},endLine={},endColumn={}",
            at.start.line, at.start.column, at.end.line, at.end.column
        ),
        (false, false) => format!(",line={},endLine={}", at.start.line, at.end.line),
    };
    let _ = writeln!(
        out,
        "::{level} file={}{position},title={}::{}",
        escape_property(&clean(&at.path)),
        d.code.as_str(),
        escape_data(&message)
    );
}

/// A line about diagnostics that were not shown.
fn note(out: &mut String, format: Format, text: &str) {
    match format {
        Format::Github => {
            let _ = writeln!(out, "::notice title=not-shown::{}", escape_data(text));
        }
        _ => {
            let _ = writeln!(out, "note: {text}\n");
        }
    }
}

/// Escapes a workflow command's message as the runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
