//! [`OutputLock`]: one build at a time writes an output folder. The lock is a file
//! beside the folder (`.public.northstar-lock`), held with the operating system's
//! advisory lock, which is released when the process ends however it ends.
//!
//! On Unix the file is removed before the lock is released, so nothing stays behind. A
//! build that waited on a file that was removed meanwhile finds the path gone or naming
//! another file, and starts over with a fresh one. Elsewhere the (empty) file stays.

use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};

use super::WriteError;

/// Starting over is needed only when another build finished in between, so this many
/// rounds mean something other than builds is removing the file.
const MAX_ROUNDS: usize = 10_000;

/// Holds the lock on an output folder until dropped.
#[derive(Debug)]
pub(super) struct OutputLock {
    path: PathBuf,
    // Closing the file releases the lock: it must outlive the removal in `drop`.
    _file: File,
}

impl OutputLock {
    /// Waits until no other build writes the folder `out` (shown as `shown` in errors),
    /// then holds the lock at `path`, which lies beside it.
    pub(super) fn acquire(path: PathBuf, shown: &Path) -> Result<Self, WriteError> {
        let error =
            |source| WriteError::Lock { path: path.clone(), out: shown.to_path_buf(), source };
        for _ in 0..MAX_ROUNDS {
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(error)?;
            file.lock().map_err(error)?;
            let held = file.metadata().map_err(error)?;
            match std::fs::metadata(&path) {
                Ok(current) if same_file(&held, &current) => {
                    return Ok(Self { path, _file: file });
                }
                // Removed or replaced by the build that held it: try the file now there.
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(error(e)),
            }
        }
        Err(error(std::io::Error::other("the lock file kept being replaced")))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    // The file is never removed there, so the path always names the locked file.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_leaves_no_file() {
        let dir = std::env::temp_dir().join(format!("northstar-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".public.northstar-lock");
        let inside = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..20 {
                        let _lock = OutputLock::acquire(path.clone(), &dir).unwrap();
                        let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                        most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                        std::thread::yield_now();
                        inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(most.into_inner(), 1);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }
}
