//! The fewest reads that prove the bootstrap workload (see [`crate::workload`]) is converged:
//! every fact the spec declares and the library converges, and the one cheapest read of
//! AWS's API that establishes it. A converged re-run is held to this count, read by read,
//! rather than to "fewer than some other way".
//!
//! Facts the library does not converge (a group's description, say) need no read. A listing
//! counts as many pages as the backend answers with (see [`Shape::page_size`]).

use std::collections::BTreeMap;

use iam_bootstrap::EmulatorGaps;
use iam_bootstrap::client::Operation;
use iam_bootstrap::client::layer::CallStats;

/// AWS's largest page for Identity Center's list operations (`MaxResults` = 100); moto's
/// default page is the same.
pub const MAX_PAGE: u64 = 100;

/// One read the bound counts, and what it proves.
#[derive(Debug, Clone)]
pub struct NeededRead {
    /// The operation.
    pub operation: Operation,
    /// How many calls of it.
    pub count: u64,
    /// The fact it establishes.
    pub proves: &'static str,
}

/// The workload's shape: the admin bootstrap in `accounts` accounts, then `roles` roles
/// (one managed and one inline policy each).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Accounts the admin group is assigned the permission set in.
    pub accounts: u64,
    /// Service roles.
    pub roles: u64,
    /// What the backend cannot answer, so the library does not ask
    /// ([`iam_bootstrap::Aws::emulator_gaps`]): each gap drops the read that proves its fact.
    pub gaps: EmulatorGaps,
    /// Items in one page of the backend's listings: `Some(MAX_PAGE)` for AWS and moto,
    /// `None` for the in-memory account, which answers every listing in one page.
    pub page_size: Option<u64>,
}

/// The reads a converged re-run of `shape` needs, one line per fact, in an instance that
/// holds only the workload's permission set.
pub fn converged_reads(shape: Shape) -> Vec<NeededRead> {
    use Operation as O;
    let need = |operation, count, proves| NeededRead {
        operation,
        count,
        proves,
    };
    let mut reads = vec![
        need(
            O::ListInstances,
            1,
            "the instance and its identity store (every other call names them)",
        ),
        need(O::GetDirectoryUserId, 1, "the admin user exists"),
        need(O::DescribeDirectoryUser, 1, "its names and email are the spec's"),
        need(O::GetDirectoryGroupId, 1, "the group exists"),
        need(O::GetGroupMembershipId, 1, "the user is in the group"),
        need(
            O::ListPermissionSets,
            1,
            "the set's ARN (one page: the instance holds one set)",
        ),
        need(
            O::DescribePermissionSet,
            1,
            "that ARN is the set by name; its description and session length",
        ),
        need(
            O::ListManagedPoliciesInPermissionSet,
            1,
            "exactly the spec's managed policy is attached",
        ),
        need(
            O::ListCustomerManagedPolicyReferencesInPermissionSet,
            1,
            "no customer managed policy is attached",
        ),
        need(O::GetInlinePolicyForPermissionSet, 1, "no inline policy"),
        need(
            O::ListAccountAssignmentsForPrincipal,
            shape
                .page_size
                .map_or(1, |p| shape.accounts.div_ceil(p.max(1)).max(1)),
            "the group holds the set in every account (one listing, every page of it)",
        ),
    ];
    if !shape.gaps.permission_set_boundaries {
        reads.push(need(
            O::GetPermissionsBoundaryForPermissionSet,
            1,
            "the set has no permissions boundary (none added by hand)",
        ));
    }
    if !shape.gaps.permission_set_tags {
        reads.push(need(
            O::ListTagsForResource,
            1,
            "the set is owned and its tags are the spec's (none added by hand)",
        ));
    }
    if !shape.gaps.provisioning_status_filter {
        reads.push(need(
            O::ListAccountsForProvisionedPermissionSet,
            1,
            "no account holds an outdated copy of the set",
        ));
    }
    if shape.roles > 0 {
        reads.extend([
            need(
                O::GetCallerIdentity,
                1,
                "the account ID the trust policies' aws:SourceAccount names",
            ),
            need(
                O::GetRole,
                shape.roles,
                "each role exists with its trust policy and description",
            ),
            need(
                O::ListAttachedRolePolicies,
                shape.roles,
                "exactly its managed policy is attached",
            ),
            need(
                O::ListRolePolicies,
                shape.roles,
                "exactly its inline policy exists",
            ),
            need(
                O::GetRolePolicy,
                shape.roles,
                "that inline policy's document is the spec's",
            ),
        ]);
    }
    reads
}

/// The library's reads next to the bound, per operation.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Reads the bound counts.
    pub bound: u64,
    /// Reads the library made.
    pub made: u64,
    /// Operations where the two differ: (operation, bound, made).
    pub differences: Vec<(Operation, u64, u64)>,
}

/// Compares the reads in `calls` with `bound`.
pub fn compare(bound: &[NeededRead], calls: &CallStats) -> Comparison {
    let mut per_op: BTreeMap<Operation, (u64, u64)> = BTreeMap::new();
    for read in bound {
        per_op.entry(read.operation).or_default().0 += read.count;
    }
    for (operation, stats) in &calls.by_operation {
        if operation.access() == iam_bootstrap::client::Access::Read {
            per_op.entry(*operation).or_default().1 += stats.calls;
        }
    }
    Comparison {
        bound: bound.iter().map(|r| r.count).sum(),
        made: calls.reads(),
        differences: per_op
            .into_iter()
            .filter(|(_, (b, m))| b != m)
            .map(|(op, (b, m))| (op, b, m))
            .collect(),
    }
}

/// The bound, one line per read, and where the library differs (for the details log).
pub fn describe(bound: &[NeededRead], comparison: &Comparison) -> Vec<String> {
    let mut lines: Vec<String> = bound
        .iter()
        .map(|r| format!("  {} x{}: {}", r.operation.api_name(), r.count, r.proves))
        .collect();
    lines.push(format!(
        "  = {} reads at least; the library made {}",
        comparison.bound, comparison.made
    ));
    for (op, b, m) in &comparison.differences {
        lines.push(format!("  differs: {} bound {b}, made {m}", op.api_name()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_roles_add_up() {
        let total = |shape| converged_reads(shape).iter().map(|r| r.count).sum::<u64>();
        let admin_only = Shape {
            accounts: 200,
            roles: 0,
            gaps: EmulatorGaps::none(),
            page_size: Some(MAX_PAGE),
        };
        // 10 single reads, 2 pages of assignments, the boundary, the tags, the outdated-copy
        // check.
        assert_eq!(total(admin_only), 15);
        // The in-memory account lists all 200 in one page.
        assert_eq!(
            total(Shape {
                page_size: None,
                ..admin_only
            }),
            14
        );
        let with_roles = Shape {
            accounts: 20,
            roles: 5,
            gaps: EmulatorGaps::moto(),
            page_size: Some(MAX_PAGE),
        };
        // 10 single reads, 1 page (moto's gaps skip the boundary, tags and outdated-copy
        // reads), the caller identity, 4 reads a role.
        assert_eq!(total(with_roles), 32);
    }

    #[test]
    fn compare_lists_each_operation_that_differs() {
        let bound = converged_reads(Shape {
            accounts: 1,
            roles: 0,
            gaps: EmulatorGaps::moto(),
            page_size: None,
        });
        let comparison = compare(&bound, &CallStats::default());
        assert_eq!(comparison.made, 0);
        assert_eq!(comparison.bound, 11);
        assert_eq!(comparison.differences.len(), bound.len());
    }
}
