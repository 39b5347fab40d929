//! Load: every `content/**/*.md` read once, in path order, split into front matter
//! (parsed into spanned [`Node`]s) and body, whose first Markdown pass (headings and
//! links) is made here too, beside the parsing of its front matter. The only stage
//! that reads the content folder; it knows no document kinds.

mod files;
mod front_matter;
mod theme;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use front_matter::{Key, Node, Value};
pub use theme::{DEFAULT_THEME, THEMES_DIR, ThemeSource, load_theme};
pub use walk::slash_path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceFile, SourceMap, Span};
use crate::markdown::{self, Scanned};

/// The folder under the site root that holds the documents.
pub const CONTENT_DIR: &str = "content";

/// What a file's front matter turned out to be.
#[derive(Clone, Debug)]
pub enum FrontMatter {
    /// The file has none: a plain page.
    Absent,
    /// Parsed YAML (any shape; the model checks that it is a mapping).
    Parsed(Node),
    /// Present but unreadable; a diagnostic says why. The document still exists, so
    /// links to it resolve and one mistake is reported once.
    Broken,
}

/// One Markdown file, read and split.
#[derive(Clone, Debug)]
pub struct RawDocument {
    pub file: FileId,
    /// Path under `content/`, `/`-separated: `initiatives/faster-sync.md`.
    pub rel_path: String,
    pub front_matter: FrontMatter,
    /// Byte offset of the Markdown body in the file.
    pub body_start: usize,
    /// The body's headings and links.
    pub scanned: Arc<Scanned>,
}

/// The content folder could not be read: an environment problem, not a content one.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("there is no content folder at {path}")]
    NoContent { path: PathBuf },
    #[error("cannot read {path}")]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads and splits every document under `root/content`. Files are added to `sources`
