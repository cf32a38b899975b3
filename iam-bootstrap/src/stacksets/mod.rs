//! Roles and customer managed policies in every account of an organization, through
//! CloudFormation StackSets with service-managed permissions and automatic deployment.
//!
//! An [`OrgStackSet`] names what to deploy (a [`RoleSpec`](crate::roles::RoleSpec) or
//! customer managed policies), where (OU or organization selectors, regions) and how
//! (typed [`OperationPreferencesBuilder`] settings). Its [`plan`](OrgStackSet::plan)
//! compares the deployed template semantically (policies as policies) and lists the
//! instances added, updated, retried and removed per account and region; the plan's
//! [`apply`](StackSetPlan::apply) drives CloudFormation's own engine (it never loops over
//! accounts itself), waits for an operation already running, polls each operation with a
//! bounded backoff and reports per account. [`audit_drift`] is the read-only drift check.
//!
//! ```
//! use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
//! use iam_bootstrap::names::AccountId;
//! use iam_bootstrap::organization::AccountSelectorBuilder;
//! use iam_bootstrap::roles::{RoleSpec, Trust};
//! use iam_bootstrap::stacksets::OrgStackSet;
//! use iam_bootstrap::{Aws, InMemory};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let org = OrganizationTree::new()
//!     .account(MemberAccount::new(AccountId::new("111111111111")?, "dev").in_ou("Workloads/Dev"))
//!     .account(MemberAccount::new(AccountId::new("222222222222")?, "prod").in_ou("Workloads/Prod"));
//! let aws = Aws::in_memory(InMemory::builder().organization(org).build());
//! let role = RoleSpec::builder("audit-read")
//!     .trust(Trust::account_with_mfa("999999999999"))
//!     .managed_policy("arn:aws:iam::aws:policy/SecurityAudit")
//!     .build()?;
//! let rollout = OrgStackSet::role(role)
//!     .target(AccountSelectorBuilder::ou("Root/Workloads"))
//!     .region("us-east-1")
//!     .build()?;
//! let plan = rollout.plan(&aws).await?;
//! assert_eq!(plan.add.len(), 2); // both accounts, nested OUs included
//! let outcome = plan.apply(&aws).await?;
//! assert!(outcome.is_success(), "{outcome}");
//! assert!(rollout.plan(&aws).await?.is_empty()); // converged
//! # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
//! ```

mod apply;
mod drift;
mod operation;
mod permission_set;
mod plan;
mod preferences;
mod section;
mod spec;
mod template;

pub use apply::{AccountOutcome, AccountStatus, StackSetApply, StackSetOutcome};
pub use drift::{DriftReport, InstanceDrift, audit_drift};
pub use operation::OperationReport;
pub use plan::{InstanceKey, StackSetChange, StackSetPlan};
pub use preferences::OperationPreferencesBuilder;
pub use section::{PreferencesSection, StackSetSection};
pub use spec::{OrgStackSet, OrgStackSetBuilder, StackSetContent};
