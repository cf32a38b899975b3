//! Lint findings that need the action catalog: actions, resources and condition keys that
//! AWS does not know or that cannot apply together, and multivalued keys compared without a
//! set operator.
//!
//! IAM accepts all of these (Access Analyzer reports the unknown names as errors), so none is
//! an [`LintSeverity::Error`]: each makes a statement grant or deny less than it says.

use std::borrow::Cow;

use super::catalog::{self, Catalog, ResourcePattern, Service};
use super::eval::variables_as_wildcards;
use super::lint::{Findings, LintCode, summarize};
use super::operator::Operator;
use super::statement::{ActionElement, Effect, ResourceElement, Statement};
use super::{syntax, wildcard};
use crate::policy::LintSeverity;

/// Up to 256 indexes (resource types or condition keys of one service) as bits: a statement's
/// actions are summed up in these, so each resource type and key is judged once per statement
/// however many actions share it. An index past the end sets `overflow`, and the checks that
/// need the set then stay silent rather than guess.
#[derive(Debug, Clone, Copy, Default)]
struct Bits {
    words: [u64; 4],
    overflow: bool,
}

impl Bits {
    fn insert(&mut self, i: u16) {
        match self.words.get_mut(usize::from(i / 64)) {
            Some(word) => *word |= 1 << (i % 64),
            None => self.overflow = true,
        }
    }

    fn contains(&self, i: u16) -> bool {
        self.words
            .get(usize::from(i / 64))
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    fn intersects(&self, other: &Bits) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        (0..256u16).filter(|&i| self.contains(i))
    }
}

/// What the actions one listed pattern stands for support, summed up.
struct Group<'c> {
    pattern: &'c str,
    service: &'c Service,
    /// Whether the pattern matches some action.
    matches_some: bool,
    /// Whether every action it matches supports only `"Resource": "*"`.
    star_only: bool,
    /// The resource types of those that support some.
    resource_types: Bits,
    /// The condition keys they take.
    keys: Bits,
}

impl<'c> Group<'c> {
    /// The group of the actions `name` matches in `service`; summed up only if `summed` (the
    /// statement has specific resources or conditions to judge), else `star_only`,
    /// `resource_types` and `keys` stay unset and only `matches_some` is known (`s3:*` on
    /// `"*"` would otherwise visit every action of S3 for nothing).
    fn new(pattern: &'c str, service: &'c Service, name: &'c str, summed: bool) -> Self {
        let mut group = Group {
            pattern,
            service,
            matches_some: false,
            star_only: true,
            resource_types: Bits::default(),
            keys: Bits::default(),
        };
        if !summed {
            group.matches_some = service.expand(name).next().is_some();
            return group;
        }
        for action in service.expand(name) {
            group.matches_some = true;
            group.star_only &= action.supports_only_star();
            for &t in action.resource_type_indexes() {
                group.resource_types.insert(t);
            }
            for &k in action.condition_key_indexes() {
                group.keys.insert(k);
            }
        }
        group
    }
}

/// The catalog findings of statement `i`.
pub(crate) fn lint_catalog(out: &mut Findings, i: usize, s: &Statement) {
    let catalog = catalog::catalog();
    lint_multivalued(out, i, s, catalog);
    let Some(element) = s.action() else {
        return;
    };
    let (patterns, listed) = match element {
        ActionElement::Action(list) => (list.as_slice(), true),
        ActionElement::NotAction(list) => (list.as_slice(), false),
    };
    let (mut unknown_services, mut unknown_actions, mut empty_patterns) = (vec![], vec![], vec![]);
    // What each listed pattern stands for; `complete` stays true while every pattern is one
    // the catalog knows fully (so a key or resource that fits none of them is wrong).
    let mut groups: Vec<Group<'_>> = Vec::with_capacity(patterns.len());
    let mut complete = listed;
    // Only specific resources and conditions need what the actions support (see below).
    let summed = listed
        && (s.condition().is_some()
            || matches!(s.resource(), Some(ResourceElement::Resource(r)) if !r.iter().any(|r| r == "*")));
    for pattern in patterns {
        let Some((prefix, name)) = syntax::split_colon(pattern) else {
            complete = false; // `*`: every action
            continue;
        };
        if wildcard::has_wildcard(prefix) {
            complete = false;
            if catalog.expand(pattern).next().is_none() {
                empty_patterns.push(pattern.as_str());
            }
            continue;
        }
        let Some(service) = catalog.service(prefix) else {
            complete = false;
            unknown_services.push(pattern.as_str());
            continue;
        };
        let group = Group::new(pattern, service, name, summed);
        if !group.matches_some {
            complete = false;
            if wildcard::has_wildcard(name) {
                empty_patterns.push(pattern.as_str());
            } else {
                unknown_actions.push(pattern.as_str());
            }
        }
        groups.push(group);
    }
    let mut report = |code, names: Vec<&str>, what: &str| {
        if !names.is_empty() {
            let msg = format!(
                "{what}: {} (action catalog of {}, from {}; AWS may have added it since)",
                summarize(names),
                catalog.date(),
                catalog::SOURCE
            );
            out.push(code, LintSeverity::Warning, Some(i), msg);
        }
    };
    report(LintCode::UnknownService, unknown_services, "unknown service");
    report(LintCode::UnknownAction, unknown_actions, "unknown action");
    report(
        LintCode::ActionPatternMatchesNothing,
        empty_patterns,
        "action pattern matches no action",
    );
    if listed && let Some(ResourceElement::Resource(resources)) = s.resource() {
        lint_resources(out, i, resources.as_slice(), &groups);
    }
    if complete {
        lint_condition_keys(out, i, s, catalog, &groups);
    }
}

