//! [`NoOrganization`]: the Organizations backend of a handle built without one.

use async_trait::async_trait;

use super::*;
use crate::error::{Error, Result};
use crate::names::{AccountId, CreateAccountRequestId, OuName};

/// Answers every Organizations call with [`Error::Precondition`]: the handle was built
/// from IAM and Identity Center backends only ([`Aws::new`](crate::Aws::new)), so there
/// is nothing to ask. [`Aws::with_organizations`](crate::Aws::with_organizations) adds one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoOrganization;

fn missing() -> Error {
    Error::Precondition {
        reason: crate::error::PreconditionReason::NoOrganizationsBackend,
        problem: "this handle has no Organizations backend".into(),
        remedy: "build it with Aws::in_memory, Aws::builder, or add one with Aws::with_organizations".into(),
    }
}

#[async_trait]
impl OrganizationsApi for NoOrganization {
    async fn describe_organization(&self) -> Result<Option<Organization>> {
        Err(missing())
    }
    async fn list_roots(&self) -> Result<Vec<OrganizationRoot>> {
        Err(missing())
    }
    async fn list_organizational_units_for_parent(&self, _: &ParentId) -> Result<Vec<OrganizationalUnit>> {
        Err(missing())
    }
    async fn list_accounts_for_parent(&self, _: &ParentId) -> Result<Vec<Account>> {
        Err(missing())
    }
    async fn list_accounts(&self) -> Result<Vec<Account>> {
        Err(missing())
    }
    async fn list_tags_for_resource(&self, _: &OrganizationResource) -> Result<Tags> {
        Err(missing())
    }
    async fn describe_account(&self, _: &AccountId) -> Result<Option<Account>> {
        Err(missing())
    }
    async fn create_account(&self, _: &NewAccount) -> Result<CreateAccountStatus> {
        Err(missing())
    }
    async fn describe_create_account_status(
        &self,
        _: &CreateAccountRequestId,
    ) -> Result<CreateAccountStatus> {
        Err(missing())
    }
    async fn list_create_account_requests_in_progress(&self) -> Result<Vec<CreateAccountStatus>> {
        Err(missing())
    }
    async fn list_parent(&self, _: &AccountId) -> Result<ParentId> {
        Err(missing())
    }
    async fn list_delegated_administrators(&self, _: &str) -> Result<Vec<DelegatedAdministrator>> {
        Err(missing())
    }
    async fn list_aws_service_access(&self) -> Result<Vec<String>> {
        Err(missing())
    }
    async fn create_organization(&self, _: FeatureSet) -> Result<Organization> {
        Err(missing())
    }
    async fn create_organizational_unit(
        &self,
        _: &ParentId,
        _: &OuName,
        _: &Tags,
    ) -> Result<OrganizationalUnit> {
        Err(missing())
    }
    async fn move_account(&self, _: &AccountId, _: &ParentId, _: &ParentId) -> Result<()> {
        Err(missing())
    }
    async fn tag_resource(&self, _: &OrganizationResource, _: &Tags) -> Result<()> {
        Err(missing())
    }
    async fn close_account(&self, _: &AccountId) -> Result<()> {
        Err(missing())
    }
    async fn register_delegated_administrator(&self, _: &AccountId, _: &str) -> Result<()> {
        Err(missing())
    }
    async fn enable_aws_service_access(&self, _: &str) -> Result<()> {
        Err(missing())
    }
}
