//! Building a [`PermissionSetSpec`]: the builder, which is also the shape of a permission
//! set in spec files, and every check AWS would make, with the field at fault named.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::directory::check_text;
use super::{
    AwsManagedPolicy, CustomerManagedPolicy, InlinePolicy, JobFunction, PermissionSetBoundary,
    PermissionSetSpec, SessionDuration, SessionLength, field_error,
};
use crate::client::Tags;
use crate::error::{ValidationError, ValidationReason};
use crate::names::{IamPath, PermissionSetName, PolicyName};
use crate::ownership::OWNERSHIP_TAG_KEY;

/// AWS's quota of managed and customer managed policies on one permission set.
const MAX_POLICIES: usize = crate::limits::POLICIES_PER_PERMISSION_SET;
/// AWS's limit of tags on one resource.
const MAX_TAGS: usize = crate::limits::TAGS_PER_RESOURCE;

/// A customer managed policy reference as written in a builder or spec file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomerPolicyInput {
    name: String,
    #[serde(default)]
    path: Option<String>,
}

/// A permissions boundary as written in a builder or spec file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum BoundaryInput {
    None,
    AwsManaged(String),
    CustomerManaged(CustomerPolicyInput),
}

impl From<PermissionSetBoundary> for BoundaryInput {
    fn from(boundary: PermissionSetBoundary) -> Self {
        match boundary {
            PermissionSetBoundary::None => BoundaryInput::None,
            PermissionSetBoundary::AwsManaged(policy) => BoundaryInput::AwsManaged(policy.into()),
            PermissionSetBoundary::CustomerManaged(policy) => {
                BoundaryInput::CustomerManaged(CustomerPolicyInput {
                    name: policy.name.to_string(),
                    path: Some(policy.path.to_string()),
                })
            }
        }
    }
}

/// Builds a [`PermissionSetSpec`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct PermissionSetSpecBuilder {
    name: Option<String>,
    description: Option<String>,
    session_duration: Option<SessionLength>,
    relay_state: Option<String>,
    managed_policies: Vec<String>,
    customer_managed_policies: Vec<CustomerPolicyInput>,
    #[serde(deserialize_with = "raw_document")]
    inline_policy: Option<String>,
    permissions_boundary: Option<BoundaryInput>,
    tags: BTreeMap<String, String>,
    adopt: bool,
}

/// An inline policy written as a JSON string or as the document itself.
fn raw_document<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => Some(text),
        Some(document) => Some(document.to_string()),
    })
}

impl PermissionSetSpecBuilder {
    pub(super) fn named(name: String) -> Self {
        Self {
            name: Some(name),
            ..Self::default()
        }
    }

