//! iam-bootstrap
#![deny(rustdoc::broken_intra_doc_links)]

pub mod client;
mod error;
pub mod names;
pub mod policy;

pub use error::{BoxError, Error, ResourceKind, Result, ValidationError, ValidationReason};
pub use policy::{
    Condition, ConditionOperator, Decision, Effect, Evaluation, LintCode, LintFinding,
    PolicyContext, PolicyDiff, PolicyDocument, PolicyError, Principal, Request, Severity,
    SizeLimit, Statement,
};
