//! The only place that talks to AWS.

mod operation;

pub use operation::{Access, Operation, Service};
