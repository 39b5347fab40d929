//! What a build remembers of the folder it wrote, for the next build that writes into
//! that folder: each file's [`Stamp`] and what the site's files chose to record
//! ([`super::Files::record`]). Kept in `.public.northstar-cache/` beside the output.
//!
//! A record is trusted only for the folder it was made for: it holds the stamp of that
//! folder's marker file, which no other folder's marker can have (its inode number and
//! change time are the file system's, set when the file was made; a folder restored
//! from git or copied from elsewhere has a new marker). A stranger's pull request can
//! commit a record, but not the folder it describes.

use std::path::{Path, PathBuf};

/// What identifies a file as the one a build wrote or kept: a file written, replaced
/// or touched since then has another stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    inode: u64,
    length: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of the file `meta` describes; `None` where the system cannot tell a
    /// file's inode and change time (not Unix): nothing is then kept between builds.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            inode: meta.ino(),
            length: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    fn to_line(self) -> String {
        let Stamp { inode, length, modified, changed } = self;
        format!("{inode} {length} {} {} {} {}", modified.0, modified.1, changed.0, changed.1)
    }

    fn from_line(line: &str) -> Option<Stamp> {
        let mut numbers = line.split(' ');
        let mut next = || numbers.next()?.parse::<i64>().ok();
        let (inode, length) = (u64::try_from(next()?).ok()?, u64::try_from(next()?).ok()?);
        let stamp =
            Stamp { inode, length, modified: (next()?, next()?), changed: (next()?, next()?) };
        numbers.next().is_none().then_some(stamp)
    }
}

/// The first line of a record file.
const HEADER: &str = "northstar-record 1";

/// The record of the output folder.
const OUTPUT: &str = "output.record";

/// The cache folder beside the output folder `name` in `parent`, and the records in it:
/// `output` describes the output folder, `previous` the previous output (the folder
/// the next build writes into).
pub(super) struct Records {
    folder: PathBuf,
}

impl Records {
    pub(super) fn new(parent: &Path, name: &str) -> Records {
        Records { folder: parent.join(format!(".{name}.northstar-cache")) }
    }

    fn output(&self) -> PathBuf {
        self.folder.join(OUTPUT)
    }

    fn previous(&self) -> PathBuf {
        self.folder.join("previous.record")
    }

    /// What the build that wrote the previous output recorded, when the folder whose
    /// marker has the stamp `marker` is the one it wrote.
    pub(super) fn previous_for(&self, marker: Option<Stamp>) -> Option<Vec<u8>> {
        read_bound(&self.previous(), marker)
    }

    /// The file `name` of the cache folder, when it was written for the folder whose
    /// marker has the stamp `marker` ([`Records::write`]).
    pub(super) fn read(&self, name: &str, marker: Option<Stamp>) -> Option<Vec<u8>> {
        read_bound(&self.folder.join(name), marker)
    }

    /// Writes `bytes` to the file `name` of the cache folder, for the folder whose
    /// marker has the stamp `marker`. Like records, a cache that cannot be written
    /// costs the next build time only: errors are ignored.
    pub(super) fn write(&self, name: &str, marker: Option<Stamp>, bytes: &[u8]) {
        if let Some(staged) = self.stage(name, bytes) {
            staged.commit(marker);
        }
    }

    /// Writes `bytes` for the file `name` of the cache folder before the folder it
    /// describes is known: it takes its name, and a header that names the folder,
    /// when [`Staged::commit`] is told the folder's marker.
    pub(super) fn stage(&self, name: &str, bytes: &[u8]) -> Option<Staged> {
        std::fs::create_dir_all(&self.folder).ok()?;
        let _ = std::fs::write(self.folder.join(".gitignore"), IGNORE_ALL);
        let staged = Staged {
            fresh: self.folder.join(format!("{name}{STAGED}{}", std::process::id())),
            path: self.folder.join(name),
        };
        let written = std::fs::File::create(&staged.fresh).and_then(|mut file| {
            use std::io::Write;
            file.write_all(&header(None))?;
            file.write_all(bytes)
        });
        written.is_ok().then_some(staged)
    }

