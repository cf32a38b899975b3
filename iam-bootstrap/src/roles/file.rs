//! How a role looks in a spec file (TOML or JSON): plain fields, checked through the
//! builder on load, so a file can never produce a spec the builder would refuse.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::spec::{CustomerPolicy, RoleBoundary, RoleSpec};
use super::trust::Trust;
use crate::access_analyzer::AccessGates;
use crate::client::Tags;
use crate::error::{ValidationError, ValidationReason};
use crate::policy::PolicyDocument;

fn default_path() -> String {
    "/".to_owned()
}

/// A customer managed policy in a spec file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CustomerPolicyFile {
    name: String,
    #[serde(default = "default_path")]
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    document: PolicyDocument,
}

/// A role in a spec file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleSpecFile {
    name: String,
    trust: Trust,
    #[serde(default = "default_path")]
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// The longest session, in seconds (AWS's `MaxSessionDuration`; one hour when neither
    /// this nor `max_session` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_session_seconds: Option<u64>,
    /// The same as ISO-8601 text (`"PT2H"`), the form a permission set's `session_duration`
    /// takes, so one spec file can say both the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_session: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    tags: Tags,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    managed_policies: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    inline_policies: BTreeMap<String, PolicyDocument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    customer_policies: Vec<CustomerPolicyFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    boundary: Option<RoleBoundary>,
    #[serde(default)]
    adopt: bool,
    #[serde(default)]
    allow_security_warnings: bool,
    #[serde(default)]
    pack_inline_policies: bool,
    #[serde(default, skip_serializing_if = "AccessGates::is_empty")]
    access_gates: AccessGates,
}

impl TryFrom<RoleSpecFile> for RoleSpec {
    type Error = ValidationError;

    fn try_from(file: RoleSpecFile) -> Result<Self, Self::Error> {
        let builder = RoleSpec::builder(file.name).trust(file.trust).path(file.path);
        let builder = match (file.max_session, file.max_session_seconds) {
            (Some(_), Some(_)) => {
                return Err(ValidationError::new(
                    "max_session",
                    ValidationReason::NotAllowed(
                        "give the session length once: `max_session` (\"PT2H\") or `max_session_seconds` (7200)"
                            .into(),
                    ),
                ));
            }
            (Some(text), None) => builder.max_session(text),
            (None, Some(seconds)) => builder.max_session(std::time::Duration::from_secs(seconds)),
            (None, None) => builder,
        };
        let mut builder = builder
            .adopt(file.adopt)
            .allow_security_warnings(file.allow_security_warnings)
            .pack_inline_policies(file.pack_inline_policies)
            .access_gates(file.access_gates);
        if let Some(description) = file.description {
            builder = builder.description(description);
        }
        for (key, value) in file.tags {
            builder = builder.tag(key, value);
        }
        for arn in file.managed_policies {
            builder = builder.managed_policy(arn);
        }
        for (name, document) in file.inline_policies {
            builder = builder.inline_policy(name, document);
        }
        for policy in file.customer_policies {
            // A policy without a description keeps none (not an empty one), so a spec read
            // back from its own file is equal to it (found by tests/offline/spec_props.rs).
            builder =
                builder.customer_policy_parts(policy.name, policy.path, policy.description, policy.document);
        }
        builder = match file.boundary {
            None => builder,
            Some(RoleBoundary::Arn(arn)) => builder.boundary_arn(arn.to_string()),
            Some(RoleBoundary::CustomerPolicy(name)) => builder.boundary_policy(name.to_string()),
        };
        builder.build()
    }
}

impl From<RoleSpec> for RoleSpecFile {
    fn from(spec: RoleSpec) -> Self {
        RoleSpecFile {
            name: spec.name.to_string(),
            trust: spec.trust,
            path: spec.path.to_string(),
            description: spec.description,
            max_session_seconds: Some(u64::from(spec.max_session_seconds)),
            max_session: None,
            tags: spec.tags,
            managed_policies: spec.managed_policies.iter().map(ToString::to_string).collect(),
            inline_policies: spec
                .inline_policies
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            customer_policies: spec
                .customer_policies
                .into_iter()
                .map(
                    |CustomerPolicy {
                         name,
                         path,
                         description,
                         document,
                     }| CustomerPolicyFile {
                        name: name.to_string(),
                        path: path.to_string(),
                        description,
                        document,
                    },
                )
                .collect(),
            boundary: spec.boundary,
            adopt: spec.adopt,
            allow_security_warnings: spec.allow_security_warnings,
            // Packed policies are written out as the customer policies they became.
            pack_inline_policies: false,
            access_gates: spec.access_gates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_round_trips_through_json_and_loading_checks_it() {
        let spec = RoleSpec::builder("ci")
            .trust(Trust::github_actions("o/r", "refs/heads/main"))
            .customer_policy_at(
                "ci-write",
                "/ci/",
                "writes artifacts",
                PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
            )
            .boundary_arn("arn:aws:iam::aws:policy/PowerUserAccess")
            .tag("team", "platform")
            .build()
            .unwrap();
        let json = serde_json::to_string(&spec).unwrap();
        let back: RoleSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
        let bad = json.replace("\"ci\"", "\"c i\"");
        let err = serde_json::from_str::<RoleSpec>(&bad).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid name: character ' '"),
            "{err}"
        );
        let unknown = json.replacen("{", "{\"colour\":\"red\",", 1);
        assert!(
            serde_json::from_str::<RoleSpec>(&unknown)
                .unwrap_err()
                .to_string()
                .contains("colour")
        );
    }

    #[test]
    fn the_session_length_is_seconds_or_the_text_permission_sets_take_but_not_both() {
        let role = |extra: &str| {
            serde_json::from_str::<RoleSpec>(&format!(
                r#"{{"name": "ci", "trust": {{"preset": "service", "service": "lambda.amazonaws.com"}}{extra}}}"#
            ))
        };
        let seconds = |spec: RoleSpec| spec.max_session().as_secs();
        assert_eq!(seconds(role("").unwrap()), 3600);
        assert_eq!(seconds(role(r#", "max_session_seconds": 7200"#).unwrap()), 7200);
        assert_eq!(seconds(role(r#", "max_session": "PT2H""#).unwrap()), 7200);
        let both = role(r#", "max_session": "PT2H", "max_session_seconds": 7200"#).unwrap_err();
        assert!(both.to_string().contains("max_session"), "{both}");
        assert!(role(r#", "max_session": "two hours""#).is_err());
    }
}
