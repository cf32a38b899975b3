//! [`Bootstrap`]: the whole guide in one declarative document (TOML or JSON).
//!
//! ```toml
//! [root]                          # step 1: secure the root user
//! account_alias = "example-corp"
//! root_access_keys = "delete"
//! password_policy = { minimum_password_length = 14, password_reuse_prevention = 24 }
//!
//! [admin]                         # step 2: an administrative user in Identity Center
//! user = { user_name = "admin", given_name = "Ada", family_name = "Admin", email = "admin@example.com" }
//! accounts = ["123456789012"]
//!
//! [[roles]]                       # step 3: least-privilege roles (and permission sets)
//! name = "orders-lambda"
//! trust = { preset = "service", service = "lambda.amazonaws.com" }
//! ```
//!
//! Loading checks everything a builder would, and a mistake names its line and field.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::apply::ApplyOptions;
use crate::aws::Aws;
use crate::error::{Error, PreconditionReason, Result, ValidationError, ValidationReason};
use crate::identity_center::{AdminProvisioning, IdentityCenterSpec};
use crate::names::AccountId;
use crate::ownership::SpecName;
use crate::plan::Plan;
use crate::policy::PolicyDocument;
use crate::roles::RoleSpec;
use crate::root::RootHardening;
use crate::stacksets::{StackSetApply, StackSetPlan};

/// Root hardening, the Identity Center administrator, more Identity Center content
/// (lesser-privilege permission sets and their assignments) and least-privilege roles.
///
/// ```
/// use iam_bootstrap::Bootstrap;
///
/// let spec = Bootstrap::from_toml_str(r#"
///     [[roles]]
///     name = "orders-lambda"
///     trust = { preset = "service", service = "lambda.amazonaws.com" }
/// "#)?;
/// assert_eq!(spec.roles().len(), 1);
///
/// let err = Bootstrap::from_toml_str("[[roles]]\nname = \"bad name\"\ntrust = { preset = \"same_account_with_mfa\", max_mfa_age_seconds = 3600 }").unwrap_err();
/// assert_eq!(err.field(), "roles[0].name");
/// assert_eq!(err.line(), Some(2));
/// assert!(matches!(err.reason(), iam_bootstrap::ValidationReason::Character { character: ' ', .. }));
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Bootstrap {
    /// The spec's name: what it creates is tagged with it, and it prunes and destroys only
    /// what carries it (see [`crate::ownership`]). [`DEFAULT_SPEC_NAME`](crate::ownership::DEFAULT_SPEC_NAME) when omitted.
    #[serde(default, skip_serializing_if = "SpecName::is_default")]
    pub name: SpecName,
    /// Whether a plan also deletes what this spec owns and no longer names (roles, customer
    /// managed policies, permission sets and their assignments, members of its groups). Applying such a plan needs
    /// [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prune: bool,
    /// Before step one: member accounts of the organization, created (the guide's "Sign up
    /// for an AWS account", the organization's way), placed in their OU and tagged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<crate::organization::AccountSpec>,
    /// Step one: the root user and account settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<RootHardening>,
    /// Step two: the administrator in IAM Identity Center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<AdminProvisioning>,
    /// More Identity Center content: lesser-privilege permission sets, groups, assignments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_center: Option<IdentityCenterSpec>,
    /// Step three: least-privilege IAM roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleSpec>,
    /// Step one across the organization: centralized root access enabled, member accounts'
    /// root users audited and the credential kinds opted into removed. Planned and applied
    /// beside the other steps ([`Bootstrap::plan_org_root`], [`Bootstrap::apply_org_root`]):
    /// [`Bootstrap::plan`] and [`Bootstrap::apply`] leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_root: Option<crate::org_root::OrgRootSpec>,
    /// Roles and customer managed policies in every account of some OUs, through
    /// service-managed CloudFormation StackSets (see [`crate::stacksets`]). Planned by
    /// [`Bootstrap::plan_stacksets`], beside the shared plan; [`Bootstrap::apply`] rolls
    /// them out (and waits for their operations) before the Identity Center step, so a
    /// permission set finds its customer managed policies in every account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stacksets: Vec<crate::stacksets::StackSetSection>,
}

