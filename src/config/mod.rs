//! `site.toml` → [`SiteConfig`]: defaults, `today`, validation. Mistakes in the file are
//! diagnostics at their `line:column`; only an unreadable file is a [`ConfigError`].

mod base_url;
mod glob;

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::calendar::{Date, Quarter};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span, did_you_mean};

pub use base_url::BaseUrl;
pub use glob::Glob;

/// The name of the configuration file at the site root.
pub const FILE_NAME: &str = "site.toml";

/// The site's configuration, with defaults filled in.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// Where the site is served; its path prefixes every link (`/` or `/project/`).
    pub base_url: BaseUrl,
    /// The day the strategy is read on; `None` means "ask the clock" (the CLI does).
    pub today: Option<Date>,
    pub theme: String,
    /// Share of each quarter's capacity reserved for paying down debt, 0..=1.
    pub debt_capacity: f64,
    /// Days of capacity in a quarter, for the debt budget; `None` when not given.
    pub capacity_days: Option<CapacityDays>,
    /// A document whose `updated` is older than this many days is stale.
    pub stale_after_days: u32,
    /// Keep raw HTML in Markdown bodies (otherwise it is escaped).
    pub allow_html: bool,
    /// Markdown files that are not documents (`**/adr-template.md`), by path from the
    /// site root.
    pub ignore: Vec<Glob>,
    /// Front-matter fields of other tools (`nav_order`, `layout`) that northstar
    /// leaves alone without a warning.
    pub ignore_fields: Vec<String>,
    /// Folders outside `content/` read as a kind's folder (`[folders] decision =
    /// "docs/decisions"`). The kind is checked by the model, which knows the kinds.
    pub folders: Vec<MappedFolder>,
}

/// A folder that `[folders]` maps to a kind.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MappedFolder {
    /// The kind as written: `decision`.
    pub kind: String,
    /// Where the kind is written in site.toml.
    #[serde(skip)]
    pub kind_span: Span,
    /// The folder, relative to the site root: `docs/decisions`.
    pub path: String,
    /// Where its path is written in site.toml.
    #[serde(skip)]
    pub span: Span,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Strategy".to_string(),
            base_url: BaseUrl::default(),
            today: None,
            theme: "default".to_string(),
            debt_capacity: 0.2,
            capacity_days: None,
            stale_after_days: 90,
            allow_html: false,
            ignore: Vec::new(),
            ignore_fields: Vec::new(),
            folders: Vec::new(),
        }
    }
}

/// `site.toml` exists but cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path} is not a regular file; northstar reads site.toml only from a plain file")]
    NotAFile { path: PathBuf },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "today",
    "theme",
    "debt_capacity",
    "capacity_days",
    "stale_after_days",
    "allow_html",
    "ignore",
    "ignore_fields",
    "folders",
];

/// `capacity_days`: the days of work a quarter has, the same in every quarter or
/// given quarter by quarter.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum CapacityDays {
    /// The same number of days in every quarter.
    Every(f64),
    /// Days by quarter; a quarter not listed has no known capacity.
    ByQuarter(std::collections::BTreeMap<Quarter, f64>),
}

impl CapacityDays {
    /// The days of capacity in `quarter`, when known.
    pub fn of(&self, quarter: Quarter) -> Option<f64> {
        match self {
            CapacityDays::Every(days) => Some(*days),
            CapacityDays::ByQuarter(days) => days.get(&quarter).copied(),
        }
    }
}

/// Reads `root/site.toml` if there is one. A missing file gives the defaults; a file
/// that is not valid TOML or holds wrong values gives `config-syntax` /
/// `config-invalid` errors and `config-unknown-key` warnings, and the defaults for
/// whatever could not be read. Also returns the file's id when there is one.
pub fn load(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<(SiteConfig, Option<FileId>), ConfigError> {
    let path = root.join(FILE_NAME);
    // Reading a FIFO blocks until someone writes to it, and a device may never end:
    // only a regular file is read.
    match std::fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => return Err(ConfigError::NotAFile { path }),
        _ => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((SiteConfig::default(), None));
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let file = sources
                .add(Path::new(FILE_NAME), String::from_utf8_lossy(e.as_bytes()).into_owned());
            diagnostics.push(
                Diagnostic::new(
                    Code::NonUtf8,
                    Span::new(file, at, at + 1),
                    "site.toml is not valid UTF-8",
                )
                .with_help("save the file as UTF-8"),
            );
            return Ok((SiteConfig::default(), Some(file)));
        }
    };
    let file = sources.add(Path::new(FILE_NAME), text);
    let text = &sources.file(file).text;
    Ok((parse(text, file, diagnostics), Some(file)))
}

