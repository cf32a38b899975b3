//! # iam-bootstrap
//!
//! AWS's "Getting set up with IAM" guide as a library: secure the root user, provision an
//! administrative user in IAM Identity Center, and prepare least-privilege permissions —
//! planned from a typed spec, reviewed as data, applied idempotently.
//!
//! Every capability follows the same flow: a spec (validated when built: bad input fails
//! before any API call) → `spec.plan(&aws)` (reads only) → [`Plan::apply`] (writes;
//! independent changes concurrently, within Identity Center's rate limits; stops at the
//! first failure). A converged account plans to nothing, and a run that failed part way
//! converges when run again.
//!
//! ## Quick start (offline, on the in-memory account)
//!
//! ```
//! use iam_bootstrap::{Aws, Bootstrap};
//! use iam_bootstrap::client::InMemory;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let spec = Bootstrap::from_toml_str(r#"
//!     [root]
//!     account_alias = "example-corp"
//!     password_policy = { minimum_password_length = 14, password_reuse_prevention = 24 }
//!
//!     [admin]
//!     user = { user_name = "admin", given_name = "Ada", family_name = "Admin", email = "admin@example.com" }
//!     accounts = ["123456789012"]
//!
//!     [[roles]]
//!     name = "orders-lambda"
//!     trust = { preset = "service", service = "lambda.amazonaws.com" }
//! "#)?;
//! let aws = Aws::in_memory(InMemory::new());
//! let plan = spec.plan(&aws).await?;
//! println!("{plan}"); // findings of the root audit, the changes, the manual steps
//! assert!(plan.manual_steps.iter().any(|step| step.id == "root-mfa")); // console-only
//! plan.apply(&aws).await?;
//!
//! // A second run finds nothing to do, and makes no write.
//! let again = spec.plan(&aws).await?;
//! assert!(again.is_empty());
//! assert_eq!(again.apply(&aws).await?.calls.total(), 0);
//! # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
//! ```
//!
//! Against AWS, build the handle with [`Aws::from_env`] or [`Aws::builder`] instead.
//!
//! ## Where things are
//!
//! - [`root`]: the root audit ([`RootHardening`], findings mapped to CIS and prowler), the
//!   password policy (read-merge-write), the alias, root access keys, virtual MFA.
//! - [`identity_center`]: users, groups, memberships, permission sets, assignments
//!   ([`AdminProvisioning`], [`IdentityCenterSpec`]).
//! - [`roles`]: least-privilege roles ([`roles::RoleSpec`], [`roles::Trust`]), lesser-privilege
//!   permission sets, the required-permissions manifest, CloudFormation export.
//! - [`policy`]: the policy language: parse, validate, size, compare, lint, evaluate, pack.
//! - [`limits`]: AWS's limits and counting rules, shared by validation and the in-memory account.
//! - [`client`]: the backends ([`client::SdkBackend`], [`client::InMemory`]) and the layers
//!   that wrap them (call counting, latency, rate limits, retries, faults).
//! - [`Bootstrap`]: all of it from one TOML or JSON document.
//!
//! ## Features
//!
//! - `sdk` (default): the real backend over the AWS SDK for Rust ([`client::SdkBackend`],
//!   [`Aws::from_env`], [`Aws::builder`]). Without it the crate still has the policy
//!   language, the specs and the in-memory account.
//! - `mock`: mockall mocks of the client traits, re-exported with mockall's `predicate`
//!   and `Sequence` in [`mock`], for testing code that embeds the crate.
//! - `conformance`: the backend conformance suite, for checking a backend of your own.
#![deny(rustdoc::broken_intra_doc_links)]
// docs.rs builds with `--cfg docsrs` (see Cargo.toml) and shows each feature-gated item's
// feature on its page.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod access_analyzer;
mod apply;
mod aws;
pub mod client;
#[cfg(feature = "conformance")]
pub mod conformance;
mod emulator_gaps;
mod error;
pub mod identity_center;
pub mod limits;
mod manifest;
#[cfg(feature = "mock")]
pub mod mock;
pub mod names;
mod observe;
pub mod org_root;
pub mod organization;
pub mod ownership;
pub mod plan;
pub mod policy;
mod protocol;
pub mod roles;
pub mod root;
mod secret;
mod spec;
pub mod stacksets;
#[cfg(all(feature = "sdk", any(test, feature = "test-util")))]
pub mod test_util;
mod totp;
mod wait;

pub use apply::{ApplyOptions, ProgressEvent, ProgressFn};
#[cfg(feature = "sdk")]
pub use aws::AwsBuilder;
pub use aws::{Aws, WaitConfig};
pub use client::InMemory;
pub use emulator_gaps::EmulatorGaps;
pub use error::{
    BoxError, Error, PreconditionReason, Resource, ResourceKind, Result, ValidationError, ValidationReason,
};
pub use identity_center::{
    AdminProvisioning, AdminProvisioningBuilder, AssignmentPrincipal, AssignmentSpec, AssignmentSpecBuilder,
    AwsManagedPolicy, CustomerManagedPolicy, DirectoryGroupSpec, DirectoryGroupSpecBuilder,
    DirectoryUserSpec, DirectoryUserSpecBuilder, IdentityCenterChange, IdentityCenterSpec,
    IdentityCenterSpecBuilder, InlinePolicy, InstanceChoice, JobFunction, PermissionSetBoundary,
    PermissionSetSpec, PermissionSetSpecBuilder, Revocation, RevocationBuilder, SessionDuration,
    SessionLength,
};
pub use ownership::SpecName;
// The old names, kept one release so existing code still builds (with a deprecation warning).
#[allow(deprecated)]
pub use identity_center::PermissionsBoundary;
#[allow(deprecated)]
pub use plan::Severity;
pub use plan::{
    Change, DELETION_MARKER, Finding, FindingSeverity, FindingStatus, ManualStep, Observation, Outcome, Plan,
    PlanOrigin,
};
// Each capability's spec, builder, change and boundary types are at the root alike.
pub use roles::{CustomerPolicy, RoleBoundary, RoleChange, RoleSpec, RoleSpecBuilder, Trust};
pub use root::{
    AuditReport, MfaEnrollment, MfaRequirement, PasswordExpiry, PasswordPolicy, PasswordPolicyBuilder,
    RootAccessKeys, RootChange, RootCheck, RootHardening, RootHardeningBuilder, SeedTotp, TotpSource,
    VirtualMfa, VirtualMfaBuilder,
};
pub use secret::Secret;
pub use spec::{Bootstrap, GuideStep};
// The policy language's main types; the linter's scale is `LintSeverity`, distinct from the
// audit findings' `FindingSeverity`.
pub use policy::{
    Condition, ConditionOperator, Decision, Effect, Evaluation, LintCode, LintFinding, LintSeverity,
    PolicyContext, PolicyDiff, PolicyDocument, PolicyError, Principal, Request, SizeLimit, Statement,
};

// Every `rust` block of the README is a complete program; compiling and running them as
// doctests keeps the README true to the API.
#[cfg(all(doctest, feature = "sdk"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
