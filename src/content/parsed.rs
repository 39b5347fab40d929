//! What splitting and parsing each document gave, kept between builds: a build parses
//! again only the files whose text changed since the build that made the cache, and
//! takes the rest (front matter tree, where the body starts, the body's scan) from
//! it. Parsing YAML and scanning Markdown is most of what checking a site costs.
//!
//! Entries are found by a 128-bit hash of a file's whole text ([`SourceFile::key`]),
//! so an entry is only
//! ever used for the text it was made from. The cache holds what this code made of
//! that text; where it lives (`output`) it is trusted only for the output folder it
//! was written beside, never a copy or a committed one, and never from other code.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::front_matter::Node;
use super::{FrontMatter, RawDocument};
#[cfg(doc)]
use crate::diagnostics::SourceFile;
use crate::diagnostics::{FileId, SourceMap};
use crate::markdown::Scanned;

/// The first line of a cache: its format and the code that made it.
fn header() -> String {
    format!("northstar-parsed 1 {}\n", env!("NORTHSTAR_CODE"))
}

/// What parsing a document gave, for the next build to use when its text is the same.
#[derive(Debug, Default)]
pub struct ParseCache {
    bytes: Vec<u8>,
    /// Each entry's line in `bytes` (without the key), by the key of its text.
    entries: HashMap<u128, (usize, usize)>,
}

/// One document as parsed: its front matter (`None`: the file has none), where its
/// body starts and what the body holds.
#[derive(Serialize)]
struct EntryRef<'a> {
    front_matter: Option<&'a Node>,
    body_start: usize,
    scanned: &'a Scanned,
}

#[derive(Deserialize)]
struct Entry {
    front_matter: Option<Node>,
    body_start: usize,
    scanned: Scanned,
}

impl ParseCache {
    /// The cache `bytes` hold, as [`ParseCache::make`] wrote them: after the header,
    /// each entry as its key (16 bytes), its length (4 bytes) and its bytes. Empty when
    /// they are of another format or other code; entries cut short are left out.
    pub fn read(bytes: Vec<u8>) -> ParseCache {
        let header = header();
        if !bytes.starts_with(header.as_bytes()) {
            return ParseCache::default();
        }
        let mut entries = HashMap::new();
        let mut at = header.len();
        while let Some(key) = bytes.get(at..at + 16) {
            let length = bytes.get(at + 16..at + 20);
            let (Ok(key), Some(Ok(length))) = (key.try_into(), length.map(<[u8; 4]>::try_from))
            else {
                break;
            };
            let (start, end) = (at + 20, at + 20 + u32::from_le_bytes(length) as usize);
            if end > bytes.len() {
                break;
            }
            entries.insert(u128::from_le_bytes(key), (start, end));
            at = end;
        }
        ParseCache { bytes, entries }
    }

    fn entry(&self, key: u128) -> Option<&[u8]> {
        let &(start, end) = self.entries.get(&key)?;
        self.bytes.get(start..end)
    }

    /// What parsing the text whose key is `key` gave, its spans pointing at `file`.
    pub(super) fn get(
        &self,
        key: u128,
        file: FileId,
    ) -> Option<(FrontMatter, usize, Arc<Scanned>)> {
        let entry: Entry = postcard::from_bytes(self.entry(key)?).ok()?;
        let front_matter = match entry.front_matter {
            Some(mut node) => {
                node.move_to(file);
                FrontMatter::Parsed(node)
            }
            None => FrontMatter::Absent,
        };
        let mut scanned = entry.scanned;
        scanned.move_to(file);
        Some((front_matter, entry.body_start, Arc::new(scanned)))
    }

