//! iam-bootstrap
#![deny(rustdoc::broken_intra_doc_links)]

pub mod client;
mod error;
pub mod names;
pub mod policy;

pub use error::{BoxError, Error, ResourceKind, Result, ValidationError, ValidationReason};