/// in path order; problems in them (`non-utf8`, `unclosed-front-matter`,
/// `yaml-syntax`) go to `diagnostics`, and so do links out of the root and special
/// files, which are skipped (`symlink-outside-root`, `not-a-regular-file`).
pub fn load(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Arc<RawDocument>>, LoadError> {
    load_from(root, sources, diagnostics, None, Reread::All)
}

/// What `content/` held at the last load, kept between the preview's rebuilds: each
/// document's text and what splitting and parsing it gave, so that a rebuild reads
/// and parses only the files a change names. Both are shared with the loads that
/// return them, not copied.
#[derive(Clone, Debug, Default)]
pub struct ContentCache {
    files: BTreeMap<String, Cached>,
}

impl ContentCache {
    /// Reads the document at `path` (under `content/`) again when only its body can
    /// have changed: it is still a regular file inside the site, valid UTF-8, read
    /// without problems before, and its front matter is byte for byte what the cache
    /// holds. Keeps the new text, whose front matter needs no parsing, and the scan
    /// of its body, and returns both; `None` otherwise, for a load to read it the
    /// usual way.
    pub fn reread_body(
        &mut self,
        root: &Path,
        path: &str,
    ) -> Option<(Arc<SourceFile>, Arc<Scanned>)> {
        let cached = self.files.get_mut(path)?;
        if matches!(cached.document.front_matter, FrontMatter::Broken)
            || !cached.diagnostics.is_empty()
        {
            return None;
        }
        let file = root.join(CONTENT_DIR).join(path);
        let inside = files::SiteRoot::new(root).ok()?.contains(&file) == Some(true);
        if !inside || !std::fs::metadata(&file).ok()?.is_file() {
            return None;
        }
        let text = String::from_utf8(files::read(&file).ok()?).ok()?;
        let start = cached.document.body_start;
        if text.get(..start)? != cached.source.text.get(..start)? {
            return None;
        }
        let id = cached.document.file;
        let scanned = Arc::new(markdown::scan(text.get(start..)?, start, id));
        cached.source = Arc::new(SourceFile::new(cached.source.path.clone(), text));
        Arc::make_mut(&mut cached.document).scanned = Arc::clone(&scanned);
        Some((Arc::clone(&cached.source), scanned))
    }
}

#[derive(Clone, Debug)]
struct Cached {
    source: Arc<SourceFile>,
    document: Arc<RawDocument>,
    diagnostics: Vec<Diagnostic>,
}

/// Which documents a cached load reads again.
#[derive(Clone, Copy, Debug)]
pub enum Reread<'a> {
    /// Every file.
    All,
    /// These paths under `content/`, and files the cache has not seen.
    Only(&'a BTreeSet<String>),
}

/// [`load`], reading again only what `reread` names and files `cache` does not hold;
/// the rest comes from `cache`, which is brought up to date. The folder is walked
/// every time, so files that appear or go are always seen.
pub fn load_cached(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    cache: &mut ContentCache,
    reread: Reread<'_>,
) -> Result<Vec<Arc<RawDocument>>, LoadError> {
    load_from(root, sources, diagnostics, Some(cache), reread)
}

/// The load itself; without a cache nothing is kept.
fn load_from(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    mut cache: Option<&mut ContentCache>,
    reread: Reread<'_>,
) -> Result<Vec<Arc<RawDocument>>, LoadError> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(LoadError::NoContent { path: content_dir });
    }
    let site_root = files::SiteRoot::new(root)?;
    let files = walk::markdown_files(&site_root, &content_dir, sources, diagnostics)?;
    let cached = cache.as_deref().map(|c| &c.files);
    let is_fresh = |rel: &str| match (reread, cached) {
        (Reread::Only(paths), Some(files)) => paths.contains(rel) || !files.contains_key(rel),
        _ => true,
    };
    let read: Vec<Option<Result<Vec<u8>, LoadError>>> = files
        .par_iter()
        .map(|(path, rel)| {
            is_fresh(rel).then(|| {
                std::fs::read(path).map_err(|source| LoadError::Read { path: path.clone(), source })
            })
        })
        .collect();

    // Every file joins the sources in path order; fresh ones are parsed below, cached
    // ones only move to their new file id.
    let mut fresh = Vec::new();
    let mut documents: Vec<Option<(Arc<RawDocument>, Vec<Diagnostic>)>> =
        Vec::with_capacity(files.len());
    let mut kept = BTreeMap::new();
    for ((_, rel_path), bytes) in files.into_iter().zip(read) {
        let display_path = Path::new(CONTENT_DIR).join(&rel_path);
        let Some(bytes) = bytes else {
            let Some(mut cached) = cache.as_deref_mut().and_then(|c| c.files.remove(&rel_path))
            else {
                continue;
            };
            let file = sources.add_shared(Arc::clone(&cached.source));
            // Ids stay as they were unless files came or went before this one.
            if cached.document.file != file {
                Arc::make_mut(&mut cached.document).move_to(file);
                cached.diagnostics.iter_mut().for_each(|d| d.span.file = file);
            }
            documents.push(Some((Arc::clone(&cached.document), cached.diagnostics.clone())));
            kept.insert(rel_path, cached);
            continue;
        };
        let (text, invalid_at) = match String::from_utf8(bytes?) {
            Ok(text) => (text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let file = sources.add(&display_path, text);
        let mut found = Vec::new();
        if let Some(at) = invalid_at {
            let text = &sources.file(file).text;
            // The lossy text has U+FFFD (3 bytes) where the bad byte was; point at it.
            let end = (at + '\u{fffd}'.len_utf8()).min(text.len());
            found.push(
                Diagnostic::new(
                    Code::NonUtf8,
                    Span::new(file, at, end),
                    "this file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8; northstar reads no other encoding"),
            );
        }
        fresh.push((documents.len(), file, rel_path, invalid_at.is_some(), found));
        documents.push(None);
    }

    let parsed: Vec<(usize, Arc<RawDocument>, Vec<Diagnostic>)> = fresh
        .into_par_iter()
        .map(|(at, file, rel_path, is_broken, mut found)| {
            let (document, diagnostic) = split_and_parse(sources, file, rel_path, is_broken);
            found.extend(diagnostic);
            (at, Arc::new(document), found)
        })
        .collect();
    for (at, document, found) in parsed {
        if let Some(source) = cache.is_some().then(|| sources.shared(document.file)).flatten() {
            let diagnostics = found.clone();
            let cached = Cached { source, document: Arc::clone(&document), diagnostics };
            kept.insert(document.rel_path.clone(), cached);
        }
        if let Some(slot) = documents.get_mut(at) {
            *slot = Some((document, found));
        }
    }
    if let Some(cache) = cache {
        cache.files = kept;
    }
    let mut loaded = Vec::with_capacity(documents.len());
    for (document, found) in documents.into_iter().flatten() {
        found.into_iter().for_each(|d| diagnostics.push(d));
        loaded.push(document);
    }
    Ok(loaded)
}

impl RawDocument {
    /// Points the document and every span in it at `file`: a cached document keeps its
    /// text, but may get another id in a new source map.
    fn move_to(&mut self, file: FileId) {
        self.file = file;
        if let FrontMatter::Parsed(node) = &mut self.front_matter {
            node.move_to(file);
        }
        Arc::make_mut(&mut self.scanned).move_to(file);
    }
}

fn split_and_parse(
    sources: &SourceMap,
    file: FileId,
    rel_path: String,
    is_broken: bool,
) -> (RawDocument, Option<Diagnostic>) {
    let text = &sources.file(file).text;
    let split = match front_matter::split(text, file) {
        Ok(split) => split,
        Err(d) => {
            let document = RawDocument {
                file,
                rel_path,
                front_matter: FrontMatter::Broken,
                body_start: text.len(),
                scanned: Arc::default(),
            };
            return (document, Some(*d));
        }
    };
    let body = text.get(split.body_start..).unwrap_or("");
    let mut document = RawDocument {
        file,
        rel_path,
        front_matter: FrontMatter::Absent,
        body_start: split.body_start,
        scanned: Arc::new(markdown::scan(body, split.body_start, file)),
    };
    if is_broken {
        document.front_matter = FrontMatter::Broken;
        return (document, None);
    }
    let Some(range) = split.yaml else { return (document, None) };
    match front_matter::parse(text, range, file) {
        Ok(node) => {
            document.front_matter = FrontMatter::Parsed(node);
            (document, None)
        }
        Err(d) => {
            document.front_matter = FrontMatter::Broken;
            (document, Some(*d))
        }
    }
}
