//! [`AccessAnalyzerApi`] over aws-sdk-accessanalyzer.
//!
//! `ValidatePolicy` pages through the SDK's paginator; the custom checks and policy
//! generation are single calls. Access Analyzer's errors (`ValidationException`,
//! `AccessDeniedException`, `ResourceNotFoundException`, `ThrottlingException`,
//! `ServiceQuotaExceededException`, ...) go through the shared classifier.

use async_trait::async_trait;
use aws_sdk_accessanalyzer::types as sdk;

use super::access_analyzer_convert::{check_outcome, finding, generated_result, to_sdk_time};
use super::{SdkBackend, map_sdk_error, missing};
use crate::client::{
    AccessAnalyzerApi, AccessCheckOutcome, AccessToCheck, AnalyzerPolicyType, AnalyzerResourceType,
    GeneratedPolicyResult, Operation as Op, PolicyGenerationRequest, PolicyValidationFinding,
    PolicyValidationInput,
};
use crate::error::{
    Error, PreconditionReason, ResourceKind as Kind, Result, ValidationError, ValidationReason,
};

impl SdkBackend {
    fn analyzer(&self) -> Result<&aws_sdk_accessanalyzer::Client> {
        self.access_analyzer.as_ref().ok_or_else(|| Error::Precondition {
            reason: PreconditionReason::NoAccessAnalyzerBackend,
            problem: "this SdkBackend was built without an Access Analyzer client".into(),
            remedy: "add one with SdkBackend::with_access_analyzer_client".into(),
        })
    }
}

fn check_type(policy_type: AnalyzerPolicyType) -> Result<sdk::AccessCheckPolicyType> {
    match policy_type {
        AnalyzerPolicyType::IdentityPolicy => Ok(sdk::AccessCheckPolicyType::IdentityPolicy),
        AnalyzerPolicyType::ResourcePolicy => Ok(sdk::AccessCheckPolicyType::ResourcePolicy),
        // Access Analyzer's custom checks take identity and resource policies only.
        AnalyzerPolicyType::ServiceControlPolicy => Err(Error::Validation(ValidationError::new(
            "policy_type",
            ValidationReason::NotAllowed("custom policy checks take identity or resource policies".into()),
        ))),
    }
}

/// A job ID as the error names it: the operation's input, never a secret.
const JOB: Kind = Kind::PolicyGenerationJob;

#[async_trait]
impl AccessAnalyzerApi for SdkBackend {
    async fn validate_policy(&self, input: &PolicyValidationInput) -> Result<Vec<PolicyValidationFinding>> {
        let op = Op::ValidatePolicy;
        let mut request = self
            .analyzer()?
            .validate_policy()
            .policy_document(&input.document)
            .policy_type(sdk::PolicyType::from(input.policy_type.as_str()));
        if let Some(resource) = input.resource_type {
            request = request
                .validate_policy_resource_type(sdk::ValidatePolicyResourceType::from(resource.as_str()));
        }
        let pages = request
            .into_paginator()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Policy, "document", e))?;
        Ok(pages
            .iter()
            .flat_map(|page| page.findings())
            .map(finding)
            .collect())
    }

    async fn check_no_new_access(
        &self,
        new: &str,
        existing: &str,
        policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckNoNewAccess;
        let out = self
            .analyzer()?
            .check_no_new_access()
            .new_policy_document(new)
            .existing_policy_document(existing)
            .policy_type(check_type(policy_type)?)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Policy, "document", e))?;
        let result = out.result().ok_or_else(|| missing(op, "result"))?;
        Ok(check_outcome(
            *result == sdk::CheckNoNewAccessResult::Pass,
            out.message(),
            out.reasons(),
        ))
    }

    async fn check_access_not_granted(
        &self,
        document: &str,
        access: &[AccessToCheck],
        policy_type: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckAccessNotGranted;
        let access = access
            .iter()
            .map(|a| {
                sdk::Access::builder()
                    .set_actions(Some(a.actions.clone()))
                    .set_resources((!a.resources.is_empty()).then(|| a.resources.clone()))
                    .build()
            })
            .collect();
        let out = self
            .analyzer()?
            .check_access_not_granted()
            .policy_document(document)
            .set_access(Some(access))
            .policy_type(check_type(policy_type)?)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Policy, "document", e))?;
        let result = out.result().ok_or_else(|| missing(op, "result"))?;
        Ok(check_outcome(
            *result == sdk::CheckAccessNotGrantedResult::Pass,
            out.message(),
            out.reasons(),
        ))
    }

    async fn check_no_public_access(
        &self,
        document: &str,
        resource_type: AnalyzerResourceType,
    ) -> Result<AccessCheckOutcome> {
        let op = Op::CheckNoPublicAccess;
        let out = self
            .analyzer()?
            .check_no_public_access()
            .policy_document(document)
            .resource_type(sdk::AccessCheckResourceType::from(resource_type.as_str()))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Policy, "document", e))?;
        let result = out.result().ok_or_else(|| missing(op, "result"))?;
        Ok(check_outcome(
            *result == sdk::CheckNoPublicAccessResult::Pass,
            out.message(),
            out.reasons(),
        ))
    }

    async fn start_policy_generation(&self, request: &PolicyGenerationRequest) -> Result<String> {
        let op = Op::StartPolicyGeneration;
        let invalid = |field: &str, e: aws_sdk_accessanalyzer::error::BuildError| {
            Error::Validation(ValidationError::new(
                field,
                ValidationReason::NotAllowed(e.to_string()),
            ))
        };
        let trail = sdk::Trail::builder()
            .cloud_trail_arn(request.trail_arn.as_str())
            .set_regions((!request.regions.is_empty()).then(|| request.regions.clone()))
            .all_regions(request.regions.is_empty())
            .build()
            .map_err(|e| invalid("trail_arn", e))?;
        let cloud_trail = sdk::CloudTrailDetails::builder()
            .trails(trail)
            .access_role(request.access_role_arn.as_str())
            .start_time(to_sdk_time(request.start))
            .end_time(to_sdk_time(request.end))
            .build()
            .map_err(|e| invalid("access_role_arn", e))?;
        let principal = sdk::PolicyGenerationDetails::builder()
            .principal_arn(request.principal_arn.as_str())
            .build()
            .map_err(|e| invalid("principal_arn", e))?;
        let out = self
            .analyzer()?
            .start_policy_generation()
            .policy_generation_details(principal)
            .cloud_trail_details(cloud_trail)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Role, request.principal_arn.as_str(), e))?;
        Ok(out.job_id().to_owned())
    }

    async fn get_generated_policy(&self, job_id: &str) -> Result<GeneratedPolicyResult> {
        let op = Op::GetGeneratedPolicy;
        let out = self
            .analyzer()?
            .get_generated_policy()
            .job_id(job_id)
            .include_resource_placeholders(true)
            .include_service_level_template(false)
            .send()
            .await
            .map_err(|e| map_sdk_error(op, JOB, job_id, e))?;
        generated_result(op, &out)
    }

    async fn cancel_policy_generation(&self, job_id: &str) -> Result<()> {
        self.analyzer()?
            .cancel_policy_generation()
            .job_id(job_id)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CancelPolicyGeneration, JOB, job_id, e))?;
        Ok(())
    }
}
