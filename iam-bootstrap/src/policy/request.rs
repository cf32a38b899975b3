//! A request to evaluate offline: action, resource, principal and context keys.

use std::borrow::Cow;

use super::document::Version;
use super::principal::PrincipalType;

/// An API request as IAM's evaluation sees it.
///
/// ```
/// use iam_bootstrap::policy::{PrincipalType, Request};
/// let request = Request::new("s3:GetObject", "arn:aws:s3:::artifacts/build.zip")
///     .with_principal(PrincipalType::Aws, "arn:aws:iam::111122223333:role/ci")
///     .with_context("aws:SecureTransport", ["true"])
///     .with_context("aws:TagKeys", ["team", "env"]);
/// assert_eq!(request.context("AWS:securetransport"), Some(&["true".to_owned()][..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Request {
    action: String,
    resource: String,
    principal: Option<(PrincipalType, String)>,
    /// Keys lowercased (IAM compares context keys without case), in insertion order.
    context: Vec<(String, Vec<String>)>,
}

impl Request {
    /// A request to perform `action` on `resource`, with no principal and no context.
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            resource: resource.into(),
            principal: None,
            context: Vec::new(),
        }
    }

    /// The calling principal. Without one, `Principal` elements are not checked (every
    /// statement is taken to name the caller), which suits identity policies.
    #[must_use]
    pub fn with_principal(mut self, kind: PrincipalType, principal: impl Into<String>) -> Self {
        self.principal = Some((kind, principal.into()));
        self
    }

    /// Sets a context key (replacing earlier values of the same key). An empty `values` is a
    /// key that is present with no value (what `ForAllValues` treats as the empty set).
    #[must_use]
    pub fn with_context(
        mut self,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let key = key.into().to_ascii_lowercase();
        let values = values.into_iter().map(Into::into).collect();
        match self.context.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = values,
            None => self.context.push((key, values)),
        }
        self
    }

    /// The action.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The resource ARN.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The principal, if set.
    pub fn principal(&self) -> Option<(PrincipalType, &str)> {
        self.principal.as_ref().map(|(k, p)| (*k, p.as_str()))
    }

    /// The values of a context key (looked up without case), if present.
    pub fn context(&self, key: &str) -> Option<&[String]> {
        self.context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
    }
}

/// Whether `text` holds `${`, the start of a policy variable. A byte scan: the evaluator asks
/// this of every pattern of every request, and `str::contains`'s searcher costs more to set
/// up than these short strings take to scan.
pub(crate) fn has_variable(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .any(|(&a, &b)| a == b'$' && b == b'{')
}

/// Substitutes policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) in
/// `pattern` from the request context. `None` when a variable has no value and no default:
/// the element then matches nothing. Version 2008-10-17 has no variables, so the text stays
/// literal. `${*}`, `${?}` and `${$}` stand for those characters.
pub(crate) fn resolve<'a>(pattern: &'a str, version: Version, request: &Request) -> Option<Cow<'a, str>> {
    if version == Version::V2008_10_17 || !has_variable(pattern) {
        return Some(Cow::Borrowed(pattern));
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start)?);
        let after = rest.get(start + 2..)?;
        let Some(end) = after.find('}') else {
            // An unclosed `${` is plain text.
            out.push_str(rest.get(start..)?);
            return Some(Cow::Owned(out));
        };
        let inner = after.get(..end)?;
        let (key, default) = match inner.split_once(',') {
            Some((key, default)) => (key.trim(), Some(default.trim().trim_matches('\''))),
            None => (inner.trim(), None),
        };
        match key {
            "*" | "?" | "$" => out.push_str(key),
            _ => match (request.context(key).and_then(|v| v.first()), default) {
                (Some(value), _) => out.push_str(value),
                (None, Some(default)) => out.push_str(default),
                (None, None) => return None,
            },
        }
        rest = after.get(end + 1..)?;
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keys_ignore_case_and_replace() {
        let r = Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .with_context("aws:UserName", ["jane"])
            .with_context("AWS:username", ["john"]);
        assert_eq!(r.context("aws:username"), Some(&["john".to_owned()][..]));
        assert_eq!(r.context("aws:SourceIp"), None);
        assert_eq!(r.principal(), None);
    }

    #[test]
    fn variables_resolve_from_the_context() {
        let r = Request::new("s3:GetObject", "x").with_context("aws:username", ["jane"]);
        let v = Version::V2012_10_17;
        assert_eq!(
            resolve("arn:aws:s3:::home/${aws:username}/*", v, &r).as_deref(),
            Some("arn:aws:s3:::home/jane/*")
        );
        assert_eq!(
            resolve("${aws:PrincipalTag/team, 'none'}", v, &r).as_deref(),
            Some("none")
        );
        assert_eq!(resolve("${aws:PrincipalTag/team}", v, &r), None);
        assert_eq!(resolve("a${*}b${$}", v, &r).as_deref(), Some("a*b$"));
        assert_eq!(
            resolve("${aws:username}", Version::V2008_10_17, &r).as_deref(),
            Some("${aws:username}")
        );
        assert_eq!(resolve("open ${ end", v, &r).as_deref(), Some("open ${ end"));
        assert!(has_variable("a${b}") && has_variable("${") && !has_variable("a$ {b}"));
        assert!(!has_variable("$") && !has_variable("") && !has_variable("{$"));
    }
}
