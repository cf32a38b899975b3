//! Deleting roles and customer managed policies on the in-memory account, with IAM's
//! conflicts: a role with policies, or a policy still attached or with other versions,
//! cannot be deleted (`DeleteConflict`), which is what makes deletion order matter.

use super::state::State;
use crate::client::Operation as Op;
use crate::error::{Error, ResourceKind as Kind, Result};
use crate::names::{Arn, RoleName};

impl State {
    pub(super) fn role_names(&self) -> Vec<RoleName> {
        self.roles.values().map(|r| r.role.name.clone()).collect()
    }

    pub(super) fn customer_policy_arns(&self) -> Vec<Arn> {
        self.policies.values().map(|p| p.policy.arn.clone()).collect()
    }

    pub(super) fn delete_role(&mut self, name: &RoleName) -> Result<()> {
        let record = self.role_mut(name)?;
        if !record.attached.is_empty() || !record.inline.is_empty() {
            return Err(Error::service(
                Op::DeleteRole,
                "DeleteConflict",
                format!("cannot delete role {name}: it must have no policies first"),
            ));
        }
        self.roles.remove(&name.as_str().to_lowercase());
        Ok(())
    }

    pub(super) fn delete_policy(&mut self, arn: &Arn) -> Result<()> {
        self.policy_mut(arn)?;
        let boundary_of_a_role = self
            .roles
            .values()
            .any(|r| r.role.permissions_boundary.as_ref() == Some(arn));
        let record = self
            .policies
            .get(arn.as_str())
            .ok_or_else(|| Error::not_found(Kind::Policy, arn.as_str()))?;
        if record.attachments > 0 || record.versions.len() > 1 || boundary_of_a_role {
            return Err(Error::service(
                Op::DeletePolicy,
                "DeleteConflict",
                format!("cannot delete policy {arn}: it must be detached and have only its default version"),
            ));
        }
        self.policies.remove(arn.as_str());
        Ok(())
    }
}
