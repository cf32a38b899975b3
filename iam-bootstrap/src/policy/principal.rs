//! The `Principal` / `NotPrincipal` element: who a trust or resource policy applies to.

use std::fmt;
use std::str::FromStr;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::value::ValueList;
use super::wildcard;
use crate::names::AccountId;

/// The kinds of principal IAM names in a `Principal` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum PrincipalType {
    /// `"AWS"`: accounts, IAM users and roles, role sessions, or `*`.
    #[serde(rename = "AWS")]
    Aws,
    /// `"Service"`: an AWS service principal such as `ec2.amazonaws.com`.
    Service,
    /// `"Federated"`: a SAML or OIDC provider ARN, or a web identity provider.
    Federated,
    /// `"CanonicalUser"`: an S3 canonical user ID.
    CanonicalUser,
}

impl PrincipalType {
    /// Every principal type, in IAM's documentation order.
    pub const ALL: [PrincipalType; 4] = [
        PrincipalType::Aws,
        PrincipalType::Service,
        PrincipalType::Federated,
        PrincipalType::CanonicalUser,
    ];

    /// The JSON key (`AWS`, `Service`, `Federated`, `CanonicalUser`).
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

impl fmt::Display for PrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PrincipalType {
    type Err = ();
    /// Parses the JSON key; IAM spells these exactly, so matching is case-sensitive.
    fn from_str(s: &str) -> Result<Self, ()> {
        PrincipalType::ALL.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

/// The value of a `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// `"*"`: everyone, including anonymous callers.
    Any,
    /// `{"AWS": [...], "Service": ...}`: principals by type, in document order.
    Typed(Vec<(PrincipalType, ValueList)>),
}

impl Principal {
    /// `"*"`.
    pub fn any() -> Self {
        Principal::Any
    }

    /// `{"AWS": values}`: account IDs, `arn:aws:iam::ACCOUNT:root`, user, role or session ARNs.
    pub fn aws(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Principal::Typed(vec![(PrincipalType::Aws, ValueList::new(values))])
    }

    /// `{"AWS": "arn:aws:iam::ACCOUNT:root"}`: the whole account (which then delegates with
    /// identity policies).
    pub fn account(account: &AccountId) -> Self {
        Self::aws([format!("arn:aws:iam::{account}:root")])
    }

    /// `{"Service": values}`, e.g. `lambda.amazonaws.com`.
    pub fn service(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Principal::Typed(vec![(PrincipalType::Service, ValueList::new(values))])
    }

    /// `{"Federated": values}`: a SAML/OIDC provider ARN or a web identity provider name.
    pub fn federated(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Principal::Typed(vec![(PrincipalType::Federated, ValueList::new(values))])
    }

    /// `{"CanonicalUser": values}`.
    pub fn canonical_user(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Principal::Typed(vec![(PrincipalType::CanonicalUser, ValueList::new(values))])
    }

    /// This principal plus `values` of `kind` (appended to that type's list if present).
    /// Adding to [`Principal::Any`] leaves it unchanged: it already matches everyone.
    #[must_use]
    pub fn and(self, kind: PrincipalType, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        match self {
            Principal::Any => Principal::Any,
            Principal::Typed(mut entries) => {
                let extra = values.into_iter().map(Into::into);
                if let Some((_, list)) = entries.iter_mut().find(|(t, _)| *t == kind) {
                    let mut merged = std::mem::take(list).into_vec();
                    merged.extend(extra);
                    *list = ValueList::new(merged);
                } else {
                    entries.push((kind, ValueList::new(extra)));
                }
                Principal::Typed(entries)
            }
        }
    }

    /// The values of one principal type, if present.
    pub fn values(&self, kind: PrincipalType) -> Option<&ValueList> {
        match self {
            Principal::Any => None,
            Principal::Typed(entries) => entries.iter().find(|(t, _)| *t == kind).map(|(_, v)| v),
        }
    }

    /// Every `(type, value)` pair, in document order (empty for [`Principal::Any`]).
    pub fn iter(&self) -> impl Iterator<Item = (PrincipalType, &str)> + '_ {
        let entries: &[(PrincipalType, ValueList)] = match self {
            Principal::Any => &[],
            Principal::Typed(entries) => entries,
        };
        entries
            .iter()
            .flat_map(|(kind, values)| values.iter().map(move |v| (*kind, v.as_str())))
    }

    /// Whether this matches everyone: `"*"` or `{"AWS": "*"}` (IAM treats them alike).
    pub fn is_public(&self) -> bool {
        match self {
            Principal::Any => true,
            Principal::Typed(_) => self
                .iter()
                .any(|(kind, value)| kind == PrincipalType::Aws && value == "*"),
        }
    }

