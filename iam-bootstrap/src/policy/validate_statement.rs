//! Validation of one statement: required and forbidden elements for the context, and the
//! syntax of actions, resources, principals and condition values.

use super::condition::ConditionEntry;
use super::error::PolicyError;
use super::operator::Operator;
use super::principal::{Principal, PrincipalType, is_account_id};
use super::rules::Need;
use super::statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
use super::validate::{PolicyContext, TRUST_ACTIONS};
use super::value::ConditionValue;
use super::{arn, syntax, wildcard};

pub(crate) fn check_statement(
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

    let rules = context.rules();
    match (&s.principal, rules.principal) {
        (None, Need::Required) => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Principal",
        }),
        (None, _) => {}
        (Some(p), Need::Forbidden) => errors.push(not_allowed(p.name())),
        (Some(PrincipalElement::NotPrincipal(_)), _) if !rules.not_principal => {
            errors.push(not_allowed("NotPrincipal"));
        }
        (Some(PrincipalElement::NotPrincipal(_)), _) if s.effect == Effect::Allow => {
            // IAM: "NotPrincipal must be used with Effect: Deny".
            errors.push(not_allowed("NotPrincipal"));
        }
        (Some(p), _) if rules.principal_any_only && !is_any(p.values()) => {
            errors.push(PolicyError::InvalidPrincipal {
                statement: index,
                principal: serde_json::to_string(p.values()).unwrap_or_default(),
                reason: "a resource control policy's principal is \"*\" (narrow it with conditions)",
            });
        }
        (Some(p), _) => check_principal(index, p.values(), &path(p.name()), errors),
    }
    if rules.deny_only && s.effect == Effect::Allow {
        errors.push(not_allowed("Allow"));
    }

    match &s.action {
        // KMS accepts a key policy statement without `Action` (`rules.rs`); the linter
        // reports it.
        None if rules.action == Need::Optional => {}
        None => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Action",
        }),
        Some(action) if action.values().is_empty() => errors.push(PolicyError::EmptyElement {
            path: path(action.name()),
        }),
        Some(action) => {
            for value in action.values() {
                if syntax::check_action(value).is_err() {
                    errors.push(PolicyError::InvalidAction {
                        statement: index,
                        action: value.clone(),
                    });
                }
            }
            if action.is_negated() && !rules.not_action {
                errors.push(not_allowed("NotAction"));
            } else if rules.trust_actions_only {
                check_trust_actions(index, action, errors);
            }
        }
    }

    match (&s.resource, rules.resource) {
        (Some(r), Need::Forbidden) => errors.push(not_allowed(r.name())),
        (None, Need::Required) => errors.push(PolicyError::MissingElement {
            path: format!("Statement[{index}]"),
            element: "Resource",
        }),
        (None, _) => {}
        (Some(r), _) if r.values().is_empty() => {
            errors.push(PolicyError::EmptyElement { path: path(r.name()) })
        }
        (Some(r), _) => check_resources(index, r, errors),
    }

    if let Some(condition) = &s.condition {
        for entry in condition.entries() {
            check_condition_entry(index, entry, errors);
        }
    }
}

/// `"*"` or `{"AWS": "*"}`.
fn is_any(principal: &Principal) -> bool {
    match principal {
        Principal::Any => true,
        Principal::Typed(entries) => entries
            .iter()
            .all(|(kind, values)| *kind == PrincipalType::Aws && values.iter().all(|v| v == "*")),
    }
}

fn check_trust_actions(index: usize, action: &ActionElement, errors: &mut Vec<PolicyError>) {
    let context = PolicyContext::Trust;
    for value in action.values() {
        let allowed = TRUST_ACTIONS.iter().any(|a| wildcard::glob_match(value, a, true));
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
        if let Err(reason) = arn::check_resource(value) {
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
            if is_account_id(value) || unique_id {
                Ok(())
            } else {
                arn::check_aws_principal_arn(value)
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
        PrincipalType::Federated => arn::check_federated_principal(value),
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
    // A key without a service prefix, or with white space, and an empty value list are taken
    // by IAM (issue #21's trials) and reported by the linter; an empty key names nothing.
    let key = entry.key();
    if key.is_empty() {
        errors.push(PolicyError::InvalidConditionKey {
            statement: index,
            key: key.to_owned(),
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
        | Operator::NumericGreaterThanEquals => {
            syntax::parse_number(&text).map(|_| ()).ok_or("expected a number")
        }
        // Dates: which strings IAM's date parser takes could not be established (it takes
        // forms jiff does not); one this crate cannot read is a lint finding, not a refusal.
        Operator::IpAddress | Operator::NotIpAddress => syntax::parse_cidr(&text)
            .map(|_| ())
            .ok_or("expected an IP address or CIDR range"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{PolicyContext, PolicyDocument, PolicyError, Principal, PrincipalType, Statement};

    fn codes(doc: &PolicyDocument, context: PolicyContext) -> Vec<&'static str> {
        doc.validation_errors(context)
            .iter()
            .map(PolicyError::code)
            .collect()
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
        assert_eq!(codes(&allow, PolicyContext::Resource), ["element_not_allowed"]);
        let deny = PolicyDocument::new([Statement::deny()
            .not_principal(Principal::aws(["111122223333"]))
            .actions(["s3:*"])
            .resources(["*"])]);
        assert_eq!(deny.validate(PolicyContext::Resource), Ok(()));
        assert_eq!(
            codes(&deny, PolicyContext::Trust),
            ["element_not_allowed", "action_not_allowed", "element_not_allowed"]
        );
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
        let doc = PolicyDocument::new([Statement::allow().principal(good).actions(["sts:AssumeRole"])]);
        assert_eq!(doc.validate(PolicyContext::Trust), Ok(()));
    }
}
