//! Lint findings with Access Analyzer's severities.

use std::fmt;

use super::document::{PolicyDocument, Version};
use super::error::PolicyError;
use super::size::SizeLimit;
use super::statement::Effect;
use super::validate::PolicyContext;
use crate::names::AccountId;

/// How serious a finding is; the names and order are Access Analyzer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LintSeverity {
    /// IAM would reject the policy.
    Error,
    /// The policy grants more than it likely should.
    SecurityWarning,
    /// The policy works but does not follow best practice.
    Warning,
    /// The policy can be simplified.
    Suggestion,
}

impl fmt::Display for LintSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintSeverity::Error => "ERROR",
            LintSeverity::SecurityWarning => "SECURITY_WARNING",
            LintSeverity::Warning => "WARNING",
            LintSeverity::Suggestion => "SUGGESTION",
        })
    }
}

/// The old name of [`LintSeverity`].
#[deprecated(
    since = "0.2.0",
    note = "renamed to `LintSeverity`, beside `LintFinding` and `LintCode` (an audit finding's scale is `FindingSeverity`)"
)]
pub type Severity = LintSeverity;

macro_rules! lint_codes {
    ($($(#[$doc:meta])* $name:ident = $id:literal,)*) => {
        /// What a finding is about. The snake_case id (`Display`, serde) is stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum LintCode {
            $($(#[$doc])* $name,)*
        }

        impl LintCode {
            /// Every code.
            pub const ALL: &'static [LintCode] = &[$(LintCode::$name,)*];

            /// The stable snake_case id.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(LintCode::$name => $id,)*
                }
            }
        }
    };
}

lint_codes! {
    /// ERROR: the policy fails validation for its context (the message says why).
    InvalidPolicy = "invalid_policy",
    /// WARNING: no `Version`, or `2008-10-17`: policy variables are not substituted.
    OutdatedVersion = "outdated_version",
    /// WARNING: an action IAM accepts that names no action (`s3:`, `s3:Get Object`).
    UnusualAction = "unusual_action",
    /// WARNING: a resource-based, service control or resource control policy statement
    /// without `Resource` (some services take it, others refuse it).
    StatementWithoutResource = "statement_without_resource",
    /// WARNING: a KMS key policy statement without `Action`: KMS accepts it, and it has no
    /// effect.
    StatementWithoutAction = "statement_without_action",
    /// WARNING: a condition key that is not `service:name` (IAM accepts it; no request
    /// carries it). Access Analyzer: "Invalid condition key format".
    UnprefixedConditionKey = "unprefixed_condition_key",
    /// SUGGESTION: a condition key with an empty value list. Access Analyzer: "Empty array
    /// condition".
    EmptyConditionValues = "empty_condition_values",
    /// WARNING: a `Date*` condition value that is not an ISO 8601 date or epoch seconds.
    /// Access Analyzer: "Invalid date condition".
    UnreadableDate = "unreadable_date",
    /// WARNING: a condition operator IAM does not know (`StringEqual`) over an empty block:
    /// IAM accepts it, and it tests nothing (with keys it is refused, as `unknown_operator`).
    UnknownOperatorWithoutKeys = "unknown_operator_without_keys",
    /// WARNING: two statements share a `Sid` in a kind of policy that accepts it (S3).
    DuplicateSid = "duplicate_sid",
    /// WARNING: a resource ARN with fewer than six parts (`arn:aws:ssm:*`). Access Analyzer:
    /// "Missing ARN field".
    ShortResourceArn = "short_resource_arn",
    /// WARNING: white space in a resource outside a policy variable.
    WhitespaceInResource = "whitespace_in_resource",
    /// SECURITY_WARNING: `Allow` of every action on every resource.
    FullAccess = "full_access",
    /// SECURITY_WARNING: `Allow` of `*` (every action of every service) on some resources.
    WildcardAction = "wildcard_action",
    /// WARNING: `Allow` of every action of a service (`s3:*`).
    ServiceWideAction = "service_wide_action",
    /// SECURITY_WARNING: `Allow` of permissions-management actions on `Resource: "*"`.
    PermissionsManagementOnAllResources = "permissions_management_on_all_resources",
    /// WARNING: `Allow` of write actions on `Resource: "*"`.
    WriteOnAllResources = "write_on_all_resources",
    /// SECURITY_WARNING: `Allow` with `NotAction` grants every action not listed, including
    /// those of services launched later.
    AllowWithNotAction = "allow_with_not_action",
    /// WARNING: `Allow` with `NotResource` grants every resource not listed.
    AllowWithNotResource = "allow_with_not_resource",
    /// SECURITY_WARNING: `iam:PassRole` on `*`: any role can be handed to a service.
    PassRoleOnAllResources = "pass_role_on_all_resources",
    /// SECURITY_WARNING: `sts:AssumeRole` on `*`: any role that trusts the account can be assumed.
    AssumeRoleOnAllResources = "assume_role_on_all_resources",
    /// SECURITY_WARNING: actions that let a principal raise its own privileges
    /// (`iam:CreatePolicyVersion`, `iam:AttachRolePolicy`, `iam:PutRolePolicy`, ...).
    PrivilegeEscalation = "privilege_escalation",
    /// SECURITY_WARNING: `Principal: "*"` (or `{"AWS": "*"}`) allowed without any condition.
    PublicPrincipalWithoutCondition = "public_principal_without_condition",
    /// SECURITY_WARNING: a trust policy lets IAM users or whole accounts (people) assume the
    /// role without an `aws:MultiFactorAuthPresent`/`aws:MultiFactorAuthAge` condition.
    TrustWithoutMfa = "trust_without_mfa",
    /// SECURITY_WARNING: a trust policy lets another account assume the role without an
    /// `sts:ExternalId` condition (or MFA, for people).
    CrossAccountTrustWithoutExternalId = "cross_account_trust_without_external_id",
    /// SECURITY_WARNING: a trust policy lets a federated identity provider's users assume
    /// the role with no condition (for GitHub OIDC: every repository on GitHub).
    FederatedTrustWithoutCondition = "federated_trust_without_condition",
    /// WARNING in resource policies, SUGGESTION in trust policies: a service principal without
    /// `aws:SourceAccount`/`aws:SourceArn`/`aws:SourceOrgID`/`aws:SourceOrgPaths`
    /// (confused deputy).
    ServicePrincipalWithoutSource = "service_principal_without_source",
    /// SUGGESTION: an action repeated or already matched by a wildcard in the same list.
    RedundantAction = "redundant_action",
    /// SUGGESTION: a resource repeated or already matched by a wildcard in the same list.
    RedundantResource = "redundant_resource",
    /// SUGGESTION: a statement that repeats an earlier one.
    RedundantStatement = "redundant_statement",
    /// WARNING: an action of a service the action catalog does not know (Access Analyzer:
    /// `INVALID_SERVICE`). The message names the catalog's date: AWS may have added it since.
    UnknownService = "unknown_service",
    /// WARNING: an action the catalog does not list for its service (Access Analyzer:
    /// `INVALID_ACTION`). The message names the catalog's date.
    UnknownAction = "unknown_action",
    /// WARNING: an action pattern (`s3:Gett*`) that matches no action of the catalog.
    ActionPatternMatchesNothing = "action_pattern_matches_nothing",
    /// WARNING: no resource of the statement has the ARN form of any resource type an action
    /// supports (`s3:GetObject` on a bucket ARN): the action is not granted.
    ResourceTypeMismatch = "resource_type_mismatch",
    /// WARNING: actions that support only `"Resource": "*"` (no resource-level permissions)
    /// on specific resources: they are not granted.
    ResourceNotSupported = "resource_not_supported",
    /// WARNING: a condition key that is not global and that none of the statement's actions
    /// takes (Access Analyzer reports keys a service does not have at all as
    /// `INVALID_SERVICE_CONDITION_KEY`).
    ConditionKeyNotApplicable = "condition_key_not_applicable",
    /// WARNING on `Allow`, SECURITY_WARNING on `Deny`: a multivalued key (`aws:TagKeys`,
    /// `aws:CalledVia`) compared without `ForAnyValue:`/`ForAllValues:`. A request that carries
    /// several values never matches, so a `Deny` lets it through.
    MultivaluedKeyWithoutSetOperator = "multivalued_key_without_set_operator",
}

impl fmt::Display for LintCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LintFinding {
    /// What the finding is about.
    pub code: LintCode,
    /// How serious it is.
    pub severity: LintSeverity,
    /// The zero-based index of the statement, if the finding is about one.
    pub statement: Option<usize>,
    /// A human-readable explanation.
    pub message: String,
}

impl fmt::Display for LintFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.statement {
            Some(i) => write!(
                f,
                "{} {} (statement {i}): {}",
                self.severity, self.code, self.message
            ),
            None => write!(f, "{} {}: {}", self.severity, self.code, self.message),
        }
    }
}

