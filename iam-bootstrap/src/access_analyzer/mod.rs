//! IAM Access Analyzer on top of the client boundary: policy validation merged with the
//! offline lint, custom policy checks, policy generation from CloudTrail and unused access
//! from IAM's service-last-accessed data.
//!
//! Every call goes through [`Aws::access_analyzer`](crate::Aws::access_analyzer) (and
//! [`Aws::iam`](crate::Aws::iam) for last-accessed reports), so the in-memory account, the
//! SDK and mocks all answer.

mod codes;
mod documents;
mod fill;
mod gate_rules;
mod gates;
mod generate;
#[cfg(test)]
mod tests;
mod unused;
mod validate;

pub(crate) use codes::offline_issue_code;
pub use codes::{aws_issue_code, lint_code};
pub use gate_rules::MAX_ACCESS_ITEMS;
pub use gates::{AccessGates, GateReport};
pub use generate::{
    GeneratedPolicy, GenerationRequest, MAX_WINDOW_DAYS, Placeholder, Proposal, generate_policy, propose,
};
pub use unused::{UnusedAccess, UnusedFinding, unused_access};
pub use validate::{FindingSource, ValidationFinding, ValidationReport, validate_policy};
