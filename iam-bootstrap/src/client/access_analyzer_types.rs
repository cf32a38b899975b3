//! Domain types that go in and out of [`AccessAnalyzerApi`](super::AccessAnalyzerApi), and
//! of IAM's service-last-accessed calls on [`IamApi`](super::IamApi).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::names::Arn;
use crate::policy::{LintSeverity, PolicyContext};

/// The `policyType` Access Analyzer validates against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AnalyzerPolicyType {
    /// An identity policy (also a permissions boundary or a permission set's inline policy).
    IdentityPolicy,
    /// A resource-based policy; a role trust policy is one, with the
    /// [`AnalyzerResourceType::AssumeRolePolicyDocument`] resource type.
    ResourcePolicy,
    /// A service control policy.
    ServiceControlPolicy,
}

impl AnalyzerPolicyType {
    /// The wire value (`IDENTITY_POLICY`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnalyzerPolicyType::IdentityPolicy => "IDENTITY_POLICY",
            AnalyzerPolicyType::ResourcePolicy => "RESOURCE_POLICY",
            AnalyzerPolicyType::ServiceControlPolicy => "SERVICE_CONTROL_POLICY",
        }
    }
}

/// The resource a resource policy is attached to: Access Analyzer runs the checks of that
/// service (`validatePolicyResourceType`, and `resourceType` of `CheckNoPublicAccess`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AnalyzerResourceType {
    /// A role trust policy (`AWS::IAM::AssumeRolePolicyDocument`).
    AssumeRolePolicyDocument,
    /// An S3 bucket policy (`AWS::S3::Bucket`).
    S3Bucket,
    /// A KMS key policy (`AWS::KMS::Key`).
    KmsKey,
    /// An SQS queue policy (`AWS::SQS::Queue`).
    SqsQueue,
    /// A Secrets Manager secret policy (`AWS::SecretsManager::Secret`).
    SecretsManagerSecret,
    /// A Lambda function policy (`AWS::Lambda::Function`).
    LambdaFunction,
}

impl AnalyzerResourceType {
    /// The CloudFormation-style name AWS uses (`AWS::S3::Bucket`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnalyzerResourceType::AssumeRolePolicyDocument => "AWS::IAM::AssumeRolePolicyDocument",
            AnalyzerResourceType::S3Bucket => "AWS::S3::Bucket",
            AnalyzerResourceType::KmsKey => "AWS::KMS::Key",
            AnalyzerResourceType::SqsQueue => "AWS::SQS::Queue",
            AnalyzerResourceType::SecretsManagerSecret => "AWS::SecretsManager::Secret",
            AnalyzerResourceType::LambdaFunction => "AWS::Lambda::Function",
        }
    }
}

/// What `ValidatePolicy` is asked to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyValidationInput {
    /// The policy document, as JSON.
    pub document: String,
    /// Which grammar and checks apply.
    pub policy_type: AnalyzerPolicyType,
    /// For resource policies: the resource it is attached to.
    pub resource_type: Option<AnalyzerResourceType>,
}

impl PolicyValidationInput {
    /// The input for a policy used as `context`: identity policies, boundaries and permission
    /// set inline policies are identity policies, SCPs service control policies, trust
    /// policies resource policies of `AWS::IAM::AssumeRolePolicyDocument`.
    pub fn for_context(document: impl Into<String>, context: PolicyContext) -> Self {
        let (policy_type, resource_type) = match context {
            PolicyContext::Trust => (
                AnalyzerPolicyType::ResourcePolicy,
                Some(AnalyzerResourceType::AssumeRolePolicyDocument),
            ),
            PolicyContext::Resource => (AnalyzerPolicyType::ResourcePolicy, None),
            PolicyContext::Scp => (AnalyzerPolicyType::ServiceControlPolicy, None),
            _ => (AnalyzerPolicyType::IdentityPolicy, None),
        };
        Self {
            document: document.into(),
            policy_type,
            resource_type,
        }
    }
}

/// One finding of `ValidatePolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyValidationFinding {
    /// `findingType`: the same four severities as the offline lint.
    pub severity: LintSeverity,
    /// `issueCode` (`PASS_ROLE_WITH_STAR_IN_RESOURCE`, `MISSING_VERSION`, ...).
    pub issue_code: String,
    /// `findingDetails`.
    pub details: String,
    /// `learnMoreLink`.
    pub learn_more: String,
    /// The zero-based statement the first location points into, if any.
    pub statement: Option<usize>,
    /// The first location as a path (`Statement[0].Action[1]`), if any.
    pub path: Option<String>,
}

/// What a custom policy check answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessCheckOutcome {
    /// `PASS` (`true`) or `FAIL`.
    pub passes: bool,
    /// The service's message.
    pub message: String,
    /// Why it failed: one per statement that grants what was asked about.
    pub reasons: Vec<AccessCheckReason>,
}

/// One reason a custom policy check failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessCheckReason {
    /// The description.
    pub description: String,
    /// The zero-based statement index, if the service named one.
    pub statement: Option<usize>,
}

/// Actions (and optionally resources) `CheckAccessNotGranted` must find ungranted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AccessToCheck {
    /// Actions (`s3:PutObject`); at most 100. Empty: any action on `resources`.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Resource ARNs; at most 100. Empty means any resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
}

