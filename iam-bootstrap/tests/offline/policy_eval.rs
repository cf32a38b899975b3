//! The evaluator against a table of cases written from AWS's policy-evaluation and
//! condition-operator documentation ("Policy evaluation logic", "IAM JSON policy elements:
//! Condition operators", "Single-valued vs. multivalued context keys", "Policy variables").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_bootstrap::policy::{Decision, PolicyDocument, PrincipalType, Request, allows};

struct Case {
    name: &'static str,
    policies: Vec<&'static str>,
    request: Request,
    decision: Decision,
    /// `(document, statement)` that decided, for allow and explicit deny.
    statement: Option<(usize, usize)>,
}

fn allow(action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
    )
}

/// One Allow statement of `action` on `*` under `condition` (a JSON object).
fn cond(condition: &'static str) -> &'static str {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}]}}"#
    );
    Box::leak(text.into_boxed_str())
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn get(resource: &str) -> Request {
    Request::new("s3:GetObject", resource)
}

use Decision::{Allow, ExplicitDeny, ImplicitDeny};

fn cases() -> Vec<Case> {
    let any = "arn:aws:s3:::bucket/key";
    let deny_delete = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#;
    let mfa_guard = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},
        {"Effect":"Deny","NotAction":["iam:EnableMFADevice","sts:GetSessionToken"],"Resource":"*",
         "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#;
    vec![
        // Policy evaluation logic: default deny, allow, explicit deny wins.
        Case {
            name: "nothing matches: implicit deny",
            policies: vec![leak(allow("s3:PutObject", "*"))],
            request: get(any),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "an allow applies",
            policies: vec![leak(allow("s3:GetObject", "*"))],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "explicit deny wins in the same policy",
            policies: vec![
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
            ],
            request: Request::new("s3:DeleteObject", any),
            decision: ExplicitDeny,
            statement: Some((0, 1)),
        },
        Case {
            name: "explicit deny wins across policies",
            policies: vec![leak(allow("s3:*", "*")), deny_delete],
            request: Request::new("s3:DeleteObject", any),
            decision: ExplicitDeny,
            statement: Some((1, 0)),
        },
        Case {
            name: "a deny of something else does not block",
            policies: vec![deny_delete, leak(allow("s3:*", "*"))],
            request: get(any),
            decision: Allow,
            statement: Some((1, 0)),
        },
        // Action and resource matching.
        Case {
            name: "action names ignore case",
            policies: vec![leak(allow("S3:getobject", "*"))],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "resource ARNs are case-sensitive",
            policies: vec![leak(allow("s3:GetObject", "arn:aws:s3:::Bucket/*"))],
            request: get(any),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "* in an action",
            policies: vec![leak(allow("s3:Get*", "*"))],
            request: Request::new("s3:GetObjectAcl", any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "? matches exactly one character",
            policies: vec![leak(allow("s3:GetObject", "arn:aws:s3:::bucket/file?.txt"))],
            request: get("arn:aws:s3:::bucket/file1.txt"),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "? does not match two characters",
            policies: vec![leak(allow("s3:GetObject", "arn:aws:s3:::bucket/file?.txt"))],
            request: get("arn:aws:s3:::bucket/file10.txt"),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "* in a resource crosses /",
            policies: vec![leak(allow("s3:GetObject", "arn:aws:s3:::bucket/*"))],
            request: get("arn:aws:s3:::bucket/a/b/c"),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "ARN wildcards stay within their part",
            policies: vec![leak(allow("iam:GetRole", "arn:aws:iam::*:role/x"))],
            request: Request::new("iam:GetRole", "arn:aws:iam::111122223333:other:role/x"),
            decision: ImplicitDeny,
            statement: None,
        },
        // NotAction / NotResource.
        Case {
            name: "Allow with NotAction allows what is not listed",
            policies: vec![
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
            ],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "Allow with NotAction does not allow what is listed",
            policies: vec![
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
            ],
            request: Request::new("iam:CreateUser", "*"),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "Deny NotAction without MFA denies other actions",
            policies: vec![mfa_guard],
            request: Request::new("s3:ListBucket", "*"),
            decision: ExplicitDeny,
            statement: Some((0, 1)),
        },
        Case {
            name: "Deny NotAction without MFA spares the listed actions",
            policies: vec![mfa_guard],
            request: Request::new("sts:GetSessionToken", "*")
                .with_context("aws:MultiFactorAuthPresent", ["false"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "with MFA the deny does not apply",
            policies: vec![mfa_guard],
            request: Request::new("s3:ListBucket", "*").with_context("aws:MultiFactorAuthPresent", ["true"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "NotResource excludes the listed resources",
            policies: vec![
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::bucket/secret/*"}]}"#,
            ],
            request: get("arn:aws:s3:::bucket/secret/k"),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "NotResource includes everything else",
            policies: vec![
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::bucket/secret/*"}]}"#,
            ],
            request: get("arn:aws:s3:::bucket/public/k"),
            decision: Allow,
            statement: Some((0, 0)),
        },
        // String operators and missing keys.
        Case {
            name: "StringEquals is case-sensitive",
            policies: vec![cond(r#"{"StringEquals":{"aws:username":"johndoe"}}"#)],
            request: get(any).with_context("aws:username", ["JohnDoe"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "StringEqualsIgnoreCase",
            policies: vec![cond(r#"{"StringEqualsIgnoreCase":{"aws:username":"johndoe"}}"#)],
            request: get(any).with_context("aws:username", ["JohnDoe"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "condition keys ignore case",
            policies: vec![cond(r#"{"StringEquals":{"AWS:UserName":"jane"}}"#)],
            request: get(any).with_context("aws:username", ["jane"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "StringLike with wildcards",
            policies: vec![cond(r#"{"StringLike":{"s3:prefix":["home/*","public/?"]}}"#)],
            request: get(any).with_context("s3:prefix", ["home/jane/x"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "a missing key fails a positive operator",
            policies: vec![cond(r#"{"StringEquals":{"aws:PrincipalTag/team":"dev"}}"#)],
            request: get(any),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "a missing key satisfies a negated operator",
            policies: vec![cond(r#"{"StringNotEquals":{"aws:PrincipalTag/team":"dev"}}"#)],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "IfExists passes when the key is missing",
            policies: vec![cond(
                r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            )],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "IfExists checks a present key",
            policies: vec![cond(
                r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            )],
            request: get(any).with_context("ec2:InstanceType", ["m5.large"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "values of one key are ORed",
            policies: vec![cond(
                r#"{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}"#,
            )],
            request: get(any).with_context("aws:RequestedRegion", ["eu-central-1"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "keys and operators are ANDed",
            policies: vec![cond(
                r#"{"StringEquals":{"aws:RequestedRegion":"eu-west-1","aws:PrincipalTag/team":"dev"},"Bool":{"aws:SecureTransport":"true"}}"#,
            )],
            request: get(any)
                .with_context("aws:RequestedRegion", ["eu-west-1"])
                .with_context("aws:PrincipalTag/team", ["dev"])
                .with_context("aws:SecureTransport", ["false"]),
            decision: ImplicitDeny,
            statement: None,
        },
        // Set operators.
        Case {
            name: "ForAllValues is true for a missing key",
            policies: vec![cond(
                r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}"#,
            )],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "ForAllValues is true for an empty key",
            policies: vec![cond(r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}"#)],
            request: get(any).with_context("aws:TagKeys", Vec::<String>::new()),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "ForAllValues needs every value to match",
            policies: vec![cond(
                r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}"#,
            )],
            request: get(any).with_context("aws:TagKeys", ["team", "cost"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "ForAnyValue is false for a missing key",
            policies: vec![cond(r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}"#)],
            request: get(any),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "ForAnyValue needs one value to match",
            policies: vec![cond(r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}"#)],
            request: get(any).with_context("aws:TagKeys", ["cost", "team"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "a plain operator never matches a multivalued key carrying several values",
            policies: vec![cond(r#"{"StringEquals":{"aws:TagKeys":["team","cost"]}}"#)],
            request: get(any).with_context("aws:TagKeys", ["cost", "team"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "a plain operator matches a multivalued key carrying one value",
            policies: vec![cond(r#"{"StringEquals":{"aws:TagKeys":["team","cost"]}}"#)],
            request: get(any).with_context("aws:TagKeys", ["team"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        // Null.
        Case {
            name: "Null true: key absent",
            policies: vec![cond(r#"{"Null":{"aws:TokenIssueTime":"true"}}"#)],
            request: get(any),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "Null false: key must be present",
            policies: vec![cond(r#"{"Null":{"aws:TokenIssueTime":false}}"#)],
            request: get(any),
            decision: ImplicitDeny,
            statement: None,
        },
        // Numeric, date, bool, IP address, ARN.
        Case {
            name: "NumericLessThan holds",
            policies: vec![cond(r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#)],
            request: get(any).with_context("aws:MultiFactorAuthAge", ["3000"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "NumericLessThan fails",
            policies: vec![cond(r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}"#)],
            request: get(any).with_context("aws:MultiFactorAuthAge", ["4000"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "DateGreaterThan with ISO 8601",
            policies: vec![cond(
                r#"{"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}}"#,
            )],
            request: get(any).with_context("aws:CurrentTime", ["2024-06-30T12:00:00Z"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "DateLessThan with epoch seconds",
            policies: vec![cond(r#"{"DateLessThan":{"aws:EpochTime":"1700000000"}}"#)],
            request: get(any).with_context("aws:EpochTime", ["1800000000"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "Bool deny of insecure transport",
            policies: vec![
                leak(allow("s3:*", "*")),
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#,
            ],
            request: get(any).with_context("aws:SecureTransport", ["false"]),
            decision: ExplicitDeny,
            statement: Some((1, 0)),
        },
        Case {
            name: "IpAddress inside the range",
            policies: vec![cond(
                r#"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}"#,
            )],
            request: get(any).with_context("aws:SourceIp", ["2001:db8::1"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "NotIpAddress outside the range",
            policies: vec![cond(r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#)],
            request: get(any).with_context("aws:SourceIp", ["203.0.113.9"]),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "ArnLike matches part by part",
            policies: vec![cond(
                r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}"#,
            )],
            request: get(any).with_context(
                "aws:SourceArn",
                ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"],
            ),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "ArnNotEquals with the account part",
            policies: vec![cond(
                r#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}"#,
            )],
            request: get(any).with_context("aws:SourceArn", ["arn:aws:sns:us-east-1:111122223333:topic"]),
            decision: ImplicitDeny,
            statement: None,
        },
        // Principals and policy variables.
        Case {
            name: "an account principal trusts that account's roles",
            policies: vec![trust],
            request: Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/target")
                .with_principal(PrincipalType::Aws, "arn:aws:iam::111122223333:role/ci"),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "other accounts are not trusted",
            policies: vec![trust],
            request: Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/target")
                .with_principal(PrincipalType::Aws, "arn:aws:iam::444455556666:role/ci"),
            decision: ImplicitDeny,
            statement: None,
        },
        Case {
            name: "policy variables resolve from the request",
            policies: vec![leak(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"))],
            request: get("arn:aws:s3:::home/jane/notes").with_context("aws:username", ["jane"]),
            decision: Allow,
            statement: Some((0, 0)),
        },
        Case {
            name: "version 2008-10-17 keeps variables literal",
            policies: vec![
                r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}"#,
            ],
            request: get("arn:aws:s3:::home/jane/notes").with_context("aws:username", ["jane"]),
            decision: ImplicitDeny,
            statement: None,
        },
    ]
}

#[test]
fn evaluation_matches_the_documented_cases() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let docs: Vec<PolicyDocument> = case
            .policies
            .iter()
            .map(|p| PolicyDocument::from_json(p).unwrap_or_else(|e| panic!("{}: {e}", case.name)))
            .collect();
        let evaluation = allows(&docs, &case.request);
        if (evaluation.decision, evaluation.statement) != (case.decision, case.statement) {
            failures.push(format!(
                "{}: got {:?} at {:?}, expected {:?} at {:?}",
                case.name, evaluation.decision, evaluation.statement, case.decision, case.statement
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
