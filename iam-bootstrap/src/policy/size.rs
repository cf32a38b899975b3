//! Size accounting exactly as IAM does it: non-whitespace characters of the document.
//!
//! IAM's quotas page: "IAM does not count white space when calculating the size of a policy
//! against these limits." The count is of characters (not bytes) of the JSON that is sent,
//! which for this crate is the compact [`to_json`](super::PolicyDocument::to_json) form.
//! The numbers and the counting rules live in [`crate::limits`]; Organizations (SCPs, RCPs)
//! counts every character.

use std::fmt;

use super::condition::Condition;
use super::document::PolicyDocument;
use super::error::PolicyError;
use super::principal::Principal;
use super::statement::Statement;
use super::validate::PolicyContext;
use super::value::{ConditionValue, ValueList};
use crate::limits::{self, Counting};

/// IAM's size quotas for policy documents, in non-whitespace characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SizeLimit {
    /// A role trust policy: 2,048 (AWS can raise it to 4,096 on request; use `Custom`).
    Trust,
    /// A managed policy (customer managed, or a permissions boundary): 6,144.
    Managed,
    /// All inline policies of one role together: 10,240.
    RoleInline,
    /// All inline policies of one user together: 2,048.
    UserInline,
    /// All inline policies of one group together: 5,120.
    GroupInline,
    /// The inline policy of an Identity Center permission set: 10,240.
    PermissionSetInline,
    /// A service control policy: 5,120, every character counted (white space too).
    Scp,
    /// A resource control policy: 5,120, every character counted (white space too).
    Rcp,
    /// A session policy: 2,048, every character counted.
    Session,
    /// Any other limit (a raised trust-policy quota, a service's resource-policy limit).
    Custom(usize),
}

impl SizeLimit {
    /// The limit in characters (counted as [`counting`](Self::counting) says).
    pub fn chars(self) -> usize {
        match self {
            SizeLimit::Trust => limits::TRUST_POLICY_CHARS,
            SizeLimit::Managed => limits::MANAGED_POLICY_CHARS,
            SizeLimit::RoleInline => limits::ROLE_INLINE_CHARS,
            SizeLimit::UserInline => limits::USER_INLINE_CHARS,
            SizeLimit::GroupInline => limits::GROUP_INLINE_CHARS,
            SizeLimit::PermissionSetInline => limits::PERMISSION_SET_INLINE_CHARS,
            SizeLimit::Scp => limits::SCP_CHARS,
            SizeLimit::Rcp => limits::RCP_CHARS,
            SizeLimit::Session => limits::SESSION_POLICY_CHARS,
            SizeLimit::Custom(n) => n,
        }
    }

    /// How the limit counts: IAM and Identity Center skip white space, Organizations does not.
    pub fn counting(self) -> Counting {
        match self {
            SizeLimit::Scp | SizeLimit::Rcp | SizeLimit::Session => Counting::AllCharacters,
            _ => Counting::NonWhitespace,
        }
    }

    /// What the limit applies to, in words.
    pub fn describe(self) -> &'static str {
        match self {
            SizeLimit::Trust => "role trust policy",
            SizeLimit::Managed => "managed policy",
            SizeLimit::RoleInline => "inline policies of a role",
            SizeLimit::UserInline => "inline policies of a user",
            SizeLimit::GroupInline => "inline policies of a group",
            SizeLimit::PermissionSetInline => "permission-set inline policy",
            SizeLimit::Scp => "service control policy",
            SizeLimit::Rcp => "resource control policy",
            SizeLimit::Session => "session policy",
            SizeLimit::Custom(_) => "custom",
        }
    }

    /// The kind of policy the limit is for.
    pub fn context(self) -> PolicyContext {
        match self {
            SizeLimit::Trust => PolicyContext::Trust,
            SizeLimit::PermissionSetInline => PolicyContext::PermissionSetInline,
            SizeLimit::Scp => PolicyContext::Scp,
            SizeLimit::Rcp => PolicyContext::Rcp,
            SizeLimit::Session => PolicyContext::Session,
            SizeLimit::Custom(_) => PolicyContext::Resource,
            SizeLimit::Managed => PolicyContext::Identity,
            SizeLimit::RoleInline | SizeLimit::UserInline | SizeLimit::GroupInline => {
                PolicyContext::InlineIdentity
            }
        }
    }
}

impl fmt::Display for SizeLimit {
    /// `"6,144 characters (managed policy)"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.chars();
        let (thousands, rest) = (n / 1000, n % 1000);
        if thousands > 0 {
            write!(f, "{thousands},{rest:03} characters ({})", self.describe())
        } else {
            write!(f, "{rest} characters ({})", self.describe())
        }
    }
}

