//! What an action (or action pattern) can do.
//!
//! The action catalog ([`super::catalog`]) gives IAM's own access levels; a pattern is judged
//! by the most sensitive action it matches. Actions newer than the catalog fall back on the
//! naming convention (`Get*`, `List*`, `Describe*` read; `Put*Policy`, `Attach*Policy`,
//! `CreateGrant` manage permissions), where the verb decides and a pattern is judged by the
//! worst action it could match: `s3:*` or `s3:*Object` may write.

use super::catalog::AccessLevel as CatalogLevel;
use super::wildcard;

/// The access levels the linter distinguishes, from least to most sensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AccessLevel {
    /// Reads or lists.
    Read,
    /// Tags or untags.
    Tagging,
    /// Creates, changes or deletes.
    Write,
    /// Changes who may do what (policies, grants, permissions, credentials).
    PermissionsManagement,
}

/// Verbs of read-only actions ([`read_verbs_at`] finds them by their first letter; a test
/// keeps the two in step).
#[cfg(test)]
const READ_VERBS: [&str; 21] = [
    "Get", "List", "Describe", "Head", "Search", "Select", "View", "Lookup", "Query", "Scan", "Browse",
    "Read", "Retrieve", "Validate", "Estimate", "Preview", "Download", "Simulate", "Evaluate", "Filter",
    "Verify",
];

/// Name fragments of actions that manage permissions ([`permission_words_at`] finds them
/// by their first letter; a test keeps the two in step).
#[cfg(test)]
const PERMISSION_WORDS: [&str; 6] = [
    "Policy",
    "Permission",
    "Grant",
    "AccessKey",
    "LoginProfile",
    "PassRole",
];

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The read-only verbs that start with `byte`, in either case: `Get`, `List`, `Describe`,
/// `Head`, `Search`, `Select`, `View`, `Lookup`, `Query`, `Scan`, `Browse`, `Read`,
/// `Retrieve`, `Validate`, `Estimate`, `Preview`, `Download`, `Simulate`, `Evaluate`,
/// `Filter`, `Verify`.
fn read_verbs_at(byte: u8) -> &'static [&'static str] {
    match byte | 0x20 {
        b'g' => &["Get"],
        b'l' => &["List", "Lookup"],
        b'd' => &["Describe", "Download"],
        b'h' => &["Head"],
        b's' => &["Search", "Select", "Scan", "Simulate"],
        b'v' => &["View", "Validate", "Verify"],
        b'q' => &["Query"],
        b'b' => &["Browse"],
        b'r' => &["Read", "Retrieve"],
        b'e' => &["Estimate", "Evaluate"],
        b'p' => &["Preview"],
        b'f' => &["Filter"],
        _ => &[],
    }
}

/// The name fragments of permission-managing actions (`Policy`, `Permission`, `PassRole`,
/// `Grant`, `AccessKey`, `LoginProfile`) that start with `byte`, in either case
/// (`byte | 0x20` lowercases exactly the letters matched here).
fn permission_words_at(byte: u8) -> &'static [&'static str] {
    match byte | 0x20 {
        b'p' => &["Policy", "Permission", "PassRole"],
        b'g' => &["Grant"],
        b'a' => &["AccessKey"],
        b'l' => &["LoginProfile"],
        _ => &[],
    }
}

