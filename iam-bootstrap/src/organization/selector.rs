//! [`AccountSelector`]: which accounts of an organization a spec targets, checked before
//! any call; [`AccountSelectorBuilder`] is the unchecked form builders and spec files take.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{ValidationError, ValidationReason};
use crate::names::{AccountId, OuId, OuName, check_tag};

/// A tag an account must carry: `env=prod` (key and value as Organizations tags them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountTag {
    key: String,
    value: String,
}

impl AccountTag {
    /// Parses `key=value` (the value may be empty: `team=`).
    ///
    /// # Errors
    /// [`ValidationError`] on `tag` without `=`, or a key or value AWS would refuse.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let Some((key, value)) = text.split_once('=') else {
            return Err(ValidationError::new(
                "tag",
                ValidationReason::Format {
                    expected: "key=value".into(),
                    actual: text.into(),
                },
            ));
        };
        check_tag("tag", key, value)?;
        Ok(Self {
            key: key.to_owned(),
            value: value.to_owned(),
        })
    }

    /// The tag's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value it must have.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for AccountTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// An OU named by its path from the root: `Root/Workloads/Prod` (`Root` alone is the root).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OuPath {
    segments: Vec<OuName>,
}

impl OuPath {
    /// Parses `Root/<OU>/<OU>...`.
    ///
    /// # Errors
    /// [`ValidationError`] (field `ou`) when the path does not start at `Root`, has an
    /// empty segment (`Root//Prod`, a trailing `/`) or an OU name AWS would refuse.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let mut parts = text.split('/');
        if parts.next() != Some("Root") {
            return Err(ValidationError::new(
                "ou",
                ValidationReason::Format {
                    expected: "an OU ID (ou-...) or a path from the root (Root/Workloads/Prod)".into(),
                    actual: text.into(),
                },
            ));
        }
        let segments = parts
            .map(|part| {
                if part.is_empty() {
                    Err(ValidationError::new(
                        "ou",
                        ValidationReason::NotAllowed(format!("the path `{text}` has an empty OU name")),
                    ))
                } else {
                    OuName::new(part).map_err(|e| e.at("ou"))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { segments })
    }

    /// The OU names from the root down (empty for the root itself).
    pub fn segments(&self) -> &[OuName] {
        &self.segments
    }
}

impl fmt::Display for OuPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Root")?;
        for segment in &self.segments {
            write!(f, "/{segment}")?;
        }
        Ok(())
    }
}

/// An OU by ID or by path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OuRef {
    /// `ou-ab12-cdef5678`.
    Id(OuId),
    /// `Root/Workloads/Prod`.
    Path(OuPath),
}

impl OuRef {
    /// An ID when `text` starts with `ou-`, otherwise a path.
    ///
    /// # Errors
    /// [`ValidationError`] (field `ou`) for a malformed ID or path.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        if text.starts_with("ou-") {
            OuId::new(text).map(OuRef::Id).map_err(|e| e.at("ou"))
        } else {
            OuPath::parse(text).map(OuRef::Path)
        }
    }
}

impl fmt::Display for OuRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OuRef::Id(id) => write!(f, "{id}"),
            OuRef::Path(path) => write!(f, "{path}"),
        }
    }
}

/// Which accounts a spec targets. Only ACTIVE accounts are ever selected; the others a
/// selector reaches are skipped and reported in the plan
/// ([`SelectorResolution`](super::SelectorResolution)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AccountSelector {
    /// One account, taken as written (no call is made for it).
    Account(AccountId),
    /// The accounts in an OU, and by default in every OU nested under it.
    Ou {
        /// The OU.
        ou: OuRef,
        /// Whether nested OUs count (default `true`).
        recursive: bool,
        /// Accounts left out.
        except: Vec<AccountId>,
    },
    /// The accounts carrying a tag.
    Tag {
        /// The tag.
        tag: AccountTag,
        /// Accounts left out.
        except: Vec<AccountId>,
    },
    /// Every account of the organization.
    Organization {
        /// Accounts left out.
        except: Vec<AccountId>,
    },
}

impl AccountSelector {
    /// Whether resolving it reads the organization (everything but an explicit account).
    pub fn needs_organization(&self) -> bool {
        !matches!(self, AccountSelector::Account(_))
    }

    /// The accounts it leaves out.
    pub fn except(&self) -> &[AccountId] {
        match self {
            AccountSelector::Account(_) => &[],
            AccountSelector::Ou { except, .. }
            | AccountSelector::Tag { except, .. }
            | AccountSelector::Organization { except } => except,
        }
    }
}

impl fmt::Display for AccountSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountSelector::Account(id) => write!(f, "account {id}")?,
            AccountSelector::Ou { ou, recursive, .. } => {
                write!(f, "OU {ou}")?;
                if !recursive {
                    f.write_str(" (not nested OUs)")?;
                }
            }
            AccountSelector::Tag { tag, .. } => write!(f, "tag {tag}")?,
            AccountSelector::Organization { .. } => f.write_str("the organization")?,
        }
        let except = self.except();
        if !except.is_empty() {
            let list: Vec<&str> = except.iter().map(AccountId::as_str).collect();
            write!(f, " except {}", list.join(", "))?;
        }
        Ok(())
    }
}

