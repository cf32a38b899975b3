//! What a saved plan checks before writing a role or a customer policy (see
//! [`crate::observe`]): one read of the resource the change writes.

use super::{RoleChange, Written};
use crate::aws::Aws;
use crate::error::Result;
use crate::names::Arn;
use crate::observe::fingerprint;

impl RoleChange {
    /// A policy's record (its default version, tags) or a role's (trust, description,
    /// session length, boundary, tags), `absent` if it does not exist.
    pub(crate) async fn observe(&self, aws: &Aws) -> Result<Option<String>> {
        let iam = aws.iam();
        let seen = match self.written() {
            Written::NewPolicy(policy) => {
                let account = aws.account_id().await?;
                let arn = Arn::customer_policy(&account, &policy.path, &policy.name);
                fingerprint(&iam.get_policy(&arn).await?)
            }
            Written::Policy(arn) => fingerprint(&iam.get_policy(arn).await?),
            Written::Role(name) => fingerprint(&iam.get_role(name).await?),
        };
        Ok(Some(seen))
    }
}