/// What [`Linter::check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintReport {
    /// Validation errors: the document is valid for the context when this is empty.
    pub errors: Vec<PolicyError>,
    /// Lint findings, including one [`LintCode::InvalidPolicy`] per validation error.
    pub findings: Vec<LintFinding>,
}

/// Lints `doc` as a policy of kind `context`; see [`Linter`] for options.
pub fn lint(doc: &PolicyDocument, context: PolicyContext) -> Vec<LintFinding> {
    Linter::new(context).lint(doc)
}

/// A configured linter.
///
/// ```
/// use iam_bootstrap::names::AccountId;
/// use iam_bootstrap::policy::{LintCode, Linter, PolicyContext, PolicyDocument, Principal, Statement};
/// let trust = PolicyDocument::new([Statement::allow()
///     .principal(Principal::aws(["arn:aws:iam::111122223333:root"]))
///     .actions(["sts:AssumeRole"])]);
/// let own = AccountId::new("111122223333")?;
/// let codes: Vec<LintCode> = Linter::new(PolicyContext::Trust).with_account(&own).lint(&trust)
///     .into_iter().map(|f| f.code).collect();
/// assert_eq!(codes, [LintCode::TrustWithoutMfa]);
/// # Ok::<(), iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Linter {
    pub(crate) context: PolicyContext,
    pub(crate) account: Option<String>,
    size_limit: Option<SizeLimit>,
    catalog: bool,
}

