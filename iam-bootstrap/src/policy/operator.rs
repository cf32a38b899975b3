//! Condition operators: every base operator IAM defines, the `ForAllValues:`/`ForAnyValue:`
//! set qualifiers and the `IfExists` suffix.

use std::fmt;
use std::str::FromStr;

macro_rules! operators {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A condition operator without its `ForAllValues:`/`ForAnyValue:` qualifier and
        /// `IfExists` suffix: every operator IAM defines.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operator {
            $($(#[$doc])* $name,)*
        }

        impl Operator {
            /// Every operator.
            pub const ALL: &'static [Operator] = &[$(Operator::$name,)*];

            /// The operator's name as IAM spells it (`StringEquals`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Operator::$name => stringify!($name),)*
                }
            }
        }
    };
}

operators! {
    /// Exact, case-sensitive string match.
    StringEquals,
    /// Negated exact string match.
    StringNotEquals,
    /// Exact string match ignoring case.
    StringEqualsIgnoreCase,
    /// Negated string match ignoring case.
    StringNotEqualsIgnoreCase,
    /// Case-sensitive match with `*` and `?` wildcards.
    StringLike,
    /// Negated wildcard match.
    StringNotLike,
    /// Numbers equal.
    NumericEquals,
    /// Numbers differ.
    NumericNotEquals,
    /// Request value less than the policy value.
    NumericLessThan,
    /// Request value at most the policy value.
    NumericLessThanEquals,
    /// Request value greater than the policy value.
    NumericGreaterThan,
    /// Request value at least the policy value.
    NumericGreaterThanEquals,
    /// Same instant.
    DateEquals,
    /// Different instant.
    DateNotEquals,
    /// Request date before the policy date.
    DateLessThan,
    /// Request date at or before the policy date.
    DateLessThanEquals,
    /// Request date after the policy date.
    DateGreaterThan,
    /// Request date at or after the policy date.
    DateGreaterThanEquals,
    /// Boolean match (`true`/`false`, case-insensitive).
    Bool,
    /// Base64-encoded binary values equal.
    BinaryEquals,
    /// Request IP address inside one of the CIDR ranges.
    IpAddress,
    /// Request IP address outside every range.
    NotIpAddress,
    /// ARN match, segment by segment, with wildcards (IAM treats it like `ArnLike`).
    ArnEquals,
    /// ARN match, segment by segment, with wildcards.
    ArnLike,
    /// Negated `ArnEquals`.
    ArnNotEquals,
    /// Negated `ArnLike`.
    ArnNotLike,
    /// Key presence: `true` means the key must be absent, `false` present.
    Null,
}

