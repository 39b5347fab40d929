//! `northstar check`: run the pipeline and print its diagnostics.

use std::process::ExitCode;

use super::{
    CONTENT_ERRORS, CheckArgs, Summary, history, report, system_today, unreadable, usage_error,
};
use crate::pipeline::{self, Options};

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let options = Options { today: args.today, system_today: system_today(), ..Options::default() };
    let prepared = match history::prepare(&args.root, &args.history, options, Vec::new()) {
        Ok(prepared) => prepared,
        Err(e) => return usage_error(&e),
    };
    let checked = match pipeline::check(&prepared.root, &prepared.options) {
        Ok(checked) => checked,
        Err(e) => return unreadable(&e, &args.root),
    };
    let counts = match report(&checked, &args.root, args.format, Summary::Print) {
        Ok(counts) => counts,
        Err(code) => return code,
    };
    if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        ExitCode::from(CONTENT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
