//! The IAM policy language: typed documents, validation, size accounting, semantic
//! equality, lint findings, offline access evaluation and packing.

mod error;

pub use error::PolicyError;
