//! [`Destination`]: the output folder a build writes, resolved before anything is
//! rendered. It follows a symbolic link to the folder it names, and refuses a folder the
//! build reads from. Only reads metadata; never writes.

use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// More links than this in a row is a loop (the limit Linux uses).
const MAX_LINKS: usize = 40;

/// The output folder of a build: the path the user gave, for messages, and the real
/// folder it names, which is the one replaced.
///
/// **A symbolic link is followed, never replaced.** With `public -> /srv/www/site`, the
/// site is built into `/srv/www/site`: the new folder is staged beside the target (in
/// `/srv/www/`) and swapped in there, so the link keeps pointing at the fresh site. This
/// is what someone who linked their output folder to a web root expects, as Hugo
/// writes through such a link; the link itself, which the user made, is left alone. A
/// link to a folder that does not exist yet is built into that folder. The target is
/// held to the same rules as any output folder (absent, empty, or northstar's own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    shown: PathBuf,
    real: PathBuf,
}

impl Destination {
    /// Resolves `out` for the site at `site_root`, whose folders `inputs` (relative names
    /// such as `content`) the build reads.
    ///
    /// Refuses, with [`WriteError::IsSiteRoot`], [`WriteError::InsideInput`],
    /// [`WriteError::ContainsInput`] or [`WriteError::ContainsSite`], an output folder
    /// that is the site folder, lies in an input folder (the next build would read its
    /// own output) or holds one (replacing it would delete the sources). Paths are compared after resolving
    /// symbolic links and `..` — for a folder that does not exist yet, those of its
    /// nearest existing ancestor — so no spelling gets around the rule. Inputs that do
    /// not exist yet count too: a site may add `static/` later.
    pub fn resolve(out: &Path, site_root: &Path, inputs: &[&str]) -> Result<Self, WriteError> {
        let real = real_path(&follow_links(out)?).map_err(|source| io(out, source))?;
        let site = real_path(site_root).map_err(|source| io(site_root, source))?;
        let refusal = |input: &Path| (out.to_path_buf(), input.to_path_buf(), site_root.into());
        if real == site {
            return Err(WriteError::IsSiteRoot { path: out.into(), site: site_root.into() });
        }
        if site.starts_with(&real) {
            return Err(WriteError::ContainsSite { path: out.into(), site: site_root.into() });
        }
        for name in inputs {
            let shown = site_root.join(name);
            let input = real_path(&shown).map_err(|source| io(&shown, source))?;
            if real.starts_with(&input) {
                let (path, input, site) = refusal(&shown);
                return Err(WriteError::InsideInput { path, input, site });
            }
            if input.starts_with(&real) {
                let (path, input, site) = refusal(&shown);
                return Err(WriteError::ContainsInput { path, input, site });
            }
        }
        Ok(Self { shown: out.to_path_buf(), real })
    }

    /// The output folder as the user gave it: what messages name.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// The absolute folder, symbolic links resolved, that a build replaces.
    pub fn real(&self) -> &Path {
        &self.real
    }
}

fn io(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io { path: path.to_path_buf(), source }
}

/// Follows `path` while it is a symbolic link, to the path it finally names (which may
/// not exist).
fn follow_links(path: &Path) -> Result<PathBuf, WriteError> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path).map_err(|source| io(&path, source))?;
                // A relative target is relative to the link's folder; `join` keeps an
                // absolute one as it is.
                path = path.parent().map_or_else(|| target.clone(), |folder| folder.join(&target));
            }
            _ => return Ok(path),
        }
    }
    Err(WriteError::LinkLoop { path, limit: MAX_LINKS })
}

/// `path` made absolute with every symbolic link and `..` resolved. For a path that does
/// not exist (yet), its nearest existing ancestor is resolved and the rest appended,
/// with `..` and `.` applied by name: they follow a resolved folder or a part that does
/// not exist, so no link can be in the way.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    let mut real = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(e) => {
                let (Some(parent), Some(name)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(name);
                existing = parent;
            }
        }
    };
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => real.push(name),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("northstar-destination-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site/content")).unwrap();
        dir.canonicalize().unwrap()
    }

    const INPUTS: &[&str] = &["content", "static"];

    #[test]
    fn a_new_folder_beside_the_inputs_is_fine() {
        let dir = temp("fine");
        let site = dir.join("site");
        let dest = Destination::resolve(&site.join("public"), &site, INPUTS).unwrap();
        assert_eq!(dest.real(), site.join("public"));
        let dest = Destination::resolve(&dir.join("a/b/../c"), &site, INPUTS).unwrap();
        assert_eq!(dest.real(), dir.join("a/c"));
    }

    #[cfg(unix)]
    #[test]
    fn inputs_are_refused_however_they_are_spelt() {
        let dir = temp("spelt");
        let site = dir.join("site");
        std::os::unix::fs::symlink(site.join("content"), dir.join("link")).unwrap();
        let inside = [
            site.join("content/out"),
            site.join("public/../content/new/deeper"),
            dir.join("link/out"),
            site.join("static/out"),
        ];
        for out in inside {
            let result = Destination::resolve(&out, &site, INPUTS);
            assert!(matches!(result, Err(WriteError::InsideInput { .. })), "{out:?}: {result:?}");
        }
        let result = Destination::resolve(&site.join("content/.."), &site, INPUTS);
        assert!(matches!(result, Err(WriteError::IsSiteRoot { .. })), "{result:?}");
        let result = Destination::resolve(&dir, &site, INPUTS);
        assert!(matches!(result, Err(WriteError::ContainsSite { .. })), "{result:?}");
        std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), site.join("static")).unwrap();
        let result = Destination::resolve(&dir.join("elsewhere/.."), &site, INPUTS);
        assert!(matches!(result, Err(WriteError::ContainsSite { .. })), "{result:?}");
        let result = Destination::resolve(&dir.join("elsewhere/public"), &site, INPUTS);
        assert!(matches!(result, Err(WriteError::InsideInput { .. })), "{result:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_the_folder_they_name() {
        let dir = temp("links");
        let site = dir.join("site");
        std::os::unix::fs::symlink("www/site", site.join("public")).unwrap();
        let dest = Destination::resolve(&site.join("public"), &site, INPUTS).unwrap();
        assert_eq!(dest.real(), site.join("www/site"));
        assert_eq!(dest.path(), site.join("public"));
        std::os::unix::fs::symlink("loop", dir.join("loop")).unwrap();
        let result = Destination::resolve(&dir.join("loop"), &site, INPUTS);
        assert!(matches!(result, Err(WriteError::LinkLoop { .. })), "{result:?}");
    }
}
