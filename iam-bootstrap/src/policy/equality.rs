//! Semantic equality and diff of documents.

use super::document::{PolicyDocument, Version};
use super::operator::ConditionOperator;
use super::principal::{Principal, PrincipalType};
use super::statement::{Effect, Statement};

/// What changed between two documents, statement by statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct PolicyDiff {
    /// Statements of the new document with no semantic equal in the old one.
    pub added: Vec<Statement>,
    /// Statements of the old document with no semantic equal in the new one.
    pub removed: Vec<Statement>,
    /// `(old, new)` effective versions, when they differ.
    pub version: Option<(Version, Version)>,
}

impl PolicyDiff {
    /// Whether the documents are semantically equal.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.version.is_none()
    }
}

type NormList = Vec<String>;

/// A statement reduced to what matters for equality; derives the comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NormalStatement {
    effect: Effect,
    principal: Option<(bool, Vec<(PrincipalType, NormList)>)>,
    action: Option<(bool, NormList)>,
    resource: Option<(bool, NormList)>,
    condition: Vec<(ConditionOperator, String, NormList)>,
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort_unstable();
    list.dedup();
    list
}

fn normal_principal(principal: &Principal) -> Vec<(PrincipalType, NormList)> {
    let mut by_type: Vec<(PrincipalType, NormList)> = Vec::new();
    let pairs: Vec<(PrincipalType, &str)> = match principal {
        Principal::Any => vec![(PrincipalType::Aws, "*")],
        Principal::Typed(_) => principal.iter().collect(),
    };
    for (kind, value) in pairs {
        match by_type.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(value.to_owned()),
            None => by_type.push((kind, vec![value.to_owned()])),
        }
    }
    let mut by_type: Vec<_> = by_type.into_iter().map(|(k, list)| (k, sorted(list))).collect();
    by_type.sort_unstable();
    by_type
}

impl NormalStatement {
    pub(crate) fn of(s: &Statement) -> Self {
        let condition = s.condition().map_or_else(Vec::new, |c| {
            let mut entries: Vec<_> = c
                .entries()
                .iter()
                .map(|e| {
                    let values = e.values().iter().map(|v| v.as_text().into_owned()).collect();
                    (e.operator(), e.key().to_ascii_lowercase(), sorted(values))
                })
                .collect();
            entries.sort_unstable();
            entries.dedup();
            entries
        });
        NormalStatement {
            effect: s.effect(),
            principal: s
                .principal()
                .map(|p| (p.is_negated(), normal_principal(p.values()))),
            action: s.action().map(|a| {
                let lower = a.values().iter().map(|v| v.to_ascii_lowercase()).collect();
                (a.is_negated(), sorted(lower))
            }),
            resource: s
                .resource()
                .map(|r| (r.is_negated(), sorted(r.values().as_slice().to_vec()))),
            condition,
        }
    }
}

fn normalize(doc: &PolicyDocument) -> Vec<(NormalStatement, usize)> {
    let mut all: Vec<(NormalStatement, usize)> = doc
        .statements()
        .iter()
        .enumerate()
        .map(|(i, s)| (NormalStatement::of(s), i))
        .collect();
    all.sort();
    // Keep the first occurrence of each distinct statement.
    all.dedup_by(|later, earlier| later.0 == earlier.0);
    all
}

impl PolicyDocument {
    /// Whether the two documents mean the same as written.
    ///
    /// Ignored differences:
    /// - statement order, duplicate statements, and `Sid`s (labels, not semantics);
    /// - the `Id` element;
    /// - element order, whitespace, URL-encoding, one-vs-many forms (`"x"` vs `["x"]`, a single
    ///   statement object vs an array);
    /// - order and duplicates inside `Action`, `Resource`, `Principal` and condition value lists;
    /// - the case of action names and condition keys (IAM compares both without case);
    /// - `"Principal": "*"` vs `{"AWS": "*"}`, which IAM documents as equivalent;
    /// - JSON types of condition values (`true` vs `"true"`), which IAM compares as text.
    ///
    /// A missing `Version` equals `2008-10-17` (what IAM assumes). Resource ARNs and condition
    /// values keep their case: IAM compares them case-sensitively. Beyond that the comparison
    /// is syntactic: a statement split in two, or `s3:*` next to `s3:GetObject`, is a
    /// difference (use [`check_no_new_access`](super::check_no_new_access) for "grants no more").
    pub fn semantic_eq(&self, other: &PolicyDocument) -> bool {
        self.effective_version() == other.effective_version()
            && normalize(self)
                .into_iter()
                .map(|(n, _)| n)
                .eq(normalize(other).into_iter().map(|(n, _)| n))
    }

