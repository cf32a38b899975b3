//! The engine every capability shares: a [`Plan`] is computed by reading only, reviewed as
//! data (text or JSON), then applied change by change.
//!
//! - `spec.plan(&aws)` reads the account and returns the [`Change`]s that would converge it,
//!   the [`ManualStep`]s no API can do, and the audit [`Finding`]s.
//! - [`Plan::apply`] writes, in order, and stops at the first failure with
//!   [`Error::Apply`](crate::Error::Apply) naming the step. Re-planning after a failure picks up from where the
//!   account is: every change is computed against what was read, so nothing is done twice.
//! - A converged account plans to nothing: [`Plan::is_empty`], and applying it makes no call.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::apply::ApplyOptions;
use crate::aws::Aws;
use crate::client::layer::CallStats;
use crate::error::{Result, ValidationError, ValidationReason};
use crate::identity_center::IdentityCenterChange;
pub use crate::observe::Observation;
use crate::protocol::{ApplyContext, Lane, Stage};
use crate::roles::RoleChange;
use crate::root::RootChange;

/// One write the plan will make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "capability", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// Root user and account hardening.
    Root(RootChange),
    /// Identity Center: users, groups, permission sets, assignments, provisioning (boxed:
    /// its changes carry whole permission sets).
    IdentityCenter(Box<IdentityCenterChange>),
    /// Least-privilege IAM roles and their policies.
    Role(RoleChange),
    /// Member accounts of the organization: created, moved into their OU, tagged.
    Organization(crate::organization::OrganizationChange),
}

impl Change {
    /// Carries the change out (the engine's part of the protocol: see [`crate::protocol`]).
    pub(crate) async fn apply(&self, aws: &Aws, context: &ApplyContext) -> Result<()> {
        match self {
            Change::Root(change) => change.apply(aws, context).await,
            Change::IdentityCenter(change) => change.apply(aws, context).await,
            Change::Role(change) => change.apply(aws, context).await,
            Change::Organization(change) => change.apply(aws).await,
        }
    }
}

impl Change {
    /// When the change can run: every change it depends on is in an earlier stage.
    pub(crate) fn stage(&self) -> Stage {
        match self {
            Change::Root(change) => change.stage(),
            Change::IdentityCenter(change) => change.stage(),
            Change::Role(change) => change.stage(),
            Change::Organization(change) => change.stage(),
        }
    }

    /// The resource the change writes; changes of one lane run in plan order.
    pub(crate) fn lane(&self) -> Lane {
        match self {
            Change::Root(change) => change.lane(),
            Change::IdentityCenter(change) => change.lane(),
            Change::Role(change) => change.lane(),
            Change::Organization(change) => change.lane(),
        }
    }

    /// Whether the change deletes a resource: a prune or a destroy planned it, and applying
    /// it needs [`ApplyOptions::allow_deletions`]. (Converging a resource the spec names,
    /// such as detaching a policy the spec no longer lists from a role, is not a deletion.)
    pub fn is_deletion(&self) -> bool {
        match self {
            Change::Role(change) => change.is_deletion(),
            Change::IdentityCenter(change) => change.is_deletion(),
            Change::Root(_) | Change::Organization(_) => false,
        }
    }

    /// A fingerprint of the resource the change writes, as it is now (one read), or `None`
    /// when the change needs no check (it is idempotent whatever the state).
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        match self {
            Change::Root(change) => change.observe(aws).await,
            Change::IdentityCenter(change) => change.observe(aws).await,
            Change::Role(change) => change.observe(aws).await,
            Change::Organization(change) => change.observe(aws).await,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Root(change) => change.fmt(f),
            Change::IdentityCenter(change) => change.fmt(f),
            Change::Role(change) => change.fmt(f),
            Change::Organization(change) => change.fmt(f),
        }
    }
}

impl From<RoleChange> for Change {
    fn from(change: RoleChange) -> Self {
        Change::Role(change)
    }
}