/// Parses the text of `site.toml` (pure; `file` is only used for spans).
pub fn parse(text: &str, file: FileId, diagnostics: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig::default();
    let table = match DeTable::parse(text.trim_start_matches('\u{feff}')) {
        Ok(table) => table,
        Err(e) => {
            let bom = text.len() - text.trim_start_matches('\u{feff}').len();
            let range = e.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::new(
                    Code::ConfigSyntax,
                    Span::new(file, range.start + bom, range.end + bom),
                    format!("site.toml is not valid TOML: {}", e.message().trim_end()),
                )
                .with_help("see https://toml.io for the syntax; strings need quotes"),
            );
            return config;
        }
    };
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let span = |s: std::ops::Range<usize>| Span::new(file, s.start + bom, s.end + bom);
    let mut invalid = |value: &Spanned<DeValue<'_>>, message: String, help: &str| {
        diagnostics.push(
            Diagnostic::new(Code::ConfigInvalid, span(value.span()), message).with_help(help),
        );
    };
    let mut unknown = Vec::new();
    for (key, value) in table.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "title" => match value.get_ref().as_str() {
                Some(s) => config.title = s.to_string(),
                None => invalid(
                    value,
                    "`title` must be a string".into(),
                    "write title = \"Our strategy\"",
                ),
            },
            "base_url" => match value.get_ref().as_str().map(BaseUrl::parse) {
                Some(Ok(url)) => config.base_url = url,
                Some(Err(why)) => invalid(
                    value,
                    why,
                    "write the URL the site is served from, like base_url = \"https://acme.github.io/strategy/\", or a path like \"/strategy/\"",
                ),
                None => {
                    invalid(value, "`base_url` must be a string".into(), "write base_url = \"/\"")
                }
            },
            "theme" => match value.get_ref().as_str() {
                Some(s) if is_theme_name(s) => config.theme = s.to_string(),
                // A path would publish files from anywhere on the machine.
                Some(s) => invalid(
                    value,
                    format!("`theme` must be the name of a folder under themes/, not `{s}`"),
                    "write theme = \"default\", or put the theme in themes/<name>/ and write its name (letters, digits, `-`, `_`, `.`)",
                ),
                None => {
                    invalid(value, "`theme` must be a string".into(), "write theme = \"default\"")
                }
            },
            "today" => {
                let text = match value.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
                    DeValue::Datetime(d) => Some(d.to_string()),
                    _ => None,
                };
                match text.as_deref().map(Date::parse) {
                    Some(Ok(date)) => config.today = Some(date),
                    Some(Err(e)) => invalid(
                        value,
                        format!("invalid date `{}` for `today`: {}", text.unwrap_or_default(), e.0),
                        "write today = \"2026-11-25\", or leave it out to use the system date",
                    ),
                    None => invalid(
                        value,
                        "`today` must be a date".into(),
                        "write today = \"2026-11-25\"",
                    ),
                }
            }
            "debt_capacity" => match capacity(value.get_ref()) {
                Some(c) => config.debt_capacity = c,
                None => invalid(
                    value,
                    "`debt_capacity` must be a share of capacity between 0 and 1, or a percentage"
                        .into(),
                    "write debt_capacity = \"20%\" or debt_capacity = 0.2",
                ),
            },
            "capacity_days" => {
                config.capacity_days =
                    capacity_days(value, &mut |at, message, help| invalid(at, message, help))
            }
            "stale_after_days" => match value
                .get_ref()
                .as_integer()
                .and_then(|i| i.as_str().replace('_', "").parse::<u32>().ok())
            {
                Some(days) if days > 0 => config.stale_after_days = days,
                _ => invalid(
                    value,
                    "`stale_after_days` must be a positive whole number of days".into(),
                    "write stale_after_days = 90",
                ),
            },
            "allow_html" => match value.get_ref().as_bool() {
                Some(b) => config.allow_html = b,
                None => invalid(
                    value,
                    "`allow_html` must be true or false".into(),
                    "write allow_html = false",
                ),
            },
            "ignore" => {
                for (pattern, at) in strings(value, &mut |v, m, h| invalid(v, m, h), IGNORE_HELP) {
                    match Glob::parse(&pattern) {
                        Ok(glob) => config.ignore.push(glob),
                        Err(why) => invalid(&at, why, IGNORE_HELP),
                    }
                }
            }
            "ignore_fields" => {
                let help = "write ignore_fields = [\"nav_order\", \"layout\"]";
                for (field, _) in strings(value, &mut |v, m, h| invalid(v, m, h), help) {
                    config.ignore_fields.push(field);
                }
            }
            "folders" => {
                config.folders = folders(value, file, bom, &mut |v, m, h| invalid(v, m, h));
            }
            _ => unknown.push((name.to_string(), span(key.span()))),
        }
    }
    for (name, at) in unknown {
        diagnostics.push(
            Diagnostic::new(
                Code::ConfigUnknownKey,
                at,
                format!("unknown key `{name}` in site.toml"),
            )
            .with_help(
                did_you_mean(&name, KEYS.iter().copied())
                    .unwrap_or_else(|| format!("the known keys are {}", KEYS.join(", "))),
            ),
        );
    }
    config
}

