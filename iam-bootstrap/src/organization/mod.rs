//! Accounts of an AWS Organization as targets: [`AccountSelector`]s (an OU by ID or path,
//! nested OUs included; a tag; the whole organization; exclusions) and their resolution
//! at plan time ([`SelectorResolution`], shown in the plan so a reviewer sees how many
//! accounts a change reaches before it is applied).
//!
//! Only ACTIVE accounts are targeted; suspended, closing and closed accounts a selector
//! reaches are skipped and listed. A selector naming an OU or a tag the organization does
//! not have is an [`Error::Precondition`](crate::Error::Precondition) naming it, at plan
//! time; a malformed ID, path or tag is a [`ValidationError`](crate::ValidationError)
//! before any call.
//!
//! ```
//! use iam_bootstrap::client::memory::{MemberAccount, OrganizationTree};
//! use iam_bootstrap::client::{AccountState, InMemory};
//! use iam_bootstrap::names::AccountId;
//! use iam_bootstrap::organization::{AccountSelectorBuilder, OrganizationReader};
//! use iam_bootstrap::Aws;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let tree = OrganizationTree::new()
//!     .account(MemberAccount::new(AccountId::new("111111111111")?, "prod-a").in_ou("/Workloads/Prod"))
//!     .account(MemberAccount::new(AccountId::new("222222222222")?, "dev-a").in_ou("/Workloads/Dev"))
//!     .account(
//!         MemberAccount::new(AccountId::new("333333333333")?, "old")
//!             .in_ou("/Workloads/Prod")
//!             .state(AccountState::Suspended),
//!     );
//! let aws = Aws::in_memory(InMemory::builder().organization(tree).build());
//! let selector = AccountSelectorBuilder::ou("Root/Workloads").build()?;
//! let resolution = OrganizationReader::new(&aws).resolve(&selector).await?;
//! assert_eq!(
//!     resolution.to_string(),
//!     "OU Root/Workloads (2 nested OUs) -> 2 accounts; skipped, not ACTIVE: 333333333333 (SUSPENDED)"
//! );
//! # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
//! ```

mod account_spec;
mod change;
mod delegated;
mod failure;
mod portal;
mod resolve;
mod selector;
mod targets;
mod vending;

pub use account_spec::{AccountSpec, AccountSpecBuilder};
pub use change::OrganizationChange;
pub use failure::CreateAccountFailure;
pub use portal::access_portal_url;
pub(crate) use portal::{add_first_sign_in, check_subdomain};
pub use resolve::{OrganizationReader, SelectorResolution, SkippedAccount};
pub use selector::{AccountSelector, AccountSelectorBuilder, AccountTag, OuPath, OuRef};
pub(crate) use targets::resolve_assignments;
pub use vending::plan_accounts;
