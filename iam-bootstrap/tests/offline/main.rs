//! Every integration test that needs nothing outside the process: the in-memory account,
//! the mocks, the policy language, the spec parsers. One binary (one module per area)
//! rather than one per file, since each binary links the AWS SDKs.
//!
//! The managed-policy corpus tests (`policy_corpus`) read the file `scripts/test` extracts
//! from moto; they are `#[ignore]`d unless asked for (`-- --include-ignored`), and then fail
//! when `IAM_BOOTSTRAP_MANAGED_POLICIES` is missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

#[allow(dead_code)] // each binary uses a part
#[path = "../support/mod.rs"]
mod support;

mod account_vending;
mod bad_input;
mod dto_constructors;
mod identity_center_in_memory;
mod identity_center_orchestration;
mod identity_center_specs;
mod orchestration;
mod org_root;
mod org_stacksets;
mod organization_selectors;
mod policy_chain;
mod policy_corpus;
mod policy_corpus_catalog;
mod policy_eval;
mod policy_golden;
mod policy_roundtrip;
mod provisioning_recovery;
mod roles_in_memory;
mod root_in_memory;
mod root_in_memory_plan;
mod root_mfa;
mod root_orchestration;
mod saved_plans;
mod spec_props;
mod waits;
