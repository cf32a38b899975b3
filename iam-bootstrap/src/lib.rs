//! # iam-bootstrap
//!
//! AWS's "Getting set up with IAM" guide as a library: secure the root user, provision an
//! administrative user in IAM Identity Center, and prepare least-privilege permissions —
//! planned from a typed spec, reviewed as data, applied idempotently.
//!
//! Every capability follows the same flow: a spec (validated when built: bad input fails
//! before any API call) → `spec.plan(&aws)` (reads only) → [`Plan::apply`] (writes, stops
//! at the first failure). A converged account plans to nothing.
//!
//! ## Quick start (offline, on the in-memory account)
//!
//! ```
//! use iam_bootstrap::{Aws, PasswordPolicy};
//! use iam_bootstrap::client::InMemory;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let aws = Aws::in_memory(InMemory::new());
//! let plan = PasswordPolicy::cis().plan(&aws).await?;
//! println!("{plan}");
//! let outcome = plan.apply(&aws).await?;
//! assert_eq!(outcome.calls.writes(), 1);
//!
//! // A second run finds nothing to do.
//! assert!(PasswordPolicy::cis().plan(&aws).await?.is_empty());
//! # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
//! ```
//!
//! Against AWS, build the handle with [`Aws::from_env`] or [`Aws::builder`] instead.
#![deny(rustdoc::broken_intra_doc_links)]

mod apply;
mod aws;
pub mod client;
#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
pub mod identity_center;
pub mod names;
pub mod plan;
pub mod policy;
pub mod roles;
pub mod root;
mod secret;
mod spec;
mod totp;
mod wait;

pub use apply::{ApplyOptions, ProgressEvent, ProgressFn};
#[cfg(feature = "sdk")]
pub use aws::AwsBuilder;
pub use aws::{Aws, WaitConfig};
pub use error::{BoxError, Error, ResourceKind, Result, ValidationError, ValidationReason};
pub use identity_center::{
    AdminProvisioning, AdminProvisioningBuilder, AssignmentPrincipal, AssignmentSpec, AssignmentSpecBuilder,
    AwsManagedPolicy, CustomerManagedPolicy, DirectoryGroupSpec, DirectoryGroupSpecBuilder,
    DirectoryUserSpec, DirectoryUserSpecBuilder, IdentityCenterChange, IdentityCenterSpec,
    IdentityCenterSpecBuilder, InlinePolicy, InstanceChoice, JobFunction, PermissionSetSpec,
    PermissionSetSpecBuilder, PermissionsBoundary, SessionDuration,
};
pub use plan::{Change, Finding, FindingStatus, ManualStep, Outcome, Plan, Severity};
pub use root::{
    AuditReport, MfaEnrollment, MfaRequirement, PasswordExpiry, PasswordPolicy, PasswordPolicyBuilder,
    RootAccessKeys, RootChange, RootCheck, RootHardening, RootHardeningBuilder, SeedTotp, TotpSource,
    VirtualMfa,
};
pub use secret::Secret;
pub use spec::{Bootstrap, GuideStep};
// The policy language's main types; its lint `Severity` stays at `policy::Severity`, as the
// crate root's `Severity` is the audit findings' scale.
pub use policy::{
    Condition, ConditionOperator, Decision, Effect, Evaluation, LintCode, LintFinding, PolicyContext,
    PolicyDiff, PolicyDocument, PolicyError, Principal, Request, SizeLimit, Statement,
};
