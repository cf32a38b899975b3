//! Lint rules about what an `Allow` grants: wildcards, `Not...` elements, `*` resources,
//! privilege escalation.

use super::access_level::{AccessLevel, access_level, escalation_actions};
use super::lint::{Findings, LintCode, LintSeverity, summarize};
use super::statement::{ResourceElement, Statement};
use super::wildcard;

fn is_star_resource(s: &Statement) -> bool {
    match s.resource() {
        Some(ResourceElement::Resource(list)) => list.iter().any(|r| r == "*"),
        // Every resource but a few is as broad as `*` for these checks.
        Some(ResourceElement::NotResource(_)) => true,
        None => false,
    }
}

pub(crate) fn lint_grant(out: &mut Findings, i: usize, s: &Statement, identity: bool) {
    let Some(action) = s.action() else { return };
    if action.is_negated() {
        let msg = format!(
            "Allow with NotAction grants every action except {}",
            summarize(action.values().iter().map(String::as_str))
        );
        out.push(
            LintCode::AllowWithNotAction,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if matches!(s.resource(), Some(ResourceElement::NotResource(_))) {
        out.push(
            LintCode::AllowWithNotResource,
            LintSeverity::Warning,
            Some(i),
            "Allow with NotResource grants every resource not listed".into(),
        );
    }
    if action.is_negated() {
        return;
    }
    let actions = action.values().as_slice();
    let star_resource = identity && is_star_resource(s);
    if actions.iter().any(|a| a == "*") {
        if star_resource {
            out.push(
                LintCode::FullAccess,
                LintSeverity::SecurityWarning,
                Some(i),
                "allows every action on every resource".into(),
            );
        } else {
            out.push(
                LintCode::WildcardAction,
                LintSeverity::SecurityWarning,
                Some(i),
                "allows every action of every service".into(),
            );
        }
    }
    let service_wide: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| a.len() > 2 && a.ends_with(":*"))
        .collect();
    if !service_wide.is_empty() {
        let msg = format!("allows every action of {}", summarize(service_wide));
        out.push(LintCode::ServiceWideAction, LintSeverity::Warning, Some(i), msg);
    }
    let mut escalation: Vec<&str> = actions.iter().flat_map(|a| escalation_actions(a)).collect();
    escalation.sort_unstable();
    escalation.dedup();
    if !escalation.is_empty() {
        let msg = format!("allows privilege escalation through {}", summarize(escalation));
        out.push(
            LintCode::PrivilegeEscalation,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if !star_resource {
        return;
    }
    let grants = |target: &str| actions.iter().any(|a| wildcard::glob_match(a, target, true));
    if grants("iam:PassRole") {
        out.push(
            LintCode::PassRoleOnAllResources,
            LintSeverity::SecurityWarning,
            Some(i),
            "iam:PassRole on \"*\" lets any role be passed to a service".into(),
        );
    }
    if grants("sts:AssumeRole") {
        out.push(
            LintCode::AssumeRoleOnAllResources,
            LintSeverity::SecurityWarning,
            Some(i),
            "sts:AssumeRole on \"*\" allows assuming any role that trusts this account".into(),
        );
    }
    if actions.iter().any(|a| a == "*") {
        return; // already full_access
    }
    let (mut manage, mut write) = (Vec::new(), Vec::new());
    for a in actions {
        match access_level(a) {
            AccessLevel::PermissionsManagement => manage.push(a.as_str()),
            AccessLevel::Write => write.push(a.as_str()),
            AccessLevel::Read | AccessLevel::Tagging => {}
        }
    }
    if !manage.is_empty() {
        let msg = format!("permissions-management actions on \"*\": {}", summarize(manage));
        out.push(
            LintCode::PermissionsManagementOnAllResources,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if !write.is_empty() {
        let msg = format!("write actions on \"*\": {}", summarize(write));
        out.push(LintCode::WriteOnAllResources, LintSeverity::Warning, Some(i), msg);
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{LintCode, LintSeverity, PolicyContext, PolicyDocument, Statement, lint};

    fn codes(doc: &PolicyDocument, context: PolicyContext) -> Vec<LintCode> {
        lint(doc, context).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn broad_grants_are_flagged() {
        let doc = PolicyDocument::new([Statement::allow().actions(["*"]).resources(["*"])]);
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            [
                LintCode::FullAccess,
                LintCode::PassRoleOnAllResources,
                LintCode::AssumeRoleOnAllResources
            ]
        );
        let doc = PolicyDocument::new([Statement::allow().actions(["*"]).resources(["arn:aws:s3:::b"])]);
        assert_eq!(codes(&doc, PolicyContext::Identity), [LintCode::WildcardAction]);
        let doc = PolicyDocument::new([Statement::allow()
            .actions(["s3:*", "s3:GetObject"])
            .resources(["arn:aws:s3:::b/*"])]);
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            [LintCode::ServiceWideAction, LintCode::RedundantAction]
        );
    }

    #[test]
    fn star_resources_with_write_and_permission_actions() {
        let doc = PolicyDocument::new([Statement::allow()
            .actions(["s3:PutObject", "s3:GetObject", "s3:PutBucketPolicy"])
            .resources(["*"])]);
        let found = lint(&doc, PolicyContext::Identity);
        assert_eq!(
            found.iter().map(|f| f.code).collect::<Vec<_>>(),
            [
                LintCode::PermissionsManagementOnAllResources,
                LintCode::WriteOnAllResources
            ]
        );
        assert!(found[0].message.contains("s3:PutBucketPolicy"));
        assert_eq!(found[1].severity, LintSeverity::Warning);
        // A boundary may be broad: grants are not linted there.
        assert_eq!(codes(&doc, PolicyContext::PermissionsBoundary), []);
    }

    #[test]
    fn escalation_pass_role_and_not_action() {
        let doc = PolicyDocument::new([
            Statement::allow()
                .actions(["iam:PassRole", "iam:PutRolePolicy"])
                .resources(["*"]),
            Statement::allow()
                .not_actions(["iam:*"])
                .not_resources(["arn:aws:s3:::secret"]),
        ]);
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            [
                LintCode::PrivilegeEscalation,
                LintCode::PassRoleOnAllResources,
                LintCode::PermissionsManagementOnAllResources,
                // The Service Authorization Reference files iam:PassRole under Write.
                LintCode::WriteOnAllResources,
                LintCode::AllowWithNotAction,
                LintCode::AllowWithNotResource
            ]
        );
    }
}