impl From<crate::organization::OrganizationChange> for Change {
    fn from(change: crate::organization::OrganizationChange) -> Self {
        Change::Organization(change)
    }
}

impl From<RootChange> for Change {
    fn from(change: RootChange) -> Self {
        Change::Root(change)
    }
}

impl From<IdentityCenterChange> for Change {
    fn from(change: IdentityCenterChange) -> Self {
        Change::IdentityCenter(Box::new(change))
    }
}

/// Something a person has to do because no API can (root MFA is console-only), with the
/// check a later audit uses to confirm it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManualStep {
    /// A stable identifier (`root-mfa`).
    pub id: String,
    /// One line saying what to do.
    pub title: String,
    /// Numbered instructions.
    pub instructions: Vec<String>,
    /// How the library verifies it (what the next audit reads).
    pub verification: String,
}

impl ManualStep {
    /// A step for a person: its stable `id`, a title, what to do, and how to verify it.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        instructions: Vec<String>,
        verification: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            instructions,
            verification: verification.into(),
        }
    }
}

impl fmt::Display for ManualStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "[manual] {}", self.title)?;
        for (n, step) in self.instructions.iter().enumerate() {
            writeln!(f, "    {}. {step}", n + 1)?;
        }
        write!(f, "    verified by: {}", self.verification)
    }
}

/// How serious an audit [`Finding`] is. The policy linter's scale is a different one,
/// [`LintSeverity`](crate::policy::LintSeverity) (Access Analyzer's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    /// Fix now: the account can be taken over.
    Critical,
    /// Fix soon.
    High,
    /// Worth fixing.
    Medium,
    /// Hygiene.
    Low,
    /// For information.
    Informational,
}

impl fmt::Display for FindingSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`, so the widths `Finding` prints with (`{:<7}`) apply.
        f.pad(match self {
            FindingSeverity::Critical => "critical",
            FindingSeverity::High => "high",
            FindingSeverity::Medium => "medium",
            FindingSeverity::Low => "low",
            FindingSeverity::Informational => "informational",
        })
    }
}

/// The old name of [`FindingSeverity`].
#[deprecated(
    since = "0.2.0",
    note = "renamed to `FindingSeverity` (the lint scale is `LintSeverity`)"
)]
pub type Severity = FindingSeverity;

/// Whether a check passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    /// The account meets the control.
    Pass,
    /// The account does not meet the control.
    Fail,
    /// The evidence needed is not available; never reported as a pass.
    Unknown,
    /// The control does not apply (root MFA when the root user has no credential for it to
    /// protect); the evidence says why. Neither a pass nor a failure.
    #[serde(rename = "not_applicable")]
    NotApplicable,
}

impl fmt::Display for FindingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`, so the widths `Finding` prints with (`{:<7}`) apply.
        f.pad(match self {
            FindingStatus::Pass => "PASS",
            FindingStatus::Fail => "FAIL",
            FindingStatus::Unknown => "UNKNOWN",
            FindingStatus::NotApplicable => "N/A",
        })
    }
}

/// The result of one audit check, mapped to the benchmarks people report against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// A stable identifier (`root-mfa-enabled`).
    pub id: String,
    /// Pass, fail or unknown.
    pub status: FindingStatus,
    /// How serious a failure is.
    pub severity: FindingSeverity,
    /// What the check verifies.
    pub title: String,
    /// What was read that decided the status.
    pub evidence: String,
    /// CIS AWS Foundations Benchmark controls (`1.5`).
    pub cis: Vec<String>,
    /// The prowler checks that correspond (`iam_root_mfa_enabled`).
    pub prowler: Vec<String>,
    /// Every CIS control that corresponds, each naming its benchmark version
    /// (`CIS AWS Foundations Benchmark v3.0.0 1.5`), since control numbers change between
    /// versions.
    #[serde(default)]
    pub cis_controls: Vec<String>,
}