/// The three steps of AWS's guide "Getting set up with IAM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuideStep {
    /// "Sign up for an AWS account", done in an organization: member accounts.
    Accounts,
    /// "Secure your AWS account root user".
    SecureRoot,
    /// "Create an administrative user" in IAM Identity Center.
    Administrator,
    /// "Prepare for least-privilege permissions".
    LeastPrivilege,
}

impl std::fmt::Display for GuideStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GuideStep::Accounts => "Step 0: accounts in the organization",
            GuideStep::SecureRoot => "Step 1: secure the root user",
            GuideStep::Administrator => "Step 2: an administrator in IAM Identity Center",
            GuideStep::LeastPrivilege => "Step 3: least-privilege permissions",
        })
    }
}

pub(crate) mod capture;
mod locate;

/// An error about the document as a whole or what the parser says about a key (syntax, an
/// unknown key, a value of the wrong type): no builder checked it, so its reason is the
/// parser's text.
fn spec_error(path: String, line: Option<usize>, message: String) -> ValidationError {
    let field = if path.is_empty() || path == "." {
        "spec".to_owned()
    } else {
        path
    };
    ValidationError::new(field, ValidationReason::SpecFile { message }).on_line(line)
}

/// A deserialization error at `path` whose text is `message`: the builder's own error (its
/// field put under `path`, located at its key's line) when a builder or a value's check
/// raised it, else the parser's.
fn load_error(
    path: &serde_path_to_error::Path,
    message: &str,
    parser_line: Option<usize>,
    locate: impl Fn(&str) -> Option<usize>,
) -> ValidationError {
    // serde_path_to_error shows the root as `.` and a key it never read (the text ended) as `?`.
    let path = match path.to_string() {
        root if root == "." => String::new(),
        path => path.trim_end_matches(".?").to_owned(),
    };
    match capture::take(message) {
        Some(err) => {
            let err = err.within(path);
            let line = locate(err.field()).or(parser_line);
            err.on_line(line)
        }
        None => {
            let line = parser_line.or_else(|| locate(&path));
            spec_error(path, line, message.to_owned())
        }
    }
}

