//! Condition operators against a request context, following IAM's documented rules:
//! - a missing key makes a condition false, except for negated operators (true), `...IfExists`
//!   (true) and `Null` (which tests presence);
//! - policy values are alternatives (OR); for negated operators the request value must match
//!   none of them;
//! - `ForAllValues:` holds when every request value matches (vacuously for an absent or empty
//!   key); `ForAnyValue:` when at least one does (never for an absent or empty key);
//! - an operator without a set qualifier never matches a key that carries several values
//!   (a negated one always does): multivalued keys need `ForAnyValue:`/`ForAllValues:`.

use std::cmp::Ordering;
use std::net::IpAddr;

use super::condition::ConditionEntry;
use super::document::Version;
use super::operator::{Operator, SetQualifier};
use super::request::{Request, resolve};
use super::{syntax, wildcard};

/// Whether one condition entry holds for `request`.
pub(crate) fn entry_holds(entry: &ConditionEntry, request: &Request, version: Version) -> bool {
    let op = entry.operator();
    let base = op.operator();
    let values = request.context(entry.key()).filter(|v| !v.is_empty());

    if base == Operator::Null {
        // `"Null": {"k": "true"}` means k is absent; "false" means present.
        return entry
            .values()
            .iter()
            .any(|v| v.as_text().eq_ignore_ascii_case("true") == values.is_none());
    }
    let Some(values) = values else {
        return match op.qualifier() {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => op.is_if_exists(),
            None => op.is_if_exists() || base.is_negated(),
        };
    };
    let positive = base.positive();
    // Whether one request value matches one of the policy values under the positive operator.
    let matches_any = |request_value: &str| {
        entry.values().iter().any(|policy_value| {
            let text = policy_value.as_text();
            let substituted = if uses_variables(positive) {
                resolve(&text, version, request)
            } else {
                Some(text.clone())
            };
            substituted.is_some_and(|p| value_matches(positive, &p, request_value))
        })
    };
    let negated = base.is_negated();
    match op.qualifier() {
        // A plain operator compares one value: on AWS, a multivalued key (`aws:TagKeys`)
        // carrying several values never matches it (such keys need `ForAnyValue:` or
        // `ForAllValues:`), so the positive operator fails and its negation holds.
        None if values.len() > 1 => negated,
        None if negated => !values.iter().any(|v| matches_any(v)),
        None => values.iter().any(|v| matches_any(v)),
        Some(SetQualifier::ForAnyValue) => values.iter().any(|v| matches_any(v) != negated),
        Some(SetQualifier::ForAllValues) => values.iter().all(|v| matches_any(v) != negated),
    }
}

fn uses_variables(op: Operator) -> bool {
    matches!(
        op,
        Operator::StringEquals
            | Operator::StringEqualsIgnoreCase
            | Operator::StringLike
            | Operator::ArnEquals
            | Operator::ArnLike
    )
}

/// `request_value` compared with `policy_value` by a positive (non-negated) operator.
fn value_matches(op: Operator, policy_value: &str, request_value: &str) -> bool {
    match op {
        Operator::StringEquals | Operator::BinaryEquals => policy_value == request_value,
        Operator::StringEqualsIgnoreCase => policy_value.to_lowercase() == request_value.to_lowercase(),
        Operator::StringLike => wildcard::glob_match(policy_value, request_value, false),
        Operator::Bool => policy_value.eq_ignore_ascii_case(request_value),
        Operator::ArnEquals | Operator::ArnLike => wildcard::arn_match(policy_value, request_value),
        Operator::IpAddress => match (
            syntax::parse_cidr(policy_value),
            request_value.trim().parse::<IpAddr>(),
        ) {
            (Some(net), Ok(ip)) => net.contains(&ip),
            _ => false,
        },
        Operator::NumericEquals
        | Operator::NumericLessThan
        | Operator::NumericLessThanEquals
        | Operator::NumericGreaterThan
        | Operator::NumericGreaterThanEquals => {
            match (
                syntax::parse_number(request_value),
                syntax::parse_number(policy_value),
            ) {
                (Some(r), Some(p)) => r.partial_cmp(&p).is_some_and(|ord| ordering_matches(op, ord)),
                _ => false,
            }
        }
        Operator::DateEquals
        | Operator::DateLessThan
        | Operator::DateLessThanEquals
        | Operator::DateGreaterThan
        | Operator::DateGreaterThanEquals => match (
            syntax::parse_date(request_value),
            syntax::parse_date(policy_value),
        ) {
            (Some(r), Some(p)) => ordering_matches(op, r.cmp(&p)),
            _ => false,
        },
        // Negated operators and Null are handled by the caller.
        _ => false,
    }
}

