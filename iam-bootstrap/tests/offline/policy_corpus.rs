//! Every AWS managed policy that moto ships parses, validates as an identity policy, lints
//! without crashing, and re-serializes to the same JSON value.
//!
//! The corpus is not committed: `scripts/test` writes moto's `aws_managed_policies_data` to a
//! file, points `IAM_BOOTSTRAP_MANAGED_POLICIES` at it and runs these ignored tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_bootstrap::policy::{LintSeverity, Linter, PolicyContext, PolicyDocument, PolicyError, SizeLimit};
use serde_json::Value;

/// `(name, document)` for every policy of the corpus. The tests that read it are ignored
/// unless asked for (`-- --include-ignored`, as `scripts/test` runs them); asked for, a
/// missing corpus fails them.
fn corpus() -> Vec<(String, Value)> {
    let path = std::env::var("IAM_BOOTSTRAP_MANAGED_POLICIES").unwrap_or_else(|_| {
        panic!("set IAM_BOOTSTRAP_MANAGED_POLICIES to moto's managed-policy JSON (scripts/test does)")
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let all: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    all.into_iter()
        .map(|(name, policy)| (name, policy.get("Document").cloned().expect("a Document")))
        .collect()
}

#[test]
#[ignore = "needs IAM_BOOTSTRAP_MANAGED_POLICIES, run with --include-ignored (scripts/test does)"]
fn every_managed_policy_round_trips_exactly() {
    let corpus = corpus();
    assert!(corpus.len() > 1500, "only {} policies", corpus.len());
    let mut failures = Vec::new();
    for (name, original) in &corpus {
        let text = serde_json::to_string(original).unwrap();
        match PolicyDocument::from_json(&text) {
            Ok(doc) => {
                let back: Value = serde_json::from_str(&doc.to_json()).unwrap();
                // serde_json's map comparison ignores key order, which is all that may differ.
                if &back != original {
                    failures.push(format!("{name}: re-serialized JSON differs"));
                }
                let reparsed = PolicyDocument::from_json(&doc.to_json_pretty()).unwrap();
                assert!(reparsed.semantic_eq(&doc), "{name}");
                assert_eq!(reparsed, doc, "{name}");
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "needs IAM_BOOTSTRAP_MANAGED_POLICIES, run with --include-ignored (scripts/test does)"]
fn every_managed_policy_validates_as_an_identity_policy() {
    let corpus = corpus();
    let (mut failures, mut over_customer_limit) = (Vec::new(), 0);
    for (name, original) in &corpus {
        let doc = PolicyDocument::from_json(&original.to_string()).unwrap();
        if let Err(e) = doc.validate_syntax(PolicyContext::Identity) {
            failures.push(format!("{name}: {e}"));
        }
        // AWS's own policies are not held to the 6,144-character customer limit; size is
        // the only thing full validation may add.
        match doc.validate(PolicyContext::Identity) {
            Ok(()) => {}
            Err(PolicyError::TooLarge {
                size,
                limit: SizeLimit::Managed,
                ..
            }) => {
                assert!(size > 6144);
                over_customer_limit += 1;
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rejected:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
    println!("{over_customer_limit} AWS managed policies exceed the customer managed-policy limit");
}

#[test]
#[ignore = "needs IAM_BOOTSTRAP_MANAGED_POLICIES, run with --include-ignored (scripts/test does)"]
fn every_managed_policy_lints_without_errors() {
    let corpus = corpus();
    let mut findings = 0;
    for (name, original) in &corpus {
        let doc = PolicyDocument::from_json(&original.to_string()).unwrap();
        let found = Linter::new(PolicyContext::Identity)
            .with_size_limit(None)
            .lint(&doc);
        // AWS accepts these policies, so no finding may claim they are invalid.
        assert!(
            found.iter().all(|f| f.severity != LintSeverity::Error),
            "{name}: {found:?}"
        );
        findings += found.len();
    }
    // Managed policies are broad on purpose: the linter must notice.
    assert!(findings > corpus.len(), "only {findings} findings");
}