impl Bootstrap {
    /// Parses and checks a TOML document.
    ///
    /// # Errors
    /// [`ValidationError`] whose field is the whole path of the value at fault
    /// (`roles[1].trust.repository`), whose reason is the one the builder gives, and whose
    /// [`line`](ValidationError::line) is that key's line.
    pub fn from_toml_str(text: &str) -> Result<Self, ValidationError> {
        let locate = |field: &str| locate::toml_line(text, field);
        let deserializer = toml::Deserializer::parse(text).map_err(|e| {
            spec_error(
                String::new(),
                e.span().map(|s| locate::line_of(text, s.start)),
                e.message().to_owned(),
            )
        })?;
        capture::clear();
        let spec: Bootstrap = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let line = e.inner().span().map(|s| locate::line_of(text, s.start));
            load_error(e.path(), e.inner().message(), line, locate)
        })?;
        spec.validate().map_err(|e| {
            let line = locate(e.field());
            e.on_line(line)
        })?;
        Ok(spec)
    }

    /// Parses and checks a JSON document.
    ///
    /// # Errors
    /// As [`Bootstrap::from_toml_str`].
    pub fn from_json_str(text: &str) -> Result<Self, ValidationError> {
        let locate = |field: &str| locate::json_line(text, field);
        // serde_json appends " at line L column C"; the line is reported separately.
        let parts = |e: &serde_json::Error| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            (message, Some(e.line()).filter(|l| *l > 0))
        };
        // serde's derived structs also read a JSON array, field by field: `[]` would be an
        // empty spec. A spec is an object.
        let start = text.trim_start();
        if !start.starts_with('{') {
            let line = locate::line_of(text, text.len() - start.len());
            return Err(spec_error(
                String::new(),
                Some(line),
                "expected a JSON object whose keys are the spec's sections".into(),
            ));
        }
        capture::clear();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let spec: Bootstrap = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let (message, line) = parts(e.inner());
            load_error(e.path(), &message, line, locate)
        })?;
        // Nothing may follow the document (`{} {}` is not a spec).
        deserializer.end().map_err(|e| {
            let (message, line) = parts(&e);
            spec_error(String::new(), line, message)
        })?;
        spec.validate().map_err(|e| {
            let line = locate(e.field());
            e.on_line(line)
        })?;
        Ok(spec)
    }

    /// The spec as TOML.
    ///
    /// # Errors
    /// If a value has no TOML form (it always has: the document is built from tables,
    /// strings, numbers and booleans).
    pub fn to_toml_string(&self) -> Result<String, ValidationError> {
        toml::to_string_pretty(self).map_err(|e| spec_error(String::new(), None, e.to_string()))
    }

    /// The least-privilege identity policy that lets a principal plan and apply this spec:
    /// the root audit's reads and the account settings it fixes, the Identity Center calls
    /// (and the IAM calls Identity Center makes for the caller when it provisions), and the
    /// spec's roles and their policies by name; and, for a prune or a destroy, listing every
    /// role and customer managed policy and deleting only those tagged with the spec's name;
    /// with member accounts, the Organizations reads and writes that create and place them;
    /// with `[[stacksets]]`, the organization's reads and the StackSet calls that roll them out.
    pub fn required_policy(&self) -> PolicyDocument {
        let roles: Vec<&RoleSpec> = self.roles.iter().collect();
        let policy = crate::manifest::required_policy(
            self.root.is_some(),
            self.admin.is_some() || self.identity_center.is_some(),
            &roles,
            &self.name,
        );
        if self.accounts.is_empty() && self.stacksets.is_empty() {
            return policy;
        }
        let mut statements = policy.statements().to_vec();
        if !self.accounts.is_empty() {
            statements.push(crate::manifest::organization_accounts_statement());
        }
        if !self.stacksets.is_empty() {
            statements.push(crate::manifest::stacksets_statement());
        }
        PolicyDocument::new(statements)
    }

    /// The least-privilege roles.
    pub fn roles(&self) -> &[RoleSpec] {
        &self.roles
    }

    /// Checks what a single section's own loading cannot: the root section's ranges, and
    /// that the admin preset and the Identity Center section do not both define the same
    /// user, group or permission set (they would both try to create it).
    ///
    /// # Errors
    /// [`ValidationError`] naming the field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(root) = &self.root {
            root.validate().map_err(|e| e.within("root"))?;
        }
        let (mut emails, mut names) = (BTreeSet::new(), BTreeSet::new());
        for (i, account) in self.accounts.iter().enumerate() {
            if !emails.insert(account.email().as_str().to_ascii_lowercase()) {
                return Err(ValidationError::new(
                    format!("accounts[{i}].email"),
                    ValidationReason::NotAllowed(format!("`{}` is used twice", account.email())),
                ));
            }
            if !names.insert(account.name().as_str().to_owned()) {
                return Err(ValidationError::new(
                    format!("accounts[{i}].name"),
                    ValidationReason::NotAllowed(format!("account `{}` is defined twice", account.name())),
                ));
            }
        }
        let mut roles = BTreeSet::new();
        for (i, role) in self.roles.iter().enumerate() {
            if !roles.insert(role.name().as_str().to_ascii_lowercase()) {
                return Err(ValidationError::new(
                    format!("roles[{i}].name"),
                    ValidationReason::NotAllowed(format!("role `{}` is defined twice", role.name())),
                ));
            }
        }
        if let Some(extra) = &self.identity_center {
            // One name and one prune switch for the whole spec: set at its top.
            if !extra.name().is_default() {
                return Err(ValidationError::new(
                    "identity_center.name",
                    ValidationReason::NotAllowed(
                        "set the spec's name at its top level (`name = ...`)".into(),
                    ),
                ));
            }
            if extra.prune() {
                return Err(ValidationError::new(
                    "identity_center.prune",
                    ValidationReason::NotAllowed("set `prune = true` at the spec's top level".into()),
                ));
            }
        }
        if let (Some(admin), Some(extra)) = (&self.admin, &self.identity_center) {
            let admin = admin.spec();
            let taken =
                |kind: &str, names: Vec<String>, others: Vec<String>| -> Result<(), ValidationError> {
                    let names: BTreeSet<String> = names.into_iter().map(|n| n.to_ascii_lowercase()).collect();
                    match others
                        .into_iter()
                        .find(|n| names.contains(&n.to_ascii_lowercase()))
                    {
                        Some(name) => Err(ValidationError::new(
                            format!("identity_center.{kind}"),
                            ValidationReason::NotAllowed(format!(
                                "`{name}` is already defined by the admin section"
                            )),
                        )),
                        None => Ok(()),
                    }
                };
            taken(
                "users",
                admin.users().iter().map(|u| u.user_name().to_string()).collect(),
                extra.users().iter().map(|u| u.user_name().to_string()).collect(),
            )?;
            taken(
                "groups",
                admin.groups().iter().map(|g| g.name().to_string()).collect(),
                extra.groups().iter().map(|g| g.name().to_string()).collect(),
            )?;
            taken(
                "permission_sets",
                admin
                    .permission_sets()
                    .iter()
                    .map(|p| p.name().to_string())
                    .collect(),
                extra
                    .permission_sets()
                    .iter()
                    .map(|p| p.name().to_string())
                    .collect(),
            )?;
        }
        let rollouts = self.rollouts()?;
        for (i, rollout) in rollouts.iter().enumerate() {
            if rollouts[..i].iter().any(|r| r.name() == rollout.name()) {
                return Err(ValidationError::new(
                    format!("stacksets[{i}].name"),
                    ValidationReason::NotAllowed(format!("StackSet `{}` is defined twice", rollout.name())),
                ));
            }
        }
        Ok(())
    }

    /// The `[[stacksets]]` entries as checked rollouts owned by this spec.
    ///
    /// # Errors
    /// [`ValidationError`] whose field is the entry's path (`stacksets[0].preferences.max_concurrent_percentage`).
    pub fn rollouts(&self) -> Result<Vec<crate::stacksets::OrgStackSet>, ValidationError> {
        let specs = self.identity_center_specs();
        let sets: Vec<&crate::identity_center::PermissionSetSpec> =
            specs.iter().flat_map(|s| s.permission_sets().iter()).collect();
        self.stacksets
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                entry
                    .rollout(&self.name, &sets)
                    .map_err(|e| e.within(format!("stacksets[{i}]")))
            })
            .collect()
    }

    /// Plans the `[[stacksets]]` rollouts (reads only), one [`StackSetPlan`] each, in the
    /// spec's order. They stay beside [`Bootstrap::plan`]'s shared plan (a StackSet
    /// rollout is applied and waited for as a whole, not as independent plan steps);
    /// [`Bootstrap::apply`] applies both, the rollouts first.
    ///
    /// # Errors
    /// A [`ValidationError`] of a spec built in code; backend errors from the reads.
    pub async fn plan_stacksets(&self, aws: &Aws) -> Result<Vec<StackSetPlan>> {
        let mut plans = Vec::with_capacity(self.stacksets.len());
        for rollout in self.rollouts()? {
            plans.push(rollout.plan(aws).await?);
        }
        Ok(plans)
    }

    /// Applies the StackSet stage: each rollout's plan, waiting for its operations; a
    /// rollout that leaves an account failed stops here, before the Identity Center step.
    async fn apply_stacksets(&self, aws: &Aws, options: &ApplyOptions) -> Result<crate::plan::Outcome> {
        let mut outcome = crate::plan::Outcome::default();
        let apply = StackSetApply::new().allow_deletions(options.deletions_allowed());
        for plan in self.plan_stacksets(aws).await? {
            if plan.is_empty() {
                continue;
            }
            let done = plan.apply_with(aws, apply).await?;
            merge_calls(&mut outcome.calls, done.calls.clone());
            if !done.is_success() {
                let mut accounts: Vec<AccountId> = done.failed().map(|a| a.account.clone()).collect();
                accounts.dedup();
                let names: Vec<String> = accounts.iter().map(ToString::to_string).collect();
                return Err(Error::Precondition {
                    problem: format!(
                        "StackSet {} did not reach every account (failed: {}); the Identity Center step was not started",
                        plan.stack_set,
                        if names.is_empty() {
                            "the operation itself".to_owned()
                        } else {
                            names.join(", ")
                        }
                    ),
                    remedy: "fix the cause CloudFormation reports for those accounts, then apply again"
                        .into(),
                    reason: PreconditionReason::StackSetRolloutFailed {
                        stack_set: plan.stack_set.to_string(),
                        accounts,
                    },
                });
            }
            outcome.applied.push(format!(
                "roll out StackSet {}: {} instance(s) added, {} updated, {} retried, {} removed",
                plan.stack_set,
                plan.add.len(),
                plan.update.len(),
                plan.retry.len(),
                plan.remove.len()
            ));
        }
        Ok(outcome)
    }

    /// Plans all three steps against the account, reading only. The plans are merged in
    /// dependency order (root, Identity Center, roles); [`Plan::apply`] then runs
    /// independent changes concurrently.
    ///
    /// # Errors
    /// The first section that cannot be planned (see each section's `plan`).
    pub async fn plan(&self, aws: &Aws) -> Result<Plan> {
        let mut plan = Plan::default();
        for (_, step) in self.plan_steps(aws).await? {
            plan.extend(step);
        }
        Ok(plan)
    }

    /// Like [`Bootstrap::plan`], one plan per step of the guide (for printing them apart).
    ///
    /// # Errors
    /// As [`Bootstrap::plan`].
    pub async fn plan_steps(&self, aws: &Aws) -> Result<Vec<(GuideStep, Plan)>> {
        let accounts = crate::organization::plan_accounts(aws, &self.accounts).await?;
        let mut root = Plan::default();
        if let Some(spec) = &self.root {
            root.extend(spec.plan(aws).await?);
        }
        let mut identity_center = Plan::default();
        // The sets this spec creates carry the bootstrap's name.
        for spec in self.identity_center_specs() {
            identity_center.extend(spec.plan_owned(aws, &self.name).await?);
        }
        let specs = self.identity_center_specs();
        let removals = specs
            .iter()
            .any(|s| !s.remove_users().is_empty() || !s.remove_groups().is_empty());
        // A spec without Identity Center sections reads no instance (it may have none).
        if (self.prune || removals) && !specs.is_empty() {
            let scope = if self.prune {
                crate::identity_center::Scope::Prune
            } else {
                crate::identity_center::Scope::Removals
            };
            identity_center
                .extend(crate::identity_center::plan_retirement(aws, &specs, &self.name, scope).await?);
        }
        let mut roles = Plan::default();
        for (i, role) in self.roles.iter().enumerate() {
            // A check that needs the account (the attachment quota) names the role's entry.
            let plan = role.plan_for_spec(aws, &self.name).await.map_err(|e| match e {
                crate::Error::Validation(e) => crate::Error::Validation(e.within(format!("roles[{i}]"))),
                e => e,
            })?;
            roles.extend(plan);
        }
        if self.prune {
            roles.extend(crate::roles::retire::plan(aws, &self.name, &self.keep(aws).await?).await?);
        }
        let mut steps = Vec::with_capacity(4);
        if !self.accounts.is_empty() {
            steps.push((GuideStep::Accounts, accounts));
        }
        steps.extend([
            (GuideStep::SecureRoot, root),
            (GuideStep::Administrator, identity_center),
            (GuideStep::LeastPrivilege, roles),
        ]);
        Ok(steps)
    }

    /// Plans and applies the spec in stages, so the accounts it creates can be targeted
    /// by the same spec: first its [`accounts`](Bootstrap::accounts) (created, waited for,
    /// placed and tagged), then its [`stacksets`](Bootstrap::stacksets) rollouts (each
    /// operation waited for, so a permission set finds its customer managed policies in
    /// every account), then every other step, planned only once they exist and are in
    /// place (account selectors resolve after creation). A spec without accounts and
    /// StackSets, or whose accounts are all as it says, is planned and applied once, like
    /// `plan` then [`Plan::apply_with`].
    ///
    /// ```
    /// # async fn demo() -> iam_bootstrap::Result<()> {
    /// use iam_bootstrap::client::{memory::OrganizationTree, InMemory};
    /// use iam_bootstrap::{ApplyOptions, Aws, Bootstrap};
    ///
    /// let aws = Aws::in_memory(InMemory::builder().organization(OrganizationTree::new().ou("/Sandbox")).build());
    /// let spec = Bootstrap::from_toml_str(r#"
    ///     [[accounts]]
    ///     name = "sandbox-1"
    ///     email = "aws+sandbox-1@example.com"
    ///     ou = "Root/Sandbox"
    /// "#)?;
    /// let outcome = spec.apply(&aws, ApplyOptions::default()).await?;
    /// assert_eq!(outcome.applied, ["create account `sandbox-1` (aws+sandbox-1@example.com) in Root/Sandbox"]);
    /// assert!(spec.plan(&aws).await?.is_empty(), "found again by its email");
    /// # Ok(())
    /// # }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
    /// ```
    ///
    /// # Errors
    /// As [`Bootstrap::plan`] and [`Plan::apply_with`]; a failed creation is
    /// [`Error::AccountCreationFailed`](crate::Error::AccountCreationFailed) (inside
    /// [`Error::Apply`](crate::Error::Apply)) with the typed reason; a StackSet rollout that
    /// leaves accounts failed is [`PreconditionReason::StackSetRolloutFailed`] naming them,
    /// and nothing after it starts.
    pub async fn apply(&self, aws: &Aws, options: ApplyOptions) -> Result<crate::plan::Outcome> {
        // Moves and tags change what OU and tag selectors reach, as creations do.
        let accounts = crate::organization::plan_accounts(aws, &self.accounts).await?;
        if accounts.is_empty() && self.stacksets.is_empty() {
            return self.plan(aws).await?.apply_with(aws, options).await;
        }
        let mut outcome = crate::plan::Outcome::default();
        if !accounts.is_empty() {
            outcome = accounts.apply_with(aws, options.clone()).await?;
        }
        // The StackSets before Identity Center: a permission set's customer managed
        // policies must exist in an account before the set is provisioned there.
        let stacksets = self.apply_stacksets(aws, &options).await?;
        let rest = self.plan(aws).await?.apply_with(aws, options).await?;
        for stage in [stacksets, rest] {
            outcome.applied.extend(stage.applied);
            merge_calls(&mut outcome.calls, stage.calls);
        }
        Ok(outcome)
    }

    /// Plans the `[org_root]` section (reads only; `None` without one): the enable steps,
    /// then the audit or the removals (see [`OrgRootSpec::plan`](crate::org_root::OrgRootSpec::plan)).
    /// Its plan stands beside [`Bootstrap::plan`]'s: removals are per member account, each
    /// in its own `AssumeRoot` session with its own result.
    ///
    /// ```
    /// # async fn demo() -> iam_bootstrap::Result<()> {
    /// use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
    /// use iam_bootstrap::{client::InMemory, names::AccountId, Aws, Bootstrap};
    ///
    /// let tree = OrganizationTree::new()
    ///     .account(MemberAccount::new(AccountId::new("111111111111")?, "prod").root_user(MemberRoot::with_password()));
    /// let aws = Aws::in_memory(InMemory::builder().organization(tree).build());
    /// let spec = Bootstrap::from_toml_str("[org_root]\nenable = true\nremove = [\"login-profile\"]\n")?;
    /// let plan = spec.plan_org_root(&aws).await?.expect("the spec has the section");
    /// spec.apply_org_root(&aws, &plan).await?;
    /// assert!(spec.plan_org_root(&aws).await?.expect("still there").is_empty(), "converged");
    /// # Ok(())
    /// # }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
    /// ```
    ///
    /// # Errors
    /// As [`OrgRootSpec::plan`](crate::org_root::OrgRootSpec::plan).
    pub async fn plan_org_root(&self, aws: &Aws) -> Result<Option<crate::org_root::OrgRootPlan>> {
        match &self.org_root {
            Some(section) => Ok(Some(section.plan(aws).await?)),
            None => Ok(None),
        }
    }

    /// Applies a plan of [`Bootstrap::plan_org_root`] (nothing without the section).
    ///
    /// # Errors
    /// As [`OrgRootSpec::apply`](crate::org_root::OrgRootSpec::apply).
    pub async fn apply_org_root(
        &self,
        aws: &Aws,
        plan: &crate::org_root::OrgRootPlan,
    ) -> Result<crate::org_root::OrgRootOutcome> {
        match &self.org_root {
            Some(section) => section.apply(aws, plan).await,
            None => Ok(crate::org_root::OrgRootOutcome::default()),
        }
    }

    /// The admin preset's spec and the Identity Center section, whichever the spec has.
    fn identity_center_specs(&self) -> Vec<&IdentityCenterSpec> {
        self.admin
            .iter()
            .map(AdminProvisioning::spec)
            .chain(self.identity_center.iter())
            .collect()
    }

    /// What this spec still names, which a prune keeps: its roles and their customer
    /// managed policies.
    async fn keep(&self, aws: &Aws) -> Result<crate::roles::retire::Keep> {
        let mut keep = crate::roles::retire::Keep::default();
        let account = aws.account_id().await?;
        for role in &self.roles {
            keep.role(role.name());
            for index in 0..role.customer_policies.len() {
                if let Some(arn) = role.customer_policy_arn(&account, index) {
                    keep.policy(arn);
                }
            }
        }
        Ok(keep)
    }

    /// A plan that deletes everything this spec owns (tagged with its
    /// [`name`](Bootstrap::name)), in reverse dependency order, and nothing else: resources
    /// made by hand or by another spec stay. In Identity Center (see
    /// [`IdentityCenterSpec::destroy_plan`]): the assignments of its permission sets, the
    /// memberships it lists, then the sets, and the users and groups it lists for removal;
    /// then its roles and the customer managed policies they used. Reads only; applying it
    /// needs [`ApplyOptions::allow_deletions`](crate::ApplyOptions::allow_deletions).
    ///
    /// Account settings (the password policy, the alias) are left as they are, and so are
    /// the identity-store users and groups the spec creates (nothing can mark them as the
    /// spec's: list them for removal to delete them).
    ///
    /// ```
    /// # async fn demo() -> iam_bootstrap::Result<()> {
    /// use iam_bootstrap::{client::InMemory, ApplyOptions, Aws, Bootstrap};
    ///
    /// let aws = Aws::in_memory(InMemory::new());
    /// let spec = Bootstrap::from_toml_str(r#"
    ///     name = "team-a"
    ///     [[roles]]
    ///     name = "orders-lambda"
    ///     trust = { preset = "service", service = "lambda.amazonaws.com" }
    /// "#)?;
    /// spec.plan(&aws).await?.apply(&aws).await?;
    ///
    /// let destroy = spec.destroy_plan(&aws).await?;
    /// assert_eq!(destroy.deletions(), 1);
    /// assert!(destroy.apply(&aws).await.is_err(), "deletions need an explicit opt-in");
    /// destroy.apply_with(&aws, ApplyOptions::default().allow_deletions(true)).await?;
    /// assert!(spec.destroy_plan(&aws).await?.is_empty());
    /// # Ok(())
    /// # }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
    /// ```
    ///
    /// # Errors
    /// Backend errors from the reads.
    pub async fn destroy_plan(&self, aws: &Aws) -> Result<Plan> {
        let mut plan = Plan::default();
        let specs = self.identity_center_specs();
        if !specs.is_empty() {
            plan.extend(
                crate::identity_center::plan_retirement(
                    aws,
                    &specs,
                    &self.name,
                    crate::identity_center::Scope::Destroy,
                )
                .await?,
            );
        }
        plan.extend(
            crate::roles::retire::plan(aws, &self.name, &crate::roles::retire::Keep::default()).await?,
        );
        Ok(plan)
    }
}

