//! What a build remembers of its pages for the next build that writes into the same
//! folder ([`crate::output::Files::record`]): the code and the site-wide inputs it ran
//! with, each document's file (by hash) with its kind, references, owners and tags, and
//! each file's stamp and what its page read. The next build renders again only the
//! pages that the documents changed since then affect — the preview's rule,
//! [`Renderer::affected`] — and keeps the other files of that folder as they are.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Filed, Renderer, Snapshot, Summary, always_made};
use crate::diagnostics::text_key;
use crate::model::taxonomy::Facet;
use crate::model::{Kind, Relation};
use crate::output::Stamp;
use crate::render::context::Reads;
use crate::render::routes::{FACETS, UrlPath};

/// The identity of the code that made a record: pages made by other code are made again.
const CODE: &str = env!("NORTHSTAR_CODE");

/// A build, as the next one needs it. Documents are numbers: indexes into `paths`.
#[derive(Serialize, Deserialize)]
struct Record {
    code: String,
    fingerprint: u64,
    /// The paths under `content/` of the documents and the kinds' introductions.
    paths: Vec<Arc<str>>,
    /// The key of each file's text at `paths` ([`crate::diagnostics::SourceFile::key`]), in the same order.
    hashes: Vec<u128>,
    documents: Vec<Document>,
    files: Vec<File>,
}

/// A document: its path, kind, references (relation, target), owners and tags, and
/// its [`Renderer::prose`] key: when that is the same, an edit changed only what pages
/// showing the body show.
#[derive(Serialize, Deserialize)]
struct Document(u32, u8, Vec<(u8, u32)>, Vec<(u8, String)>, Option<(u128, u64)>);

/// A file of the output: its URL, its stamp, and what its page read.
#[derive(Serialize, Deserialize)]
struct File(String, Option<Stamp>, Option<Read>);

/// What a page read: documents, bodies, kinds, facets, whether site-wide inputs.
#[derive(Clone, Serialize, Deserialize)]
struct Read(Vec<u32>, Vec<u32>, Vec<u8>, Vec<u8>, bool);

impl Read {
    /// This read with documents numbered again: `renumber` gives each earlier number's
    /// new one. `None` when it read a document that is gone.
    fn renumbered(&self, renumber: &[Option<u32>]) -> Option<Read> {
        let map = |numbers: &[u32]| -> Option<Vec<u32>> {
            numbers.iter().map(|&n| renumber.get(n as usize).copied().flatten()).collect()
        };
        Some(Read(map(&self.0)?, map(&self.1)?, self.2.clone(), self.3.clone(), self.4))
    }
}

/// Which files of the folder a record describes a build keeps, and what each kept
/// page read then (and reads now: nothing it read changed), with documents numbered
/// as the earlier record numbered them, for this build's record ([`Renderer::record`]).
#[derive(Default)]
pub struct Earlier {
    paths: Vec<Arc<str>>,
    /// By index into the URLs asked about; `None` for a file not kept.
    reads: Vec<Option<Read>>,
}

impl Earlier {
    /// Whether each file asked about is kept.
    pub fn kept(&self) -> Vec<bool> {
        self.reads.iter().map(Option::is_some).collect()
    }
}

