//! [`write_files()`]: the only code that writes the built site ([`Files`]) to
//! disk, into a [`Destination`] resolved before the build.

mod destination;
mod error;
mod lock;
mod record;
mod swap;
mod write;

pub use destination::Destination;
pub use error::WriteError;
pub use record::Stamp;
pub use write::{Cache, Failed, Files, MARKER, Written, read_cache, write_files};
