//! Writes a site atomically: everything goes into a sibling folder, which then takes
//! the place of the old output in one step (see `swap`). The files are made as they
//! are written ([`Files`]), so a build never holds the whole site in memory and
//! rendering overlaps the waits on the file system. A failed build never gets here, and
//! a failed write leaves the old output as it was and no staging folder.
//! northstar only replaces a folder that is absent, empty, or marked as its own.
//!
//! Beside the output folder `public/` a write keeps `.public.northstar-previous`, the
//! output it replaced, which the next build writes into: a rebuild then rewrites only
//! the files that changed and makes no folder it made before, which on a disk is most
//! of what writing a site costs. It holds a `.gitignore` that keeps it out of git, and
//! may be deleted at any time. So may `.public.northstar-cache/` (see `record`): what
//! the builds that wrote both folders recorded ([`Files::record`]), with which the
//! next build keeps the files whose pages read nothing that changed
//! ([`Files::kept`]), and the caches a build keeps for the next ([`Cache`]). A write
//! also creates, and always removes again:
//! `.public.northstar-lock` (one build at a time, see `lock`), the staging folder
//! `.public.northstar-new-<pid>`, and, where folders cannot be exchanged in one step,
//! `.public.northstar-old-<pid>`. Ones left by a build that was killed are removed by the
//! next build.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::lock::OutputLock;
use super::record::{IGNORE_ALL, Records, Staged, Stamp};
use super::swap::{self, Leftover, Renames};
use super::{Destination, WriteError};

/// The file that marks an output folder as northstar's to replace.
pub const MARKER: &str = ".northstar-output";

/// The files of a site, for [`write_files`]: every path is known before anything is
/// written; each file's bytes are asked for once, from any thread, when it is written.
pub trait Files: Sync {
    /// Why a file could not be made (a template that failed, say).
    type Error: Send;
    /// Every path, relative to the output folder, sorted.
    fn paths(&self) -> &[String];
    /// The order to make the files in, as indexes into [`Files::paths`]: the slowest
    /// first, so that no thread is left alone with a big one at the end.
    fn order(&self) -> Vec<usize> {
        (0..self.paths().len()).collect()
    }
    /// The bytes of the file at `paths()[index]`.
    fn bytes(&self, index: usize) -> Result<Cow<'_, [u8]>, Self::Error>;
    /// Which files the folder being written into already holds as they must be, given
    /// what the build that wrote it recorded ([`Files::record`]) and the stamp of each
    /// file there now (by index into [`Files::paths`]; `None` where there is none, or
    /// the system cannot tell): those are neither made nor written. By default, none.
    fn kept(&self, _record: &[u8], _found: &[Option<Stamp>]) -> Vec<bool> {
        Vec::new()
    }
    /// What to remember of this build for the next one that writes into its folder,
    /// given each file's stamp as it was left; `None` to remember nothing.
    fn record(&self, _left: &[Option<Stamp>]) -> Option<Vec<u8>> {
        None
    }
}

/// Why [`write_files`] failed.
#[derive(Debug)]
pub enum Failed<E> {
    /// A file could not be made: the error of the first such file by path. Nothing
    /// was written.
    Make(E),
    Write(WriteError),
}

impl<E> From<WriteError> for Failed<E> {
    fn from(error: WriteError) -> Self {
        Failed::Write(error)
    }
}

/// What [`write_files`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// How many of the files were kept as an earlier build left them, neither made nor
    /// written ([`Files::kept`]).
    pub kept: usize,
}

