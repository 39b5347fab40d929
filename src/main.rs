//! The `northstar` binary: parse arguments, run, exit with the code `cli::run` chose.

use std::process::ExitCode;

fn main() -> ExitCode {
    northstar::cli::run(<northstar::cli::Cli as clap::Parser>::parse())
}

/// The allocator: mimalloc, measured faster than the system one on large sites (see scripts/bench-serve.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