    /// The cache of `documents` (read from `sources`), for the next build: each one
    /// read without problems, the lines of `self` kept for those it already holds.
    pub fn make(&self, documents: &[Arc<RawDocument>], sources: &SourceMap) -> Vec<u8> {
        let lines: Vec<Vec<u8>> = documents
            .par_iter()
            .filter_map(|document| {
                let front_matter = match &document.front_matter {
                    FrontMatter::Parsed(node) => Some(node),
                    FrontMatter::Absent => None,
                    FrontMatter::Broken | FrontMatter::Dropped => return None,
                };
                let key = sources.file(document.file).key();
                let made;
                let entry = match self.entry(key) {
                    Some(kept) => kept,
                    None => {
                        let entry = EntryRef {
                            front_matter,
                            body_start: document.body_start,
                            scanned: &document.scanned,
                        };
                        made = postcard::to_stdvec(&entry).ok()?;
                        &made
                    }
                };
                let mut line = Vec::with_capacity(20 + entry.len());
                line.extend_from_slice(&key.to_le_bytes());
                line.extend_from_slice(&u32::try_from(entry.len()).ok()?.to_le_bytes());
                line.extend_from_slice(entry);
                Some(line)
            })
            .collect();
        let mut bytes = header().into_bytes();
        bytes.reserve(lines.iter().map(Vec::len).sum());
        lines.iter().for_each(|line| bytes.extend_from_slice(line));
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn load(root: &std::path::Path, cache: Option<&ParseCache>) -> (Vec<RawDocument>, SourceMap) {
        let (mut sources, mut diagnostics) = (SourceMap::default(), Diagnostics::default());
        // A file before the documents, so that their ids differ from the cached ones.
        sources.add(std::path::Path::new("site.toml"), String::new());
        let layout = super::super::Layout::default();
        let loaded = super::super::load(root, layout, &mut sources, &mut diagnostics, cache);
        let documents = loaded.unwrap().documents.iter().map(|d| (**d).clone()).collect();
        (documents, sources)
    }

    #[test]
    fn a_cached_parse_is_what_parsing_gives_and_only_for_the_same_text() {
        let root = std::env::temp_dir().join(format!("northstar-parsed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/decisions")).unwrap();
        let files = [
            ("about.md", "# About\n\nSee [[a]] and [x](javascript:alert(1)).\n"),
            (
                "decisions/a.md",
                "---\ntitle: A\nscore: 0.1\nnested: {list: [1, yes, ~]}\n---\n## Why {#why}\n",
            ),
            ("decisions/b.md", "---\ntitle: [unclosed\n---\nBody.\n"),
        ];
        for (path, text) in files {
            std::fs::write(root.join("content").join(path), text).unwrap();
        }
        let (parsed, sources) = load(&root, None);
        let documents: Vec<Arc<RawDocument>> = parsed.iter().cloned().map(Arc::new).collect();
        let cache = ParseCache::read(ParseCache::default().make(&documents, &sources));
        // The broken one is not cached.
        assert_eq!(cache.entries.len(), 2);
        let (cached, _) = load(&root, Some(&cache));
        for (a, b) in parsed.iter().zip(&cached) {
            assert_eq!(format!("{:?}", a.front_matter), format!("{:?}", b.front_matter));
            assert_eq!((a.body_start, &a.scanned), (b.body_start, &b.scanned));
        }
        // Remade from itself, the cache is the same.
        let again: Vec<Arc<RawDocument>> = cached.into_iter().map(Arc::new).collect();
        assert_eq!(cache.make(&again, &sources), cache.bytes);
        // Other code's cache, or garbage, holds nothing.
        assert!(ParseCache::read(b"northstar-parsed 1 other\n".to_vec()).entries.is_empty());
        let mut garbage = header().into_bytes();
        garbage.extend_from_slice(&7_u128.to_le_bytes());
        garbage.extend_from_slice(&[3, 0, 0, 0, 0xff, 0xff, 0xff]);
        let garbage = ParseCache::read(garbage);
        assert_eq!(garbage.entries.len(), 1);
        assert!(garbage.get(7, FileId(0)).is_none());
        let mut cut = cache.bytes.clone();
        cut.truncate(cut.len() - 1);
        assert_eq!(ParseCache::read(cut).entries.len(), 1);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