impl Finding {
    /// A finding of the check `id`, with no CIS or Prowler references.
    pub fn new(
        id: impl Into<String>,
        status: FindingStatus,
        severity: FindingSeverity,
        title: impl Into<String>,
        evidence: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            status,
            severity,
            title: title.into(),
            evidence: evidence.into(),
            cis: Vec::new(),
            prowler: Vec::new(),
            cis_controls: Vec::new(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{:<7}] {:<13} {} — {}",
            self.status, self.severity, self.title, self.evidence
        )?;
        if !self.cis.is_empty() {
            write!(f, " (CIS {})", self.cis.join(", "))?;
        }
        Ok(())
    }
}

/// How plan text marks a change that deletes a resource.
pub const DELETION_MARKER: &str = "[DELETE] ";

/// Where a [`Plan`] came from, which decides whether applying it first checks the account
/// against what the plan saw (the rule Terraform applies to saved plans).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlanOrigin {
    /// Computed by a `plan` method in this process (or built in code): its reads were just
    /// made, so [`Plan::apply`] writes without reading the resources again.
    #[default]
    Planned,
    /// Deserialized: [`Plan::from_json`] or any serde deserializer (Python: `Plan.from_json`,
    /// unpickling). Made elsewhere or earlier, so [`Plan::apply`] first reads every resource
    /// the plan writes again and refuses with [`Error::StalePlan`](crate::Error::StalePlan),
    /// before any write, if one changed.
    Loaded,
}

/// What every deserialized plan is (the origin is never read from the document itself).
fn loaded() -> PlanOrigin {
    PlanOrigin::Loaded
}

/// What a plan would do: changes to apply, steps for a person, findings of the audit,
/// and what it saw of the resources it writes (so a saved plan can be applied later
/// safely: see [`Plan::from_json`]).
///
/// Two plans are equal when their content is (changes, manual steps, findings,
/// observations), whatever their [`origin`](Plan::origin).
///
/// # Example
///
/// Plan in CI, save the plan for review, apply the reviewed plan later:
///
/// ```
/// use iam_bootstrap::roles::{RoleSpec, Trust};
/// use iam_bootstrap::{Aws, InMemory, Plan, PlanOrigin};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let spec = RoleSpec::builder("orders-lambda")
///     .trust(Trust::service("lambda.amazonaws.com"))
///     .build()?;
/// let plan = spec.plan(&aws).await?;
/// println!("{plan}"); // the changes, numbered, for a person to read
/// let saved = plan.to_json().unwrap();
///
/// let reviewed = Plan::from_json(&saved)?;
/// assert_eq!(reviewed.origin, PlanOrigin::Loaded); // checked against the account first
/// let outcome = reviewed.apply(&aws).await?;
/// assert!(outcome.applied[0].starts_with("create role"));
/// assert!(spec.plan(&aws).await?.is_empty()); // converged
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// Writes, in the order they will be made.
    pub changes: Vec<Change>,
    /// What a person must do by hand.
    pub manual_steps: Vec<ManualStep>,
    /// What the audit found.
    pub findings: Vec<Finding>,
    /// A fingerprint of each resource the changes write, as the plan read it (recorded from
    /// planning's own reads). Applying a [`PlanOrigin::Loaded`] plan reads them again first
    /// and refuses a plan the account has moved away from
    /// ([`Error::StalePlan`](crate::Error::StalePlan)); a fresh plan is applied as it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Observation>,
    /// How each account selector (an OU, a tag, the organization) resolved: the accounts
    /// the changes reach, and those skipped because they are not ACTIVE.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selections: Vec<crate::organization::SelectorResolution>,
    /// Where the plan came from: [`PlanOrigin::Planned`] for a plan just computed (applied
    /// as it is), [`PlanOrigin::Loaded`] for a deserialized one (checked against the account
    /// before the first write). Not part of the JSON form: every deserialized plan is
    /// `Loaded`. [`ApplyOptions::check_observed`] overrides the rule either way.
    #[serde(skip, default = "loaded")]
    pub origin: PlanOrigin,
}