impl Serialize for AccountSelector {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AccountSelectorBuilder::from(self.clone()).serialize(serializer)
    }
}

/// An [`AccountSelector`] as written, checked by [`build`](Self::build): in spec files an
/// account ID (`"111111111111"`) or a table (`{ ou = "Root/Workloads" }`,
/// `{ tag = "env=prod" }`, `{ organization = true, except = ["222222222222"] }`, with
/// `recursive = false` for an OU's own accounts only).
///
/// ```
/// use iam_bootstrap::organization::{AccountSelector, AccountSelectorBuilder};
///
/// let prod = AccountSelectorBuilder::ou("Root/Workloads/Prod").except(["222222222222"]).build()?;
/// assert_eq!(prod.to_string(), "OU Root/Workloads/Prod except 222222222222");
/// let from_toml: AccountSelectorBuilder = toml::from_str::<toml::Table>(r#"s = { tag = "env=prod" }"#)
///     .unwrap()["s"].clone().try_into().unwrap();
/// assert!(matches!(from_toml.build()?, AccountSelector::Tag { .. }));
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct AccountSelectorBuilder {
    ou: Option<String>,
    tag: Option<String>,
    organization: Option<bool>,
    recursive: Option<bool>,
    except: Vec<String>,
    /// The string form: one account.
    account: Option<String>,
}

impl AccountSelectorBuilder {
    /// One account by ID.
    pub fn account(id: impl Into<String>) -> Self {
        Self {
            account: Some(id.into()),
            ..Self::default()
        }
    }
    /// An OU by ID (`ou-...`) or path (`Root/Workloads`), nested OUs included.
    pub fn ou(ou: impl Into<String>) -> Self {
        Self {
            ou: Some(ou.into()),
            ..Self::default()
        }
    }
    /// Accounts tagged `key=value`.
    pub fn tag(tag: impl Into<String>) -> Self {
        Self {
            tag: Some(tag.into()),
            ..Self::default()
        }
    }
    /// Every account of the organization.
    pub fn organization() -> Self {
        Self {
            organization: Some(true),
            ..Self::default()
        }
    }
    /// For an OU: whether nested OUs count (default `true`).
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = Some(recursive);
        self
    }
    /// Leaves these accounts out.
    pub fn except<I, S>(mut self, accounts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.except.extend(accounts.into_iter().map(Into::into));
        self
    }

    /// Checks it.
    ///
    /// # Errors
    /// [`ValidationError`] naming the key at fault: `` (an account ID), `ou`, `tag`,
    /// `organization`, `recursive`, `except[1]`; a table must name exactly one of `ou`,
    /// `tag` and `organization = true`.
    pub fn build(self) -> Result<AccountSelector, ValidationError> {
        if let Some(id) = self.account {
            return AccountId::new(id)
                .map(AccountSelector::Account)
                .map_err(|e| e.at(""));
        }
        let except = self
            .except
            .into_iter()
            .enumerate()
            .map(|(n, id)| AccountId::new(id).map_err(|e| e.at(format!("except[{n}]"))))
            .collect::<Result<Vec<_>, _>>()?;
        let organization = match self.organization {
            Some(false) => {
                return Err(ValidationError::new(
                    "organization",
                    ValidationReason::NotAllowed(
                        "`organization = false` selects nothing: leave the selector out".into(),
                    ),
                ));
            }
            Some(true) => true,
            None => false,
        };
        if self.recursive.is_some() && self.ou.is_none() {
            return Err(ValidationError::new(
                "recursive",
                ValidationReason::NotAllowed("`recursive` applies to an `ou` selector only".into()),
            ));
        }
        let selector = match (self.ou, self.tag, organization) {
            (Some(ou), None, false) => AccountSelector::Ou {
                ou: OuRef::parse(&ou)?,
                recursive: self.recursive.unwrap_or(true),
                except,
            },
            (None, Some(tag), false) => AccountSelector::Tag {
                tag: AccountTag::parse(&tag)?,
                except,
            },
            (None, None, true) => AccountSelector::Organization { except },
            (None, None, false) => {
                return Err(ValidationError::new(
                    "ou",
                    ValidationReason::NotAllowed(
                        "a selector names one of `ou`, `tag` or `organization = true`".into(),
                    ),
                ));
            }
            (_, tag, _) => {
                return Err(ValidationError::new(
                    if tag.is_some() { "tag" } else { "organization" },
                    ValidationReason::NotAllowed(
                        "a selector names only one of `ou`, `tag` and `organization`".into(),
                    ),
                ));
            }
        };
        Ok(selector)
    }
}

