//! Everything about a role spec that can be checked without calling AWS: text fields,
//! tags, every policy's grammar and size, attachment counts, and lint findings.

use std::collections::BTreeSet;

use serde::Serialize;

use super::spec::{CustomerPolicy, RoleBoundary, RoleSpec};
use crate::error::{ValidationError, ValidationReason};
use crate::names::{AccountId, Arn, IamPath, PolicyName};
use crate::policy::{
    LintFinding, LintSeverity, Linter, PolicyContext, PolicyDocument, SizeLimit, check_aggregate_size,
    pack_within,
};

/// IAM's hard maximum of managed policies attached to one role (the default quota is 10).
pub const MAX_ATTACHED_POLICIES: usize = crate::limits::ATTACHED_POLICIES_PER_ROLE_MAX;

/// A lint finding and the policy it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyFinding {
    /// `trust`, `inline:NAME` or `customer:NAME`.
    pub policy: String,
    /// The finding.
    pub finding: LintFinding,
}

/// An account ID of the right length for size accounting before the real one is known.
fn placeholder_account() -> AccountId {
    AccountId::known("123456789012")
}

fn text_field(field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if actual > max {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length { min: 0, max, actual },
        ));
    }
    // IAM's description pattern: tab, LF, CR, printable ASCII and Latin-1.
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{A1}'..='\u{FF}');
    if let Some((position, character)) = value.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        return Err(ValidationError::new(
            field,
            ValidationReason::Character {
                character,
                position,
                allowed: "printable ASCII and Latin-1",
            },
        ));
    }
    Ok(())
}

fn check_tags(spec: &RoleSpec) -> Result<(), ValidationError> {
    // IAM allows 50 tags on a role; the ownership marker and the spec's name take two.
    if spec.tags.len() > 48 {
        return Err(ValidationError::new(
            "tags",
            ValidationReason::Range {
                min: 0,
                max: 48,
                actual: i64::try_from(spec.tags.len()).unwrap_or(i64::MAX),
            },
        ));
    }
    for (key, value) in &spec.tags {
        let field = format!("tags.{key}");
        crate::names::check_tag(&field, key, value)?;
        if crate::ownership::is_reserved(key) {
            return Err(ValidationError::new(
                field,
                ValidationReason::NotAllowed(format!("the tag key `{key}` is reserved")),
            ));
        }
    }
    Ok(())
}

fn policy_error(field: String, error: crate::policy::PolicyError) -> ValidationError {
    ValidationError::new(field, ValidationReason::Policy(error))
}

/// Packs oversized inline policies into customer managed policies named `ROLE-inline-N`.
fn pack_inline(spec: &mut RoleSpec, budget: usize) -> Result<(), ValidationError> {
    let statements = std::mem::take(&mut spec.inline_policies)
        .into_values()
        .flat_map(PolicyDocument::into_statements);
    let packed = pack_within(statements, SizeLimit::Managed, budget)
        .map_err(|e| policy_error("inline_policies".into(), e))?;
    for (n, document) in packed.into_iter().enumerate() {
        let name = PolicyName::new(format!("{}-inline-{}", spec.name, n + 1))
            .map_err(|e| e.at("inline_policies"))?;
        spec.customer_policies.push(CustomerPolicy {
            name,
            path: IamPath::root(),
            description: Some(format!(
                "Inline policies of role {}, packed to fit IAM's size limits",
                spec.name
            )),
            document,
        });
    }
    Ok(())
}

/// The managed policies a spec attaches: its ARNs and its customer policies, minus the
/// customer policy used as the boundary.
pub(crate) fn attachment_count(spec: &RoleSpec) -> usize {
    let boundary = match &spec.boundary {
        Some(RoleBoundary::CustomerPolicy(name)) => Some(name),
        _ => None,
    };
    let unique: BTreeSet<&Arn> = spec.managed_policies.iter().collect();
    unique.len()
        + spec
            .customer_policies
            .iter()
            .filter(|p| Some(&p.name) != boundary)
            .count()
}

