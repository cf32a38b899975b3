//! The workloads every harness runs, so each comparison measures the same thing.

use iam_bootstrap::policy::PolicyDocument;
use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{
    AdminProvisioning, AssignmentSpec, DirectoryGroupSpec, DirectoryUserSpec, IdentityCenterSpec,
    PermissionSetSpec, ValidationError,
};

/// The AWS managed policy the bootstrap's roles attach.
pub const ROLE_MANAGED_POLICY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/// `n` distinct 12-digit account IDs, the first one `first`.
pub fn account_ids(first: u64, n: usize) -> Vec<String> {
    (0..n as u64).map(|i| format!("{:012}", first + i)).collect()
}

/// The admin bootstrap: user `admin`, group `Administrators` (the user in it), the
/// `AdministratorAccess` permission set, the group assigned the set in every account.
///
/// # Errors
/// Only if an account ID is not 12 digits.
pub fn admin(accounts: &[String]) -> Result<AdminProvisioning, ValidationError> {
    AdminProvisioning::builder()
        .user(
            DirectoryUserSpec::builder("admin")
                .given_name("Ada")
                .family_name("Admin")
                .email("admin@example.com"),
        )
        .group("Administrators")
        .accounts(accounts.iter().cloned())
        .build()
}

/// `k` service roles `app-0`, `app-1`, ...: Lambda trust (with `aws:SourceAccount`), the
/// `ReadOnlyAccess` managed policy and one inline policy each (three writes a role).
///
/// # Errors
/// Never for these literals; the `Result` is the builder's.
pub fn roles(k: usize) -> Result<Vec<RoleSpec>, ValidationError> {
    (0..k)
        .map(|n| {
            RoleSpec::builder(format!("app-{n}"))
                .description(format!("Runs function app-{n}"))
                .trust(Trust::service("lambda.amazonaws.com"))
                .managed_policy(ROLE_MANAGED_POLICY)
                .inline_policy("write-logs", logs_policy(n))
                .build()
        })
        .collect()
}

/// The inline policy of role `app-{n}`: write its own log group.
pub fn logs_policy(n: usize) -> PolicyDocument {
    PolicyDocument::allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [format!("arn:aws:logs:*:*:log-group:/aws/lambda/app-{n}:*")],
    )
}

/// Sizes of the large Identity Center spec.
#[derive(Debug, Clone, Copy)]
pub struct LargeSpec {
    /// Identity-store users.
    pub users: usize,
    /// Groups; user `i` is in group `i % groups`.
    pub groups: usize,
    /// Permission sets; group `g` is assigned set `g % permission_sets`.
    pub permission_sets: usize,
    /// Accounts every group is assigned its set in.
    pub accounts: usize,
}

impl LargeSpec {
    /// The issue's size: 1,000 users, 100 groups, 50 permission sets, 200 accounts
    /// (100 assignment batches of 200 accounts: 20,000 account assignments).
    pub const ISSUE: LargeSpec = LargeSpec {
        users: 1000,
        groups: 100,
        permission_sets: 50,
        accounts: 200,
    };

    /// How many account assignments the spec asks for.
    pub fn assignments(&self) -> usize {
        self.groups * self.accounts
    }

    /// The spec.
    ///
    /// # Errors
    /// Never for these generated values; the `Result` is the builder's.
    pub fn build(&self) -> Result<IdentityCenterSpec, ValidationError> {
        let accounts = account_ids(300_000_000_000, self.accounts);
        let mut builder = IdentityCenterSpec::builder();
        for u in 0..self.users {
            builder = builder.user(
                DirectoryUserSpec::builder(format!("user{u:04}"))
                    .given_name("User")
                    .family_name(format!("Number{u}"))
                    .email(format!("user{u}@example.com")),
            );
        }
        for g in 0..self.groups {
            let members = (0..self.users)
                .filter(|u| u % self.groups == g)
                .map(|u| format!("user{u:04}"));
            let mut group = DirectoryGroupSpec::builder(format!("team-{g:03}"));
            for member in members {
                group = group.member(member);
            }
            builder = builder.group(group);
        }
        for s in 0..self.permission_sets {
            let mut set = PermissionSetSpec::builder(format!("set-{s:02}"))
                .description(format!("Permission set {s}"))
                .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess");
            if s % 2 == 0 {
                set = set.inline_policy(
                    PolicyDocument::allow(
                        ["s3:GetObject", "s3:PutObject"],
                        [format!("arn:aws:s3:::team-bucket-{s}/*")],
                    )
                    .to_json(),
                );
            }
            builder = builder.permission_set(set);
        }
        for g in 0..self.groups {
            builder = builder.assignment(
                AssignmentSpec::builder(format!("set-{:02}", g % self.permission_sets))
                    .group(format!("team-{g:03}"))
                    .accounts(accounts.iter().cloned()),
            );
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_build() {
        assert_eq!(admin(&account_ids(1, 3)).unwrap().spec().assignments().len(), 1);
        assert_eq!(roles(2).unwrap().len(), 2);
        let small = LargeSpec {
            users: 10,
            groups: 2,
            permission_sets: 2,
            accounts: 3,
        };
        let spec = small.build().unwrap();
        assert_eq!(spec.users().len(), 10);
        assert_eq!(spec.groups()[1].members().len(), 5);
        assert_eq!(small.assignments(), 6);
    }
}
