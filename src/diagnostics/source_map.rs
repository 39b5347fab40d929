//! Source files by id, and byte offset → line:column (both 1-based, column in
//! characters). Lines and columns are computed only when a report is printed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file; kept between builds as `[file, start, end]`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(into = "(u32, usize, usize)", from = "(u32, usize, usize)")]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl From<Span> for (u32, usize, usize) {
    fn from(span: Span) -> Self {
        (span.file.0, span.start, span.end)
    }
}

impl From<(u32, usize, usize)> for Span {
    fn from((file, start, end): (u32, usize, usize)) -> Self {
        Span::new(FileId(file), start, end)
    }
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end: end.max(start) }
    }

    /// The empty span at the start of a file, for problems that concern the whole file.
    pub fn file_start(file: FileId) -> Self {
        Span { file, start: 0, end: 0 }
    }
}

/// One loaded file: its path relative to the site root and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators; this is what reports print.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// A folder or a file that does not exist, standing in for one so that findings
    /// about the whole site have somewhere to point: reports name it without a line.
    pub is_place: bool,
    /// [`SourceFile::key`], once asked for.
    key: std::sync::OnceLock<u128>,
}

/// Two independent 64-bit hashes of `text`: see [`SourceFile::key`].
pub fn text_key(text: &str) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |seed: u8| {
        let mut hasher = DefaultHasher::new();
        seed.hash(&mut hasher);
        text.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// A resolved position: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// A file at `path` (relative to the site root) holding `text`.
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path, text, line_starts, is_place: false, key: std::sync::OnceLock::new() }
    }

    /// What tells this text from any other, for what builds keep between them (what
    /// parsing a document gave, which documents changed): two independent 64-bit
    /// hashes of it. Two texts with one key would let a build take one for the other:
    /// a text of the site as it was, never anything from elsewhere.
    pub fn key(&self) -> u128 {
        *self.key.get_or_init(|| text_key(&self.text))
    }

    /// Line and column of a byte offset. Offsets past the end clamp to the end; an
    /// offset inside a multi-byte character counts that character.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let before = self.text.get(line_start..offset).map_or_else(
            || String::from_utf8_lossy(&self.text.as_bytes()[line_start..offset]).chars().count(),
            |s| s.chars().count(),
        );
        LineCol { line: line_index + 1, column: before + 1 }
    }

    /// Like [`SourceFile::line_col`], counting on from a `known` offset and its position
    /// when `offset` is after it on the same line: the work is the distance between the
    /// two, not the length of the line, so positions on one long line reported in order
    /// cost linear time in all.
    pub fn line_col_from(&self, known: (usize, LineCol), offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let (from, at) = known;
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let same_line = at.line == line_index + 1 && self.line_starts[line_index] <= from;
        match self.text.get(from..offset) {
            Some(between) if same_line => {
                LineCol { line: at.line, column: at.column + between.chars().count() }
            }
            _ => self.line_col(offset),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else { return "" };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let text = self.text.get(start..end).unwrap_or("");
        text.trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of a 1-based line and character column, if it exists.
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let mut chars = rest.char_indices();
        let (index, _) = chars.nth(column.checked_sub(1)?).unwrap_or((rest.len(), ' '));
        Some(start + index)
    }
}

/// Every file a run read, addressed by [`FileId`]. Files are shared: the preview's
/// rebuilds hand unchanged files from one map to the next without copying them.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    /// Adds a place without text (see [`SourceFile::is_place`]) and returns its id.
    pub fn add_place(&mut self, path: &Path) -> FileId {
        let place =
            SourceFile { is_place: true, ..SourceFile::new(path.to_path_buf(), String::new()) };
        self.add_shared(Arc::new(place))
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        self.add_shared(Arc::new(SourceFile::new(path.to_path_buf(), text)))
    }

    /// Adds a file another map holds too, and returns its id here.
    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// The file with this id, to share with another map.
    pub fn shared(&self, id: FileId) -> Option<Arc<SourceFile>> {
        self.files.get(id.0 as usize).cloned()
    }

    /// The file with this id. Ids come only from [`SourceMap::add`], so a missing one is
    /// a caller bug; it still answers with an empty file rather than panicking.
    pub fn file(&self, id: FileId) -> &SourceFile {
        static EMPTY: std::sync::OnceLock<SourceFile> = std::sync::OnceLock::new();
        match self.files.get(id.0 as usize) {
            Some(file) => file,
            None => EMPTY.get_or_init(|| SourceFile::new(PathBuf::new(), String::new())),
        }
    }

    /// Replaces a file (the preview, after an edit that changed only a document's
    /// body). An unknown id is ignored.
    pub fn replace(&mut self, id: FileId, file: Arc<SourceFile>) {
        if let Some(slot) = self.files.get_mut(id.0 as usize) {
            *slot = file;
        }
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("a.md"), text.to_string())
    }

    #[test]
    fn line_col_is_one_based() {
        let f = file("ab\ncd\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 2 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(6), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = file("é🚀x\n");
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn line_col_clamps_past_the_end() {
        let f = file("ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn line_col_from_agrees_with_line_col() {
        let f = file("a🚀b\nxyzé w\n\nlast");
        for from in 0..=f.text.len() {
            if !f.text.is_char_boundary(from) {
                continue;
            }
            let known = (from, f.line_col(from));
            for offset in 0..=f.text.len() + 2 {
                assert_eq!(f.line_col_from(known, offset), f.line_col(offset), "{from} {offset}");
            }
        }
    }

    #[test]
    fn line_text_drops_crlf() {
        let f = file("one\r\ntwo\r\n");
        assert_eq!(f.line_text(1), "one");
        assert_eq!(f.line_text(2), "two");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let f = file("a🚀b\nxyz");
        for offset in [0, 1, 5, 7, 8, 9] {
            let lc = f.line_col(offset);
            assert_eq!(f.offset_of(lc.line, lc.column), Some(offset));
        }
    }
}
