//! [`RoleSpec`]: one least-privilege IAM role, checked offline when it is built.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::checks::{self, PolicyFinding};
use super::trust::Trust;
use crate::access_analyzer::AccessGates;
use crate::client::Tags;
use crate::error::{ValidationError, ValidationReason};
use crate::identity_center::SessionLength;
use crate::names::{Arn, IamPath, PolicyName, RoleName};
use crate::policy::PolicyDocument;

/// A customer managed policy created and versioned together with a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerPolicy {
    /// The policy name.
    pub name: PolicyName,
    /// The policy path.
    #[serde(default)]
    pub path: IamPath,
    /// A description (fixed at creation: IAM cannot change it later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The document.
    pub document: PolicyDocument,
}

impl CustomerPolicy {
    /// A policy at path `/`.
    pub fn new(name: PolicyName, document: PolicyDocument) -> Self {
        Self {
            name,
            path: IamPath::root(),
            description: None,
            document,
        }
    }
}

/// A role's permissions boundary; a permission set's is
/// [`identity_center::PermissionSetBoundary`](crate::identity_center::PermissionSetBoundary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleBoundary {
    /// A managed policy by ARN (AWS or customer).
    Arn(Arn),
    /// One of the spec's own customer policies, by name.
    CustomerPolicy(PolicyName),
}

/// A least-privilege IAM role: trust, policies, boundary, session length, tags.
///
/// Built with [`RoleSpec::builder`]; `build` checks everything that can be checked offline
/// (names, paths, every size limit, lint findings), so a spec that exists is one IAM will
/// accept. [`RoleSpec::plan`](crate::roles::RoleSpec::plan) then reads the account and plans
/// only the differences.
///
/// # Example
///
/// ```
/// use iam_bootstrap::roles::{RoleSpec, Trust};
/// use iam_bootstrap::{Aws, InMemory};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let role = RoleSpec::builder("orders-lambda")
///     .trust(Trust::service("lambda.amazonaws.com"))
///     .managed_policy("arn:aws:iam::aws:policy/AWSLambdaExecute")
///     .build()?;
/// let aws = Aws::in_memory(InMemory::new());
/// role.plan(&aws).await?.apply(&aws).await?;
/// assert!(role.plan(&aws).await?.is_empty()); // converged: nothing left to do
///
/// // Bad input never reaches AWS: the builder names the field.
/// let err = RoleSpec::builder("no spaces").trust(Trust::service("lambda.amazonaws.com")).build();
/// assert_eq!(err.map_err(|e| e.field().to_owned()).err().as_deref(), Some("name"));
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "super::file::RoleSpecFile")]
pub struct RoleSpec {
    pub(crate) name: RoleName,
    pub(crate) path: IamPath,
    pub(crate) description: Option<String>,
    pub(crate) max_session_seconds: u32,
    pub(crate) tags: Tags,
    pub(crate) trust: Trust,
    pub(crate) managed_policies: Vec<Arn>,
    pub(crate) inline_policies: BTreeMap<PolicyName, PolicyDocument>,
    pub(crate) customer_policies: Vec<CustomerPolicy>,
    pub(crate) boundary: Option<RoleBoundary>,
    pub(crate) adopt: bool,
    pub(crate) allow_security_warnings: bool,
    pub(crate) access_gates: AccessGates,
    pub(crate) findings: Vec<PolicyFinding>,
}

impl RoleSpec {
    /// A builder for the role `name` (checked at `build`); trust is the other required part.
    /// Like every spec builder in the crate, the required identity goes in `builder(..)`.
    pub fn builder(name: impl Into<String>) -> RoleSpecBuilder {
        RoleSpecBuilder {
            name: Some(name.into()),
            ..RoleSpecBuilder::default()
        }
    }

    /// The role name.
    pub fn name(&self) -> &RoleName {
        &self.name
    }
    /// The role path.
    pub fn path(&self) -> &IamPath {
        &self.path
    }
    /// The description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The maximum session duration.
    pub fn max_session(&self) -> Duration {
        Duration::from_secs(u64::from(self.max_session_seconds))
    }
    /// The tags the spec asks for (the ownership tag is added on top).
    pub fn tags(&self) -> &Tags {
        &self.tags
    }
    /// The trust.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }
    /// Managed policies to attach, by ARN (the spec's customer policies are attached too).
    pub fn managed_policies(&self) -> &[Arn] {
        &self.managed_policies
    }
    /// Inline policies by name.
    pub fn inline_policies(&self) -> &BTreeMap<PolicyName, PolicyDocument> {
        &self.inline_policies
    }
    /// Customer managed policies created with the role.
    pub fn customer_policies(&self) -> &[CustomerPolicy] {
        &self.customer_policies
    }
    /// The permissions boundary.
    pub fn boundary(&self) -> Option<&RoleBoundary> {
        self.boundary.as_ref()
    }
    /// Whether an existing role without the ownership tag is taken over.
    pub fn adopts(&self) -> bool {
        self.adopt
    }
    /// The Access Analyzer checks planning must pass ([`AccessGates`]; empty: none).
    pub fn access_gates(&self) -> &AccessGates {
        &self.access_gates
    }
    /// Lint findings below the failure threshold (and above it, when allowed), for review.
    pub fn lint_findings(&self) -> &[PolicyFinding] {
        &self.findings
    }
}

