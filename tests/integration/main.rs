//! The integration tests: the binary and the pipeline over fixture sites.

// Test code: a failed unwrap is a failed test, and helpers are shared between modules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, unreachable_pub)]

mod adr;
mod build;
mod check;
mod diagnostics;
mod edges;
mod feed;
mod harness;
mod health;
mod history;
mod incremental;
mod init;
mod model;
mod mutations;
mod non_ascii;
mod okrs;
mod output;
mod pages;
mod pagination;
mod portfolio;
mod reference;
mod robustness;
mod routes;
mod scale;
mod search;
mod serve;
mod strategy_json;
mod theme;
mod usage;
mod views;
mod watch;
mod xss;
