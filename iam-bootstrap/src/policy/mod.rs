//! The IAM policy language: typed documents, validation, size accounting, semantic
//! equality, lint findings, offline access evaluation and packing.
//!
//! ```
//! use iam_bootstrap::policy::{PolicyContext, PolicyDocument, Statement};
//! // Parse any form IAM accepts (here the URL-encoded text GetRole returns) ...
//! let doc = PolicyDocument::from_json("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D")?;
//! // ... validate it for where it goes, before any API call ...
//! doc.validate(PolicyContext::Identity)?;
//! // ... and compare it with what the code would write.
//! let wanted = PolicyDocument::builder()
//!     .statement(Statement::allow().actions(["s3:getobject"]).resources(["*"]))
//!     .build();
//! assert!(doc.semantic_eq(&wanted));
//! # Ok::<(), iam_bootstrap::policy::PolicyError>(())
//! ```

mod access_check;
mod access_level;
mod arn;
pub mod catalog;
mod chain;
mod characters;
mod condition;
mod document;
mod equality;
mod error;
mod eval;
mod eval_condition;
mod lint;
mod lint_catalog;
mod lint_grant;
mod lint_redundancy;
mod lint_syntax;
mod lint_trust;
mod operator;
mod pack;
mod parse;
mod parse_condition;
mod parse_statement;
mod parse_values;
mod principal;
mod request;
mod rules;
#[cfg(test)]
mod rules_tests;
mod size;
mod statement;
mod syntax;
mod validate;
mod validate_statement;
mod value;
mod wildcard;

pub use access_check::{
    AccessGranted, NewAccess, NewAccessKind, NewGrant, check_access_not_granted, check_no_new_access,
};

pub use catalog::expand_actions;
pub use chain::{ChainEvaluation, Layer, PolicyChain, ResourceKind, StatementRef};
pub use condition::{Condition, ConditionEntry};
pub use document::{PolicyDocument, PolicyDocumentBuilder, Version};
pub use equality::PolicyDiff;
pub use error::PolicyError;
pub use eval::{Decision, Evaluation, allows};
#[allow(deprecated)]
pub use lint::Severity;
pub use lint::{LintCode, LintFinding, LintReport, LintSeverity, Linter, lint};
pub use operator::{ConditionOperator, Operator, SetQualifier};
pub use pack::{pack, pack_within};
pub use principal::{Principal, PrincipalType};
pub use request::Request;
pub use size::{SizeLimit, check_aggregate_size, text_size};
pub use statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement, StatementBuilder};
pub(crate) use syntax::is_valid_action;
pub use validate::PolicyContext;
pub use value::{ConditionValue, ValueList};
