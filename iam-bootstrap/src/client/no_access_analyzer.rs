//! [`NoAccessAnalyzer`]: the Access Analyzer backend of a handle built without one.

use async_trait::async_trait;

use super::*;
use crate::error::{Error, PreconditionReason, Result};

/// Answers every Access Analyzer call with [`Error::Precondition`]: the handle was built
/// without an Access Analyzer backend, so there is nothing to ask.
/// [`Aws::with_access_analyzer`](crate::Aws::with_access_analyzer) adds one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAccessAnalyzer;

fn missing() -> Error {
    Error::Precondition {
        reason: PreconditionReason::NoAccessAnalyzerBackend,
        problem: "this handle has no Access Analyzer backend".into(),
        remedy: "build it with Aws::in_memory, Aws::builder, or add one with Aws::with_access_analyzer"
            .into(),
    }
}

#[async_trait]
impl AccessAnalyzerApi for NoAccessAnalyzer {
    async fn validate_policy(&self, _: &PolicyValidationInput) -> Result<Vec<PolicyValidationFinding>> {
        Err(missing())
    }
    async fn check_no_new_access(
        &self,
        _: &str,
        _: &str,
        _: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        Err(missing())
    }
    async fn check_access_not_granted(
        &self,
        _: &str,
        _: &[AccessToCheck],
        _: AnalyzerPolicyType,
    ) -> Result<AccessCheckOutcome> {
        Err(missing())
    }
    async fn check_no_public_access(&self, _: &str, _: AnalyzerResourceType) -> Result<AccessCheckOutcome> {
        Err(missing())
    }
    async fn start_policy_generation(&self, _: &PolicyGenerationRequest) -> Result<String> {
        Err(missing())
    }
    async fn get_generated_policy(&self, _: &str) -> Result<GeneratedPolicyResult> {
        Err(missing())
    }
    async fn cancel_policy_generation(&self, _: &str) -> Result<()> {
        Err(missing())
    }
}
