//! Gives the code an identity, `NORTHSTAR_CODE`: a hash of everything that decides what
//! a build writes (the sources, the embedded theme and starter, the locked dependencies,
//! the compiler and profile). A build keeps the pages of an earlier one only when that
//! build ran the same code.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn main() {
    let mut hasher = DefaultHasher::new();
    for input in ["src", "themes", "starter", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={input}");
        hash_tree(Path::new(input), &mut hasher);
    }
    for variable in ["RUSTC", "PROFILE", "TARGET", "OPT_LEVEL"] {
        std::env::var(variable).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rustc-env=NORTHSTAR_CODE={:016x}", hasher.finish());
}

/// Hashes the file at `path`, or every file under the folder at `path` in name order,
/// with their paths.
fn hash_tree(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
            Err(_) => return,
        };
        entries.sort();
        for entry in entries {
            hash_tree(&entry, hasher);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        path.to_string_lossy().hash(hasher);
        bytes.hash(hasher);
    }
}