    /// The statements `new` adds and removes relative to `self`, ignoring what
    /// [`semantic_eq`](Self::semantic_eq) ignores.
    pub fn diff(&self, new: &PolicyDocument) -> PolicyDiff {
        let (old_n, new_n) = (normalize(self), normalize(new));
        let missing_from =
            |from: &[(NormalStatement, usize)], other: &[(NormalStatement, usize)], doc: &PolicyDocument| {
                let mut indexes: Vec<usize> = from
                    .iter()
                    .filter(|(n, _)| other.binary_search_by(|(o, _)| o.cmp(n)).is_err())
                    .map(|(_, i)| *i)
                    .collect();
                indexes.sort_unstable();
                indexes
                    .into_iter()
                    .filter_map(|i| doc.statements().get(i).cloned())
                    .collect::<Vec<_>>()
            };
        let (old_v, new_v) = (self.effective_version(), new.effective_version());
        PolicyDiff {
            added: missing_from(&new_n, &old_n, new),
            removed: missing_from(&old_n, &new_n, self),
            version: (old_v != new_v).then_some((old_v, new_v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Operator;

    #[test]
    fn forms_order_case_and_duplicates_do_not_matter() {
        let a = PolicyDocument::from_json(
            r#"{"Version":"2012-10-17","Id":"x","Statement":{"Sid":"One","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*",
            "Condition":{"Bool":{"aws:SecureTransport":true}}}}"#,
        )
        .unwrap();
        let b = PolicyDocument::from_json(
            r#"{"Statement":[{"Effect":"Allow","Resource":["*"],"Action":["S3:listbucket","s3:GetObject","s3:GetObject"],
            "Condition":{"Bool":{"AWS:SecureTransport":"true"}}},
            {"Effect":"Allow","Resource":"*","Action":["s3:getobject","s3:ListBucket"],"Condition":{"Bool":{"aws:securetransport":["true"]}}}],
            "Version":"2012-10-17"}"#,
        )
        .unwrap();
        assert!(a.semantic_eq(&b));
        assert!(a.diff(&b).is_empty());
    }

    #[test]
    fn star_principal_equals_aws_star() {
        let a = PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["sts:AssumeRole"])]);
        let b = PolicyDocument::new([Statement::allow()
            .principal(Principal::aws(["*"]))
            .actions(["sts:AssumeRole"])]);
        assert!(a.semantic_eq(&b));
    }

    #[test]
    fn real_differences_show_in_the_diff() {
        let old = PolicyDocument::new([
            Statement::allow()
                .actions(["s3:GetObject"])
                .resources(["arn:aws:s3:::a/*"]),
            Statement::deny().actions(["s3:DeleteObject"]).resources(["*"]),
        ]);
        let new = PolicyDocument::new([
            Statement::allow()
                .actions(["s3:GetObject"])
                .resources(["arn:aws:s3:::A/*"]),
            Statement::deny().actions(["s3:DeleteObject"]).resources(["*"]),
            Statement::allow()
                .actions(["s3:GetObject"])
                .resources(["arn:aws:s3:::a/*"])
                .condition(Operator::Bool, "aws:SecureTransport", [true]),
        ]);
        assert!(!old.semantic_eq(&new));
        let diff = old.diff(&new);
        assert_eq!(diff.removed, [old.statements()[0].clone()]);
        assert_eq!(
            diff.added,
            [new.statements()[0].clone(), new.statements()[2].clone()]
        );
        assert_eq!(diff.version, None);
        let mut v2008 = old.clone();
        v2008.version = None;
        assert_eq!(
            old.diff(&v2008).version,
            Some((Version::V2012_10_17, Version::V2008_10_17))
        );
        assert!(!old.semantic_eq(&v2008));
    }

    #[test]
    fn not_forms_differ_from_positive_forms() {
        let a = PolicyDocument::new([Statement::allow().actions(["s3:*"]).resources(["*"])]);
        let b = PolicyDocument::new([Statement::allow().not_actions(["s3:*"]).resources(["*"])]);
        assert!(!a.semantic_eq(&b));
    }
}
