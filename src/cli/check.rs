//! `northstar check`: run the pipeline and print its diagnostics.

use std::process::ExitCode;

use super::{
    CONTENT_ERRORS, CheckArgs, ENVIRONMENT_ERROR, Summary, print_err, print_error, report,
    system_today,
};
use crate::pipeline::{self, Options};

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let options = Options { today: args.today, system_today: system_today(), ..Options::default() };
    let checked = match pipeline::check(&args.root, &options) {
        Ok(checked) => checked,
        Err(e) => {
            print_error(&e);
            if let pipeline::PipelineError::Load(crate::content::LoadError::NoContent { .. }) = e {
                print_err(
                    "help: run northstar in a site folder (with site.toml and content/), or pass --root DIR\n",
                );
            }
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let counts = match report(&checked, args.format, Summary::Print) {
        Ok(counts) => counts,
        Err(code) => return code,
    };
    if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        ExitCode::from(CONTENT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
