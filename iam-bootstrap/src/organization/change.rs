//! [`OrganizationChange`]: the writes that bring a member account into being and into
//! place (create, wait, move, tag), and how each is applied.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::CreateAccountFailure;
use crate::aws::Aws;
use crate::client::{
    CreateAccountState, CreateAccountStatus, NewAccount, Operation, OrganizationResource, ParentId, Tags,
};
use crate::error::{Error, Result};
use crate::names::{AccountEmail, AccountId, AccountName, CreateAccountRequestId, RoleName};
use crate::protocol::{Lane, Stage};

/// One write to the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OrganizationChange {
    /// `CreateAccount`, waited for (`DescribeCreateAccountStatus` with bounded backoff),
    /// then `MoveAccount` from the root into its OU.
    CreateAccount {
        /// The account's name.
        name: AccountName,
        /// Its root user's email.
        email: AccountEmail,
        /// The role the management account may assume in it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role_name: Option<RoleName>,
        /// Its tags (given to `CreateAccount`).
        #[serde(default, skip_serializing_if = "Tags::is_empty")]
        tags: Tags,
        /// The root, where `CreateAccount` puts it.
        root: ParentId,
        /// Its OU (the root when it stays there).
        destination: ParentId,
        /// The OU as the spec wrote it, for the plan text.
        ou: String,
    },
    /// A `CreateAccount` an earlier, interrupted run started: waited for, then moved.
    AwaitAccountCreation {
        /// The request.
        request_id: CreateAccountRequestId,
        /// The account's name.
        name: AccountName,
        /// Its root user's email.
        email: AccountEmail,
        /// The root, where `CreateAccount` puts it.
        root: ParentId,
        /// Its OU.
        destination: ParentId,
        /// The OU as the spec wrote it.
        ou: String,
    },
    /// `MoveAccount` of an existing account into the spec's OU.
    MoveAccount {
        /// The account.
        account: AccountId,
        /// Its root user's email.
        email: AccountEmail,
        /// Where it is.
        source: ParentId,
        /// Where the spec wants it.
        destination: ParentId,
        /// The OU as the spec wrote it.
        ou: String,
    },
    /// `TagResource` on an existing account: the spec's tags it lacks or has otherwise.
    TagAccount {
        /// The account.
        account: AccountId,
        /// Its root user's email.
        email: AccountEmail,
        /// The tags to set.
        tags: Tags,
    },
}

impl OrganizationChange {
    /// Accounts come first: assignments and roles may target them.
    pub(crate) fn stage(&self) -> Stage {
        Stage::Foundations
    }

    /// One lane per account (by email), so its creation, move and tags stay in order.
    pub(crate) fn lane(&self) -> Lane {
        let email = match self {
            Self::CreateAccount { email, .. }
            | Self::AwaitAccountCreation { email, .. }
            | Self::MoveAccount { email, .. }
            | Self::TagAccount { email, .. } => email,
        };
        Lane::OrganizationAccount(email.as_str().to_ascii_lowercase())
    }

    /// No saved-plan check: Organizations itself refuses a stale change (a second account
    /// with the same email fails EMAIL_ALREADY_EXISTS, a move from a parent the account
    /// left fails), and tagging is idempotent.
    pub(crate) async fn observe(&self, _aws: &Aws) -> Result<Option<String>> {
        Ok(None)
    }

    /// Carries the change out.
    pub(crate) async fn apply(&self, aws: &Aws) -> Result<()> {
        let orgs = aws.organizations();
        match self {
            Self::CreateAccount {
                name,
                email,
                role_name,
                tags,
                root,
                destination,
                ..
            } => {
                let new = NewAccount {
                    name: name.clone(),
                    email: email.clone(),
                    role_name: role_name.clone(),
                    tags: tags.clone(),
                };
                let status = orgs.create_account(&new).await?;
                let id = settle(aws, name, status).await?;
                place(aws, &id, root, destination).await
            }
            Self::AwaitAccountCreation {
                request_id,
                name,
                root,
                destination,
                ..
            } => {
                let status = orgs.describe_create_account_status(request_id).await?;
                let id = settle(aws, name, status).await?;
                place(aws, &id, root, destination).await
            }
            Self::MoveAccount {
                account,
                source,
                destination,
                ..
            } => orgs.move_account(account, source, destination).await,
            Self::TagAccount { account, tags, .. } => {
                orgs.tag_resource(&OrganizationResource::Account(account.clone()), tags)
                    .await
            }
        }
    }
}

/// Moves a new account from the root into its OU (nothing when it stays at the root).
async fn place(aws: &Aws, id: &AccountId, root: &ParentId, destination: &ParentId) -> Result<()> {
    if destination == root {
        return Ok(());
    }
    aws.organizations().move_account(id, root, destination).await
}

/// Polls a `CreateAccount` request until it settles (exponential backoff bounded by
/// [`Aws::waits`]): the new account's ID, [`Error::AccountCreationFailed`] with the typed
/// reason, or [`Error::Timeout`]. A request that settled at once costs no extra call.
async fn settle(aws: &Aws, name: &AccountName, mut status: CreateAccountStatus) -> Result<AccountId> {
    let waits = aws.waits();
    let started = tokio::time::Instant::now();
    let mut interval = waits.initial_interval;
    loop {
        match status.state {
            CreateAccountState::Succeeded => {
                return status.account_id.ok_or_else(|| {
                    Error::service(
                        Operation::DescribeCreateAccountStatus,
                        "MissingAccountId",
                        format!("request {} succeeded without an account ID", status.request_id),
                    )
                });
            }
            CreateAccountState::Failed => {
                let reason = status.failure_reason.as_deref().unwrap_or("no reason given");
                return Err(Error::AccountCreationFailed {
                    account: name.to_string(),
                    request_id: status.request_id.to_string(),
                    reason: CreateAccountFailure::from_aws(reason),
                });
            }
            CreateAccountState::InProgress => {}
        }
        let waited = started.elapsed();
        if waited >= waits.timeout {
            return Err(Error::Timeout {
                what: format!("the creation of account `{name}` ({})", status.request_id),
                waited,
            });
        }
        tokio::time::sleep(interval.min(waits.timeout.saturating_sub(waited))).await;
        interval = interval.saturating_mul(2).min(waits.max_interval);
        status = aws
            .organizations()
            .describe_create_account_status(&status.request_id)
            .await?;
    }
}

impl fmt::Display for OrganizationChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CreateAccount {
                name,
                email,
                ou,
                tags,
                ..
            } => {
                write!(f, "create account `{name}` ({email}) in {ou}")?;
                if !tags.is_empty() {
                    let list: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    write!(f, ", tagged {}", list.join(", "))?;
                }
                Ok(())
            }
            Self::AwaitAccountCreation {
                request_id, name, ou, ..
            } => write!(
                f,
                "wait for the creation of account `{name}` (request {request_id}, started earlier), then place it in {ou}"
            ),
            Self::MoveAccount {
                account,
                email,
                source,
                ou,
                ..
            } => write!(f, "move account {account} ({email}) from {source} to {ou}"),
            Self::TagAccount { account, email, tags } => {
                let list: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "tag account {account} ({email}): {}", list.join(", "))
            }
        }
    }
}
