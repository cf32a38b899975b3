//! Validation before any API call: grammar for the kind of policy, element syntax,
//! characters and size.

use std::fmt;
use std::str::FromStr;

use super::document::{PolicyDocument, Version};
use super::error::PolicyError;
use super::rules::Need;
use super::size::SizeLimit;

/// Where a policy is used; decides which elements it needs and allows, and its size limit.
///
/// Each kind's rules, with the AWS error message or documentation page behind each, are in
/// one table (`policy/rules.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PolicyContext {
    /// A managed identity policy (customer managed): no `Principal`; `Action` and `Resource`
    /// required; `Version` must be `2012-10-17` (IAM refuses managed policies without it);
    /// 6,144 characters.
    Identity,
    /// An inline identity policy of a user, group or role: as [`Identity`](Self::Identity), but
    /// `Version` may be absent or `2008-10-17`. Checked against the largest inline quota (a
    /// role's, 10,240); the quotas are aggregates: see
    /// [`check_aggregate_size`](super::check_aggregate_size).
    InlineIdentity,
    /// A role trust policy: `Principal` required, no `NotPrincipal`, no `Resource`, and only
    /// the `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`
    /// actions.
    Trust,
    /// A resource-based policy of a service not named (bucket, queue, key...): `Principal` or
    /// `NotPrincipal` required; a statement without `Resource` and a repeated `Sid` are lint
    /// findings, as some services accept them. No size limit (each service has its own).
    Resource,
    /// An S3 bucket policy: a resource-based policy whose statements need `Resource`.
    S3Bucket,
    /// A KMS key policy: a resource-based policy whose statements need a `Principal`; one
    /// without `Resource` or `Action` is accepted by KMS but has no effect (lint findings);
    /// 32,768 characters.
    KmsKey,
    /// A permissions boundary: an identity policy used as a boundary (managed-policy limit).
    PermissionsBoundary,
    /// The inline policy of an Identity Center permission set (10,240 characters).
    PermissionSetInline,
    /// A service control policy: no `Principal`; `Version` `2012-10-17`; 5,120 characters,
    /// white space included.
    Scp,
    /// A resource control policy: `Deny` statements with `Principal: "*"`, no `NotAction`;
    /// `Version` `2012-10-17`; 5,120 characters, white space included.
    Rcp,
    /// A session policy passed when assuming a role: identity grammar, 2,048 characters.
    Session,
}

impl PolicyContext {
    /// Every context.
    pub const ALL: [PolicyContext; 11] = [
        PolicyContext::Identity,
        PolicyContext::InlineIdentity,
        PolicyContext::Trust,
        PolicyContext::Resource,
        PolicyContext::S3Bucket,
        PolicyContext::KmsKey,
        PolicyContext::PermissionsBoundary,
        PolicyContext::PermissionSetInline,
        PolicyContext::Scp,
        PolicyContext::Rcp,
        PolicyContext::Session,
    ];

    /// The snake_case name (`identity`, `trust`, ...), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyContext::Identity => "identity",
            PolicyContext::InlineIdentity => "inline_identity",
            PolicyContext::Trust => "trust",
            PolicyContext::Resource => "resource",
            PolicyContext::S3Bucket => "s3_bucket",
            PolicyContext::KmsKey => "kms_key",
            PolicyContext::PermissionsBoundary => "permissions_boundary",
            PolicyContext::PermissionSetInline => "permission_set_inline",
            PolicyContext::Scp => "scp",
            PolicyContext::Rcp => "rcp",
            PolicyContext::Session => "session",
        }
    }

    /// The size limit a single document of this kind must fit, if IAM has one.
    pub fn size_limit(self) -> Option<SizeLimit> {
        self.rules().size
    }

    /// Whether statements name their principal (trust, resource and resource control policies).
    pub fn has_principals(self) -> bool {
        self.rules().principal != Need::Forbidden
    }
}

impl fmt::Display for PolicyContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyContext::Identity => "managed identity policy",
            PolicyContext::InlineIdentity => "inline identity policy",
            PolicyContext::Trust => "role trust policy",
            PolicyContext::Resource => "resource-based policy",
            PolicyContext::S3Bucket => "S3 bucket policy",
            PolicyContext::KmsKey => "KMS key policy",
            PolicyContext::PermissionsBoundary => "permissions boundary",
            PolicyContext::PermissionSetInline => "permission-set inline policy",
            PolicyContext::Scp => "service control policy",
            PolicyContext::Rcp => "resource control policy",
            PolicyContext::Session => "session policy",
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
                expected: "identity, inline_identity, trust, resource, s3_bucket, kms_key, permissions_boundary, permission_set_inline, scp, rcp or session",
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
        if context.rules().version_2012 && self.version != Some(Version::V2012_10_17) {
            errors.push(PolicyError::VersionRequired {
                version: self.version.map(|v| v.as_str().to_owned()),
                context,
            });
        }
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
        if context.rules().alphanumeric_sid && !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
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
            // Where the kind accepts a repeated `Sid`, the linter reports it instead.
            Some(_) if !context.rules().unique_sids => {}
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
                // `SecureTransport` (no `aws:` prefix) is taken by IAM; the linter reports it.
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
