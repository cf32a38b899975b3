//! Lesser-privilege permission sets: AWS's job-function policies as ready presets, and
//! custom inline least-privilege sets held to the same lint bar as roles.

use crate::error::{ValidationError, ValidationReason};
use crate::identity_center::{JobFunction, PermissionSetSpec, PermissionSetSpecBuilder};
use crate::policy::{LintSeverity, Linter, PolicyContext, PolicyDocument};

impl JobFunction {
    /// The permission-set name of the preset (`ViewOnly`, `DatabaseAdministrator`).
    pub fn preset_name(self) -> &'static str {
        let name = self.policy_name();
        name.strip_suffix("Access").unwrap_or(name)
    }

    /// Whether the job function only reads (so a longer session is a small risk).
    pub fn is_read_only(self) -> bool {
        matches!(
            self,
            JobFunction::ReadOnlyAccess | JobFunction::ViewOnlyAccess | JobFunction::SecurityAudit
        )
    }

    /// A permission set for this job function: its AWS managed policy, a description, and a
    /// session of 1 hour (4 hours for the read-only functions). Adjust with the builder.
    ///
    /// ```
    /// use iam_bootstrap::JobFunction;
    /// let viewers = JobFunction::ViewOnlyAccess.permission_set().build()?;
    /// assert_eq!(viewers.name().as_str(), "ViewOnly");
    /// assert_eq!(viewers.session_duration().to_string(), "PT4H");
    /// # Ok::<_, iam_bootstrap::ValidationError>(())
    /// ```
    pub fn permission_set(self) -> PermissionSetSpecBuilder {
        PermissionSetSpec::builder(self.preset_name())
            .description(format!(
                "AWS job function {}: {}",
                self.policy_name(),
                self.summary()
            ))
            .session_duration(if self.is_read_only() { "PT4H" } else { "PT1H" })
            .job_function(self)
    }

    fn summary(self) -> &'static str {
        match self {
            JobFunction::AdministratorAccess => "full access",
            JobFunction::PowerUserAccess => "full access except user and group management",
            JobFunction::ReadOnlyAccess => "read access, data included",
            JobFunction::ViewOnlyAccess => "lists resources and reads metadata, not data",
            JobFunction::SecurityAudit => "reads security configuration",
            JobFunction::Billing => "billing and cost management",
            JobFunction::DatabaseAdministrator => "database services",
            JobFunction::NetworkAdministrator => "network resources",
            JobFunction::SystemAdministrator => "operations services",
            JobFunction::DataScientist => "machine learning and analytics services",
            JobFunction::SupportUser => "AWS Support cases",
        }
    }
}

/// The job functions the guide calls lesser-privilege (every preset but AdministratorAccess).
pub const LESSER_PRIVILEGE_JOB_FUNCTIONS: [JobFunction; 10] = [
    JobFunction::ReadOnlyAccess,
    JobFunction::ViewOnlyAccess,
    JobFunction::PowerUserAccess,
    JobFunction::Billing,
    JobFunction::SecurityAudit,
    JobFunction::DatabaseAdministrator,
    JobFunction::NetworkAdministrator,
    JobFunction::SystemAdministrator,
    JobFunction::DataScientist,
    JobFunction::SupportUser,
];

