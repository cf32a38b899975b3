//! Offline access evaluation, following IAM's policy evaluation logic for one set of
//! policies: an explicit `Deny` wins, otherwise an `Allow` allows, otherwise the request is
//! implicitly denied.
//!
//! This evaluates a single set (say, a principal's identity policies). Intersections with
//! permissions boundaries, session policies or SCPs are separate calls: access needs an
//! `Allow` from each.

use std::fmt;

use super::document::{PolicyDocument, Version};
use super::eval_condition::entry_holds;
use super::request::{Request, has_variable, resolve};
use super::statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
use super::wildcard;

/// The outcome of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// An `Allow` statement applies and no `Deny` does.
    Allow,
    /// No statement applies.
    ImplicitDeny,
    /// A `Deny` statement applies.
    ExplicitDeny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "allow",
            Decision::ImplicitDeny => "implicit deny",
            Decision::ExplicitDeny => "explicit deny",
        })
    }
}

/// A decision and the statement that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Evaluation {
    /// Allow, implicit deny or explicit deny.
    pub decision: Decision,
    /// `(document index, statement index)` of the deciding statement: the first `Deny` that
    /// applies, else the first `Allow`; `None` for an implicit deny.
    pub statement: Option<(usize, usize)>,
}

impl Evaluation {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allow
    }
}

/// How a statement's patterns are compared with the request's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The request names one concrete action and resource; conditions are evaluated.
    Exact,
    /// The request's action and resource are patterns standing for every value they match:
    /// does the statement apply to *some* of them, under *some* context?
    Possible,
    /// Does the statement apply to *all* of them, under *every* context?
    Certain,
}

/// Relates a statement pattern to the request value or pattern under `mode`.
fn relates(mode: Mode, pattern: &str, value: &str, fold_case: bool, arn: bool) -> bool {
    match (mode, arn) {
        (Mode::Exact, true) => wildcard::arn_match(pattern, value),
        (Mode::Exact, false) => wildcard::glob_match(pattern, value, fold_case),
        (Mode::Possible, true) => arn_parts(pattern, value, |p, v| wildcard::intersects(p, v, false)),
        (Mode::Possible, false) => wildcard::intersects(pattern, value, fold_case),
        (Mode::Certain, true) => arn_parts(pattern, value, |p, v| wildcard::covers(p, v, false)),
        (Mode::Certain, false) => wildcard::covers(pattern, value, fold_case),
    }
}

/// Applies `rel` part by part when both sides have the six ARN parts, else to the whole.
pub(crate) fn arn_parts(pattern: &str, value: &str, rel: impl Fn(&str, &str) -> bool) -> bool {
    if pattern == "*" {
        return true;
    }
    match (wildcard::arn_six_parts(pattern), wildcard::arn_six_parts(value)) {
        (Some(p), Some(v)) => p.iter().zip(&v).all(|(p, v)| rel(p, v)),
        _ => rel(pattern, value),
    }
}

/// For `Not...` elements the question flips: "applies to some values" needs the excluded
/// patterns not to cover the request, "applies to all" needs them not to touch it.
fn flipped(mode: Mode) -> Mode {
    match mode {
        Mode::Exact => Mode::Exact,
        Mode::Possible => Mode::Certain,
        Mode::Certain => Mode::Possible,
    }
}

/// Whether the statement's patterns for one element relate to `value`; policy variables are
/// resolved from the request in exact mode and stand for any value in `Possible` mode.
fn any_relates(
    mode: Mode,
    patterns: &[String],
    value: &str,
    version: Version,
    request: &Request,
    fold: bool,
    arn: bool,
) -> bool {
    patterns.iter().any(|p| match mode {
        Mode::Exact => resolve(p, version, request).is_some_and(|p| relates(mode, &p, value, fold, arn)),
        _ if version == Version::V2012_10_17 && has_variable(p) => {
            // An unresolved variable may take any value (Possible) but is never certain.
            mode == Mode::Possible && relates(mode, &variables_as_wildcards(p), value, fold, arn)
        }
        _ => relates(mode, p, value, fold, arn),
    })
}

