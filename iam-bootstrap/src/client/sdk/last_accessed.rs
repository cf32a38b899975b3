//! IAM's service-last-accessed calls over aws-sdk-iam (the [`IamApi`](crate::client::IamApi)
//! methods call these).
//!
//! `GetServiceLastAccessedDetails` has no SDK paginator; the marker loop below is bounded.

use aws_sdk_iam::types::{AccessAdvisorUsageGranularityType, JobStatusType};

use super::access_analyzer_convert::from_sdk_time;
use super::{SdkBackend, map_sdk_error, missing};
use crate::client::{
    AccessGranularity, JobStatus, Operation as Op, ServiceLastAccessed, ServiceLastAccessedReport,
    TrackedActionAccess,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::Arn;

/// More pages than any report has (IAM has a few hundred services, 100 per page by default).
const MAX_PAGES: usize = 100;

fn service(s: &aws_sdk_iam::types::ServiceLastAccessed) -> ServiceLastAccessed {
    ServiceLastAccessed {
        namespace: s.service_namespace().to_owned(),
        name: s.service_name().to_owned(),
        last_authenticated: s.last_authenticated().and_then(from_sdk_time),
        tracked_actions: s
            .tracked_actions_last_accessed()
            .iter()
            .map(|a| TrackedActionAccess {
                action: a.action_name().unwrap_or_default().to_owned(),
                last_accessed: a.last_accessed_time().and_then(from_sdk_time),
            })
            .collect(),
    }
}

impl SdkBackend {
    pub(super) async fn sdk_generate_last_accessed(
        &self,
        arn: &Arn,
        granularity: AccessGranularity,
    ) -> Result<String> {
        let op = Op::GenerateServiceLastAccessedDetails;
        let granularity = match granularity {
            AccessGranularity::ServiceLevel => AccessAdvisorUsageGranularityType::ServiceLevel,
            AccessGranularity::ActionLevel => AccessAdvisorUsageGranularityType::ActionLevel,
        };
        let out = self
            .iam
            .generate_service_last_accessed_details()
            .arn(arn.as_str())
            .granularity(granularity)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Role, arn.as_str(), e))?;
        out.job_id()
            .map(str::to_owned)
            .ok_or_else(|| missing(op, "JobId"))
    }

    pub(super) async fn sdk_get_last_accessed(&self, job_id: &str) -> Result<ServiceLastAccessedReport> {
        let op = Op::GetServiceLastAccessedDetails;
        let mut services = Vec::new();
        let mut marker: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let out = self
                .iam
                .get_service_last_accessed_details()
                .job_id(job_id)
                .set_marker(marker.take())
                .send()
                .await
                .map_err(|e| map_sdk_error(op, Kind::LastAccessedJob, job_id, e))?;
            let status = match out.job_status() {
                JobStatusType::Completed => JobStatus::Succeeded,
                JobStatusType::InProgress => JobStatus::InProgress,
                other => JobStatus::Failed {
                    code: out
                        .error()
                        .map_or_else(|| other.as_str().to_owned(), |e| e.code().to_owned()),
                    message: out.error().map(|e| e.message().to_owned()).unwrap_or_default(),
                },
            };
            services.extend(out.services_last_accessed().iter().map(service));
            match (status, out.is_truncated(), out.marker()) {
                (JobStatus::Succeeded, true, Some(next)) => marker = Some(next.to_owned()),
                (status, _, _) => return Ok(ServiceLastAccessedReport { status, services }),
            }
        }
        Err(Error::Service {
            operation: op,
            code: Some("TooManyPages".into()),
            source: Some(format!("the report did not end within {MAX_PAGES} pages").into()),
        })
    }
}
