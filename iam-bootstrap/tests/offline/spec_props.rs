//! Property tests of the spec parsers (the same properties the `spec_parse` fuzz target
//! checks, in a few hundred cases so they run in every `scripts/test`):
//!
//! - a spec built from generated valid parts survives TOML and JSON round trips unchanged;
//! - arbitrary text, and random edits of the starter spec, never make a parser panic, and
//!   whatever parses round-trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use std::collections::BTreeSet;
use std::time::Duration;

use iam_bootstrap::roles::{RoleSpec, Trust};
use iam_bootstrap::{
    AdminProvisioning, AssignmentSpec, Bootstrap, DirectoryGroupSpec, DirectoryUserSpec, IdentityCenterSpec,
    MfaRequirement, PasswordPolicy, PermissionSetSpec, PolicyDocument, RootAccessKeys, RootHardening,
};
use proptest::prelude::*;

use crate::support::STARTER;

fn account() -> impl Strategy<Value = String> {
    "[0-9]{12}"
}

fn trust() -> impl Strategy<Value = Trust> {
    prop_oneof![
        prop::sample::select(vec![
            "lambda.amazonaws.com",
            "ecs-tasks.amazonaws.com",
            "ec2.amazonaws.com"
        ])
        .prop_map(Trust::service),
        (account(), "[A-Za-z0-9+=,.@:/_-]{2,40}").prop_map(|(a, e)| Trust::third_party(a, e)),
        account().prop_map(Trust::account_with_mfa),
        Just(Trust::same_account_with_mfa()),
        (
            "[A-Za-z0-9_.-]{1,20}",
            "[A-Za-z0-9_.-]{1,20}",
            "refs/(heads|tags)/[a-z0-9*-]{1,12}"
        )
            .prop_map(|(owner, repo, git_ref)| Trust::github_actions(format!("{owner}/{repo}"), git_ref)),
        "[A-Za-z0-9_-]{1,40}".prop_map(Trust::saml),
    ]
}

/// A tag AWS accepts that the library does not reserve.
fn tag() -> impl Strategy<Value = (String, String)> {
    ("t[A-Za-z0-9 _.:/=+@-]{0,20}", "[A-Za-z0-9 _.:/=+@-]{0,20}")
}

fn role() -> impl Strategy<Value = RoleSpec> {
    (
        "[A-Za-z0-9+=,.@_-]{1,64}",
        trust(),
        proptest::option::of("[ -~]{0,60}"),
        3600u64..=43_200,
        prop::collection::vec(tag(), 0..3),
        prop::sample::subsequence(
            vec![
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/SecurityAudit",
                "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
            ],
            0..3,
        ),
        prop::collection::btree_map("[A-Za-z0-9_-]{1,20}", "[a-z0-9-]{3,30}", 0..3),
        prop::option::of("[A-Za-z0-9_-]{1,20}"),
        prop::option::of("/([a-z]{1,8}/){0,2}"),
    )
        .prop_filter_map(
            "a valid role",
            |(name, trust, description, seconds, tags, managed, inline, customer, path)| {
                let mut role = RoleSpec::builder(name)
                    .trust(trust)
                    .max_session(Duration::from_secs(seconds));
                if let Some(description) = description {
                    role = role.description(description);
                }
                if let Some(path) = path {
                    role = role.path(path);
                }
                for (key, value) in tags {
                    role = role.tag(key, value);
                }
                for arn in managed {
                    role = role.managed_policy(arn);
                }
                for (policy, bucket) in inline {
                    role = role.inline_policy(
                        policy,
                        PolicyDocument::allow(["s3:GetObject"], [format!("arn:aws:s3:::{bucket}/*")]),
                    );
                }
                if let Some(policy) = customer {
                    role = role.customer_policy(
                        policy,
                        PolicyDocument::allow(
                            ["sqs:SendMessage"],
                            ["arn:aws:sqs:us-east-1:111122223333:queue"],
                        ),
                    );
                }
                role.build().ok()
            },
        )
}

fn root() -> impl Strategy<Value = RootHardening> {
    (
        proptest::option::of("[a-z][a-z0-9]{2,20}"),
        proptest::option::of((
            6u16..=128,
            1u16..=24,
            proptest::option::of(1u16..=1095),
            any::<[bool; 4]>(),
        )),
        0usize..3,
        any::<bool>(),
        1u32..=3650,
    )
        .prop_filter_map(
            "a valid root section",
            |(alias, policy, keys, hardware, window)| {
                let mut root = RootHardening::builder()
                    .root_access_keys(
                        [
                            RootAccessKeys::Keep,
                            RootAccessKeys::Deactivate,
                            RootAccessKeys::Delete,
                        ][keys],
                    )
                    .mfa(if hardware {
                        MfaRequirement::Hardware
                    } else {
                        MfaRequirement::Any
                    })
                    .root_usage_window_days(window);
                if let Some(alias) = alias {
                    root = root.account_alias(alias);
                }
                if let Some((length, reuse, age, [symbols, numbers, upper, lower])) = policy {
                    let mut policy = PasswordPolicy::builder()
                        .minimum_password_length(length)
                        .password_reuse_prevention(reuse)
                        .require_symbols(symbols)
                        .require_numbers(numbers)
                        .require_uppercase_characters(upper)
                        .require_lowercase_characters(lower);
                    policy = match age {
                        Some(days) => policy.max_password_age_days(days),
                        None => policy.passwords_never_expire(),
                    };
                    root = root.password_policy(policy.build().ok()?);
                }
                root.build().ok()
            },
        )
}

