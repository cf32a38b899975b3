//! Access checks built on the evaluator, in the spirit of Access Analyzer's
//! `CheckAccessNotGranted` and `CheckNoNewAccess`.
//!
//! Both answer conservatively: a statement with conditions is taken to allow (the condition
//! might hold) and not to deny (it might not), so "not granted" and "no new access" are only
//! reported when they hold in every request context.

use super::condition::ConditionEntry;
use super::document::PolicyDocument;
use super::equality::NormalStatement;
use super::eval::{Decision, Mode, arn_parts, evaluate};
use super::request::Request;
use super::statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
use super::wildcard;

/// A grant that [`check_access_not_granted`] found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("statement {statement} of document {document} may allow {action} on {resource}")]
pub struct AccessGranted {
    /// The action (or action pattern) asked about.
    pub action: String,
    /// The resource (or resource pattern) asked about.
    pub resource: String,
    /// Index of the document holding the allowing statement.
    pub document: usize,
    /// Index of the allowing statement in that document.
    pub statement: usize,
}

/// Checks that no policy of `docs` may allow any of `actions` on any of `resources`.
///
/// Actions and resources may be patterns (`s3:Put*`, `arn:aws:s3:::secrets/*`), meaning
/// "any of them". An empty `resources` means every resource.
///
/// # Errors
/// The first [`AccessGranted`] found.
///
/// ```
/// use iam_bootstrap::policy::{PolicyDocument, check_access_not_granted};
/// let doc = PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::public/*"]);
/// assert!(check_access_not_granted(&[doc.clone()], ["s3:PutObject"], ["*"]).is_ok());
/// let granted = check_access_not_granted(&[doc], ["s3:Get*"], ["arn:aws:s3:::*"]).unwrap_err();
/// assert_eq!((granted.document, granted.statement), (0, 0));
/// ```
pub fn check_access_not_granted<A, R>(
    docs: &[PolicyDocument],
    actions: impl IntoIterator<Item = A>,
    resources: impl IntoIterator<Item = R>,
) -> Result<(), AccessGranted>
where
    A: AsRef<str>,
    R: AsRef<str>,
{
    let mut resources: Vec<String> = resources.into_iter().map(|r| r.as_ref().to_owned()).collect();
    if resources.is_empty() {
        resources.push("*".to_owned());
    }
    for action in actions {
        for resource in &resources {
            let request = Request::new(action.as_ref(), resource.as_str());
            let evaluation = evaluate(docs, &request, Mode::Possible, Mode::Certain);
            if let (Decision::Allow, Some((document, statement))) =
                (evaluation.decision, evaluation.statement)
            {
                return Err(AccessGranted {
                    action: action.as_ref().to_owned(),
                    resource: resource.clone(),
                    document,
                    statement,
                });
            }
        }
    }
    Ok(())
}

/// Why [`check_no_new_access`] reports a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NewAccessKind {
    /// An `Allow` of the new policies that the old ones do not match.
    Allowed,
    /// A `Deny` of the old policies that the new ones no longer enforce.
    DenyRemoved,
}

/// One piece of new access.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NewGrant {
    /// Allowed by new, or a deny removed.
    pub kind: NewAccessKind,
    /// The document (of the new set for `Allowed`, of the old set for `DenyRemoved`).
    pub document: usize,
    /// The statement in that document.
    pub statement: usize,
    /// The action(s), e.g. `s3:PutObject` or `NotAction iam:*`.
    pub action: String,
    /// The resource(s), e.g. `arn:aws:s3:::b/*` or `NotResource ...`.
    pub resource: String,
}

/// The new access [`check_no_new_access`] found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("the new policies grant {} access(es) the old ones do not, first: {}", .grants.len(), first_grant(.grants))]
pub struct NewAccess {
    /// Every new grant.
    pub grants: Vec<NewGrant>,
}

