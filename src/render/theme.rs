//! The theme: templates and static files. The default theme is embedded in the binary
//! (one table below); a site overrides any file by name from `themes/<name>/` and then
//! from its own `templates/` and `static/`, which `content::load_theme` reads: nothing
//! here touches the disk. [`Theme`] records where each file came from, so errors name
//! the real path, and compiles the templates once.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        /// Every file of `themes/default/`, embedded at compile time.
        pub const EMBEDDED: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*
        ];
    };
}

embedded! {
    "static/search.js",
    "static/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/changes-period.html",
    "templates/changes-quarter.html",
    "templates/changes.html",
    "templates/components.html",
    "templates/debt.html",
    "templates/decisions.html",
    "templates/document.html",
    "templates/experiments.html",
    "templates/health.html",
    "templates/home.html",
    "templates/index.html",
    "templates/kinds/debt.html",
    "templates/kinds/decision.html",
    "templates/kinds/experiment.html",
    "templates/kinds/initiative.html",
    "templates/kinds/metric.html",
    "templates/kinds/objective.html",
    "templates/kinds/page.html",
    "templates/kinds/pillar.html",
    "templates/kinds/pillar-work.html",
    "templates/kinds/postmortem.html",
    "templates/kinds/principle.html",
    "templates/kinds/stakeholder.html",
    "templates/kinds/update.html",
    "templates/kinds/vision.html",
    "templates/map.html",
    "templates/metrics.html",
    "templates/okr-quarter.html",
    "templates/okrs.html",
    "templates/postmortems.html",
    "templates/roadmap.html",
    "templates/stakeholders.html",
    "templates/term.html",
    "templates/terms.html",
    "templates/updates.html",
}

/// Where a theme file came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    /// A file of the site, by its path relative to the site root.
    Disk(PathBuf),
}

/// One file of the theme.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// The resolved theme: `templates/…` and `static/…` paths to their files, and the
/// templates compiled once.
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
    tera: tera::Tera,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("files", &self.files.keys()).finish_non_exhaustive()
    }
}

/// Where in a template a compile problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// A byte range of the template's text.
    Range(Range<usize>),
    /// A 1-based line and column.
    LineCol { line: usize, column: usize },
    /// The template as a whole.
    Start,
}

/// One reason the templates do not compile.
#[derive(Clone, Debug)]
pub struct TemplateProblem {
    /// The template's name under `templates/` (`kinds/page.html`).
    pub template: String,
    pub origin: Origin,
    /// The template's text, so a report can quote the line.
    pub text: String,
    pub at: At,
    /// One lower-case line.
    pub message: String,
}

/// The theme's templates do not compile.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A mistake in the site's templates (or one its overrides caused in a default
    /// template): content errors, reported as `template-syntax` diagnostics.
    #[error("the site's templates do not compile")]
    Templates {
        problems: Vec<TemplateProblem>,
        #[source]
        source: tera::Error,
    },
    /// The embedded default theme alone does not compile: a bug in northstar.
    #[error("the default theme's templates do not compile; this is a bug in northstar")]
    Internal {
        #[source]
        source: tera::Error,
    },
}

impl Theme {
    /// The embedded default theme, overridden by `overrides` (`(name in the theme, path
    /// relative to the root, bytes)`, later ones winning), with its templates compiled.
    ///
    /// Every template with a syntax error is reported at once; reference errors
    /// (unknown filters, templates, blocks) come from the whole set together.
    pub fn compile(
        overrides: impl IntoIterator<Item = (String, PathBuf, Vec<u8>)>,
    ) -> Result<Theme, ThemeError> {
        let mut files: BTreeMap<String, ThemeFile> = EMBEDDED
            .iter()
            .map(|(path, bytes)| {
                (path.to_string(), ThemeFile { bytes: bytes.to_vec(), origin: Origin::Embedded })
            })
            .collect();
        for (key, path, bytes) in overrides {
            files.insert(key, ThemeFile { bytes, origin: Origin::Disk(path) });
        }
        let tera = compile(&files)?;
        Ok(Theme { files, tera })
    }

    /// The compiled templates.
    pub(crate) fn tera(&self) -> &tera::Tera {
        &self.tera
    }

    /// The templates, by name relative to `templates/`.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        templates(&self.files)
    }

    /// The static files, by path relative to `static/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().filter_map(|(path, file)| Some((path.strip_prefix("static/")?, file)))
    }
}

fn templates(files: &BTreeMap<String, ThemeFile>) -> impl Iterator<Item = (&str, &ThemeFile)> {
    files.iter().filter_map(|(path, file)| Some((path.strip_prefix("templates/")?, file)))
}

fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera
}