fn user(name: String) -> iam_bootstrap::DirectoryUserSpecBuilder {
    DirectoryUserSpec::builder(name)
        .given_name("Given")
        .family_name("Family")
        .email("person@example.com")
}

fn admin() -> impl Strategy<Value = AdminProvisioning> {
    (
        "[a-z][a-z0-9._-]{0,20}",
        prop::collection::btree_set(account(), 1..4),
        prop::sample::select(vec!["PT1H", "PT2H", "PT4H30M", "PT12H"]),
    )
        .prop_filter_map("a valid admin", |(name, accounts, session)| {
            AdminProvisioning::builder()
                .user(user(name))
                .accounts(accounts)
                .session_duration(session)
                .build()
                .ok()
        })
}

fn identity_center() -> impl Strategy<Value = IdentityCenterSpec> {
    (
        "[A-Za-z][A-Za-z0-9]{0,20}",
        "[a-z][a-z0-9]{0,10}",
        prop::collection::btree_set(account(), 1..3),
        any::<bool>(),
    )
        .prop_filter_map(
            "a valid Identity Center section",
            |(set, group, accounts, adopt)| {
                IdentityCenterSpec::builder()
                    .user(user("auditor".into()))
                    .group(DirectoryGroupSpec::builder(format!("g-{group}")).member("auditor"))
                    .permission_set(
                        PermissionSetSpec::builder(format!("ps-{set}"))
                            .managed_policy("arn:aws:iam::aws:policy/SecurityAudit")
                            .adopt(adopt),
                    )
                    .assignment(
                        AssignmentSpec::builder(format!("ps-{set}"))
                            .group(format!("g-{group}"))
                            .accounts(accounts),
                    )
                    .build()
                    .ok()
            },
        )
}

fn bootstrap() -> impl Strategy<Value = Bootstrap> {
    (
        proptest::option::of(root()),
        proptest::option::of(admin()),
        proptest::option::of(identity_center()),
        prop::collection::vec(role(), 0..4),
    )
        .prop_filter_map("a valid spec", |(root, admin, identity_center, roles)| {
            let mut spec = Bootstrap::default();
            spec.root = root;
            spec.admin = admin;
            spec.identity_center = identity_center;
            let mut names = BTreeSet::new();
            spec.roles = roles
                .into_iter()
                .filter(|r| names.insert(r.name().as_str().to_ascii_lowercase()))
                .collect();
            spec.validate().ok()?;
            Some(spec)
        })
}

/// Whatever parses must come back unchanged through TOML and JSON.
fn round_trips(spec: &Bootstrap) -> Result<(), TestCaseError> {
    let toml = spec
        .to_toml_string()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again = Bootstrap::from_toml_str(&toml).map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
    prop_assert_eq!(&again, spec, "TOML:\n{}", toml);
    let json = serde_json::to_string(spec).unwrap();
    let again = Bootstrap::from_json_str(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
    prop_assert_eq!(&again, spec, "JSON:\n{}", json);
    Ok(())
}

/// One edit of a text: delete, insert or replace a character at a position.
fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, char)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            0u8..3,
            prop_oneof![
                prop::sample::select(vec![
                    '"', '[', ']', '{', '}', '=', ',', '\n', ' ', '.', '#', '0', '\\', ':'
                ]),
                any::<char>(),
            ],
        ),
        1..6,
    )
}

fn edit(text: &str, edits: &[(prop::sample::Index, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, op, c) in edits {
        let i = at.index(chars.len().max(1));
        match op {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            1 => chars.insert(i.min(chars.len()), *c),
            _ if i < chars.len() => chars[i] = *c,
            _ => chars.push(*c),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_specs_round_trip(spec in bootstrap()) {
        round_trips(&spec)?;
    }

    #[test]
    fn edited_starter_specs_never_panic_and_round_trip_when_they_parse(edits in edits()) {
        let toml = edit(STARTER, &edits);
        if let Ok(spec) = Bootstrap::from_toml_str(&toml) {
            round_trips(&spec)?;
        }
        let json = edit(&serde_json::to_string_pretty(&Bootstrap::from_toml_str(STARTER).unwrap()).unwrap(), &edits);
        if let Ok(spec) = Bootstrap::from_json_str(&json) {
            round_trips(&spec)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        for spec in [Bootstrap::from_toml_str(&text), Bootstrap::from_json_str(&text)].into_iter().flatten() {
            round_trips(&spec)?;
        }
    }

    #[test]
    fn spec_shaped_text_never_panics(text in r#"(\[\[?(root|admin|roles|identity_center)[.a-z_]*\]\]?\n|[a-z_]{1,12} = ("[^"\n]{0,12}"|[0-9]{1,4}|true|\[\]|\{\})\n){0,8}"#) {
        if let Ok(spec) = Bootstrap::from_toml_str(&text) {
            round_trips(&spec)?;
        }
    }
}

#[test]
fn the_fuzz_seeds_load_and_round_trip() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/spec_parse");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let spec = if path.extension().is_some_and(|e| e == "json") {
            Bootstrap::from_json_str(&text)
        } else {
            Bootstrap::from_toml_str(&text)
        }
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        round_trips(&spec).unwrap();
        seen += 1;
    }
    assert!(seen >= 3);
}

#[test]
fn a_customer_policy_without_a_description_round_trips() {
    // Found by `generated_specs_round_trip`: read back from a file, the description was "".
    let role = RoleSpec::builder("app")
        .trust(Trust::service("lambda.amazonaws.com"))
        .customer_policy("p", PolicyDocument::allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]))
        .build()
        .unwrap();
    assert_eq!(role.customer_policies()[0].description, None);
    let mut spec = Bootstrap::default();
    spec.roles.push(role);
    round_trips(&spec).unwrap();
}
