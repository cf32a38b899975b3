//! Lint rules about who a trust or resource policy lets in.

use super::lint::{Findings, LintCode, LintSeverity, Linter, summarize};
use super::principal::{PrincipalType, account_of_root, arn_account};
use super::statement::{PrincipalElement, Statement};
use super::validate::PolicyContext;

/// Condition keys that tie a service principal to the caller's own resources.
const SOURCE_KEYS: [&str; 4] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Lints the `Principal` of an `Allow` statement.
pub(crate) fn lint_principals(out: &mut Findings, i: usize, s: &Statement, linter: &Linter) {
    let Some(PrincipalElement::Principal(principal)) = s.principal() else {
        return;
    };
    let condition = s.condition();
    let has_key = |key: &str| condition.is_some_and(|c| c.has_key(key));
    let trust = linter.context == PolicyContext::Trust;

    if principal.is_public() && !s.has_condition() {
        out.push(
            LintCode::PublicPrincipalWithoutCondition,
            LintSeverity::SecurityWarning,
            Some(i),
            "allows every principal (\"*\") with no condition".into(),
        );
    }

    let mfa = has_key("aws:MultiFactorAuthPresent") || has_key("aws:MultiFactorAuthAge");
    let external_id = has_key("sts:ExternalId");
    let (mut people, mut foreign) = (Vec::new(), Vec::new());
    let (mut federated, mut services) = (Vec::new(), Vec::new());
    for (kind, value) in principal.iter() {
        match kind {
            PrincipalType::Aws if value != "*" => {
                let account = account_of_root(value).or_else(|| arn_account(value));
                if account_of_root(value).is_some() || value.contains(":user/") {
                    people.push(value);
                }
                if let Some(account) = account
                    && linter.account.as_deref() != Some(account)
                    && !foreign.contains(&account)
                {
                    foreign.push(account);
                }
            }
            PrincipalType::Federated => federated.push(value),
            PrincipalType::Service => services.push(value),
            PrincipalType::Aws | PrincipalType::CanonicalUser => {}
        }
    }

    // An external ID marks a third party's machine access, where MFA cannot apply.
    if trust && !people.is_empty() && !mfa && !external_id {
        let msg = format!(
            "{} may assume the role without MFA; add a Bool aws:MultiFactorAuthPresent condition",
            summarize(people)
        );
        out.push(
            LintCode::TrustWithoutMfa,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if trust && !foreign.is_empty() && !external_id && !mfa {
        let msg = format!(
            "account {} may assume the role without an sts:ExternalId condition{}",
            summarize(foreign),
            if linter.account.is_none() {
                " (set the linter's account to skip your own)"
            } else {
                ""
            }
        );
        out.push(
            LintCode::CrossAccountTrustWithoutExternalId,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if trust && !federated.is_empty() && !s.has_condition() {
        let msg = format!(
            "every identity of {} may assume the role; add conditions on its claims (aud, sub)",
            summarize(federated)
        );
        out.push(
            LintCode::FederatedTrustWithoutCondition,
            LintSeverity::SecurityWarning,
            Some(i),
            msg,
        );
    }
    if !services.is_empty() && !SOURCE_KEYS.iter().any(|k| has_key(k)) {
        let severity = if trust {
            LintSeverity::Suggestion
        } else {
            LintSeverity::Warning
        };
        let msg = format!(
            "{} acts without an aws:SourceAccount or aws:SourceArn condition (confused deputy)",
            summarize(services)
        );
        out.push(LintCode::ServicePrincipalWithoutSource, severity, Some(i), msg);
    }
}

#[cfg(test)]
mod tests {
    use crate::names::AccountId;
    use crate::policy::{
        LintCode, LintSeverity, Linter, Operator, PolicyContext, PolicyDocument, Principal, Statement, lint,
    };

    fn codes(doc: &PolicyDocument, context: PolicyContext) -> Vec<LintCode> {
        lint(doc, context).into_iter().map(|f| f.code).collect()
    }

    fn trust(principal: Principal) -> crate::policy::StatementBuilder {
        Statement::allow()
            .principal(principal)
            .actions(["sts:AssumeRole"])
    }

    #[test]
    fn people_need_mfa_and_other_accounts_an_external_id() {
        let doc = PolicyDocument::new([trust(Principal::aws(["arn:aws:iam::111122223333:user/jane"]))]);
        assert_eq!(
            codes(&doc, PolicyContext::Trust),
            [
                LintCode::TrustWithoutMfa,
                LintCode::CrossAccountTrustWithoutExternalId
            ]
        );
        let own = AccountId::new("111122223333").unwrap();
        let found: Vec<_> = Linter::new(PolicyContext::Trust)
            .with_account(&own)
            .lint(&doc)
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(found, [LintCode::TrustWithoutMfa]);
        let mfa = PolicyDocument::new([trust(Principal::aws(["111122223333"])).condition(
            Operator::Bool,
            "aws:MultiFactorAuthPresent",
            [true],
        )]);
        assert_eq!(codes(&mfa, PolicyContext::Trust), []);
        let vendor = PolicyDocument::new([trust(Principal::aws(["arn:aws:iam::444455556666:role/vendor"]))
            .condition(Operator::StringEquals, "sts:ExternalId", ["x-123"])]);
        assert_eq!(codes(&vendor, PolicyContext::Trust), []);
        let vendor_without =
            PolicyDocument::new([trust(Principal::aws(["arn:aws:iam::444455556666:role/vendor"]))]);
        assert_eq!(
            codes(&vendor_without, PolicyContext::Trust),
            [LintCode::CrossAccountTrustWithoutExternalId]
        );
    }

    #[test]
    fn public_federated_and_service_principals() {
        let doc = PolicyDocument::new([trust(Principal::any())]);
        assert_eq!(
            codes(&doc, PolicyContext::Trust),
            [LintCode::PublicPrincipalWithoutCondition]
        );
        let oidc = PolicyDocument::new([Statement::allow()
            .principal(Principal::federated([
                "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            ]))
            .actions(["sts:AssumeRoleWithWebIdentity"])]);
        assert_eq!(
            codes(&oidc, PolicyContext::Trust),
            [LintCode::FederatedTrustWithoutCondition]
        );
        let service = PolicyDocument::new([trust(Principal::service(["ec2.amazonaws.com"]))]);
        let found = lint(&service, PolicyContext::Trust);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].severity),
            (LintCode::ServicePrincipalWithoutSource, LintSeverity::Suggestion)
        );
        let bucket = PolicyDocument::new([Statement::allow()
            .principal(Principal::service(["cloudtrail.amazonaws.com"]))
            .actions(["s3:PutObject"])
            .resources(["arn:aws:s3:::logs/*"])]);
        let found = lint(&bucket, PolicyContext::Resource);
        assert_eq!(
            (found[0].code, found[0].severity),
            (LintCode::ServicePrincipalWithoutSource, LintSeverity::Warning)
        );
        let scoped = PolicyDocument::new([trust(Principal::service(["ec2.amazonaws.com"])).condition(
            Operator::StringEquals,
            "aws:SourceAccount",
            ["111122223333"],
        )]);
        assert_eq!(codes(&scoped, PolicyContext::Trust), []);
    }
}