impl Linter {
    /// A linter for policies of kind `context`.
    pub fn new(context: PolicyContext) -> Self {
        Self {
            context,
            account: None,
            size_limit: context.size_limit(),
            catalog: true,
        }
    }

    /// Whether to check actions, resources and condition keys against the action catalog
    /// ([`super::catalog`]; default: yes). Access levels come from the catalog either way.
    pub fn with_catalog(mut self, on: bool) -> Self {
        self.catalog = on;
        self
    }

    /// The size limit to report [`LintCode::InvalidPolicy`] against (default: the context's;
    /// `None` to skip, e.g. for AWS managed policies, which may exceed customer limits).
    pub fn with_size_limit(mut self, limit: Option<SizeLimit>) -> Self {
        self.size_limit = limit;
        self
    }

    /// The account the policy lives in, so same-account trust is not reported as
    /// cross-account (without it, every account principal counts as another account).
    pub fn with_account(mut self, account: &AccountId) -> Self {
        self.account = Some(account.as_str().to_owned());
        self
    }

    /// Every finding, by statement, validation errors first.
    pub fn lint(&self, doc: &PolicyDocument) -> Vec<LintFinding> {
        self.check(doc).findings
    }

    /// Validation and lint in one pass: the validation errors (as
    /// [`PolicyDocument::validation_errors`] gives them, against this linter's size limit)
    /// and every finding, validation errors first as [`LintCode::InvalidPolicy`].
    pub fn check(&self, doc: &PolicyDocument) -> LintReport {
        let errors = doc.validation_errors_with(self.context, self.size_limit);
        let mut out = Findings(Vec::new());
        for err in &errors {
            out.push(
                LintCode::InvalidPolicy,
                LintSeverity::Error,
                error_statement(err),
                err.to_string(),
            );
        }
        match doc.version() {
            Some(Version::V2012_10_17) => {}
            Some(Version::V2008_10_17) | None => out.push(
                LintCode::OutdatedVersion,
                LintSeverity::Warning,
                None,
                "use \"Version\": \"2012-10-17\"; older policies do not substitute policy variables".into(),
            ),
        }
        let identity = matches!(
            self.context,
            PolicyContext::Identity
                | PolicyContext::InlineIdentity
                | PolicyContext::PermissionSetInline
                | PolicyContext::Session
        );
        let grants = identity
            || matches!(
                self.context,
                PolicyContext::Resource | PolicyContext::S3Bucket | PolicyContext::KmsKey
            );
        for (i, s) in doc.statements().iter().enumerate() {
            if grants && s.effect() == Effect::Allow {
                super::lint_grant::lint_grant(&mut out, i, s, identity);
            }
            if self.context.has_principals() && s.effect() == Effect::Allow {
                super::lint_trust::lint_principals(&mut out, i, s, self);
            }
            if self.catalog {
                super::lint_catalog::lint_catalog(&mut out, i, s);
            }
            super::lint_redundancy::lint_redundancy(&mut out, i, s);
            super::lint_syntax::lint_statement(&mut out, i, s, self.context);
        }
        super::lint_syntax::lint_document(&mut out, doc, self.context);
        super::lint_redundancy::lint_duplicate_statements(&mut out, doc);
        LintReport {
            errors,
            findings: out.0,
        }
    }
}

