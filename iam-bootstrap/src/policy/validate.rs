//! Validation before any API call: grammar for the kind of policy, element syntax,
//! characters and size.

use std::fmt;
use std::str::FromStr;

use super::document::PolicyDocument;
use super::error::PolicyError;
use super::size::SizeLimit;

/// Where a policy is used; decides which elements it needs and allows, and its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PolicyContext {
    /// An identity policy, managed or inline: no `Principal`; `Action` and `Resource` required.
    /// Checked against the managed-policy limit (inline quotas are aggregates: see
    /// [`check_aggregate_size`](super::check_aggregate_size)).
    Identity,
    /// A role trust policy: `Principal` required, no `NotPrincipal`, no `Resource`, and only
    /// the `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`
    /// actions.
    Trust,
    /// A resource-based policy (bucket, queue, key...): `Principal` or `NotPrincipal` required.
    /// No size limit (each service has its own).
    Resource,
    /// A permissions boundary: an identity policy used as a boundary (managed-policy limit).
    PermissionsBoundary,
    /// The inline policy of an Identity Center permission set (10,240 characters).
    PermissionSetInline,
    /// A service control policy: identity grammar, 5,120 characters.
    Scp,
}

impl PolicyContext {
    /// Every context.
    pub const ALL: [PolicyContext; 6] = [
        PolicyContext::Identity,
        PolicyContext::Trust,
        PolicyContext::Resource,
        PolicyContext::PermissionsBoundary,
        PolicyContext::PermissionSetInline,
        PolicyContext::Scp,
    ];

    /// The snake_case name (`identity`, `trust`, ...), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyContext::Identity => "identity",
            PolicyContext::Trust => "trust",
            PolicyContext::Resource => "resource",
            PolicyContext::PermissionsBoundary => "permissions_boundary",
            PolicyContext::PermissionSetInline => "permission_set_inline",
            PolicyContext::Scp => "scp",
        }
    }

    /// The size limit a single document of this kind must fit, if IAM has one.
    pub fn size_limit(self) -> Option<SizeLimit> {
        match self {
            PolicyContext::Identity | PolicyContext::PermissionsBoundary => Some(SizeLimit::Managed),
            PolicyContext::Trust => Some(SizeLimit::Trust),
            PolicyContext::PermissionSetInline => Some(SizeLimit::PermissionSetInline),
            PolicyContext::Scp => Some(SizeLimit::Scp),
            PolicyContext::Resource => None,
        }
    }

    /// Whether statements name their principal (trust and resource policies).
    pub fn has_principals(self) -> bool {
        matches!(self, PolicyContext::Trust | PolicyContext::Resource)
    }

    /// Whether this is one of IAM's own policy kinds, whose `Sid`s are alphanumeric only.
    fn iam_sid_rules(self) -> bool {
        !matches!(self, PolicyContext::Resource)
    }
}

impl fmt::Display for PolicyContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyContext::Identity => "identity policy",
            PolicyContext::Trust => "role trust policy",
            PolicyContext::Resource => "resource-based policy",
            PolicyContext::PermissionsBoundary => "permissions boundary",
            PolicyContext::PermissionSetInline => "permission-set inline policy",
            PolicyContext::Scp => "service control policy",
        })
    }
}

impl FromStr for PolicyContext {
    type Err = PolicyError;
    /// Parses the snake_case name.
    fn from_str(s: &str) -> Result<Self, PolicyError> {
        PolicyContext::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| PolicyError::InvalidType {
                path: format!("policy context `{s}`"),
                expected: "identity, trust, resource, permissions_boundary, permission_set_inline or scp",
            })
    }
}

/// The only actions a role trust policy may name.
pub(crate) const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

