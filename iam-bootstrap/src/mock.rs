//! Everything a unit test of code that embeds iam-bootstrap needs to mock AWS (feature
//! `mock`): the [mockall] mocks of the four client traits ([`MockIamApi`],
//! [`MockIdentityCenterApi`], [`MockOrganizationsApi`], [`MockAccessAnalyzerApi`], [`MockCloudFormationApi`]), and
//! mockall's [`predicate`] and [`Sequence`] re-exported, so a test needs no mockall
//! dependency of its own (whose version would have to match the one the mocks were
//! generated with).
//!
//! Build the handle with [`Aws::for_tests`](crate::Aws::for_tests): no retries, no rate
//! limit, short waits; add the other services with
//! [`Aws::with_organizations`](crate::Aws::with_organizations) and
//! [`Aws::with_access_analyzer`](crate::Aws::with_access_analyzer). The DTO constructors
//! such as [`Role::created`](crate::client::Role::created) and
//! [`CallerIdentity::role_in`](crate::client::CallerIdentity::role_in) build what a mock
//! returns, and [`Error::not_found`](crate::Error::not_found) /
//! [`Error::access_denied`](crate::Error::access_denied) the errors it fails with.
//!
//! # Example
//!
//! A team's own function, tested with a mocked IAM that has no such role yet:
//!
//! ```
//! use std::sync::Arc;
//!
//! use iam_bootstrap::client::{CallerIdentity, Role};
//! use iam_bootstrap::mock::{MockIamApi, MockIdentityCenterApi, predicate};
//! use iam_bootstrap::names::{AccountId, RoleName};
//! use iam_bootstrap::roles::{RoleSpec, Trust};
//! use iam_bootstrap::{Aws, Outcome};
//!
//! /// The team's function under test: its Lambda role, converged.
//! async fn ensure_lambda_role(aws: &Aws) -> iam_bootstrap::Result<Outcome> {
//!     let spec = RoleSpec::builder("orders-lambda")
//!         .trust(Trust::service("lambda.amazonaws.com"))
//!         .build()?;
//!     spec.plan(aws).await?.apply(aws).await
//! }
//!
//! let account = AccountId::new("123456789012").unwrap();
//! let name = RoleName::new("orders-lambda").unwrap();
//! let mut iam = MockIamApi::new();
//! let caller = CallerIdentity::role_in(&account, "ci");
//! iam.expect_caller_identity().returning(move || Ok(caller.clone()));
//! iam.expect_get_role().with(predicate::eq(name)).returning(|_| Ok(None));
//! iam.expect_create_role()
//!     .times(1)
//!     .returning(move |new| Ok(Role::created(new, &account)));
//! let aws = Aws::for_tests(Arc::new(iam), Arc::new(MockIdentityCenterApi::new()));
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let outcome = runtime.block_on(ensure_lambda_role(&aws)).unwrap();
//! assert_eq!(outcome.applied.len(), 1); // created the role
//! ```

pub use crate::client::{
    MockAccessAnalyzerApi, MockCloudFormationApi, MockIamApi, MockIdentityCenterApi, MockOrganizationsApi,
};
pub use mockall::Sequence;
pub use mockall::predicate;