impl PartialEq for Plan {
    fn eq(&self, other: &Self) -> bool {
        // Exhaustive, so a new field is a compile error here rather than silently ignored.
        let Plan {
            changes,
            manual_steps,
            findings,
            observed,
            selections,
            origin: _,
        } = self;
        *changes == other.changes
            && *manual_steps == other.manual_steps
            && *findings == other.findings
            && *observed == other.observed
            && *selections == other.selections
    }
}

impl Plan {
    /// A plan of these changes, nothing else ([`PlanOrigin::Planned`]); set the other
    /// public fields to add manual steps or findings.
    pub fn new(changes: Vec<Change>) -> Self {
        Self {
            changes,
            ..Self::default()
        }
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes delete a resource (see [`Change::is_deletion`]).
    pub fn deletions(&self) -> usize {
        self.changes.iter().filter(|c| c.is_deletion()).count()
    }

    /// Appends another plan's changes, manual steps, findings and observations. A resource
    /// both plans observed keeps this plan's (earlier) fingerprint; if either plan was
    /// [`PlanOrigin::Loaded`], so is the result (a loaded part is still checked).
    pub fn extend(&mut self, other: Plan) {
        if other.origin == PlanOrigin::Loaded {
            self.origin = PlanOrigin::Loaded;
        }
        self.changes.extend(other.changes);
        self.manual_steps.extend(other.manual_steps);
        self.findings.extend(other.findings);
        self.selections.extend(other.selections);
        for observation in other.observed {
            if !self.observed.iter().any(|o| o.resource == observation.resource) {
                self.observed.push(observation);
            }
        }
    }

    /// Reads a plan saved with [`Plan::to_json`] (planned in CI, reviewed, applied later).
    /// The plan is [`PlanOrigin::Loaded`]: applying it first reads every resource it writes
    /// (one read each) and refuses with [`Error::StalePlan`](crate::Error::StalePlan),
    /// writing nothing, if the account no longer is as the plan saw it.
    ///
    /// ```
    /// # async fn demo() -> iam_bootstrap::Result<()> {
    /// use iam_bootstrap::roles::{RoleSpec, Trust};
    /// use iam_bootstrap::{client::InMemory, Aws, Plan};
    ///
    /// let aws = Aws::in_memory(InMemory::new());
    /// let spec = RoleSpec::builder("deployer")
    ///     .trust(Trust::service("lambda.amazonaws.com"))
    ///     .build()?;
    /// let saved = spec.plan(&aws).await?.to_json().expect("plans serialize");
    /// // ... reviewed, approved ...
    /// let outcome = Plan::from_json(&saved)?.apply(&aws).await?;
    /// assert_eq!(outcome.applied.len(), 1);
    /// # Ok(())
    /// # }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(demo()).unwrap();
    /// ```
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) (field `plan`) if `json` is not a plan.
    pub fn from_json(json: &str) -> Result<Plan> {
        serde_json::from_str(json).map_err(|err| {
            ValidationError::new(
                "plan",
                ValidationReason::SpecFile {
                    message: err.to_string(),
                },
            )
            .on_line(Some(err.line()))
            .into()
        })
    }

    /// Records what the account looks like for every resource the changes write (one read
    /// each), replacing [`observed`](Self::observed). Every capability's `plan` records
    /// this from the reads it makes anyway (no extra call); call it after building a plan
    /// by hand, before saving it.
    ///
    /// # Errors
    /// Backend errors from the reads.
    pub async fn observe(&mut self, aws: &Aws) -> Result<()> {
        crate::observe::record(self, aws).await
    }

    /// The plan as pretty-printed JSON.
    ///
    /// # Errors
    /// Only if serde_json fails, which plans (strings, numbers, string-keyed maps) do not cause.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }

