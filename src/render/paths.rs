//! Static files that would collide with the files the route table generates: a static
//! file never overwrites a page, nor stands where a page needs a folder.

use std::collections::BTreeSet;

use super::{Origin, Theme};

/// A static file whose output path is taken by a generated page or folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collision {
    /// The file's path under `static/` (`okrs`).
    pub static_path: String,
    /// Where the static file came from.
    pub origin: Origin,
    /// What the site generates there: a file (`index.html`) or a folder (`okrs/`).
    pub generated: String,
}

/// The theme's static files that would overwrite a generated file, replace a
/// generated folder, or need a generated file to be a folder.
pub(super) fn static_collisions(generated: &BTreeSet<String>, theme: &Theme) -> Vec<Collision> {
    let folders: BTreeSet<&str> = generated
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| p.get(..=i).unwrap_or("")))
        .collect();
    let mut collisions = Vec::new();
    for (path, file) in theme.statics() {
        let folder = format!("{path}/");
        let taken = if generated.contains(path) {
            Some(path.to_string())
        } else if folders.contains(folder.as_str()) {
            Some(folder)
        } else {
            // A generated file where the static file needs a folder.
            path.match_indices('/')
                .filter_map(|(i, _)| path.get(..i))
                .find(|parent| generated.contains(*parent))
                .map(str::to_string)
        };
        if let Some(generated) = taken {
            collisions.push(Collision {
                static_path: path.to_string(),
                origin: file.origin.clone(),
                generated,
            });
        }
    }
    collisions
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn theme(statics: &[&str]) -> Theme {
        Theme::compile(
            statics.iter().map(|p| {
                (format!("static/{p}"), PathBuf::from(format!("static/{p}")), b"x".to_vec())
            }),
        )
        .unwrap()
    }

    #[test]
    fn collisions_cover_files_folders_and_files_used_as_folders() {
        let generated: BTreeSet<String> =
            ["index.html", "okrs/index.html", "okrs/q4/index.html", "robots.txt"]
                .into_iter()
                .map(String::from)
                .collect();
        let found: Vec<(String, String)> = static_collisions(
            &generated,
            &theme(&["okrs", "index.html", "okrs/q4/index.html", "robots.txt/x", "okrs/a.css"]),
        )
        .into_iter()
        .map(|c| (c.static_path, c.generated))
        .collect();
        assert_eq!(
            found,
            [
                ("index.html".to_string(), "index.html".to_string()),
                ("okrs".to_string(), "okrs/".to_string()),
                ("okrs/q4/index.html".to_string(), "okrs/q4/index.html".to_string()),
                ("robots.txt/x".to_string(), "robots.txt".to_string()),
            ]
        );
    }
}
