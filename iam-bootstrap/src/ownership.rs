//! What iam-bootstrap owns: the tags it puts on what it creates, and how a plan tells its
//! own resources from everyone else's.
//!
//! Every resource AWS lets a spec tag (roles, customer managed policies, permission sets)
//! carries [`OWNERSHIP_TAG_KEY`]`=`[`OWNERSHIP_TAG_VALUE`] and [`SPEC_TAG_KEY`]`=<spec name>`.
//! A spec only rewrites, prunes or destroys what carries both with its own name, so two
//! specs in one account never touch each other's resources, and nothing made by hand is
//! ever deleted. A resource tagged before spec names existed (the marker, no spec tag)
//! belongs to the spec named [`DEFAULT_SPEC_NAME`].
//!
//! ```
//! use iam_bootstrap::client::Tags;
//! use iam_bootstrap::ownership::{self, SpecName};
//!
//! let spec = SpecName::new("platform-baseline")?;
//! let tags: Tags = ownership::tags(&spec);
//! assert!(ownership::is_owned(&tags));
//! assert!(ownership::owned_by(&tags, &spec));
//! assert!(!ownership::owned_by(&tags, &SpecName::default()));
//! # Ok::<_, iam_bootstrap::ValidationError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::client::Tags;
use crate::error::{ValidationError, ValidationReason};

/// The tag key that marks what iam-bootstrap created (value [`OWNERSHIP_TAG_VALUE`]).
/// The library never rewrites or deletes a tagged resource's parts that it does not own,
/// and refuses to take over an untagged resource unless the spec adopts it.
pub const OWNERSHIP_TAG_KEY: &str = "managed-by";

/// The value of [`OWNERSHIP_TAG_KEY`].
pub const OWNERSHIP_TAG_VALUE: &str = "iam-bootstrap";

/// The tag key whose value is the name of the spec that owns a resource.
pub const SPEC_TAG_KEY: &str = "iam-bootstrap:spec";

/// The name of a spec that does not name itself.
pub const DEFAULT_SPEC_NAME: &str = "default";

/// The longest spec name (IAM and Identity Center tag values may be 256 characters).
const MAX_SPEC_NAME: usize = 128;

/// A spec's name (`name = "platform-baseline"` in a spec file): what it tags its resources
/// with, so that it prunes and destroys only its own. 1 to 128 letters, digits and
/// `-_.:/=+@` (what both IAM and Identity Center accept in a tag value).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SpecName(String);

impl SpecName {
    /// Checks `name`.
    ///
    /// # Errors
    /// [`ValidationError`] (field `name`) if it is empty, too long, or has a character a tag
    /// value cannot carry.
    pub fn new(name: impl Into<String>) -> Result<Self, ValidationError> {
        let name = name.into();
        let length = name.chars().count();
        if length == 0 || length > MAX_SPEC_NAME {
            return Err(ValidationError::new(
                "name",
                ValidationReason::Length {
                    min: 1,
                    max: MAX_SPEC_NAME,
                    actual: length,
                },
            ));
        }
        if let Some((position, character)) = name
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-_.:/=+@".contains(*c)))
        {
            return Err(ValidationError::new(
                "name",
                ValidationReason::Character {
                    character,
                    position,
                    allowed: "letters, digits and -_.:/=+@",
                },
            ));
        }
        Ok(Self(name))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is [`DEFAULT_SPEC_NAME`].
    pub fn is_default(&self) -> bool {
        self.0 == DEFAULT_SPEC_NAME
    }
}

impl Default for SpecName {
    fn default() -> Self {
        Self(DEFAULT_SPEC_NAME.to_owned())
    }
}

impl fmt::Display for SpecName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SpecName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SpecName::new(text).map_err(crate::spec::capture::de_value_error)
    }
}

/// Whether `tags` carry the ownership marker (whichever spec owns it).
pub fn is_owned(tags: &Tags) -> bool {
    tags.get(OWNERSHIP_TAG_KEY)
        .is_some_and(|v| v == OWNERSHIP_TAG_VALUE)
}

/// The name of the spec that owns a resource with `tags`, if iam-bootstrap does.
pub fn owner(tags: &Tags) -> Option<&str> {
    is_owned(tags).then(|| tags.get(SPEC_TAG_KEY).map_or(DEFAULT_SPEC_NAME, String::as_str))
}

/// Whether a resource with `tags` belongs to `spec`.
pub fn owned_by(tags: &Tags, spec: &SpecName) -> bool {
    owner(tags) == Some(spec.as_str())
}

/// The tags that mark a resource as `spec`'s.
pub fn tags(spec: &SpecName) -> Tags {
    let mut tags = Tags::new();
    tags.insert(OWNERSHIP_TAG_KEY.to_owned(), OWNERSHIP_TAG_VALUE.to_owned());
    tags.insert(SPEC_TAG_KEY.to_owned(), spec.as_str().to_owned());
    tags
}

/// Whether `key` is one of the ownership tags (reserved: a spec cannot set it).
pub fn is_reserved(key: &str) -> bool {
    key == OWNERSHIP_TAG_KEY || key == SPEC_TAG_KEY
}