/// Whether `request ⋚ policy` satisfies a comparison operator.
fn ordering_matches(op: Operator, ord: Ordering) -> bool {
    match op {
        Operator::NumericEquals | Operator::DateEquals => ord == Ordering::Equal,
        Operator::NumericLessThan | Operator::DateLessThan => ord == Ordering::Less,
        Operator::NumericLessThanEquals | Operator::DateLessThanEquals => ord != Ordering::Greater,
        Operator::NumericGreaterThan | Operator::DateGreaterThan => ord == Ordering::Greater,
        Operator::NumericGreaterThanEquals | Operator::DateGreaterThanEquals => ord != Ordering::Less,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ConditionOperator, ValueList};

    fn holds(op: &str, key: &str, values: &[&str], request: &Request) -> bool {
        let op: ConditionOperator = op.parse().unwrap();
        let entry = ConditionEntry::new(op, key, ValueList::new(values.iter().copied()));
        entry_holds(&entry, request, Version::V2012_10_17)
    }

    #[test]
    fn missing_keys() {
        let r = Request::new("a:b", "*");
        assert!(!holds("StringEquals", "aws:username", &["jane"], &r));
        assert!(holds("StringNotEquals", "aws:username", &["jane"], &r));
        assert!(holds("StringEqualsIfExists", "aws:username", &["jane"], &r));
        assert!(holds("ForAllValues:StringEquals", "aws:TagKeys", &["a"], &r));
        assert!(!holds("ForAnyValue:StringEquals", "aws:TagKeys", &["a"], &r));
        assert!(holds("Null", "aws:username", &["true"], &r));
        assert!(!holds("Null", "aws:username", &["false"], &r));
    }

    #[test]
    fn comparisons() {
        let r = Request::new("a:b", "*")
            .with_context("aws:SourceIp", ["10.1.2.3"])
            .with_context("aws:MultiFactorAuthAge", ["300"])
            .with_context("aws:CurrentTime", ["2024-06-01T00:00:00Z"])
            .with_context("aws:SecureTransport", ["true"])
            .with_context("aws:PrincipalArn", ["arn:aws:iam::111122223333:role/ci"]);
        assert!(holds("IpAddress", "aws:SourceIp", &["10.0.0.0/8"], &r));
        assert!(holds("NotIpAddress", "aws:SourceIp", &["192.168.0.0/16"], &r));
        assert!(holds("NumericLessThan", "aws:MultiFactorAuthAge", &["3600"], &r));
        assert!(!holds(
            "NumericGreaterThan",
            "aws:MultiFactorAuthAge",
            &["3600"],
            &r
        ));
        assert!(holds("DateGreaterThan", "aws:CurrentTime", &["2024-01-01"], &r));
        assert!(holds("Bool", "aws:SecureTransport", &["True"], &r));
        assert!(holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/c?"],
            &r
        ));
        assert!(holds(
            "ArnNotLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:user/*"],
            &r
        ));
    }

    #[test]
    fn set_operators() {
        let r = Request::new("a:b", "*").with_context("aws:TagKeys", ["team", "env"]);
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team", "env", "cost"],
            &r
        ));
        assert!(!holds("ForAllValues:StringEquals", "aws:TagKeys", &["team"], &r));
        assert!(holds("ForAnyValue:StringEquals", "aws:TagKeys", &["team"], &r));
        assert!(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", &["team"], &r));
        assert!(!holds(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["team"],
            &r
        ));
        // Without a set operator, several values never match, whatever they are.
        assert!(!holds("StringEquals", "aws:TagKeys", &["team"], &r));
        assert!(!holds("StringLike", "aws:TagKeys", &["*"], &r));
        assert!(holds("StringNotEquals", "aws:TagKeys", &["team"], &r));
        assert!(holds("StringNotEquals", "aws:TagKeys", &["other"], &r));
        let one = Request::new("a:b", "*").with_context("aws:TagKeys", ["team"]);
        assert!(holds("StringEquals", "aws:TagKeys", &["team", "env"], &one));
        assert!(!holds("StringNotEquals", "aws:TagKeys", &["team"], &one));
        let empty = Request::new("a:b", "*").with_context("aws:TagKeys", Vec::<String>::new());
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team"],
            &empty
        ));
        assert!(holds("Null", "aws:TagKeys", &["true"], &empty));
    }
}
