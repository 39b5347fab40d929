//! `northstar check`: run the pipeline and print its diagnostics.

use std::process::ExitCode;

use super::{CONTENT_ERRORS, CheckArgs, Summary, report, system_today, unreadable};
use crate::pipeline::{self, Options};

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let options = Options { today: args.today, system_today: system_today(), ..Options::default() };
    let checked = match pipeline::check(&args.root, &options) {
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
