//! Where the offline lint and Access Analyzer's `ValidatePolicy` report the same thing:
//! the one table that pairs a [`LintCode`] with AWS's `issueCode`.

use crate::policy::LintCode;

/// Lint codes and the `issueCode` AWS uses for the same finding. Only pairs that mean
/// the same thing are listed: the offline lint's other codes have no AWS twin (or AWS
/// splits them by context), and AWS has many checks the lint does not make.
const PAIRS: &[(LintCode, &str)] = &[
    (LintCode::OutdatedVersion, "MISSING_VERSION"),
    (
        LintCode::PassRoleOnAllResources,
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
    ),
    (LintCode::RedundantAction, "REDUNDANT_ACTION"),
    (LintCode::RedundantResource, "REDUNDANT_RESOURCE"),
    (LintCode::RedundantStatement, "REDUNDANT_STATEMENT"),
];

/// AWS's `issueCode` for a lint code, if AWS reports the same finding.
///
/// ```
/// use iam_bootstrap::access_analyzer::aws_issue_code;
/// use iam_bootstrap::policy::LintCode;
/// assert_eq!(aws_issue_code(LintCode::RedundantAction), Some("REDUNDANT_ACTION"));
/// assert_eq!(aws_issue_code(LintCode::FullAccess), None);
/// ```
pub fn aws_issue_code(code: LintCode) -> Option<&'static str> {
    PAIRS.iter().find(|(c, _)| *c == code).map(|(_, aws)| *aws)
}

/// The lint code for an AWS `issueCode`, if the offline lint reports the same finding.
pub fn lint_code(issue_code: &str) -> Option<LintCode> {
    PAIRS.iter().find(|(_, aws)| *aws == issue_code).map(|(c, _)| *c)
}

/// The `issueCode` the in-memory backend answers for a lint code: AWS's where there is one,
/// otherwise the lint's id upper-cased (`FULL_ACCESS`), so its findings read like AWS's.
pub(crate) fn offline_issue_code(code: LintCode) -> String {
    aws_issue_code(code).map_or_else(|| code.as_str().to_uppercase(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_a_bijection() {
        for (code, aws) in PAIRS {
            assert_eq!(lint_code(aws), Some(*code));
            assert_eq!(aws_issue_code(*code), Some(*aws));
        }
        assert_eq!(lint_code("FORALLVALUES_WITH_SINGLE_VALUED_KEY"), None);
        assert_eq!(offline_issue_code(LintCode::FullAccess), "FULL_ACCESS");
        assert_eq!(
            offline_issue_code(LintCode::RedundantStatement),
            "REDUNDANT_STATEMENT"
        );
    }
}
