//! `northstar build`: check, render, and write the site atomically. With content
//! errors it prints them, exits 1 and writes nothing.

use std::process::ExitCode;
use std::time::Instant;

use super::{
    BuildArgs, CONTENT_ERRORS, ENVIRONMENT_ERROR, Summary, print_err, print_error, report,
    system_today,
};
use crate::pipeline::{self, Options};
use crate::render::Drafts;

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = Options {
        today: args.today,
        system_today: system_today(),
        base_url: args.base_url.clone(),
        drafts: Some(if args.drafts { Drafts::Include } else { Drafts::Exclude }),
    };
    let built = match pipeline::build(&args.root, &options) {
        Ok(built) => built,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let counts = match report(&built.checked, args.format, Summary::Quiet) {
        Ok(counts) => counts,
        Err(code) => return code,
    };
    let Some(output) = built.output else {
        if args.format == crate::diagnostics::Format::Human {
            print_err(&format!(
                "error: the site has {} error(s); nothing was written\n",
                counts.errors
            ));
        }
        return ExitCode::from(CONTENT_ERRORS);
    };
    let out_dir = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    if let Err(e) = crate::output::write(&output, &out_dir) {
        print_error(&e);
        return ExitCode::from(ENVIRONMENT_ERROR);
    }
    let pages = output.files.keys().filter(|p| p.ends_with(".html")).count();
    print_err(&format!(
        "built {pages} pages from {} documents into {} in {} ms\n",
        built.checked.strategy.documents.len(),
        out_dir.display(),
        started.elapsed().as_millis()
    ));
    ExitCode::SUCCESS
}