/// Runs every offline check, packs inline policies if asked, and lints.
pub(crate) fn check(
    mut spec: RoleSpec,
    allow_security_warnings: bool,
    pack: bool,
) -> Result<RoleSpec, ValidationError> {
    if let Some(description) = &spec.description {
        text_field("description", description, 1000)?;
    }
    let session = crate::limits::SESSION_SECONDS;
    if !session.contains(&spec.max_session_seconds) {
        return Err(ValidationError::new(
            "max_session_seconds",
            ValidationReason::Range {
                min: i64::from(*session.start()),
                max: i64::from(*session.end()),
                actual: i64::from(spec.max_session_seconds),
            },
        ));
    }
    check_tags(&spec)?;
    spec.trust.validate()?;
    let account = placeholder_account();
    let trust = spec.trust.render(&account);
    trust
        .validate(PolicyContext::Trust)
        .map_err(|e| policy_error("trust".into(), e))?;

    for (name, document) in &spec.inline_policies {
        document
            .validate_syntax(PolicyContext::InlineIdentity)
            .map_err(|e| policy_error(format!("inline_policies.{name}"), e))?;
    }
    if let Err(too_large) = check_aggregate_size(spec.inline_policies.values(), SizeLimit::RoleInline) {
        if !pack {
            return Err(policy_error("inline_policies".into(), too_large));
        }
        let budget = MAX_ATTACHED_POLICIES.saturating_sub(attachment_count(&spec));
        pack_inline(&mut spec, budget)?;
    }

    let mut names = BTreeSet::new();
    for (i, policy) in spec.customer_policies.iter().enumerate() {
        let field = format!("customer_policies[{i}]");
        if !names.insert(policy.name.as_str().to_ascii_lowercase()) {
            return Err(ValidationError::new(
                format!("{field}.name"),
                ValidationReason::NotAllowed("the name is used twice".into()),
            ));
        }
        if let Some(description) = &policy.description {
            text_field(&format!("{field}.description"), description, 1000)?;
        }
        policy
            .document
            .validate(PolicyContext::Identity)
            .map_err(|e| policy_error(format!("{field}.document"), e))?;
    }
    for (i, arn) in spec.managed_policies.iter().enumerate() {
        if arn.service() != "iam" || !arn.resource().starts_with("policy/") {
            return Err(ValidationError::new(
                format!("managed_policies[{i}]"),
                ValidationReason::Format {
                    expected: "an IAM policy ARN (arn:aws:iam::...:policy/...)".into(),
                    actual: arn.to_string(),
                },
            ));
        }
    }
    match &spec.boundary {
        Some(RoleBoundary::Arn(arn)) if arn.service() != "iam" || !arn.resource().starts_with("policy/") => {
            return Err(ValidationError::new(
                "boundary",
                ValidationReason::Format {
                    expected: "an IAM policy ARN".into(),
                    actual: arn.to_string(),
                },
            ));
        }
        Some(RoleBoundary::CustomerPolicy(name)) => {
            let policy = spec
                .customer_policies
                .iter()
                .find(|p| &p.name == name)
                .ok_or_else(|| {
                    ValidationError::new(
                        "boundary",
                        ValidationReason::NotAllowed(format!(
                            "no customer policy named `{name}` in the spec"
                        )),
                    )
                })?;
            policy
                .document
                .validate(PolicyContext::PermissionsBoundary)
                .map_err(|e| policy_error("boundary".into(), e))?;
        }
        _ => {}
    }
    let attachments = attachment_count(&spec);
    if attachments > MAX_ATTACHED_POLICIES {
        return Err(ValidationError::new(
            "managed_policies",
            ValidationReason::Range {
                min: 0,
                max: MAX_ATTACHED_POLICIES as i64,
                actual: i64::try_from(attachments).unwrap_or(i64::MAX),
            },
        ));
    }

    let findings = lint_all(&spec, &trust, &account);
    let serious = findings
        .iter()
        .find(|f| f.finding.severity <= LintSeverity::SecurityWarning);
    if let (false, Some(serious)) = (allow_security_warnings, serious) {
        return Err(ValidationError::new(
            error_field(&spec, &serious.policy),
            ValidationReason::NotAllowed(format!(
                "{}: {} (a least-privilege role fails on SECURITY_WARNING findings; allow them explicitly with allow_security_warnings)",
                serious.finding.code, serious.finding.message
            )),
        ));
    }
    spec.findings = findings;
    Ok(spec)
}

