//! A role's identity policies as one document: what it holds in the account now, and what
//! its spec would give it. Custom policy checks compare one document with another, and the
//! union of a role's policies is what it may do.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Aws;
use crate::error::Result;
use crate::names::{Arn, RoleName};
use crate::policy::PolicyDocument;
use crate::roles::RoleSpec;

/// The statements of `documents` (JSON texts) as one policy: `Sid`s are dropped, since two
/// policies may use the same one and a document may not.
pub(crate) fn combine<'a>(documents: impl IntoIterator<Item = &'a str>) -> String {
    let mut statements = Vec::new();
    for text in documents {
        let Ok(doc) = PolicyDocument::from_json(text) else {
            continue;
        };
        let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(&doc.to_json()) else {
            continue;
        };
        let list = match doc.get("Statement") {
            Some(Value::Array(list)) => list.clone(),
            Some(one @ Value::Object(_)) => vec![one.clone()],
            _ => Vec::new(),
        };
        for mut statement in list {
            if let Value::Object(fields) = &mut statement {
                fields.remove("Sid");
            }
            statements.push(statement);
        }
    }
    serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// The default version's document of a managed policy; `None` if the account cannot show it.
pub(crate) async fn managed_document(aws: &Aws, arn: &Arn) -> Result<Option<String>> {
    let Some(policy) = aws.iam().get_policy(arn).await? else {
        return Ok(None);
    };
    Ok(aws
        .iam()
        .get_policy_version(arn, &policy.default_version_id)
        .await?
        .and_then(|v| v.document))
}

/// What a role holds now: its inline policies and attached managed policies' documents, and
/// the managed policies it has attached (`None` when the role does not exist).
pub(crate) struct Current {
    pub(crate) documents: Vec<String>,
    pub(crate) attached: BTreeSet<Arn>,
}

pub(crate) async fn current(aws: &Aws, role: &RoleName) -> Result<Option<Current>> {
    let iam = aws.iam();
    if iam.get_role(role).await?.is_none() {
        return Ok(None);
    }
    let mut documents = Vec::new();
    for name in iam.list_role_policies(role).await? {
        if let Some(doc) = iam.get_role_policy(role, &name).await? {
            documents.push(doc);
        }
    }
    let mut attached = BTreeSet::new();
    for policy in iam.list_attached_role_policies(role).await? {
        if let Some(doc) = managed_document(aws, &policy.arn).await? {
            documents.push(doc);
        }
        attached.insert(policy.arn);
    }
    Ok(Some(Current { documents, attached }))
}

/// What the spec would give the role: its inline and customer policies, and the documents of
/// the managed policies it attaches. A managed policy whose document cannot be read is
/// returned by ARN in the second list (callers decide whether that is new access).
pub(crate) async fn wanted(aws: &Aws, spec: &RoleSpec) -> Result<(Vec<String>, Vec<Arn>)> {
    let mut documents: Vec<String> = spec
        .inline_policies()
        .values()
        .map(PolicyDocument::to_json)
        .collect();
    documents.extend(spec.customer_policies().iter().map(|p| p.document.to_json()));
    let mut unreadable = Vec::new();
    for arn in spec.managed_policies() {
        match managed_document(aws, arn).await? {
            Some(doc) => documents.push(doc),
            None => unreadable.push(arn.clone()),
        }
    }
    Ok((documents, unreadable))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_drops_sids_and_keeps_every_statement() {
        let a = r#"{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
        let b = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#;
        let doc = PolicyDocument::from_json(&combine([a, b, "not json"])).unwrap();
        assert_eq!(doc.statements().len(), 2);
        assert!(doc.statements().iter().all(|s| s.sid().is_none()));
    }
}
