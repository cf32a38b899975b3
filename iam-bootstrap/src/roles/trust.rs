//! Who may assume a role: typed presets that render to trust policies with the safeguards
//! AWS recommends built in (confused-deputy conditions, external IDs, MFA, OIDC subjects).

use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};
use crate::names::AccountId;
use crate::policy::{Operator, PolicyDocument, Principal, Statement};

/// The OIDC provider GitHub Actions tokens come from.
pub const GITHUB_OIDC_PROVIDER: &str = "token.actions.githubusercontent.com";

/// The trust policy of a role, as a preset or a custom document.
///
/// Presets that refer to the role's own account (its root principal, `aws:SourceAccount`,
/// the OIDC provider's ARN) are rendered at plan time, when the account is known.
///
/// ```
/// use iam_bootstrap::roles::Trust;
/// let ci = Trust::github_actions("my-org/my-repo", "refs/heads/main");
/// let lambda = Trust::service("lambda.amazonaws.com");
/// let auditor = Trust::third_party("111122223333", "a-long-shared-secret");
/// # let _ = (ci, lambda, auditor);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "preset", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Trust {
    /// An AWS service (`lambda.amazonaws.com`), only on behalf of this account
    /// (`aws:SourceAccount`) and, when given, only from matching resources (`aws:SourceArn`).
    Service {
        /// The service principal.
        service: String,
        /// ARN patterns of the resources allowed to pass the role (`ArnLike aws:SourceArn`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source_arns: Vec<String>,
    },
    /// Another account operated by a third party, which must present the shared
    /// `sts:ExternalId` (the confused-deputy defence for vendors).
    ThirdParty {
        /// The vendor's account.
        account: String,
        /// The external ID the vendor presents.
        external_id: String,
    },
    /// People in another account of yours, signed in with MFA.
    AccountWithMfa {
        /// The other account.
        account: String,
        /// The longest age of the MFA sign-in, in seconds.
        max_mfa_age_seconds: u32,
    },
    /// People (IAM users, federated sessions) in this account, signed in with MFA.
    SameAccountWithMfa {
        /// The longest age of the MFA sign-in, in seconds.
        max_mfa_age_seconds: u32,
    },
    /// GitHub Actions OIDC: one repository, refs matching a pattern.
    GithubActions {
        /// `owner/repository`.
        repository: String,
        /// The ref pattern (`refs/heads/main`, `refs/tags/v*`), or an environment as
        /// `environment:prod`.
        subject: String,
    },
    /// A SAML identity provider in this account, for console federation.
    Saml {
        /// The provider name (its ARN is `arn:aws:iam::ACCOUNT:saml-provider/NAME`).
        provider: String,
    },
    /// A trust policy written out in full.
    Custom {
        /// The document.
        document: PolicyDocument,
    },
}

impl Trust {
    /// An AWS service, on behalf of this account only.
    pub fn service(service: impl Into<String>) -> Self {
        Trust::Service {
            service: service.into(),
            source_arns: Vec::new(),
        }
    }

    /// An AWS service, on behalf of this account and only from resources matching `arns`.
    pub fn service_from(
        service: impl Into<String>,
        arns: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Trust::Service {
            service: service.into(),
            source_arns: arns.into_iter().map(Into::into).collect(),
        }
    }

    /// A third party's account that must present `external_id`.
    pub fn third_party(account: impl Into<String>, external_id: impl Into<String>) -> Self {
        Trust::ThirdParty {
            account: account.into(),
            external_id: external_id.into(),
        }
    }

    /// People in another of your accounts, with MFA no older than one hour.
    pub fn account_with_mfa(account: impl Into<String>) -> Self {
        Trust::AccountWithMfa {
            account: account.into(),
            max_mfa_age_seconds: 3600,
        }
    }

    /// People in this account, with MFA no older than one hour.
    pub fn same_account_with_mfa() -> Self {
        Trust::SameAccountWithMfa {
            max_mfa_age_seconds: 3600,
        }
    }

    /// GitHub Actions workflows of `repository` (`owner/repo`) running for `git_ref`
    /// (`refs/heads/main`; wildcards allowed: `refs/heads/release-*`).
    pub fn github_actions(repository: impl Into<String>, git_ref: impl Into<String>) -> Self {
        Trust::GithubActions {
            repository: repository.into(),
            subject: git_ref.into(),
        }
    }

    /// Federation through the SAML provider `provider` of this account.
    pub fn saml(provider: impl Into<String>) -> Self {
        Trust::Saml {
            provider: provider.into(),
        }
    }

    /// A custom trust policy.
    pub fn custom(document: PolicyDocument) -> Self {
        Trust::Custom { document }
    }

