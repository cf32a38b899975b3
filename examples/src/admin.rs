//! Step two of the guide as a recipe: an administrative user in IAM Identity Center.

use clap::Args;
use iam_bootstrap::names::AccountId;
use iam_bootstrap::{AdminProvisioning, Aws, DirectoryUserSpec};

use crate::Target;

/// Flags that describe the administrator. Every one has a default, so `bootstrap` can run
/// the section with none.
#[derive(Debug, Clone, Args)]
pub struct AdminArgs {
    /// The administrator's user name in the identity store.
    #[arg(long, default_value = "admin")]
    pub user_name: String,
    /// The administrator's email (Identity Center sends the invitation there).
    #[arg(long, default_value = "admin@example.com")]
    pub email: String,
    /// The administrator's given name.
    #[arg(long, default_value = "Admin")]
    pub given_name: String,
    /// The administrator's family name.
    #[arg(long, default_value = "User")]
    pub family_name: String,
    /// An account to assign the administrators group in (repeatable; default: the account
    /// the credentials belong to).
    #[arg(long = "account-id")]
    pub account_ids: Vec<String>,
    /// The administrators group.
    #[arg(long, default_value = "Administrators")]
    pub group: String,
    /// Converge an existing `AdministratorAccess` permission set that iam-bootstrap did not create.
    #[arg(long)]
    pub adopt_permission_set: bool,
}

impl Default for AdminArgs {
    fn default() -> Self {
        Self {
            user_name: "admin".into(),
            email: "admin@example.com".into(),
            given_name: "Admin".into(),
            family_name: "User".into(),
            account_ids: Vec::new(),
            group: "Administrators".into(),
            adopt_permission_set: false,
        }
    }
}

impl AdminArgs {
    /// The preset for these flags, assigning in `accounts`.
    ///
    /// # Errors
    /// [`iam_bootstrap::Error::Validation`] naming the flag's field.
    pub fn spec(&self, accounts: &[String]) -> iam_bootstrap::Result<AdminProvisioning> {
        Ok(AdminProvisioning::builder()
            .user(
                DirectoryUserSpec::builder(&self.user_name)
                    .given_name(&self.given_name)
                    .family_name(&self.family_name)
                    .email(&self.email),
            )
            .group(&self.group)
            .accounts(accounts.iter().cloned())
            .adopt_permission_set(self.adopt_permission_set)
            .build()?)
    }

    /// Checks every flag without connecting (account IDs, when given, included).
    ///
    /// # Errors
    /// As [`AdminArgs::spec`].
    pub fn check(&self) -> iam_bootstrap::Result<()> {
        let placeholder = ["123456789012".to_owned()];
        let accounts = if self.account_ids.is_empty() {
            &placeholder[..]
        } else {
            &self.account_ids[..]
        };
        self.spec(accounts).map(|_| ())
    }
}

/// Plans (and unless `--dry-run`, applies) the administrator, printing the plan and outcome.
///
/// # Errors
/// Bad flags, Identity Center not enabled, or the first call that fails.
pub async fn admin_section(target: &Target, aws: &Aws, args: &AdminArgs) -> iam_bootstrap::Result<()> {
    let accounts = if args.account_ids.is_empty() {
        vec![AccountId::new(aws.iam().caller_identity().await?.account)?.to_string()]
    } else {
        args.account_ids.clone()
    };
    let spec = args.spec(&accounts)?;
    let plan = spec.plan(aws).await?;
    target.print_plan("Provision an administrative user in IAM Identity Center", &plan);
    if !target.dry_run {
        let outcome = plan.apply(aws).await?;
        target.print_outcome(&plan, &outcome);
    }
    Ok(())
}
