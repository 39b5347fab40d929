//! Load: every `content/**/*.md` read once, in path order, split into front matter
//! (parsed into spanned [`Node`]s) and body, whose first Markdown pass (headings and
//! links) is made here too, beside the parsing of its front matter. The only stage
//! that reads the content folder; it knows no document kinds.

mod body_fields;
mod files;
mod front_matter;
mod parsed;
mod theme;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use body_fields::read as read_body_fields;
pub use front_matter::{Key, Node, Value};
pub use parsed::ParseCache;
pub use theme::{DEFAULT_THEME, THEMES_DIR, ThemeSource, load_theme};
pub use walk::{IMAGE_EXTENSIONS, is_image, slash_path};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceFile, SourceMap, Span};
use crate::markdown::{self, Scanned};

/// The folder under the site root that holds the documents.
pub const CONTENT_DIR: &str = "content";

/// Where documents are besides `content/`, and which Markdown files are not
/// documents: what site.toml's `folders` and `ignore` say.
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout<'a> {
    /// Files (and folders) to leave out, by path from the site root.
    pub ignore: &'a [crate::config::Glob],
    /// Folders read as if they were under `content/`: (folder under `content/`,
    /// folder from the site root), `("decisions", "docs/decisions")`.
    pub folders: &'a [(String, String)],
}

impl Layout<'_> {
    /// What the layout is, to tell whether a cached walk still applies.
    fn signature(&self) -> String {
        format!("{:?}{:?}", self.ignore, self.folders)
    }
}

/// A Markdown file found by a walk: where it is, its path under `content/` (for a
/// file of a mapped folder, the path it would have there), and its path from the site
/// root, which reports name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    path: PathBuf,
    rel: String,
    shown: String,
}

/// An image beside the documents, published at its path under `content/` (for a
/// mapped folder, the path it would have there): `decisions/0008-badge.png`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Path under `content/`, also its URL under the base.
    pub rel: String,
    /// Path from the site root, for reports.
    pub shown: String,
    pub bytes: Arc<Vec<u8>>,
}

/// What a load found: the documents, and the images beside them.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Arc<RawDocument>>,
    pub assets: Vec<Asset>,
}

/// Every document file: `content/` and the mapped folders walked, ignored files left
/// out, in path order under `content/`. A mapped file at the path of a file of
/// `content/` is reported and left out.
fn walk_all(
    site_root: &files::SiteRoot,
    root: &Path,
    layout: Layout<'_>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Found>, LoadError> {
    let mut candidates = Vec::new();
    let content_dir = root.join(CONTENT_DIR);
    for (path, rel) in walk::document_files(site_root, &content_dir, sources, diagnostics)? {
        candidates.push((path, format!("{CONTENT_DIR}/{rel}")));
    }
    for (_, folder) in layout.folders {
        let dir = root.join(folder);
        for (path, rel) in walk::document_files(site_root, &dir, sources, diagnostics)? {
            candidates.push((path, format!("{folder}/{rel}")));
        }
    }
    Ok(place(layout, candidates, sources, diagnostics))
}

