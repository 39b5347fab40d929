//! northstar turns a folder of strategy documents — Markdown with YAML front matter —
//! into a validated, cross-linked strategy:
//!
//! ```text
//! site.toml ─ config ─▶ SiteConfig
//! content/  ─ content ─▶ RawDocument (front matter with spans, body)
//!           ─ markdown::scan ─▶ headings and links with spans
//!           ─ model ─▶ Strategy (typed kinds, graph, scores, horizons) + diagnostics
//! ```
//!
//! `calendar` (dates and quarters) and `diagnostics` sit below every stage and
//! depend on none. [`pipeline::check`] runs it all; `cli` prints the diagnostics.

pub mod calendar;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod history;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