/// A file to keep beside the output for the next build, for [`read_cache`] to find
/// while that output stands: what parsing gave, say. Errors writing it are ignored: a
/// cache is never needed.
pub struct Cache {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// The cache `name` that the build which wrote the output at `destination` kept
/// ([`Cache`]); `None` when there is none, or it was written for another folder (one
/// copied, restored from git, or replaced since).
pub fn read_cache(destination: &Destination, name: &str) -> Option<Vec<u8>> {
    let records = records_of(destination)?;
    let marker = std::fs::symlink_metadata(destination.real().join(MARKER)).ok()?;
    records.read(name, Stamp::of(&marker))
}

fn records_of(destination: &Destination) -> Option<Records> {
    let target = destination.real();
    let (parent, name) = (target.parent()?, target.file_name()?);
    Some(Records::new(parent, &name.to_string_lossy()))
}

/// Writes `files` to `destination`, replacing what a previous build wrote there,
/// making each file as it is written, and keeps `caches` beside it. Errors name paths
/// in the output folder as the user gave it (`public/okrs`), never the staging folder.
pub fn write_files<F: Files>(
    files: &F,
    destination: &Destination,
    caches: Vec<Cache>,
) -> Result<Written, Failed<F::Error>> {
    write_files_with(&swap::System, files, destination, caches)
}

fn write_files_with<F: Files>(
    renames: &impl Renames,
    files: &F,
    destination: &Destination,
    caches: Vec<Cache>,
) -> Result<Written, Failed<F::Error>> {
    let paths = files.paths();
    check_paths(paths, destination.path()).map_err(Failed::Write)?;
    let (target, shown) = (destination.real(), destination.path());
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(WriteError::NoParent { path: shown.to_path_buf() }.into());
    };
    let name = name.to_string_lossy();
    std::fs::create_dir_all(parent).map_err(|source| WriteError::Io {
        path: shown.parent().map_or_else(|| parent.to_path_buf(), Path::to_path_buf),
        source,
    })?;
    let _lock = OutputLock::acquire(parent.join(format!(".{name}.northstar-lock")), shown)?;
    remove_leftovers(parent, &name);
    let records = Records::new(parent, &name);
    records.remove_staged();
    check_replaceable(target, shown)?;
    // Written before the pages are made, to be out of memory while they are.
    let staged: Vec<Staged> =
        caches.into_iter().filter_map(|cache| records.stage(cache.name, &cache.bytes)).collect();
    let pid = std::process::id();
    let staging = Leftover::new(parent.join(format!(".{name}.northstar-new-{pid}")));
    let previous = parent.join(format!(".{name}.northstar-previous"));
    let folders = folders_of(paths);
    let existing = reuse(&previous, staging.path(), paths, &folders)?;
    let found: Vec<Option<Stamp>> =
        paths.iter().map(|path| existing.files.get(path).and_then(|&(_, stamp)| stamp)).collect();
    let marker = existing.files.get(MARKER).and_then(|&(_, stamp)| stamp);
    let kept = match records.previous_for(marker) {
        Some(record) => files.kept(&record, &found),
        None => Vec::new(),
    };
    let left = fill(files, staging.path(), shown, &folders, &existing, &kept)?;
    let retired = parent.join(format!(".{name}.northstar-old-{pid}"));
    let old = swap::swap(renames, staging.path(), target, retired, shown)?;
    let is_kept = old.is_some_and(|old| keep_previous(&old, &previous));
    records.replace(is_kept, left.marker, files.record(&left.files));
    staged.into_iter().for_each(|staged| staged.commit(left.marker));
    // `staging`, when it still holds anything, is removed before the lock goes.
    Ok(Written { kept: kept.iter().filter(|&&kept| kept).count() })
}

/// Keeps the output a build replaced at `previous`, for the next build to write into,
/// with a `.gitignore` that keeps it out of git. When it cannot be kept the next build
/// starts from nothing, which costs time but nothing else. Whether it was kept.
fn keep_previous(old: &Path, previous: &Path) -> bool {
    if std::fs::rename(old, previous).is_ok() {
        let _ = std::fs::write(previous.join(".gitignore"), IGNORE_ALL);
        true
    } else {
        let _ = std::fs::remove_dir_all(old);
        false
    }
}

/// What the folder a build writes into already holds, when it is the output of an
/// earlier build: its folders, and its files with their lengths and stamps.
#[derive(Default)]
struct Existing {
    folders: HashSet<String>,
    files: HashMap<String, (u64, Option<Stamp>)>,
}

/// The stamps of the files a write left in the output: each of [`Files::paths`], and
/// the marker.
struct Left {
    files: Vec<Option<Stamp>>,
    marker: Option<Stamp>,
}

/// Moves the output of an earlier build from `previous` to `staging`, keeps there the
/// folders and the plain files `files` has a path for, and removes everything else:
/// other files and folders, links (never followed), and files with other names (hard
/// links, which writing would change elsewhere). Creating a file or a folder costs
/// many times what rewriting one does (the file system looks for a free inode past the
/// ones it just freed), and a file whose bytes did not change need not be written at
/// all. Without an earlier output, or with one that cannot be read, `staging` starts
/// empty.
fn reuse(
    previous: &Path,
    staging: &Path,
    paths: &[String],
    folders: &[&str],
) -> Result<Existing, WriteError> {
    let io = |source| WriteError::Io { path: staging.to_path_buf(), source };
    if std::fs::rename(previous, staging).is_ok() {
        if let Ok(existing) = survey(staging, paths, folders) {
            return Ok(existing);
        }
        match std::fs::symlink_metadata(staging) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(staging).map_err(io)?,
            _ => std::fs::remove_file(staging).map_err(io)?,
        }
    }
    std::fs::create_dir(staging).map_err(io)?;
    Ok(Existing::default())
}

