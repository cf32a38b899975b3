//! Identity-store users and groups as a spec names them: typed builders, validated in
//! `build()` (and when deserialized) with the path of the field at fault.

use serde::{Deserialize, Serialize};

use super::field_error;
use crate::client::NewDirectoryUser;
use crate::error::{ValidationError, ValidationReason};
use crate::names::{DirectoryGroupName, DirectoryUserName, Email};

/// A free-text attribute (display name, given name, ...): 1 to `max` characters, no control
/// characters.
pub(crate) fn check_text(field: &str, value: &str, min: usize, max: usize) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if actual < min || actual > max {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length { min, max, actual },
        ));
    }
    if let Some((position, character)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(ValidationError::new(
            field,
            ValidationReason::Character {
                character,
                position,
                allowed: "printable characters",
            },
        ));
    }
    Ok(())
}

fn required(field: &str, value: Option<String>) -> Result<String, ValidationError> {
    value.ok_or_else(|| ValidationError::new(field, ValidationReason::Missing))
}

/// A user in the Identity Center identity store, found by its unique user name and created
/// when missing. Existing users are never modified; a plan reports attributes that differ.
///
/// ```
/// use iam_bootstrap::DirectoryUserSpec;
///
/// let jane = DirectoryUserSpec::builder("jdoe")
///     .given_name("Jane")
///     .family_name("Doe")
///     .email("jane.doe@example.com")
///     .build()?;
/// assert_eq!(jane.display_name(), "Jane Doe");
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DirectoryUserSpec {
    user_name: DirectoryUserName,
    display_name: String,
    given_name: String,
    family_name: String,
    email: Email,
}

impl DirectoryUserSpec {
    /// A builder for the user `user_name`.
    pub fn builder(user_name: impl Into<String>) -> DirectoryUserSpecBuilder {
        DirectoryUserSpecBuilder {
            user_name: Some(user_name.into()),
            ..DirectoryUserSpecBuilder::default()
        }
    }

    /// The unique user name.
    pub fn user_name(&self) -> &DirectoryUserName {
        &self.user_name
    }
    /// The name shown in the access portal.
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    /// `Name.GivenName`.
    pub fn given_name(&self) -> &str {
        &self.given_name
    }
    /// `Name.FamilyName`.
    pub fn family_name(&self) -> &str {
        &self.family_name
    }
    /// The primary (work) email, where Identity Center sends the invitation.
    pub fn email(&self) -> &Email {
        &self.email
    }

    /// What `CreateUser` takes.
    pub fn to_new_user(&self) -> NewDirectoryUser {
        NewDirectoryUser {
            user_name: self.user_name.clone(),
            display_name: self.display_name.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            email: self.email.to_string(),
        }
    }
}

/// Builds a [`DirectoryUserSpec`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct DirectoryUserSpecBuilder {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

impl DirectoryUserSpecBuilder {
    /// `Name.GivenName` (required).
    pub fn given_name(mut self, name: impl Into<String>) -> Self {
        self.given_name = Some(name.into());
        self
    }
    /// `Name.FamilyName` (required).
    pub fn family_name(mut self, name: impl Into<String>) -> Self {
        self.family_name = Some(name.into());
        self
    }
    /// The primary email (required).
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
    /// The display name (default: given name, a space, family name).
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`user_name`, `given_name`, `email`, ...).
    pub fn build(self) -> Result<DirectoryUserSpec, ValidationError> {
        let user_name = DirectoryUserName::new(required("user_name", self.user_name)?)
            .map_err(|e| field_error("user_name", e))?;
        let given_name = required("given_name", self.given_name)?;
        check_text("given_name", &given_name, 1, 1024)?;
        let family_name = required("family_name", self.family_name)?;
        check_text("family_name", &family_name, 1, 1024)?;
        let display_name = self
            .display_name
            .unwrap_or_else(|| format!("{given_name} {family_name}"));
        check_text("display_name", &display_name, 1, 1024)?;
        let email = Email::new(required("email", self.email)?).map_err(|e| field_error("email", e))?;
        Ok(DirectoryUserSpec {
            user_name,
            display_name,
            given_name,
            family_name,
            email,
        })
    }
}

impl From<DirectoryUserSpec> for DirectoryUserSpecBuilder {
    fn from(spec: DirectoryUserSpec) -> Self {
        Self {
            user_name: Some(spec.user_name.to_string()),
            display_name: Some(spec.display_name),
            given_name: Some(spec.given_name),
            family_name: Some(spec.family_name),
            email: Some(spec.email.to_string()),
        }
    }
}

