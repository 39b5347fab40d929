//! Writes an [`Output`] atomically: everything goes into a temporary sibling folder,
//! which then replaces the old output in one rename. A failed build never gets here,
//! and a failed write leaves the old output as it was. northstar only replaces a folder
//! that is absent, empty, or marked as its own.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Output;

/// The file that marks an output folder as northstar's to replace.
pub const MARKER: &str = ".northstar-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "refusing to replace {path}: it is not empty and was not written by northstar (no {MARKER} file in it)"
    )]
    Foreign { path: PathBuf },
    #[error("the output folder {path} has no parent folder to write beside")]
    NoParent { path: PathBuf },
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Writes `output` to `out_dir`, replacing what a previous build wrote there.
pub fn write(output: &Output, out_dir: &Path) -> Result<(), WriteError> {
    check_replaceable(out_dir)?;
    let parent = match out_dir.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return Err(WriteError::NoParent { path: out_dir.to_path_buf() }),
    };
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.northstar-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.northstar-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(e) = fill(output, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out_dir.exists() {
        std::fs::rename(out_dir, &retired).map_err(io(out_dir))?;
    }
    if let Err(source) = std::fs::rename(&staging, out_dir) {
        // Put the previous output back before reporting.
        let _ = std::fs::rename(&retired, out_dir);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(WriteError::Io { path: out_dir.to_path_buf(), source });
    }
    let _ = std::fs::remove_dir_all(&retired);
    Ok(())
}

fn check_replaceable(out_dir: &Path) -> Result<(), WriteError> {
    if !out_dir.exists() {
        return Ok(());
    }
    if !out_dir.is_dir() {
        return Err(WriteError::Foreign { path: out_dir.to_path_buf() });
    }
    let mut entries = std::fs::read_dir(out_dir).map_err(io(out_dir))?;
    if entries.next().is_none() || out_dir.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(WriteError::Foreign { path: out_dir.to_path_buf() })
    }
}

/// Creating files and folders waits on the file system far more than on the CPU, so
/// more threads than cores keep it busy.
const WRITERS: usize = 8;

fn fill(output: &Output, staging: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(staging).map_err(io(staging))?;
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
    let pool = rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build().map_err(|e| {
        WriteError::Io { path: staging.to_path_buf(), source: std::io::Error::other(e) }
    })?;
    pool.install(|| {
        for depth in folders.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            depth.par_iter().try_for_each(|folder| {
                let path = staging.join(folder);
                std::fs::create_dir(&path).map_err(io(&path))
            })?;
        }
        output.files.par_iter().try_for_each(|(relative, bytes)| {
            let path = staging.join(relative);
            std::fs::write(&path, bytes).map_err(io(&path))
        })
    })?;
    let marker = staging.join(MARKER);
    std::fs::write(
        &marker,
        "This folder is written by northstar build and replaced by the next build.\n",
    )
    .map_err(io(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("northstar-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn site(page: &str) -> Output {
        let mut output = Output::default();
        output.insert("index.html", page);
        output.insert("a/b/index.html", "deep");
        output
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = temp("replace");
        let out = dir.join("public");
        write(&site("one"), &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        write(&site("two"), &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let leftovers: Vec<_> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = temp("foreign");
        let out = dir.join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep me").unwrap();
        assert!(matches!(write(&site("x"), &out), Err(WriteError::Foreign { .. })));
        assert_eq!(std::fs::read_to_string(out.join("precious.txt")).unwrap(), "keep me");
    }

    #[test]
    fn an_empty_folder_is_fine() {
        let dir = temp("empty");
        let out = dir.join("public");
        std::fs::create_dir_all(&out).unwrap();
        write(&site("x"), &out).unwrap();
        assert!(out.join("index.html").is_file());
    }
}
