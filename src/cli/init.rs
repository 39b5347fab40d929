//! `northstar init`: a new site, ready to preview and publish.

use std::process::ExitCode;

use super::{ENVIRONMENT_ERROR, InitArgs, print_err, print_error, print_out, system_today};
use crate::calendar::Date;

pub(super) fn run(args: &InitArgs) -> ExitCode {
    let today = system_today().unwrap_or_else(|| Date::from_days_since_epoch(0));
    let made = match crate::scaffold::init(&args.dir, args.force, today) {
        Ok(made) => made,
        Err(e) => {
            print_error(&e);
            if let Some(help) = e.help() {
                print_err(&format!("help: {help}\n"));
            }
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let dir = args.dir.display();
    let mut text = format!("made a northstar site in {dir}: {} files\n", made.written.len());
    for kept in &made.kept {
        text.push_str(&format!("  kept {kept}, which was there already\n"));
    }
    let cd = if args.dir.as_os_str() == "." { String::new() } else { format!("cd {dir} && ") };
    text.push_str(&format!(
        "next: {cd}northstar serve   (preview at http://127.0.0.1:1111/ while you edit)\n"
    ));
    print_out(&text).err().unwrap_or(ExitCode::SUCCESS)
}
