//! "Did you mean" for the graph's diagnostics: each set of names indexed once, and one
//! budget of work for the whole run.

use std::collections::HashMap;

use crate::diagnostics::{Budget, Candidates};

use super::super::document::Document;
use super::super::kinds::Kind;
use super::DocId;

/// "Did you mean" for the whole graph: each set of names indexed once, when first
/// needed, and one budget for the run, so that thousands of misspelt ids cost bounded
/// work (see [`Candidates`]).
pub(super) struct Suggestions<'a> {
    pub(super) documents: &'a [Document],
    budget: Budget,
    ids: Option<Candidates<'a>>,
    ids_of_kinds: HashMap<&'static [Kind], Candidates<'a>>,
    anchors: HashMap<DocId, Candidates<'a>>,
}

impl<'a> Suggestions<'a> {
    pub(super) fn new(documents: &'a [Document]) -> Self {
        Suggestions {
            documents,
            budget: Budget::default(),
            ids: None,
            ids_of_kinds: HashMap::new(),
            anchors: HashMap::new(),
        }
    }

    /// The ids of the documents of `kinds` (of any kind when empty).
    pub(super) fn ids_of(&self, kinds: &'static [Kind]) -> impl Iterator<Item = &'a str> + use<'a> {
        self.documents
            .iter()
            .filter(move |d| kinds.is_empty() || kinds.contains(&d.kind))
            .map(|d| d.id.as_str())
    }

    /// The id nearest to `word` among all documents.
    pub(super) fn id(&mut self, word: &str) -> Option<&'a str> {
        let documents = self.documents;
        let ids = self
            .ids
            .get_or_insert_with(|| Candidates::new(documents.iter().map(|d| d.id.as_str())));
        ids.closest(word, &mut self.budget)
    }

    /// The id nearest to `word` among the documents of `kinds`.
    pub(super) fn id_of_kind(&mut self, kinds: &'static [Kind], word: &str) -> Option<&'a str> {
        if !self.ids_of_kinds.contains_key(kinds) {
            let candidates = Candidates::new(self.ids_of(kinds));
            self.ids_of_kinds.insert(kinds, candidates);
        }
        self.ids_of_kinds.get_mut(kinds)?.closest(word, &mut self.budget)
    }

    /// The heading anchor of document `to` nearest to `word`.
    pub(super) fn anchor(&mut self, to: DocId, word: &str) -> Option<&'a str> {
        let document = &self.documents[to.0];
        self.anchors
            .entry(to)
            .or_insert_with(|| {
                Candidates::new(document.scanned.headings.iter().map(|h| h.anchor.as_str()))
            })
            .closest(word, &mut self.budget)
    }
}

pub(super) fn did_you_mean(name: Option<&str>) -> Option<String> {
    name.map(|n| format!("did you mean `{n}`?"))
}

/// At most this many names are listed in a help line ("its headings are: …").
pub(super) const LISTED: usize = 8;
