//! The `northstar` binary: parse arguments, run, exit with the code `cli::run` chose.

use std::process::ExitCode;

fn main() -> ExitCode {
    northstar::cli::run(<northstar::cli::Cli as clap::Parser>::parse())
}
