//! Writes [`Pages`] atomically: everything goes into a temporary sibling folder,
//! which then takes the place of the old output (see `swap`). A failed build never gets
//! here, and a failed write leaves the old output as it was and no staging folder.
//! northstar only replaces a folder that is absent, empty, or marked as its own.
//!
//! Beside the output folder `public/` a write creates, and always removes again:
//! `.public.northstar-lock` (one build at a time, see `lock`), the staging folder
//! `.public.northstar-new-<pid>`, and, where folders cannot be exchanged in one step,
//! `.public.northstar-old-<pid>`. Ones left by a build that was killed are removed by the
//! next build. Nothing else stays beside the output.

use std::path::Path;

use rayon::prelude::*;

use super::lock::OutputLock;
use super::swap::{self, Leftover, Renames};
use super::{Destination, WriteError};
use crate::render::Pages;

/// The file that marks an output folder as northstar's to replace.
pub const MARKER: &str = ".northstar-output";

/// Writes `output` to `destination`, replacing what a previous build wrote there.
/// Errors name paths in the output folder as the user gave it (`public/okrs`), never
/// the staging folder.
pub fn write(output: &Pages, destination: &Destination) -> Result<(), WriteError> {
    write_with(&swap::System, output, destination)
}

fn write_with(
    renames: &impl Renames,
    output: &Pages,
    destination: &Destination,
) -> Result<(), WriteError> {
    check_paths(output, destination.path())?;
    let (target, shown) = (destination.real(), destination.path());
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(WriteError::NoParent { path: shown.to_path_buf() });
    };
    let name = name.to_string_lossy();
    std::fs::create_dir_all(parent).map_err(|source| WriteError::Io {
        path: shown.parent().map_or_else(|| parent.to_path_buf(), Path::to_path_buf),
        source,
    })?;
    let _lock = OutputLock::acquire(parent.join(format!(".{name}.northstar-lock")), shown)?;
    remove_leftovers(parent, &name);
    check_replaceable(target, shown)?;
    let pid = std::process::id();
    let staging = Leftover::new(parent.join(format!(".{name}.northstar-new-{pid}")));
    fill(output, staging.path(), shown)?;
    let retired = parent.join(format!(".{name}.northstar-old-{pid}"));
    swap::swap(renames, staging.path(), target, retired, shown)
    // `staging`, now holding the old output or nothing, is removed before the lock goes.
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
fn check_paths(output: &Pages, shown: &Path) -> Result<(), WriteError> {
    for path in output.files.keys() {
        let outside = path.is_empty()
            || path.starts_with('/')
            || path.contains(['\\', '\0'])
            || path.split('/').any(|part| matches!(part, "" | "." | ".."));
        if outside {
            return Err(WriteError::OutsidePath { path: path.clone() });
        }
        // Paths inside `path/` sort right after `path/` itself.
        let folder = format!("{path}/");
        if let Some((inside, _)) = output.files.range(folder.clone()..).next()
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

/// Creating files and folders waits on the file system far more than on the CPU, so
/// more threads than cores keep it busy.
const WRITERS: usize = 8;

/// Writes every file of `output` into the new folder `staging`; errors name the path
/// each file will have in the output folder `shown`.
fn fill(output: &Pages, staging: &Path, shown: &Path) -> Result<(), WriteError> {
    let error = |relative: &str| {
        let path = if relative.is_empty() { shown.to_path_buf() } else { shown.join(relative) };
        move |source| WriteError::Io { path, source }
    };
    std::fs::create_dir(staging).map_err(error(""))?;
    // Every folder once, parents before children (a folder sorts after its parent, and
    // each depth is created before the next one starts).
    let mut folders: Vec<&str> = output
        .files
        .keys()
        .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
        .flat_map(|folder| {
            folder.match_indices('/').map(|(i, _)| folder.get(..i).unwrap_or("")).chain([folder])
        })
        .collect();
    folders.sort_by_key(|f| (f.matches('/').count(), *f));
    folders.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WRITERS)
        .build()
        .map_err(|e| error("")(std::io::Error::other(e)))?;
    pool.install(|| {
        for depth in folders.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            depth.par_iter().try_for_each(|folder| {
                std::fs::create_dir(staging.join(folder)).map_err(error(folder))
            })?;
        }
        output.files.par_iter().try_for_each(|(relative, bytes)| {
            std::fs::write(staging.join(relative), bytes).map_err(error(relative))
        })
    })?;
    std::fs::write(
        staging.join(MARKER),
        "This folder is written by northstar build and replaced by the next build.\n",
    )
    .map_err(error(MARKER))
}

#[cfg(test)]
mod tests;