impl PolicyDocument {
    /// Checks the document for use as `context`: grammar, element syntax, duplicate `Sid`s,
    /// characters and size. Makes no API call.
    ///
    /// # Errors
    /// The first problem found, as a typed [`PolicyError`]; [`validation_errors`](Self::validation_errors)
    /// lists all of them.
    pub fn validate(&self, context: PolicyContext) -> Result<(), PolicyError> {
        match self.validation_errors(context).into_iter().next() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    /// [`validate`](Self::validate) without the size check: for documents whose size IAM
    /// does not limit the usual way (AWS managed policies exceed 6,144 characters).
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate_syntax(&self, context: PolicyContext) -> Result<(), PolicyError> {
        match self.validation_errors_with(context, None).into_iter().next() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    /// Every problem [`validate`](Self::validate) would report, in document order (size last).
    pub fn validation_errors(&self, context: PolicyContext) -> Vec<PolicyError> {
        self.validation_errors_with(context, context.size_limit())
    }

    /// Every problem, checking the size against `limit` if given.
    pub(crate) fn validation_errors_with(
        &self,
        context: PolicyContext,
        limit: Option<SizeLimit>,
    ) -> Vec<PolicyError> {
        let mut errors = Vec::new();
        if self.statements.is_empty() {
            errors.push(PolicyError::EmptyElement {
                path: "Statement".into(),
            });
        }
        for (index, statement) in self.statements.iter().enumerate() {
            super::validate_statement::check_statement(index, statement, context, &mut errors);
        }
        check_sids(self, context, &mut errors);
        super::characters::check_characters(self, &mut errors);
        if let Some(limit) = limit {
            let size = self.size_for(limit);
            if size > limit.chars() {
                errors.push(PolicyError::TooLarge {
                    limit,
                    size,
                    context,
                    documents: 1,
                });
            }
        }
        errors
    }
}

fn check_sids(doc: &PolicyDocument, context: PolicyContext, errors: &mut Vec<PolicyError>) {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (index, statement) in doc.statements.iter().enumerate() {
        let Some(sid) = statement.sid.as_deref() else {
            continue;
        };
        if context.iam_sid_rules() && !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            errors.push(PolicyError::InvalidSid {
                statement: index,
                sid: sid.to_owned(),
                context,
            });
        }
        if sid.is_empty() {
            continue;
        }
        match seen.iter().find(|(s, _)| *s == sid) {
            Some((_, first)) => errors.push(PolicyError::DuplicateSid {
                sid: sid.to_owned(),
                first: *first,
                second: index,
            }),
            None => seen.push((sid, index)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Operator, Principal, Statement};

    fn codes(doc: &PolicyDocument, context: PolicyContext) -> Vec<&'static str> {
        doc.validation_errors(context)
            .iter()
            .map(PolicyError::code)
            .collect()
    }

    #[test]
    fn identity_policies_need_action_and_resource_and_no_principal() {
        let ok = PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]);
        assert_eq!(ok.validate(PolicyContext::Identity), Ok(()));
        let doc = PolicyDocument::new([Statement::allow().principal(Principal::any()).actions(["s3:*"])]);
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            ["element_not_allowed", "missing_element"]
        );
        assert_eq!(
            codes(
                &PolicyDocument::new(Vec::<Statement>::new()),
                PolicyContext::Identity
            ),
            ["empty_element"]
        );
    }

    #[test]
    fn element_syntax_is_checked() {
        let doc = PolicyDocument::new([
            Statement::allow()
                .sid("A")
                .actions(["s3 GetObject", "*"])
                .resources(["bucket", "arn:aws:s3:::b"]),
            Statement::allow()
                .sid("A")
                .actions(["s3:*"])
                .resources(["*"])
                .condition(Operator::IpAddress, "aws:SourceIp", ["10.0.0.0/33"]),
            Statement::allow()
                .sid("B-1")
                .actions(["s3:*"])
                .resources(["*"])
                .condition(Operator::Bool, "SecureTransport", ["yes"]),
        ]);
        assert_eq!(
            codes(&doc, PolicyContext::Identity),
            [
                "invalid_action",
                "invalid_resource",
                "invalid_condition_value",
                "invalid_condition_key",
                "invalid_condition_value",
                "duplicate_sid",
                "invalid_sid"
            ]
        );
        // Resource policies allow any Sid characters.
        let doc = PolicyDocument::new([Statement::allow()
            .sid("Allow read")
            .principal(Principal::any())
            .actions(["s3:GetObject"])
            .resources(["*"])]);
        assert_eq!(doc.validate(PolicyContext::Resource), Ok(()));
    }

    #[test]
    fn size_is_checked_for_the_context() {
        let resources: Vec<String> = (0..180)
            .map(|i| format!("arn:aws:s3:::bucket-{i:04}/*"))
            .collect();
        let doc = PolicyDocument::allow(["s3:GetObject"], resources);
        assert!(doc.size() > 5120 && doc.size() < 6144, "{}", doc.size());
        assert_eq!(doc.validate(PolicyContext::Identity), Ok(()));
        let err = doc.validate(PolicyContext::Scp).unwrap_err();
        assert_eq!(
            err,
            PolicyError::TooLarge {
                limit: SizeLimit::Scp,
                size: doc.size(),
                context: PolicyContext::Scp,
                documents: 1
            }
        );
        assert_eq!(
            doc.validate(PolicyContext::Resource),
            Err(PolicyError::MissingElement {
                path: "Statement[0]".into(),
                element: "Principal"
            })
        );
        assert_eq!(
            "permission_set_inline".parse::<PolicyContext>(),
            Ok(PolicyContext::PermissionSetInline)
        );
        assert!("nope".parse::<PolicyContext>().is_err());
    }
}
