//! The one pipeline behind every command: config → content → model, then render.
//! `check` stops after the model, the compiled theme and the route table, so it rejects
//! everything `build` would; `build` renders those routes into memory.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::{self, BaseUrl, ConfigError, SiteConfig};
use crate::content::{self, ContentCache, LoadError, ParseCache, Reread};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::history;
use crate::model::history::History;
use crate::model::{self, Date, Document, Kind, Strategy};
use crate::output::Stamp;
use crate::render::{
    self, At, Claim, Drafts, Earlier, Origin, Pages, Reads, RenderError, RenderOptions, Renderer,
    Route, RouteTable, Theme, ThemeError, UrlPath,
};

/// What the caller decides rather than the site.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `today` from site.toml.
    pub today: Option<Date>,
    /// The system date, used when neither `--today` nor site.toml sets one. Passed in
    /// so the pipeline itself never reads the clock.
    pub system_today: Option<Date>,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<BaseUrl>,
    pub drafts: Option<Drafts>,
    /// Where the strategy's history comes from; none by default.
    pub history: HistorySource,
}

/// Where a check finds the strategy's history.
#[derive(Clone, Debug, Default)]
pub enum HistorySource {
    /// Nowhere: no git is read.
    #[default]
    Off,
    /// The git repository the site is in.
    Git(GitHistory),
    /// Read before, by an earlier check of the same site (the preview's rebuilds): each
    /// new model is compared with it.
    Known(std::sync::Arc<history::Past>),
}

/// What to read from git.
#[derive(Clone, Debug, Default)]
pub struct GitHistory {
    /// `--since REV`: also what changed since that commit.
    pub since: Option<String>,
    /// The site folder in the repository, when the files checked are a past state
    /// written elsewhere (`--as-of`); the checked folder itself otherwise.
    pub repository: Option<PathBuf>,
    /// The commit whose history is read; `HEAD` (and what is not yet committed) when
    /// `None`.
    pub tip: Option<String>,
    /// What an earlier build read of the history ([`Checked::history_cache`]).
    pub cache: std::sync::Arc<Vec<u8>>,
}

/// The result of running the pipeline over a site.
#[derive(Debug)]
pub struct Checked {
    pub strategy: Strategy,
    pub sources: SourceMap,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The theme with its templates compiled; `None` when they do not compile (the
    /// diagnostics say why).
    pub theme: Option<Theme>,
    /// How the site renders, settled once for `check` and `build` alike.
    pub render_options: RenderOptions,
    /// Every URL of the site.
    pub routes: RouteTable,
    /// What reading the history has to say, once: that there is none, or which past
    /// states were left out.
    pub history_notes: Vec<String>,
    /// What the next build can take from this one's reading of the history; empty
    /// when there was none.
    pub history_cache: Vec<u8>,
    /// What was read from git, for the preview to compare its next models with.
    pub past: Option<std::sync::Arc<history::Past>>,
}

impl Checked {
    /// How many of the diagnostics are errors: any stops a build.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count()
    }

    /// A renderer of this site's routes, when its theme compiled.
    pub fn renderer(&self) -> Option<Renderer<'_>> {
        let theme = self.theme.as_ref()?;
        let routes = &self.routes.routes;
        Some(Renderer::new(&self.strategy, &self.sources, theme, &self.render_options, routes))
    }
}

/// The site could not be read at all: exit 2, not a content error.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("there is no folder at {path}")]
    NoRoot { path: PathBuf },
    #[error("{path} is a file, not a folder")]
    RootIsFile { path: PathBuf },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("{0}")]
    History(String),
}

/// Whether `root` is a folder, as a site must be.
pub fn site_folder(root: &Path) -> Result<(), PipelineError> {
    if root.is_dir() {
        return Ok(());
    }
    let path = root.to_path_buf();
    Err(match root.exists() {
        true => PipelineError::RootIsFile { path },
        false => PipelineError::NoRoot { path },
    })
}

/// A checked site and, when it had no errors, its rendered pages.
#[derive(Debug)]
pub struct Built {
    pub checked: Checked,
    /// `None` when the content has errors: nothing is rendered, nothing may be written.
    pub output: Option<Pages>,
}

