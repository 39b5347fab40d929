//! What each version of each file says, by (path, blob): read once through the same
//! load and model reader as the files on disk, and kept between builds beside the
//! output, so a build after the first reads from git only the versions it has not
//! seen. A blob id names its text, so an entry never goes stale.

use std::collections::{BTreeSet, HashMap};

use super::Reading;
use super::git::{Oid, Repo, Unavailable};
use super::snapshot::{DocKey, Facts};
use crate::content::{self, FrontMatter};
use crate::diagnostics::{Diagnostics, SourceMap};

/// A version of a file: its path from the site root and its blob.
pub(crate) type Version = (String, Oid);

/// What a version turned out to be.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Known {
    Document(DocKey, Facts),
    /// A document whose front matter cannot be read: a state holding it is no state to
    /// compare.
    Broken,
    /// No document: an image, a kind's introduction, a file the layout leaves out.
    Nothing,
}

/// How many versions are read at a time.
const PART: usize = 2000;

/// The first line of the cache: the format, then the code that wrote it.
const HEADER: &str = "northstar-history 1";

/// Every version read, this build or an earlier one.
#[derive(Debug, Default)]
pub(crate) struct Table {
    known: HashMap<Version, Known>,
}

impl Table {
    /// The table an earlier build kept (`bytes`), when this code wrote it; empty
    /// otherwise.
    pub(crate) fn read(bytes: &[u8]) -> Table {
        let header = format!("{HEADER} {}\n", env!("NORTHSTAR_CODE"));
        let Some(body) = bytes.strip_prefix(header.as_bytes()) else { return Table::default() };
        let Ok(entries) = postcard::from_bytes::<Vec<(Version, Known)>>(body) else {
            return Table::default();
        };
        Table { known: entries.into_iter().collect() }
    }

    /// The entries of `used`, for the next build.
    pub(crate) fn bytes(&self, used: &BTreeSet<Version>) -> Vec<u8> {
        let entries: Vec<(&Version, &Known)> =
            used.iter().filter_map(|v| Some((v, self.known.get(v)?))).collect();
        let mut bytes = format!("{HEADER} {}\n", env!("NORTHSTAR_CODE")).into_bytes();
        bytes.extend(postcard::to_stdvec(&entries).unwrap_or_default());
        bytes
    }

    pub(crate) fn get(&self, version: &Version) -> Option<&Known> {
        self.known.get(version)
    }

    /// Reads the versions of `wanted` the table does not hold: their blobs in one
    /// `git cat-file`, then in rounds (a path at most once in each) through the loader
    /// and the model's reader.
    pub(crate) fn fill(
        &mut self,
        repo: &Repo,
        wanted: &BTreeSet<Version>,
        reading: &Reading<'_>,
    ) -> Result<(), Unavailable> {
        let missing: Vec<&Version> =
            wanted.iter().filter(|v| !self.known.contains_key(*v)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        // Round n holds the n-th missing version of each path.
        let mut rounds: Vec<Vec<&Version>> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for version in missing {
            let n = seen.entry(version.0.as_str()).or_insert(0);
            if rounds.len() <= *n {
                rounds.push(Vec::new());
            }
            if let Some(round) = rounds.get_mut(*n) {
                round.push(version);
            }
            *n += 1;
        }
        // A few thousand files at a time: what is read is let go before the next part,
        // so the past never takes as much memory as the present.
        for part in rounds.iter().flat_map(|round| round.chunks(PART)) {
            let ids: BTreeSet<Oid> = part.iter().map(|(_, blob)| blob.clone()).collect();
            let blobs = repo.blobs(&ids)?;
            // Two files may hold the same text: each gets its copy.
            let files: Vec<(String, Vec<u8>)> = part
                .iter()
                .filter_map(|(path, blob)| Some((path.clone(), blobs.get(blob)?.clone())))
                .collect();
            drop(blobs);
            let read = read_round(files, reading);
            for version in part {
                let known = read.get(version.0.as_str()).cloned().unwrap_or(Known::Nothing);
                self.known.insert((*version).clone(), known);
            }
        }
        Ok(())
    }
}

/// What each file of `files` (at distinct paths) is, by path.
fn read_round(files: Vec<(String, Vec<u8>)>, reading: &Reading<'_>) -> HashMap<String, Known> {
    let mut sources = SourceMap::default();
    let mut diagnostics = Diagnostics::default();
    let raw =
        content::load_texts(files, reading.layout, &mut sources, &mut diagnostics, reading.parsed);
    let documents = crate::model::read_alone(&raw, &sources);
    raw.iter()
        .zip(documents)
        .map(|(raw, document)| {
            let path = sources.file(raw.file).path.to_string_lossy().into_owned();
            let known = match document {
                _ if matches!(raw.front_matter, FrontMatter::Broken) => Known::Broken,
                Some(document) => {
                    let (key, facts) = Facts::of(&document, path.clone());
                    Known::Document(key, facts)
                }
                None => Known::Nothing,
            };
            (path, known)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_comes_back_as_it_was_kept_and_garbage_gives_an_empty_one() {
        let version: Version = ("content/debt/x.md".into(), "ab".repeat(20));
        let mut table = Table::default();
        table.known.insert(version.clone(), Known::Broken);
        table.known.insert(("content/a.md".into(), "cd".repeat(20)), Known::Nothing);
        let bytes = table.bytes(&BTreeSet::from([version.clone()]));
        let again = Table::read(&bytes);
        assert_eq!(again.known.len(), 1, "only what was used is kept");
        assert_eq!(again.get(&version), Some(&Known::Broken));
        assert!(Table::read(b"northstar-history 1 another-build\n\x01").known.is_empty());
        assert!(Table::read(&bytes[..bytes.len() - 1]).known.is_empty());
    }
}
