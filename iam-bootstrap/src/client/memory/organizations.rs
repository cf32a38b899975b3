//! [`OrganizationsApi`] for [`InMemory`]: the organization this account manages, answering
//! like AWS does (errors included), with account creation that settles after polls.

use async_trait::async_trait;

use super::InMemory;
use super::org_state::{
    AccountRecord, CreateRequest, MAX_OU_DEPTH, OrgState, OuRecord, constraint, create_status, depth,
    parent_not_found,
};
use crate::client::{
    Account, AccountState, CreateAccountStatus, DelegatedAdministrator, FeatureSet, NewAccount,
    Operation as Op, Organization, OrganizationResource, OrganizationRoot, OrganizationalUnit,
    OrganizationsApi, ParentId, Tags,
};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{AccountId, CreateAccountRequestId, OuName};

#[async_trait]
impl OrganizationsApi for InMemory {
    async fn describe_organization(&self) -> Result<Option<Organization>> {
        Ok(self.call().organization.as_ref().map(OrgState::describe))
    }

    async fn list_roots(&self) -> Result<Vec<OrganizationRoot>> {
        let state = self.call();
        let org = state.org(Op::ListRoots)?;
        Ok(vec![OrganizationRoot {
            id: org.root.clone(),
            arn: org.arn("root", org.root.as_str()),
            name: "Root".into(),
        }])
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent: &ParentId,
    ) -> Result<Vec<OrganizationalUnit>> {
        let state = self.call();
        let org = state.org(Op::ListOrganizationalUnitsForParent)?;
        if !org.has_parent(parent) {
            return Err(parent_not_found(parent));
        }
        Ok(org
            .ous
            .iter()
            .filter(|(_, ou)| ou.parent == *parent)
            .map(|(id, ou)| OrganizationalUnit {
                id: id.clone(),
                arn: org.arn("ou", id.as_str()),
                name: ou.name.clone(),
            })
            .collect())
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> Result<Vec<Account>> {
        let state = self.call();
        let org = state.org(Op::ListAccountsForParent)?;
        if !org.has_parent(parent) {
            return Err(parent_not_found(parent));
        }
        Ok(org.accounts_where(|a| a.parent == *parent))
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let state = self.call();
        Ok(state.org(Op::ListAccounts)?.accounts_where(|_| true))
    }

    async fn list_tags_for_resource(&self, resource: &OrganizationResource) -> Result<Tags> {
        let mut state = self.call();
        let org = state.org_mut(Op::ListOrganizationTags)?;
        Ok(org.tags_mut(resource)?.clone())
    }

    async fn describe_account(&self, account: &AccountId) -> Result<Option<Account>> {
        let state = self.call();
        let org = state.org(Op::DescribeAccount)?;
        Ok(org
            .accounts
            .get(account)
            .map(|record| org.account(account, record)))
    }

    async fn create_account(&self, account: &NewAccount) -> Result<CreateAccountStatus> {
        let op = Op::CreateAccount;
        let mut state = self.call();
        state.org(op)?;
        let (polls, limit) = (state.config.create_account_polls, state.config.account_limit);
        let request = CreateAccountRequestId::generated(format!("car-{}", state.fresh_id(12)));
        let id = state.fresh_account_id();
        let org = state.org_mut(op)?;
        let pending: Vec<&AccountRecord> = org
            .create_requests
            .values()
            .filter_map(|r| r.pending.as_ref().map(|(_, a)| a))
            .collect();
        let email = account.email.as_str();
        let email_taken = org
            .accounts
            .values()
            .chain(pending.iter().copied())
            .any(|a| a.email.eq_ignore_ascii_case(email));
        let over_limit = limit.is_some_and(|max| org.accounts.len() + pending.len() >= max);
        let outcome = if email_taken {
            Err("EMAIL_ALREADY_EXISTS".to_owned())
        } else if over_limit {
            Err("ACCOUNT_LIMIT_EXCEEDED".to_owned())
        } else {
            Ok(id)
        };
        let record = CreateRequest {
            polls_left: polls,
            account_name: account.name.to_string(),
            pending: outcome.as_ref().ok().map(|id| {
                let record = AccountRecord {
                    name: account.name.to_string(),
                    email: email.to_owned(),
                    state: AccountState::Active,
                    parent: ParentId::Root(org.root.clone()),
                    tags: account.tags.clone(),
                    joined: 0,
                };
                (id.clone(), record)
            }),
            outcome,
        };
        org.create_requests.insert(request.to_string(), record);
        if polls == 0 {
            return state.poll_create(&request);
        }
        let org = state.org(op)?;
        let record = org
            .create_requests
            .get(request.as_str())
            .ok_or_else(|| Error::not_found(Kind::CreateAccountRequest, request.as_str()))?;
        Ok(create_status(&request, record, true))
    }

    async fn describe_create_account_status(
        &self,
        request: &CreateAccountRequestId,
    ) -> Result<CreateAccountStatus> {
        self.call().poll_create(request)
    }

    async fn list_create_account_requests_in_progress(&self) -> Result<Vec<CreateAccountStatus>> {
        let state = self.call();
        let org = state.org(Op::ListCreateAccountStatus)?;
        Ok(org
            .create_requests
            .iter()
            .filter(|(_, record)| record.polls_left > 0)
            .map(|(id, record)| create_status(&CreateAccountRequestId::generated(id.clone()), record, true))
            .collect())
    }

    async fn list_parent(&self, account: &AccountId) -> Result<ParentId> {
        let state = self.call();
        let org = state.org(Op::ListParents)?;
        org.accounts
            .get(account)
            .map(|record| record.parent.clone())
            .ok_or_else(|| Error::not_found(Kind::OrganizationAccount, account.as_str()))
    }

    async fn list_delegated_administrators(&self, service: &str) -> Result<Vec<DelegatedAdministrator>> {
        let state = self.call();
        let org = state.org(Op::ListDelegatedAdministrators)?;
        Ok(org
            .delegated
            .iter()
            .filter(|(_, services)| services.contains(service))
            .filter_map(|(id, _)| {
                let account = org.accounts.get(id)?;
                Some(DelegatedAdministrator {
                    id: id.clone(),
                    name: account.name.clone(),
                    state: account.state,
                })
            })
            .collect())
    }

    async fn list_aws_service_access(&self) -> Result<Vec<String>> {
        let state = self.call();
        let org = state.org(Op::ListAwsServiceAccessForOrganization)?;
        Ok(org.service_access.iter().cloned().collect())
    }

    async fn create_organization(&self, feature_set: FeatureSet) -> Result<Organization> {
        let mut state = self.call();
        if state.organization.is_some() {
            return Err(Error::already_exists(
                Kind::Organization,
                state.account().as_str(),
            ));
        }
        let org = state.found_organization(feature_set);
        let described = org.describe();
        state.organization = Some(org);
        Ok(described)
    }

    async fn create_organizational_unit(
        &self,
        parent: &ParentId,
        name: &OuName,
        tags: &Tags,
    ) -> Result<OrganizationalUnit> {
        let op = Op::CreateOrganizationalUnit;
        let mut state = self.call();
        let org = state.org(op)?;
        if !org.has_parent(parent) {
            return Err(parent_not_found(parent));
        }
        if org.child_ou(parent, name.as_str()).is_some() {
            return Err(Error::already_exists(Kind::OrganizationalUnit, name.as_str()));
        }
        if depth(org, parent) >= MAX_OU_DEPTH {
            return Err(constraint(op, "OU_DEPTH_LIMIT_EXCEEDED"));
        }
        let root = org.root.clone();
        let id = state.fresh_ou_id(&root);
        let org = state.org_mut(op)?;
        org.ous.insert(
            id.clone(),
            OuRecord {
                name: name.to_string(),
                parent: parent.clone(),
                tags: tags.clone(),
            },
        );
        Ok(OrganizationalUnit {
            arn: org.arn("ou", id.as_str()),
            id,
            name: name.to_string(),
        })
    }

    async fn move_account(
        &self,
        account: &AccountId,
        source: &ParentId,
        destination: &ParentId,
    ) -> Result<()> {
        let mut state = self.call();
        let org = state.org_mut(Op::MoveAccount)?;
        for parent in [source, destination] {
            if !org.has_parent(parent) {
                return Err(parent_not_found(parent));
            }
        }
        match org.accounts.get_mut(account) {
            Some(record) if record.parent == *source => {
                record.parent = destination.clone();
                Ok(())
            }
            _ => Err(Error::not_found(Kind::OrganizationAccount, account.as_str())),
        }
    }

    async fn tag_resource(&self, resource: &OrganizationResource, tags: &Tags) -> Result<()> {
        let mut state = self.call();
        let org = state.org_mut(Op::TagOrganizationResource)?;
        org.tags_mut(resource)?.extend(tags.clone());
        Ok(())
    }

    async fn close_account(&self, account: &AccountId) -> Result<()> {
        let op = Op::CloseAccount;
        let mut state = self.call();
        let org = state.org_mut(op)?;
        if *account == org.management {
            return Err(constraint(op, "the management account cannot be closed this way"));
        }
        let record = org
            .accounts
            .get_mut(account)
            .ok_or_else(|| Error::not_found(Kind::OrganizationAccount, account.as_str()))?;
        if record.state != AccountState::Active {
            return Err(Error::service(
                op,
                "AccountAlreadyClosedException",
                "already closed",
            ));
        }
        record.state = AccountState::PendingClosure;
        Ok(())
    }

    async fn register_delegated_administrator(&self, account: &AccountId, service: &str) -> Result<()> {
        let op = Op::RegisterDelegatedAdministrator;
        let mut state = self.call();
        let org = state.org_mut(op)?;
        if *account == org.management {
            return Err(constraint(
                op,
                "the management account cannot be a delegated administrator",
            ));
        }
        if !org.accounts.contains_key(account) {
            return Err(Error::not_found(Kind::OrganizationAccount, account.as_str()));
        }
        if !org
            .delegated
            .entry(account.clone())
            .or_default()
            .insert(service.to_owned())
        {
            return Err(Error::already_exists(
                Kind::DelegatedAdministrator,
                format!("{account} for {service}"),
            ));
        }
        Ok(())
    }

    async fn enable_aws_service_access(&self, service: &str) -> Result<()> {
        let mut state = self.call();
        state
            .org_mut(Op::EnableAwsServiceAccess)?
            .service_access
            .insert(service.to_owned());
        Ok(())
    }
}
