//! Validation before any API call: grammar for the kind of policy, element syntax,
//! characters and size.

use std::fmt;
use std::str::FromStr;

use super::condition::{ConditionEntry, Operator};
use super::document::PolicyDocument;
use super::error::PolicyError;
use super::principal::{Principal, PrincipalType, is_account_id};
use super::size::SizeLimit;
use super::statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
use super::value::ConditionValue;
use super::{syntax, wildcard};

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
            PolicyContext::Identity | PolicyContext::PermissionsBoundary => {
                Some(SizeLimit::Managed)
            }
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
        PolicyContext::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| PolicyError::InvalidType {
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
        match self
            .validation_errors_with(context, None)
            .into_iter()
            .next()
        {
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
            check_statement(index, statement, context, &mut errors);
        }
        check_sids(self, context, &mut errors);
        super::characters::check_characters(self, &mut errors);
        if let Some(limit) = limit {
            let size = self.size();
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

fn check_statement(
    index: usize,
    s: &Statement,
    context: PolicyContext,
    errors: &mut Vec<PolicyError>,
) {
    let path = |element: &str| format!("Statement[{index}].{element}");
    let not_allowed = |element: &'static str| PolicyError::ElementNotAllowed {
        statement: index,
        element,
        context,
    };

    match (&s.principal, context.has_principals()) {
        (None, true) => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Principal",
        }),
        (Some(p), false) => errors.push(not_allowed(p.name())),
        (Some(PrincipalElement::NotPrincipal(_)), true) if context == PolicyContext::Trust => {
            errors.push(not_allowed("NotPrincipal"));
        }
        (Some(PrincipalElement::NotPrincipal(_)), true) if s.effect == Effect::Allow => {
            // IAM: "NotPrincipal must be used with Effect: Deny".
            errors.push(not_allowed("NotPrincipal"));
        }
        (Some(p), true) => check_principal(index, p.values(), &path(p.name()), errors),
        (None, false) => {}
    }

    match &s.action {
        None => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Action",
        }),
        Some(action) if action.values().is_empty() => errors.push(PolicyError::EmptyElement {
            path: path(action.name()),
        }),
        Some(action) => {
            for value in action.values() {
                if !syntax::is_valid_action(value) {
                    errors.push(PolicyError::InvalidAction {
                        statement: index,
                        action: value.clone(),
                    });
                }
            }
            if context == PolicyContext::Trust {
                check_trust_actions(index, action, errors);
            }
        }
    }

    match (&s.resource, context) {
        (Some(r), PolicyContext::Trust) => errors.push(not_allowed(r.name())),
        (None, PolicyContext::Trust) => {}
        (None, _) => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Resource",
        }),
        (Some(r), _) if r.values().is_empty() => errors.push(PolicyError::EmptyElement {
            path: path(r.name()),
        }),
        (Some(r), _) => check_resources(index, r, errors),
    }

    if let Some(condition) = &s.condition {
        for entry in condition.entries() {
            check_condition_entry(index, entry, errors);
        }
    }
}

fn check_trust_actions(index: usize, action: &ActionElement, errors: &mut Vec<PolicyError>) {
    let context = PolicyContext::Trust;
    if action.is_negated() {
        errors.push(PolicyError::ElementNotAllowed {
            statement: index,
            element: "NotAction",
            context,
        });
        return;
    }
    for value in action.values() {
        let allowed = TRUST_ACTIONS
            .iter()
            .any(|a| wildcard::glob_match(value, a, true));
        if !allowed {
            errors.push(PolicyError::ActionNotAllowed {
                statement: index,
                action: value.clone(),
                context,
            });
        }
    }
}

fn check_resources(index: usize, resource: &ResourceElement, errors: &mut Vec<PolicyError>) {
    for value in resource.values() {
        if let Err(reason) = syntax::check_resource(value) {
            errors.push(PolicyError::InvalidResource {
                statement: index,
                resource: value.clone(),
                reason,
            });
        }
    }
}

fn check_principal(index: usize, principal: &Principal, path: &str, errors: &mut Vec<PolicyError>) {
    let Principal::Typed(entries) = principal else {
        return;
    };
    if entries.is_empty() {
        errors.push(PolicyError::EmptyElement {
            path: path.to_owned(),
        });
    }
    for (kind, values) in entries {
        if values.is_empty() {
            errors.push(PolicyError::EmptyElement {
                path: format!("{path}.{kind}"),
            });
        }
        for value in values {
            if let Err(reason) = check_principal_value(*kind, value) {
                errors.push(PolicyError::InvalidPrincipal {
                    statement: index,
                    principal: value.clone(),
                    reason,
                });
            }
        }
    }
}

fn check_principal_value(kind: PrincipalType, value: &str) -> Result<(), &'static str> {
    if value == "*" {
        return if kind == PrincipalType::Aws {
            Ok(())
        } else {
            Err("only AWS principals may be \"*\"")
        };
    }
    if wildcard::has_wildcard(value) {
        return Err("wildcards are only allowed as a bare \"*\"");
    }
    match kind {
        PrincipalType::Aws => {
            let unique_id = value.len() >= 16
                && value.starts_with('A')
                && value
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if is_account_id(value) || unique_id || syntax::is_principal_arn(value) {
                Ok(())
            } else {
                Err("expected an account ID, an IAM or STS ARN, or \"*\"")
            }
        }
        PrincipalType::Service => {
            let dns = !value.is_empty()
                && value.contains('.')
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if dns {
                Ok(())
            } else {
                Err("expected a service principal such as lambda.amazonaws.com")
            }
        }
        PrincipalType::Federated => {
            let ok = !value.is_empty()
                && !value.chars().any(char::is_whitespace)
                && (value.starts_with("arn:") || value.contains('.'));
            if ok {
                Ok(())
            } else {
                Err("expected a SAML/OIDC provider ARN or an identity provider domain")
            }
        }
        PrincipalType::CanonicalUser => {
            if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err("expected a 64-digit hexadecimal canonical user ID")
            }
        }
    }
}

