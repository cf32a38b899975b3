//! Conversions between aws-sdk-organizations' types and the library's.

use aws_sdk_organizations::types as sdk;

use crate::client::{
    Account, AccountState, CreateAccountState, CreateAccountStatus, FeatureSet, Operation as Op,
    Organization, OrganizationResource, OrganizationalUnit, Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result, ValidationError, ValidationReason};
use crate::names::AccountId;

pub(super) use super::{malformed, parsed as field};

pub(super) fn state(state: Option<&sdk::AccountState>, status: Option<&sdk::AccountStatus>) -> AccountState {
    // `State` replaced `Status`; older peers send only the latter.
    match (state, status) {
        (Some(state), _) => AccountState::from_aws(state.as_str()),
        (None, Some(status)) => AccountState::from_aws(status.as_str()),
        (None, None) => AccountState::Unknown,
    }
}

pub(super) fn account(op: Op, a: &sdk::Account) -> Result<Account> {
    Ok(Account {
        id: field(op, "Account.Id", a.id())?,
        arn: a.arn().unwrap_or_default().to_owned(),
        name: a.name().unwrap_or_default().to_owned(),
        email: a.email().unwrap_or_default().to_owned(),
        state: state(a.state(), a.status()),
    })
}

pub(super) fn organization(op: Op, o: &sdk::Organization) -> Result<Organization> {
    Ok(Organization {
        id: field(op, "Organization.Id", o.id())?,
        arn: o.arn().unwrap_or_default().to_owned(),
        feature_set: match o.feature_set() {
            Some(sdk::OrganizationFeatureSet::ConsolidatedBilling) => FeatureSet::ConsolidatedBilling,
            _ => FeatureSet::All,
        },
        management_account_id: field(op, "Organization.MasterAccountId", o.master_account_id())?,
        management_account_email: o.master_account_email().map(str::to_owned),
    })
}

pub(super) fn ou(op: Op, o: &sdk::OrganizationalUnit) -> Result<OrganizationalUnit> {
    Ok(OrganizationalUnit {
        id: field(op, "OrganizationalUnit.Id", o.id())?,
        arn: o.arn().unwrap_or_default().to_owned(),
        name: o.name().unwrap_or_default().to_owned(),
    })
}

pub(super) fn create_status(op: Op, s: &sdk::CreateAccountStatus) -> Result<CreateAccountStatus> {
    let account_id = match s.account_id() {
        Some(id) => Some(AccountId::new(id).map_err(|e| malformed(op, e))?),
        None => None,
    };
    Ok(CreateAccountStatus {
        request_id: field(op, "CreateAccountStatus.Id", s.id())?,
        state: match s.state() {
            Some(sdk::CreateAccountState::Succeeded) => CreateAccountState::Succeeded,
            Some(sdk::CreateAccountState::Failed) => CreateAccountState::Failed,
            _ => CreateAccountState::InProgress,
        },
        account_id,
        account_name: s.account_name().map(str::to_owned),
        failure_reason: s.failure_reason().map(|r| r.as_str().to_owned()),
    })
}

pub(super) fn sdk_tags(tags: &Tags) -> Result<Vec<sdk::Tag>> {
    tags.iter()
        .map(|(k, v)| {
            sdk::Tag::builder().key(k).value(v).build().map_err(|e| {
                Error::Validation(ValidationError::new(
                    "tags",
                    ValidationReason::NotAllowed(e.to_string()),
                ))
            })
        })
        .collect()
}

pub(super) fn not_in_organization(err: &Error) -> bool {
    matches!(err, Error::Service { code: Some(code), .. } if code == "AWSOrganizationsNotInUseException")
}

pub(super) fn resource_kind(resource: &OrganizationResource) -> Kind {
    match resource {
        OrganizationResource::Account(_) => Kind::OrganizationAccount,
        OrganizationResource::Ou(_) => Kind::OrganizationalUnit,
        OrganizationResource::Root(_) => Kind::OrganizationRoot,
    }
}
