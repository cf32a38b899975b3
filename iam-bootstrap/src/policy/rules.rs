//! What each kind of policy requires and refuses: one row per kind, each rule with its source.
//!
//! A rule refuses a document only where the source shows AWS refusing it (a quoted error
//! message or a documentation page). Where AWS's behaviour could not be established the rule
//! says so and the form is accepted, with a lint finding (`lint_syntax`) instead.
//!
//! Rules shared by every kind (element syntax, characters, `Sid` uniqueness) live in
//! `validate_statement`, `arn` and `validate`, each with its source beside it.

use super::size::SizeLimit;
use super::validate::PolicyContext;

/// Whether a statement element must be there, must not be there, or may be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Missing is an error.
    Required,
    /// Present is an error.
    Forbidden,
    /// Either way is accepted; missing is a lint finding (AWS's behaviour differs by service
    /// or could not be established).
    Optional,
}

/// The rules of one kind of policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KindRules {
    /// `Version` must be present and `2012-10-17`.
    pub(crate) version_2012: bool,
    /// `Principal` (or `NotPrincipal`).
    pub(crate) principal: Need,
    /// `NotPrincipal` is accepted (in `Deny` statements only).
    pub(crate) not_principal: bool,
    /// The principal may only be `"*"` (or `{"AWS": "*"}`).
    pub(crate) principal_any_only: bool,
    /// `Resource` (or `NotResource`).
    pub(crate) resource: Need,
    /// `Action` (or `NotAction`).
    pub(crate) action: Need,
    /// `NotAction` is accepted.
    pub(crate) not_action: bool,
    /// Only `Deny` statements.
    pub(crate) deny_only: bool,
    /// Only the role-assumption actions ([`TRUST_ACTIONS`](super::validate::TRUST_ACTIONS)).
    pub(crate) trust_actions_only: bool,
    /// `Sid`s are ASCII letters and digits only.
    pub(crate) alphanumeric_sid: bool,
    /// Two statements with the same `Sid` are refused (else a lint finding).
    pub(crate) unique_sids: bool,
    /// The size one document of this kind must fit.
    pub(crate) size: Option<SizeLimit>,
}

/// A customer managed policy (`CreatePolicy`, `CreatePolicyVersion`), also used as a
/// permissions boundary.
const MANAGED: KindRules = KindRules {
    // IAM, CreatePolicy without `Version` or with 2008-10-17: "Policy document must be version
    // 2012-10-17 or greater." (quoted in Meteor-Community-Packages/Meteor-CollectionFS#630;
    // hashicorp/packer#3821 shows the console refusing the same document).
    version_2012: true,
    // IAM: "Policy document should not specify a principal." (identity policies have no
    // principal: IAM User Guide, "Identity-based policies and resource-based policies").
    principal: Need::Forbidden,
    not_principal: false,
    principal_any_only: false,
    // IAM: "Policy statement must contain resources." (terraform-aws-modules/terraform-aws-iam#603).
    resource: Need::Required,
    // IAM User Guide, "IAM JSON policy elements: Action": every statement includes `Action`
    // or `NotAction` (this crate's rule before this table; kept for every kind but KMS's).
    action: Need::Required,
    not_action: true,
    deny_only: false,
    trust_actions_only: false,
    // IAM User Guide, "IAM JSON policy elements: Sid": "In IAM, the Sid value is limited to
    // ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)."
    alphanumeric_sid: true,
    // IAM: "Statement IDs (SID) in a single policy must be unique."
    unique_sids: true,
    // IAM quotas page: managed policy 6,144 characters.
    size: Some(SizeLimit::Managed),
};

/// An inline policy of a user, group or role (`PutUserPolicy`, `PutGroupPolicy`, `PutRolePolicy`).
const INLINE: KindRules = KindRules {
    // IAM User Guide, "IAM JSON policy elements: Version": "If you do not include a Version
    // element, the value defaults to 2008-10-17"; inline policies without one are accepted
    // (the linter's `outdated_version` reports them).
    version_2012: false,
    // Inline quotas are per user, group or role, all inline policies together; no single
    // inline policy can be larger than the largest of them (a role's, 10,240).
    size: Some(SizeLimit::RoleInline),
    ..MANAGED
};

/// A role trust policy (`CreateRole`, `UpdateAssumeRolePolicy`).
const TRUST: KindRules = KindRules {
    // Trust policies of roles created before 2012 carry 2008-10-17 and are still updated;
    // IAM's refusal of it for trust policies could not be established.
    version_2012: false,
    // IAM User Guide, "Roles terms and concepts": the trust policy names "the trusted
    // principals"; without one IAM has nothing to trust.
    principal: Need::Required,
    // IAM User Guide, "AWS JSON policy elements: NotPrincipal": not for role trust policies
    // (this crate's rule before this table; kept).
    not_principal: false,
    // IAM, a trust policy with `Resource`: "Has prohibited field Resource".
    resource: Need::Forbidden,
    not_action: false,
    // Trust policies grant the STS role-assumption actions only (IAM User Guide, "Roles terms
    // and concepts", "Role trust policy").
    trust_actions_only: true,
    // IAM quotas page: role trust policy 2,048 characters (raisable to 4,096).
    size: Some(SizeLimit::Trust),
    ..MANAGED
};

