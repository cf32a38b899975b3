//! A role spec as a CloudFormation template, to roll the same role out to every account of
//! an organization with StackSets (an existing engine, rather than a home-made fan-out).

use serde_json::{Map, Value, json};

use super::spec::{CustomerPolicy, RoleBoundary, RoleSpec};
use crate::names::AccountId;
use crate::ownership::{OWNERSHIP_TAG_KEY, OWNERSHIP_TAG_VALUE};

/// Stands for the target account while rendering; replaced by `${AWS::AccountId}`.
const ACCOUNT_SENTINEL: &str = "000000000000";

/// Rewrites every string that mentions the target account as `Fn::Sub`, escaping IAM policy
/// variables (`${aws:username}` → `${!aws:username}`) so CloudFormation leaves them alone.
fn substitute_account(value: Value) -> Value {
    match value {
        Value::String(text) if text.contains(ACCOUNT_SENTINEL) => {
            let escaped = text
                .replace("${", "${!")
                .replace(ACCOUNT_SENTINEL, "${AWS::AccountId}");
            json!({ "Fn::Sub": escaped })
        }
        Value::Array(items) => Value::Array(items.into_iter().map(substitute_account).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, substitute_account(v))).collect())
        }
        other => other,
    }
}

fn document(doc: &crate::policy::PolicyDocument) -> Value {
    serde_json::to_value(doc)
        .map(substitute_account)
        .unwrap_or(Value::Null)
}

/// One customer managed policy as an `AWS::IAM::ManagedPolicy` resource.
fn managed_policy_resource(policy: &CustomerPolicy) -> Value {
    let mut properties = json!({
        "ManagedPolicyName": policy.name.as_str(),
        "Path": policy.path.as_str(),
        "PolicyDocument": document(&policy.document),
    });
    if let (Some(description), Value::Object(map)) = (&policy.description, &mut properties) {
        map.insert("Description".into(), json!(description));
    }
    json!({ "Type": "AWS::IAM::ManagedPolicy", "Properties": properties })
}

/// Customer managed policies alone as a CloudFormation template (JSON), with the same
/// account substitutions as [`RoleSpec::to_cloudformation`]: what a StackSet deploys so
/// that permission sets referencing them find them in every account.
pub(crate) fn customer_policies_template(policies: &[CustomerPolicy], description: &str) -> Value {
    let resources: Map<String, Value> = policies
        .iter()
        .enumerate()
        .map(|(index, policy)| {
            (
                format!("CustomerPolicy{}", index + 1),
                managed_policy_resource(policy),
            )
        })
        .collect();
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": description,
        "Resources": resources,
    })
}

impl RoleSpec {
    /// The role, its customer managed policies and its inline policies as a CloudFormation
    /// template (JSON). Account-specific values (the account's root principal,
    /// `aws:SourceAccount`, the OIDC provider) become `${AWS::AccountId}`, so one template
    /// fits every account of a StackSet.
    pub fn to_cloudformation(&self) -> Value {
        let account = AccountId::known(ACCOUNT_SENTINEL);
        let mut resources = Map::new();
        let mut managed: Vec<Value> = self
            .managed_policies
            .iter()
            .map(|arn| json!(arn.as_str()))
            .collect();
        let mut boundary = match &self.boundary {
            Some(RoleBoundary::Arn(arn)) => Some(json!(arn.as_str())),
            _ => None,
        };
        for (index, policy) in self.customer_policies.iter().enumerate() {
            let logical = format!("CustomerPolicy{}", index + 1);
            resources.insert(logical.clone(), managed_policy_resource(policy));
            let reference = json!({ "Ref": logical });
            if matches!(&self.boundary, Some(RoleBoundary::CustomerPolicy(name)) if name == &policy.name) {
                boundary = Some(reference);
            } else {
                managed.push(reference);
            }
        }
        let mut tags: Vec<Value> = self
            .tags
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect();
        tags.push(json!({ "Key": OWNERSHIP_TAG_KEY, "Value": OWNERSHIP_TAG_VALUE }));
        let inline: Vec<Value> = self
            .inline_policies
            .iter()
            .map(|(name, doc)| json!({ "PolicyName": name.as_str(), "PolicyDocument": document(doc) }))
            .collect();
        let mut role = json!({
            "RoleName": self.name.as_str(),
            "Path": self.path.as_str(),
            "MaxSessionDuration": self.max_session_seconds,
            "AssumeRolePolicyDocument": document(&self.trust.render(&account)),
            "Tags": tags,
        });
        if let Value::Object(map) = &mut role {
            if let Some(description) = &self.description {
                map.insert("Description".into(), json!(description));
            }
            if !managed.is_empty() {
                map.insert("ManagedPolicyArns".into(), Value::Array(managed));
            }
            if !inline.is_empty() {
                map.insert("Policies".into(), Value::Array(inline));
            }
            if let Some(boundary) = boundary {
                map.insert("PermissionsBoundary".into(), boundary);
            }
        }
        resources.insert(
            "Role".into(),
            json!({ "Type": "AWS::IAM::Role", "Properties": role }),
        );
        json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": format!("IAM role {} (generated by iam-bootstrap)", self.name),
            "Resources": resources,
            "Outputs": { "RoleArn": { "Value": { "Fn::GetAtt": ["Role", "Arn"] } } },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::PolicyDocument;
    use crate::roles::{RoleSpec, Trust};

    #[test]
    fn renders_role_policies_and_account_substitutions() {
        let spec = RoleSpec::builder("ci")
            .description("deploys")
            .trust(Trust::github_actions("o/r", "refs/heads/main"))
            .managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .customer_policy(
                "ci-write",
                PolicyDocument::allow(["s3:PutObject"], ["arn:aws:s3:::b/${aws:username}/*"]),
            )
            .inline_policy("logs", PolicyDocument::allow(["logs:PutLogEvents"], ["*"]))
            .tag("team", "platform")
            .build()
            .unwrap();
        let template = spec.to_cloudformation();
        let role = &template["Resources"]["Role"]["Properties"];
        assert_eq!(role["RoleName"], "ci");
        assert_eq!(
            role["ManagedPolicyArns"][0],
            "arn:aws:iam::aws:policy/ReadOnlyAccess"
        );
        assert_eq!(role["ManagedPolicyArns"][1]["Ref"], "CustomerPolicy1");
        let federated = &role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Federated"];
        assert_eq!(
            federated["Fn::Sub"],
            "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"
        );
        let customer = &template["Resources"]["CustomerPolicy1"];
        assert_eq!(customer["Type"], "AWS::IAM::ManagedPolicy");
        // Policy variables are not CloudFormation substitutions: left as they are.
        assert_eq!(
            customer["Properties"]["PolicyDocument"]["Statement"][0]["Resource"],
            "arn:aws:s3:::b/${aws:username}/*"
        );
        assert!(
            role["Tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["Key"] == "managed-by")
        );
        assert_eq!(template["Outputs"]["RoleArn"]["Value"]["Fn::GetAtt"][0], "Role");
    }
}