    /// Checks the preset's own arguments (the rendered document is checked by the role spec).
    ///
    /// # Errors
    /// [`ValidationError`] naming the bad argument.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let format = |field: &str, expected: &str, actual: &str| {
            Err(ValidationError::new(
                format!("trust.{field}"),
                ValidationReason::Format {
                    expected: expected.into(),
                    actual: actual.into(),
                },
            ))
        };
        match self {
            Trust::Service { service, .. } => {
                if !service.ends_with(".amazonaws.com") || service.contains(char::is_whitespace) {
                    return format(
                        "service",
                        "a service principal like lambda.amazonaws.com",
                        service,
                    );
                }
            }
            Trust::ThirdParty { account, external_id } => {
                AccountId::new(account.as_str()).map_err(|e| e.at("trust.account"))?;
                // sts:ExternalId: 2-1224 characters of [\w+=,.@:\/-].
                let ok_chars = external_id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c));
                if !(2..=1224).contains(&external_id.len()) || !ok_chars {
                    return format(
                        "external_id",
                        "2-1224 characters of letters, digits and +=,.@:/-_",
                        external_id,
                    );
                }
            }
            Trust::AccountWithMfa {
                account,
                max_mfa_age_seconds,
            } => {
                AccountId::new(account.as_str()).map_err(|e| e.at("trust.account"))?;
                check_mfa_age(*max_mfa_age_seconds)?;
            }
            Trust::SameAccountWithMfa { max_mfa_age_seconds } => check_mfa_age(*max_mfa_age_seconds)?,
            Trust::GithubActions { repository, subject } => {
                let parts: Vec<&str> = repository.split('/').collect();
                let valid_part = |p: &&str| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                };
                if parts.len() != 2 || !parts.iter().all(valid_part) {
                    return format("repository", "owner/repository", repository);
                }
                if subject.is_empty() || subject == "*" || subject.contains(char::is_whitespace) {
                    return format(
                        "subject",
                        "a ref like refs/heads/main or environment:NAME",
                        subject,
                    );
                }
            }
            Trust::Saml { provider } => {
                if provider.is_empty() || provider.len() > 128 || provider.contains(['/', ':']) {
                    return format("provider", "a SAML provider name", provider);
                }
            }
            Trust::Custom { .. } => {}
        }
        Ok(())
    }

    /// The trust policy for a role in `account`.
    pub fn render(&self, account: &AccountId) -> PolicyDocument {
        let statement = match self {
            Trust::Service { service, source_arns } => {
                let mut builder = Statement::allow()
                    .sid("TrustService")
                    .principal(Principal::service([service.as_str()]))
                    .actions(["sts:AssumeRole"])
                    .condition(Operator::StringEquals, "aws:SourceAccount", [account.as_str()]);
                if !source_arns.is_empty() {
                    builder = builder.condition(
                        Operator::ArnLike,
                        "aws:SourceArn",
                        source_arns.iter().map(String::as_str),
                    );
                }
                builder.build()
            }
            Trust::ThirdParty {
                account: other,
                external_id,
            } => Statement::allow()
                .sid("TrustThirdParty")
                .principal(Principal::aws([format!("arn:aws:iam::{other}:root")]))
                .actions(["sts:AssumeRole"])
                .condition(Operator::StringEquals, "sts:ExternalId", [external_id.as_str()])
                .build(),
            Trust::AccountWithMfa {
                account: other,
                max_mfa_age_seconds,
            } => mfa_statement(other, *max_mfa_age_seconds),
            Trust::SameAccountWithMfa { max_mfa_age_seconds } => {
                mfa_statement(account.as_str(), *max_mfa_age_seconds)
            }
            Trust::GithubActions { repository, subject } => Statement::allow()
                .sid("TrustGitHubActions")
                .principal(Principal::federated([format!(
                    "arn:aws:iam::{account}:oidc-provider/{GITHUB_OIDC_PROVIDER}"
                )]))
                .actions(["sts:AssumeRoleWithWebIdentity"])
                .condition(
                    Operator::StringEquals,
                    format!("{GITHUB_OIDC_PROVIDER}:aud"),
                    ["sts.amazonaws.com"],
                )
                .condition(
                    Operator::StringLike,
                    format!("{GITHUB_OIDC_PROVIDER}:sub"),
                    [format!("repo:{repository}:{}", github_subject(subject))],
                )
                .build(),
            Trust::Saml { provider } => Statement::allow()
                .sid("TrustSaml")
                .principal(Principal::federated([format!(
                    "arn:aws:iam::{account}:saml-provider/{provider}"
                )]))
                .actions(["sts:AssumeRoleWithSAML"])
                .condition(
                    Operator::StringEquals,
                    "SAML:aud",
                    ["https://signin.aws.amazon.com/saml"],
                )
                .build(),
            Trust::Custom { document } => return document.clone(),
        };
        PolicyDocument::new([statement])
    }
}

