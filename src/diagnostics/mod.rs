//! Problems in the user's files as values: a stable code, a severity, a span and a
//! one-line message, with an optional "did you mean" help. Every stage pushes into a
//! [`Diagnostics`]; nothing here reads or writes files.

mod quote;
mod report;
mod source_map;
mod suggest;

pub use report::{Format, PER_FILE_AND_CODE, SHOWN, render, render_under};
pub use source_map::{FileId, LineCol, SourceFile, SourceMap, Span, text_key};
pub use suggest::{Budget, Candidates, closest, did_you_mean};

/// How bad a diagnostic is: errors fail `check` and `build`, warnings only with
/// `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The lower-case name used in every report format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident;)*) => {
        /// The stable identity of a kind of problem; its kebab-case name is part of the
        /// JSON and GitHub output, so names never change once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// The kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity every diagnostic with this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    // Loading and front matter.
    NonUtf8 => "non-utf8", Error;
    UnclosedFrontMatter => "unclosed-front-matter", Error;
    YamlSyntax => "yaml-syntax", Error;
    FrontMatterNotAMap => "front-matter-not-a-map", Error;
    // Fields.
    MissingField => "missing-field", Error;
    WrongType => "wrong-type", Error;
    InvalidValue => "invalid-value", Error;
    InvalidQuarter => "invalid-quarter", Error;
    InvalidDate => "invalid-date", Error;
    InvalidId => "invalid-id", Error;
    UnknownKind => "unknown-kind", Error;
    OutOfRange => "out-of-range", Error;
    KeyResultsCount => "key-results-count", Error;
    QuarterRange => "quarter-range", Error;
    UnknownField => "unknown-field", Warning;
    // The graph.
    DuplicateId => "duplicate-id", Error;
    UrlCollision => "url-collision", Error;
    MultipleVisions => "multiple-visions", Error;
    MultipleNorthStars => "multiple-north-stars", Error;
    UnknownId => "unknown-id", Error;
    WrongKind => "wrong-kind", Error;
    UnknownHeading => "unknown-heading", Error;
    BrokenLink => "broken-link", Error;
    DependencyCycle => "dependency-cycle", Error;
    SupersedesCycle => "supersedes-cycle", Error;
    // Owner and tag names.
    SlugCollision => "slug-collision", Error;
    EmptySlug => "empty-slug", Warning;
    // Markdown bodies.
    UnsafeUrl => "unsafe-url", Warning;
    // site.toml.
    ConfigSyntax => "config-syntax", Error;
    ConfigInvalid => "config-invalid", Error;
    ConfigUnknownKey => "config-unknown-key", Warning;
    // The theme and the files published as they are.
    MissingTheme => "missing-theme", Error;
    TemplateSyntax => "template-syntax", Error;
    StaticCollision => "static-collision", Error;
    SymlinkOutsideRoot => "symlink-outside-root", Warning;
    NotARegularFile => "not-a-regular-file", Warning;
    // Site health.
    NoVision => "no-vision", Warning;
    NoNorthStar => "no-north-star", Warning;
    PillarWithoutWork => "pillar-without-current-work", Warning;
    StaleDocument => "stale-document", Warning;
    OverdueActionItem => "overdue-action-item", Warning;
    StaleProposal => "decision-stuck-in-proposed", Warning;
    DecisionWithoutStatus => "decision-without-status", Warning;
    Orphan => "orphan", Warning;
    InitiativePastQuarters => "initiative-past-its-quarters", Warning;
    DependencyOrder => "starts-before-dependency", Warning;
    ExperimentOverrun => "experiment-past-its-end", Warning;
    MetricWithoutHistory => "metric-without-history", Warning;
    PillarCount => "pillar-count", Warning;
    PillarWithoutStakeholder => "pillar-without-stakeholder", Warning;
    NoUpdateThisQuarter => "no-update-this-quarter", Warning;
    DebtOverBudget => "debt-over-budget", Warning;
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    /// One lower-case line that names the thing: ``unknown pillar id `growht` ``.
    pub message: String,
    /// What to do, usually the nearest known name: ``did you mean `growth`?``.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: code.severity(), span, message: message.into(), help: None }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// All the diagnostics of a run.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves all of `other` in.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics sorted by file, position, severity and code, duplicates removed:
    /// the order every report prints.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.span.file, a.span.start, a.severity, a.code, &a.message).cmp(&(
                b.span.file,
                b.span.start,
                b.severity,
                b.code,
                &b.message,
            ))
        });
        self.items.dedup();
        self.items
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_orders_by_file_then_position() {
        let d =
            |file, start, code| Diagnostic::new(code, Span::new(FileId(file), start, start), "m");
        let all: Diagnostics =
            [d(1, 0, Code::UnknownId), d(0, 9, Code::UnknownId), d(0, 2, Code::Orphan)]
                .into_iter()
                .collect();
        let sorted = all.into_sorted();
        assert_eq!(
            sorted.iter().map(|d| (d.span.file.0, d.span.start)).collect::<Vec<_>>(),
            [(0, 2), (0, 9), (1, 0)]
        );
    }
}
