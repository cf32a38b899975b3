//! Filling a generated policy's resource placeholders from the role's current policy: a
//! placeholder resource (`arn:aws:s3:::${BucketName}/${ObjectName}`) becomes the current
//! resources of that shape (`arn:aws:s3:::my-app-artifacts/*`), so the proposal keeps the
//! resource scoping the role already has. Placeholders no current resource fits stay for
//! the reviewer.

use serde_json::Value;

use super::generate::placeholders;
use crate::policy::{PolicyDocument, ResourceElement};

/// Whether `text` matches `pattern`, where `*` in the pattern matches any run of characters
/// (a `*` in `text` is a literal: a current wildcard resource fits a placeholder's shape).
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The resource with each `${Name}` placeholder (no colon: not a policy variable) as `*`.
fn shape(resource: &str) -> String {
    let mut out = String::new();
    let mut rest = resource;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + len];
        out.push_str(&rest[..start]);
        if name.contains(':') {
            out.push_str(&rest[start..=start + len]);
        } else {
            out.push('*');
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `proposed` with each placeholder resource replaced by the resources of `current` that
/// have its shape; the rest unchanged.
pub(crate) fn fill_from(proposed: &PolicyDocument, current: &PolicyDocument) -> PolicyDocument {
    let known: Vec<&str> = current
        .statements()
        .iter()
        .filter_map(|s| match s.resource() {
            Some(ResourceElement::Resource(list)) => {
                Some(list.iter().map(String::as_str).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .filter(|r| placeholders_in(r).is_empty())
        .collect();
    let Ok(mut doc) = serde_json::from_str::<Value>(&proposed.to_json()) else {
        return proposed.clone();
    };
    let statements = match doc.get_mut("Statement") {
        Some(Value::Array(list)) => list.iter_mut().collect::<Vec<_>>(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for statement in statements {
        let resources: Vec<String> = match statement.get("Resource") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => continue,
        };
        let mut filled: Vec<String> = Vec::new();
        for resource in resources {
            let matches: Vec<&str> = if placeholders_in(&resource).is_empty() {
                Vec::new()
            } else {
                let pattern = shape(&resource);
                known.iter().copied().filter(|k| glob(&pattern, k)).collect()
            };
            if matches.is_empty() {
                filled.push(resource);
            } else {
                filled.extend(matches.into_iter().map(str::to_owned));
            }
        }
        filled.dedup();
        statement["Resource"] = Value::Array(filled.into_iter().map(Value::String).collect());
    }
    PolicyDocument::from_json(&doc.to_string()).unwrap_or_else(|_| proposed.clone())
}

fn placeholders_in(resource: &str) -> Vec<String> {
    let doc = PolicyDocument::allow(["s3:GetObject"], [resource]);
    placeholders(&doc).into_iter().flat_map(|p| p.names).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_globs() {
        assert_eq!(
            shape("arn:aws:s3:::${BucketName}/${ObjectName}"),
            "arn:aws:s3:::*/*"
        );
        assert_eq!(
            shape("arn:aws:s3:::b/${aws:username}/*"),
            "arn:aws:s3:::b/${aws:username}/*"
        );
        assert!(glob("arn:aws:s3:::*/*", "arn:aws:s3:::my-app-artifacts/*"));
        assert!(!glob("arn:aws:s3:::*/*", "arn:aws:s3:::bucket"));
        assert!(glob("a*c", "abbbc") && !glob("a*c", "abd"));
    }

    #[test]
    fn placeholders_take_the_current_resources_of_their_shape() {
        let current = PolicyDocument::allow(
            ["s3:PutObject", "s3:GetObject"],
            ["arn:aws:s3:::my-app-artifacts/*", "arn:aws:logs:*:*:log-group:x"],
        );
        let generated = PolicyDocument::allow(
            ["s3:PutObject"],
            [
                "arn:aws:s3:::${BucketName}/${ObjectName}",
                "arn:aws:dynamodb:${Region}:${Account}:table/${TableName}",
            ],
        );
        let filled = fill_from(&generated, &current);
        let Some(ResourceElement::Resource(resources)) = filled.statements()[0].resource() else {
            panic!("no resources");
        };
        let resources: Vec<&str> = resources.iter().map(String::as_str).collect();
        assert_eq!(
            resources,
            [
                "arn:aws:s3:::my-app-artifacts/*",
                "arn:aws:dynamodb:${Region}:${Account}:table/${TableName}"
            ]
        );
    }
}