/// `StartPolicyGeneration` for a role or user, from a CloudTrail trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyGenerationRequest {
    /// The role or user whose activity is read.
    pub principal_arn: Arn,
    /// The trail that logged it.
    pub trail_arn: Arn,
    /// The role Access Analyzer assumes to read the trail and its bucket.
    pub access_role_arn: Arn,
    /// Regions of the trail to read; empty means all regions.
    pub regions: Vec<String>,
    /// The window's start.
    pub start: Timestamp,
    /// The window's end.
    pub end: Timestamp,
}

/// The status of an asynchronous analysis job (policy generation, last-accessed report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    /// Still running.
    InProgress,
    /// Done; the result is there.
    Succeeded,
    /// Failed, with AWS's code and message.
    Failed {
        /// The error code (`SERVICE_ERROR`, `UNAUTHORIZED_ACCESS`...).
        code: String,
        /// The message.
        message: String,
    },
    /// Cancelled before it finished.
    Canceled,
}

/// `GetGeneratedPolicy`: the job's status and, once it succeeded, its policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GeneratedPolicyResult {
    /// The job's status.
    pub status: JobStatus,
    /// The generated policies as JSON, with resource placeholders (`${BucketName}`).
    pub policies: Vec<String>,
    /// Whether the trail was read in full (`false` when AWS read only part of it).
    pub trail_complete: bool,
}

/// How detailed a service-last-accessed report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessGranularity {
    /// Per service.
    ServiceLevel,
    /// Per service, plus per action for the services IAM tracks actions of.
    ActionLevel,
}

/// One action a service-last-accessed report tracks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrackedActionAccess {
    /// The action name (`PutObject`), without the service prefix.
    pub action: String,
    /// When it was last used, if ever in the tracking period.
    pub last_accessed: Option<Timestamp>,
}

/// One service of a service-last-accessed report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceLastAccessed {
    /// The service namespace (`s3`), the IAM action prefix.
    pub namespace: String,
    /// The service's name (`Amazon S3`).
    pub name: String,
    /// When the principal last authenticated to it, if ever in the tracking period.
    pub last_authenticated: Option<Timestamp>,
    /// Per-action data (action-level reports, tracked services only).
    pub tracked_actions: Vec<TrackedActionAccess>,
}

/// `GetServiceLastAccessedDetails`: the job's status and, once done, every service the
/// principal's policies allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceLastAccessedReport {
    /// The job's status.
    pub status: JobStatus,
    /// Every service, all pages.
    pub services: Vec<ServiceLastAccessed>,
}

// Constructors: the types are `#[non_exhaustive]` (see `organizations_types`), so a mock
// outside the crate builds its answers here.

impl PolicyValidationFinding {
    /// A finding with no location in the document and no link.
    pub fn new(severity: LintSeverity, issue_code: impl Into<String>, details: impl Into<String>) -> Self {
        Self {
            severity,
            issue_code: issue_code.into(),
            details: details.into(),
            learn_more: String::new(),
            statement: None,
            path: None,
        }
    }
}

impl AccessCheckOutcome {
    /// A check's verdict with no reasons.
    pub fn new(passes: bool, message: impl Into<String>) -> Self {
        Self {
            passes,
            message: message.into(),
            reasons: Vec::new(),
        }
    }
}

impl AccessCheckReason {
    /// A reason not tied to a statement.
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            statement: None,
        }
    }
}

impl AccessToCheck {
    /// Actions (and optionally resources) a policy must not grant.
    pub fn new(actions: Vec<String>, resources: Vec<String>) -> Self {
        Self { actions, resources }
    }
}

impl PolicyGenerationRequest {
    /// Generate a policy for `principal_arn` from `trail_arn` (read through
    /// `access_role_arn`) between `start` and `end`, in every region the trail covers.
    pub fn new(
        principal_arn: Arn,
        trail_arn: Arn,
        access_role_arn: Arn,
        start: Timestamp,
        end: Timestamp,
    ) -> Self {
        Self {
            principal_arn,
            trail_arn,
            access_role_arn,
            regions: Vec::new(),
            start,
            end,
        }
    }
}

impl GeneratedPolicyResult {
    /// A generation job's result with no policies yet.
    pub fn new(status: JobStatus) -> Self {
        Self {
            status,
            policies: Vec::new(),
            trail_complete: true,
        }
    }
}

impl TrackedActionAccess {
    /// An action and when it was last used (`None`: not in the tracking period).
    pub fn new(action: impl Into<String>, last_accessed: Option<Timestamp>) -> Self {
        Self {
            action: action.into(),
            last_accessed,
        }
    }
}

impl ServiceLastAccessed {
    /// A service and when it was last used, with no per-action data.
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        last_authenticated: Option<Timestamp>,
    ) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
            last_authenticated,
            tracked_actions: Vec::new(),
        }
    }
}

impl ServiceLastAccessedReport {
    /// A last-accessed report with no services yet.
    pub fn new(status: JobStatus) -> Self {
        Self {
            status,
            services: Vec::new(),
        }
    }
}