impl Renderer<'_> {
    /// Of the files at `urls`, which the folder that `record` describes holds as this
    /// build would make them, given each one's stamp there now (`found`): a file is
    /// kept when it is the file that build left (same stamp), its page read nothing
    /// that changed since, and the code and the site-wide inputs are the same. Nothing
    /// is kept from a record that cannot be read.
    pub fn kept(&self, record: &[u8], urls: &[UrlPath], found: &[Option<Stamp>]) -> Earlier {
        let none = Earlier::default;
        let Ok(record) = postcard::from_bytes::<Record>(record) else { return none() };
        if record.code != CODE || record.fingerprint != self.fingerprint {
            return none();
        }
        let Some(previous) = record.snapshot() else { return none() };
        let mut edited = self.edited_since(&record);
        let number: HashMap<&str, u32> =
            record.paths.iter().enumerate().map(|(i, path)| (&**path, i as u32)).collect();
        // Documents whose edit changed only their prose are read by the pages that
        // show their bodies alone (the preview's fast path).
        let prose_then: HashMap<u32, (u128, u64)> = record
            .documents
            .iter()
            .filter_map(|document| Some((document.0, document.4?)))
            .collect();
        let strategy = self.site.strategy();
        let only_prose: HashSet<u32> = edited
            .iter()
            .filter_map(|path| {
                let at = *number.get(path.as_str())?;
                let now = strategy.documents.get(strategy.graph.lookup_path(path)?.0)?;
                (prose_then.get(&at).copied() == Some(self.prose(now)?)).then_some(at)
            })
            .collect();
        edited.retain(|path| number.get(path.as_str()).is_none_or(|at| !only_prose.contains(at)));
        let Some(changes) = self.changes(&previous, &edited) else { return none() };
        // The changes as the record numbers documents, kinds and facets.
        let documents: HashSet<u32> = changes
            .documents
            .iter()
            .filter_map(|path| number.get(path.as_str()).copied())
            .collect();
        let kinds: HashSet<u8> = changes.kinds.iter().map(|&kind| kind_number(kind)).collect();
        let facets: HashSet<u8> = changes.facets.iter().map(|&facet| facet_number(facet)).collect();
        let touched = |Read(read, bodies, read_kinds, read_facets, _): &Read| {
            read.iter().chain(bodies).any(|d| documents.contains(d))
                || bodies.iter().any(|d| only_prose.contains(d))
                || read_kinds.iter().any(|k| kinds.contains(k))
                || read_facets.iter().any(|f| facets.contains(f))
        };
        let files: HashMap<&str, &File> =
            record.files.iter().map(|file| (file.0.as_str(), file)).collect();
        let reads = urls
            .iter()
            .enumerate()
            .map(|(at, url)| {
                let Some(File(_, stamp, Some(read))) = files.get(url.as_str()) else { return None };
                let same = stamp.is_some() && found.get(at).copied().flatten() == *stamp;
                let made = self.routes.get(url).is_none_or(always_made);
                (same && !made && !touched(read)).then(|| read.clone())
            })
            .collect();
        Earlier { paths: record.paths, reads }
    }

    /// This build's record: `urls` with the stamps of the files left for them and what
    /// their pages read: `reads` for the pages this build made, `earlier` for those it
    /// kept.
    pub fn record(
        &self,
        urls: &[UrlPath],
        left: &[Option<Stamp>],
        reads: &[Option<&Reads>],
        earlier: &Earlier,
    ) -> Vec<u8> {
        let snapshot = self.snapshot();
        let (paths, hashes) = self.sources();
        let number: HashMap<&str, u32> =
            paths.iter().enumerate().map(|(i, path)| (&**path, i as u32)).collect();
        let numbers = |paths: &[Arc<str>]| -> Option<Vec<u32>> {
            paths.iter().map(|path| number.get(&**path).copied()).collect()
        };
        let documents_now = &self.site.strategy().documents;
        let documents = snapshot
            .documents
            .iter()
            .zip(documents_now)
            .map(|((path, kind, edges, filed), document)| {
                let edges = edges.iter().map(|&(r, to)| (relation_number(r), to as u32));
                let filed = filed.iter().map(|(facet, name)| (facet_number(*facet), name.clone()));
                let path = number.get(&**path).copied().unwrap_or(u32::MAX);
                let prose = self.prose(document);
                Document(path, kind_number(*kind), edges.collect(), filed.collect(), prose)
            })
            .collect();
        let renumber: Vec<Option<u32>> =
            earlier.paths.iter().map(|path| number.get(&**path).copied()).collect();
        let files = urls
            .iter()
            .enumerate()
            .map(|(at, url)| {
                let made = reads.get(at).copied().flatten().and_then(|reads| {
                    Some(Read(
                        numbers(&reads.documents)?,
                        numbers(&reads.bodies)?,
                        reads.kinds.iter().map(|&k| kind_number(k)).collect(),
                        reads.facets.iter().map(|&f| facet_number(f)).collect(),
                        reads.site_wide,
                    ))
                });
                let kept = || earlier.reads.get(at)?.as_ref()?.renumbered(&renumber);
                let read = made.or_else(kept);
                File(url.as_str().to_string(), left.get(at).copied().flatten(), read)
            })
            .collect();
        let record = Record {
            code: CODE.to_string(),
            fingerprint: self.fingerprint,
            paths,
            hashes,
            documents,
            files,
        };
        postcard::to_stdvec(&record).unwrap_or_default()
    }

    /// The key of the text of `document` up to its body, and the hash of what its body
    /// means ([`crate::markdown::Scanned::meaning_hash`]); `None` without front matter,
    /// where lines of the body can be fields.
    fn prose(&self, document: &crate::model::Document) -> Option<(u128, u64)> {
        let text = &self.site.source_map().file(document.file).text;
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let front = text.get(..document.body_start).filter(|_| document.body_start > bom)?;
        Some((text_key(front), document.scanned.meaning_hash()))
    }

    /// The paths of the documents' and introductions' files, and their hashes.
    fn sources(&self) -> (Vec<Arc<str>>, Vec<u128>) {
        let strategy = self.site.strategy();
        let sources = self.site.source_map();
        let documents = strategy.documents.iter().map(|d| (d.path.as_str(), d.file));
        let intros = strategy.intros.values().map(|i| (i.path.as_str(), i.file));
        documents
            .chain(intros)
            .map(|(path, file)| (Arc::from(path), sources.file(file).key()))
            .unzip()
    }

    /// The paths of the documents and introductions added, removed or changed since
    /// the build `record` describes.
    fn edited_since(&self, record: &Record) -> BTreeSet<String> {
        let then: BTreeMap<&str, u128> =
            record.paths.iter().map(|p| &**p).zip(record.hashes.iter().copied()).collect();
        let (paths, hashes) = self.sources();
        let now: BTreeMap<&str, u128> = paths.iter().map(|p| &**p).zip(hashes).collect();
        let changed = now.iter().filter(|&(path, hash)| then.get(path) != Some(hash));
        let gone = then.keys().filter(|path| !now.contains_key(*path));
        changed.map(|(path, _)| path.to_string()).chain(gone.map(|path| path.to_string())).collect()
    }
}

