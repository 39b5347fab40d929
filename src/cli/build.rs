//! `northstar build`: check, render, and write the site atomically. With content
//! errors it prints them, exits 1 and writes nothing.

use std::process::ExitCode;
use std::time::Instant;

use super::{
    BuildArgs, CONTENT_ERRORS, ENVIRONMENT_ERROR, Summary, history, notes, plural, print_err,
    print_error, print_summary, report, site_options, unreadable, usage_error,
};
use crate::content::ParseCache;
use crate::output::{Cache, Destination, Failed, WriteError};
use crate::pipeline::{self, PipelineError, Rendering};

/// What parsing the documents gave, kept beside the output for the next build.
const PARSE_CACHE: &str = "parse.cache";

/// What reading the history gave: each version of each document file.
const HISTORY_CACHE: &str = "history.cache";

/// The folders of a site that a build reads (besides `site.toml`): an output folder may
/// be neither inside one nor hold one.
const INPUT_FOLDERS: [&str; 4] = [crate::content::CONTENT_DIR, "static", "templates", "themes"];

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    // Before any work: a refused output folder is known from the paths alone.
    let destination = match Destination::resolve(&out, &args.root, &INPUT_FOLDERS) {
        Ok(destination) => destination,
        Err(e) => return write_failed(&e),
    };
    let options = site_options(args.today, args.base_url.clone(), args.drafts);
    let history_cache = crate::output::read_cache(&destination, HISTORY_CACHE).unwrap_or_default();
    let prepared = match history::prepare(&args.root, &args.history, options, history_cache) {
        Ok(prepared) => prepared,
        Err(e) => return usage_error(&e),
    };
    // What the build that wrote the output parsed, for the documents still the same.
    let parsed = crate::output::read_cache(&destination, PARSE_CACHE).unwrap_or_default();
    let (mut checked, parsed) = match pipeline::check_parsed(
        &prepared.root,
        &prepared.options,
        &ParseCache::read(parsed),
    ) {
        Ok(checked) => checked,
        Err(e) => return unreadable(&e, &args.root),
    };
    let history = std::mem::take(&mut checked.history_cache);
    let counts = match report(&checked, &args.root, args.format, Summary::Quiet) {
        Ok(counts) => counts,
        Err(code) => return code,
    };
    let documents = checked.strategy.documents.len();
    let denied = args.deny_warnings && counts.warnings > 0;
    let rendering = match Rendering::of(&checked) {
        Some(rendering) if !denied && checked.error_count() == 0 => rendering,
        _ => {
            let summary = counts.summary(documents);
            let why = if denied { " (--deny-warnings)" } else { "" };
            let line = format!("{summary}; nothing was written{why}");
            return print_summary(args.format, &line)
                .err()
                .unwrap_or(ExitCode::from(CONTENT_ERRORS));
        }
    };
    let caches = vec![
        Cache { name: PARSE_CACHE, bytes: parsed },
        Cache { name: HISTORY_CACHE, bytes: history },
    ];
    let written = match crate::output::write_files(&rendering, &destination, caches) {
        Ok(written) => written,
        Err(Failed::Write(e)) => return write_failed(&e),
        Err(Failed::Make(e)) => return unreadable(&PipelineError::Render(e), &args.root),
    };
    let pages = rendering.pages();
    let warnings = match counts.warnings {
        0 => String::new(),
        n => format!(", with {}", plural(n, "warning")),
    };
    let kept = match written.kept {
        0 => String::new(),
        n => {
            format!(" ({n} of {} files unchanged since an earlier build, kept)", rendering.files())
        }
    };
    let line = format!(
        "built {} from {} into {} in {} ms{kept}{warnings}",
        plural(pages, "page"),
        plural(documents, "document"),
        out.display(),
        started.elapsed().as_millis()
    );
    let line = format!("{}{line}", notes(&checked));
    print_summary(args.format, &line).err().unwrap_or(ExitCode::SUCCESS)
}

fn write_failed(error: &WriteError) -> ExitCode {
    print_error(error);
    if let Some(help) = error.help() {
        print_err(&format!("help: {help}\n"));
    }
    ExitCode::from(ENVIRONMENT_ERROR)
}