fn first_grant(grants: &[NewGrant]) -> String {
    grants.first().map_or_else(String::new, |g| match g.kind {
        NewAccessKind::Allowed => format!(
            "{} on {} (statement {} of new document {})",
            g.action, g.resource, g.statement, g.document
        ),
        NewAccessKind::DenyRemoved => format!(
            "deny of {} on {} removed (statement {} of old document {})",
            g.action, g.resource, g.statement, g.document
        ),
    })
}

/// Checks that `new` grants nothing `old` does not.
///
/// The universe of requests is what the statements of `new` name: each action × resource
/// pair of each `Allow` (or the whole statement for `NotAction`/`NotResource`) must be
/// covered by an old `Allow` at least as broad — its patterns covering the new ones, its
/// conditions a subset of the new statement's, its principals covering the new ones — and
/// every old `Deny` must still be enforced by a new `Deny` at least as broad.
///
/// # Errors
/// [`NewAccess`] listing every uncovered grant.
pub fn check_no_new_access(old: &[PolicyDocument], new: &[PolicyDocument]) -> Result<(), NewAccess> {
    let mut grants = Vec::new();
    let old_allows: Vec<&Statement> = statements(old, Effect::Allow).map(|(_, _, s)| s).collect();
    let old_normal: Vec<NormalStatement> = old_allows.iter().map(|s| NormalStatement::of(s)).collect();
    for (d, i, s) in statements(new, Effect::Allow) {
        if old_normal.contains(&NormalStatement::of(s)) {
            continue;
        }
        match (s.action(), s.resource()) {
            (Some(ActionElement::Action(actions)), Some(ResourceElement::Resource(resources))) => {
                for a in actions {
                    for r in resources {
                        let pair = Sets {
                            actions: Set::Only(std::slice::from_ref(a)),
                            resources: Set::Only(std::slice::from_ref(r)),
                        };
                        if !old_allows.iter().any(|t| statement_covers(t, s, &pair)) {
                            grants.push(NewGrant {
                                kind: NewAccessKind::Allowed,
                                document: d,
                                statement: i,
                                action: a.clone(),
                                resource: r.clone(),
                            });
                        }
                    }
                }
            }
            _ => {
                let sets = Sets::of(s);
                if !old_allows.iter().any(|t| statement_covers(t, s, &sets)) {
                    let (action, resource) = describe(s);
                    grants.push(NewGrant {
                        kind: NewAccessKind::Allowed,
                        document: d,
                        statement: i,
                        action,
                        resource,
                    });
                }
            }
        }
    }
    let new_denies: Vec<&Statement> = statements(new, Effect::Deny).map(|(_, _, s)| s).collect();
    for (d, i, deny) in statements(old, Effect::Deny) {
        // A new deny at least as broad as the old one keeps enforcing it.
        if !new_denies
            .iter()
            .any(|t| statement_covers(t, deny, &Sets::of(deny)))
        {
            let (action, resource) = describe(deny);
            grants.push(NewGrant {
                kind: NewAccessKind::DenyRemoved,
                document: d,
                statement: i,
                action,
                resource,
            });
        }
    }
    if grants.is_empty() {
        Ok(())
    } else {
        Err(NewAccess { grants })
    }
}

fn statements(docs: &[PolicyDocument], effect: Effect) -> impl Iterator<Item = (usize, usize, &Statement)> {
    docs.iter().enumerate().flat_map(move |(d, doc)| {
        doc.statements()
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.effect() == effect)
            .map(move |(i, s)| (d, i, s))
    })
}

fn describe(s: &Statement) -> (String, String) {
    let action = s.action().map_or_else(
        || "no action".into(),
        |a| format!("{} {}", a.name(), a.values().as_slice().join(",")),
    );
    let resource = s.resource().map_or_else(
        || "*".into(),
        |r| format!("{} {}", r.name(), r.values().as_slice().join(",")),
    );
    (action, resource)
}

