//! The built site in memory — output path → bytes — and [`write()`], the only code that
//! writes it to disk, into a [`Destination`] resolved before the build.

mod destination;
mod error;
mod lock;
mod swap;
mod write;

use std::collections::BTreeMap;

pub use destination::Destination;
pub use error::WriteError;
pub use write::{MARKER, write};

/// Every file of a built site, keyed by its path relative to the output folder
/// (`initiatives/faster-sync/index.html`). A `BTreeMap`, so iteration order — and so
/// everything derived from it — is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// The bytes at `path`.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }
}
