//! Statements and their elements, with the `Statement::allow()` / `Statement::deny()` builder.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::condition::{Condition, ConditionEntry};
use super::operator::ConditionOperator;
use super::principal::Principal;
use super::value::{ConditionValue, ValueList};

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`: wins over every allow.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `Action` (the listed actions) or `NotAction` (every action but these).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActionElement {
    /// `"Action"`.
    Action(ValueList),
    /// `"NotAction"`.
    NotAction(ValueList),
}

/// `Resource` (the listed resources) or `NotResource` (every resource but these).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourceElement {
    /// `"Resource"`.
    Resource(ValueList),
    /// `"NotResource"`.
    NotResource(ValueList),
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PrincipalElement {
    /// `"Principal"`.
    Principal(Principal),
    /// `"NotPrincipal"` (only with `Deny`, only in resource policies).
    NotPrincipal(Principal),
}

macro_rules! negatable {
    ($ty:ident, $pos:ident, $neg:ident, $inner:ty) => {
        impl $ty {
            /// The listed values, whichever of the pair this is.
            pub fn values(&self) -> &$inner {
                match self {
                    $ty::$pos(v) | $ty::$neg(v) => v,
                }
            }

            /// Whether this is the `Not...` form.
            pub fn is_negated(&self) -> bool {
                matches!(self, $ty::$neg(_))
            }

            /// The JSON element name.
            pub fn name(&self) -> &'static str {
                match self {
                    $ty::$pos(_) => stringify!($pos),
                    $ty::$neg(_) => stringify!($neg),
                }
            }
        }
    };
}

negatable!(ActionElement, Action, NotAction, ValueList);
negatable!(ResourceElement, Resource, NotResource, ValueList);
negatable!(PrincipalElement, Principal, NotPrincipal, Principal);

/// One policy statement.
///
/// Elements a context requires (`Action`, `Resource`, `Principal`) are optional here so that
/// any document can be represented; [`PolicyDocument::validate`](super::PolicyDocument::validate)
/// checks them for the kind of policy at hand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) principal: Option<PrincipalElement>,
    pub(crate) action: Option<ActionElement>,
    pub(crate) resource: Option<ResourceElement>,
    pub(crate) condition: Option<Condition>,
}

impl Statement {
    /// Starts an `Allow` statement.
    pub fn allow() -> StatementBuilder {
        StatementBuilder::new(Effect::Allow)
    }

    /// Starts a `Deny` statement.
    pub fn deny() -> StatementBuilder {
        StatementBuilder::new(Effect::Deny)
    }

    /// Starts a statement with `effect`.
    pub fn builder(effect: Effect) -> StatementBuilder {
        StatementBuilder::new(effect)
    }

    /// The statement ID.
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    /// Allow or Deny.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// `Principal` / `NotPrincipal`, if present.
    pub fn principal(&self) -> Option<&PrincipalElement> {
        self.principal.as_ref()
    }

    /// `Action` / `NotAction`, if present.
    pub fn action(&self) -> Option<&ActionElement> {
        self.action.as_ref()
    }

    /// `Resource` / `NotResource`, if present.
    pub fn resource(&self) -> Option<&ResourceElement> {
        self.resource.as_ref()
    }

    /// The `Condition` block, if present.
    pub fn condition(&self) -> Option<&Condition> {
        self.condition.as_ref()
    }

    /// Whether the statement has at least one condition test.
    pub fn has_condition(&self) -> bool {
        self.condition.as_ref().is_some_and(|c| !c.is_empty())
    }

    /// The same statement with another `Sid` (or none).
    #[must_use]
    pub fn with_sid(mut self, sid: Option<String>) -> Self {
        self.sid = sid;
        self
    }
}

impl Serialize for Statement {
    /// Writes the elements in IAM's canonical order: Sid, Effect, Principal, NotPrincipal,
    /// Action, NotAction, Resource, NotResource, Condition.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(sid) = &self.sid {
            map.serialize_entry("Sid", sid)?;
        }
        map.serialize_entry("Effect", &self.effect)?;
        if let Some(p) = &self.principal {
            map.serialize_entry(p.name(), p.values())?;
        }
        if let Some(a) = &self.action {
            map.serialize_entry(a.name(), a.values())?;
        }
        if let Some(r) = &self.resource {
            map.serialize_entry(r.name(), r.values())?;
        }
        if let Some(c) = &self.condition {
            map.serialize_entry("Condition", c)?;
        }
        map.end()
    }
}

/// Builds a [`Statement`]; start with [`Statement::allow`] or [`Statement::deny`].
///
/// Setting `not_actions` replaces `actions` and vice versa (likewise for resources and
/// principals): a statement can only hold one of each pair.
///
/// ```
/// use iam_bootstrap::policy::{Operator, Statement};
/// let s = Statement::allow()
///     .sid("ReadArtifacts")
///     .actions(["s3:GetObject"])
///     .resources(["arn:aws:s3:::artifacts/*"])
///     .condition(Operator::Bool, "aws:SecureTransport", [true])
///     .build();
/// assert_eq!(s.sid(), Some("ReadArtifacts"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct StatementBuilder {
    statement: Statement,
}