/// A set of values described by patterns.
#[derive(Clone, Copy)]
enum Set<'a> {
    All,
    Only(&'a [String]),
    AllBut(&'a [String]),
}

struct Sets<'a> {
    actions: Set<'a>,
    resources: Set<'a>,
}

impl<'a> Sets<'a> {
    fn of(s: &'a Statement) -> Self {
        let actions = match s.action() {
            Some(ActionElement::Action(l)) => Set::Only(l.as_slice()),
            Some(ActionElement::NotAction(l)) => Set::AllBut(l.as_slice()),
            None => Set::Only(&[]),
        };
        let resources = match s.resource() {
            Some(ResourceElement::Resource(l)) => Set::Only(l.as_slice()),
            Some(ResourceElement::NotResource(l)) => Set::AllBut(l.as_slice()),
            None => Set::All,
        };
        Sets { actions, resources }
    }
}

/// Whether `outer` contains every value of `inner`.
fn set_covers(
    outer: Set<'_>,
    inner: Set<'_>,
    covers: &dyn Fn(&str, &str) -> bool,
    intersects: &dyn Fn(&str, &str) -> bool,
) -> bool {
    match (outer, inner) {
        (Set::All, _) => true,
        (Set::Only(o), Set::Only(i)) => i.iter().all(|v| o.iter().any(|p| covers(p, v))),
        (Set::Only(o), _) => o.iter().any(|p| covers(p, "*")),
        (Set::AllBut(o), Set::Only(i)) => i.iter().all(|v| !o.iter().any(|p| intersects(p, v))),
        // inner excludes at least what outer excludes.
        (Set::AllBut(o), Set::AllBut(i)) => o.iter().all(|p| i.iter().any(|v| covers(v, p))),
        (Set::AllBut(o), Set::All) => o.is_empty(),
    }
}

/// Whether statement `outer` applies wherever `inner` does, for the given part of `inner`.
fn statement_covers(outer: &Statement, inner: &Statement, part: &Sets<'_>) -> bool {
    let action_covers = |p: &str, v: &str| wildcard::covers(p, v, true);
    let action_meets = |p: &str, v: &str| wildcard::intersects(p, v, true);
    let resource_covers = |p: &str, v: &str| arn_parts(p, v, |a, b| wildcard::covers(a, b, false));
    let resource_meets = |p: &str, v: &str| arn_parts(p, v, |a, b| wildcard::intersects(a, b, false));
    let outer_sets = Sets::of(outer);
    set_covers(outer_sets.actions, part.actions, &action_covers, &action_meets)
        && set_covers(
            outer_sets.resources,
            part.resources,
            &resource_covers,
            &resource_meets,
        )
        && principal_covers(outer.principal(), inner.principal())
        && conditions_implied(outer, inner)
}

fn principal_covers(outer: Option<&PrincipalElement>, inner: Option<&PrincipalElement>) -> bool {
    match (outer, inner) {
        (None, _) => true,
        (Some(PrincipalElement::Principal(o)), Some(PrincipalElement::Principal(i))) => {
            if i.is_public() {
                return o.is_public();
            }
            i.iter().all(|(kind, who)| o.matches(kind, who))
        }
        (Some(o), Some(i)) => o == i,
        (Some(_), None) => false,
    }
}