fn check_condition_entry(index: usize, entry: &ConditionEntry, errors: &mut Vec<PolicyError>) {
    let key = entry.key();
    if !syntax::is_valid_condition_key(key) {
        errors.push(PolicyError::InvalidConditionKey {
            statement: index,
            key: key.to_owned(),
        });
    }
    if entry.values().is_empty() {
        errors.push(PolicyError::EmptyElement {
            path: format!("Statement[{index}].Condition.{}.{key}", entry.operator()),
        });
    }
    for value in entry.values() {
        if let Err(reason) = check_condition_value(entry.operator().operator(), value) {
            errors.push(PolicyError::InvalidConditionValue {
                statement: index,
                operator: entry.operator().to_string(),
                key: key.to_owned(),
                value: value.to_string(),
                reason,
            });
        }
    }
}

fn check_condition_value(operator: Operator, value: &ConditionValue) -> Result<(), &'static str> {
    let text = value.as_text();
    // A policy variable is resolved per request; its value cannot be checked here.
    if text.contains("${") {
        return Ok(());
    }
    match operator {
        Operator::Null | Operator::Bool => {
            if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") {
                Ok(())
            } else {
                Err("expected true or false")
            }
        }
        Operator::NumericEquals
        | Operator::NumericNotEquals
        | Operator::NumericLessThan
        | Operator::NumericLessThanEquals
        | Operator::NumericGreaterThan
        | Operator::NumericGreaterThanEquals => syntax::parse_number(&text)
            .map(|_| ())
            .ok_or("expected a number"),
        Operator::DateEquals
        | Operator::DateNotEquals
        | Operator::DateLessThan
        | Operator::DateLessThanEquals
        | Operator::DateGreaterThan
        | Operator::DateGreaterThanEquals => syntax::parse_date(&text)
            .map(|_| ())
            .ok_or("expected an ISO 8601 date or epoch seconds"),
        Operator::IpAddress | Operator::NotIpAddress => syntax::parse_cidr(&text)
            .map(|_| ())
            .ok_or("expected an IP address or CIDR range"),
        _ => Ok(()),
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
    use crate::policy::Statement;

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
        let doc = PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["s3:*"])]);
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
    fn trust_policies_take_principals_and_sts_actions_only() {
        let ok = PolicyDocument::new([Statement::allow()
            .principal(Principal::service(["ec2.amazonaws.com"]))
            .actions(["sts:AssumeRole", "sts:TagSession"])]);
        assert_eq!(ok.validate(PolicyContext::Trust), Ok(()));
        let bad = PolicyDocument::new([Statement::allow()
            .principal(Principal::aws(["111122223333"]))
            .actions(["s3:GetObject"])
            .resources(["*"])]);
        assert_eq!(
            codes(&bad, PolicyContext::Trust),
            ["action_not_allowed", "element_not_allowed"]
        );
        let wildcard = PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["sts:AssumeRole*"])]);
        assert_eq!(wildcard.validate(PolicyContext::Trust), Ok(()));
        assert_eq!(
            codes(&wildcard, PolicyContext::Identity),
            ["element_not_allowed", "missing_element"]
        );
    }

    #[test]
    fn not_principal_only_with_deny_in_resource_policies() {
        let allow = PolicyDocument::new([Statement::allow()
            .not_principal(Principal::aws(["111122223333"]))
            .actions(["s3:*"])
            .resources(["*"])]);
        assert_eq!(
            codes(&allow, PolicyContext::Resource),
            ["element_not_allowed"]
        );
        let deny = PolicyDocument::new([Statement::deny()
            .not_principal(Principal::aws(["111122223333"]))
            .actions(["s3:*"])
            .resources(["*"])]);
        assert_eq!(deny.validate(PolicyContext::Resource), Ok(()));
        assert_eq!(
            codes(&deny, PolicyContext::Trust),
            [
                "element_not_allowed",
                "action_not_allowed",
                "element_not_allowed"
            ]
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
    fn principal_values_are_checked() {
        for bad in [
            Principal::aws(["arn:aws:iam::*:root"]),
            Principal::aws(["jane"]),
            Principal::service(["*"]),
            Principal::service(["lambda amazonaws com"]),
            Principal::canonical_user(["abc"]),
            Principal::federated([""]),
        ] {
            let doc = PolicyDocument::new([Statement::allow()
                .principal(bad.clone())
                .actions(["sts:AssumeRole"])]);
            assert_eq!(
                codes(&doc, PolicyContext::Trust),
                ["invalid_principal"],
                "{bad:?}"
            );
        }
        let good = Principal::aws([
            "111122223333",
            "arn:aws:iam::111122223333:role/x",
            "AROAEXAMPLEID12345678",
        ])
        .and(
            PrincipalType::Federated,
            [
                "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
                "accounts.google.com",
            ],
        )
        .and(PrincipalType::CanonicalUser, ["a".repeat(64)]);
        let doc = PolicyDocument::new([Statement::allow()
            .principal(good)
            .actions(["sts:AssumeRole"])]);
        assert_eq!(doc.validate(PolicyContext::Trust), Ok(()));
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