pub(crate) fn variables_as_wildcards(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        match rest.get(start..).and_then(|r| r.find('}')) {
            Some(end) => {
                out.push('*');
                rest = rest.get(start + end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(rest.get(start..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `s` applies to `request` under `mode`.
pub(crate) fn statement_applies(s: &Statement, version: Version, request: &Request, mode: Mode) -> bool {
    let action_ok = match s.action() {
        Some(ActionElement::Action(list)) => any_relates(
            mode,
            list.as_slice(),
            request.action(),
            version,
            request,
            true,
            false,
        ),
        Some(ActionElement::NotAction(list)) => !any_relates(
            flipped(mode),
            list.as_slice(),
            request.action(),
            version,
            request,
            true,
            false,
        ),
        None => false,
    };
    if !action_ok {
        return false;
    }
    let resource_ok = match s.resource() {
        Some(ResourceElement::Resource(list)) => any_relates(
            mode,
            list.as_slice(),
            request.resource(),
            version,
            request,
            false,
            true,
        ),
        Some(ResourceElement::NotResource(list)) => !any_relates(
            flipped(mode),
            list.as_slice(),
            request.resource(),
            version,
            request,
            false,
            true,
        ),
        // Trust policies have no Resource: the role itself is the resource.
        None => true,
    };
    if !resource_ok {
        return false;
    }
    let principal_ok = match (s.principal(), request.principal()) {
        (None, _) | (_, None) => true,
        (Some(PrincipalElement::Principal(p)), Some((kind, who))) => p.matches(kind, who),
        (Some(PrincipalElement::NotPrincipal(p)), Some((kind, who))) => !p.matches(kind, who),
    };
    if !principal_ok {
        return false;
    }
    match mode {
        Mode::Exact => s
            .condition()
            .is_none_or(|c| c.entries().iter().all(|e| entry_holds(e, request, version))),
        Mode::Possible => true,
        Mode::Certain => !s.has_condition(),
    }
}

/// Evaluates `request` against a set of policies, as IAM does within one policy type.
///
/// ```
/// use iam_bootstrap::policy::{Decision, PolicyDocument, Request, Statement, allows};
/// let docs = [PolicyDocument::new([
///     Statement::allow().actions(["s3:*"]).resources(["arn:aws:s3:::data/*"]),
///     Statement::deny().actions(["s3:DeleteObject"]).resources(["*"]),
/// ])];
/// let get = allows(&docs, &Request::new("s3:GetObject", "arn:aws:s3:::data/a"));
/// assert_eq!((get.decision, get.statement), (Decision::Allow, Some((0, 0))));
/// let delete = allows(&docs, &Request::new("s3:DeleteObject", "arn:aws:s3:::data/a"));
/// assert_eq!((delete.decision, delete.statement), (Decision::ExplicitDeny, Some((0, 1))));
/// ```
pub fn allows(docs: &[PolicyDocument], request: &Request) -> Evaluation {
    evaluate(docs, request, Mode::Exact, Mode::Exact)
}

/// Evaluation with separate modes for allows and denies (the access checks use
/// `Possible` for allows and `Certain` for denies).
pub(crate) fn evaluate(
    docs: &[PolicyDocument],
    request: &Request,
    allow_mode: Mode,
    deny_mode: Mode,
) -> Evaluation {
    let mut first_allow = None;
    for (d, doc) in docs.iter().enumerate() {
        let version = doc.effective_version();
        for (i, s) in doc.statements().iter().enumerate() {
            match s.effect() {
                Effect::Deny if statement_applies(s, version, request, deny_mode) => {
                    return Evaluation {
                        decision: Decision::ExplicitDeny,
                        statement: Some((d, i)),
                    };
                }
                Effect::Allow
                    if first_allow.is_none() && statement_applies(s, version, request, allow_mode) =>
                {
                    first_allow = Some((d, i));
                }
                _ => {}
            }
        }
    }
    match first_allow {
        Some(at) => Evaluation {
            decision: Decision::Allow,
            statement: Some(at),
        },
        None => Evaluation {
            decision: Decision::ImplicitDeny,
            statement: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Statement;

    #[test]
    fn modes_for_patterns() {
        let doc = PolicyDocument::new([Statement::allow()
            .actions(["s3:Get*"])
            .resources(["arn:aws:s3:::b/public/*"])]);
        let s = &doc.statements()[0];
        let v = Version::V2012_10_17;
        let wide = Request::new("s3:*", "arn:aws:s3:::b/*");
        assert!(statement_applies(s, v, &wide, Mode::Possible));
        assert!(!statement_applies(s, v, &wide, Mode::Certain));
        let narrow = Request::new("s3:GetObject*", "arn:aws:s3:::b/public/x*");
        assert!(statement_applies(s, v, &narrow, Mode::Certain));
        let other = Request::new("s3:PutObject", "arn:aws:s3:::b/public/x");
        assert!(!statement_applies(s, v, &other, Mode::Possible));
    }

    #[test]
    fn variables_in_resources() {
        let doc = PolicyDocument::new([Statement::allow()
            .actions(["s3:*"])
            .resources(["arn:aws:s3:::home/${aws:username}/*"])]);
        let jane =
            Request::new("s3:GetObject", "arn:aws:s3:::home/jane/a").with_context("aws:username", ["jane"]);
        assert!(allows(std::slice::from_ref(&doc), &jane).is_allowed());
        let john =
            Request::new("s3:GetObject", "arn:aws:s3:::home/jane/a").with_context("aws:username", ["john"]);
        assert!(!allows(std::slice::from_ref(&doc), &john).is_allowed());
        let nobody = Request::new("s3:GetObject", "arn:aws:s3:::home/jane/a");
        assert!(!allows(std::slice::from_ref(&doc), &nobody).is_allowed());
        let s = &doc.statements()[0];
        assert!(statement_applies(
            s,
            Version::V2012_10_17,
            &nobody,
            Mode::Possible
        ));
        assert!(!statement_applies(
            s,
            Version::V2012_10_17,
            &nobody,
            Mode::Certain
        ));
        assert_eq!(variables_as_wildcards("a/${x}/b/${y"), "a/*/b/${y");
    }
}