/// A checked site's routes as the files to write ([`crate::output::write_files`]),
/// each page rendered when it is written, so that the site is never in memory whole.
pub struct Rendering<'a> {
    renderer: Renderer<'a>,
    /// Each file's path in the output folder, sorted, and the URL it renders.
    paths: Vec<String>,
    urls: Vec<UrlPath>,
    /// Site-wide pages first: they are the big ones.
    order: Vec<usize>,
    /// What each page this build rendered read.
    reads: Vec<OnceLock<Reads>>,
    /// What each page kept from the folder written into read.
    earlier: OnceLock<Earlier>,
}

impl<'a> Rendering<'a> {
    /// The files of `checked`, when its theme compiled.
    pub fn of(checked: &'a Checked) -> Option<Self> {
        let renderer = checked.renderer()?;
        let mut files: Vec<(String, &UrlPath, &Route)> =
            checked.routes.routes.iter().map(|(url, route)| (url.file(), url, route)).collect();
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let one_document = |route: &Route| {
            matches!(route, Route::Document(_) | Route::Static(_) | Route::Asset(_))
        };
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_key(|&i| files.get(i).is_some_and(|(_, _, route)| one_document(route)));
        let urls = files.iter().map(|(_, url, _)| (*url).clone()).collect();
        let paths: Vec<String> = files.into_iter().map(|(path, ..)| path).collect();
        let reads = paths.iter().map(|_| OnceLock::new()).collect();
        Some(Rendering { renderer, paths, urls, order, reads, earlier: OnceLock::new() })
    }

    /// How many files the site has.
    pub fn files(&self) -> usize {
        self.paths.len()
    }

    /// How many HTML pages the site has.
    pub fn pages(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
    }
}

impl crate::output::Files for Rendering<'_> {
    type Error = RenderError;

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn order(&self) -> Vec<usize> {
        self.order.clone()
    }

    fn bytes(&self, index: usize) -> Result<Cow<'_, [u8]>, RenderError> {
        let (Some(url), Some(read)) = (self.urls.get(index), self.reads.get(index)) else {
            return Ok(Cow::Borrowed(&[]));
        };
        let Some((bytes, reads)) = self.renderer.render_recorded(url)? else {
            return Ok(Cow::Borrowed(&[]));
        };
        let _ = read.set(reads);
        Ok(Cow::Owned(bytes))
    }

    fn kept(&self, record: &[u8], found: &[Option<Stamp>]) -> Vec<bool> {
        let earlier = self.renderer.kept(record, &self.urls, found);
        let kept = earlier.kept();
        let _ = self.earlier.set(earlier);
        kept
    }

    fn record(&self, left: &[Option<Stamp>]) -> Option<Vec<u8>> {
        let reads: Vec<Option<&Reads>> = self.reads.iter().map(OnceLock::get).collect();
        let none = Earlier::default();
        let earlier = self.earlier.get().unwrap_or(&none);
        Some(self.renderer.record(&self.urls, left, &reads, earlier))
    }
}

/// Checks the site at `root` and, when it has no errors, renders it into memory.
pub fn build(root: &Path, options: &Options) -> Result<Built, PipelineError> {
    let checked = check(root, options)?;
    let output = match checked.renderer() {
        Some(renderer) if checked.error_count() == 0 => renderer.render_all()?.into_files(),
        _ => return Ok(Built { checked, output: None }),
    };
    Ok(Built { checked, output: Some(output) })
}

/// Loads, parses and validates the site at `root`, compiles its theme and checks its
/// static files against the pages it generates: everything `build` rejects, short of
/// rendering.
pub fn check(root: &Path, options: &Options) -> Result<Checked, PipelineError> {
    Ok(check_from(root, options, None, Vec::new(), None)?.0)
}

/// [`check`], taking what parsing gave from `parsed` for each document whose text it
/// holds; with the cache for the next build, of this build's documents.
pub fn check_parsed(
    root: &Path,
    options: &Options,
    parsed: &ParseCache,
) -> Result<(Checked, Vec<u8>), PipelineError> {
    let (checked, remade) = check_from(root, options, None, Vec::new(), Some(parsed))?;
    Ok((checked, remade.unwrap_or_default()))
}