fn compile(files: &BTreeMap<String, ThemeFile>) -> Result<tera::Tera, ThemeError> {
    let text = |file: &ThemeFile| String::from_utf8_lossy(&file.bytes).into_owned();
    // Syntax first, one template at a time, so that every broken file is reported.
    let mut located = Vec::new();
    let mut first_error = None;
    for (name, file) in templates(files) {
        let text = text(file);
        // Alone, a template fails on its missing parent too: only syntax counts here.
        let Err(e) = new_tera().add_raw_template(name, &text) else { continue };
        let tera::ErrorKind::SyntaxError(report) = e.kind() else { continue };
        if file.origin == Origin::Embedded {
            // The embedded text alone is at fault, whatever the site overrides.
            return Err(ThemeError::Internal { source: e });
        }
        located.push((
            name.to_string(),
            At::Range(report.span().range.clone()),
            report.message().to_string(),
        ));
        first_error.get_or_insert(e);
    }
    let error = match first_error {
        Some(error) => error,
        None => {
            let mut tera = new_tera();
            let sources: Vec<(String, String)> =
                templates(files).map(|(name, file)| (name.to_string(), text(file))).collect();
            match tera.add_raw_templates(sources) {
                Ok(()) => return Ok(tera),
                Err(error) => {
                    located = locate(&error);
                    error
                }
            }
        }
    };
    let has_overrides = templates(files).any(|(_, f)| f.origin != Origin::Embedded);
    let mut problems = Vec::new();
    // A default template can fail only through an override (a macro it uses removed,
    // say): then it is the site's problem, reported at the default template's text.
    for (template, at, message) in located {
        let Some(file) = files.get(&format!("templates/{template}")) else {
            return Err(ThemeError::Internal { source: error });
        };
        if file.origin == Origin::Embedded && !has_overrides {
            return Err(ThemeError::Internal { source: error });
        }
        problems.push(TemplateProblem {
            template,
            origin: file.origin.clone(),
            text: text(file),
            at,
            message: lower_first(&message),
        });
    }
    if problems.is_empty() {
        return Err(ThemeError::Internal { source: error });
    }
    Err(ThemeError::Templates { problems, source: error })
}

/// The templates, positions and messages a whole-set compile error names.
fn locate(error: &tera::Error) -> Vec<(String, At, String)> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) => vec![(
            report.filename().to_string(),
            At::Range(report.span().range.clone()),
            report.message().to_string(),
        )],
        tera::ErrorKind::MissingParent { current, parent } => {
            vec![(current.clone(), At::Start, format!("extends `{parent}`, which does not exist"))]
        }
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => vec![(
            tpl.clone(),
            At::Start,
            format!("extends itself through {}", inheritance_chain.join(" → ")),
        )],
        tera::ErrorKind::CircularInclude { tpl, include_chain } => vec![(
            tpl.clone(),
            At::Start,
            format!("includes itself through {}", include_chain.join(" → ")),
        )],
        tera::ErrorKind::Msg(text) => reports(text),
        _ => Vec::new(),
    }
}

/// Reads Tera's text reports (`error: MESSAGE` then `--> NAME:LINE:COLUMN`), the only
/// form in which it gives reference errors (unknown filters, templates and blocks).
fn reports(text: &str) -> Vec<(String, At, String)> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(locus)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = locus.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line = parts.next().and_then(|l| l.parse().ok());
            if let (Some(column), Some(line), Some(name)) = (column, line, parts.next()) {
                found.push((name.to_string(), At::LineCol { line, column }, m.to_string()));
            }
            message = None;
        }
    }
    if found.is_empty() {
        // Tera names the template in a message like "… defined in both `a` and `b`".
        let message = text.lines().next().unwrap_or_default();
        if let Some(name) = message.split('`').nth(3) {
            found.push((name.to_string(), At::Start, message.to_string()));
        }
    }
    found
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn user(name: &str, text: &str) -> (String, PathBuf, Vec<u8>) {
        (format!("templates/{name}"), PathBuf::from(format!("t/{name}")), text.into())
    }

    #[test]
    fn the_default_theme_compiles_alone() {
        let theme = Theme::compile(Vec::new()).unwrap();
        assert!(theme.templates().all(|(_, f)| f.origin == Origin::Embedded));
    }

    #[test]
    fn reference_errors_are_located_by_line_and_column() {
        let Err(ThemeError::Templates { problems, .. }) =
            Theme::compile([user("404.html", "a\n  {{ x | nope }}\n{% include \"gone.html\" %}")])
        else {
            panic!("expected template problems")
        };
        let found: Vec<(&str, &At, &str)> =
            problems.iter().map(|p| (p.template.as_str(), &p.at, p.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("404.html", &At::LineCol { line: 2, column: 10 }, "unknown filter `nope`"),
                ("404.html", &At::LineCol { line: 3, column: 12 }, "unknown template `gone.html`"),
            ]
        );
        assert_eq!(problems[0].origin, Origin::Disk(PathBuf::from("t/404.html")));
    }

    #[test]
    fn every_syntax_error_is_reported_at_once() {
        let Err(ThemeError::Templates { problems, .. }) =
            Theme::compile([user("a.html", "{{ x }"), user("b.html", "ok {% if %}")])
        else {
            panic!("expected template problems")
        };
        let names: Vec<&str> = problems.iter().map(|p| p.template.as_str()).collect();
        assert_eq!(names, ["a.html", "b.html"]);
        assert!(problems.iter().all(|p| matches!(p.at, At::Range(_))));
    }

    #[test]
    fn embedded_table_matches_the_theme_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(
            embedded, on_disk,
            "add or remove the file in the `embedded!` table of render/theme.rs"
        );
    }
}
