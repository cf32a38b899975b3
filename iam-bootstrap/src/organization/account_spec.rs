//! [`AccountSpec`]: a member account the spec wants in the organization (the guide's
//! "Sign up for an AWS account", done with Organizations' `CreateAccount`), checked before
//! any call; [`AccountSpecBuilder`] is the unchecked form builders and spec files take.

use serde::{Deserialize, Serialize};

use super::selector::OuRef;
use crate::client::Tags;
use crate::error::ValidationError;
use crate::names::{AccountEmail, AccountName, RoleName, check_tag};

/// Organizations allows this many tags on one resource.
const MAX_TAGS: usize = 50;

/// A member account: found by its root user's email (unique across AWS), created when no
/// account of the organization has it, then placed in its OU and tagged.
///
/// ```
/// use iam_bootstrap::organization::AccountSpec;
///
/// let spec = AccountSpec::builder("prod-eu", "aws+prod-eu@example.com")
///     .ou("Root/Workloads/Prod")
///     .tag("env", "prod")
///     .build()?;
/// assert_eq!(spec.email().as_str(), "aws+prod-eu@example.com");
///
/// let err = AccountSpec::builder("prod-eu", "not-an-email").build().unwrap_err();
/// assert_eq!(err.field(), "email");
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountSpec {
    name: AccountName,
    email: AccountEmail,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ou_text")]
    ou: Option<OuRef>,
    #[serde(skip_serializing_if = "Tags::is_empty")]
    tags: Tags,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_name: Option<RoleName>,
}

fn ou_text<S: serde::Serializer>(ou: &Option<OuRef>, s: S) -> Result<S::Ok, S::Error> {
    match ou {
        Some(ou) => s.serialize_str(&ou.to_string()),
        None => s.serialize_none(),
    }
}

impl AccountSpec {
    /// A builder for the account named `name` whose root user's email is `email`.
    pub fn builder(name: impl Into<String>, email: impl Into<String>) -> AccountSpecBuilder {
        AccountSpecBuilder {
            name: Some(name.into()),
            email: Some(email.into()),
            ..AccountSpecBuilder::default()
        }
    }
    /// Its name.
    pub fn name(&self) -> &AccountName {
        &self.name
    }
    /// Its root user's email: what finds it again (never created twice).
    pub fn email(&self) -> &AccountEmail {
        &self.email
    }
    /// The OU it belongs in (`None`: directly under the root).
    pub fn ou(&self) -> Option<&OuRef> {
        self.ou.as_ref()
    }
    /// The tags it carries (others it has are left alone).
    pub fn tags(&self) -> &Tags {
        &self.tags
    }
    /// The role the management account may assume in it (AWS's default when `None`:
    /// `OrganizationAccountAccessRole`).
    pub fn role_name(&self) -> Option<&RoleName> {
        self.role_name.as_ref()
    }
}

/// The unchecked form of an [`AccountSpec`]: what a spec file holds (`name`, `email`,
/// `ou`, `tags`, `role_name`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[must_use]
pub struct AccountSpecBuilder {
    /// The account's name (1-50 printable ASCII characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its root user's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Its OU, by ID (`ou-...`) or by path (`Root/Workloads/Prod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ou: Option<String>,
    /// Its tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// The role the management account may assume in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
}

impl AccountSpecBuilder {
    /// Places it in the OU `ou` (an ID or a path from `Root`).
    pub fn ou(mut self, ou: impl Into<String>) -> Self {
        self.ou = Some(ou.into());
        self
    }
    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
    /// The role the management account may assume in it.
    pub fn role_name(mut self, role: impl Into<String>) -> Self {
        self.role_name = Some(role.into());
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`name`, `email`, `ou`, `tags.<key>`,
    /// `role_name`).
    pub fn build(self) -> Result<AccountSpec, ValidationError> {
        let name = AccountName::new(self.name.unwrap_or_default()).map_err(|e| e.at("name"))?;
        let email = AccountEmail::new(self.email.unwrap_or_default()).map_err(|e| e.at("email"))?;
        let ou = self.ou.as_deref().map(OuRef::parse).transpose()?;
        if self.tags.len() > MAX_TAGS {
            return Err(ValidationError::new(
                "tags",
                crate::ValidationReason::Range {
                    min: 0,
                    max: MAX_TAGS as i64,
                    actual: self.tags.len() as i64,
                },
            ));
        }
        for (key, value) in &self.tags {
            check_tag(&format!("tags.{key}"), key, value)?;
        }
        let role_name = self
            .role_name
            .map(RoleName::new)
            .transpose()
            .map_err(|e| e.at("role_name"))?;
        Ok(AccountSpec {
            name,
            email,
            ou,
            tags: self.tags,
            role_name,
        })
    }
}

impl TryFrom<AccountSpecBuilder> for AccountSpec {
    type Error = ValidationError;
    fn try_from(builder: AccountSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

crate::spec::capture::deserialize_via!(AccountSpec, AccountSpecBuilder);

#[cfg(test)]
mod tests {
    use super::*;

    fn field(builder: AccountSpecBuilder) -> String {
        builder.build().unwrap_err().field().to_owned()
    }

    #[test]
    fn bad_fields_are_named() {
        let ok = || AccountSpec::builder("prod", "aws+prod@example.com");
        assert_eq!(field(AccountSpec::builder("", "aws@example.com")), "name");
        assert_eq!(
            field(AccountSpec::builder("x".repeat(51), "aws@example.com")),
            "name"
        );
        assert_eq!(
            field(AccountSpec::builder("tab\there", "aws@example.com")),
            "name"
        );
        assert_eq!(field(AccountSpec::builder("prod", "nope")), "email");
        assert_eq!(field(AccountSpec::builder("prod", "a b@example.com")), "email");
        assert_eq!(field(ok().ou("Workloads/Prod")), "ou");
        assert_eq!(field(ok().ou("ou-x")), "ou");
        assert_eq!(field(ok().tag("aws:reserved", "x")), "tags.aws:reserved");
        assert_eq!(field(ok().role_name("bad role")), "role_name");
        assert!(ok().ou("Root/Workloads").tag("env", "prod").build().is_ok());
    }

    #[test]
    fn spec_files_round_trip() {
        let spec: AccountSpec = toml::from_str(
            r#"name = "prod-eu"
email = "aws+prod-eu@example.com"
ou = "Root/Workloads/Prod"
tags = { env = "prod" }"#,
        )
        .unwrap();
        assert_eq!(
            spec.ou().map(ToString::to_string).as_deref(),
            Some("Root/Workloads/Prod")
        );
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(serde_json::from_str::<AccountSpec>(&json).unwrap(), spec);
        assert!(
            toml::from_str::<AccountSpec>("name = \"a\"\nemail = \"aws@example.com\"\ncolour = 1").is_err()
        );
    }
}
