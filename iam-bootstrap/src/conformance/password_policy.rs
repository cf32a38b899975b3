//! Password policy scenarios: read-merge-write and idempotence.

use super::{Check, ensure, ensure_eq};
use crate::client::PasswordPolicySettings;
use crate::{Aws, PasswordPolicy, PasswordPolicyBuilder};

/// A policy that already sets expiry and "users may change" keeps both when the CIS policy
/// (which names neither) is applied; everything CIS names is written. Read back to check.
pub async fn password_policy_read_merge_write(aws: &Aws) -> Check {
    let existing = PasswordPolicySettings {
        minimum_password_length: 10,
        allow_users_to_change_password: true,
        max_password_age: Some(45),
        password_reuse_prevention: Some(3),
        ..PasswordPolicySettings::default()
    };
    aws.iam().update_password_policy(&existing).await?;

    let plan = PasswordPolicy::cis().plan(aws).await?;
    ensure_eq(plan.changes.len(), 1, "changes planned")?;
    let outcome = plan.apply(aws).await?;
    ensure_eq(outcome.calls.writes(), 1, "writes made")?;

    let after = aws.iam().get_password_policy().await?;
    let expected = PasswordPolicySettings {
        minimum_password_length: 14,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        allow_users_to_change_password: true,
        max_password_age: Some(45),
        password_reuse_prevention: Some(24),
        hard_expiry: false,
    };
    ensure_eq(after, Some(expected), "password policy read back")
}

/// Applying a spec twice: the second plan is empty and applying it writes nothing. Then a
/// change to one field is one write that leaves the other fields alone.
pub async fn password_policy_converges(aws: &Aws) -> Check {
    let spec = PasswordPolicyBuilder::cis().max_password_age_days(90).build()?;
    spec.plan(aws).await?.apply(aws).await?;

    let again = spec.plan(aws).await?;
    ensure(again.is_empty(), || format!("second plan is not empty:\n{again}"))?;
    let outcome = again.apply(aws).await?;
    ensure_eq(outcome.calls.total(), 0, "calls made applying an empty plan")?;

    let longer = PasswordPolicy::builder().minimum_password_length(20).build()?;
    let plan = longer.plan(aws).await?;
    ensure_eq(plan.changes.len(), 1, "changes for one new field")?;
    plan.apply(aws).await?;
    let after = aws.iam().get_password_policy().await?;
    ensure_eq(
        after.as_ref().map(|p| {
            (
                p.minimum_password_length,
                p.max_password_age,
                p.password_reuse_prevention,
            )
        }),
        Some((20, Some(90), Some(24))),
        "fields after the second spec",
    )
}
