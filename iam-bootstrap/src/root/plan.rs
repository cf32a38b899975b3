//! From an audit to a plan: the changes an API can make and the manual steps it cannot.

use super::audit::{AuditReport, RootMfaKind};
use super::findings::RootCheck;
use super::hardening::{MfaRequirement, RootAccessKeys, RootHardening};
use super::{RootChange, steps};
use crate::client::AccessKeyStatus;
use crate::error::{Error, PreconditionReason, Result};
use crate::observe::{fingerprint, saw};
use crate::plan::{Change, FindingStatus, Plan};

/// The task policy that lets an `sts:AssumeRoot` session delete root credentials.
pub const DELETE_ROOT_CREDENTIALS_TASK_POLICY: &str =
    "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";

/// Plans `spec` against what `report` read. Changes come most critical first: root keys,
/// then the password policy, then the alias.
pub(super) fn plan(spec: &RootHardening, report: AuditReport) -> Result<Plan> {
    let mut plan = Plan::default();
    plan_root_keys(spec, &report, &mut plan)?;
    // What a saved copy of the plan checks again before writing (see `crate::observe`) is
    // what the audit read: recorded from the report, not read a second time.
    if let Some(change) = spec
        .password_policy()
        .and_then(|policy| policy.change_from(report.password_policy.clone()))
    {
        saw(&mut plan, change.lane(), fingerprint(&report.password_policy));
        plan.changes.push(Change::Root(change));
    }
    if let Some(alias) = spec.account_alias()
        && report.account_alias.as_deref() != Some(alias.as_str())
    {
        let change = RootChange::SetAccountAlias {
            before: report.account_alias.clone(),
            after: alias.clone(),
        };
        // An account has at most one alias: the audit kept the one `ListAccountAliases` gave.
        let aliases: Vec<String> = report.account_alias.iter().cloned().collect();
        saw(&mut plan, change.lane(), fingerprint(&Some(aliases)));
        plan.changes.push(Change::Root(change));
    }

    let status = |check| report.status(check);
    let account = report.caller.account.as_str();
    let mfa = status(RootCheck::RootMfaEnabled);
    if matches!(mfa, Some(FindingStatus::Fail | FindingStatus::Unknown)) {
        let unverified = mfa == Some(FindingStatus::Unknown);
        plan.manual_steps
            .push(steps::enable_root_mfa(account, spec.mfa(), unverified));
    } else if spec.mfa() == MfaRequirement::Hardware && report.root_mfa == RootMfaKind::Virtual {
        plan.manual_steps.push(steps::replace_virtual_root_mfa(
            account,
            &report.root_virtual_mfa_devices,
        ));
    }
    if status(RootCheck::RootSigningCertificatesAbsent) == Some(FindingStatus::Fail) {
        plan.manual_steps
            .push(steps::delete_root_signing_certificates(account));
    }
    plan.findings = report.findings;
    Ok(plan)
}

/// Root access keys: changes when signed in as root, otherwise an error or a manual step.
fn plan_root_keys(spec: &RootHardening, report: &AuditReport, plan: &mut Plan) -> Result<()> {
    let keys_present = report.status(RootCheck::RootAccessKeysAbsent) == Some(FindingStatus::Fail);
    let action = spec.root_access_keys();
    match (&report.root_access_keys, action) {
        (_, RootAccessKeys::Keep) | (None, _) if !keys_present => Ok(()),
        (_, RootAccessKeys::Keep) => {
            plan.manual_steps
                .push(steps::remove_root_access_keys(&report.caller.account));
            Ok(())
        }
        (None, _) if spec.require_root_caller() => Err(Error::Precondition {
            reason: PreconditionReason::NotRootSession {
                caller: report.caller.arn.to_string(),
            },
            problem: format!(
                "the root user has access keys and only the root user can {} them, but the caller is {}",
                if action == RootAccessKeys::Delete {
                    "delete"
                } else {
                    "deactivate"
                },
                report.caller.arn
            ),
            remedy: format!(
                "sign in as the root user and plan again, or from the organization's management \
                 account get a root session for account {} with `aws sts assume-root \
                 --target-principal {} --task-policy-arn arn={DELETE_ROOT_CREDENTIALS_TASK_POLICY}` \
                 and plan with it, or keep the keys (`RootAccessKeys::Keep`) to get a manual step",
                report.caller.account, report.caller.account
            ),
        }),
        (None, _) => {
            plan.manual_steps
                .push(steps::remove_root_access_keys(&report.caller.account));
            Ok(())
        }
        (Some(keys), action) => {
            for key in keys {
                let active = key.status == AccessKeyStatus::Active;
                let deactivate = match action {
                    RootAccessKeys::Deactivate => active,
                    _ => active && spec.deactivate_before_delete(),
                };
                if deactivate {
                    plan.changes
                        .push(Change::Root(RootChange::DeactivateRootAccessKey {
                            key_id: key.id.clone(),
                        }));
                }
                if action == RootAccessKeys::Delete {
                    plan.changes.push(Change::Root(RootChange::DeleteRootAccessKey {
                        key_id: key.id.clone(),
                    }));
                }
            }
            Ok(())
        }
    }
}
