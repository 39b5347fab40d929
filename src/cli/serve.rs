//! `northstar serve`: the live preview. Starts even when the first build fails, and
//! exits only on an environment error (no free port, nothing to watch).

use std::process::ExitCode;

use super::{
    ENVIRONMENT_ERROR, ServeArgs, history, print_error, site_options, unreadable, usage_error,
};
use crate::serve::{ServeOptions, serve};

pub(super) fn run(args: &ServeArgs) -> ExitCode {
    if let Err(e) = crate::pipeline::site_folder(&args.root) {
        return unreadable(&e, &args.root);
    }
    let options = site_options(args.today, args.base_url.clone(), args.drafts);
    let prepared = match history::prepare(&args.root, &args.history, options, Vec::new()) {
        Ok(prepared) => prepared,
        Err(e) => return usage_error(&e),
    };
    let options = ServeOptions {
        root: prepared.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        options: prepared.options,
    };
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::from(ENVIRONMENT_ERROR)
        }
    }
}
