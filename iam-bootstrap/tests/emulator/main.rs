//! The tests that run on moto (a real AWS API emulator, through the SDK backend) and on
//! the in-memory account side by side: the conformance suite, ownership, the fault sweep.
//!
//! The moto halves are `#[ignore]`d unless asked for: `scripts/test` starts moto, exports
//! `IAM_BOOTSTRAP_TEST_ENDPOINT` and runs them with `-- --include-ignored`, where a missing
//! endpoint fails them (see `support::moto`). Every test gets its own moto account through
//! the `x-moto-account-id` header, so they run in parallel without resetting the server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

#[allow(dead_code)] // each binary uses a part
#[path = "../support/mod.rs"]
mod support;

mod conformance;
mod faults;
mod ownership;
mod retire;
mod retire_idc;