/// A permission set granting exactly `document`, as an inline policy, after the same checks a
/// least-privilege role gets: the permission-set grammar and 10,240-character limit, and no
/// SECURITY_WARNING lint finding unless `allow_security_warnings`.
///
/// ```
/// use iam_bootstrap::policy::PolicyDocument;
/// use iam_bootstrap::roles::least_privilege_permission_set;
///
/// let doc = PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::reports/*"]);
/// let set = least_privilege_permission_set("ReportsReader", &doc, false)?.build()?;
/// assert!(set.inline_policy().is_some());
/// assert!(least_privilege_permission_set("Everything", &PolicyDocument::allow(["*"], ["*"]), false).is_err());
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
///
/// # Errors
/// [`ValidationError`] for an invalid or oversized document, or a finding at
/// SECURITY_WARNING (the message names its code).
pub fn least_privilege_permission_set(
    name: &str,
    document: &PolicyDocument,
    allow_security_warnings: bool,
) -> Result<PermissionSetSpecBuilder, ValidationError> {
    let field = format!("permission_sets.{name}.inline_policy");
    let report = Linter::new(PolicyContext::PermissionSetInline).check(document);
    if let Some(error) = report.errors.into_iter().next() {
        return Err(ValidationError::new(field, ValidationReason::Policy(error)));
    }
    let serious = report
        .findings
        .iter()
        .find(|f| f.severity <= LintSeverity::SecurityWarning);
    if let (false, Some(finding)) = (allow_security_warnings, serious) {
        return Err(ValidationError::new(
            field,
            ValidationReason::NotAllowed(format!(
                "{}: {} (a least-privilege permission set fails on SECURITY_WARNING findings)",
                finding.code, finding.message
            )),
        ));
    }
    Ok(PermissionSetSpec::builder(name)
        .description(format!("Least privilege: {name}"))
        .inline_policy(document.to_json()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Aws;
    use crate::client::InMemory;
    use crate::identity_center::IdentityCenterSpec;

    #[test]
    fn every_preset_builds_with_its_real_policy() {
        for function in LESSER_PRIVILEGE_JOB_FUNCTIONS {
            let set = function.permission_set().build().unwrap();
            assert_eq!(set.managed_policies().len(), 1, "{function}");
            assert!(!set.name().as_str().ends_with("Access"), "{}", set.name());
        }
        assert_eq!(
            JobFunction::DatabaseAdministrator
                .permission_set()
                .build()
                .unwrap()
                .session_duration()
                .to_string(),
            "PT1H"
        );
    }

    #[test]
    fn custom_sets_are_linted() {
        let pass_role = PolicyDocument::allow(["iam:PassRole"], ["*"]);
        let err = least_privilege_permission_set("Deployers", &pass_role, false).unwrap_err();
        assert_eq!(err.field(), "permission_sets.Deployers.inline_policy");
        assert!(err.to_string().contains("pass_role_on_all_resources"), "{err}");
        assert!(least_privilege_permission_set("Deployers", &pass_role, true).is_ok());
        let huge = PolicyDocument::allow(
            (0..900).map(|i| format!("s3:GetObjectVersionTagging{i:04}")),
            ["arn:aws:s3:::b/*"],
        );
        assert!(
            least_privilege_permission_set("Huge", &huge, true)
                .unwrap_err()
                .to_string()
                .contains("10,240")
        );
    }

    #[tokio::test]
    async fn presets_converge_on_the_in_memory_account() {
        let memory = InMemory::new();
        let aws = Aws::in_memory(memory.clone());
        let mut builder = IdentityCenterSpec::builder();
        for function in LESSER_PRIVILEGE_JOB_FUNCTIONS {
            builder = builder.permission_set(function.permission_set());
        }
        let spec = builder.build().unwrap();
        spec.plan(&aws).await.unwrap().apply(&aws).await.unwrap();
        assert!(spec.plan(&aws).await.unwrap().is_empty());
        assert_eq!(memory.inventory().permission_sets, 10);
        let instance = aws.identity_center().list_instances().await.unwrap().remove(0);
        let mut attached = Vec::new();
        for set in aws
            .identity_center()
            .list_permission_sets(&instance.arn)
            .await
            .unwrap()
        {
            attached.extend(
                aws.identity_center()
                    .list_managed_policies(&instance.arn, &set)
                    .await
                    .unwrap(),
            );
        }
        attached.sort();
        assert!(attached.contains(&"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess".to_owned()));
        assert!(attached.contains(&"arn:aws:iam::aws:policy/ReadOnlyAccess".to_owned()));
        assert_eq!(attached.len(), 10);
    }
}