impl From<AccountSelector> for AccountSelectorBuilder {
    fn from(selector: AccountSelector) -> Self {
        let except = selector.except().iter().map(ToString::to_string);
        let builder = match &selector {
            AccountSelector::Account(id) => return Self::account(id.as_str()),
            AccountSelector::Ou { ou, recursive, .. } => {
                let builder = Self::ou(ou.to_string());
                if *recursive {
                    builder
                } else {
                    builder.recursive(false)
                }
            }
            AccountSelector::Tag { tag, .. } => Self::tag(tag.to_string()),
            AccountSelector::Organization { .. } => Self::organization(),
        };
        builder.except(except)
    }
}

impl From<&str> for AccountSelectorBuilder {
    fn from(id: &str) -> Self {
        Self::account(id)
    }
}

impl From<String> for AccountSelectorBuilder {
    fn from(id: String) -> Self {
        Self::account(id)
    }
}

/// The table form's keys.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[serde(skip_serializing_if = "Option::is_none")]
    ou: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recursive: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    except: Vec<String>,
}

impl Serialize for AccountSelectorBuilder {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.account {
            Some(id) => serializer.serialize_str(id),
            None => Table {
                ou: self.ou.clone(),
                tag: self.tag.clone(),
                organization: self.organization,
                recursive: self.recursive,
                except: self.except.clone(),
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AccountSelectorBuilder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Form;
        impl<'de> Visitor<'de> for Form {
            type Value = AccountSelectorBuilder;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an account ID or a table with `ou`, `tag` or `organization`")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<Self::Value, E> {
                Ok(AccountSelectorBuilder::account(id))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let table = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AccountSelectorBuilder {
                    ou: table.ou,
                    tag: table.tag,
                    organization: table.organization,
                    recursive: table.recursive,
                    except: table.except,
                    account: None,
                })
            }
        }
        deserializer.deserialize_any(Form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(builder: AccountSelectorBuilder) -> String {
        builder.build().unwrap_err().field().to_owned()
    }

    #[test]
    fn every_form_builds_and_round_trips_through_serde() {
        let forms = [
            AccountSelectorBuilder::account("111111111111"),
            AccountSelectorBuilder::ou("Root/Workloads/Prod"),
            AccountSelectorBuilder::ou("ou-ab12-cdef5678").recursive(false),
            AccountSelectorBuilder::tag("env=prod").except(["222222222222"]),
            AccountSelectorBuilder::organization().except(["222222222222"]),
        ];
        for form in forms {
            let selector = form.clone().build().unwrap();
            let json = serde_json::to_string(&selector).unwrap();
            let back: AccountSelectorBuilder = serde_json::from_str(&json).unwrap();
            assert_eq!(back.build().unwrap(), selector, "{json}");
        }
        let json = serde_json::to_string(&AccountSelectorBuilder::account("111111111111").build().unwrap());
        assert_eq!(json.unwrap(), r#""111111111111""#);
    }

    #[test]
    fn bad_ids_paths_and_tags_name_the_key() {
        assert_eq!(field_of(AccountSelectorBuilder::account("1234")), "");
        assert_eq!(field_of(AccountSelectorBuilder::ou("Workloads/Prod")), "ou");
        assert_eq!(field_of(AccountSelectorBuilder::ou("Root//Prod")), "ou");
        assert_eq!(field_of(AccountSelectorBuilder::ou("Root/Prod/")), "ou");
        assert_eq!(field_of(AccountSelectorBuilder::ou("ou-ab12")), "ou");
        assert_eq!(field_of(AccountSelectorBuilder::tag("env")), "tag");
        assert_eq!(field_of(AccountSelectorBuilder::tag("aws:x=1")), "tag");
        assert_eq!(
            field_of(AccountSelectorBuilder::organization().except(["1", "x"])),
            "except[0]"
        );
        assert_eq!(
            field_of(AccountSelectorBuilder::tag("a=b").recursive(true)),
            "recursive"
        );
        let both = AccountSelectorBuilder {
            tag: Some("a=b".into()),
            ..AccountSelectorBuilder::ou("Root")
        };
        assert_eq!(field_of(both), "tag");
        let off = AccountSelectorBuilder {
            organization: Some(false),
            ..AccountSelectorBuilder::default()
        };
        assert_eq!(field_of(off), "organization");
        assert_eq!(field_of(AccountSelectorBuilder::default()), "ou");
    }

    #[test]
    fn spec_files_take_strings_and_tables_and_refuse_unknown_keys() {
        #[derive(Deserialize)]
        struct Doc {
            accounts: Vec<AccountSelectorBuilder>,
        }
        let doc: Doc = toml::from_str(
            r#"accounts = ["111111111111", { ou = "Root/Workloads" }, { tag = "env=prod" },
                           { organization = true, except = ["222222222222"] }]"#,
        )
        .unwrap();
        let built: Vec<String> = doc
            .accounts
            .into_iter()
            .map(|b| b.build().unwrap().to_string())
            .collect();
        assert_eq!(
            built,
            [
                "account 111111111111",
                "OU Root/Workloads",
                "tag env=prod",
                "the organization except 222222222222"
            ]
        );
        assert!(toml::from_str::<Doc>(r#"accounts = [{ oops = "x" }]"#).is_err());
        assert_eq!(OuPath::parse("Root").unwrap().segments().len(), 0);
    }
}
