//! [`OrganizationsApi`] over aws-sdk-organizations.
//!
//! Every listing goes through the SDK's paginator, which asks again while the answer
//! carries a next token, even after an empty page (Organizations sends those).

use async_trait::async_trait;
use aws_sdk_organizations::types as sdk;

use super::organizations_convert::{
    account, create_status, field, not_in_organization, organization, ou, resource_kind, sdk_tags, state,
};
use super::{SdkBackend, map_sdk_error, missing};
use crate::client::{
    Account, CreateAccountStatus, DelegatedAdministrator, FeatureSet, NewAccount, Operation as Op,
    Organization, OrganizationResource, OrganizationRoot, OrganizationalUnit, OrganizationsApi, ParentId,
    Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{AccountId, CreateAccountRequestId, OuName};

/// Collects the `$items` of every page of a listing, mapping the SDK's error.
macro_rules! all_pages {
    ($request:expr, $items:ident, $op:expr, $kind:expr, $name:expr) => {
        $request
            .into_paginator()
            .send()
            .collect::<std::result::Result<Vec<_>, _>>()
            .await
            .map_err(|e| map_sdk_error($op, $kind, $name, e))
            .map(|pages| {
                pages
                    .into_iter()
                    .flat_map(|page| page.$items.unwrap_or_default())
                    .collect::<Vec<_>>()
            })
    };
}

impl SdkBackend {
    fn orgs(&self) -> Result<&aws_sdk_organizations::Client> {
        self.organizations.as_ref().ok_or_else(|| Error::Precondition {
            reason: crate::error::PreconditionReason::NoOrganizationsBackend,
            problem: "this SdkBackend was built without an Organizations client".into(),
            remedy: "add one with SdkBackend::with_organizations_client".into(),
        })
    }
}

#[async_trait]
impl OrganizationsApi for SdkBackend {
    async fn describe_organization(&self) -> Result<Option<Organization>> {
        let op = Op::DescribeOrganization;
        match self.orgs()?.describe_organization().send().await {
            Ok(out) => {
                let org = out.organization().ok_or_else(|| missing(op, "Organization"))?;
                Ok(Some(organization(op, org)?))
            }
            Err(e) => match map_sdk_error(op, Kind::Organization, "caller", e) {
                err if not_in_organization(&err) => Ok(None),
                err => Err(err),
            },
        }
    }

    async fn list_roots(&self) -> Result<Vec<OrganizationRoot>> {
        let op = Op::ListRoots;
        let roots = all_pages!(
            self.orgs()?.list_roots(),
            roots,
            op,
            Kind::OrganizationRoot,
            "roots"
        )?;
        roots
            .iter()
            .map(|r| {
                Ok(OrganizationRoot {
                    id: field(op, "Root.Id", r.id())?,
                    arn: r.arn().unwrap_or_default().to_owned(),
                    name: r.name().unwrap_or_default().to_owned(),
                })
            })
            .collect()
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>> {
        let op = Op::ListOrganizationalUnitsForParent;
        let request = self
            .orgs()?
            .list_organizational_units_for_parent()
            .parent_id(parent.as_str());
        let ous = all_pages!(
            request,
            organizational_units,
            op,
            Kind::OrganizationalUnit,
            parent.as_str()
        )?;
        ous.iter().map(|o| ou(op, o)).collect()
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>> {
        let op = Op::ListAccountsForParent;
        let request = self.orgs()?.list_accounts_for_parent().parent_id(parent.as_str());
        let accounts = all_pages!(request, accounts, op, Kind::OrganizationalUnit, parent.as_str())?;
        accounts.iter().map(|a| account(op, a)).collect()
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let op = Op::ListAccounts;
        let accounts = all_pages!(
            self.orgs()?.list_accounts(),
            accounts,
            op,
            Kind::Organization,
            "accounts"
        )?;
        accounts.iter().map(|a| account(op, a)).collect()
    }

    async fn list_tags_for_resource(&self, resource: &OrganizationResource) -> Result<Tags> {
        let op = Op::ListOrganizationTags;
        let request = self
            .orgs()?
            .list_tags_for_resource()
            .resource_id(resource.as_str());
        let tags = all_pages!(request, tags, op, resource_kind(resource), resource.as_str())?;
        Ok(tags
            .iter()
            .map(|t| (t.key().to_owned(), t.value().to_owned()))
            .collect())
    }

    async fn describe_account(&self, id: &AccountId) -> Result<Option<Account>> {
        let op = Op::DescribeAccount;
        let result = self
            .orgs()?
            .describe_account()
            .account_id(id.as_str())
            .send()
            .await;
        match result.map_err(|e| map_sdk_error(op, Kind::OrganizationAccount, id.as_str(), e)) {
            Ok(out) => Ok(Some(account(
                op,
                out.account().ok_or_else(|| missing(op, "Account"))?,
            )?)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    async fn create_account(&self, new: &NewAccount) -> Result<CreateAccountStatus> {
        let op = Op::CreateAccount;
        let out = self
            .orgs()?
            .create_account()
            .account_name(new.name.as_str())
            .email(new.email.as_str())
            .set_role_name(new.role_name.as_ref().map(ToString::to_string))
            .set_tags(Some(sdk_tags(&new.tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::OrganizationAccount, new.name.as_str(), e))?;
        create_status(
            op,
            out.create_account_status()
                .ok_or_else(|| missing(op, "CreateAccountStatus"))?,
        )
    }

    async fn describe_create_account_status(
        &self,
        request: &CreateAccountRequestId,
    ) -> Result<CreateAccountStatus> {
        let op = Op::DescribeCreateAccountStatus;
        let out = self
            .orgs()?
            .describe_create_account_status()
            .create_account_request_id(request.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::CreateAccountRequest, request.as_str(), e))?;
        create_status(
            op,
            out.create_account_status()
                .ok_or_else(|| missing(op, "CreateAccountStatus"))?,
        )
    }

    async fn list_create_account_requests_in_progress(&self) -> Result<Vec<CreateAccountStatus>> {
        let op = Op::ListCreateAccountStatus;
        let request = self
            .orgs()?
            .list_create_account_status()
            .states(sdk::CreateAccountState::InProgress);
        let statuses = all_pages!(
            request,
            create_account_statuses,
            op,
            Kind::CreateAccountRequest,
            "in progress"
        )?;
        statuses.iter().map(|s| create_status(op, s)).collect()
    }

    async fn list_parent(&self, id: &AccountId) -> Result<ParentId> {
        let op = Op::ListParents;
        let request = self.orgs()?.list_parents().child_id(id.as_str());
        let parents = all_pages!(request, parents, op, Kind::OrganizationAccount, id.as_str())?;
        let parent = parents.first().ok_or_else(|| missing(op, "Parents"))?;
        match parent.r#type() {
            Some(sdk::ParentType::Root) => Ok(ParentId::Root(field(op, "Parent.Id", parent.id())?)),
            _ => Ok(ParentId::Ou(field(op, "Parent.Id", parent.id())?)),
        }
    }

    async fn list_delegated_administrators(&self, service: &str) -> Result<Vec<DelegatedAdministrator>> {
        let op = Op::ListDelegatedAdministrators;
        let request = self
            .orgs()?
            .list_delegated_administrators()
            .service_principal(service);
        let admins = all_pages!(
            request,
            delegated_administrators,
            op,
            Kind::DelegatedAdministrator,
            service
        )?;
        admins
            .iter()
            .map(|a| {
                Ok(DelegatedAdministrator {
                    id: field(op, "DelegatedAdministrator.Id", a.id())?,
                    name: a.name().unwrap_or_default().to_owned(),
                    state: state(a.state(), a.status()),
                })
            })
            .collect()
    }

    async fn list_aws_service_access(&self) -> Result<Vec<String>> {
        let op = Op::ListAwsServiceAccessForOrganization;
        let request = self.orgs()?.list_aws_service_access_for_organization();
        let enabled = all_pages!(
            request,
            enabled_service_principals,
            op,
            Kind::Organization,
            "service access"
        )?;
        Ok(enabled
            .iter()
            .filter_map(|s| s.service_principal().map(str::to_owned))
            .collect())
    }

    async fn create_organization(&self, feature_set: FeatureSet) -> Result<Organization> {
        let op = Op::CreateOrganization;
        let out = self
            .orgs()?
            .create_organization()
            .feature_set(match feature_set {
                FeatureSet::All => sdk::OrganizationFeatureSet::All,
                FeatureSet::ConsolidatedBilling => sdk::OrganizationFeatureSet::ConsolidatedBilling,
            })
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::Organization, "caller", e))?;
        organization(op, out.organization().ok_or_else(|| missing(op, "Organization"))?)
    }

    async fn create_organizational_unit(
        &self,
        parent: &ParentId,
        name: &OuName,
        tags: &Tags,
    ) -> Result<OrganizationalUnit> {
        let op = Op::CreateOrganizationalUnit;
        let out = self
            .orgs()?
            .create_organizational_unit()
            .parent_id(parent.as_str())
            .name(name.as_str())
            .set_tags(Some(sdk_tags(tags)?).filter(|t| !t.is_empty()))
            .send()
            .await
            .map_err(|e| map_sdk_error(op, Kind::OrganizationalUnit, name.as_str(), e))?;
        ou(
            op,
            out.organizational_unit()
                .ok_or_else(|| missing(op, "OrganizationalUnit"))?,
        )
    }

    async fn move_account(&self, id: &AccountId, source: &ParentId, destination: &ParentId) -> Result<()> {
        self.orgs()?
            .move_account()
            .account_id(id.as_str())
            .source_parent_id(source.as_str())
            .destination_parent_id(destination.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::MoveAccount, Kind::OrganizationAccount, id.as_str(), e))?;
        Ok(())
    }

    async fn tag_resource(&self, resource: &OrganizationResource, tags: &Tags) -> Result<()> {
        self.orgs()?
            .tag_resource()
            .resource_id(resource.as_str())
            .set_tags(Some(sdk_tags(tags)?))
            .send()
            .await
            .map_err(|e| {
                map_sdk_error(
                    Op::TagOrganizationResource,
                    resource_kind(resource),
                    resource.as_str(),
                    e,
                )
            })?;
        Ok(())
    }

    async fn close_account(&self, id: &AccountId) -> Result<()> {
        self.orgs()?
            .close_account()
            .account_id(id.as_str())
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::CloseAccount, Kind::OrganizationAccount, id.as_str(), e))?;
        Ok(())
    }

    async fn register_delegated_administrator(&self, id: &AccountId, service: &str) -> Result<()> {
        self.orgs()?
            .register_delegated_administrator()
            .account_id(id.as_str())
            .service_principal(service)
            .send()
            .await
            .map_err(|e| {
                let name = format!("{id} for {service}");
                map_sdk_error(
                    Op::RegisterDelegatedAdministrator,
                    Kind::DelegatedAdministrator,
                    &name,
                    e,
                )
            })?;
        Ok(())
    }

    async fn enable_aws_service_access(&self, service: &str) -> Result<()> {
        self.orgs()?
            .enable_aws_service_access()
            .service_principal(service)
            .send()
            .await
            .map_err(|e| map_sdk_error(Op::EnableAwsServiceAccess, Kind::Organization, service, e))?;
        Ok(())
    }
}