    /// Whether `principal` (a caller of type `kind`) is one of these principals.
    ///
    /// An account (`123456789012` or `arn:aws:iam::123456789012:root`) matches every
    /// principal of that account, and a role ARN matches that role's sessions
    /// (`arn:aws:sts::123456789012:assumed-role/NAME/SESSION`), as IAM does.
    pub fn matches(&self, kind: PrincipalType, principal: &str) -> bool {
        match self {
            Principal::Any => true,
            Principal::Typed(_) => self
                .iter()
                .any(|(k, value)| k == kind && principal_value_matches(kind, value, principal)),
        }
    }
}

pub(crate) fn principal_value_matches(kind: PrincipalType, pattern: &str, principal: &str) -> bool {
    if pattern == "*" || pattern == principal {
        return true;
    }
    match kind {
        PrincipalType::Aws => {
            if let Some(account) = account_of_root(pattern) {
                return arn_account(principal) == Some(account) || principal == account;
            }
            // A role ARN also names that role's sessions.
            match (
                pattern.split_once(":role/"),
                principal.split_once(":assumed-role/"),
            ) {
                (Some((role_prefix, role_path)), Some((session_prefix, session))) => {
                    let role_name = role_path.rsplit('/').next().unwrap_or(role_path);
                    let session_role = session.split('/').next().unwrap_or_default();
                    arn_account(role_prefix) == arn_account(session_prefix) && role_name == session_role
                }
                _ => false,
            }
        }
        // Service and provider names are DNS names: compare without case.
        PrincipalType::Service | PrincipalType::Federated => pattern.eq_ignore_ascii_case(principal),
        PrincipalType::CanonicalUser => false,
    }
}

/// `123456789012` or `arn:PARTITION:iam::123456789012:root` → the account ID.
pub(crate) fn account_of_root(value: &str) -> Option<&str> {
    if is_account_id(value) {
        return Some(value);
    }
    let [arn, _partition, service, _region, account, resource] = wildcard::arn_six_parts(value)?;
    (arn == "arn" && service == "iam" && resource == "root" && is_account_id(account)).then_some(account)
}

/// The account field of an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`).
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    // The fourth field after `arn:`, found by a byte scan (the evaluator asks this of every
    // request's principal and resource).
    let mut fields = rest.as_bytes().split(|&b| b == b':');
    let account = fields.nth(3)?;
    let account = std::str::from_utf8(account).ok()?;
    is_account_id(account).then_some(account)
}

pub(crate) fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Principal::Any => serializer.serialize_str("*"),
            Principal::Typed(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (kind, values) in entries {
                    map.serialize_entry(kind.as_str(), values)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_serialize_in_aws_form() {
        let account = AccountId::new("123456789012").unwrap();
        let p = Principal::account(&account).and(PrincipalType::Service, ["ec2.amazonaws.com"]);
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"AWS":"arn:aws:iam::123456789012:root","Service":"ec2.amazonaws.com"}"#
        );
        assert_eq!(serde_json::to_string(&Principal::any()).unwrap(), "\"*\"");
        let p = Principal::aws(["a"]).and(PrincipalType::Aws, ["b"]);
        assert_eq!(p.values(PrincipalType::Aws).unwrap().as_slice(), ["a", "b"]);
    }

    #[test]
    fn accounts_match_their_principals_and_roles_their_sessions() {
        let p = Principal::aws(["111122223333", "arn:aws:iam::444455556666:role/admin"]);
        assert!(p.matches(PrincipalType::Aws, "arn:aws:iam::111122223333:user/jane"));
        assert!(p.matches(PrincipalType::Aws, "arn:aws:iam::444455556666:role/admin"));
        assert!(p.matches(
            PrincipalType::Aws,
            "arn:aws:sts::444455556666:assumed-role/admin/jane"
        ));
        assert!(!p.matches(
            PrincipalType::Aws,
            "arn:aws:sts::444455556666:assumed-role/other/jane"
        ));
        assert!(!p.matches(PrincipalType::Aws, "arn:aws:iam::999999999999:user/jane"));
        assert!(!p.matches(PrincipalType::Service, "111122223333"));
        let svc = Principal::service(["Lambda.amazonaws.com"]);
        assert!(svc.matches(PrincipalType::Service, "lambda.amazonaws.com"));
    }

    #[test]
    fn public_principals() {
        assert!(Principal::any().is_public());
        assert!(Principal::aws(["*"]).is_public());
        assert!(!Principal::service(["*.amazonaws.com"]).is_public());
        assert_eq!(
            account_of_root("arn:aws:iam::111122223333:root"),
            Some("111122223333")
        );
        assert_eq!(account_of_root("arn:aws:iam::111122223333:user/root"), None);
        assert_eq!("AWS".parse::<PrincipalType>(), Ok(PrincipalType::Aws));
        assert!("aws".parse::<PrincipalType>().is_err());
    }
}