const IGNORE_HELP: &str = "write ignore = [\"**/adr-template.md\", \"**/template.md\"]: paths from the site folder, where `*` is any name, `?` one character and `**` any number of folders";

/// A list of strings, each with its place: a wrong value is reported through
/// `invalid` and left out.
fn strings<'v>(
    value: &Spanned<DeValue<'v>>,
    invalid: &mut dyn FnMut(&Spanned<DeValue<'_>>, String, &str),
    help: &str,
) -> Vec<(String, Spanned<DeValue<'v>>)> {
    let DeValue::Array(items) = value.get_ref() else {
        invalid(value, "expected a list of strings".into(), help);
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_str() {
            Some(s) => out.push((s.to_string(), item.clone())),
            None => invalid(item, "expected a string".into(), help),
        }
    }
    out
}

const FOLDERS_HELP: &str = "write [folders] then one line per kind, like decision = \"docs/decisions\": a folder inside the site folder, relative to it";

/// `[folders]`: kind = "path/inside/the/site". Paths that leave the site folder
/// (`..`, absolute) are reported through `invalid` and left out.
fn folders(
    value: &Spanned<DeValue<'_>>,
    file: FileId,
    bom: usize,
    invalid: &mut dyn FnMut(&Spanned<DeValue<'_>>, String, &str),
) -> Vec<MappedFolder> {
    let DeValue::Table(table) = value.get_ref() else {
        invalid(value, "`folders` must be a table of kinds and folders".into(), FOLDERS_HELP);
        return Vec::new();
    };
    let mut out: Vec<MappedFolder> = Vec::new();
    for (key, path) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some(text) = path.get_ref().as_str() else {
            invalid(path, format!("the folder of `{name}` must be a string"), FOLDERS_HELP);
            continue;
        };
        let folder = text.trim().trim_end_matches('/');
        let is_absolute =
            folder.starts_with('/') || folder.starts_with('\\') || folder.get(1..2) == Some(":");
        let why = if folder.is_empty() || folder == "." {
            Some(format!("the folder of `{name}` is empty"))
        } else if is_absolute {
            Some(format!("`{text}` is an absolute path; the folder must be inside the site folder"))
        } else if folder.split(['/', '\\']).any(|s| s == "..") {
            Some(format!("`{text}` leads out of the site folder with `..`"))
        } else if folder.contains('\\') {
            Some(format!("`{text}` must use `/` between folders"))
        } else {
            None
        };
        if let Some(why) = why {
            invalid(path, why, FOLDERS_HELP);
            continue;
        }
        let (range, key_range) = (path.span(), key.span());
        out.push(MappedFolder {
            kind: name.to_string(),
            kind_span: Span::new(file, key_range.start + bom, key_range.end + bom),
            path: folder
                .split('/')
                .filter(|s| !s.is_empty() && *s != ".")
                .collect::<Vec<_>>()
                .join("/"),
            span: Span::new(file, range.start + bom, range.end + bom),
        });
    }
    out
}

