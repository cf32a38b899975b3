//! AWS managed policies for job functions, with their real ARNs.
//!
//! AWS keeps most of them under the `job-function/` path
//! (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`), but the four oldest live at the
//! top level (`AdministratorAccess`, `PowerUserAccess`, `ReadOnlyAccess`, `SecurityAudit`).
//! Each path below was checked against the AWS managed-policy corpus moto ships (generated
//! from AWS) and the IAM User Guide page "AWS managed policies for job functions".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};

/// An AWS managed policy for a job function.
///
/// ```
/// use iam_bootstrap::JobFunction;
///
/// assert_eq!(JobFunction::AdministratorAccess.arn(), "arn:aws:iam::aws:policy/AdministratorAccess");
/// assert_eq!(JobFunction::ViewOnlyAccess.arn(), "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
/// assert_eq!("Billing".parse::<JobFunction>()?, JobFunction::Billing);
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum JobFunction {
    /// Full access to every service and resource.
    AdministratorAccess,
    /// Full access except IAM and Organizations user and group management ("developer power user").
    PowerUserAccess,
    /// Read access to every service, data included.
    ReadOnlyAccess,
    /// Lists resources and reads their metadata, not their data ("view-only user").
    ViewOnlyAccess,
    /// Reads security configuration, for auditors ("security auditor").
    SecurityAudit,
    /// Billing and cost management.
    Billing,
    /// Database services (RDS, DynamoDB, Redshift, ...).
    DatabaseAdministrator,
    /// Network resources (VPC, Route 53, Direct Connect, ...).
    NetworkAdministrator,
    /// Operations: EC2, CloudWatch, Systems Manager, ...
    SystemAdministrator,
    /// Machine learning and analytics services.
    DataScientist,
    /// AWS Support cases and Trusted Advisor.
    SupportUser,
}

impl JobFunction {
    /// Every job function.
    pub const ALL: [JobFunction; 11] = [
        JobFunction::AdministratorAccess,
        JobFunction::PowerUserAccess,
        JobFunction::ReadOnlyAccess,
        JobFunction::ViewOnlyAccess,
        JobFunction::SecurityAudit,
        JobFunction::Billing,
        JobFunction::DatabaseAdministrator,
        JobFunction::NetworkAdministrator,
        JobFunction::SystemAdministrator,
        JobFunction::DataScientist,
        JobFunction::SupportUser,
    ];

    /// The policy's name (`ViewOnlyAccess`).
    pub fn policy_name(self) -> &'static str {
        match self {
            JobFunction::AdministratorAccess => "AdministratorAccess",
            JobFunction::PowerUserAccess => "PowerUserAccess",
            JobFunction::ReadOnlyAccess => "ReadOnlyAccess",
            JobFunction::ViewOnlyAccess => "ViewOnlyAccess",
            JobFunction::SecurityAudit => "SecurityAudit",
            JobFunction::Billing => "Billing",
            JobFunction::DatabaseAdministrator => "DatabaseAdministrator",
            JobFunction::NetworkAdministrator => "NetworkAdministrator",
            JobFunction::SystemAdministrator => "SystemAdministrator",
            JobFunction::DataScientist => "DataScientist",
            JobFunction::SupportUser => "SupportUser",
        }
    }

    /// The policy's IAM path: `/` for the four oldest, `/job-function/` for the rest.
    pub fn path(self) -> &'static str {
        match self {
            JobFunction::AdministratorAccess
            | JobFunction::PowerUserAccess
            | JobFunction::ReadOnlyAccess
            | JobFunction::SecurityAudit => "/",
            _ => "/job-function/",
        }
    }

    /// The policy's ARN in the `aws` partition.
    pub fn arn(self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path(), self.policy_name())
    }
}

impl fmt::Display for JobFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.policy_name())
    }
}

impl FromStr for JobFunction {
    type Err = ValidationError;

    /// Parses the policy name (`ViewOnlyAccess`), as serde does.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobFunction::ALL
            .into_iter()
            .find(|f| f.policy_name() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    "job_function",
                    ValidationReason::Format {
                        expected: format!(
                            "one of {}",
                            JobFunction::ALL.map(JobFunction::policy_name).join(", ")
                        ),
                        actual: s.to_owned(),
                    },
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_use_the_real_paths() {
        let arns: Vec<String> = JobFunction::ALL.iter().map(|f| f.arn()).collect();
        assert_eq!(
            arns,
            [
                "arn:aws:iam::aws:policy/AdministratorAccess",
                "arn:aws:iam::aws:policy/PowerUserAccess",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                "arn:aws:iam::aws:policy/SecurityAudit",
                "arn:aws:iam::aws:policy/job-function/Billing",
                "arn:aws:iam::aws:policy/job-function/DatabaseAdministrator",
                "arn:aws:iam::aws:policy/job-function/NetworkAdministrator",
                "arn:aws:iam::aws:policy/job-function/SystemAdministrator",
                "arn:aws:iam::aws:policy/job-function/DataScientist",
                "arn:aws:iam::aws:policy/job-function/SupportUser",
            ]
        );
    }

    #[test]
    fn parses_names_and_round_trips_serde() {
        for f in JobFunction::ALL {
            assert_eq!(f.policy_name().parse::<JobFunction>().unwrap(), f);
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.policy_name()));
            assert_eq!(serde_json::from_str::<JobFunction>(&json).unwrap(), f);
        }
        assert!("viewonlyaccess".parse::<JobFunction>().is_err());
    }

    /// Every job function must exist at the path we use in the managed-policy corpus that
    /// scripts/test extracts from moto (and runs this ignored test; asked for, a missing
    /// corpus fails it).
    #[test]
    #[ignore = "needs IAM_BOOTSTRAP_MANAGED_POLICIES, run with --include-ignored (scripts/test does)"]
    fn paths_match_the_managed_policy_corpus() {
        let path = std::env::var("IAM_BOOTSTRAP_MANAGED_POLICIES")
            .expect("IAM_BOOTSTRAP_MANAGED_POLICIES names moto's managed-policy JSON (scripts/test sets it)");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let corpus: serde_json::Value = serde_json::from_str(&text).unwrap();
        for f in JobFunction::ALL {
            assert_eq!(corpus[f.policy_name()]["Path"].as_str(), Some(f.path()), "{f}");
        }
    }
}
