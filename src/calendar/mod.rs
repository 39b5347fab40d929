//! Calendar arithmetic: dates (`2026-11-02`) and quarters (`2026-Q3`), pure values with
//! no time zone and no clock. It sits below `config` and `model`, which both read dates,
//! and depends on nothing in the crate.

mod date;
mod quarter;

pub use date::{Date, DateError};
pub use quarter::{Quarter, QuarterRange};

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The `.rs` files under `src/<folder>`, as text.
    fn sources(folder: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(folder)];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    found.push((path.display().to_string(), text));
                }
            }
        }
        assert!(!found.is_empty(), "no sources under src/{folder}");
        found
    }

    #[test]
    fn issue_8_config_reads_dates_from_calendar_not_model() {
        for (path, text) in sources("config") {
            assert!(!text.contains("crate::model"), "{path} imports the model");
        }
    }

    #[test]
    fn issue_8_calendar_depends_on_nothing_in_the_crate() {
        for (path, text) in sources("calendar") {
            let uses: Vec<&str> =
                text.lines().filter(|l| l.trim_start().starts_with("use crate::")).collect();
            assert!(uses.is_empty(), "{path} uses {uses:?}");
        }
    }
}