/// Whether `name` can name a theme: one path component under `themes/`, of letters,
/// digits, `-`, `_` and `.`, not starting with `.` (so never `..` or hidden).
fn is_theme_name(name: &str) -> bool {
    name.len() <= 100
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The byte range of the value of top-level `key` in the text of `site.toml`, so a
/// later stage can point at it (the theme that turns out to be missing).
pub fn value_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let trimmed = text.trim_start_matches('\u{feff}');
    let bom = text.len() - trimmed.len();
    let table = DeTable::parse(trimmed).ok()?;
    let value = table.get_ref().iter().find(|(k, _)| k.get_ref().as_ref() == key)?.1;
    let span = value.span();
    Some(span.start + bom..span.end + bom)
}

/// The most days `capacity_days` may give a quarter: far beyond any team, small enough
/// that sums of them stay exact.
const MAX_DAYS: f64 = 1e9;

const CAPACITY_HELP: &str = "write capacity_days = 60 (days in every quarter), or a table: [capacity_days] with \"2026-Q4\" = 62";

/// `capacity_days`: a number of days, or a table of them by quarter. Each wrong value
/// (or key that is not a quarter) is reported through `invalid`, and left out.
fn capacity_days(
    value: &Spanned<DeValue<'_>>,
    invalid: &mut dyn FnMut(&Spanned<DeValue<'_>>, String, &str),
) -> Option<CapacityDays> {
    let days = |value: &DeValue<'_>| {
        let days = match value {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok()?,
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok()?,
            _ => return None,
        };
        (0.0..=MAX_DAYS).contains(&days).then_some(days)
    };
    let DeValue::Table(table) = value.get_ref() else {
        return match days(value.get_ref()) {
            Some(d) => Some(CapacityDays::Every(d)),
            None => {
                invalid(
                    value,
                    "`capacity_days` must be a number of days (0 or more), or a table of them by quarter"
                        .into(),
                    CAPACITY_HELP,
                );
                None
            }
        };
    };
    let mut by_quarter = std::collections::BTreeMap::new();
    for (key, days_value) in table.iter() {
        let name = key.get_ref().as_ref();
        let Ok(quarter) = Quarter::parse(name) else {
            // The key's span: a value of the right type under a wrong key still
            // points at the key.
            let at = Spanned::new(key.span(), DeValue::Boolean(false));
            invalid(
                &at,
                format!("`{name}` in `capacity_days` is not a quarter"),
                "write quarters like \"2026-Q4\" = 62",
            );
            continue;
        };
        match days(days_value.get_ref()) {
            Some(d) => {
                by_quarter.insert(quarter, d);
            }
            None => invalid(
                days_value,
                format!("capacity_days of {quarter} must be a number of days (0 or more)"),
                CAPACITY_HELP,
            ),
        }
    }
    Some(CapacityDays::ByQuarter(by_quarter))
}