    /// Removes the files that other builds staged, left by builds that were killed:
    /// under the output's lock, when no other build is between staging and
    /// committing, or only one that then keeps no cache.
    pub(super) fn remove_staged(&self) {
        let Ok(entries) = std::fs::read_dir(&self.folder) else { return };
        let own = format!("{STAGED}{}", std::process::id());
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.contains(STAGED) && !name.ends_with(&own) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// After the output was replaced: the record of the output before becomes the
    /// previous output's (when `kept`, the old output was kept as the previous one;
    /// otherwise there is none), and `record`, made for the folder whose marker has
    /// the stamp `marker`, describes the output. Failing to keep a record costs the
    /// next build time, never correctness, so errors are ignored (and the records
    /// they would leave inconsistent are removed).
    pub(super) fn replace(&self, kept: bool, marker: Option<Stamp>, record: Option<Vec<u8>>) {
        let moved = kept && std::fs::rename(self.output(), self.previous()).is_ok();
        if !moved {
            let _ = std::fs::remove_file(self.previous());
        }
        let _ = std::fs::remove_file(self.output());
        if let Some(record) = record {
            self.write(OUTPUT, marker, &record);
        }
    }
}

/// What a staged file's name has before the process id of the build that staged it.
const STAGED: &str = ".new-";

/// A file of the cache folder written but not yet named: see [`Records::stage`].
/// Removed when dropped uncommitted.
#[must_use]
pub(super) struct Staged {
    fresh: PathBuf,
    path: PathBuf,
}

impl Staged {
    /// Names the staged file for the folder whose marker has the stamp `marker`, and
    /// gives it its name; without a marker (not Unix) it is removed.
    pub(super) fn commit(self, marker: Option<Stamp>) {
        let Some(marker) = marker else { return };
        let named = std::fs::File::options().write(true).open(&self.fresh).and_then(|mut file| {
            use std::io::Write;
            // The header has one length whatever the stamp: this overwrites it alone.
            file.write_all(&header(Some(marker)))
        });
        let _ = named.and_then(|()| std::fs::rename(&self.fresh, &self.path));
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Gone already when it was committed.
        let _ = std::fs::remove_file(&self.fresh);
    }
}

/// How long a header's stamp line is: any stamp fits, padded with spaces.
const STAMP_WIDTH: usize = 127;

/// The two lines a record or cache file starts with: its format and the stamp of the
/// marker of the folder it describes (blank while there is none yet). Always
/// `HEADER.len() + STAMP_WIDTH + 2` bytes long.
fn header(marker: Option<Stamp>) -> Vec<u8> {
    let stamp = marker.map(Stamp::to_line).unwrap_or_default();
    format!("{HEADER}\n{stamp:<STAMP_WIDTH$}\n").into_bytes()
}

/// The bytes after the header of the file at `path`, when its header names the stamp
/// `marker`.
fn read_bound(path: &Path, marker: Option<Stamp>) -> Option<Vec<u8>> {
    let marker = marker?;
    let bytes = std::fs::read(path).ok()?;
    let mut lines = bytes.splitn(3, |&b| b == b'\n');
    let header = std::str::from_utf8(lines.next()?).ok()?;
    let stamp = Stamp::from_line(std::str::from_utf8(lines.next()?).ok()?.trim_end())?;
    (header == HEADER && stamp == marker).then(|| lines.next().unwrap_or_default().to_vec())
}

/// A `.gitignore` that ignores the folder it is in, itself included.
pub(super) const IGNORE_ALL: &str =
    "# Kept by northstar build between builds; may be deleted at any time.\n*\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_what_it_wrote_and_nothing_else() {
        let stamp = Stamp { inode: 7, length: 12, modified: (1, 2), changed: (-3, 4) };
        assert_eq!(Stamp::from_line(&stamp.to_line()), Some(stamp));
        assert_eq!(Stamp::from_line("7 12 1 2 -3"), None);
        assert_eq!(Stamp::from_line("7 12 1 2 -3 4 5"), None);
        assert_eq!(Stamp::from_line("-7 12 1 2 3 4"), None);
        let widest = Stamp {
            inode: u64::MAX,
            length: u64::MAX,
            modified: (i64::MIN, i64::MIN),
            changed: (i64::MIN, i64::MIN),
        };
        assert!(widest.to_line().len() <= STAMP_WIDTH);
        assert_eq!(header(Some(widest)).len(), header(None).len());
    }

    #[test]
    fn a_record_is_read_only_for_the_folder_whose_marker_it_names() {
        let parent = std::env::temp_dir().join(format!("northstar-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent).unwrap();
        let records = Records::new(&parent, "public");
        let marker = Stamp { inode: 7, length: 12, modified: (1, 2), changed: (3, 4) };
        let other = Stamp { changed: (3, 5), ..marker };
        // Written for the output; the next write makes it the previous output's.
        records.replace(false, Some(marker), Some(b"pages".to_vec()));
        assert_eq!(records.previous_for(Some(marker)), None);
        records.replace(true, Some(other), Some(b"newer".to_vec()));
        assert_eq!(records.previous_for(Some(marker)), Some(b"pages".to_vec()));
        assert_eq!(records.previous_for(Some(other)), None);
        assert_eq!(records.previous_for(None), None);
        // Without the old output kept, no record describes the previous output.
        records.replace(false, Some(marker), Some(b"newest".to_vec()));
        assert_eq!(records.previous_for(Some(other)), None);
        // A cache is read only for the folder it was written for.
        records.write("parse.cache", Some(marker), b"parsed");
        assert_eq!(records.read("parse.cache", Some(marker)), Some(b"parsed".to_vec()));
        assert_eq!(records.read("parse.cache", Some(other)), None);
        assert_eq!(records.read("parse.cache", None), None);
        records.write("parse.cache", None, b"for no folder");
        assert_eq!(records.read("parse.cache", Some(marker)), Some(b"parsed".to_vec()));
        // A staged cache is read once committed, and leaves nothing when it is not.
        let staged = records.stage("parse.cache", b"staged").unwrap();
        assert_eq!(records.read("parse.cache", Some(marker)), Some(b"parsed".to_vec()));
        staged.commit(Some(other));
        assert_eq!(records.read("parse.cache", Some(other)), Some(b"staged".to_vec()));
        drop(records.stage("parse.cache", b"dropped").unwrap());
        let killed = parent.join(".public.northstar-cache/parse.cache.new-0");
        std::fs::write(&killed, "left by a build that was killed").unwrap();
        let staged = records.stage("parse.cache", b"this build's").unwrap();
        records.remove_staged();
        assert!(!killed.exists());
        staged.commit(Some(marker));
        assert_eq!(records.read("parse.cache", Some(marker)), Some(b"this build's".to_vec()));
        let mut names: Vec<String> = std::fs::read_dir(parent.join(".public.northstar-cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".gitignore", "output.record", "parse.cache"]);
        let ignore = std::fs::read_to_string(parent.join(".public.northstar-cache/.gitignore"));
        assert_eq!(ignore.unwrap(), IGNORE_ALL);
        std::fs::remove_dir_all(&parent).unwrap();
    }
}