    /// The description (1 to 700 characters; default "Managed by iam-bootstrap").
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
    /// The session duration, 1 to 12 hours (default 1 hour): ISO-8601 text (`"PT2H"`), a
    /// [`std::time::Duration`] or a [`SessionDuration`], as [`SessionLength`] describes.
    pub fn session_duration(mut self, duration: impl Into<SessionLength>) -> Self {
        self.session_duration = Some(duration.into());
        self
    }
    /// The relay state: the URL the access portal opens after sign-in (1 to 240 characters).
    pub fn relay_state(mut self, url: impl Into<String>) -> Self {
        self.relay_state = Some(url.into());
        self
    }
    /// Adds an AWS managed policy by ARN.
    pub fn managed_policy(mut self, arn: impl Into<String>) -> Self {
        self.managed_policies.push(arn.into());
        self
    }
    /// Adds the AWS managed policy of a job function.
    pub fn job_function(self, function: JobFunction) -> Self {
        self.managed_policy(function.arn())
    }
    /// Adds a customer managed policy by name and path (`/` if `None`).
    pub fn customer_managed_policy(mut self, name: impl Into<String>, path: Option<&str>) -> Self {
        self.customer_managed_policies.push(CustomerPolicyInput {
            name: name.into(),
            path: path.map(str::to_owned),
        });
        self
    }
    /// The inline policy document (JSON).
    pub fn inline_policy(mut self, document: impl Into<String>) -> Self {
        self.inline_policy = Some(document.into());
        self
    }
    /// The permissions boundary (none unless set: an existing set's boundary is removed).
    pub fn permissions_boundary(mut self, boundary: PermissionSetBoundary) -> Self {
        self.permissions_boundary = Some(boundary.into());
        self
    }
    /// An AWS managed policy as the permissions boundary (checked in `build`).
    pub fn aws_managed_boundary(mut self, arn: impl Into<String>) -> Self {
        self.permissions_boundary = Some(BoundaryInput::AwsManaged(arn.into()));
        self
    }
    /// A customer managed policy as the permissions boundary (checked in `build`).
    pub fn customer_managed_boundary(mut self, name: impl Into<String>, path: Option<&str>) -> Self {
        self.permissions_boundary = Some(BoundaryInput::CustomerManaged(CustomerPolicyInput {
            name: name.into(),
            path: path.map(str::to_owned),
        }));
        self
    }
    /// No permissions boundary, as when none is set: an existing one is removed. Kept so a
    /// spec can say so explicitly (`permissions_boundary = "none"` in a spec file).
    pub fn no_permissions_boundary(mut self) -> Self {
        self.permissions_boundary = Some(BoundaryInput::None);
        self
    }
    /// Adds a tag. The set carries exactly the spec's tags (and the ownership marker): one
    /// added by hand to a set the spec owns or adopts is removed.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
    /// Converge an existing set of this name even if the library did not create it.
    pub fn adopt(mut self, adopt: bool) -> Self {
        self.adopt = adopt;
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`session_duration`, `managed_policies[2]`, ...).
    pub fn build(self) -> Result<PermissionSetSpec, ValidationError> {
        let name = self
            .name
            .ok_or_else(|| ValidationError::new("name", ValidationReason::Missing))?;
        let name = PermissionSetName::new(name).map_err(|e| field_error("name", e))?;
        let description = self
            .description
            .unwrap_or_else(|| "Managed by iam-bootstrap".to_owned());
        check_text("description", &description, 1, 700)?;
        let session_duration = match self.session_duration {
            Some(length) => length.to_session_duration()?,
            None => SessionDuration::default(),
        };
        if let Some(relay) = &self.relay_state {
            check_text("relay_state", relay, 1, 240)?;
        }
        let mut managed_policies: Vec<AwsManagedPolicy> = Vec::new();
        for (n, arn) in self.managed_policies.into_iter().enumerate() {
            let field = format!("managed_policies[{n}]");
            let policy = AwsManagedPolicy::new(arn).map_err(|e| field_error(&field, e))?;
            if managed_policies.contains(&policy) {
                return Err(listed_twice(field, policy.arn()));
            }
            managed_policies.push(policy);
        }
        let mut customer_managed_policies: Vec<CustomerManagedPolicy> = Vec::new();
        for (n, input) in self.customer_managed_policies.into_iter().enumerate() {
            let field = format!("customer_managed_policies[{n}]");
            let policy = customer_policy(&field, input)?;
            if customer_managed_policies.contains(&policy) {
                return Err(listed_twice(field, &policy.to_string()));
            }
            customer_managed_policies.push(policy);
        }
        let count = managed_policies.len() + customer_managed_policies.len();
        if count > MAX_POLICIES {
            return Err(ValidationError::new(
                "managed_policies",
                ValidationReason::Range {
                    min: 0,
                    max: MAX_POLICIES as i64,
                    actual: count as i64,
                },
            ));
        }
        let inline_policy = self.inline_policy.map(InlinePolicy::new).transpose()?;
        let permissions_boundary = match self.permissions_boundary {
            None => None,
            Some(BoundaryInput::None) => Some(PermissionSetBoundary::None),
            Some(BoundaryInput::AwsManaged(arn)) => Some(PermissionSetBoundary::AwsManaged(
                AwsManagedPolicy::new(arn).map_err(|e| field_error("permissions_boundary", e))?,
            )),
            Some(BoundaryInput::CustomerManaged(input)) => Some(PermissionSetBoundary::CustomerManaged(
                customer_policy("permissions_boundary", input)?,
            )),
        };
        check_tags(&self.tags)?;
        Ok(PermissionSetSpec {
            name,
            description,
            session_duration,
            relay_state: self.relay_state,
            managed_policies,
            customer_managed_policies,
            inline_policy,
            permissions_boundary,
            tags: self.tags,
            adopt: self.adopt,
        })
    }
}

fn listed_twice(field: String, what: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::NotAllowed(format!("`{what}` is listed twice")),
    )
}

fn customer_policy(
    field: &str,
    input: CustomerPolicyInput,
) -> Result<CustomerManagedPolicy, ValidationError> {
    Ok(CustomerManagedPolicy {
        name: PolicyName::new(input.name).map_err(|e| field_error(&format!("{field}.name"), e))?,
        path: match input.path {
            Some(path) => IamPath::new(path).map_err(|e| field_error(&format!("{field}.path"), e))?,
            None => IamPath::root(),
        },
    })
}

/// AWS's tag rules, plus: the ownership marker is the library's to set.
fn check_tags(tags: &Tags) -> Result<(), ValidationError> {
    if tags.len() + 1 > MAX_TAGS {
        return Err(ValidationError::new(
            "tags",
            ValidationReason::Range {
                min: 0,
                max: (MAX_TAGS - 1) as i64,
                actual: tags.len() as i64,
            },
        ));
    }
    for (key, value) in tags {
        let field = format!("tags.{key}");
        crate::names::check_tag(&field, key, value)?;
        if key == OWNERSHIP_TAG_KEY {
            return Err(ValidationError::new(
                field,
                ValidationReason::NotAllowed(format!(
                    "`{key}` is reserved (aws: by AWS, {OWNERSHIP_TAG_KEY} by iam-bootstrap)"
                )),
            ));
        }
    }
    Ok(())
}

impl From<PermissionSetSpec> for PermissionSetSpecBuilder {
    fn from(spec: PermissionSetSpec) -> Self {
        Self {
            name: Some(spec.name.to_string()),
            description: Some(spec.description),
            session_duration: Some(spec.session_duration.into()),
            relay_state: spec.relay_state,
            managed_policies: spec.managed_policies.into_iter().map(String::from).collect(),
            customer_managed_policies: spec
                .customer_managed_policies
                .into_iter()
                .map(|p| CustomerPolicyInput {
                    name: p.name.to_string(),
                    path: Some(p.path.to_string()),
                })
                .collect(),
            inline_policy: spec.inline_policy.map(|p| p.as_str().to_owned()),
            permissions_boundary: spec.permissions_boundary.map(BoundaryInput::from),
            tags: spec.tags,
            adopt: spec.adopt,
        }
    }
}

impl TryFrom<PermissionSetSpecBuilder> for PermissionSetSpec {
    type Error = ValidationError;
    fn try_from(builder: PermissionSetSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}