impl Operator {
    /// Whether this is a negated operator (`StringNotEquals`, `NotIpAddress`, ...): true when
    /// the request value matches none of the policy values, and true when the key is absent.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::StringNotEquals
                | Operator::StringNotEqualsIgnoreCase
                | Operator::StringNotLike
                | Operator::NumericNotEquals
                | Operator::DateNotEquals
                | Operator::NotIpAddress
                | Operator::ArnNotEquals
                | Operator::ArnNotLike
        )
    }

    /// The positive operator a negated one is the complement of (`StringNotLike` →
    /// `StringLike`); positive operators map to themselves.
    pub fn positive(self) -> Operator {
        match self {
            Operator::StringNotEquals => Operator::StringEquals,
            Operator::StringNotEqualsIgnoreCase => Operator::StringEqualsIgnoreCase,
            Operator::StringNotLike => Operator::StringLike,
            Operator::NumericNotEquals => Operator::NumericEquals,
            Operator::DateNotEquals => Operator::DateEquals,
            Operator::NotIpAddress => Operator::IpAddress,
            Operator::ArnNotEquals => Operator::ArnEquals,
            Operator::ArnNotLike => Operator::ArnLike,
            other => other,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The set qualifiers that compare multivalued request keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetQualifier {
    /// `ForAllValues:` — every request value must match (true when the key is absent or empty).
    ForAllValues,
    /// `ForAnyValue:` — at least one request value must match (false when absent or empty).
    ForAnyValue,
}

impl SetQualifier {
    /// `ForAllValues` or `ForAnyValue`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

/// A full condition operator: optional set qualifier, base operator, optional `IfExists`
/// (`ForAnyValue:StringLikeIfExists`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConditionOperator {
    qualifier: Option<SetQualifier>,
    operator: Operator,
    if_exists: bool,
}

impl ConditionOperator {
    /// The plain operator, without qualifier or `IfExists`.
    pub fn new(operator: Operator) -> Self {
        Self {
            qualifier: None,
            operator,
            if_exists: false,
        }
    }

    /// The same operator with the `IfExists` suffix (not valid with `Null`, which parsing and
    /// [`FromStr`] reject; built in code it is ignored by evaluation).
    #[must_use]
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }

    /// The same operator with the `ForAllValues:` qualifier.
    #[must_use]
    pub fn for_all_values(mut self) -> Self {
        self.qualifier = Some(SetQualifier::ForAllValues);
        self
    }

    /// The same operator with the `ForAnyValue:` qualifier.
    #[must_use]
    pub fn for_any_value(mut self) -> Self {
        self.qualifier = Some(SetQualifier::ForAnyValue);
        self
    }

    /// The base operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The set qualifier, if any.
    pub fn qualifier(&self) -> Option<SetQualifier> {
        self.qualifier
    }

    /// Whether the `IfExists` suffix is present.
    pub fn is_if_exists(&self) -> bool {
        self.if_exists
    }
}

impl From<Operator> for ConditionOperator {
    fn from(operator: Operator) -> Self {
        Self::new(operator)
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            write!(f, "{}:", q.as_str())?;
        }
        f.write_str(self.operator.as_str())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

impl FromStr for ConditionOperator {
    type Err = ();

    /// Parses `[ForAllValues:|ForAnyValue:]Operator[IfExists]`. IAM matches operator names
    /// without regard to case, so this does too; [`Display`](fmt::Display) gives the
    /// canonical spelling.
    fn from_str(s: &str) -> Result<Self, ()> {
        let (qualifier, rest) = match s.split_once(':') {
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetQualifier::ForAllValues), rest)
            }
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetQualifier::ForAnyValue), rest)
            }
            Some(_) => return Err(()),
            None => (None, s),
        };
        let find = |name: &str| {
            Operator::ALL
                .iter()
                .copied()
                .find(|op| op.as_str().eq_ignore_ascii_case(name))
        };
        if let Some(operator) = find(rest) {
            return Ok(Self {
                qualifier,
                operator,
                if_exists: false,
            });
        }
        let base = strip_suffix_ignore_case(rest, "IfExists").ok_or(())?;
        match find(base) {
            // Null tests existence itself; `NullIfExists` is not an operator.
            Some(Operator::Null) | None => Err(()),
            Some(operator) => Ok(Self {
                qualifier,
                operator,
                if_exists: true,
            }),
        }
    }
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..at)?, s.get(at..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_parse_with_qualifier_and_suffix() {
        let op: ConditionOperator = "ForAnyValue:StringLikeIfExists".parse().unwrap();
        assert_eq!(op.qualifier(), Some(SetQualifier::ForAnyValue));
        assert_eq!(op.operator(), Operator::StringLike);
        assert!(op.is_if_exists());
        assert_eq!(op.to_string(), "ForAnyValue:StringLikeIfExists");
        let op: ConditionOperator = "stringequals".parse().unwrap();
        assert_eq!(op.to_string(), "StringEquals");
        for bad in [
            "NullIfExists",
            "StringEqual",
            "ForSomeValues:StringEquals",
            "IfExists",
            "",
        ] {
            assert!(bad.parse::<ConditionOperator>().is_err(), "{bad}");
        }
        for op in Operator::ALL {
            let parsed: ConditionOperator = op.as_str().parse().unwrap();
            assert_eq!(parsed.operator(), *op);
        }
    }

    #[test]
    fn negated_operators_know_their_positive() {
        assert!(Operator::NotIpAddress.is_negated());
        assert_eq!(Operator::ArnNotLike.positive(), Operator::ArnLike);
        assert!(!Operator::Null.is_negated());
        assert_eq!(Operator::Bool.positive(), Operator::Bool);
    }
}