/// Non-whitespace characters of a JSON string literal as `serde_json` writes it: quotes,
/// two-character escapes for `"` `\\` and `\b \f \n \r \t`, `\u00XX` for other controls.
fn str_size(s: &str) -> usize {
    let bytes = s.as_bytes();
    // Fast path (vectorizes): printable ASCII with nothing to escape and no space.
    if bytes
        .iter()
        .all(|&b| b > b' ' && b < 0x7F && b != b'"' && b != b'\\')
    {
        return bytes.len() + 2;
    }
    let mut n = 2;
    for b in s.bytes() {
        n += match b {
            b' ' => 0,
            b'"' | b'\\' | 0x08 | 0x0C | b'\n' | b'\r' | b'\t' => 2,
            0x00..=0x1F => 6,
            // UTF-8 continuation bytes: the character was counted at its first byte.
            0x80..=0xBF => 0,
            _ => 1,
        };
    }
    n
}

/// `[a,b]`, or the one value alone in scalar form.
fn list_size<T>(list: &ValueList<T>, item: impl Fn(&T) -> usize) -> usize {
    match list.as_slice() {
        [only] if !list.is_array_form() => item(only),
        all => 2 + all.iter().map(item).sum::<usize>() + all.len().saturating_sub(1),
    }
}

/// `"key":` plus the value.
fn entry_size(key: &str, value: usize) -> usize {
    str_size(key) + 1 + value
}

/// `{...}` around `entries`, with commas between them.
fn object_size(entries: impl IntoIterator<Item = usize>) -> usize {
    let (mut sum, mut count) = (0_usize, 0_usize);
    for e in entries {
        sum += e;
        count += 1;
    }
    2 + sum + count.saturating_sub(1)
}

fn condition_value_size(v: &ConditionValue) -> usize {
    match v {
        ConditionValue::String(s) => str_size(s),
        ConditionValue::Bool(true) => 4,
        ConditionValue::Bool(false) => 5,
        ConditionValue::Number(n) => n.to_string().len(),
    }
}

fn principal_size(p: &Principal) -> usize {
    match p {
        Principal::Any => 3,
        Principal::Typed(entries) => object_size(
            entries
                .iter()
                .map(|(kind, values)| entry_size(kind.as_str(), list_size(values, |v| str_size(v)))),
        ),
    }
}

fn condition_size(c: &Condition) -> usize {
    let known = c.grouped().into_iter().map(|(operator, entries)| {
        let block = object_size(
            entries
                .iter()
                .map(|e| entry_size(e.key(), list_size(e.values(), condition_value_size))),
        );
        entry_size(&operator.to_string(), block)
    });
    // Unknown operators over empty blocks are written back as `"Op":{}`.
    let unknown = c
        .unknown_operators()
        .iter()
        .map(|operator| entry_size(operator, object_size(std::iter::empty())));
    object_size(known.chain(unknown))
}

/// The IAM size of one statement in compact JSON, computed without serializing.
pub(crate) fn statement_size(s: &Statement) -> usize {
    let strings = |l: &ValueList| list_size(l, |v| str_size(v));
    let entries = [
        s.sid().map(|sid| entry_size("Sid", str_size(sid))),
        Some(entry_size("Effect", str_size(s.effect().as_str()))),
        s.principal()
            .map(|p| entry_size(p.name(), principal_size(p.values()))),
        s.action().map(|a| entry_size(a.name(), strings(a.values()))),
        s.resource().map(|r| entry_size(r.name(), strings(r.values()))),
        s.condition().map(|c| entry_size("Condition", condition_size(c))),
    ];
    object_size(entries.into_iter().flatten())
}

fn document_size(doc: &PolicyDocument) -> usize {
    let statements = match doc.statements() {
        [only] if doc.single_statement => statement_size(only),
        all => 2 + all.iter().map(statement_size).sum::<usize>() + all.len().saturating_sub(1),
    };
    let entries = [
        doc.version().map(|v| entry_size("Version", str_size(v.as_str()))),
        doc.id().map(|id| entry_size("Id", str_size(id))),
        Some(entry_size("Statement", statements)),
    ];
    object_size(entries.into_iter().flatten())
}

/// The IAM size of `text`: its non-whitespace characters ([`limits::policy_size`]).
pub fn text_size(text: &str) -> usize {
    limits::policy_size(text)
}

impl PolicyDocument {
    /// The size IAM counts for this document: non-whitespace characters of its compact JSON.
    pub fn size(&self) -> usize {
        // Counted from the typed document (no serialization): validation runs this on every
        // document, and it must agree with `text_size(&self.to_json())`, which tests check.
        document_size(self)
    }