/// Builds a [`RoleSpec`]. Setters take raw values; [`RoleSpecBuilder::build`] checks them.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RoleSpecBuilder {
    name: Option<String>,
    path: Option<String>,
    description: Option<String>,
    max_session: Option<SessionLength>,
    tags: Tags,
    trust: Option<Trust>,
    managed_policies: Vec<String>,
    inline_policies: Vec<(String, PolicyDocument)>,
    customer_policies: Vec<(String, String, Option<String>, PolicyDocument)>,
    boundary: Option<BoundaryInput>,
    adopt: bool,
    allow_security_warnings: bool,
    pack_inline: bool,
    access_gates: AccessGates,
}

#[derive(Debug, Clone)]
enum BoundaryInput {
    Arn(String),
    Customer(String),
}

impl RoleSpecBuilder {
    /// Replaces the role name given to [`RoleSpec::builder`] (1-64 of `[\w+=,.@-]`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
    /// The role path (default `/`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// The description (at most 1,000 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
    /// The longest session, 1 to 12 hours (default 1 hour): a [`std::time::Duration`],
    /// ISO-8601 text (`"PT2H"`) or a [`SessionDuration`](crate::identity_center::SessionDuration),
    /// as [`SessionLength`] describes; the same forms a permission set's `session_duration` takes.
    pub fn max_session(mut self, duration: impl Into<SessionLength>) -> Self {
        self.max_session = Some(duration.into());
        self
    }
    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
    /// Who may assume the role.
    pub fn trust(mut self, trust: Trust) -> Self {
        self.trust = Some(trust);
        self
    }
    /// Attaches a managed policy by ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`).
    pub fn managed_policy(mut self, arn: impl Into<String>) -> Self {
        self.managed_policies.push(arn.into());
        self
    }
    /// Adds an inline policy.
    pub fn inline_policy(mut self, name: impl Into<String>, document: PolicyDocument) -> Self {
        self.inline_policies.push((name.into(), document));
        self
    }
    /// Creates (and versions) a customer managed policy with the role and attaches it.
    pub fn customer_policy(mut self, name: impl Into<String>, document: PolicyDocument) -> Self {
        self.customer_policies
            .push((name.into(), "/".into(), None, document));
        self
    }
    /// Like [`customer_policy`](Self::customer_policy), with a path and a description.
    pub fn customer_policy_at(
        mut self,
        name: impl Into<String>,
        path: impl Into<String>,
        description: impl Into<String>,
        document: PolicyDocument,
    ) -> Self {
        self.customer_policies
            .push((name.into(), path.into(), Some(description.into()), document));
        self
    }
    /// A customer policy with its parts as a spec file has them (no description: none).
    pub(crate) fn customer_policy_parts(
        mut self,
        name: impl Into<String>,
        path: impl Into<String>,
        description: Option<String>,
        document: PolicyDocument,
    ) -> Self {
        self.customer_policies
            .push((name.into(), path.into(), description, document));
        self
    }
    /// A managed policy (by ARN) as the permissions boundary.
    pub fn boundary_arn(mut self, arn: impl Into<String>) -> Self {
        self.boundary = Some(BoundaryInput::Arn(arn.into()));
        self
    }
    /// One of this spec's customer policies (by name) as the permissions boundary.
    pub fn boundary_policy(mut self, name: impl Into<String>) -> Self {
        self.boundary = Some(BoundaryInput::Customer(name.into()));
        self
    }
    /// Take over an existing role that iam-bootstrap did not create (default: refuse).
    pub fn adopt(mut self, adopt: bool) -> Self {
        self.adopt = adopt;
        self
    }
    /// Accept SECURITY_WARNING lint findings (default: they fail `build`).
    pub fn allow_security_warnings(mut self, allow: bool) -> Self {
        self.allow_security_warnings = allow;
        self
    }
    /// The Access Analyzer checks ([`AccessGates`]) that planning this role must pass:
    /// planning fails with [`Error::Precondition`](crate::Error::Precondition)
    /// ([`AccessCheckFailed`](crate::PreconditionReason::AccessCheckFailed)) unless they do
    /// (or, for new access, the gates allow it).
    ///
    /// ```
    /// use iam_bootstrap::access_analyzer::AccessGates;
    /// use iam_bootstrap::roles::{RoleSpec, Trust};
    ///
    /// let gates = AccessGates::new().no_new_access().deny_access(["iam:PassRole"], Vec::<String>::new());
    /// let role = RoleSpec::builder("reader")
    ///     .trust(Trust::service("lambda.amazonaws.com"))
    ///     .access_gates(gates.clone())
    ///     .build()?;
    /// assert_eq!(role.access_gates(), &gates);
    /// // Bad gate input fails the build, before any call.
    /// let err = RoleSpec::builder("reader")
    ///     .trust(Trust::service("lambda.amazonaws.com"))
    ///     .access_gates(AccessGates::new().deny_access(["PassRole"], Vec::<String>::new()))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.field(), "access_gates.access_not_granted[0].actions[0]");
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    pub fn access_gates(mut self, gates: AccessGates) -> Self {
        self.access_gates = gates;
        self
    }
    /// When the inline policies exceed IAM's 10,240-character aggregate, pack them into
    /// customer managed policies (`NAME-inline-1`, ...) instead of failing.
    pub fn pack_inline_policies(mut self, pack: bool) -> Self {
        self.pack_inline = pack;
        self
    }

