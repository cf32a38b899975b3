//! Which IAM Identity Center instance to work in: discovered with `ListInstances`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::aws::Aws;
use crate::client::Instance;
use crate::error::{Error, PreconditionReason, Result};
use crate::names::InstanceArn;

/// Which Identity Center instance a spec applies to.
///
/// An organization has at most one organization instance, but accounts can also hold
/// account instances; when `ListInstances` reports several, the spec must say which.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceChoice {
    /// The only instance there is (an error if there are several).
    #[default]
    Only,
    /// The instance with this ARN (`arn:aws:sso:::instance/ssoins-...`).
    ByArn(InstanceArn),
}

impl fmt::Display for InstanceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceChoice::Only => f.write_str("the only instance"),
            InstanceChoice::ByArn(arn) => write!(f, "instance {arn}"),
        }
    }
}

impl InstanceChoice {
    /// Finds the chosen instance.
    ///
    /// # Errors
    /// [`Error::Precondition`] when Identity Center is not enabled, when there are several
    /// instances and the choice is [`InstanceChoice::Only`], or when no instance has the
    /// chosen ARN; each says what to do. Backend errors from `ListInstances`.
    pub async fn discover(&self, aws: &Aws) -> Result<Instance> {
        let instances = aws.identity_center().list_instances().await?;
        Self::choose(self, instances)
    }

    fn choose(&self, instances: Vec<Instance>) -> Result<Instance> {
        if instances.is_empty() {
            return Err(Error::Precondition {
                reason: PreconditionReason::IdentityCenterNotEnabled,
                problem: "IAM Identity Center is not enabled in this account/region".into(),
                remedy: "enable it in the console (https://console.aws.amazon.com/singlesignon) \
                         or choose the region where it is"
                    .into(),
            });
        }
        let arns = || {
            instances
                .iter()
                .map(|i| i.arn.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            InstanceChoice::Only if instances.len() > 1 => Err(Error::Precondition {
                reason: PreconditionReason::AmbiguousInstance {
                    instances: instances.iter().map(|i| i.arn.clone()).collect(),
                },
                problem: format!(
                    "there are {} Identity Center instances ({})",
                    instances.len(),
                    arns()
                ),
                remedy: "choose one by ARN (InstanceChoice::ByArn)".into(),
            }),
            InstanceChoice::Only => instances.into_iter().next().ok_or_else(|| Error::Precondition {
                reason: PreconditionReason::IdentityCenterNotEnabled,
                problem: "IAM Identity Center is not enabled".into(),
                remedy: "enable it in the console".into(),
            }),
            InstanceChoice::ByArn(arn) => {
                let listed = arns();
                instances
                    .into_iter()
                    .find(|i| &i.arn == arn)
                    .ok_or_else(|| Error::Precondition {
                        reason: PreconditionReason::UnknownInstance { arn: arn.clone() },
                        problem: format!("there is no Identity Center instance {arn}"),
                        remedy: format!("choose one of: {listed}"),
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::IdentityStoreId;

    fn arn(n: u8) -> InstanceArn {
        InstanceArn::new(format!("arn:aws:sso:::instance/ssoins-{n:016}")).unwrap()
    }

    fn instance(n: u8) -> Instance {
        Instance {
            arn: arn(n),
            identity_store_id: IdentityStoreId::new(format!("d-{n:010}")).unwrap(),
            owner_account_id: None,
            status: Some("ACTIVE".into()),
            name: None,
        }
    }

    #[test]
    fn none_is_a_precondition_that_says_what_to_do() {
        let err = InstanceChoice::Only.choose(vec![]).unwrap_err();
        let text = err.to_string();
        assert!(matches!(
            err,
            Error::Precondition {
                reason: PreconditionReason::IdentityCenterNotEnabled,
                ..
            }
        ));
        assert!(
            text.contains("IAM Identity Center is not enabled in this account/region"),
            "{text}"
        );
        assert!(
            text.contains("https://console.aws.amazon.com/singlesignon"),
            "{text}"
        );
    }

    #[test]
    fn several_need_an_explicit_choice() {
        let err = InstanceChoice::Only
            .choose(vec![instance(1), instance(2)])
            .unwrap_err();
        let Error::Precondition {
            reason: PreconditionReason::AmbiguousInstance { instances },
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(instances.len(), 2);
        assert!(
            err.to_string()
                .contains("ssoins-0000000000000001, arn:aws:sso:::instance/ssoins-0000000000000002"),
            "{err}"
        );
        let chosen = InstanceChoice::ByArn(arn(2))
            .choose(vec![instance(1), instance(2)])
            .unwrap();
        assert_eq!(chosen.identity_store_id.as_str(), "d-0000000002");
        let missing = InstanceChoice::ByArn(arn(9))
            .choose(vec![instance(1)])
            .unwrap_err();
        assert!(missing.to_string().contains("choose one of"), "{missing}");
        assert_eq!(
            InstanceChoice::Only.choose(vec![instance(3)]).unwrap(),
            instance(3)
        );
    }

    #[test]
    fn deserializes_from_spec_files() {
        assert_eq!(
            serde_json::from_str::<InstanceChoice>("\"only\"").unwrap(),
            InstanceChoice::Only
        );
        assert_eq!(
            serde_json::from_str::<InstanceChoice>(
                r#"{"by_arn": "arn:aws:sso:::instance/ssoins-0000000000000001"}"#
            )
            .unwrap(),
            InstanceChoice::ByArn(arn(1))
        );
        assert!(serde_json::from_str::<InstanceChoice>(r#"{"by_arn": "arn:x"}"#).is_err());
    }
}