/// Where each file (by its path from the root) stands under `content/`: files of
/// `content/` first, then those of the mapped folders, ignored ones left out, in path
/// order under `content/`. A mapped file at the path of a file of `content/` is
/// reported and left out.
fn place(
    layout: Layout<'_>,
    candidates: Vec<(PathBuf, String)>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Vec<Found> {
    let ignored = |shown: &str| layout.ignore.iter().any(|glob| glob.matches(shown));
    let mapped = |shown: &str| {
        layout.folders.iter().find_map(|(section, folder)| {
            let rest = shown.strip_prefix(folder.as_str())?.strip_prefix('/')?;
            Some(format!("{section}/{rest}"))
        })
    };
    let mut found: Vec<Found> = Vec::new();
    let mut from_folders = Vec::new();
    // A mapped folder inside `content/` is walked twice: its files count once.
    let mut walked = BTreeSet::new();
    for (path, shown) in candidates {
        if ignored(&shown) || !walked.insert(shown.clone()) {
            continue;
        }
        match (mapped(&shown), shown.strip_prefix(CONTENT_DIR).and_then(|r| r.strip_prefix('/'))) {
            (Some(rel), _) => from_folders.push(Found { path, rel, shown }),
            (None, Some(rel)) => found.push(Found { path, rel: rel.to_string(), shown }),
            (None, None) => {}
        }
    }
    let mut seen: BTreeSet<String> = found.iter().map(|f| f.rel.clone()).collect();
    for file in from_folders {
        if !seen.insert(file.rel.clone()) {
            let shown = &file.shown;
            let id = sources.add(Path::new(shown), String::new());
            diagnostics.push(
                Diagnostic::new(
                    Code::UrlCollision,
                    Span::file_start(id),
                    format!("`{shown}` is left out: content/{} is the same document", file.rel),
                )
                .with_help("keep one of the two files"),
            );
            continue;
        }
        found.push(file);
    }
    // Folder by folder, as a walk sorts: `vision/x.md` before `vision.md`.
    found.sort_by(|a, b| a.rel.split('/').cmp(b.rel.split('/')));
    found
}

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
    /// Parsed before, and let go to save memory: [`RawDocument::front_matter`] parses
    /// the text again when it is needed.
    Dropped,
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
    /// Which reading of the file this is: a new stamp for every read and every change
    /// of the document or its file id, so that equal stamps mean equal documents and
    /// what was read from one can be kept (see `model::build`).
    pub stamp: u64,
}

impl RawDocument {
    /// The front matter, parsed again from the text in `sources` when it was dropped
    /// ([`ContentCache::drop_front_matter`]); the text is the one parsed before, so the
    /// result is too.
    pub fn front_matter<'a>(&'a self, sources: &SourceMap) -> std::borrow::Cow<'a, FrontMatter> {
        if !matches!(self.front_matter, FrontMatter::Dropped) {
            return std::borrow::Cow::Borrowed(&self.front_matter);
        }
        let text = &sources.file(self.file).text;
        let parsed = front_matter::split(text, self.file)
            .ok()
            .and_then(|split| split.yaml)
            .and_then(|range| front_matter::parse(text, range, self.file).ok());
        std::borrow::Cow::Owned(parsed.map_or(FrontMatter::Broken, FrontMatter::Parsed))
    }
}

/// A stamp no document has had in this process.
fn next_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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
/// With `parsed`, a document whose text it holds is not parsed again.
pub fn load(
    root: &Path,
    layout: Layout<'_>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    parsed: Option<&ParseCache>,
) -> Result<Loaded, LoadError> {
    load_from(root, layout, sources, diagnostics, None, Reread::All, parsed)
}

/// What `content/` held at the last load, kept between the preview's rebuilds: each
/// document's text and what splitting and parsing it gave, so that a rebuild reads
/// and parses only the files a change names. Both are shared with the loads that
/// return them, not copied.
#[derive(Clone, Debug, Default)]
pub struct ContentCache {
    files: BTreeMap<String, Cached>,
    /// What the last walk of `content/` found, when it found nothing to report: a
    /// rebuild after edits to documents that are all still there walks no folder.
    walked: Option<Vec<Found>>,
    /// The layout that walk followed.
    layout: String,
    /// The images beside the documents, by path under `content/`.
    assets: BTreeMap<String, Asset>,
}