/// Adds `more`'s call counts to `calls`.
fn merge_calls(calls: &mut crate::client::layer::CallStats, more: crate::client::layer::CallStats) {
    for (operation, stats) in more.by_operation {
        let sum = calls.by_operation.entry(operation).or_default();
        sum.calls += stats.calls;
        sum.errors += stats.errors;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STARTER: &str = include_str!("../../examples/specs/starter.toml");

    #[test]
    fn the_starter_spec_loads_and_round_trips() {
        let spec = Bootstrap::from_toml_str(STARTER).unwrap();
        assert!(spec.root.is_some() && spec.admin.is_some() && spec.identity_center.is_some());
        assert!(spec.roles.len() >= 3);
        let toml = spec.to_toml_string().unwrap();
        assert_eq!(Bootstrap::from_toml_str(&toml).unwrap(), spec);
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(Bootstrap::from_json_str(&json).unwrap(), spec);
    }

    fn error(text: &str) -> ValidationError {
        Bootstrap::from_toml_str(text).unwrap_err()
    }

    #[test]
    fn the_starter_accounts_section_loads_when_uncommented() {
        let section: String = STARTER
            .lines()
            .skip_while(|l| !l.starts_with("# [[accounts]]"))
            .take_while(|l| l.starts_with("# "))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let spec = Bootstrap::from_toml_str(&section).unwrap();
        assert_eq!(spec.accounts.len(), 1);
        assert_eq!(
            spec.accounts[0].ou().map(ToString::to_string).as_deref(),
            Some("Root/Workloads/Prod")
        );
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let err = error("[root]\naccount_alias = \"Not Valid\"\n");
        assert_eq!((err.field(), err.line()), ("root.account_alias", Some(2)));
        assert!(
            matches!(err.reason(), ValidationReason::Character { character: 'N', .. }),
            "{err}"
        );

        // The builder's error, under the entry's path, at its key's own line (not the header's).
        let err = error(
            "\n\n[[roles]]\nname = \"ci\"\ntrust = { preset = \"github_actions\", repository = \"nope\", subject = \"refs/heads/main\" }\n",
        );
        assert_eq!((err.field(), err.line()), ("roles[0].trust.repository", Some(5)));
        assert!(matches!(err.reason(), ValidationReason::Format { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("invalid roles[0].trust.repository: line 5: expected "),
            "{err}"
        );

        let err = error(
            "[[roles]]\nname = \"a\"\ntrust = { preset = \"service\", service = \"lambda.amazonaws.com\" }\n[[roles]]\ntrust = { preset = \"service\", service = \"lambda.amazonaws.com\" }\nname = \"bad name\"\n",
        );
        assert_eq!((err.field(), err.line()), ("roles[1].name", Some(6)));

        let err = error(
            "[admin]\naccounts = [\n  \"111111111111\",\n  \"12\",\n]\n[admin.user]\nuser_name = \"x\"\ngiven_name = \"A\"\nfamily_name = \"B\"\nemail = \"a@example.com\"\n",
        );
        assert_eq!((err.field(), err.line()), ("admin.accounts[1]", Some(4)));
        assert!(
            matches!(
                err.reason(),
                ValidationReason::Length { .. } | ValidationReason::Format { .. }
            ),
            "{err}"
        );

        let err = error("[root.password_policy]\nrequire_symbols = true\nminimum_password_length = 3\n");
        assert_eq!(
            (err.field(), err.line()),
            ("root.password_policy.minimum_password_length", Some(3))
        );
        assert!(
            matches!(err.reason(), ValidationReason::Range { actual: 3, .. }),
            "{err}"
        );

        let err = error("colour = \"red\"\n");
        assert_eq!(err.line(), Some(1));
        assert!(matches!(err.reason(), ValidationReason::SpecFile { .. }), "{err}");
        assert!(err.to_string().contains("colour"), "{err}");

        let err = error("[root\n");
        assert_eq!((err.field(), err.line()), ("spec", Some(1)));

        let json =
            Bootstrap::from_json_str("{\"roles\": [{\"name\": \"x\",\n \"trust\": {\"preset\": \"nope\"}}]}")
                .unwrap_err();
        assert!(json.field().starts_with("roles[0]"), "{json}");
        assert_eq!(json.line(), Some(2), "{json}");

        let json = Bootstrap::from_json_str(
            "{\"roles\": [{\"trust\": {\"preset\": \"service\", \"service\": \"lambda.amazonaws.com\"},\n \"name\": \"a b\"}]}",
        )
        .unwrap_err();
        assert_eq!((json.field(), json.line()), ("roles[0].name", Some(2)));
        assert!(
            matches!(json.reason(), ValidationReason::Character { character: ' ', .. }),
            "{json}"
        );

        // Only an object, and nothing after it, is a JSON spec (issue #9's catalog found both).
        for text in ["[]", "  \n[{}]", "\"roles\"", "{} {}", "{}\n[]"] {
            let err = Bootstrap::from_json_str(text).unwrap_err();
            assert_eq!(err.field(), "spec", "{text}: {err}");
        }
        assert_eq!(
            Bootstrap::from_json_str("[]").unwrap_err().to_string(),
            "invalid spec: line 1: expected a JSON object whose keys are the spec's sections"
        );
        assert!(Bootstrap::from_json_str(" {}\n").is_ok());
    }

    #[test]
    fn sections_may_not_define_the_same_thing_twice() {
        let text = r#"
[admin]
user = { user_name = "admin", given_name = "A", family_name = "B", email = "a@example.com" }
accounts = ["123456789012"]

[identity_center]
groups = [{ name = "administrators" }]
"#;
        let err = error(text);
        assert_eq!(err.field(), "identity_center.groups");
        let twice = "[[roles]]\nname = \"a\"\ntrust = { preset = \"service\", service = \"lambda.amazonaws.com\" }\n[[roles]]\nname = \"A\"\ntrust = { preset = \"service\", service = \"lambda.amazonaws.com\" }\n";
        assert_eq!(error(twice).field(), "roles[1].name");
    }
}