impl Record {
    /// The documents as a [`Snapshot`], as the build that made the record took it.
    fn snapshot(&self) -> Option<Snapshot> {
        let documents = self
            .documents
            .iter()
            .map(|Document(path, kind, edges, filed, _)| {
                let edges = edges
                    .iter()
                    .map(|&(r, to)| {
                        Some((Relation::ALL.get(usize::from(r)).copied()?, to as usize))
                    })
                    .collect::<Option<Box<[_]>>>()?;
                let filed: Option<Filed> = filed
                    .iter()
                    .map(|(f, name)| Some((FACETS.get(usize::from(*f)).copied()?, name.clone())))
                    .collect();
                let summary: Summary = (self.path(*path)?, kind_of(*kind)?, edges, filed?);
                Some(summary)
            })
            .collect::<Option<Vec<Summary>>>()?;
        Some(Snapshot::of(self.fingerprint, documents))
    }

    fn path(&self, number: u32) -> Option<Arc<str>> {
        self.paths.get(number as usize).cloned()
    }
}

fn kind_number(kind: Kind) -> u8 {
    Kind::NAMES.iter().position(|name| *name == kind.as_str()).unwrap_or(0) as u8
}

fn kind_of(number: u8) -> Option<Kind> {
    Kind::parse(Kind::NAMES.get(usize::from(number))?)
}

fn relation_number(relation: Relation) -> u8 {
    Relation::ALL.iter().position(|r| *r == relation).unwrap_or(0) as u8
}

fn facet_number(facet: Facet) -> u8 {
    FACETS.iter().position(|f| *f == facet).unwrap_or(0) as u8
}
