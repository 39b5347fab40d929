//! [`WriteError`]: why the site could not be written. Every path in it is one the user
//! knows — the output folder as given and paths inside it — never the staging folder.

use std::path::PathBuf;

use super::MARKER;

/// Why the output could not be written. Each is an environment error (exit 2); the
/// previous output is left as it was, and no staging folder is left behind.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "refusing to replace {path}: it is not empty and was not written by northstar (no {MARKER} file in it)"
    )]
    Foreign { path: PathBuf },
    #[error("the output folder {path} has no parent folder to write beside")]
    NoParent { path: PathBuf },
    #[error(
        "refusing to write the site into {path}: it is the site folder itself, which the build reads"
    )]
    IsSiteRoot { path: PathBuf, site: PathBuf },
    #[error(
        "refusing to write the site into {path}: it is inside {input}, which the build reads, so the next build would read its own output"
    )]
    InsideInput { path: PathBuf, input: PathBuf, site: PathBuf },
    #[error(
        "refusing to write the site into {path}: it contains {input}, which the build reads, and replacing it would delete the site's sources"
    )]
    ContainsInput { path: PathBuf, input: PathBuf, site: PathBuf },
    #[error(
        "refusing to write the site into {path}: it contains the site folder {site}, and replacing it would delete the site's sources"
    )]
    ContainsSite { path: PathBuf, site: PathBuf },
    #[error("{path} leads through more than {limit} symbolic links")]
    LinkLoop { path: PathBuf, limit: usize },
    #[error("cannot write {file}: {inside} needs a folder at the same path")]
    Collision { file: PathBuf, inside: PathBuf },
    #[error("the site has an output path that would leave the output folder: `{path}`")]
    OutsidePath { path: String },
    #[error("cannot lock {path}, which keeps two builds from writing {out} at once")]
    Lock {
        path: PathBuf,
        out: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot put the new site in place of {path}; it is unchanged")]
    Swap {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot put the previous output back at {path} after a failed swap; it is kept in {kept}"
    )]
    Restore {
        path: PathBuf,
        kept: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    /// What the user can do about it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Self::IsSiteRoot { path, site }
            | Self::InsideInput { path, site, .. }
            | Self::ContainsInput { path, site, .. }
            | Self::ContainsSite { path, site } => {
                let default = site.join("public");
                let instead = if *path == default {
                    " (the default public/ leads there: make it a folder of its own)".to_string()
                } else {
                    format!(", such as {} (the default)", default.display())
                };
                Some(format!(
                    "pass --out a folder outside content/, static/, templates/ and themes/ that holds none of them{instead}"
                ))
            }
            Self::Foreign { .. } => {
                Some("pass --out an empty or new folder, or empty this one yourself".into())
            }
            Self::Collision { .. } => Some(
                "rename or remove the file in static/ (or the theme's static/) whose path a generated page needs".into(),
            ),
            Self::Swap { path, source } if source.kind() == std::io::ErrorKind::ResourceBusy => {
                Some(format!(
                    "northstar replaces the output folder as a whole; if {} is a mount point, pass --out a folder inside it",
                    path.display()
                ))
            }
            _ => None,
        }
    }
}