impl TryFrom<DirectoryUserSpecBuilder> for DirectoryUserSpec {
    type Error = ValidationError;
    fn try_from(builder: DirectoryUserSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

/// A group in the identity store, found by display name and created when missing, with the
/// users that must be members. Members are added, never removed (the library does not
/// manage who else is in a group).
///
/// ```
/// use iam_bootstrap::DirectoryGroupSpec;
///
/// let admins = DirectoryGroupSpec::builder("Administrators").member("jdoe").build()?;
/// assert_eq!(admins.members()[0].as_str(), "jdoe");
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DirectoryGroupSpec {
    name: DirectoryGroupName,
    description: String,
    members: Vec<DirectoryUserName>,
}

impl DirectoryGroupSpec {
    /// A builder for the group `name`.
    pub fn builder(name: impl Into<String>) -> DirectoryGroupSpecBuilder {
        DirectoryGroupSpecBuilder {
            name: Some(name.into()),
            ..DirectoryGroupSpecBuilder::default()
        }
    }

    /// The display name, unique in the identity store.
    pub fn name(&self) -> &DirectoryGroupName {
        &self.name
    }
    /// The description given when the group is created (may be empty).
    pub fn description(&self) -> &str {
        &self.description
    }
    /// Users that must be members.
    pub fn members(&self) -> &[DirectoryUserName] {
        &self.members
    }
}

/// Builds a [`DirectoryGroupSpec`]; also the shape it has in spec files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[must_use]
pub struct DirectoryGroupSpecBuilder {
    name: Option<String>,
    description: Option<String>,
    members: Vec<String>,
}

impl DirectoryGroupSpecBuilder {
    /// The description (at most 1,024 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
    /// Adds a member by user name.
    pub fn member(mut self, user_name: impl Into<String>) -> Self {
        self.members.push(user_name.into());
        self
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`ValidationError`] naming the field (`name`, `members[1]`, ...).
    pub fn build(self) -> Result<DirectoryGroupSpec, ValidationError> {
        let name =
            DirectoryGroupName::new(required("name", self.name)?).map_err(|e| field_error("name", e))?;
        let description = self.description.unwrap_or_default();
        check_text("description", &description, 0, 1024)?;
        let mut members: Vec<DirectoryUserName> = Vec::with_capacity(self.members.len());
        for (n, member) in self.members.into_iter().enumerate() {
            let field = format!("members[{n}]");
            let member = DirectoryUserName::new(member).map_err(|e| field_error(&field, e))?;
            if members
                .iter()
                .any(|m| m.as_str().eq_ignore_ascii_case(member.as_str()))
            {
                return Err(ValidationError::new(
                    field,
                    ValidationReason::NotAllowed(format!("`{member}` is listed twice")),
                ));
            }
            members.push(member);
        }
        Ok(DirectoryGroupSpec {
            name,
            description,
            members,
        })
    }
}

impl From<DirectoryGroupSpec> for DirectoryGroupSpecBuilder {
    fn from(spec: DirectoryGroupSpec) -> Self {
        Self {
            name: Some(spec.name.to_string()),
            description: Some(spec.description),
            members: spec.members.iter().map(ToString::to_string).collect(),
        }
    }
}

impl TryFrom<DirectoryGroupSpecBuilder> for DirectoryGroupSpec {
    type Error = ValidationError;
    fn try_from(builder: DirectoryGroupSpecBuilder) -> Result<Self, Self::Error> {
        builder.build()
    }
}

crate::spec::capture::deserialize_via!(DirectoryUserSpec, DirectoryUserSpecBuilder);

crate::spec::capture::deserialize_via!(DirectoryGroupSpec, DirectoryGroupSpecBuilder);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_need_names_and_a_valid_email() {
        let err = DirectoryUserSpec::builder("jdoe").build().unwrap_err();
        assert_eq!(
            (err.field(), err.reason()),
            ("given_name", &ValidationReason::Missing)
        );
        let err = DirectoryUserSpec::builder("jdoe")
            .given_name("J")
            .family_name("D")
            .email("nope")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "email");
        let err = DirectoryUserSpec::builder("Administrator")
            .given_name("J")
            .family_name("D")
            .email("a@b.co")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "user_name");
        let err = DirectoryUserSpec::builder("jdoe")
            .given_name("J\u{7}")
            .family_name("D")
            .email("a@b.co")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "given_name");
    }

    #[test]
    fn groups_reject_duplicate_members() {
        let err = DirectoryGroupSpec::builder("Admins")
            .member("a")
            .member("A")
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "members[1]");
    }

    #[test]
    fn spec_files_use_the_builder_shape() {
        let user: DirectoryUserSpec = serde_json::from_str(
            r#"{"user_name": "jdoe", "given_name": "Jane", "family_name": "Doe", "email": "j@example.com"}"#,
        )
        .unwrap();
        assert_eq!(user.display_name(), "Jane Doe");
        let round: DirectoryUserSpec = serde_json::from_value(serde_json::to_value(&user).unwrap()).unwrap();
        assert_eq!(round, user);
        let err =
            serde_json::from_str::<DirectoryUserSpec>(r#"{"user_name": "jdoe", "mail": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
        let group: DirectoryGroupSpec =
            serde_json::from_str(r#"{"name": "Admins", "members": ["jdoe"]}"#).unwrap();
        assert_eq!(group.members().len(), 1);
    }
}