/// The spec key of a finding's policy: customer policies are a list in a spec file, so
/// `customer_policies.NAME` becomes `customer_policies[N].document`.
fn error_field(spec: &RoleSpec, policy: &str) -> String {
    policy
        .strip_prefix("customer_policies.")
        .and_then(|name| {
            spec.customer_policies
                .iter()
                .position(|p| p.name.as_str() == name)
        })
        .map_or_else(
            || policy.to_owned(),
            |i| format!("customer_policies[{i}].document"),
        )
}

fn lint_all(spec: &RoleSpec, trust: &PolicyDocument, account: &AccountId) -> Vec<PolicyFinding> {
    let mut findings = Vec::new();
    let mut add = |policy: String, context: PolicyContext, document: &PolicyDocument| {
        let linter = Linter::new(context).with_account(account);
        findings.extend(linter.lint(document).into_iter().map(|finding| PolicyFinding {
            policy: policy.clone(),
            finding,
        }));
    };
    add("trust".into(), PolicyContext::Trust, trust);
    for (name, document) in &spec.inline_policies {
        add(
            format!("inline_policies.{name}"),
            PolicyContext::InlineIdentity,
            document,
        );
    }
    for policy in &spec.customer_policies {
        add(
            format!("customer_policies.{}", policy.name),
            PolicyContext::Identity,
            &policy.document,
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::error::ValidationReason;
    use crate::policy::{PolicyDocument, PolicyError, Statement};
    use crate::roles::{RoleSpec, RoleSpecBuilder, Trust};

    fn base() -> RoleSpecBuilder {
        RoleSpec::builder("app").trust(Trust::service("lambda.amazonaws.com"))
    }

    fn field_of(builder: RoleSpecBuilder) -> String {
        builder.build().unwrap_err().field().to_owned()
    }

    #[test]
    fn required_fields_and_ranges() {
        assert_eq!(
            field_of(RoleSpec::builder("").trust(Trust::same_account_with_mfa())),
            "name"
        );
        assert_eq!(field_of(RoleSpec::builder("x")), "trust");
        assert_eq!(field_of(base().name("bad name")), "name");
        assert_eq!(field_of(base().path("no-slashes")), "path");
        assert_eq!(
            field_of(base().max_session(Duration::from_secs(600))),
            "max_session_seconds"
        );
        assert_eq!(
            field_of(base().max_session(Duration::from_secs(13 * 3600))),
            "max_session_seconds"
        );
        assert_eq!(field_of(base().description("x".repeat(1001))), "description");
        assert_eq!(
            field_of(base().description("tab\tok but bell \u{7}")),
            "description"
        );
        assert_eq!(field_of(base().tag("aws:reserved", "x")), "tags.aws:reserved");
        assert_eq!(field_of(base().tag("managed-by", "me")), "tags.managed-by");
        assert_eq!(field_of(base().tag("k", "v".repeat(257))), "tags.k");
        assert_eq!(
            field_of(base().managed_policy("arn:aws:s3:::not-a-policy")),
            "managed_policies[0]"
        );
        assert_eq!(
            field_of(base().managed_policy("not an arn")),
            "managed_policies[0]"
        );
        assert_eq!(field_of(base().boundary_policy("missing")), "boundary");
        assert!(base().max_session(Duration::from_secs(12 * 3600)).build().is_ok());
    }

    #[test]
    fn max_session_takes_every_form_a_permission_set_takes() {
        let seconds = |b: RoleSpecBuilder| b.build().unwrap().max_session().as_secs();
        assert_eq!(seconds(base().max_session("PT2H")), 7_200);
        assert_eq!(seconds(base().max_session(Duration::from_secs(7_200))), 7_200);
        let typed: crate::identity_center::SessionDuration = "PT2H".parse().unwrap();
        assert_eq!(seconds(base().max_session(typed)), 7_200);
        assert_eq!(field_of(base().max_session("two hours")), "max_session_seconds");
        assert_eq!(field_of(base().max_session("-PT1H")), "max_session_seconds");
        assert_eq!(
            field_of(base().max_session(Duration::from_millis(3_600_500))),
            "max_session_seconds"
        );
    }

    #[test]
    fn policies_are_checked_for_their_context_and_size() {
        let with_principal = PolicyDocument::new([Statement::allow()
            .principal(crate::policy::Principal::any())
            .actions(["s3:GetObject"])
            .resources(["*"])
            .build()]);
        assert_eq!(
            field_of(base().inline_policy("p", with_principal)),
            "inline_policies.p"
        );
        let big = PolicyDocument::allow(
            (0..700).map(|i| format!("s3:GetObjectVersionTagging{i:04}")),
            ["*"],
        );
        let err = base().customer_policy("big", big.clone()).build().unwrap_err();
        assert_eq!(err.field(), "customer_policies[0].document");
        assert!(
            matches!(
                err.reason(),
                ValidationReason::Policy(PolicyError::TooLarge { .. })
            ),
            "{err}"
        );
        assert!(err.to_string().contains("6,144"), "{err}");
    }

    #[test]
    fn oversized_inline_policies_fail_or_are_packed() {
        let statement = |i: usize| {
            PolicyDocument::allow(
                ["s3:GetObject", "s3:PutObject"],
                [format!("arn:aws:s3:::bucket-number-{i:05}/*")],
            )
        };
        let mut builder = base();
        for i in 0..150 {
            builder = builder.inline_policy(format!("p{i}"), statement(i));
        }
        let err = builder.clone().build().unwrap_err();
        assert_eq!(err.field(), "inline_policies");
        assert!(err.to_string().contains("10,240"), "{err}");
        let packed = builder.pack_inline_policies(true).build().unwrap();
        assert!(packed.inline_policies().is_empty());
        assert!(!packed.customer_policies().is_empty());
        for policy in packed.customer_policies() {
            assert!(policy.name.as_str().starts_with("app-inline-"));
            assert!(policy.document.size() <= 6144);
        }
        // Merging statements that differ only in resources makes the result small.
        assert!(
            packed.customer_policies().len() <= 2,
            "{}",
            packed.customer_policies().len()
        );
    }

    #[test]
    fn security_warnings_fail_unless_allowed() {
        let admin = PolicyDocument::allow(["*"], ["*"]);
        let err = base().inline_policy("admin", admin.clone()).build().unwrap_err();
        assert_eq!(err.field(), "inline_policies.admin");
        assert!(err.to_string().contains("full_access"), "{err}");
        let allowed = base()
            .inline_policy("admin", admin)
            .allow_security_warnings(true)
            .build()
            .unwrap();
        assert!(
            allowed
                .lint_findings()
                .iter()
                .any(|f| f.policy == "inline_policies.admin")
        );
        let escalation = PolicyDocument::allow(["iam:PassRole"], ["*"]);
        assert!(base().inline_policy("pass", escalation).build().is_err());
    }

    #[test]
    fn at_most_twenty_attachments() {
        let mut builder = base();
        for i in 0..21 {
            builder = builder.managed_policy(format!("arn:aws:iam::aws:policy/P{i}"));
        }
        assert_eq!(field_of(builder), "managed_policies");
    }
}
