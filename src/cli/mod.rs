//! The command line: clap's [`Cli`], and [`run`], which dispatches to one module per
//! subcommand and turns the outcome into an exit code — 0 success, 1 content errors,
//! 2 usage or environment errors. Errors are printed here, once, with their causes.

mod build;
mod check;
mod history;
mod init;
mod new;
mod schema;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::BaseUrl;
use crate::diagnostics::Format;
use crate::model::Date;

/// A static site generator for strategy documents.
#[derive(Debug, Parser)]
#[command(name = "northstar", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the strategy and write the site (into public/ unless --out says otherwise)
    Build(BuildArgs),
    /// Validate the strategy and report every problem, without writing anything
    Check(CheckArgs),
    /// Build into memory, serve on loopback and rebuild as files change (live preview)
    Serve(ServeArgs),
    /// Start a new site: site.toml, one document of every kind, a README and a GitHub Pages workflow
    Init(InitArgs),
    /// Start a document of a kind, with that kind's fields laid out to fill in
    New(NewArgs),
    /// Print the JSON Schema of front matter, so an editor checks fields while you type
    Schema(SchemaArgs),
}

/// Arguments of `northstar new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The kind of document: vision, principle, metric, pillar, initiative, objective, debt, experiment, postmortem, decision, update, stakeholder or page
    #[arg(value_name = "KIND", value_parser = parse_kind)]
    pub kind: crate::model::Kind,
    /// Its title, which also names the file (quotes are optional)
    #[arg(value_name = "TITLE", required = true, num_args = 1..)]
    pub title: Vec<String>,
    /// The site folder (holding site.toml and content/)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// Arguments of `northstar schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// One kind's schema; without it, one schema for any document (kinds by their `kind:` field)
    #[arg(value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<crate::model::Kind>,
    /// Write every schema into this folder (northstar.json and one file per kind) instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub out: Option<PathBuf>,
    /// The site folder, whose site.toml may list `ignore_fields` that the schema then accepts
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

fn parse_kind(text: &str) -> Result<crate::model::Kind, String> {
    use crate::model::fields::Choice;
    crate::model::Kind::parse(text).ok_or_else(|| {
        let names = crate::model::Kind::ALL.iter().map(|(n, _)| *n);
        let all = names.clone().collect::<Vec<_>>().join(", ");
        match crate::diagnostics::did_you_mean(text, names) {
            Some(suggestion) => format!("unknown kind; {suggestion} (one of {all})"),
            None => format!("unknown kind; use one of {all}"),
        }
    })
}

/// Arguments of `northstar init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to make the site in; created when missing, and must be empty
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty, beside what is there (no file is replaced)
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `northstar serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (holding site.toml and content/)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The port to serve on; the next free one is taken when it is busy
    #[arg(long, default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// The address to listen on; other machines can reach the preview only when this is not loopback
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include documents marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// The day to read the strategy on (YYYY-MM-DD); default: `today` in site.toml, else the system date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// The URL the site is served from; overrides base_url in site.toml (its path is served)
    #[arg(long, value_name = "URL", value_parser = BaseUrl::parse)]
    pub base_url: Option<BaseUrl>,
    /// Watch by polling, for file systems whose change events do not arrive (network drives, WSL /mnt)
    #[arg(long)]
    pub poll: bool,
    #[command(flatten)]
    pub history: HistoryArgs,
}

/// Arguments of `northstar build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holding site.toml and content/)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Where to write the site; default: public/ in the site folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The URL the site is served from; overrides base_url in site.toml
    #[arg(long, value_name = "URL", value_parser = BaseUrl::parse)]
    pub base_url: Option<BaseUrl>,
    /// Include documents marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// The day to read the strategy on (YYYY-MM-DD); default: `today` in site.toml, else the system date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1, write nothing) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub history: HistoryArgs,
}

/// Arguments of `northstar check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (holding site.toml and content/)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The day to read the strategy on (YYYY-MM-DD); default: `today` in site.toml, else the system date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub history: HistoryArgs,
}

/// `--as-of` and `--since`, for `build`, `check` and `serve`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct HistoryArgs {
    /// Build the site as it stood on this day (YYYY-MM-DD), from git: the last commit on or before it
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Also list what changed since this commit (a hash, tag or branch) on /changes/
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.0.to_string())
}

/// Exit codes.
pub(crate) const CONTENT_ERRORS: u8 = 1;
pub(crate) const ENVIRONMENT_ERROR: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Init(args) => init::run(&args),
        Command::New(args) => new::run(&args),
        Command::Schema(args) => schema::run(&args),
    }
}

/// Whether a report ends with a one-line summary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Summary {
    Print,
    Quiet,
}

/// How many problems a report had.
struct Counts {
    errors: usize,
    warnings: usize,
}