impl ContentCache {
    /// Reads the document at `path` (under `content/`) again when only its body can
    /// have changed: it is still a regular file inside the site, valid UTF-8, read
    /// without problems before, and its front matter is byte for byte what the cache
    /// holds (without front matter, the field lines under its title are the same). Keeps the new text, whose front matter needs no parsing, and the scan
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
        let file = cached.path.clone();
        let inside = files::SiteRoot::new(root).ok()?.contains(&file) == Some(true);
        if !inside || !std::fs::metadata(&file).ok()?.is_file() {
            return None;
        }
        let text = String::from_utf8(files::read(&file).ok()?).ok()?;
        let start = cached.document.body_start;
        if text.get(..start)? != cached.source.text.get(..start)? {
            return None;
        }
        // Without front matter, fields may be lines of the body (`* Status: …`).
        if matches!(cached.document.front_matter, FrontMatter::Absent) {
            let fields = |text: &str| -> Vec<(String, Value)> {
                let id = cached.document.file;
                let read = body_fields::read(text, start, id).into_iter();
                read.map(|(key, node)| (key.name, node.value)).collect()
            };
            if fields(&text) != fields(&cached.source.text) {
                return None;
            }
        }
        let id = cached.document.file;
        let scanned = Arc::new(markdown::scan(text.get(start..)?, start, id));
        cached.source = Arc::new(SourceFile::new(cached.source.path.clone(), text));
        let document = Arc::make_mut(&mut cached.document);
        document.scanned = Arc::clone(&scanned);
        document.stamp = next_stamp();
        Some((Arc::clone(&cached.source), scanned))
    }

    /// Lets go of every document's parsed front matter, the largest part of the cache,
    /// once the model has read it: a rebuild keeps the documents it read
    /// (`model::build`) and parses again only what it must read again.
    pub fn drop_front_matter(&mut self) {
        for cached in self.files.values_mut() {
            if matches!(cached.document.front_matter, FrontMatter::Parsed(_)) {
                Arc::make_mut(&mut cached.document).front_matter = FrontMatter::Dropped;
            }
        }
    }

    /// The document files: the last walk's, when `reread` names only documents the
    /// cache holds that are still plain files and the layout is the same, else a new
    /// walk's.
    fn walk(
        &mut self,
        site_root: &files::SiteRoot,
        root: &Path,
        layout: Layout<'_>,
        reread: Reread<'_>,
        sources: &mut SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<Found>, LoadError> {
        let still_there = |rel: &String| {
            self.files.get(rel).is_some_and(|cached| {
                std::fs::symlink_metadata(&cached.path).is_ok_and(|m| m.is_file())
            })
        };
        let signature = layout.signature();
        if let (Some(walked), Reread::Only(paths)) = (&self.walked, reread)
            && self.layout == signature
            && paths.iter().all(still_there)
        {
            return Ok(walked.clone());
        }
        let mut found = Diagnostics::default();
        let before = sources.len();
        let files = walk_all(site_root, root, layout, sources, &mut found)?;
        self.layout = signature;
        // A walk with something to report is repeated, so the report is too.
        self.walked = (found.is_empty() && sources.len() == before).then(|| files.clone());
        diagnostics.extend(found);
        Ok(files)
    }
}

#[derive(Clone, Debug)]
struct Cached {
    /// Where the file is.
    path: PathBuf,
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
/// again unless every path `reread` names is a document the cache holds and still a
/// plain file: a file that appears or goes is always named by the change that
/// brought it, so it is always seen.
pub fn load_cached(
    root: &Path,
    layout: Layout<'_>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    cache: &mut ContentCache,
    reread: Reread<'_>,
) -> Result<Loaded, LoadError> {
    load_from(root, layout, sources, diagnostics, Some(cache), reread, None)
}

/// The load itself; without a cache nothing is kept.
fn load_from(
    root: &Path,
    layout: Layout<'_>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    mut cache: Option<&mut ContentCache>,
    reread: Reread<'_>,
    parsed: Option<&ParseCache>,
) -> Result<Loaded, LoadError> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() && layout.folders.is_empty() {
        return Err(LoadError::NoContent { path: content_dir });
    }
    let site_root = files::SiteRoot::new(root)?;
    let files = match cache.as_deref_mut() {
        Some(cache) => cache.walk(&site_root, root, layout, reread, sources, diagnostics)?,
        None => walk_all(&site_root, root, layout, sources, diagnostics)?,
    };
    let (images, files): (Vec<Found>, Vec<Found>) =
        files.into_iter().partition(|f| walk::is_image(&f.rel));
    let assets = read_assets(images, cache.as_deref_mut(), reread)?;
    let cached = cache.as_deref().map(|c| &c.files);
    let is_fresh = |rel: &str| match (reread, cached) {
        (Reread::Only(paths), Some(files)) => paths.contains(rel) || !files.contains_key(rel),
        _ => true,
    };
    let read: Vec<Option<Result<Vec<u8>, LoadError>>> = files
        .par_iter()
        .map(|found| {
            is_fresh(&found.rel).then(|| {
                std::fs::read(&found.path)
                    .map_err(|source| LoadError::Read { path: found.path.clone(), source })
            })
        })
        .collect();
    let documents = split_all(files, read, cache, sources, diagnostics, parsed)?;
    Ok(Loaded { documents, assets })
}