/// Resources that none of an action's resource types can match, and specific resources on
/// actions that support only `"*"`.
fn lint_resources(out: &mut Findings, i: usize, resources: &[String], groups: &[Group<'_>]) {
    if groups.is_empty() || resources.iter().any(|r| r == "*") {
        return;
    }
    // `arn:aws:s3:::*`, `arn:aws:ec2:*:*:*`: every resource of the service, which AWS's own
    // examples write for actions without resource-level permissions (and IAM accepts).
    let service_wide = resources
        .iter()
        .any(|r| r.splitn(6, ':').nth(5).is_some_and(|part| part == "*"));
    let patterns: Vec<Cow<'_, str>> = resources
        .iter()
        .map(|r| {
            if r.contains("${") {
                Cow::Owned(variables_as_wildcards(r))
            } else {
                Cow::Borrowed(r.as_str())
            }
        })
        .collect();
    let resource_parts: Vec<ResourcePattern<'_>> = patterns.iter().map(|r| ResourcePattern::new(r)).collect();
    // Which resource types of a service some resource fits, each type tried once.
    let mut tried: Vec<(&Service, Bits, Bits)> = Vec::new();
    let (mut star_only, mut mismatched) = (Vec::new(), Vec::new());
    for group in groups {
        if !group.matches_some {
            continue;
        }
        if group.star_only {
            if !service_wide {
                star_only.push(group.pattern);
            }
            continue;
        }
        if group.resource_types.overflow {
            continue;
        }
        let at = match tried.iter().position(|(s, _, _)| std::ptr::eq(*s, group.service)) {
            Some(at) => at,
            None => {
                tried.push((group.service, Bits::default(), Bits::default()));
                tried.len() - 1
            }
        };
        let Some((service, done, fitting)) = tried.get_mut(at) else {
            continue;
        };
        // The group needs one fitting type: stop at the first (a type's fit does not depend
        // on the group, so types left untried here are tried by a later group that needs them).
        let mut fits_some = group.resource_types.intersects(fitting);
        for t in group.resource_types.iter() {
            if fits_some {
                break;
            }
            if done.contains(t) {
                continue;
            }
            done.insert(t);
            let fits = service
                .resource_types()
                .get(usize::from(t))
                .is_some_and(|kind| kind.fits_any(&resource_parts));
            if fits {
                fitting.insert(t);
                fits_some = true;
            }
        }
        if !fits_some {
            mismatched.push(group.pattern);
        }
    }
    if !star_only.is_empty() {
        let msg = format!(
            "{} support only \"Resource\": \"*\"; on {} they grant nothing",
            summarize(star_only),
            summarize(resources.iter().map(String::as_str))
        );
        out.push(
            LintCode::ResourceNotSupported,
            LintSeverity::Warning,
            Some(i),
            msg,
        );
    }
    if !mismatched.is_empty() {
        let msg = format!(
            "no resource of {} has the ARN form of {}'s resource types",
            summarize(resources.iter().map(String::as_str)),
            summarize(mismatched)
        );
        out.push(
            LintCode::ResourceTypeMismatch,
            LintSeverity::Warning,
            Some(i),
            msg,
        );
    }
}

/// Condition keys that are not global and that none of the statement's actions take.
fn lint_condition_keys(out: &mut Findings, i: usize, s: &Statement, catalog: &Catalog, groups: &[Group<'_>]) {
    let Some(condition) = s.condition() else {
        return;
    };
    let mut stray: Vec<&str> = Vec::new();
    for entry in condition.entries() {
        let key = entry.key();
        let prefix = syntax::split_colon(key).map_or(key, |(p, _)| p);
        // Keys of identity providers (`token.actions.githubusercontent.com:sub`) are not in
        // the catalog; only keys of a known service, or `aws:`, can be judged.
        let judged = prefix.eq_ignore_ascii_case("aws") || catalog.service(prefix).is_some();
        // `ec2:ResourceTag/...`, `secretsmanager:ResourceTag/...`: the services' older
        // spellings of `aws:ResourceTag/...`, which the catalog does not list per action.
        let service_tag = syntax::split_colon(key).is_some_and(|(_, name)| {
            name.get(..12)
                .is_some_and(|head| head.eq_ignore_ascii_case("ResourceTag/"))
        });
        let judged = judged && !service_tag;
        if !judged || catalog.is_global_key(key) || stray.contains(&key) {
            continue;
        }
        let applies = groups
            .iter()
            .any(|g| g.keys.overflow || g.service.key_indexes(key).any(|k| g.keys.contains(k)));
        if !applies {
            stray.push(key);
        }
    }
    if !stray.is_empty() {
        let msg = format!(
            "condition keys that no action of the statement takes (the condition never holds \
             for them): {}",
            summarize(stray)
        );
        out.push(
            LintCode::ConditionKeyNotApplicable,
            LintSeverity::Warning,
            Some(i),
            msg,
        );
    }
}

/// A plain operator (no `ForAnyValue:`/`ForAllValues:`) on a multivalued key: a request
/// carrying several values never matches it, so an `Allow` grants less than meant and a
/// `Deny` lets such requests through.
fn lint_multivalued(out: &mut Findings, i: usize, s: &Statement, catalog: &Catalog) {
    let Some(condition) = s.condition() else {
        return;
    };
    let keys: Vec<&str> = condition
        .entries()
        .iter()
        .filter(|e| e.operator().qualifier().is_none() && e.operator().operator() != Operator::Null)
        .map(|e| e.key())
        .filter(|key| catalog.is_multivalued_key(key))
        .collect();
    if keys.is_empty() {
        return;
    }
    let (severity, effect) = match s.effect() {
        Effect::Deny => (LintSeverity::SecurityWarning, "does not deny"),
        Effect::Allow => (LintSeverity::Warning, "does not allow"),
    };
    let msg = format!(
        "multivalued keys compared without ForAnyValue:/ForAllValues: {}; the statement {effect} \
         requests that carry several values",
        summarize(keys)
    );
    out.push(LintCode::MultivaluedKeyWithoutSetOperator, severity, Some(i), msg);
}

#[cfg(test)]
mod tests {
    use crate::policy::{
        ConditionOperator, LintCode, LintSeverity, Linter, PolicyContext, PolicyDocument, Statement,
    };

    fn findings(s: impl Into<Statement>) -> Vec<(LintCode, LintSeverity, String)> {
        let doc = PolicyDocument::new([s.into()]);
        Linter::new(PolicyContext::Identity)
            .lint(&doc)
            .into_iter()
            .filter(|f| {
                !matches!(
                    f.code,
                    LintCode::WriteOnAllResources | LintCode::PermissionsManagementOnAllResources
                )
            })
            .map(|f| (f.code, f.severity, f.message))
            .collect()
    }

    fn codes(s: impl Into<Statement>) -> Vec<LintCode> {
        findings(s).into_iter().map(|f| f.0).collect()
    }

    fn op(text: &str) -> ConditionOperator {
        text.parse().unwrap()
    }

    #[test]
    fn unknown_names_name_the_catalog_date() {
        let found = findings(
            Statement::allow()
                .actions([
                    "s3:GetObjects",
                    "nosuch:Thing",
                    "s3:Gett*",
                    "s3:Frobnicate*",
                    "s3:GetObject",
                ])
                .resources(["arn:aws:s3:::b/*"]),
        );
        let kinds: Vec<LintCode> = found.iter().map(|f| f.0).collect();
        assert_eq!(
            kinds,
            [
                LintCode::UnknownService,
                LintCode::UnknownAction,
                LintCode::ActionPatternMatchesNothing
            ]
        );
        let date = crate::policy::catalog::catalog().date();
        assert!(found[1].2.contains("s3:GetObjects") && found[1].2.contains(date));
        assert!(found[2].2.contains("s3:Gett*") && found[2].2.contains("s3:Frobnicate*"));
        assert!(found.iter().all(|f| f.1 == LintSeverity::Warning));
        // Names in NotAction are checked too; case does not matter.
        assert_eq!(
            codes(
                Statement::deny()
                    .not_actions(["S3:getobject", "s3:Nope"])
                    .resources(["*"])
            ),
            [LintCode::UnknownAction]
        );
    }

    #[test]
    fn resources_must_fit_the_actions() {
        // GetObject acts on objects, not buckets.
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:GetObject"])
                    .resources(["arn:aws:s3:::b"])
            ),
            [LintCode::ResourceTypeMismatch]
        );
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:GetObject", "s3:ListBucket"])
                    .resources(["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
            ),
            []
        );
        // A pattern needs only one of its actions to fit; variables stand for any value.
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:Get*"])
                    .resources(["arn:aws:s3:::b"])
            ),
            []
        );
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:GetObject"])
                    .resources(["arn:aws:s3:::home/${aws:username}/*"])
            ),
            []
        );
        let found = findings(
            Statement::allow()
                .actions(["s3:ListAllMyBuckets", "s3:ListBucket"])
                .resources(["arn:aws:s3:::b"]),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, LintCode::ResourceNotSupported);
        assert!(found[0].2.starts_with("s3:ListAllMyBuckets support only"));
        // So does every resource of the service.
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:ListAllMyBuckets"])
                    .resources(["arn:aws:s3:::*"])
            ),
            []
        );
        // "*" fits everything.
        assert_eq!(
            codes(
                Statement::allow()
                    .actions(["s3:ListAllMyBuckets"])
                    .resources(["*"])
            ),
            []
        );
    }

    #[test]
    fn condition_keys_must_apply() {
        let s = |key: &str| {
            Statement::allow()
                .actions(["s3:ListBucket"])
                .resources(["arn:aws:s3:::b"])
                .condition(op("StringLike"), key, ["home/*"])
        };
        assert_eq!(codes(s("s3:prefix")), []);
        assert_eq!(codes(s("aws:SourceVpce")), []);
        assert_eq!(codes(s("aws:PrincipalTag/team")), []);
        assert_eq!(codes(s("s3:ResourceTag/team")), []);
        assert_eq!(codes(s("s3:x-amz-acl")), [LintCode::ConditionKeyNotApplicable]);
        assert_eq!(codes(s("ec2:Region")), [LintCode::ConditionKeyNotApplicable]);
        // Keys of identity providers and unknown services are not judged.
        assert_eq!(codes(s("token.actions.githubusercontent.com:sub")), []);
        // Neither are statements whose actions the catalog does not fully know.
        let wide = Statement::allow().actions(["*"]).resources(["*"]).condition(
            op("StringEquals"),
            "s3:x-amz-acl",
            ["private"],
        );
        assert!(!codes(wide).contains(&LintCode::ConditionKeyNotApplicable));
    }

    #[test]
    fn multivalued_keys_need_a_set_operator() {
        let s = |stmt: crate::policy::StatementBuilder, op_text: &str| {
            stmt.actions(["iam:TagRole"])
                .resources(["*"])
                .condition(op(op_text), "aws:TagKeys", ["team"])
        };
        let allow = findings(s(Statement::allow(), "StringEquals"));
        assert_eq!(allow[0].0, LintCode::MultivaluedKeyWithoutSetOperator);
        assert_eq!(allow[0].1, LintSeverity::Warning);
        let deny = findings(s(Statement::deny(), "StringNotEquals"));
        assert_eq!(
            (deny[0].0, deny[0].1),
            (
                LintCode::MultivaluedKeyWithoutSetOperator,
                LintSeverity::SecurityWarning
            )
        );
        assert_eq!(codes(s(Statement::allow(), "ForAllValues:StringEquals")), []);
        let null = Statement::deny()
            .actions(["iam:TagRole"])
            .resources(["*"])
            .condition(op("Null"), "aws:TagKeys", ["true"]);
        assert_eq!(codes(null), []);
    }
}
