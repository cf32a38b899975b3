//! Taking Identity Center access away on the in-memory account, with AWS's rules: an
//! assignment deletion is asynchronous and counts against the instance's limit of ten
//! outstanding assignment operations; the last assignment of a set in an account
//! deprovisions the set from it; a set still assigned or provisioned anywhere cannot be
//! deleted (`ConflictException`), which is what makes the order of a prune matter.

use super::state::{AsyncRecord, State};
use crate::client::{AccountAssignment, AsyncState, AsyncStatus, GroupMember, Operation as Op};
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{DirectoryGroupId, DirectoryUserId, IdentityStoreId, InstanceArn, PermissionSetArn};

/// The failure `failing` configures for `assignment`'s account, if any.
pub(super) fn failure_for(
    failing: &[(crate::names::AccountId, String)],
    assignment: &AccountAssignment,
) -> Option<String> {
    failing
        .iter()
        .find(|(account, _)| *account == assignment.account_id)
        .map(|(_, reason)| reason.clone())
}

impl State {
    /// Starts an asynchronous assignment creation or deletion: throttled past the
    /// instance's limit of outstanding operations (`busy` says so), otherwise counted as
    /// outstanding under a fresh request ID.
    pub(super) fn start_assignment_request(
        &mut self,
        operation: Op,
        busy: &'static str,
        record: AsyncRecord,
    ) -> Result<(String, AsyncRecord)> {
        if self.outstanding_assignments >= self.config.max_outstanding_assignments {
            return Err(Error::Throttled {
                operation,
                source: Some(busy.into()),
            });
        }
        let request_id = format!("{}-{}", self.fresh_id(8), self.fresh_id(12));
        self.outstanding_assignments += 1;
        self.max_outstanding_assignments = self.max_outstanding_assignments.max(self.outstanding_assignments);
        Ok((request_id, record))
    }

    pub(super) fn delete_assignment(
        &mut self,
        instance: &InstanceArn,
        assignment: &AccountAssignment,
    ) -> Result<AsyncStatus> {
        let op = Op::DeleteAccountAssignment;
        self.instance(op, instance)?;
        if !self.assignments.contains(assignment) {
            return Err(Error::not_found(
                Kind::AccountAssignment,
                assignment.account_id.as_str(),
            ));
        }
        let failure = failure_for(&self.config.failing_deletions, assignment);
        let (request_id, record) = self.start_assignment_request(
            op,
            "too many account assignment operations in progress",
            AsyncRecord {
                polls_left: self.config.assignment_polls,
                failure,
                assignment: None,
                provision: None,
                removal: Some(assignment.clone()),
            },
        )?;
        let status = if record.polls_left == 0 {
            self.settle_deletion(&record);
            terminal(&request_id, &record)
        } else {
            AsyncStatus {
                request_id: request_id.clone(),
                state: AsyncState::InProgress,
                failure_reason: None,
            }
        };
        self.deletion_requests.insert(request_id, record);
        Ok(status)
    }

    pub(super) fn poll_deletion(&mut self, instance: &InstanceArn, request_id: &str) -> Result<AsyncStatus> {
        self.instance(Op::DescribeAccountAssignmentDeletionStatus, instance)?;
        let record = self
            .deletion_requests
            .get_mut(request_id)
            .ok_or_else(|| Error::not_found(Kind::AccountAssignment, request_id))?;
        let was_pending = record.polls_left > 0;
        record.polls_left = record.polls_left.saturating_sub(1);
        let record = record.clone();
        if record.polls_left > 0 {
            return Ok(AsyncStatus {
                request_id: request_id.to_owned(),
                state: AsyncState::InProgress,
                failure_reason: None,
            });
        }
        if was_pending {
            self.settle_deletion(&record);
        }
        Ok(terminal(request_id, &record))
    }

    /// What a finished deletion leaves: the assignment gone and, with the last assignment of
    /// its set in its account, the set deprovisioned from that account.
    fn settle_deletion(&mut self, record: &AsyncRecord) {
        self.outstanding_assignments = self.outstanding_assignments.saturating_sub(1);
        let Some(gone) = record.removal.as_ref().filter(|_| record.failure.is_none()) else {
            return;
        };
        self.assignments.remove(gone);
        let still_used = self
            .assignments
            .iter()
            .any(|a| a.account_id == gone.account_id && a.permission_set_arn == gone.permission_set_arn);
        if !still_used {
            for accounts in [&mut self.provisioned, &mut self.outdated] {
                if let Some(accounts) = accounts.get_mut(&gone.permission_set_arn) {
                    accounts.remove(&gone.account_id);
                }
            }
        }
    }

    pub(super) fn delete_permission_set(
        &mut self,
        instance: &InstanceArn,
        arn: &PermissionSetArn,
    ) -> Result<()> {
        let op = Op::DeletePermissionSet;
        self.set_mut(op, instance, arn)?;
        let assigned = self.assignments.iter().any(|a| &a.permission_set_arn == arn);
        let provisioned = self.provisioned.get(arn).is_some_and(|a| !a.is_empty());
        if assigned || provisioned {
            return Err(Error::service(
                op,
                "ConflictException",
                format!(
                    "permission set {arn} is still assigned or provisioned: delete its assignments first"
                ),
            ));
        }
        self.permission_sets.remove(arn);
        self.provisioned.remove(arn);
        self.outdated.remove(arn);
        Ok(())
    }

    pub(super) fn group_members(
        &self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
    ) -> Result<Vec<GroupMember>> {
        self.store(store)?;
        Ok(self
            .memberships
            .iter()
            .filter(|(_, (g, _))| g == group)
            .map(|(id, (_, user))| GroupMember {
                membership_id: id.clone(),
                user_id: user.clone(),
            })
            .collect())
    }

    pub(super) fn delete_membership(&mut self, store: &IdentityStoreId, membership_id: &str) -> Result<()> {
        self.store(store)?;
        self.memberships
            .remove(membership_id)
            .map(|_| ())
            .ok_or_else(|| Error::not_found(Kind::GroupMembership, membership_id))
    }

    /// As in the identity store, a deleted user's memberships go with it (its account
    /// assignments do not: they are Identity Center's, and stay until deleted).
    pub(super) fn delete_directory_user(
        &mut self,
        store: &IdentityStoreId,
        user: &DirectoryUserId,
    ) -> Result<()> {
        self.store(store)?;
        self.directory_users
            .remove(user)
            .ok_or_else(|| Error::not_found(Kind::DirectoryUser, user.as_str()))?;
        self.memberships.retain(|_, (_, member)| member != user);
        Ok(())
    }

    pub(super) fn delete_directory_group(
        &mut self,
        store: &IdentityStoreId,
        group: &DirectoryGroupId,
    ) -> Result<()> {
        self.store(store)?;
        self.directory_groups
            .remove(group)
            .ok_or_else(|| Error::not_found(Kind::DirectoryGroup, group.as_str()))?;
        self.memberships.retain(|_, (g, _)| g != group);
        Ok(())
    }
}

fn terminal(request_id: &str, record: &AsyncRecord) -> AsyncStatus {
    AsyncStatus {
        request_id: request_id.to_owned(),
        state: if record.failure.is_some() {
            AsyncState::Failed
        } else {
            AsyncState::Succeeded
        },
        failure_reason: record.failure.clone(),
    }
}
