//! Comparing two StackSet templates semantically: policy documents inside them compare
//! as policies (statement order, one-vs-many forms, whitespace), everything else as JSON.
//!
//! Account substitutions (`{"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}`) are read as
//! their text, tagged so that they never equal a literal string, before a document is
//! parsed; a document that still does not parse compares as JSON.

use serde_json::{Map, Value};

use crate::policy::PolicyDocument;

/// The keys whose values are IAM policy documents in the templates the library renders.
const DOCUMENT_KEYS: &[&str] = &["PolicyDocument", "AssumeRolePolicyDocument"];

/// Marks text that came from `Fn::Sub`, so it cannot equal the same literal text.
const SUB_MARK: &str = "fn-sub:";

fn unsub(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 => match map.get("Fn::Sub") {
            Some(Value::String(text)) => Value::String(format!("{SUB_MARK}{text}")),
            _ => Value::Object(map.iter().map(|(k, v)| (k.clone(), unsub(v))).collect()),
        },
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), unsub(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(unsub).collect()),
        other => other.clone(),
    }
}

fn as_policy(value: &Value) -> Option<PolicyDocument> {
    serde_json::from_value(unsub(value)).ok()
}

fn documents_equal(a: &Value, b: &Value) -> bool {
    match (as_policy(a), as_policy(b)) {
        (Some(a), Some(b)) => a.semantic_eq(&b),
        _ => a == b,
    }
}

fn objects_equal(a: &Map<String, Value>, b: &Map<String, Value>, path: &str, diffs: &mut Vec<String>) {
    for (key, left) in a {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match b.get(key) {
            None => diffs.push(format!("{here} removed")),
            Some(right) if DOCUMENT_KEYS.contains(&key.as_str()) => {
                if !documents_equal(left, right) {
                    diffs.push(format!("{here} changed"));
                }
            }
            Some(right) => values_equal(left, right, &here, diffs),
        }
    }
    for key in b.keys().filter(|k| !a.contains_key(*k)) {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        diffs.push(format!("{here} added"));
    }
}

fn values_equal(a: &Value, b: &Value, path: &str, diffs: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => objects_equal(a, b, path, diffs),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (left, right)) in a.iter().zip(b).enumerate() {
                values_equal(left, right, &format!("{path}[{index}]"), diffs);
            }
        }
        _ if a == b => {}
        _ => diffs.push(format!("{path} changed")),
    }
}

/// Where `deployed` (the StackSet's template text) differs from `desired`, as paths
/// (`Resources.Role.Properties.Policies[0].PolicyDocument changed`); empty when they are
/// the same template. Text that is not JSON differs as a whole.
pub(crate) fn template_differences(deployed: &str, desired: &Value) -> Vec<String> {
    let Ok(deployed) = serde_json::from_str::<Value>(deployed) else {
        return vec!["the template is not JSON (replaced as a whole)".to_owned()];
    };
    let mut diffs = Vec::new();
    values_equal(&deployed, desired, "", &mut diffs);
    diffs
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn template(statements: Value) -> Value {
        json!({
            "Resources": { "Policy": { "Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "PolicyDocument": { "Version": "2012-10-17", "Statement": statements }
            }}}
        })
    }

    #[test]
    fn policies_compare_as_policies() {
        let a = template(json!([
            { "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" },
            { "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*" }
        ]));
        // Reordered statements and actions, one-vs-many forms, other whitespace.
        let b = template(json!([
            { "Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": ["*"] },
            { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*" }
        ]));
        let text = serde_json::to_string_pretty(&a).unwrap();
        assert!(template_differences(&text, &b).is_empty());
        let c = template(json!([{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }]));
        assert_eq!(
            template_differences(&text, &c),
            ["Resources.Policy.Properties.PolicyDocument changed"]
        );
    }

    #[test]
    fn substitutions_never_equal_literals() {
        let sub = template(json!([{ "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": { "Fn::Sub": "arn:aws:s3:::b-${AWS::AccountId}/*" } }]));
        let literal = template(json!([{ "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b-${AWS::AccountId}/*" }]));
        let text = sub.to_string();
        assert!(template_differences(&text, &sub).is_empty());
        assert_eq!(template_differences(&text, &literal).len(), 1);
        assert_eq!(template_differences("not json", &sub).len(), 1);
    }
}
