//! `northstar serve`: a live preview of the site. [`watch`] turns file-system events
//! into the scope of the change to rebuild.

pub mod watch;
