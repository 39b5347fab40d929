//! Load: every `content/**/*.md` read once, in path order, split into front matter
//! (parsed into spanned [`Node`]s) and body. The only stage that reads the content
//! folder; it knows no document kinds.

mod files;
mod front_matter;
mod theme;
mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use front_matter::{Key, Node, Value};
pub use theme::{DEFAULT_THEME, THEMES_DIR, ThemeSource, load_theme};
pub use walk::slash_path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};

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
) -> Result<Vec<RawDocument>, LoadError> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(LoadError::NoContent { path: content_dir });
    }
    let site_root = files::SiteRoot::new(root)?;
    let files = walk::markdown_files(&site_root, &content_dir, sources, diagnostics)?;
    let read: Vec<Result<Vec<u8>, LoadError>> = files
        .par_iter()
        .map(|(path, _)| {
            std::fs::read(path).map_err(|source| LoadError::Read { path: path.clone(), source })
        })
        .collect();

    let mut pending = Vec::with_capacity(files.len());
    for ((_, rel_path), bytes) in files.into_iter().zip(read) {
        let display_path = Path::new(CONTENT_DIR).join(&rel_path);
        let (text, invalid_at) = match String::from_utf8(bytes?) {
            Ok(text) => (text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let file = sources.add(&display_path, text);
        if let Some(at) = invalid_at {
            let text = &sources.file(file).text;
            // The lossy text has U+FFFD (3 bytes) where the bad byte was; point at it.
            let end = (at + '\u{fffd}'.len_utf8()).min(text.len());
            diagnostics.push(
                Diagnostic::new(
                    Code::NonUtf8,
                    Span::new(file, at, end),
                    "this file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8; northstar reads no other encoding"),
            );
        }
        pending.push((file, rel_path, invalid_at.is_some()));
    }

    let parsed: Vec<(RawDocument, Option<Diagnostic>)> = pending
        .into_par_iter()
        .map(|(file, rel_path, is_broken)| split_and_parse(sources, file, rel_path, is_broken))
        .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    for (document, diagnostic) in parsed {
        if let Some(d) = diagnostic {
            diagnostics.push(d);
        }
        documents.push(document);
    }
    Ok(documents)
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
            };
            return (document, Some(*d));
        }
    };
    let mut document = RawDocument {
        file,
        rel_path,
        front_matter: FrontMatter::Absent,
        body_start: split.body_start,
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
