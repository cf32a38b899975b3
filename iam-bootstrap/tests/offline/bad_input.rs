//! The bad-input catalog: malformed names, paths, ARNs, account IDs, durations, emails,
//! policy JSON, oversized documents and spec files, through the typed builders and through
//! spec documents (TOML and JSON), and specs whose fault only the account can show.
//!
//! Each row fails with [`Error::Validation`] whose field is exactly the path it expects, and
//! says what it proves ([`Stage`]): most rows are refused by a builder or while the file is
//! loaded, before any account is involved, so no call can be made there; the plan-time rows
//! load, then planning refuses them after the reads the check needs and with no write.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::time::Duration;

use iam_bootstrap::client::{InMemory, Operation};
use iam_bootstrap::names::{
    AccountAlias, AccountId, Arn, DirectoryUserName, Email, IamPath, PolicyName, RoleName,
};
use iam_bootstrap::roles::{RoleSpec, RoleSpecBuilder, Trust};
use iam_bootstrap::{
    AdminProvisioning, AdminProvisioningBuilder, AssignmentSpec, Aws, Bootstrap, DirectoryGroupSpec,
    DirectoryUserSpec, Error, IdentityCenterSpec, IdentityCenterSpecBuilder, PasswordPolicy,
    PermissionSetSpec, PolicyDocument, RootHardening, RootHardeningBuilder, SessionDuration, ValidationError,
    VirtualMfa,
};

/// How a row reaches the library.
enum Input {
    Toml(String),
    Json(String),
    Build(Box<dyn Fn() -> Result<Bootstrap, ValidationError>>),
}

/// What a row proves.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// Loading the spec file refuses it (no account is involved yet, so no call can be made).
    Load,
    /// A builder refuses the value (likewise before any account is involved).
    Build,
    /// The spec loads, and planning against `account` refuses it having made exactly the
    /// `reads` the check needs (`GetAccountSummary` for the attachment quota) and no write.
    Plan {
        account: fn() -> InMemory,
        reads: &'static [Operation],
    },
}

/// One malformed input, the exact field path its error must name and, for a spec file, the
/// line of that key.
struct Row {
    what: &'static str,
    field: &'static str,
    line: Option<usize>,
    input: Input,
    stage: Stage,
}

fn toml(what: &'static str, field: &'static str, line: usize, text: impl Into<String>) -> Row {
    Row {
        what,
        field,
        line: Some(line),
        input: Input::Toml(text.into()),
        stage: Stage::Load,
    }
}

fn json(what: &'static str, field: &'static str, line: usize, text: impl Into<String>) -> Row {
    Row {
        what,
        field,
        line: Some(line),
        input: Input::Json(text.into()),
        stage: Stage::Load,
    }
}

fn build(
    what: &'static str,
    field: &'static str,
    f: impl Fn() -> Result<Bootstrap, ValidationError> + 'static,
) -> Row {
    Row {
        what,
        field,
        line: None,
        input: Input::Build(Box::new(f)),
        stage: Stage::Build,
    }
}

/// A spec that loads but that planning against `account` refuses.
fn plan(
    what: &'static str,
    field: &'static str,
    account: fn() -> InMemory,
    reads: &'static [Operation],
    text: impl Into<String>,
) -> Row {
    Row {
        what,
        field,
        // Planning works on the loaded spec, which no longer knows its file's lines.
        line: None,
        input: Input::Toml(text.into()),
        stage: Stage::Plan { account, reads },
    }
}

/// A value that is not a spec section (a name, an MFA enrollment): checked, then nothing.
fn just<T>(result: Result<T, ValidationError>) -> Result<Bootstrap, ValidationError> {
    result.map(|_| Bootstrap::default())
}

fn with_role(role: RoleSpecBuilder) -> Result<Bootstrap, ValidationError> {
    let mut spec = Bootstrap::default();
    spec.roles.push(role.build()?);
    Ok(spec)
}

fn with_root(root: RootHardeningBuilder) -> Result<Bootstrap, ValidationError> {
    let mut spec = Bootstrap::default();
    spec.root = Some(root.build()?);
    Ok(spec)
}

fn with_idc(idc: IdentityCenterSpecBuilder) -> Result<Bootstrap, ValidationError> {
    let mut spec = Bootstrap::default();
    spec.identity_center = Some(idc.build()?);
    Ok(spec)
}

fn with_admin(admin: AdminProvisioningBuilder) -> Result<Bootstrap, ValidationError> {
    let mut spec = Bootstrap::default();
    spec.admin = Some(admin.build()?);
    Ok(spec)
}

fn lambda(name: &str) -> RoleSpecBuilder {
    RoleSpec::builder(name).trust(Trust::service("lambda.amazonaws.com"))
}

fn trusting(trust: Trust) -> RoleSpecBuilder {
    RoleSpec::builder("r").trust(trust)
}

fn jdoe() -> iam_bootstrap::DirectoryUserSpecBuilder {
    DirectoryUserSpec::builder("jdoe")
        .given_name("Jane")
        .family_name("Doe")
        .email("jane@example.com")
}

fn admin() -> AdminProvisioningBuilder {
    AdminProvisioning::builder()
        .user(jdoe())
        .accounts(["111111111111"])
}

fn allow(action: &str, resource: &str) -> PolicyDocument {
    PolicyDocument::allow([action], [resource])
}

/// An identity policy of about `chars` non-whitespace characters.
fn big_policy(chars: usize) -> PolicyDocument {
    let resources: Vec<String> = (0..chars / 30)
        .map(|i| format!("arn:aws:s3:::bucket-{i:06}/*"))
        .collect();
    PolicyDocument::allow(["s3:GetObject"], resources)
}

