//! The globs of `ignore` in site.toml: `*` is any run of characters within one path
//! segment, `?` one character, and a `**` segment any number of folders. A pattern
//! without `/` names a file (or folder) in any folder: `adr-template.md` is
//! `**/adr-template.md`. Paths are relative to the site root, `/`-separated.

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Glob {
    pattern: String,
}

impl Glob {
    /// A pattern as written; `Err` says what is wrong with it.
    pub fn parse(pattern: &str) -> Result<Glob, String> {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return Err("an `ignore` pattern is empty".into());
        }
        if pattern.starts_with('/') || pattern.contains('\\') {
            return Err(format!(
                "`{pattern}` must be a path relative to the site folder, with `/` between folders"
            ));
        }
        if pattern.split('/').any(|s| s == "..") {
            return Err(format!("`{pattern}` leads out of the site folder with `..`"));
        }
        if pattern.len() > 500 {
            return Err("an `ignore` pattern is longer than 500 characters".into());
        }
        let pattern = if pattern.contains('/') {
            pattern.trim_end_matches('/').to_string()
        } else {
            format!("**/{pattern}")
        };
        Ok(Glob { pattern })
    }

    /// Whether `path` (relative to the site root, `/`-separated) matches, or lies in a
    /// folder that matches.
    pub fn matches(&self, path: &str) -> bool {
        let pattern: Vec<&str> = self.pattern.split('/').filter(|s| !s.is_empty()).collect();
        let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        (1..=path.len()).any(|n| segments_match(&pattern, path.get(..n).unwrap_or_default()))
    }
}

/// Whether the pattern's segments match the path's, `**` standing for any number of
/// segments. Dynamic programming: no pattern can make it slow.
fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    let (p, s) = (pattern.len(), path.len());
    // at[i][j]: pattern[i..] matches path[j..].
    let mut at = vec![vec![false; s + 1]; p + 1];
    if let Some(row) = at.get_mut(p)
        && let Some(end) = row.get_mut(s)
    {
        *end = true;
    }
    for i in (0..p).rev() {
        for j in (0..=s).rev() {
            let here = match (pattern.get(i), path.get(j)) {
                (Some(&"**"), _) => at[i + 1][j] || (j < s && at[i][j + 1]),
                (Some(segment), Some(name)) => segment_matches(segment, name) && at[i + 1][j + 1],
                _ => false,
            };
            at[i][j] = here;
        }
    }
    at[0][0]
}

/// `*` and `?` within one segment: the usual greedy match with one backtrack point,
/// linear in practice and never exponential.
fn segment_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        match p.get(i) {
            Some('*') => {
                star = Some((i, j));
                i += 1;
            }
            Some(&c) if c == '?' || c == n[j] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some((si, sj)) => {
                    i = si + 1;
                    j = sj + 1;
                    star = Some((si, sj + 1));
                }
                None => return false,
            },
        }
    }
    p.get(i..).unwrap_or_default().iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        Glob::parse(pattern).unwrap().matches(path)
    }

    #[test]
    fn stars_stay_within_a_segment() {
        assert!(matches("content/decisions/*.md", "content/decisions/0001-a.md"));
        assert!(!matches("content/*.md", "content/decisions/0001-a.md"));
        assert!(matches("content/decisions/000?-a.md", "content/decisions/0001-a.md"));
        assert!(!matches("content/decisions/000?-a.md", "content/decisions/00011-a.md"));
        assert!(matches("docs/*/template*.md", "docs/decisions/template-full.md"));
    }

    #[test]
    fn double_stars_cross_folders() {
        assert!(matches("**/adr-template.md", "content/decisions/adr-template.md"));
        assert!(matches("**/adr-template.md", "adr-template.md"));
        assert!(matches("docs/**/*.md", "docs/a/b/c.md"));
        assert!(matches("docs/**", "docs/a/b/c.md"));
        assert!(!matches("docs/**/x.md", "other/x.md"));
    }

    #[test]
    fn a_bare_name_matches_in_any_folder_and_folders_match_what_they_hold() {
        assert!(matches("template.md", "content/decisions/template.md"));
        assert!(!matches("template.md", "content/decisions/my-template.md"));
        assert!(matches("content/drafts", "content/drafts/x.md"));
    }

    #[test]
    fn bad_patterns_say_why() {
        for bad in ["", "/etc/*", "../x", "a/../../b", "a\\b"] {
            assert!(Glob::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn many_stars_are_not_slow() {
        let pattern = format!("{}b", "*".repeat(200));
        let name = "a".repeat(2000);
        assert!(!matches(&pattern, &name));
        let deep = vec!["**"; 50].join("/") + "/x";
        let path = vec!["a"; 200].join("/");
        assert!(!matches(&deep, &path));
    }
}
