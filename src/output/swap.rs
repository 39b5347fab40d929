//! Puts a filled staging folder in place of the output folder.
//!
//! On Linux the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`: a reader
//! sees the old site or the new one, never no folder. Where the exchange is not supported
//! (another system, or a file system without it) it takes two renames — the old folder
//! aside, the new one in — and between those two calls the output folder is missing.
//! When the second rename fails, the old folder is renamed back.

use std::path::{Path, PathBuf};

use super::WriteError;

/// Whether an exchange happened.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Exchange {
    Done,
    Unsupported,
}

/// The renames a swap takes: the system's, or a test's that fails on purpose.
pub(super) trait Renames {
    /// Exchanges the folders `a` and `b` in one step, if the system can.
    fn exchange(&self, a: &Path, b: &Path) -> std::io::Result<Exchange>;
    /// Renames `from` to `to`.
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
}

/// The operating system's renames.
pub(super) struct System;

impl Renames for System {
    #[cfg(target_os = "linux")]
    fn exchange(&self, a: &Path, b: &Path) -> std::io::Result<Exchange> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(Exchange::Done),
            // An older kernel or a file system without the flag.
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(Exchange::Unsupported),
            Err(e) => Err(e.into()),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn exchange(&self, _: &Path, _: &Path) -> std::io::Result<Exchange> {
        Ok(Exchange::Unsupported)
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }
}

/// A folder removed when dropped — a staging folder, or the old output once replaced —
/// so that every way out of a write, an early return included, cleans up.
#[derive(Debug)]
pub(super) struct Leftover {
    path: PathBuf,
    kept: bool,
}

impl Leftover {
    pub(super) fn new(path: PathBuf) -> Self {
        Self { path, kept: false }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps the folder: it holds the only copy of something, or something to reuse.
    fn keep(mut self) -> PathBuf {
        self.kept = true;
        std::mem::take(&mut self.path)
    }
}

impl Drop for Leftover {
    fn drop(&mut self) {
        if !self.kept {
            // Nothing to remove when the folder was renamed into place.
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Puts `staging` in place of the folder `target` (`shown` in errors), using `retired`
/// to hold the old folder if it takes two renames. Returns where the old output is
/// now (`staging` or `retired`), if there was one, for the caller to keep or remove.
/// After a failure `staging` holds the new output, for the caller to remove, and
/// `retired` is removed here, unless it holds the only copy of the old output
/// ([`WriteError::Restore`]).
pub(super) fn swap(
    renames: &impl Renames,
    staging: &Path,
    target: &Path,
    retired: PathBuf,
    shown: &Path,
) -> Result<Option<PathBuf>, WriteError> {
    let failed = |source| WriteError::Swap { path: shown.to_path_buf(), source };
    if std::fs::symlink_metadata(target).is_err() {
        return renames.rename(staging, target).map(|()| None).map_err(failed);
    }
    if renames.exchange(staging, target).map_err(failed)? == Exchange::Done {
        return Ok(Some(staging.to_path_buf()));
    }
    renames.rename(target, &retired).map_err(failed)?;
    let retired = Leftover::new(retired);
    if let Err(source) = renames.rename(staging, target) {
        if let Err(restoring) = renames.rename(retired.path(), target) {
            let kept = retired.keep();
            return Err(WriteError::Restore { path: shown.to_path_buf(), kept, source: restoring });
        }
        return Err(failed(source));
    }
    Ok(Some(retired.keep()))
}
