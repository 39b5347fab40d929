//! Each document's headings indexed by anchor and by text, so that resolving
//! `[[doc#heading]]` costs a lookup instead of a scan of the document's headings.

use std::collections::HashMap;

use crate::markdown::{Heading, Scanned};
use crate::slug::heading_slug;

/// The headings of one document by anchor and by text, each key naming the first
/// heading that has it.
#[derive(Clone, Debug, Default)]
pub(super) struct HeadingIndex {
    anchors: HashMap<String, usize>,
    texts: HashMap<String, usize>,
}

impl HeadingIndex {
    /// Indexes the headings of one scanned body.
    pub(super) fn new(scanned: &Scanned) -> Self {
        let mut index = HeadingIndex::default();
        for (i, heading) in scanned.headings.iter().enumerate() {
            index.anchors.entry(heading.anchor.clone()).or_insert(i);
            index.texts.entry(heading.text.clone()).or_insert(i);
        }
        index
    }

    /// The heading `wanted` names, by the rule of [`Scanned::find_heading`]: the first
    /// heading whose anchor or text is `wanted`, or whose anchor is its slug.
    pub(super) fn find<'s>(&self, scanned: &'s Scanned, wanted: &str) -> Option<&'s Heading> {
        let by_anchor = self.anchors.get(wanted);
        let by_text = self.texts.get(wanted);
        let by_slug = self.anchors.get(&heading_slug(wanted));
        let first = [by_anchor, by_text, by_slug].into_iter().flatten().min()?;
        scanned.headings.get(*first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::FileId;

    #[test]
    fn finds_what_a_scan_of_the_headings_finds() {
        let body = "# Plan\n\n## Risks\n\n## Risks\n\n### Custom {#mine}\n\n## mine\n\n## Risks-1\n\n## plan {#other}\n";
        let scanned = crate::markdown::scan(body, 0, FileId(0));
        let index = HeadingIndex::new(&scanned);
        for wanted in [
            "Plan", "plan", "Risks", "risks", "risks-1", "Risks-1", "mine", "Custom", "custom",
            "other", "nothing", "", "PLAN",
        ] {
            assert_eq!(index.find(&scanned, wanted), scanned.find_heading(wanted), "{wanted}");
        }
    }
}