    /// The size `limit` counts: [`size`](Self::size), or for Organizations' limits every
    /// character of the compact JSON (the spaces inside strings too).
    pub fn size_for(&self, limit: SizeLimit) -> usize {
        match limit.counting() {
            Counting::NonWhitespace => self.size(),
            Counting::AllCharacters => self.to_json().chars().count(),
        }
    }

    /// Checks the document against `limit`, returning its size.
    ///
    /// # Errors
    /// [`PolicyError::TooLarge`] naming the limit, the size and the kind of policy.
    pub fn check_size(&self, limit: SizeLimit) -> Result<usize, PolicyError> {
        check_aggregate_size([self], limit)
    }
}

/// Checks several documents together against an aggregate limit (IAM's inline-policy quotas
/// count all inline policies of a role, user or group together), returning the total size.
///
/// # Errors
/// [`PolicyError::TooLarge`] with the total size and the number of documents.
pub fn check_aggregate_size<'a>(
    documents: impl IntoIterator<Item = &'a PolicyDocument>,
    limit: SizeLimit,
) -> Result<usize, PolicyError> {
    let (mut size, mut count) = (0, 0);
    for document in documents {
        size += document.size_for(limit);
        count += 1;
    }
    if size > limit.chars() {
        return Err(PolicyError::TooLarge {
            limit,
            size,
            context: limit.context(),
            documents: count,
        });
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_iams_numbers() {
        assert_eq!(SizeLimit::Trust.chars(), 2048);
        assert_eq!(SizeLimit::Managed.chars(), 6144);
        assert_eq!(SizeLimit::RoleInline.chars(), 10240);
        assert_eq!(SizeLimit::UserInline.chars(), 2048);
        assert_eq!(SizeLimit::GroupInline.chars(), 5120);
        assert_eq!(SizeLimit::PermissionSetInline.chars(), 10240);
        assert_eq!(
            SizeLimit::Managed.to_string(),
            "6,144 characters (managed policy)"
        );
        assert_eq!(SizeLimit::Custom(900).to_string(), "900 characters (custom)");
    }

    #[test]
    fn counted_size_equals_the_serialized_size() {
        let doc = PolicyDocument::from_json(
            r#"{"Version":"2012-10-17","Id":"a b","Statement":{"Sid":"q\"\\\t\u0001","Effect":"Deny",
            "NotPrincipal":{"AWS":["1"],"Service":"s"},"NotAction":[],"Resource":["é","*"],
            "Condition":{"Bool":{"k:a":true,"k:b":[false,1.5,-2]},"StringEquals":{"k:c":["x y"]}}}}"#,
        )
        .unwrap();
        assert_eq!(doc.size(), text_size(&doc.to_json()));
        let any = PolicyDocument::new([crate::policy::Statement::allow()
            .principal(Principal::Any)
            .actions(["*"])]);
        assert_eq!(any.size(), text_size(&any.to_json()));
    }

    #[test]
    fn size_ignores_whitespace_and_counts_characters() {
        let doc = PolicyDocument::from_json(
            "{ \"Version\" : \"2012-10-17\",\n\t\"Statement\": [ { \"Sid\": \"é\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\" } ] }",
        )
        .unwrap();
        let compact = doc.to_json();
        assert_eq!(doc.size(), text_size(&compact));
        assert_eq!(doc.size(), compact.chars().count());
        assert_eq!(text_size("{ \"a\" :\t\"b c\" }"), 10);
    }

    #[test]
    fn organizations_limits_count_every_character() {
        let doc = PolicyDocument::from_json(
            r#"{"Version":"2012-10-17","Statement":{"Sid":"a b","Effect":"Deny","Action":"*","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(doc.size_for(SizeLimit::Managed), doc.size());
        assert_eq!(doc.size_for(SizeLimit::Scp), doc.size() + 1);
        assert_eq!(doc.size_for(SizeLimit::Scp), doc.to_json().chars().count());
    }

    #[test]
    fn aggregate_errors_name_limit_size_and_count() {
        let doc = PolicyDocument::allow(
            ["s3:GetObject"],
            ["arn:aws:s3:::bucket/".to_owned() + &"k".repeat(900)],
        );
        let one = doc.size();
        assert_eq!(
            check_aggregate_size([&doc, &doc], SizeLimit::UserInline),
            Ok(2 * one)
        );
        let err = check_aggregate_size([&doc, &doc, &doc], SizeLimit::UserInline).unwrap_err();
        assert_eq!(
            err,
            PolicyError::TooLarge {
                limit: SizeLimit::UserInline,
                size: 3 * one,
                context: PolicyContext::InlineIdentity,
                documents: 3
            }
        );
        assert!(doc.check_size(SizeLimit::Managed).is_ok());
        assert!(doc.check_size(SizeLimit::Custom(100)).is_err());
    }
}