/// The folders and files under `root` a build of the files at `paths` (in `folders`)
/// keeps; everything else under it is removed.
fn survey(root: &Path, paths: &[String], folders: &[&str]) -> std::io::Result<Existing> {
    if !std::fs::symlink_metadata(root)?.is_dir() {
        return Err(std::io::ErrorKind::NotADirectory.into());
    }
    let wanted: HashSet<&str> = folders.iter().copied().collect();
    let found = survey_folder(root, "", paths, &wanted)?;
    found.unwanted.par_iter().try_for_each(|(path, is_dir)| match is_dir {
        true => std::fs::remove_dir_all(path),
        false => std::fs::remove_file(path),
    })?;
    Ok(Existing {
        folders: found.folders.into_iter().collect(),
        files: found
            .files
            .into_iter()
            .map(|(path, length, stamp)| (path, (length, stamp)))
            .collect(),
    })
}

/// What [`survey_folder`] finds.
#[derive(Default)]
struct Surveyed {
    folders: Vec<String>,
    /// Path, length and stamp.
    files: Vec<(String, u64, Option<Stamp>)>,
    /// Path and whether it is a folder (never a link to one).
    unwanted: Vec<(std::path::PathBuf, bool)>,
}

/// The survey of `folder` (relative to `root`, `""` for the root itself), its wanted
/// folders surveyed side by side: an output has a folder for nearly every page, and
/// one by one, reading them is most of what a rebuild that keeps most files costs.
fn survey_folder(
    root: &Path,
    folder: &str,
    paths: &[String],
    wanted: &HashSet<&str>,
) -> std::io::Result<Surveyed> {
    let mut found = Surveyed::default();
    let mut inside = Vec::new();
    for entry in std::fs::read_dir(root.join(folder))? {
        let entry = entry?;
        // Never followed: a link is a file of its own kind, unwanted.
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let relative = name.to_str().map(|name| match folder {
            "" => name.to_string(),
            _ => format!("{folder}/{name}"),
        });
        match relative {
            Some(relative) if kind.is_dir() && wanted.contains(relative.as_str()) => {
                found.folders.push(relative.clone());
                inside.push(relative);
            }
            Some(file)
                if kind.is_file() && (file == MARKER || paths.binary_search(&file).is_ok()) =>
            {
                match entry.metadata()? {
                    meta if has_one_name(&meta) => {
                        found.files.push((file, meta.len(), Stamp::of(&meta)));
                    }
                    _ => found.unwanted.push((entry.path(), false)),
                }
            }
            _ => found.unwanted.push((entry.path(), kind.is_dir())),
        }
    }
    let nested: Vec<Surveyed> = inside
        .par_iter()
        .map(|folder| survey_folder(root, folder, paths, wanted))
        .collect::<std::io::Result<_>>()?;
    for more in nested {
        found.folders.extend(more.folders);
        found.files.extend(more.files);
        found.unwanted.extend(more.unwanted);
    }
    Ok(found)
}

/// Whether a file has no other name (no hard link to it elsewhere).
#[cfg(unix)]
fn has_one_name(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) == 1
}

/// Elsewhere a file's other names are not known; it is written, never linked.
#[cfg(not(unix))]
fn has_one_name(_: &std::fs::Metadata) -> bool {
    false
}

/// Every folder the files at `paths` are in, once, parents before children (a folder
/// sorts after its parent, and by depth).
fn folders_of(paths: &[String]) -> Vec<&str> {
    let mut folders: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
        .flat_map(|folder| {
            folder.match_indices('/').map(|(i, _)| folder.get(..i).unwrap_or("")).chain([folder])
        })
        .collect();
    folders.sort_by_key(|f| (f.matches('/').count(), *f));
    folders.dedup();
    folders
}

/// Makes the folder at `path`, or keeps the folder already there (never a link).
fn make_folder(path: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match std::fs::symlink_metadata(path)?.is_dir() {
                true => Ok(()),
                false => Err(e),
            }
        }
        made => made,
    }
}