/// Whether `name` contains one of those fragments, ignoring case. One pass over the
/// name: words are compared only where a byte is one of their first letters.
fn has_permission_word(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        permission_words_at(b).iter().any(|word| {
            bytes
                .get(at..at + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
    })
}

/// The most sensitive level an action or action pattern can reach: the catalog's, else
/// the verb's.
pub(crate) fn access_level(action: &str) -> AccessLevel {
    match super::catalog::pattern_level(action) {
        Some(CatalogLevel::List | CatalogLevel::Read) => AccessLevel::Read,
        Some(CatalogLevel::Tagging) => AccessLevel::Tagging,
        Some(CatalogLevel::Write) => AccessLevel::Write,
        Some(CatalogLevel::PermissionsManagement) => AccessLevel::PermissionsManagement,
        None => verb_level(action),
    }
}

/// The level the action's name suggests (for actions the catalog does not know).
fn verb_level(action: &str) -> AccessLevel {
    let Some((service, name)) = super::syntax::split_colon(action) else {
        // `*` is every action of every service.
        return AccessLevel::PermissionsManagement;
    };
    // The part before the first wildcard is all a pattern promises about its matches.
    let literal = name
        .bytes()
        .position(|b| b == b'*' || b == b'?')
        .and_then(|at| name.get(..at))
        .unwrap_or(name);
    let is_pattern = literal.len() != name.len();
    // `BatchGetItem`, `AdminListGroupsForUser`: the verb follows the prefix.
    let literal = ["Batch", "Admin"]
        .iter()
        .find_map(|prefix| {
            literal
                .get(..prefix.len())
                .filter(|p| p.eq_ignore_ascii_case(prefix))
                .and(literal.get(prefix.len()..))
        })
        .filter(|rest| !rest.is_empty())
        .unwrap_or(literal);
    if literal.is_empty() || wildcard::has_wildcard(service) {
        return AccessLevel::PermissionsManagement;
    }
    // Names are CamelCase (`ListBuckets`), where a verb ends at the next capital, so `List`
    // does not claim `Listen...`; all-lowercase spellings (`listbuckets`) get no such check.
    let camel = name.bytes().any(|b| b.is_ascii_uppercase());
    let first = literal.as_bytes().first().copied().unwrap_or_default();
    let read = read_verbs_at(first).iter().any(|verb| {
        starts_with_ignore_case(literal, verb)
            && (!camel
                || literal
                    .as_bytes()
                    .get(verb.len())
                    .is_none_or(|b| b.is_ascii_uppercase()))
    });
    if read {
        return AccessLevel::Read;
    }
    if has_permission_word(name) || (is_pattern && service.eq_ignore_ascii_case("iam")) {
        return AccessLevel::PermissionsManagement;
    }
    if starts_with_ignore_case(literal, "Tag") || starts_with_ignore_case(literal, "Untag") {
        return AccessLevel::Tagging;
    }
    AccessLevel::Write
}

/// Actions that let a principal raise its own privileges (Rhino Security Labs' and
/// Access Analyzer's lists). `iam:PassRole` and `sts:AssumeRole` are checked separately,
/// since they are only dangerous on `*`.
pub(crate) const PRIVILEGE_ESCALATION: [&str; 17] = [
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
];

/// The privilege-escalation actions `pattern` grants (only `iam:` patterns can).
pub(crate) fn escalation_actions(pattern: &str) -> impl Iterator<Item = &'static str> + '_ {
    let iam = pattern.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("iam:"));
    // Only `iam:` patterns can match: the others skip the list instead of testing each entry.
    let candidates = if iam { &PRIVILEGE_ESCALATION[..] } else { &[] };
    candidates
        .iter()
        .copied()
        .filter(move |action| wildcard::glob_match(pattern, action, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_decide_the_level() {
        assert_eq!(verb_level("s3:GetObject"), AccessLevel::Read);
        assert_eq!(verb_level("s3:Get*"), AccessLevel::Read);
        assert_eq!(verb_level("ec2:DescribeInstances"), AccessLevel::Read);
        assert_eq!(verb_level("s3:PutObject"), AccessLevel::Write);
        assert_eq!(
            verb_level("s3:PutBucketPolicy"),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(verb_level("kms:CreateGrant"), AccessLevel::PermissionsManagement);
        assert_eq!(
            verb_level("iam:CreateAccessKey"),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(verb_level("ec2:CreateTags"), AccessLevel::Write);
        assert_eq!(verb_level("ec2:TagResource"), AccessLevel::Tagging);
        assert_eq!(verb_level("s3:*"), AccessLevel::PermissionsManagement);
        assert_eq!(verb_level("s3:*Object"), AccessLevel::PermissionsManagement);
        assert_eq!(verb_level("iam:Update*"), AccessLevel::PermissionsManagement);
        assert_eq!(verb_level("*"), AccessLevel::PermissionsManagement);
        assert_eq!(verb_level("sqs:ListenToQueue"), AccessLevel::Write);
        assert_eq!(verb_level("s3:getobject"), AccessLevel::Read);
        assert_eq!(verb_level("dynamodb:BatchGetItem"), AccessLevel::Read);
        assert_eq!(verb_level("codecommit:BatchDescribe*"), AccessLevel::Read);
        assert_eq!(
            verb_level("cognito-idp:AdminListGroupsForUser"),
            AccessLevel::Read
        );
        assert_eq!(verb_level("dynamodb:BatchWriteItem"), AccessLevel::Write);
        assert_eq!(verb_level("iam:PassRole"), AccessLevel::PermissionsManagement);
    }

    #[test]
    fn the_catalog_decides_before_the_verb() {
        // The Service Authorization Reference calls these Write, whatever their names suggest.
        assert_eq!(access_level("iam:CreateAccessKey"), AccessLevel::Write);
        assert_eq!(access_level("iam:PassRole"), AccessLevel::Write);
        assert_eq!(
            access_level("s3:PutBucketPolicy"),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(access_level("s3:Get*"), AccessLevel::Read);
        assert_eq!(access_level("s3:*"), AccessLevel::PermissionsManagement);
        assert_eq!(access_level("ec2:DescribeInstances"), AccessLevel::Read);
        assert_eq!(access_level("iam:TagRole"), AccessLevel::Tagging);
        // Unknown to the catalog: the verb decides.
        assert_eq!(access_level("s3:GetBrandNewThing"), AccessLevel::Read);
        assert_eq!(access_level("*"), AccessLevel::PermissionsManagement);
    }

    #[test]
    fn read_verbs_are_found_by_their_first_letters() {
        let mut dispatched: Vec<&str> = (0..=u8::MAX)
            .flat_map(|b| read_verbs_at(b).iter().copied())
            .collect();
        dispatched.sort_unstable();
        dispatched.dedup();
        let mut verbs = READ_VERBS.to_vec();
        verbs.sort_unstable();
        assert_eq!(dispatched, verbs);
        for verb in READ_VERBS {
            let first = verb.as_bytes()[0];
            assert!(read_verbs_at(first).contains(&verb));
            assert!(read_verbs_at(first.to_ascii_lowercase()).contains(&verb));
        }
    }

    #[test]
    fn permission_words_are_found_by_their_first_letters() {
        let mut dispatched: Vec<&str> = (0..=u8::MAX)
            .flat_map(|b| permission_words_at(b).iter().copied())
            .collect();
        dispatched.sort_unstable();
        dispatched.dedup();
        let mut words = PERMISSION_WORDS.to_vec();
        words.sort_unstable();
        assert_eq!(dispatched, words);
        for word in PERMISSION_WORDS {
            let first = word.as_bytes()[0];
            assert!(permission_words_at(first).contains(&word));
            assert!(permission_words_at(first.to_ascii_lowercase()).contains(&word));
        }
        assert!(has_permission_word("PutBucketPOLICY"));
        assert!(!has_permission_word("GetObject"));
    }

    #[test]
    fn escalation_actions_come_from_iam_patterns() {
        assert_eq!(
            escalation_actions("iam:PutRolePolicy").collect::<Vec<_>>(),
            ["iam:PutRolePolicy"]
        );
        assert_eq!(escalation_actions("IAM:attach*").count(), 3);
        assert_eq!(escalation_actions("iam:*").count(), PRIVILEGE_ESCALATION.len());
        assert_eq!(escalation_actions("s3:*").count(), 0);
        assert_eq!(escalation_actions("iam:Get*").count(), 0);
    }
}