impl PolicyDocument {
    /// Lints the document as a policy of kind `context` (see [`lint`]).
    pub fn lint(&self, context: PolicyContext) -> Vec<LintFinding> {
        lint(self, context)
    }
}

pub(crate) struct Findings(pub(crate) Vec<LintFinding>);

impl Findings {
    pub(crate) fn push(
        &mut self,
        code: LintCode,
        severity: LintSeverity,
        statement: Option<usize>,
        message: String,
    ) {
        self.0.push(LintFinding {
            code,
            severity,
            statement,
            message,
        });
    }
}

fn error_statement(err: &PolicyError) -> Option<usize> {
    match err {
        PolicyError::MutuallyExclusive { statement, .. }
        | PolicyError::InvalidEffect { statement, .. }
        | PolicyError::UnknownOperator { statement, .. }
        | PolicyError::InvalidConditionKey { statement, .. }
        | PolicyError::InvalidConditionValue { statement, .. }
        | PolicyError::InvalidAction { statement, .. }
        | PolicyError::InvalidResource { statement, .. }
        | PolicyError::InvalidPrincipal { statement, .. }
        | PolicyError::ElementNotAllowed { statement, .. }
        | PolicyError::ActionNotAllowed { statement, .. }
        | PolicyError::InvalidSid { statement, .. } => Some(*statement),
        PolicyError::DuplicateSid { second, .. } => Some(*second),
        _ => None,
    }
}

/// A short list for messages: the first few items and how many more.
pub(crate) fn summarize<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let shown: Vec<&str> = items.iter().take(4).copied().collect();
    match items.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Principal, Statement};

    fn codes(doc: &PolicyDocument, context: PolicyContext) -> Vec<LintCode> {
        lint(doc, context).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn invalid_policies_and_old_versions() {
        let doc = PolicyDocument::from_json(r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"s3:getobject","Resource":["*"]}]}"#).unwrap();
        assert_eq!(
            codes(&doc, PolicyContext::InlineIdentity),
            [LintCode::OutdatedVersion, LintCode::RedundantStatement]
        );
        // A managed policy needs the version: IAM refuses it without one.
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            [
                LintCode::InvalidPolicy,
                LintCode::OutdatedVersion,
                LintCode::RedundantStatement
            ]
        );
        let doc = PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["s3:GetObject"])
            .resources(["*"])]);
        let found = lint(&doc, PolicyContext::Identity);
        assert_eq!(found[0].code, LintCode::InvalidPolicy);
        assert_eq!(found[0].severity, LintSeverity::Error);
        assert_eq!(found[0].statement, Some(0));
    }
}