/// Whether every condition of `outer` is implied by `inner`'s (same test, or the same
/// positive test with fewer allowed values).
fn conditions_implied(outer: &Statement, inner: &Statement) -> bool {
    let inner_entries: &[ConditionEntry] = inner.condition().map(|c| c.entries()).unwrap_or_default();
    outer
        .condition()
        .map(|c| c.entries())
        .unwrap_or_default()
        .iter()
        .all(|o| {
            inner_entries.iter().any(|i| {
                i.operator() == o.operator()
                    && i.key().eq_ignore_ascii_case(o.key())
                    && if o.operator().operator().is_negated() || o.operator().is_if_exists() {
                        i.values()
                            .iter()
                            .map(|v| v.as_text())
                            .eq(o.values().iter().map(|v| v.as_text()))
                    } else {
                        i.values()
                            .iter()
                            .all(|v| o.values().iter().any(|w| w.as_text() == v.as_text()))
                    }
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Operator, Principal};

    #[test]
    fn access_not_granted_respects_certain_denies() {
        let docs = [PolicyDocument::new([
            Statement::allow().actions(["s3:*"]).resources(["*"]),
            Statement::deny().actions(["s3:Delete*"]).resources(["*"]),
            Statement::deny()
                .actions(["s3:PutObject"])
                .resources(["*"])
                .condition(Operator::Bool, "aws:SecureTransport", [false]),
        ])];
        assert!(
            check_access_not_granted(&docs, ["s3:DeleteBucket", "s3:Delete*"], Vec::<String>::new()).is_ok()
        );
        // A conditional deny may not apply.
        let err = check_access_not_granted(&docs, ["s3:PutObject"], ["arn:aws:s3:::b/k"]).unwrap_err();
        assert_eq!((err.action.as_str(), err.statement), ("s3:PutObject", 0));
        assert!(err.to_string().contains("s3:PutObject"));
    }

    #[test]
    fn no_new_access_by_pairs() {
        let old = [PolicyDocument::allow(
            ["s3:Get*", "s3:List*"],
            ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        )];
        let same = [PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::b/k"])];
        assert_eq!(check_no_new_access(&old, &same), Ok(()));
        let more = [PolicyDocument::allow(
            ["s3:GetObject", "s3:PutObject"],
            ["arn:aws:s3:::b/*"],
        )];
        let err = check_no_new_access(&old, &more).unwrap_err();
        assert_eq!(err.grants.len(), 1);
        assert_eq!(
            (err.grants[0].action.as_str(), err.grants[0].kind),
            ("s3:PutObject", NewAccessKind::Allowed)
        );
    }

    #[test]
    fn no_new_access_with_conditions_not_forms_and_denies() {
        let cond = |s: crate::policy::StatementBuilder| {
            s.condition(Operator::StringEquals, "aws:SourceVpc", ["vpc-1", "vpc-2"])
        };
        let old = [PolicyDocument::new([
            cond(Statement::allow().actions(["s3:*"]).resources(["*"])),
            Statement::deny().actions(["s3:DeleteBucket"]).resources(["*"]),
        ])];
        // Narrower condition values are fine; dropping the condition is not.
        let narrower = [PolicyDocument::new([
            Statement::allow()
                .actions(["s3:GetObject"])
                .resources(["*"])
                .condition(Operator::StringEquals, "aws:SourceVpc", ["vpc-1"]),
            Statement::deny().actions(["s3:Delete*"]).resources(["*"]),
        ])];
        assert_eq!(check_no_new_access(&old, &narrower), Ok(()));
        let unconditioned = [PolicyDocument::new([Statement::allow()
            .not_actions(["iam:*"])
            .resources(["*"])])];
        let err = check_no_new_access(&old, &unconditioned).unwrap_err();
        let kinds: Vec<_> = err.grants.iter().map(|g| g.kind).collect();
        assert_eq!(kinds, [NewAccessKind::Allowed, NewAccessKind::DenyRemoved]);
        assert_eq!(err.grants[0].action, "NotAction iam:*");
    }

    #[test]
    fn principals_must_be_covered() {
        let old = [PolicyDocument::new([Statement::allow()
            .principal(Principal::aws(["111122223333"]))
            .actions(["sts:AssumeRole"])])];
        let role = [PolicyDocument::new([Statement::allow()
            .principal(Principal::aws(["arn:aws:iam::111122223333:role/x"]))
            .actions(["sts:AssumeRole"])])];
        assert_eq!(check_no_new_access(&old, &role), Ok(()));
        let public = [PolicyDocument::new([Statement::allow()
            .principal(Principal::any())
            .actions(["sts:AssumeRole"])])];
        assert!(check_no_new_access(&old, &public).is_err());
    }
}