/// A resource-based policy whose service is not named (bucket, queue, topic, key ...).
const RESOURCE: KindRules = KindRules {
    // Each service checks its own; not established across services.
    version_2012: false,
    // S3: "Missing required field Principal" (hashicorp/terraform#28688); every resource-based
    // policy names who it grants to (IAM User Guide, "Resource-based policies").
    principal: Need::Required,
    // IAM User Guide, "NotPrincipal": with `Effect: Deny` only ("NotPrincipal must be used
    // with Effect: Deny").
    not_principal: true,
    principal_any_only: false,
    // Some services accept statements without `Resource` (the statement applies to the
    // resource the policy is attached to); which ones could not be established.
    resource: Need::Optional,
    action: Need::Required,
    not_action: true,
    deny_only: false,
    trust_actions_only: false,
    // Services keep their own `Sid` rules (S3 accepts spaces).
    alphanumeric_sid: false,
    // S3 accepts two statements with the same `Sid` (issue #21's trials); for other services
    // not established: a lint finding, not a refusal.
    unique_sids: false,
    // Each service has its own limit (S3 bucket policies: 20 KB).
    size: None,
};

/// An S3 bucket policy (`PutBucketPolicy`).
const S3_BUCKET: KindRules = KindRules {
    // S3, a statement without `Resource`: "Statement is missing required element"
    // (aws/aws-cdk#6708).
    resource: Need::Required,
    ..RESOURCE
};

/// A KMS key policy (`CreateKey`, `PutKeyPolicy`).
const KMS_KEY: KindRules = KindRules {
    // KMS API reference, PutKeyPolicy `Policy`: "Each statement in the key policy must contain
    // one or more principals." (as RESOURCE).
    principal: Need::Required,
    // PutKeyPolicy `Policy`: "If either of the required Resource or Action elements are
    // missing from a key policy statement, the policy statement has no effect. When a key
    // policy statement is missing one of these elements, the KMS console correctly reports
    // an error, but the PutKeyPolicy API request succeeds": accepted, with a lint finding
    // (`statement_without_resource`, `statement_without_action`).
    resource: Need::Optional,
    action: Need::Optional,
    // KMS Developer Guide, "Creating a key policy", "Key policy format": "The Sid element in a
    // key policy statement can include spaces" (as RESOURCE).
    alphanumeric_sid: false,
    // "Key policy format": "Up to 32 kilobytes (32,768 bytes)". Counted here as IAM counts
    // (characters without white space), so a document of more than 32,768 bytes with much
    // white space or many non-ASCII characters passes here and is refused by KMS.
    size: Some(SizeLimit::Custom(32_768)),
    ..RESOURCE
};

/// A service control policy (Organizations `CreatePolicy`, type SERVICE_CONTROL_POLICY).
const SCP: KindRules = KindRules {
    // Organizations, "SCP syntax": "Every SCP must include a Version element with the value
    // 2012-10-17."
    version_2012: true,
    // Organizations, "SCP syntax", elements summary: no `Principal` or `NotPrincipal`.
    principal: Need::Forbidden,
    not_principal: false,
    principal_any_only: false,
    // "SCP syntax" lists `Resource` and `NotResource`; whether Organizations refuses a
    // statement with neither could not be established.
    resource: Need::Optional,
    action: Need::Required,
    not_action: true,
    deny_only: false,
    trust_actions_only: false,
    // Organizations validates with IAM's grammar (this crate's rule before this table; kept).
    alphanumeric_sid: true,
    unique_sids: true,
    // Organizations quotas page: 5,120 characters, every character counted.
    size: Some(SizeLimit::Scp),
};

/// A resource control policy (Organizations `CreatePolicy`, type RESOURCE_CONTROL_POLICY).
const RCP: KindRules = KindRules {
    // Organizations, "RCP syntax": "Every RCP must include a Version element with the value
    // 2012-10-17."
    version_2012: true,
    // "RCP syntax": the `Principal` element is required and takes "*" only (narrow it with
    // conditions); `NotPrincipal` is not among the elements.
    principal: Need::Required,
    not_principal: false,
    principal_any_only: true,
    // "RCP syntax" lists `Resource` and `NotResource`; a statement with neither: not established.
    resource: Need::Optional,
    action: Need::Required,
    // "RCP syntax": `NotAction` is not among the elements.
    not_action: false,
    // "RCP syntax": "The effect of Allow is only supported for the RCPFullAWSAccess policy",
    // which AWS attaches itself.
    deny_only: true,
    trust_actions_only: false,
    alphanumeric_sid: true,
    unique_sids: true,
    // Organizations quotas page: 5,120 characters, every character counted.
    size: Some(SizeLimit::Rcp),
};

/// A session policy (the `Policy` parameter of `AssumeRole*` and `GetFederationToken`).
const SESSION: KindRules = KindRules {
    // STS does not document a `Version` rule for session policies: not established.
    version_2012: false,
    // STS API reference, AssumeRole `Policy`: "The plaintext that you use for both inline and
    // managed session policies can't exceed 2,048 characters."
    size: Some(SizeLimit::Session),
    ..MANAGED
};

/// The inline policy of an IAM Identity Center permission set.
const PERMISSION_SET_INLINE: KindRules = KindRules {
    // Identity Center's `Version` rule is not documented: not established.
    version_2012: false,
    // Identity Center quotas page: 10,240 characters.
    size: Some(SizeLimit::PermissionSetInline),
    ..MANAGED
};

impl PolicyContext {
    /// The rules of this kind of policy.
    pub(crate) fn rules(self) -> &'static KindRules {
        match self {
            PolicyContext::Identity | PolicyContext::PermissionsBoundary => &MANAGED,
            PolicyContext::InlineIdentity => &INLINE,
            PolicyContext::Trust => &TRUST,
            PolicyContext::Resource => &RESOURCE,
            PolicyContext::S3Bucket => &S3_BUCKET,
            PolicyContext::KmsKey => &KMS_KEY,
            PolicyContext::Scp => &SCP,
            PolicyContext::Rcp => &RCP,
            PolicyContext::Session => &SESSION,
            PolicyContext::PermissionSetInline => &PERMISSION_SET_INLINE,
        }
    }
}
