//! `northstar new`: a document of a kind, laid out to fill in.

use std::process::ExitCode;

use super::{ENVIRONMENT_ERROR, NewArgs, print_err, print_error, print_out, unreadable};
use crate::model::Kind;
use crate::scaffold::new::{self, NewError};

pub(super) fn run(args: &NewArgs) -> ExitCode {
    if let Err(e) = crate::pipeline::site_folder(&args.root) {
        return unreadable(&e, &args.root);
    }
    let title = args.title.join(" ");
    let (folder, kind) = (folder(args), args.kind);
    let made = match kind {
        // A site has one vision, and it is content/vision.md.
        Kind::Vision => new::new_at(&args.root, "content", "vision.md", kind, &title),
        _ => new::new(&args.root, &folder, kind, &title),
    };
    let made = match made {
        Ok(made) => made,
        Err(e) => {
            print_error(&e);
            if let Some(help) = NewError::help(&e) {
                print_err(&format!("help: {help}\n"));
            }
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let mut text = format!("made {}\n", made.path);
    if !made.to_fill.is_empty() {
        let fields = made.to_fill.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>();
        text.push_str(&format!(
            "next: fill in {}; `northstar check` reports each one until it is\n",
            fields.join(", ")
        ));
    }
    print_out(&text).err().unwrap_or(ExitCode::SUCCESS)
}

/// The kind's folder, relative to the site: the one `[folders]` in site.toml maps it
/// to, else its folder under content/. A site.toml with mistakes is left to `check`.
fn folder(args: &NewArgs) -> String {
    let mut sources = crate::diagnostics::SourceMap::default();
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    let mapped = crate::config::load(&args.root, &mut sources, &mut diagnostics).ok().and_then(
        |(config, _)| config.folders.into_iter().find(|f| Kind::parse(&f.kind) == Some(args.kind)),
    );
    match mapped {
        Some(mapped) => mapped.path,
        None if args.kind == Kind::Page => crate::content::CONTENT_DIR.to_string(),
        None => format!("{}/{}", crate::content::CONTENT_DIR, args.kind.section()),
    }
}