fn capacity(value: &DeValue<'_>) -> Option<f64> {
    let share = match value {
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok()?,
        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok()?,
        DeValue::String(s) => s.trim().strip_suffix('%')?.trim().parse::<f64>().ok()? / 100.0,
        _ => return None,
    };
    (0.0..=1.0).contains(&share).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        let mut d = Diagnostics::default();
        let c = parse(text, FileId(0), &mut d);
        (c, d.into_sorted())
    }

    #[test]
    fn parse_reads_every_key() {
        let (c, d) = parse_ok(
            "title = \"Acme\"\nbase_url = \"/acme/\"\ntoday = \"2026-11-25\"\ntheme = \"dark\"\ndebt_capacity = \"25%\"\nstale_after_days = 60\nallow_html = true\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.title, "Acme");
        assert_eq!(c.base_url.path(), "/acme/");
        assert_eq!(c.today.map(|d| d.to_string()).as_deref(), Some("2026-11-25"));
        assert_eq!(c.theme, "dark");
        assert!((c.debt_capacity - 0.25).abs() < 1e-9);
        assert_eq!(c.stale_after_days, 60);
        assert!(c.allow_html);
    }

    #[test]
    fn parse_accepts_a_bare_toml_date() {
        let (c, d) = parse_ok("today = 2026-01-31\n");
        assert!(d.is_empty());
        assert_eq!(c.today.map(|d| d.to_string()).as_deref(), Some("2026-01-31"));
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let (_, d) = parse_ok("titel = \"x\"\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::ConfigUnknownKey);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!((d[0].span.start, d[0].span.end), (0, 5));
    }

    #[test]
    fn bad_values_are_located() {
        let (c, d) = parse_ok("today = \"yesterday\"\ndebt_capacity = 3\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.code == Code::ConfigInvalid));
        assert_eq!(d[0].span.start, 8);
        assert_eq!(c, SiteConfig::default());
    }

    #[test]
    fn issue_7_theme_must_be_a_name_not_a_path() {
        for bad in ["../x", "/etc", "a/b", "..", ".hidden", "", "a\\\\b", "x y"] {
            let text = format!("title = \"t\"\ntheme = {bad:?}\n");
            let (c, d) = parse_ok(&text);
            assert_eq!(c.theme, "default", "{bad}");
            assert_eq!(d.len(), 1, "{bad}");
            assert_eq!(d[0].code, Code::ConfigInvalid);
            assert_eq!(d[0].span.start, text.find("theme = ").unwrap() + 8, "{bad}");
        }
        for good in ["dark", "acme-2026", "v1.2_x"] {
            let (c, d) = parse_ok(&format!("theme = {good:?}\n"));
            assert!(d.is_empty(), "{good}");
            assert_eq!(c.theme, good);
        }
    }

    #[test]
    fn capacity_days_is_a_number_or_a_table_by_quarter() {
        let q = |t: &str| Quarter::parse(t).expect("a quarter written in the test");
        let (c, d) = parse_ok("capacity_days = 60\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.capacity_days, Some(CapacityDays::Every(60.0)));
        assert_eq!(c.capacity_days.and_then(|c| c.of(q("2031-Q2"))), Some(60.0));
        let (c, d) = parse_ok("[capacity_days]\n\"2026-Q4\" = 62\n\"2027-q1\" = 55.5\n");
        assert!(d.is_empty(), "{d:?}");
        let days = c.capacity_days.expect("a table");
        assert_eq!(days.of(q("2026-Q4")), Some(62.0));
        assert_eq!(days.of(q("2027-Q1")), Some(55.5));
        assert_eq!(days.of(q("2027-Q2")), None);
    }

    #[test]
    fn bad_capacity_days_are_located() {
        let (c, d) = parse_ok("capacity_days = \"lots\"\n");
        assert_eq!(c.capacity_days, None);
        assert_eq!((d.len(), d[0].code, d[0].span.start), (1, Code::ConfigInvalid, 16));
        let text = "[capacity_days]\n\"2026-Q4\" = -1\nnext = 3\n\"2027-Q1\" = 10\n";
        let (c, d) = parse_ok(text);
        let at: Vec<usize> = d.iter().map(|d| d.span.start).collect();
        assert_eq!(at, vec![text.find("-1").unwrap_or(0), text.find("next").unwrap_or(0)]);
        assert!(d.iter().all(|d| d.code == Code::ConfigInvalid));
        let kept = c.capacity_days.expect("the good entries are kept");
        assert_eq!(kept.of(Quarter::parse("2027-Q1").expect("a quarter")), Some(10.0));
        assert_eq!(kept.of(Quarter::parse("2026-Q4").expect("a quarter")), None);
    }

    #[test]
    fn value_span_finds_a_key() {
        let text = "title = \"x\"\ntheme = \"dark\"\n";
        assert_eq!(value_span(text, "theme"), Some(20..26));
        assert_eq!(value_span(text, "today"), None);
    }

    #[test]
    fn syntax_errors_are_located() {
        let (_, d) = parse_ok("title = \"x\"\nbase_url = \n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::ConfigSyntax);
    }
}