/// [`load`] of files given with their text rather than read from the site folder: a
/// past state of the site, from git. `files` are (path from the site root, bytes);
/// the layout places them as it places files found by a walk, and only Markdown
/// documents are read (no image, no hidden file).
pub fn load_texts(
    files: Vec<(String, Vec<u8>)>,
    layout: Layout<'_>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    parsed: Option<&ParseCache>,
) -> Vec<Arc<RawDocument>> {
    let mut bytes: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut candidates = Vec::new();
    for (shown, text) in files {
        let name = shown.rsplit('/').next().unwrap_or("");
        if !walk::is_document_path(&shown) || !name.ends_with(".md") {
            continue;
        }
        candidates.push((PathBuf::from(&shown), shown.clone()));
        bytes.insert(shown, text);
    }
    let found = place(layout, candidates, sources, diagnostics);
    let read = found.iter().map(|f| bytes.remove(&f.shown).map(Ok)).collect();
    split_all(found, read, None, sources, diagnostics, parsed).unwrap_or_default()
}

/// Splits and parses the documents `files` read (`None`: kept from `cache`), in path
/// order, their problems into `diagnostics`.
fn split_all(
    files: Vec<Found>,
    read: Vec<Option<Result<Vec<u8>, LoadError>>>,
    mut cache: Option<&mut ContentCache>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
    parsed: Option<&ParseCache>,
) -> Result<Vec<Arc<RawDocument>>, LoadError> {
    // Every file joins the sources in path order; fresh ones are parsed below, cached
    // ones only move to their new file id.
    let mut fresh = Vec::new();
    let mut documents: Vec<Option<(Arc<RawDocument>, Vec<Diagnostic>)>> =
        Vec::with_capacity(files.len());
    let mut kept = BTreeMap::new();
    for (Found { path, rel: rel_path, shown }, bytes) in files.into_iter().zip(read) {
        let display_path = PathBuf::from(shown);
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
        fresh.push((documents.len(), file, rel_path, path, invalid_at.is_some(), found));
        documents.push(None);
    }

    let parsed: Vec<(usize, Arc<RawDocument>, PathBuf, Vec<Diagnostic>)> = fresh
        .into_par_iter()
        .map(|(at, file, rel_path, path, is_broken, mut found)| {
            let (document, diagnostic) = match parsed {
                Some(parsed) if !is_broken => {
                    split_and_parse_cached(sources, file, rel_path, parsed)
                }
                _ => split_and_parse(sources, file, rel_path, is_broken),
            };
            found.extend(diagnostic);
            (at, Arc::new(document), path, found)
        })
        .collect();
    for (at, document, path, found) in parsed {
        if let Some(source) = cache.is_some().then(|| sources.shared(document.file)).flatten() {
            let diagnostics = found.clone();
            let cached = Cached { path, source, document: Arc::clone(&document), diagnostics };
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

/// Reads the images found beside the documents; with a cache, one read before is
/// kept unless every file is read again (a change to an image reloads the tree).
fn read_assets(
    images: Vec<Found>,
    cache: Option<&mut ContentCache>,
    reread: Reread<'_>,
) -> Result<Vec<Asset>, LoadError> {
    let reuse = matches!(reread, Reread::Only(_));
    let mut kept = BTreeMap::new();
    let mut assets = Vec::with_capacity(images.len());
    for Found { path, rel, shown } in images {
        let cached = cache.as_deref().and_then(|c| c.assets.get(&rel)).filter(|_| reuse);
        let asset = match cached {
            Some(asset) if asset.shown == shown => asset.clone(),
            _ => Asset { bytes: Arc::new(files::read(&path)?), rel, shown },
        };
        kept.insert(asset.rel.clone(), asset.clone());
        assets.push(asset);
    }
    if let Some(cache) = cache {
        cache.assets = kept;
    }
    Ok(assets)
}

impl RawDocument {
    /// Points the document and every span in it at `file`: a cached document keeps its
    /// text, but may get another id in a new source map.
    fn move_to(&mut self, file: FileId) {
        self.file = file;
        self.stamp = next_stamp();
        if let FrontMatter::Parsed(node) = &mut self.front_matter {
            node.move_to(file);
        }
        Arc::make_mut(&mut self.scanned).move_to(file);
    }
}

/// [`split_and_parse`], unless `parsed` holds what that gives for the file's text.
fn split_and_parse_cached(
    sources: &SourceMap,
    file: FileId,
    rel_path: String,
    parsed: &ParseCache,
) -> (RawDocument, Option<Diagnostic>) {
    match parsed.get(sources.file(file).key(), file) {
        Some((front_matter, body_start, scanned)) => {
            let document = RawDocument {
                file,
                rel_path,
                front_matter,
                body_start,
                scanned,
                stamp: next_stamp(),
            };
            (document, None)
        }
        None => split_and_parse(sources, file, rel_path, false),
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
                stamp: next_stamp(),
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
        stamp: next_stamp(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("northstar-content-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content/decisions")).unwrap();
        for slug in ["a", "b"] {
            write(&dir, slug);
        }
        dir
    }

    fn write(dir: &Path, slug: &str) {
        let text = format!("---\ntitle: {slug}\n---\nBody.\n");
        std::fs::write(dir.join(format!("content/decisions/{slug}.md")), text).unwrap();
    }

    fn load(dir: &Path, cache: &mut ContentCache, reread: Reread<'_>) -> Vec<String> {
        let (mut sources, mut diagnostics) = (SourceMap::default(), Diagnostics::default());
        let layout = Layout::default();
        let raw = load_cached(dir, layout, &mut sources, &mut diagnostics, cache, reread).unwrap();
        raw.documents.iter().map(|r| r.rel_path.clone()).collect()
    }

    fn named(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn an_edit_of_documents_still_there_walks_no_folder() {
        let dir = site("edit");
        let mut cache = ContentCache::default();
        assert_eq!(load(&dir, &mut cache, Reread::All), ["decisions/a.md", "decisions/b.md"]);
        // A file no change names is not looked for: the folder was not walked again.
        write(&dir, "unnamed");
        let found = load(&dir, &mut cache, Reread::Only(&named(&["decisions/a.md"])));
        assert_eq!(found, ["decisions/a.md", "decisions/b.md"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_that_come_or_go_are_seen_by_a_new_walk() {
        let dir = site("come-go");
        let mut cache = ContentCache::default();
        load(&dir, &mut cache, Reread::All);
        write(&dir, "c");
        let found = load(&dir, &mut cache, Reread::Only(&named(&["decisions/c.md"])));
        assert_eq!(found, ["decisions/a.md", "decisions/b.md", "decisions/c.md"]);
        std::fs::remove_file(dir.join("content/decisions/a.md")).unwrap();
        let found = load(&dir, &mut cache, Reread::Only(&named(&["decisions/a.md"])));
        assert_eq!(found, ["decisions/b.md", "decisions/c.md"]);
        // A document replaced by a folder of the same name is walked into.
        std::fs::remove_file(dir.join("content/decisions/b.md")).unwrap();
        std::fs::create_dir(dir.join("content/decisions/b.md")).unwrap();
        std::fs::write(dir.join("content/decisions/b.md/d.md"), "---\ntitle: d\n---\n").unwrap();
        let found = load(&dir, &mut cache, Reread::Only(&named(&["decisions/b.md"])));
        assert_eq!(found, ["decisions/b.md/d.md", "decisions/c.md"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