    /// Applies the changes with the default [`ApplyOptions`] (independent changes
    /// concurrently, dependent ones in plan order) and stops at the first failure. A
    /// [`PlanOrigin::Loaded`] plan is first checked against the account (see
    /// [`Plan::from_json`]); a plan just computed is not read again.
    ///
    /// # Errors
    /// [`Error::Apply`](crate::Error::Apply) with the zero-based step that failed; changes that do not depend on
    /// it may have been applied too (the outcome of a re-plan shows exactly what is left).
    /// [`Error::StalePlan`](crate::Error::StalePlan) for a loaded plan the account moved
    /// away from (nothing written).
    pub async fn apply(&self, aws: &Aws) -> Result<Outcome> {
        crate::apply::apply(self, aws, &ApplyOptions::default()).await
    }

    /// Applies the changes as `options` say (concurrency, progress events).
    ///
    /// # Errors
    /// As [`Plan::apply`].
    pub async fn apply_with(&self, aws: &Aws, options: ApplyOptions) -> Result<Outcome> {
        crate::apply::apply(self, aws, &options).await
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.findings.is_empty() {
            writeln!(f, "Findings:")?;
            for finding in &self.findings {
                writeln!(f, "  {finding}")?;
            }
        }
        if !self.selections.is_empty() {
            writeln!(f, "Accounts selected:")?;
            for selection in &self.selections {
                writeln!(f, "  {selection}")?;
            }
        }
        if self.changes.is_empty() {
            writeln!(f, "No changes: the account already matches the spec.")?;
        } else {
            writeln!(f, "Changes ({}):", self.changes.len())?;
            for (n, change) in self.changes.iter().enumerate() {
                let marker = if change.is_deletion() { DELETION_MARKER } else { "" };
                writeln!(f, "  {}. {marker}{change}", n + 1)?;
            }
            let deletions = self.deletions();
            if deletions > 0 {
                writeln!(
                    f,
                    "{deletions} change(s) marked {DELETION_MARKER}delete resources this spec owns (a prune, \
                     a destroy or a removal it lists); they run after every other change, in reverse dependency order \
                     (account assignments and group memberships, then the permission sets, users and \
                     groups; roles, then the policies they used), and applying them needs allow_deletions."
                )?;
            }
        }
        if !self.manual_steps.is_empty() {
            writeln!(f, "Manual steps ({}):", self.manual_steps.len())?;
            for step in &self.manual_steps {
                writeln!(f, "  {step}")?;
            }
        }
        Ok(())
    }
}

/// What [`Plan::apply`] did.
///
/// # Example
///
/// ```
/// use iam_bootstrap::{Aws, InMemory, PasswordPolicy};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let aws = Aws::in_memory(InMemory::new());
/// let outcome = PasswordPolicy::cis().plan(&aws).await?.apply(&aws).await?;
/// assert_eq!(outcome.applied.len(), 1);
/// assert_eq!(outcome.calls.writes(), 1); // this apply's own calls, whatever else runs
/// println!("{outcome}"); // `Applied 1 change(s) with ... call(s) ...`
/// # Ok::<_, iam_bootstrap::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Outcome {
    /// The changes applied, as printed in the plan.
    pub applied: Vec<String>,
    /// The calls this apply made: counted for this apply only, even while other applies
    /// or plans run through the same [`Aws`] handle.
    pub calls: CallStats,
}

impl Outcome {
    /// An outcome that applied these changes with these calls.
    pub fn new(applied: Vec<String>, calls: CallStats) -> Self {
        Self { applied, calls }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Applied {} change(s) with {} call(s) ({} read, {} write):",
            self.applied.len(),
            self.calls.total(),
            self.calls.reads(),
            self.calls.writes()
        )?;
        for change in &self.applied {
            writeln!(f, "  ✓ {change}")?;
        }
        Ok(())
    }
}