/// [`check`], reading again only the documents `reread` names (and any the cache has
/// not seen); the rest comes from `cache`. The preview's rebuilds go through here.
/// `previous` are the last build's documents: those whose files have not changed are
/// kept rather than read again.
pub fn check_cached(
    root: &Path,
    options: &Options,
    cache: &mut ContentCache,
    reread: Reread<'_>,
    previous: Vec<Document>,
) -> Result<Checked, PipelineError> {
    Ok(check_from(root, options, Some((cache, reread)), previous, None)?.0)
}

fn check_from(
    root: &Path,
    options: &Options,
    cache: Option<(&mut ContentCache, Reread<'_>)>,
    previous: Vec<Document>,
    parsed: Option<&ParseCache>,
) -> Result<(Checked, Option<Vec<u8>>), PipelineError> {
    site_folder(root)?;
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let (config, site_file): (SiteConfig, _) = config::load(root, &mut sources, &mut diagnostics)?;
    // Site-wide findings point at site.toml; when there is none, at the content folder.
    let site_file =
        site_file.unwrap_or_else(|| sources.add_place(&Path::new(content::CONTENT_DIR).join("")));
    let folders = mapped_folders(root, &config, &mut diagnostics);
    let layout = content::Layout { ignore: &config.ignore, folders: &folders };
    let raw = match cache {
        Some((cache, reread)) => {
            content::load_cached(root, layout, &mut sources, &mut diagnostics, cache, reread)?
        }
        None => content::load(root, layout, &mut sources, &mut diagnostics, parsed)?,
    };
    let remade = parsed.map(|parsed| parsed.make(&raw.documents, &sources));
    let ignore = matches!(options.history, HistorySource::Git(_)).then(|| config.ignore.clone());
    // The preview's rebuilds ask git only which files are not yet committed, once.
    let uncommitted = match &options.history {
        HistorySource::Known(past) => Some(past.uncommitted()),
        _ => None,
    };
    let (log, known, mut history_notes) =
        read_log(root, options, uncommitted.as_ref(), &folders, &raw, &sources);
    let theme_at = {
        let range = config::value_span(&sources.file(site_file).text, "theme").unwrap_or(0..0);
        Span::new(site_file, range.start, range.end)
    };
    let overrides =
        content::load_theme(root, &config.theme, theme_at, &mut sources, &mut diagnostics)?;
    let theme = compile_theme(overrides, &mut sources, &mut diagnostics)?;
    let today = options
        .today
        .or(config.today)
        .or(options.system_today)
        .unwrap_or_else(|| Date::from_days_since_epoch(0));
    let inputs = model::Inputs {
        config,
        today,
        sources: &sources,
        site_file,
        assets: raw.assets,
        history: known,
    };
    let mut strategy = model::build(inputs, &raw.documents, previous, &mut diagnostics);
    let mut history_cache = Vec::new();
    let drafts = options.drafts == Some(Drafts::Include);
    let past = match (&options.history, log, &ignore) {
        (HistorySource::Git(git), Some(log), Some(ignore)) => {
            let reading = history::Reading {
                layout: content::Layout { ignore, folders: &folders },
                parsed,
                since: git.since.as_deref(),
            };
            let table = history::Table::read(&git.cache);
            let (past, notes) = history::Past::read(log, strategy.today, &reading, table)
                .map_err(PipelineError::History)?;
            if !notes.skipped.is_empty() {
                history_notes.push(format!(
                    "left out of the history, as their documents could not be read: {}",
                    notes.skipped.join(", ")
                ));
            }
            history_cache = notes.cache;
            Some(std::sync::Arc::new(past))
        }
        (HistorySource::Known(past), ..) => Some(std::sync::Arc::clone(past)),
        _ => None,
    };
    if let Some(past) = &past {
        // The files not yet committed, as the log (or for the preview, git now) says.
        let uncommitted = uncommitted.as_ref().unwrap_or_else(|| past.uncommitted_then());
        past.history(&mut strategy, &sources, drafts, uncommitted);
    }
    let base_url = options.base_url.as_ref().unwrap_or(&strategy.config.base_url);
    let render_options = RenderOptions {
        base_path: base_url.path().to_string(),
        origin: base_url.origin().map(str::to_string),
        drafts: options.drafts.unwrap_or(Drafts::Exclude),
    };
    let routes = render::routes(&strategy, theme.as_ref(), &render_options);
    report_routes(&strategy, &routes, &mut sources, &mut diagnostics);
    let diagnostics = diagnostics.into_sorted();
    let checked = Checked {
        strategy,
        sources,
        diagnostics,
        theme,
        render_options,
        routes,
        history_notes,
        history_cache,
        past,
    };
    Ok((checked, remade))
}

/// The git log `options` asks for, and what is known of the history before the model:
/// when each document last changed (for the preview's rebuilds, with `uncommitted` the
/// files not yet committed now). Says once why there is no history.
fn read_log(
    root: &Path,
    options: &Options,
    uncommitted: Option<&std::collections::BTreeSet<String>>,
    folders: &[(String, String)],
    raw: &content::Loaded,
    sources: &SourceMap,
) -> (Option<history::Log>, History, Vec<String>) {
    let git = match &options.history {
        HistorySource::Off => return (None, History::default(), Vec::new()),
        HistorySource::Known(past) => {
            let uncommitted = uncommitted.cloned().unwrap_or_default();
            let revision = past.revision(&uncommitted);
            let known = last_changed(revision, &past.last_changed(&uncommitted), raw, sources);
            return (None, known, Vec::new());
        }
        HistorySource::Git(git) => git,
    };
    let layout = content::Layout { ignore: &[], folders };
    let repository = git.repository.as_deref().unwrap_or(root);
    let log =
        history::Log::read(repository, &history::document_folders(layout), git.tip.as_deref());
    if let Some(why) = &log.unavailable {
        // A folder outside git, or a repository with no commit yet, has no history to
        // miss; anything else is worth a word.
        let expected = match why {
            history::Unavailable::NotARepository | history::Unavailable::NoCommits => false,
            history::Unavailable::NoGit => repository.ancestors().any(|a| a.join(".git").exists()),
            history::Unavailable::Shallow | history::Unavailable::Failed(_) => true,
        };
        let note = format!("the strategy's history is not shown: {why}");
        return (None, History::default(), expected.then_some(note).into_iter().collect());
    }
    let known = last_changed(log.revision(), &log.last_changed(), raw, sources);
    (Some(log), known, Vec::new())
}

/// What is known of the history before the model: what it was read at, and when each
/// document (by path under `content/`) last changed, from `by_path` (by path from the
/// site root).
fn last_changed(
    revision: String,
    by_path: &BTreeMap<String, Option<Date>>,
    raw: &content::Loaded,
    sources: &SourceMap,
) -> History {
    let mut known = History { revision, ..History::default() };
    for document in &raw.documents {
        let shown = sources.file(document.file).path.to_string_lossy();
        if let Some(&changed) = by_path.get(shown.as_ref()) {
            known.last_changed.insert(document.rel_path.clone(), changed);
        }
    }
    known
}

/// `[folders]` of site.toml as (folder under `content/`, folder from the root): each
/// kind's folder once. A name that is no kind with a folder of its own, or a kind
/// named twice, is a `config-invalid` error at its name.
pub(crate) fn mapped_folders(
    root: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut folders: Vec<(String, String)> = Vec::new();
    for mapped in &config.folders {
        let kind = Kind::parse(&mapped.kind).filter(|k| !matches!(k, Kind::Page | Kind::Vision));
        let problem = match kind {
            None => Some(format!(
                "`{}` in `folders` is not a kind of document with a folder",
                mapped.kind
            )),
            Some(kind) if folders.iter().any(|(s, _)| s == kind.section()) => {
                Some(format!("`folders` names the folder of `{}` twice", kind.as_str()))
            }
            Some(_) => None,
        };
        match (kind, problem) {
            (Some(_), None) if !root.join(&mapped.path).is_dir() => diagnostics.push(
                Diagnostic::new(
                    Code::ConfigInvalid,
                    mapped.span,
                    format!("there is no folder `{}` in the site folder", mapped.path),
                )
                .with_help("write the folder's path from the folder site.toml is in"),
            ),
            (Some(kind), None) => folders.push((kind.section().to_string(), mapped.path.clone())),
            (_, problem) => diagnostics.push(
                Diagnostic::new(Code::ConfigInvalid, mapped.kind_span, problem.unwrap_or_default())
                    .with_help("write one line per kind under [folders], like decision = \"docs/decisions\""),
            ),
        }
    }
    folders
}

/// Reports what the route table could not place: two documents at one URL, or a page
/// at a generated page's (`url-collision`, at the second document's id), and static
/// files in the way of generated ones (`static-collision`, at the static file).
fn report_routes(
    strategy: &Strategy,
    routes: &RouteTable,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let documents = &strategy.documents;
    for clash in &routes.clashes {
        let Claim::Document(second) = clash.second else { continue };
        let document = &documents[second.0];
        let url = clash.url.as_str();
        let diagnostic = match clash.first {
            Claim::Generated => Diagnostic::new(
                Code::UrlCollision,
                document.id_span,
                format!(
                    "content/{} would be published at /{url}, {}",
                    document.path,
                    crate::render::generated_at(url)
                ),
            )
            .with_help("rename the file, or move it into a folder of its own"),
            Claim::Document(first) => {
                let first = &documents[first.0];
                // Two documents of kinds other than pages only meet through a
                // duplicate id, which the model reports.
                if first.kind != Kind::Page && document.kind != Kind::Page {
                    continue;
                }
                Diagnostic::new(
                    Code::UrlCollision,
                    document.id_span,
                    format!(
                        "content/{} and content/{} would both be published at /{url}",
                        first.path, document.path
                    ),
                )
                .with_help("rename one of the files")
            }
        };
        diagnostics.push(diagnostic);
    }
    for collision in &routes.static_collisions {
        let shown = origin_path(&collision.origin, &format!("static/{}", collision.static_path));
        let file = sources.add(Path::new(&shown), String::new());
        let what = if collision.generated.ends_with('/') { "pages under it" } else { "it" };
        diagnostics.push(
            Diagnostic::new(
                Code::StaticCollision,
                Span::file_start(file),
                format!("`{shown}` collides with the generated `{}`", collision.generated),
            )
            .with_help(format!("rename or remove the static file: northstar generates {what}")),
        );
    }
}

/// Compiles the theme. Mistakes in the site's templates become `template-syntax`
/// diagnostics at the template's line and column (its text joins `sources`, so the
/// report quotes it); a broken embedded theme is an error.
fn compile_theme(
    overrides: Vec<content::ThemeSource>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Theme>, PipelineError> {
    let overrides = overrides.into_iter().map(|f| (f.key, f.path, f.bytes));
    let problems = match Theme::compile(overrides) {
        Ok(theme) => return Ok(Some(theme)),
        Err(ThemeError::Templates { problems, .. }) => problems,
        Err(e) => return Err(e.into()),
    };
    // Each template joins the sources once, however many problems it has.
    let mut files: BTreeMap<String, FileId> = BTreeMap::new();
    for problem in problems {
        let shown = origin_path(
            &problem.origin,
            &format!("{}/default/templates/{}", content::THEMES_DIR, problem.template),
        );
        let file = *files
            .entry(shown)
            .or_insert_with_key(|shown| sources.add(Path::new(shown), problem.text));
        let source = sources.file(file);
        let (start, end) = match problem.at {
            At::Range(range) => (range.start, range.end),
            At::LineCol { line, column } => {
                let at = source.offset_of(line, column).unwrap_or(0);
                (at, at)
            }
            At::Start => (0, 0),
        };
        let help = if problem.origin == Origin::Embedded {
            "this default template relies on something your templates/ overrides removed; restore it"
        } else {
            "fix the template; https://keats.github.io/tera/docs/ describes the syntax"
        };
        diagnostics.push(
            Diagnostic::new(
                Code::TemplateSyntax,
                Span::new(file, start.min(source.text.len()), end.min(source.text.len())),
                format!("template `{}` does not compile: {}", problem.template, problem.message),
            )
            .with_help(help),
        );
    }
    Ok(None)
}

/// How reports name a theme file: its path in the site, or `fallback` for an embedded
/// one.
fn origin_path(origin: &Origin, fallback: &str) -> String {
    match origin {
        Origin::Disk(path) => path.to_string_lossy().into_owned(),
        Origin::Embedded => fallback.to_string(),
    }
}