    /// Checks everything and returns the spec.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field: a bad name, path, duration, tag or ARN; a policy
    /// that is invalid or too large for its limit; more attachments than IAM allows; lint
    /// findings at SECURITY_WARNING unless allowed.
    pub fn build(self) -> Result<RoleSpec, ValidationError> {
        let name = RoleName::new(
            self.name
                .ok_or_else(|| ValidationError::new("name", ValidationReason::Missing))?,
        )
        .map_err(|e| e.at("name"))?;
        let path = match self.path {
            Some(path) => IamPath::new(path).map_err(|e| e.at("path"))?,
            None => IamPath::root(),
        };
        let trust = self
            .trust
            .ok_or_else(|| ValidationError::new("trust", ValidationReason::Missing))?;
        let max_session_seconds = match &self.max_session {
            // The range itself is checked with the rest of the role (`checks`).
            Some(length) => {
                let seconds = length.seconds("max_session_seconds")?;
                u32::try_from(seconds).map_err(|_| {
                    let range = crate::limits::SESSION_SECONDS;
                    ValidationError::new(
                        "max_session_seconds",
                        ValidationReason::Range {
                            min: i64::from(*range.start()),
                            max: i64::from(*range.end()),
                            actual: seconds,
                        },
                    )
                })?
            }
            None => 3_600,
        };
        let managed_policies = self
            .managed_policies
            .into_iter()
            .enumerate()
            .map(|(i, arn)| Arn::new(arn).map_err(|e| e.at(format!("managed_policies[{i}]"))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut inline_policies = BTreeMap::new();
        for (name, document) in self.inline_policies {
            let key = PolicyName::new(name.as_str()).map_err(|e| e.at(format!("inline_policies.{name}")))?;
            inline_policies.insert(key, document);
        }
        let customer_policies = self
            .customer_policies
            .into_iter()
            .enumerate()
            .map(|(i, (name, path, description, document))| {
                Ok(CustomerPolicy {
                    name: PolicyName::new(name).map_err(|e| e.at(format!("customer_policies[{i}].name")))?,
                    path: IamPath::new(path).map_err(|e| e.at(format!("customer_policies[{i}].path")))?,
                    description,
                    document,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        let boundary = match self.boundary {
            None => None,
            Some(BoundaryInput::Arn(arn)) => {
                Some(RoleBoundary::Arn(Arn::new(arn).map_err(|e| e.at("boundary"))?))
            }
            Some(BoundaryInput::Customer(name)) => Some(RoleBoundary::CustomerPolicy(
                PolicyName::new(name).map_err(|e| e.at("boundary"))?,
            )),
        };
        self.access_gates
            .validate()
            .map_err(|e| e.within("access_gates"))?;
        let spec = RoleSpec {
            name,
            path,
            description: self.description,
            max_session_seconds,
            tags: self.tags,
            trust,
            managed_policies,
            inline_policies,
            customer_policies,
            boundary,
            adopt: self.adopt,
            allow_security_warnings: self.allow_security_warnings,
            access_gates: self.access_gates,
            findings: Vec::new(),
        };
        checks::check(spec, self.allow_security_warnings, self.pack_inline)
    }
}

crate::spec::capture::deserialize_via!(RoleSpec, super::file::RoleSpecFile);