/// GitHub's `sub` claim: `ref:refs/heads/main` for a ref, `environment:prod` for an environment.
fn github_subject(subject: &str) -> String {
    if subject.starts_with("environment:") || subject.starts_with("pull_request") {
        subject.to_owned()
    } else {
        format!("ref:{subject}")
    }
}

fn check_mfa_age(seconds: u32) -> Result<(), ValidationError> {
    if (1..=129_600).contains(&seconds) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "trust.max_mfa_age_seconds",
            ValidationReason::Range {
                min: 1,
                max: 129_600,
                actual: i64::from(seconds),
            },
        ))
    }
}

fn mfa_statement(account: &str, max_age: u32) -> Statement {
    Statement::allow()
        .sid("TrustPeopleWithMfa")
        .principal(Principal::aws([format!("arn:aws:iam::{account}:root")]))
        .actions(["sts:AssumeRole"])
        .condition(Operator::Bool, "aws:MultiFactorAuthPresent", ["true"])
        .condition(
            Operator::NumericLessThan,
            "aws:MultiFactorAuthAge",
            [max_age.to_string()],
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LintCode, LintSeverity, PolicyContext, lint};

    fn account() -> AccountId {
        AccountId::new("123456789012").unwrap()
    }

    #[test]
    fn presets_render_valid_trust_policies_without_security_warnings() {
        let presets = [
            Trust::service("lambda.amazonaws.com"),
            Trust::service_from("events.amazonaws.com", ["arn:aws:events:*:123456789012:rule/*"]),
            Trust::third_party("111122223333", "shared-secret-1"),
            Trust::account_with_mfa("111122223333"),
            Trust::same_account_with_mfa(),
            Trust::github_actions("my-org/my-repo", "refs/heads/main"),
            Trust::saml("okta"),
        ];
        for trust in presets {
            trust.validate().unwrap();
            let doc = trust.render(&account());
            doc.validate(PolicyContext::Trust).unwrap();
            let serious: Vec<_> = lint(&doc, PolicyContext::Trust)
                .into_iter()
                .filter(|f| f.severity <= LintSeverity::SecurityWarning)
                .collect();
            assert!(serious.is_empty(), "{trust:?}: {serious:?}");
        }
    }

    #[test]
    fn github_subject_pins_the_repository_and_ref() {
        let doc = Trust::github_actions("my-org/my-repo", "refs/heads/main").render(&account());
        let json = doc.to_json();
        assert!(
            json.contains(
                r#""token.actions.githubusercontent.com:sub":"repo:my-org/my-repo:ref:refs/heads/main""#
            ),
            "{json}"
        );
        assert!(json.contains("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"));
        let env = Trust::github_actions("o/r", "environment:prod")
            .render(&account())
            .to_json();
        assert!(env.contains("repo:o/r:environment:prod"), "{env}");
    }

    #[test]
    fn service_trust_carries_the_confused_deputy_condition() {
        let json = Trust::service("lambda.amazonaws.com")
            .render(&account())
            .to_json();
        assert!(json.contains(r#""aws:SourceAccount":"123456789012""#), "{json}");
    }

    #[test]
    fn bad_arguments_are_rejected_with_the_field() {
        let cases = [
            (Trust::service("lambda"), "trust.service"),
            (Trust::third_party("123", "secret"), "trust.account"),
            (Trust::third_party("111122223333", "x"), "trust.external_id"),
            (
                Trust::github_actions("just-a-repo", "refs/heads/main"),
                "trust.repository",
            ),
            (Trust::github_actions("o/r", "*"), "trust.subject"),
            (Trust::saml("a/b"), "trust.provider"),
            (
                Trust::AccountWithMfa {
                    account: "111122223333".into(),
                    max_mfa_age_seconds: 0,
                },
                "trust.max_mfa_age_seconds",
            ),
        ];
        for (trust, field) in cases {
            assert_eq!(trust.validate().unwrap_err().field(), field, "{trust:?}");
        }
    }

    #[test]
    fn a_custom_open_trust_is_flagged_by_lint() {
        let open = PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["sts:AssumeRole"])
            .build()]);
        let findings = lint(&Trust::custom(open).render(&account()), PolicyContext::Trust);
        assert!(
            findings
                .iter()
                .any(|f| f.code == LintCode::PublicPrincipalWithoutCondition),
            "{findings:?}"
        );
    }
}
