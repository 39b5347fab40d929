//! `northstar schema`: the JSON Schema of front matter, printed or written to a folder.

use std::process::ExitCode;

use super::{ENVIRONMENT_ERROR, SchemaArgs, print_err, print_out};
use crate::scaffold::schema;

pub(super) fn run(args: &SchemaArgs) -> ExitCode {
    let accepted = accepted_keys(args);
    let Some(out) = &args.out else {
        let value = match args.kind {
            Some(kind) => schema::kind_schema(kind, &accepted),
            None => schema::any_schema(&accepted),
        };
        return print_out(&schema::to_text(&value)).err().unwrap_or(ExitCode::SUCCESS);
    };
    let written = schema::write_all(out, &accepted);
    match written {
        Ok(files) => {
            let text = format!("wrote {} schemas to {}\n", files, out.display());
            print_out(&text).err().unwrap_or(ExitCode::SUCCESS)
        }
        Err(e) => {
            print_err(&format!("error: cannot write {}: {e}\n", out.display()));
            ExitCode::from(ENVIRONMENT_ERROR)
        }
    }
}

/// The keys of other tools that site.toml's `ignore_fields` accepts, if the site has
/// a readable site.toml; the schema accepts them too.
fn accepted_keys(args: &SchemaArgs) -> Vec<String> {
    let mut sources = crate::diagnostics::SourceMap::default();
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    crate::config::load(&args.root, &mut sources, &mut diagnostics)
        .map(|(config, _)| config.ignore_fields)
        .unwrap_or_default()
}
