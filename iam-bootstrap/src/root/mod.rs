//! Step one of the guide: secure the root user and the account's sign-in settings.

mod password_policy;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use password_policy::{PasswordExpiry, PasswordPolicy, PasswordPolicyBuilder};

use crate::aws::Aws;
use crate::client::PasswordPolicySettings;
use crate::error::Result;
use crate::plan::ApplyContext;
use password_policy::PolicyDelta;

/// A write that hardens the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RootChange {
    /// `UpdateAccountPasswordPolicy` with every field (the API resets omitted ones).
    UpdatePasswordPolicy {
        /// The policy before, `None` if the account had none.
        before: Option<PasswordPolicySettings>,
        /// The complete policy to write.
        after: PasswordPolicySettings,
    },
}

impl RootChange {
    pub(crate) async fn apply(&self, aws: &Aws, _context: &ApplyContext) -> Result<()> {
        match self {
            RootChange::UpdatePasswordPolicy { after, .. } => aws.iam().update_password_policy(after).await,
        }
    }
}

impl RootChange {
    /// Account settings depend on nothing else.
    pub(crate) fn stage(&self) -> u8 {
        0
    }

    /// One lane per account setting.
    pub(crate) fn lane(&self) -> String {
        match self {
            RootChange::UpdatePasswordPolicy { .. } => "account:password-policy".to_owned(),
        }
    }
}

impl fmt::Display for RootChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootChange::UpdatePasswordPolicy { before, after } => {
                write!(
                    f,
                    "update the account password policy: {}",
                    PolicyDelta(before.as_ref(), after)
                )
            }
        }
    }
}
