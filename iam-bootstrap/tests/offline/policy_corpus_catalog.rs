//! The action-catalog lint against the AWS managed policies: AWS wrote and uses them, so
//! nearly every catalog finding on them would be a false one. The test prints each kind with
//! its count and fails past a small budget per kind.

use std::collections::BTreeMap;

use iam_bootstrap::policy::{LintCode, Linter, PolicyContext, PolicyDocument};
use serde_json::Value;

/// The catalog's codes and how many findings of each the corpus may have: the counts
/// measured on the 1,582-policy corpus with the 2026-09-26 catalog, plus a small margin. What
/// remains is AWS's own dead grants as the catalog sees them (list and describe actions
/// written with specific ARNs; ARNs that no resource type has, such as `arn:*:kms:*:::*`;
/// retired services such as DeepLens and DeepRacer), actions and keys newer than the catalog,
/// and a few gaps of the Service Authorization Reference itself (`aws-marketplace:ProductId`
/// on `Subscribe`, `aws:PrincipalOrgMasterAccountId`); the README's lint section lists them.
/// Fixed as false findings of ours: resource types with two ARN formats (API Gateway), the
/// keys of a resource type's own table (`ec2:Vpc` on subnets, `deadline:FarmMembershipLevels`
/// on budgets), and Elastic Load Balancing V2's tagging on its own resource types.
const BUDGET: [(LintCode, usize); 7] = [
    (LintCode::UnknownService, 20),
    (LintCode::UnknownAction, 20),
    (LintCode::ActionPatternMatchesNothing, 5),
    (LintCode::ResourceTypeMismatch, 85),
    (LintCode::ResourceNotSupported, 300),
    (LintCode::ConditionKeyNotApplicable, 15),
    (LintCode::MultivaluedKeyWithoutSetOperator, 5),
];

#[test]
#[ignore = "needs IAM_BOOTSTRAP_MANAGED_POLICIES, run with --include-ignored (scripts/test does)"]
fn the_managed_policies_are_nearly_clean_against_the_catalog() {
    let path = std::env::var("IAM_BOOTSTRAP_MANAGED_POLICIES")
        .expect("set IAM_BOOTSTRAP_MANAGED_POLICIES to moto's managed-policy JSON");
    let text = std::fs::read_to_string(&path).unwrap();
    let all: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    assert!(all.len() > 1500);
    let linter = Linter::new(PolicyContext::Identity).with_size_limit(None);
    let mut counts: BTreeMap<LintCode, (usize, Vec<String>)> = BTreeMap::new();
    for (name, policy) in &all {
        let doc = PolicyDocument::from_json(&policy["Document"].to_string()).unwrap();
        for finding in linter.lint(&doc) {
            if BUDGET.iter().any(|(code, _)| *code == finding.code) {
                let entry = counts.entry(finding.code).or_default();
                entry.0 += 1;
                entry.1.push(format!("{name}: {}", finding.message));
            }
        }
    }
    let mut over = Vec::new();
    for (code, budget) in BUDGET {
        let (count, examples) = counts.remove(&code).unwrap_or_default();
        println!("{code}: {count} (budget {budget})");
        for example in examples.iter().take(5) {
            println!("    {example}");
        }
        if count > budget {
            over.push(format!("{code}: {count} > {budget}"));
        }
    }
    assert!(over.is_empty(), "over budget: {over:?}");
}