/// A minimal valid role in TOML, with `extra` lines added.
fn role_toml(extra: &str) -> String {
    format!(
        "[[roles]]\nname = \"app\"\ntrust = {{ preset = \"service\", service = \"lambda.amazonaws.com\" }}\n{extra}\n"
    )
}

fn admin_toml(extra: &str) -> String {
    format!(
        "[admin]\naccounts = [\"111111111111\"]\n{extra}\n[admin.user]\nuser_name = \"jdoe\"\ngiven_name = \"J\"\nfamily_name = \"D\"\nemail = \"j@example.com\"\n"
    )
}

fn permission_set_toml(extra: &str) -> String {
    format!("[[identity_center.permission_sets]]\nname = \"Ops\"\n{extra}\n")
}

/// `managed_policies = [...]` with `n` AWS managed policy ARNs.
/// A `[[stacksets]]` entry deploying a role to one OU, plus `extra` on its 4th line.
fn stackset_toml(extra: &str) -> String {
    format!(
        "[[stacksets]]\nous = [\"Root/Workloads\"]\nregions = [\"us-east-1\"]\n{extra}role = {{ name = \"r\", trust = {{ preset = \"service\", service = \"lambda.amazonaws.com\" }} }}\n"
    )
}

fn managed_arns(n: usize) -> String {
    let arns: Vec<String> = (0..n)
        .map(|i| format!("\"arn:aws:iam::aws:policy/Reader{i}\""))
        .collect();
    format!("managed_policies = [{}]", arns.join(", "))
}

fn quota_15() -> InMemory {
    InMemory::builder().attached_policies_per_role_quota(15).build()
}