impl StatementBuilder {
    fn new(effect: Effect) -> Self {
        Self {
            statement: Statement {
                sid: None,
                effect,
                principal: None,
                action: None,
                resource: None,
                condition: None,
            },
        }
    }

    /// Sets the statement ID.
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.statement.sid = Some(sid.into());
        self
    }

    /// Sets `Action`.
    pub fn actions(mut self, actions: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.statement.action = Some(ActionElement::Action(ValueList::new(actions)));
        self
    }

    /// Sets `NotAction`.
    pub fn not_actions(mut self, actions: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.statement.action = Some(ActionElement::NotAction(ValueList::new(actions)));
        self
    }

    /// Sets `Resource`.
    pub fn resources(mut self, resources: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.statement.resource = Some(ResourceElement::Resource(ValueList::new(resources)));
        self
    }

    /// Sets `NotResource`.
    pub fn not_resources(mut self, resources: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.statement.resource = Some(ResourceElement::NotResource(ValueList::new(resources)));
        self
    }

    /// Sets `Principal`.
    pub fn principal(mut self, principal: Principal) -> Self {
        self.statement.principal = Some(PrincipalElement::Principal(principal));
        self
    }

    /// Sets `NotPrincipal`.
    pub fn not_principal(mut self, principal: Principal) -> Self {
        self.statement.principal = Some(PrincipalElement::NotPrincipal(principal));
        self
    }

    /// Adds one condition test (`operator` may be an [`Operator`](super::Operator) or a
    /// qualified [`ConditionOperator`]).
    pub fn condition(
        mut self,
        operator: impl Into<ConditionOperator>,
        key: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<ConditionValue>>,
    ) -> Self {
        let entry = ConditionEntry::new(operator.into(), key, ValueList::new(values));
        self.statement
            .condition
            .get_or_insert_with(Condition::new)
            .push(entry);
        self
    }

    /// Replaces the whole `Condition` block.
    pub fn conditions(mut self, condition: Condition) -> Self {
        self.statement.condition = Some(condition);
        self
    }

    /// The statement.
    pub fn build(self) -> Statement {
        self.statement
    }
}

impl From<StatementBuilder> for Statement {
    fn from(builder: StatementBuilder) -> Self {
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Operator;

    #[test]
    fn builder_writes_canonical_element_order() {
        let s = Statement::deny()
            .condition(Operator::Bool, "aws:SecureTransport", [false])
            .resources(["arn:aws:s3:::b/*"])
            .actions(["s3:*"])
            .principal(Principal::any())
            .sid("TlsOnly")
            .build();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}"#
        );
        assert!(s.has_condition());
    }

    #[test]
    fn not_forms_replace_their_positive_twin() {
        let s = Statement::allow()
            .actions(["s3:GetObject"])
            .not_actions(["iam:*"])
            .build();
        let action = s.action().unwrap();
        assert!(action.is_negated());
        assert_eq!(action.name(), "NotAction");
        assert_eq!(action.values().as_slice(), ["iam:*"]);
        assert!(s.resource().is_none());
    }
}