/// Writes `bytes` to `path`, unless the file there already holds them (`held` is its
/// length and stamp, when it is a file of an earlier output). Returns the stamp of the
/// file left at `path`.
fn put(
    path: &Path,
    bytes: &[u8],
    held: Option<(u64, Option<Stamp>)>,
) -> std::io::Result<Option<Stamp>> {
    if let Some((length, stamp)) = held
        && length == bytes.len() as u64
    {
        let mut file = std::fs::File::open(path)?;
        let mut before = Vec::with_capacity(bytes.len());
        std::io::Read::read_to_end(&mut file, &mut before)?;
        if before == bytes {
            return Ok(stamp);
        }
    }
    let mut file = std::fs::File::create(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// Removes the staging and retired folders of builds that were killed: under the lock,
/// no other build has any.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.northstar-new-"), format!(".{name}.northstar-old-")];
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|prefix| file_name.starts_with(prefix.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Refuses output paths that would leave the output folder, and a file whose path
/// another file needs as a folder (`okrs` beside `okrs/index.html`), before anything is
/// written.
fn check_paths(paths: &[String], shown: &Path) -> Result<(), WriteError> {
    for (at, path) in paths.iter().enumerate() {
        let outside = path.is_empty()
            || path.starts_with('/')
            || path.contains(['\\', '\0'])
            || path.split('/').any(|part| matches!(part, "" | "." | ".."));
        if outside {
            return Err(WriteError::OutsidePath { path: path.clone() });
        }
        // Paths inside `path/` sort right after `path/` itself.
        let folder = format!("{path}/");
        let after = paths.get(at + 1..).unwrap_or_default();
        let first = after.partition_point(|p| p.as_str() < folder.as_str());
        if let Some(inside) = after.get(first)
            && inside.starts_with(&folder)
        {
            return Err(WriteError::Collision {
                file: shown.join(path),
                inside: shown.join(inside),
            });
        }
    }
    Ok(())
}

fn check_replaceable(target: &Path, shown: &Path) -> Result<(), WriteError> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(WriteError::Foreign { path: shown.to_path_buf() });
    }
    let mut entries = std::fs::read_dir(target)
        .map_err(|source| WriteError::Io { path: shown.to_path_buf(), source })?;
    if entries.next().is_none() || target.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(WriteError::Foreign { path: shown.to_path_buf() })
    }
}

/// Making and writing files waits on the file system as much as on the CPU, so more
/// threads than cores keep both busy. (Eight took as long on 2 cores, 10,000 documents,
/// disk or tmpfs, and held more memory.)
const WRITERS: usize = 4;

/// Makes and writes every file of `files` but those `kept` into the new folder
/// `staging`; errors name the path each file will have in the output folder `shown`. A
/// file that cannot be made stops the writing but not the making, so that the error
/// returned is always the first by path. Returns the stamps of the files it leaves.
fn fill<F: Files>(
    files: &F,
    staging: &Path,
    shown: &Path,
    folders: &[&str],
    existing: &Existing,
    kept: &[bool],
) -> Result<Left, Failed<F::Error>> {
    let error = |relative: &str| {
        let path = if relative.is_empty() { shown.to_path_buf() } else { shown.join(relative) };
        move |source| WriteError::Io { path, source }
    };
    let paths = files.paths();
    let folders: Vec<&str> =
        folders.iter().copied().filter(|folder| !existing.folders.contains(*folder)).collect();
    let held = |relative: &str| existing.files.get(relative).copied();
    let left: Vec<Mutex<Option<Stamp>>> = paths.iter().map(|_| Mutex::new(None)).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WRITERS)
        .build()
        .map_err(|e| error("")(std::io::Error::other(e)))?;
    let unmade: Mutex<Option<(usize, F::Error)>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    pool.install(|| {
        // Each depth is created before the next one starts.
        for depth in folders.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            depth
                .par_iter()
                .try_for_each(|folder| make_folder(&staging.join(folder)).map_err(error(folder)))?;
        }
        let order = files.order().into_iter();
        order.par_bridge().try_for_each(|index| -> Result<(), WriteError> {
            let (Some(relative), Some(stamp)) = (paths.get(index), left.get(index)) else {
                return Ok(());
            };
            if kept.get(index) == Some(&true) {
                *lock(stamp) = held(relative).and_then(|(_, stamp)| stamp);
                return Ok(());
            }
            match files.bytes(index) {
                Ok(_) if stop.load(Ordering::Relaxed) => Ok(()),
                Ok(bytes) => {
                    let put = put(&staging.join(relative), &bytes, held(relative));
                    *lock(stamp) = put.map_err(error(relative))?;
                    Ok(())
                }
                Err(made) => {
                    stop.store(true, Ordering::Relaxed);
                    let mut first = lock(&unmade);
                    if first.as_ref().is_none_or(|(at, _)| index < *at) {
                        *first = Some((index, made));
                    }
                    Ok(())
                }
            }
        })
    })?;
    if let Some((_, made)) = unmade.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(Failed::Make(made));
    }
    let marker = "This folder is written by northstar build and replaced by the next build.\n";
    let marker =
        put(&staging.join(MARKER), marker.as_bytes(), held(MARKER)).map_err(error(MARKER))?;
    let files = left
        .into_iter()
        .map(|stamp| stamp.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
    Ok(Left { files: files.collect(), marker })
}

/// The value behind `mutex`, whether or not another thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