/// Prints the diagnostics of a run to stdout, and a summary line in human format when
/// asked. When stdout cannot be written (other than a closed pipe, see [`print_out`]), says
/// so and gives the exit code to end with.
fn report(
    checked: &crate::pipeline::Checked,
    root: &Path,
    format: Format,
    summary: Summary,
) -> Result<Counts, ExitCode> {
    let errors = checked.error_count();
    let counts = Counts { errors, warnings: checked.diagnostics.len() - errors };
    let folder = match format {
        Format::Github => annotation_folder(root),
        Format::Human | Format::Json => PathBuf::new(),
    };
    let mut text =
        crate::diagnostics::render_under(&checked.diagnostics, &checked.sources, format, &folder);
    if format == Format::Human && summary == Summary::Print {
        text.push_str(&notes(checked));
        text.push_str(&counts.summary(checked.strategy.documents.len()));
        text.push('\n');
    }
    print_out(&text)?;
    Ok(counts)
}

/// What reading the history had to say, a line each, to follow the summary.
fn notes(checked: &crate::pipeline::Checked) -> String {
    checked.history_notes.iter().map(|note| format!("note: {note}\n")).collect()
}

/// The pipeline's options from the flags `build` and `serve` share.
fn site_options(
    today: Option<Date>,
    base_url: Option<BaseUrl>,
    drafts: bool,
) -> crate::pipeline::Options {
    use crate::render::Drafts;
    crate::pipeline::Options {
        today,
        system_today: system_today(),
        base_url,
        drafts: Some(if drafts { Drafts::Include } else { Drafts::Exclude }),
        ..crate::pipeline::Options::default()
    }
}

/// A command line that cannot be carried out (exit 2): says why.
fn usage_error(message: &str) -> ExitCode {
    print_err(&format!("error: {message}\n"));
    ExitCode::from(ENVIRONMENT_ERROR)
}

/// The site folder as GitHub places annotations: from the current folder (a workflow's
/// is the repository's root), without a leading `./`; empty for the current folder or a
/// folder outside it.
fn annotation_folder(root: &Path) -> PathBuf {
    let relative = match std::env::current_dir() {
        Ok(here) if root.is_absolute() => root.strip_prefix(&here).unwrap_or(Path::new("")),
        _ if root.is_absolute() => Path::new(""),
        _ => root,
    };
    relative.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

impl Counts {
    /// `ok: 1 document, no problems`, `error: 6 documents, 1 error, 0 warnings`.
    fn summary(&self, documents: usize) -> String {
        let documents = plural(documents, "document");
        match (self.errors, self.warnings) {
            (0, 0) => format!("ok: {documents}, no problems"),
            (errors, warnings) => format!(
                "{}: {documents}, {}, {}",
                if errors > 0 { "error" } else { "warning" },
                plural(errors, "error"),
                plural(warnings, "warning"),
            ),
        }
    }
}

/// `1 page`, `2 pages`, `0 pages`.
fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// Prints the last line of a run: with the report on stdout in human format; on stderr
/// in the machine formats, whose stdout holds only their own lines.
fn print_summary(format: Format, line: &str) -> Result<(), ExitCode> {
    let line = format!("{line}\n");
    match format {
        Format::Human => print_out(&line),
        Format::Json | Format::Github => {
            print_err(&line);
            Ok(())
        }
    }
}

/// Writes `text` to stdout. A reader that went away (`northstar check | head -1`) is no
/// failure: it has read what it wanted, so the rest is dropped without a word and the run
/// ends with its own exit code — what Unix tools do, minus the death by `SIGPIPE`, which
/// Rust programs ignore. Any other failure (a full disk behind `>`) is told, and gives
/// the exit code to end with.
fn print_out(text: &str) -> Result<(), ExitCode> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            print_err(&format!("error: cannot write the report to stdout\n  caused by: {e}\n"));
            Err(ExitCode::from(ENVIRONMENT_ERROR))
        }
        _ => Ok(()),
    }
}

/// Writes `text` to stderr. Failures are ignored: stderr is where they would be told.
/// (`eprintln!` would panic instead.)
pub(crate) fn print_err(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Tells why the site at `root` could not be read at all, with what to do about it,
/// and gives exit code 2.
fn unreadable(error: &crate::pipeline::PipelineError, root: &std::path::Path) -> ExitCode {
    use crate::content::{CONTENT_DIR, LoadError};
    use crate::pipeline::PipelineError;
    print_error(error);
    let site_folder = "--root names the site folder, the one holding site.toml and content/";
    let help = match error {
        PipelineError::NoRoot { .. } | PipelineError::RootIsFile { .. } => site_folder.to_string(),
        PipelineError::Load(LoadError::NoContent { .. }) => {
            match root.file_name().zip(root.parent()) {
                // `--root site/content`: the parent is the site.
                Some((name, parent)) if name == CONTENT_DIR => {
                    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
                    format!("{site_folder}: try --root {}", parent.display())
                }
                _ => "run northstar in a site folder (with site.toml and content/), or pass --root DIR"
                    .to_string(),
            }
        }
        _ => String::new(),
    };
    if !help.is_empty() {
        print_err(&format!("help: {help}\n"));
    }
    ExitCode::from(ENVIRONMENT_ERROR)
}

/// Prints an error and its chain of causes to stderr.
pub(crate) fn print_error(error: &dyn std::error::Error) {
    let mut message = format!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    message.push('\n');
    print_err(&message);
}

/// The system's date (UTC), read once here so that no other stage touches the clock.
pub(crate) fn system_today() -> Option<Date> {
    let seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Date::from_days_since_epoch(i64::try_from(seconds / 86_400).ok()?))
}
