//! `northstar check`: run the pipeline and print its diagnostics.

use std::io::Write as _;
use std::process::ExitCode;

use super::{CONTENT_ERRORS, CheckArgs, ENVIRONMENT_ERROR, print_error, system_today};
use crate::diagnostics::{Format, Severity, render};
use crate::pipeline::{self, Options};

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let options = Options { today: args.today, system_today: system_today() };
    let checked = match pipeline::check(&args.root, &options) {
        Ok(checked) => checked,
        Err(e) => {
            print_error(&e);
            if let pipeline::PipelineError::Load(crate::content::LoadError::NoContent { .. }) = e {
                eprintln!(
                    "help: run northstar in a site folder (with site.toml and content/), or pass --root DIR"
                );
            }
            return ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let report = render(&checked.diagnostics, &checked.sources, args.format);
    let errors = checked.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = checked.diagnostics.len() - errors;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(report.as_bytes());
    if args.format == Format::Human {
        let documents = checked.strategy.documents.len();
        let summary = match (errors, warnings) {
            (0, 0) => format!("ok: {documents} documents, no problems"),
            _ => format!(
                "{}: {documents} documents, {errors} error{}, {warnings} warning{}",
                if errors > 0 { "error" } else { "warning" },
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
            ),
        };
        let _ = writeln!(stdout, "{summary}");
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(CONTENT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