fn catalog() -> Vec<Row> {
    let long = |n: usize| "a".repeat(n);
    vec![
        // ------------------------------------ refused by planning: only the account can tell
        plan(
            "more managed policies than the account's default quota of 10",
            "roles[0].managed_policies",
            InMemory::new,
            &[Operation::GetCallerIdentity, Operation::GetAccountSummary],
            role_toml(&managed_arns(11)),
        ),
        plan(
            "more managed policies than a raised quota of 15",
            "roles[0].managed_policies",
            quota_15,
            &[Operation::GetCallerIdentity, Operation::GetAccountSummary],
            role_toml(&managed_arns(16)),
        ),
        plan(
            "managed and customer policies together over the quota",
            "roles[0].managed_policies",
            InMemory::new,
            &[Operation::GetCallerIdentity, Operation::GetAccountSummary],
            role_toml(&format!(
                "{}\n{}",
                managed_arns(9),
                "customer_policies = [\n  { name = \"c1\", document = { Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/*\" }] } },\n  { name = \"c2\", document = { Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:PutObject\", Resource = \"arn:aws:s3:::b/*\" }] } },\n]"
            )),
        ),
        // ---------------------------------------------------------------- names
        build("empty role name", "name", || with_role(lambda(""))),
        build("role name with a space", "name", || with_role(lambda("my role"))),
        build("role name of 65 characters", "name", move || {
            with_role(lambda(&long(65)))
        }),
        build("role name with a slash", "name", || with_role(lambda("a/b"))),
        build("role name with a non-ASCII letter", "name", || {
            with_role(lambda("rôle"))
        }),
        build("role name with a NUL", "name", || with_role(lambda("a\0b"))),
        build("role with an empty name", "name", || {
            with_role(RoleSpec::builder("").trust(Trust::service("lambda.amazonaws.com")))
        }),
        build("role without a trust", "trust", || {
            with_role(RoleSpec::builder("r"))
        }),
        build("RoleName::new with a colon", "role name", || {
            just(RoleName::new("a:b"))
        }),
        build("PolicyName::new empty", "policy name", || {
            just(PolicyName::new(""))
        }),
        build("PolicyName::new of 129 characters", "policy name", move || {
            just(PolicyName::new(long(129)))
        }),
        build(
            "inline policy name with a space",
            "inline_policies.my policy",
            || with_role(lambda("r").inline_policy("my policy", allow("s3:GetObject", "*"))),
        ),
        build(
            "customer policy name with a star",
            "customer_policies[0].name",
            || with_role(lambda("r").customer_policy("pol*", allow("s3:GetObject", "*"))),
        ),
        build("customer policy named twice", "customer_policies[1].name", || {
            with_role(
                lambda("r")
                    .customer_policy("p", allow("s3:GetObject", "*"))
                    .customer_policy("P", allow("s3:PutObject", "*")),
            )
        }),
        build("DirectoryUserName::new with a space", "user name", || {
            just(DirectoryUserName::new("jane doe"))
        }),
        build("reserved identity-store user name", "user_name", || {
            just(
                DirectoryUserSpec::builder("Administrator")
                    .given_name("A")
                    .family_name("B")
                    .email("a@example.com")
                    .build(),
            )
        }),
        build("empty identity-store user name", "user_name", || {
            just(
                DirectoryUserSpec::builder("")
                    .given_name("A")
                    .family_name("B")
                    .email("a@example.com")
                    .build(),
            )
        }),
        build("user without a given name", "given_name", || {
            just(
                DirectoryUserSpec::builder("jdoe")
                    .family_name("B")
                    .email("a@example.com")
                    .build(),
            )
        }),
        build("given name with a newline", "given_name", || {
            just(jdoe().given_name("Ja\nne").build())
        }),
        build("family name of 1,025 characters", "family_name", move || {
            just(jdoe().family_name(long(1025)).build())
        }),
        build("empty display name", "display_name", || {
            just(jdoe().display_name("").build())
        }),
        build("empty group name", "name", || {
            just(DirectoryGroupSpec::builder("").build())
        }),
        build("group member with a space", "members[0]", || {
            just(DirectoryGroupSpec::builder("Ops").member("a b").build())
        }),
        build("permission set name of 33 characters", "name", move || {
            just(PermissionSetSpec::builder(long(33)).build())
        }),
        build("permission set name with a space", "name", || {
            just(PermissionSetSpec::builder("Read Only").build())
        }),
        build(
            "permission set description of 701 characters",
            "description",
            move || just(PermissionSetSpec::builder("Ops").description(long(701)).build()),
        ),
        build("empty permission set description", "description", || {
            just(PermissionSetSpec::builder("Ops").description("").build())
        }),
        build("relay state of 241 characters", "relay_state", move || {
            just(PermissionSetSpec::builder("Ops").relay_state(long(241)).build())
        }),
        build("empty admin group name", "group", || {
            with_admin(admin().group(""))
        }),
        build("admin permission set name with a slash", "permission_set", || {
            with_admin(admin().permission_set("Admin/Access"))
        }),
        build("admin without a user", "user", || {
            with_admin(AdminProvisioning::builder().accounts(["111111111111"]))
        }),
        build("admin user with a bad email", "user.email", || {
            with_admin(
                AdminProvisioning::builder()
                    .user(jdoe().email("not-an-email"))
                    .accounts(["111111111111"]),
            )
        }),
        build("MFA device for a user name with a space", "user", || {
            just(VirtualMfa::builder("break glass").build())
        }),
        build("MFA device name with a slash", "device_name", || {
            just(VirtualMfa::builder("ok").device_name("a/b").build())
        }),
        build("MFA device name of 227 characters", "device_name", move || {
            just(VirtualMfa::builder("ok").device_name(long(227)).build())
        }),
        // ---------------------------------------------------------------- paths
        build("role path without slashes", "path", || {
            with_role(lambda("r").path("service"))
        }),
        build("role path without a trailing slash", "path", || {
            with_role(lambda("r").path("/service"))
        }),
        build("role path with an empty segment", "path", || {
            with_role(lambda("r").path("/a//b/"))
        }),
        build("role path with a space", "path", || {
            with_role(lambda("r").path("/a b/"))
        }),
        build("role path of 513 characters", "path", move || {
            with_role(lambda("r").path(format!("/{}/", long(511))))
        }),
        build("IamPath::new empty", "path", || just(IamPath::new(""))),
        build("MFA device path without slashes", "path", || {
            just(VirtualMfa::builder("ok").path("nope").build())
        }),
        build(
            "customer managed policy path without slashes",
            "customer_managed_policies[0].path",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .customer_managed_policy("pol", Some("team"))
                        .build(),
                )
            },
        ),
        // ---------------------------------------------------------------- ARNs
        build("managed policy that is not an ARN", "managed_policies[0]", || {
            with_role(lambda("r").managed_policy("ReadOnlyAccess"))
        }),
        build(
            "managed policy ARN of another service",
            "managed_policies[0]",
            || with_role(lambda("r").managed_policy("arn:aws:s3:::bucket")),
        ),
        build("managed policy ARN of a role", "managed_policies[0]", || {
            with_role(lambda("r").managed_policy("arn:aws:iam::123456789012:role/x"))
        }),
        build("ARN with too few parts", "arn", || just(Arn::new("arn:aws:iam"))),
        build("ARN with another prefix", "arn", || {
            just(Arn::new("urn:aws:iam::aws:policy/ReadOnlyAccess"))
        }),
        build("empty ARN", "arn", || just(Arn::new(""))),
        build("boundary that is not an ARN", "boundary", || {
            with_role(lambda("r").boundary_arn("PowerUserAccess"))
        }),
        build("boundary ARN of an S3 object", "boundary", || {
            with_role(lambda("r").boundary_arn("arn:aws:s3:::b/k"))
        }),
        build(
            "boundary naming a policy the role does not define",
            "boundary",
            || with_role(lambda("r").boundary_policy("missing")),
        ),
        build(
            "permission set managed policy of a customer account",
            "managed_policies[0]",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .managed_policy("arn:aws:iam::123456789012:policy/mine")
                        .build(),
                )
            },
        ),
        build(
            "permission set managed policy listed twice",
            "managed_policies[1]",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
                        .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
                        .build(),
                )
            },
        ),
        build(
            "permission set boundary that is not an ARN",
            "permissions_boundary",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .aws_managed_boundary("PowerUserAccess")
                        .build(),
                )
            },
        ),
        build(
            "service trust that is not a service principal",
            "trust.service",
            || with_role(trusting(Trust::service("lambda"))),
        ),
        build("service trust with a space", "trust.service", || {
            with_role(trusting(Trust::service("lambda .amazonaws.com")))
        }),
        build("GitHub repository without an owner", "trust.repository", || {
            with_role(trusting(Trust::github_actions("repo", "refs/heads/main")))
        }),
        build("GitHub repository with three parts", "trust.repository", || {
            with_role(trusting(Trust::github_actions("a/b/c", "refs/heads/main")))
        }),
        build("GitHub subject of any ref", "trust.subject", || {
            with_role(trusting(Trust::github_actions("org/repo", "*")))
        }),
        build("empty GitHub subject", "trust.subject", || {
            with_role(trusting(Trust::github_actions("org/repo", "")))
        }),
        build("SAML provider with a slash", "trust.provider", || {
            with_role(trusting(Trust::saml("a/b")))
        }),
        build("external ID of one character", "trust.external_id", || {
            with_role(trusting(Trust::third_party("111122223333", "x")))
        }),
        build("external ID with a space", "trust.external_id", || {
            with_role(trusting(Trust::third_party("111122223333", "shared secret")))
        }),
        // ---------------------------------------------------------------- account IDs
        build("third-party account of 11 digits", "trust.account", || {
            with_role(trusting(Trust::third_party("11112222333", "external-id")))
        }),
        build("account with MFA that has letters", "trust.account", || {
            with_role(trusting(Trust::account_with_mfa("11112222333x")))
        }),
        build("AccountId::new of 13 digits", "account id", || {
            just(AccountId::new("1111222233334"))
        }),
        build("AccountId::new with dashes", "account id", || {
            just(AccountId::new("1111-2222-3333"))
        }),
        build("AccountId::new empty", "account id", || just(AccountId::new(""))),
        build("AccountId::new with full-width digits", "account id", || {
            just(AccountId::new("１１１１２２２２３３３３"))
        }),
        build("admin account of 11 digits", "accounts[0]", || {
            with_admin(
                AdminProvisioning::builder()
                    .user(jdoe())
                    .accounts(["11111111111"]),
            )
        }),
        build("admin second account with a letter", "accounts[1]", || {
            with_admin(
                AdminProvisioning::builder()
                    .user(jdoe())
                    .accounts(["111111111111", "22222222222x"]),
            )
        }),
        build("admin without accounts", "accounts", || {
            with_admin(AdminProvisioning::builder().user(jdoe()))
        }),
        build("assignment account with a space", "accounts[0]", || {
            just(
                AssignmentSpec::builder("Ops")
                    .group("Ops")
                    .accounts([" 11111111111"])
                    .build(),
            )
        }),
        build("assignment with the same account twice", "accounts[1]", || {
            just(
                AssignmentSpec::builder("Ops")
                    .group("Ops")
                    .accounts(["111111111111", "111111111111"])
                    .build(),
            )
        }),
        build("assignment to nobody", "principal", || {
            just(AssignmentSpec::builder("Ops").accounts(["111111111111"]).build())
        }),
        build("assignment without accounts", "accounts", || {
            just(AssignmentSpec::builder("Ops").group("Ops").build())
        }),
        build("a user defined twice", "users[1].user_name", || {
            with_idc(IdentityCenterSpec::builder().user(jdoe()).user(jdoe()))
        }),
        // ---------------------------------------------------------------- aliases
        build("alias with uppercase", "account_alias", || {
            with_root(RootHardening::builder().account_alias("Example"))
        }),
        build("alias of 12 digits", "account_alias", || {
            with_root(RootHardening::builder().account_alias("123456789012"))
        }),
        build("alias of two characters", "account_alias", || {
            with_root(RootHardening::builder().account_alias("ab"))
        }),
        build("alias starting with a hyphen", "account_alias", || {
            with_root(RootHardening::builder().account_alias("-corp"))
        }),
        build("alias with two hyphens in a row", "account_alias", || {
            with_root(RootHardening::builder().account_alias("a--b"))
        }),
        build("AccountAlias::new with an underscore", "account alias", || {
            just(AccountAlias::new("a_b"))
        }),
        // ---------------------------------------------------------------- durations
        build("role session of 59 minutes", "max_session_seconds", || {
            with_role(lambda("r").max_session(Duration::from_secs(3599)))
        }),
        build("role session of 13 hours", "max_session_seconds", || {
            with_role(lambda("r").max_session(Duration::from_secs(13 * 3600)))
        }),
        build("role session of a century", "max_session_seconds", || {
            with_root(RootHardening::builder()).and(with_role(
                lambda("r").max_session(Duration::from_secs(100 * 365 * 86_400)),
            ))
        }),
        build("session duration of 30 minutes", "session_duration", || {
            just(
                PermissionSetSpec::builder("Ops")
                    .session_duration("PT30M")
                    .build(),
            )
        }),
        build("session duration of 13 hours", "session_duration", || {
            just(
                PermissionSetSpec::builder("Ops")
                    .session_duration("PT13H")
                    .build(),
            )
        }),
        build(
            "session duration that is not a duration",
            "session_duration",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .session_duration("one hour")
                        .build(),
                )
            },
        ),
        build("empty session duration", "session_duration", || {
            just(PermissionSetSpec::builder("Ops").session_duration("").build())
        }),
        build("session duration in days", "session_duration", || {
            just(PermissionSetSpec::builder("Ops").session_duration("P1D").build())
        }),
        build("negative session duration", "session_duration", || {
            just(
                PermissionSetSpec::builder("Ops")
                    .session_duration("-PT1H")
                    .build(),
            )
        }),
        build(
            "session duration of 99999999999 hours",
            "session_duration",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .session_duration("PT99999999999H")
                        .build(),
                )
            },
        ),
        build("SessionDuration::from_hours(0)", "session_duration", || {
            just(SessionDuration::from_hours(0))
        }),
        build("admin session of 24 hours", "session_duration", || {
            with_admin(admin().session_duration("PT24H"))
        }),
        build("MFA age of zero", "trust.max_mfa_age_seconds", || {
            with_role(trusting(Trust::SameAccountWithMfa {
                max_mfa_age_seconds: 0,
            }))
        }),
        build("root usage window of zero days", "root_usage_window_days", || {
            with_root(RootHardening::builder().root_usage_window_days(0))
        }),
        build(
            "root usage window of 100,000 days",
            "root_usage_window_days",
            || with_root(RootHardening::builder().root_usage_window_days(100_000)),
        ),
        build(
            "password minimum length 5",
            "password_policy.minimum_password_length",
            || just(PasswordPolicy::builder().minimum_password_length(5).build()),
        ),
        build(
            "password minimum length 129",
            "password_policy.minimum_password_length",
            || just(PasswordPolicy::builder().minimum_password_length(129).build()),
        ),
        build("password max age 0", "password_policy.max_password_age", || {
            just(PasswordPolicy::builder().max_password_age_days(0).build())
        }),
        build(
            "password max age 1,096",
            "password_policy.max_password_age",
            || just(PasswordPolicy::builder().max_password_age_days(1096).build()),
        ),
        build(
            "password reuse 25",
            "password_policy.password_reuse_prevention",
            || just(PasswordPolicy::builder().password_reuse_prevention(25).build()),
        ),
        build(
            "password reuse 0",
            "password_policy.password_reuse_prevention",
            || just(PasswordPolicy::builder().password_reuse_prevention(0).build()),
        ),
        build(
            "deactivating root keys that are kept",
            "deactivate_before_delete",
            || with_root(RootHardening::builder().deactivate_before_delete(true)),
        ),
        build(
            "more outstanding assignments than AWS allows",
            "max_outstanding_assignments",
            || with_idc(IdentityCenterSpec::builder().max_outstanding_assignments(11)),
        ),
        build(
            "no outstanding assignments at all",
            "max_outstanding_assignments",
            || with_idc(IdentityCenterSpec::builder().max_outstanding_assignments(0)),
        ),
        // ---------------------------------------------------------------- emails
        build("email without an @", "email", || {
            just(jdoe().email("jane.example.com").build())
        }),
        build("email without a domain dot", "email", || {
            just(jdoe().email("jane@example").build())
        }),
        build("email with two @", "email", || {
            just(jdoe().email("a@b@example.com").build())
        }),
        build("email with a space", "email", || {
            just(jdoe().email("jane doe@example.com").build())
        }),
        build("email with an empty local part", "email", || {
            just(jdoe().email("@example.com").build())
        }),
        build("email with a trailing dot", "email", || {
            just(jdoe().email("jane@example.com.").build())
        }),
        build("email with two dots in the domain", "email", || {
            just(jdoe().email("jane@example..com").build())
        }),
        build("email of 129 characters", "email", move || {
            just(jdoe().email(format!("{}@example.com", long(117))).build())
        }),
        build("Email::new with a non-ASCII letter", "email", || {
            just(Email::new("jané@example.com"))
        }),
        // ---------------------------------------------------------------- tags and texts
        build("role tag with the reserved aws: prefix", "tags.aws:x", || {
            with_role(lambda("r").tag("aws:x", "1"))
        }),
        build("role tag with the reserved AWS: prefix", "tags.AWS:x", || {
            with_role(lambda("r").tag("AWS:x", "1"))
        }),
        build("role tag that is the ownership marker", "tags.managed-by", || {
            with_role(lambda("r").tag("managed-by", "me"))
        }),
        build(
            "role tag key of 129 characters",
            "tags.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            move || with_role(lambda("r").tag(long(129), "1")),
        ),
        build("role tag value of 257 characters", "tags.k", move || {
            with_role(lambda("r").tag("k", long(257)))
        }),
        build("role tag key with braces", "tags.{k}", || {
            with_role(lambda("r").tag("{k}", "v"))
        }),
        build("role tag value with a semicolon", "tags.k", || {
            with_role(lambda("r").tag("k", "a;b"))
        }),
        build("empty role tag key", "tags.", || {
            with_role(lambda("r").tag("", "v"))
        }),
        build("fifty role tags", "tags", || {
            let mut role = lambda("r");
            for n in 0..50 {
                role = role.tag(format!("k{n}"), "v");
            }
            with_role(role)
        }),
        build("permission set tag with the aws: prefix", "tags.aws:x", || {
            just(PermissionSetSpec::builder("Ops").tag("aws:x", "1").build())
        }),
        build("permission set tag with the AWS: prefix", "tags.AWS:x", || {
            just(PermissionSetSpec::builder("Ops").tag("AWS:x", "1").build())
        }),
        build("permission set tag key with a NUL", "tags.a\0", || {
            just(PermissionSetSpec::builder("Ops").tag("a\0", "1").build())
        }),
        build("permission set tag key with a star", "tags.a*", || {
            just(PermissionSetSpec::builder("Ops").tag("a*", "1").build())
        }),
        build("role description of 1,001 characters", "description", move || {
            with_role(lambda("r").description(long(1001)))
        }),
        build("role description with an emoji", "description", || {
            with_role(lambda("r").description("deploys 🚀"))
        }),
        build(
            "customer policy description with a NUL",
            "customer_policies[0].description",
            || with_role(lambda("r").customer_policy_at("p", "/", "a\0b", allow("s3:GetObject", "*"))),
        ),
        // ---------------------------------------------------------------- policy JSON
        build("inline policy granting everything", "inline_policies.all", || {
            with_role(lambda("r").inline_policy("all", allow("*", "*")))
        }),
        build(
            "customer policy without a resource",
            "customer_policies[0].document",
            || {
                let document = PolicyDocument::from_json(
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}"#,
                )
                .unwrap();
                with_role(lambda("r").customer_policy("p", document))
            },
        ),
        build("custom trust without a principal", "trust", || {
            with_role(trusting(Trust::custom(allow("sts:AssumeRole", "*"))))
        }),
        build(
            "permission set inline policy that is not JSON",
            "inline_policy",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .inline_policy("{not json")
                        .build(),
                )
            },
        ),
        build(
            "permission set inline policy with a bad effect",
            "inline_policy",
            || {
                just(PermissionSetSpec::builder("Ops")
                .inline_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#)
                .build())
            },
        ),
        build(
            "permission set inline policy with a principal",
            "inline_policy",
            || {
                just(PermissionSetSpec::builder("Ops")
                .inline_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#)
                .build())
            },
        ),
        build(
            "permission set inline policy with an unknown version",
            "inline_policy",
            || {
                just(PermissionSetSpec::builder("Ops")
                .inline_policy(r#"{"Version":"2013-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
                .build())
            },
        ),
        build(
            "permission set inline policy that is empty",
            "inline_policy",
            || just(PermissionSetSpec::builder("Ops").inline_policy("").build()),
        ),
        build(
            "permission set inline policy that is an array",
            "inline_policy",
            || just(PermissionSetSpec::builder("Ops").inline_policy("[]").build()),
        ),
        build(
            "permission set inline policy with an action without a service",
            "inline_policy",
            || {
                just(PermissionSetSpec::builder("Ops")
                .inline_policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}"#)
                .build())
            },
        ),
        // ---------------------------------------------------------------- oversized documents
        build(
            "inline policies over the 10,240-character aggregate",
            "inline_policies",
            || with_role(lambda("r").inline_policy("big", big_policy(11_000))),
        ),
        build(
            "customer policy over 6,144 characters",
            "customer_policies[0].document",
            || with_role(lambda("r").customer_policy("big", big_policy(7_000))),
        ),
        build("custom trust over 2,048 characters", "trust", || {
            let resources: Vec<String> = (0..120)
                .map(|i| format!("arn:aws:iam::111122223333:role/r{i:04}"))
                .collect();
            let document = PolicyDocument::from_json(&format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{}}},"Action":"sts:AssumeRole"}}]}}"#,
                serde_json::to_string(&resources).unwrap()
            ))
            .unwrap();
            with_role(trusting(Trust::custom(document)))
        }),
        build(
            "permission set inline policy over 10,240 characters",
            "inline_policy",
            || {
                just(
                    PermissionSetSpec::builder("Ops")
                        .inline_policy(big_policy(11_000).to_json())
                        .build(),
                )
            },
        ),
        build(
            "twenty-one managed policies on a role",
            "managed_policies",
            || {
                let mut role = lambda("r");
                for n in 0..21 {
                    role = role.managed_policy(format!("arn:aws:iam::aws:policy/P{n}"));
                }
                with_role(role)
            },
        ),
        build(
            "twenty-one policies on a permission set",
            "managed_policies",
            || {
                let mut set = PermissionSetSpec::builder("Ops");
                for n in 0..21 {
                    set = set.managed_policy(format!("arn:aws:iam::aws:policy/P{n}"));
                }
                just(set.build())
            },
        ),
        // ---------------------------------------------------------------- spec files (TOML)
        toml("not TOML at all", "spec", 1, "this is not toml"),
        toml("an unclosed table", "spec", 1, "[root\n"),
        toml("an unknown section", "colour", 1, "colour = \"red\"\n"),
        toml(
            "an unknown root field",
            "root.alias",
            2,
            "[root]\nalias = \"x\"\n",
        ),
        toml(
            "a bad alias in the root section",
            "root.account_alias",
            2,
            "[root]\naccount_alias = \"Not Valid\"\n",
        ),
        toml(
            "root keys to shred",
            "root.root_access_keys",
            2,
            "[root]\nroot_access_keys = \"shred\"\n",
        ),
        toml(
            "an MFA kind that does not exist",
            "root.mfa",
            2,
            "[root]\nmfa = \"sms\"\n",
        ),
        toml(
            "a password policy with a string length",
            "root.password_policy.minimum_password_length",
            2,
            "[root.password_policy]\nminimum_password_length = \"fourteen\"\n",
        ),
        toml(
            "a password policy length of 200",
            "root.password_policy.minimum_password_length",
            2,
            "[root.password_policy]\nminimum_password_length = 200\n",
        ),
        toml(
            "a negative password length",
            "root.password_policy.minimum_password_length",
            2,
            "[root.password_policy]\nminimum_password_length = -1\n",
        ),
        toml(
            "a usage window of zero",
            "root.root_usage_window_days",
            2,
            "[root]\nroot_usage_window_days = 0\n",
        ),
        toml("roles as a table", "roles", 1, "[roles]\nname = \"x\"\n"),
        toml(
            "a role without a trust",
            "roles[0]",
            1,
            "[[roles]]\nname = \"app\"\n",
        ),
        toml(
            "a role with a bad name",
            "roles[0].name",
            2,
            role_toml("").replace("\"app\"", "\"bad name\""),
        ),
        toml(
            "a role with an unknown field",
            "roles[0].colour",
            4,
            role_toml("colour = \"red\""),
        ),
        toml(
            "a role with an unknown trust preset",
            "roles[0].trust.preset",
            3,
            "[[roles]]\nname = \"x\"\ntrust = { preset = \"anyone\" }\n",
        ),
        toml(
            "a role with a string session",
            "roles[0].max_session_seconds",
            4,
            role_toml("max_session_seconds = \"1h\""),
        ),
        toml(
            "a role with a short session",
            "roles[0].max_session_seconds",
            4,
            role_toml("max_session_seconds = 60"),
        ),
        toml(
            "a role with a bad path",
            "roles[0].path",
            4,
            role_toml("path = \"nope\""),
        ),
        toml(
            "a role with a bad managed policy",
            "roles[0].managed_policies[0]",
            4,
            role_toml("managed_policies = [\"ReadOnlyAccess\"]"),
        ),
        toml(
            "a role with an inline policy that has no statement",
            "roles[0].inline_policies.p",
            4,
            role_toml("[roles.inline_policies.p]\nVersion = \"2012-10-17\"\n"),
        ),
        toml(
            "a role with an inline policy whose action is a number",
            "roles[0].inline_policies.p",
            4,
            role_toml(
                "[roles.inline_policies.p]\nVersion = \"2012-10-17\"\nStatement = [{ Effect = \"Allow\", Action = 5, Resource = \"*\" }]\n",
            ),
        ),
        toml(
            "a role whose inline policy misspells Effect",
            "roles[0].inline_policies.p",
            4,
            role_toml(
                "[roles.inline_policies.p]\nVersion = \"2012-10-17\"\nStatement = [{ effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }]\n",
            ),
        ),
        toml(
            "two roles of the same name",
            "roles[1].name",
            6,
            format!("{}{}", role_toml(""), role_toml("").replace("\"app\"", "\"APP\"")),
        ),
        toml(
            "a GitHub trust with a bad repository",
            "roles[0].trust.repository",
            3,
            "[[roles]]\nname = \"ci\"\ntrust = { preset = \"github_actions\", repository = \"nope\", subject = \"refs/heads/main\" }\n",
        ),
        toml(
            "an admin with a bad email",
            "admin.user.email",
            8,
            admin_toml("").replace("j@example.com", "nope"),
        ),
        toml(
            "an admin with a bad account",
            "admin.accounts[0]",
            2,
            admin_toml("").replace("111111111111", "1"),
        ),
        toml(
            "an admin with an unknown field",
            "admin.colour",
            3,
            admin_toml("colour = \"red\""),
        ),
        toml(
            "an admin with a bad session",
            "admin.session_duration",
            3,
            admin_toml("session_duration = \"PT13H\""),
        ),
        toml(
            "an admin without a user",
            "admin.user",
            1,
            "[admin]\naccounts = [\"111111111111\"]\n",
        ),
        toml(
            "a permission set with a bad name",
            "identity_center.permission_sets[0].name",
            2,
            permission_set_toml("").replace("\"Ops\"", "\"Read Only\""),
        ),
        toml(
            "a permission set with a bad session",
            "identity_center.permission_sets[0].session_duration",
            3,
            permission_set_toml("session_duration = \"PT0H\""),
        ),
        toml(
            "a permission set with a customer managed ARN",
            "identity_center.permission_sets[0].managed_policies[0]",
            3,
            permission_set_toml("managed_policies = [\"arn:aws:iam::123456789012:policy/mine\"]"),
        ),
        toml(
            "a permission set with an unknown field",
            "identity_center.permission_sets[0].colour",
            3,
            permission_set_toml("colour = \"red\""),
        ),
        toml(
            "a group defined by both sections",
            "identity_center.groups",
            11,
            format!(
                "{}\n[identity_center]\ngroups = [{{ name = \"administrators\" }}]\n",
                admin_toml("")
            ),
        ),
        toml(
            "a huge string",
            "roles[0].description",
            4,
            role_toml(&format!("description = \"{}\"", long(100_000))),
        ),
        toml(
            "a deeply nested array",
            "spec",
            1,
            format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        toml(
            "a deeply nested inline table",
            "spec",
            1,
            format!("x = {}1{}\n", "{ a = ".repeat(5_000), " }".repeat(5_000)),
        ),
        toml("a NUL byte", "spec", 2, "[root]\naccount_alias = \"a\0b\"\n"),
        // ---------------------------------------------------------------- spec files (JSON)
        json("not JSON at all", "spec", 1, "roles: []"),
        json("an array instead of an object", "spec", 1, "[]"),
        json("trailing data", "spec", 1, "{} {}"),
        json("an unknown section", "colour", 1, r#"{"colour": "red"}"#),
        json("roles as a string", "roles", 1, r#"{"roles": "app"}"#),
        json(
            "a role with a bad name",
            "roles[0].name",
            1,
            r#"{"roles": [{"name": "bad name", "trust": {"preset": "service", "service": "lambda.amazonaws.com"}}]}"#,
        ),
        json(
            "a role with an unknown preset",
            "roles[0].trust.preset",
            1,
            r#"{"roles": [{"name": "x", "trust": {"preset": "nope"}}]}"#,
        ),
        json(
            "a role with a null name",
            "roles[0].name",
            1,
            r#"{"roles": [{"name": null, "trust": {"preset": "service", "service": "lambda.amazonaws.com"}}]}"#,
        ),
        json(
            "a bad alias",
            "root.account_alias",
            1,
            r#"{"root": {"account_alias": "UPPER"}}"#,
        ),
        json(
            "an admin with a bad account",
            "admin.accounts[0]",
            1,
            r#"{"admin": {"user": {"user_name": "j", "given_name": "J", "family_name": "D", "email": "j@example.com"}, "accounts": ["12"]}}"#,
        ),
        json(
            "a password length of 2^70",
            "root.password_policy.minimum_password_length",
            1,
            r#"{"root": {"password_policy": {"minimum_password_length": 1180591620717411303424}}}"#,
        ),
        json(
            "a deeply nested array",
            "roles[0][0]",
            1,
            format!("{{\"roles\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        json(
            "a truncated document",
            "roles[0]",
            1,
            r#"{"roles": [{"name": "x""#,
        ),
        json(
            "an invalid escape",
            "root.account_alias",
            1,
            r#"{"root": {"account_alias": "\x"}}"#,
        ),
        json(
            "a lone surrogate",
            "root.account_alias",
            1,
            r#"{"root": {"account_alias": "\ud800"}}"#,
        ),
        json("a document followed by another", "spec", 2, "{}\n{\"roles\": []}"),
        json("a string instead of an object", "spec", 1, "\"roles\""),
        toml(
            "an assignment to both a user and a group",
            "identity_center.assignments[0].principal",
            3,
            "[[identity_center.assignments]]\npermission_set = \"Ops\"\nprincipal = { group = \"Ops\", user = \"jdoe\" }\naccounts = [\"111111111111\"]\n",
        ),
        toml(
            "an org_root section with an unknown field",
            "org_root.colour",
            3,
            "[org_root]\nenable = true\ncolour = \"red\"\n",
        ),
        toml(
            "an org_root credential kind that does not exist",
            "org_root.remove[1]",
            2,
            "[org_root]\nremove = [\"login-profile\", \"passwords\"]\n",
        ),
        toml(
            "an org_root credential kind listed twice",
            "org_root.remove[1]",
            2,
            "[org_root]\nremove = [\"access-keys\", \"access-keys\"]\n",
        ),
        toml(
            "an org_root selector excepting a malformed account",
            "org_root.accounts.except[0]",
            2,
            "[org_root]\naccounts = { organization = true, except = [\"12\"] }\n",
        ),
        toml(
            "an org_root selector with two forms",
            "org_root.accounts.organization",
            2,
            "[org_root]\naccounts = { organization = true, ou = \"Root/Workloads\" }\n",
        ),
        json(
            "an org_root enable that is a string",
            "org_root.enable",
            1,
            r#"{"org_root": {"enable": "yes"}}"#,
        ),
        // ------------------------------------ [[stacksets]]: org-wide rollouts
        toml(
            "a StackSet preference that does not exist",
            "stacksets[0].preferences.max_concurrent_percent",
            4,
            stackset_toml("preferences = { max_concurrent_percent = 25 }\n"),
        ),
        toml(
            "a StackSet concurrency over 100%",
            "stacksets[0].preferences.max_concurrent_percentage",
            4,
            stackset_toml("preferences = { max_concurrent_percentage = 150 }\n"),
        ),
        toml(
            "a StackSet failure tolerance at its concurrency",
            "stacksets[0].preferences.failure_tolerance_count",
            4,
            stackset_toml("preferences = { max_concurrent_count = 2, failure_tolerance_count = 2 }\n"),
        ),
        toml(
            "a StackSet key that does not exist",
            "stacksets[0].accounts",
            4,
            stackset_toml("accounts = [\"111111111111\"]\n"),
        ),
        toml(
            "a StackSet OU path that is not one",
            "stacksets[0].ous[0]",
            2,
            "[[stacksets]]\nous = [\"Workloads//x\"]\nregions = [\"us-east-1\"]\npolicies = { p = { Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }] } }\nname = \"ps\"\n",
        ),
        toml(
            "a StackSet region listed twice",
            "stacksets[0].regions[1]",
            3,
            "[[stacksets]]\nous = [\"Root/Workloads\"]\nregions = [\"us-east-1\", \"us-east-1\"]\nrole = { name = \"r\", trust = { preset = \"service\", service = \"lambda.amazonaws.com\" } }\n",
        ),
        toml(
            "a StackSet of policies for a permission set the spec lacks",
            "stacksets[0].permission_set",
            4,
            "[[stacksets]]\nous = [\"Root/Workloads\"]\nregions = [\"us-east-1\"]\npermission_set = \"Nope\"\npolicies = { p = { Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }] } }\n",
        ),
        toml(
            "a StackSet missing a policy its permission set references",
            "stacksets[0].policies",
            9,
            "[[identity_center.permission_sets]]\nname = \"Reports\"\ncustomer_managed_policies = [{ name = \"reports-read\" }]\n\n[[stacksets]]\nous = [\"Root/Workloads\"]\nregions = [\"us-east-1\"]\npermission_set = \"Reports\"\npolicies = { other = { Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }] } }\n",
        ),
        json(
            "a StackSet with neither a role nor policies",
            "stacksets[0].policies",
            1,
            r#"{"stacksets": [{"ous": ["Root/Workloads"], "regions": ["us-east-1"]}]}"#,
        ),
        json(
            "a StackSet with no region",
            "stacksets[0].regions",
            1,
            r#"{"stacksets": [{"name": "p", "ous": ["Root/Workloads"], "policies": {"p": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}]}"#,
        ),
        json(
            "an inline policy that is a string",
            "roles[0].inline_policies.p",
            1,
            r#"{"roles": [{"name": "x", "trust": {"preset": "service", "service": "lambda.amazonaws.com"}, "inline_policies": {"p": "{}"}}]}"#,
        ),
    ]
}

/// Loads or builds the row's spec: the error, if this step refuses it.
fn load(row: &Row) -> Result<Bootstrap, ValidationError> {
    match &row.input {
        Input::Toml(text) => Bootstrap::from_toml_str(text),
        Input::Json(text) => Bootstrap::from_json_str(text),
        Input::Build(f) => f(),
    }
}

/// What is wrong with the row's outcome, if anything.
async fn check(row: &Row) -> Option<String> {
    let refused = |err: &ValidationError| {
        let text = err.to_string();
        (err.field() != row.field || err.line() != row.line || !text.contains(row.field)).then(|| {
            format!(
                "field {:?} line {:?}, expected {:?} line {:?} ({text})",
                err.field(),
                err.line(),
                row.field,
                row.line
            )
        })
    };
    match (row.stage, load(row)) {
        (Stage::Load | Stage::Build, Err(err)) => refused(&err),
        (Stage::Load | Stage::Build, Ok(_)) => Some("accepted".into()),
        (Stage::Plan { .. }, Err(err)) => Some(format!("refused before planning: {err}")),
        (Stage::Plan { account, reads }, Ok(spec)) => {
            let aws = Aws::in_memory(account());
            let outcome = match spec.plan(&aws).await {
                Err(Error::Validation(err)) => refused(&err),
                Err(other) => Some(format!("not a validation error: {other}")),
                Ok(plan) => Some(format!("planned {} change(s)", plan.changes.len())),
            };
            let calls = aws.calls();
            let expected: u64 = reads.len() as u64;
            let made_reads = reads.iter().all(|op| calls.calls(*op) >= 1);
            let counts = (calls.writes() != 0 || calls.total() != expected || !made_reads).then(|| {
                format!(
                    "{} write(s), {} call(s) ({calls:?}); expected only {reads:?}",
                    calls.writes(),
                    calls.total()
                )
            });
            match (outcome, counts) {
                (None, None) => None,
                (a, b) => Some([a, b].into_iter().flatten().collect::<Vec<_>>().join("; ")),
            }
        }
    }
}

#[tokio::test]
async fn every_malformed_input_is_rejected_with_its_exact_field() {
    let rows = catalog();
    assert!(rows.len() >= 100, "the catalog has {} rows", rows.len());
    let at_plan = rows
        .iter()
        .filter(|r| matches!(r.stage, Stage::Plan { .. }))
        .count();
    assert!(at_plan >= 3, "only {at_plan} rows reach planning");
    let mut failures = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        if let Some(problem) = check(row).await {
            failures.push(format!("{n} {} [{:?}]: {problem}", row.what, row.stage));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
