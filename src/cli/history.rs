//! `--as-of DATE` and `--since REV`, shared by `build`, `check` and `serve`: which
//! files the pipeline reads (for `--as-of`, the site as git recorded it on that day,
//! written out beside the site) and where its history comes from.

use std::path::{Path, PathBuf};

use super::HistoryArgs;
use crate::history::AsOf;
use crate::pipeline::{GitHistory, HistorySource, Options};

/// The folder, in the site folder, that `--as-of` writes past states into; it ignores
/// itself in git.
const AS_OF_DIR: &str = ".northstar-as-of";

/// What a command reads, once `--as-of` and `--since` are applied.
pub(super) struct Prepared {
    /// The site folder to check: the site, or its past state.
    pub(super) root: PathBuf,
    pub(super) options: Options,
}

/// Applies the history flags to a command's options: reads git's history of the site
/// at `root`, and for `--as-of` writes the site as it stood that day into
/// `.northstar-as-of/` and checks that instead, on that day unless `--today` says
/// otherwise. A date before the first commit, or a `--since` that names no commit, is
/// an error of the command line (exit 2). `cache` is what an earlier build read of the
/// history.
pub(super) fn prepare(
    root: &Path,
    args: &HistoryArgs,
    mut options: Options,
    cache: Vec<u8>,
) -> Result<Prepared, String> {
    let mut git = GitHistory {
        since: args.since.clone(),
        cache: std::sync::Arc::new(cache),
        ..GitHistory::default()
    };
    let mut checked = root.to_path_buf();
    if let Some(date) = args.as_of {
        let dir = root.join(AS_OF_DIR);
        let AsOf { commit, .. } = crate::history::write_as_of(root, date, &dir)?;
        checked = dir.join("site");
        git.repository = Some(root.to_path_buf());
        git.tip = Some(commit);
        options.system_today = Some(date);
    }
    options.history = HistorySource::Git(git);
    Ok(Prepared { root: checked, options })
}
