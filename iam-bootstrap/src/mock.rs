//! Everything a unit test of code that embeds iam-bootstrap needs to mock AWS (feature
//! `mock`): the mockall mocks of the client traits, and mockall's `predicate` and `Sequence`
//! re-exported, so a test needs no mockall dependency of its own (whose version would have to
//! match the one the mocks were generated with).
//!
//! Build the handle with [`Aws::for_tests`](crate::Aws::for_tests): no retries, no rate
//! limit, short waits. Its documentation has a complete example; the DTO constructors such as
//! [`Role::created`](crate::client::Role::created) and
//! [`CallerIdentity::role_in`](crate::client::CallerIdentity::role_in) build what a mock
//! returns.

pub use crate::client::{MockAccessAnalyzerApi, MockIamApi, MockIdentityCenterApi};
pub use mockall::Sequence;
pub use mockall::predicate;
