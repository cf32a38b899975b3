//! One accepted and one refused case (or accepted with a finding) per rule of `rules.rs`,
//! `arn.rs`, `syntax::check_action` and `lint_syntax.rs`.

use super::{LintCode, PolicyContext as K, PolicyDocument};

/// What a case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Valid for the kind, and no finding of this file's codes.
    Accepted,
    /// Refused, first error with this code.
    Refused(&'static str),
    /// Valid, with this lint finding.
    Finding(LintCode),
}
use Expect::{Accepted, Finding, Refused};

/// The lint codes of forms validation accepts on purpose.
const SYNTAX_FINDINGS: [LintCode; 10] = [
    LintCode::UnusualAction,
    LintCode::StatementWithoutAction,
    LintCode::UnknownOperatorWithoutKeys,
    LintCode::StatementWithoutResource,
    LintCode::UnprefixedConditionKey,
    LintCode::EmptyConditionValues,
    LintCode::UnreadableDate,
    LintCode::DuplicateSid,
    LintCode::ShortResourceArn,
    LintCode::WhitespaceInResource,
];

const V12: &str = r#""Version":"2012-10-17","#;
const V08: &str = r#""Version":"2008-10-17","#;

/// `(rule, kind, version prefix, statements, expected)`.
type Case = (&'static str, K, &'static str, &'static str, Expect);

const ID_STMT: &str = r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#;
const KMS_STMT: &str = r#"{"Sid":"Enable IAM policies","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}"#;
const TRUST_STMT: &str =
    r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#;

const CASES: &[Case] = &[
    // rules.rs: Version per kind.
    (
        "version: managed needs 2012-10-17",
        K::Identity,
        V12,
        ID_STMT,
        Accepted,
    ),
    (
        "version: managed without Version",
        K::Identity,
        "",
        ID_STMT,
        Refused("version_required"),
    ),
    (
        "version: managed with 2008-10-17",
        K::Identity,
        V08,
        ID_STMT,
        Refused("version_required"),
    ),
    (
        "version: boundary with 2008-10-17",
        K::PermissionsBoundary,
        V08,
        ID_STMT,
        Refused("version_required"),
    ),
    (
        "version: inline without Version",
        K::InlineIdentity,
        "",
        ID_STMT,
        Accepted,
    ),
    (
        "version: inline with 2008-10-17",
        K::InlineIdentity,
        V08,
        ID_STMT,
        Accepted,
    ),
    (
        "version: trust with 2008-10-17",
        K::Trust,
        V08,
        TRUST_STMT,
        Accepted,
    ),
    (
        "version: SCP without Version",
        K::Scp,
        "",
        r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#,
        Refused("version_required"),
    ),
    (
        "version: RCP with 2008-10-17",
        K::Rcp,
        V08,
        r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#,
        Refused("version_required"),
    ),
    // rules.rs: Principal presence.
    (
        "principal: identity takes none",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "principal: SCP takes none",
        K::Scp,
        V12,
        r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "principal: trust needs one",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Action":"sts:AssumeRole"}"#,
        Refused("missing_element"),
    ),
    (
        "principal: resource policy needs one",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        Refused("missing_element"),
    ),
    (
        "principal: resource policy with one",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        Accepted,
    ),
    // rules.rs: NotPrincipal.
    (
        "not_principal: with Deny in a resource policy",
        K::Resource,
        V12,
        r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}"#,
        Accepted,
    ),
    (
        "not_principal: with Allow",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "not_principal: in a trust policy",
        K::Trust,
        V12,
        r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "not_principal: in an RCP",
        K::Rcp,
        V12,
        r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    // rules.rs: an RCP's principal is "*", its statements deny, and it has no NotAction.
    (
        "rcp: principal \"*\"",
        K::Rcp,
        V12,
        r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#,
        Accepted,
    ),
    (
        "rcp: principal an account",
        K::Rcp,
        V12,
        r#"{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#,
        Refused("invalid_principal"),
    ),
    (
        "rcp: Allow",
        K::Rcp,
        V12,
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "not_action: in an RCP",
        K::Rcp,
        V12,
        r#"{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "not_action: identity takes it",
        K::Identity,
        V12,
        r#"{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}"#,
        Accepted,
    ),
    // rules.rs: Resource presence.
    ("resource: identity with one", K::Identity, V12, ID_STMT, Accepted),
    (
        "resource: identity needs one",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject"}"#,
        Refused("missing_element"),
    ),
    (
        "resource: session needs one",
        K::Session,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject"}"#,
        Refused("missing_element"),
    ),
    (
        "resource: trust takes none",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}"#,
        Refused("element_not_allowed"),
    ),
    (
        "resource: generic resource policy without one",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage"}"#,
        Finding(LintCode::StatementWithoutResource),
    ),
    (
        "resource: S3 bucket policy without one",
        K::S3Bucket,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject"}"#,
        Refused("missing_element"),
    ),
    (
        "resource: SCP without one",
        K::Scp,
        V12,
        r#"{"Effect":"Deny","Action":"s3:*"}"#,
        Finding(LintCode::StatementWithoutResource),
    ),
    // rules.rs: trust actions.
    (
        "trust actions: sts:AssumeRole",
        K::Trust,
        V12,
        TRUST_STMT,
        Accepted,
    ),
    (
        "trust actions: s3:GetObject",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}"#,
        Refused("action_not_allowed"),
    ),
    // rules.rs: Sids.
    (
        "sid: IAM kinds take letters and digits",
        K::Identity,
        V12,
        r#"{"Sid":"Read1","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#,
        Accepted,
    ),
    (
        "sid: IAM kinds refuse spaces",
        K::Identity,
        V12,
        r#"{"Sid":"Read 1","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#,
        Refused("invalid_sid"),
    ),
    (
        "sid: S3 takes spaces",
        K::S3Bucket,
        V12,
        r#"{"Sid":"Read 1","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        Accepted,
    ),
    (
        "sid: IAM kinds refuse a repeated Sid",
        K::Identity,
        V12,
        r#"{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}"#,
        Refused("duplicate_sid"),
    ),
    (
        "sid: S3 takes a repeated Sid",
        K::S3Bucket,
        V12,
        r#"{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Sid":"A","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}"#,
        Finding(LintCode::DuplicateSid),
    ),
    // syntax::check_action.
    ("action: service:name", K::Identity, V12, ID_STMT, Accepted),
    (
        "action: no vendor",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"GetObject","Resource":"*"}"#,
        Refused("invalid_action"),
    ),
    (
        "action: wildcard vendor",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"*:Untag*","Resource":"*"}"#,
        Refused("invalid_action"),
    ),
    (
        "action: two colons",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}"#,
        Refused("invalid_action"),
    ),
    (
        "action: inner space",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:Get Object","Resource":"*"}"#,
        Finding(LintCode::UnusualAction),
    ),
    (
        "action: empty name",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:","Resource":"*"}"#,
        Finding(LintCode::UnusualAction),
    ),
    // arn::check_resource.
    (
        "resource arn: IAM without region",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam::111122223333:role/x"}"#,
        Accepted,
    ),
    (
        "resource arn: IAM with region",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam:us-east-1:111122223333:role/x"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: S3 object with region",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1::b/k"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: S3 access point with region",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/a"}"#,
        Accepted,
    ),
    (
        "resource arn: IAM path of no type",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam::111122223333:widget/x"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: unknown partition",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws1:s3:::b"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: unexpanded partition",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:${AWS::Partition}:s3:::b"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: other partition",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws-cn:s3:::b"}"#,
        Accepted,
    ),
    (
        "resource arn: wildcard vendor",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3*:::b"}"#,
        Refused("invalid_resource"),
    ),
    (
        "resource arn: short",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*"}"#,
        Finding(LintCode::ShortResourceArn),
    ),
    (
        "resource arn: white space",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/my key"}"#,
        Finding(LintCode::WhitespaceInResource),
    ),
    // The IAM User Guide's own example of a variable with a default value ("Policy variables").
    (
        "resource arn: variable default with a space",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}/*"}"#,
        Accepted,
    ),
    (
        "resource arn: not an ARN",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket"}"#,
        Refused("invalid_resource"),
    ),
    // arn::check_aws_principal_arn and check_federated_principal.
    (
        "principal arn: a role",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/x"},"Action":"sts:AssumeRole"}"#,
        Accepted,
    ),
    (
        "principal arn: a group",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/x"},"Action":"sts:AssumeRole"}"#,
        Refused("invalid_principal"),
    ),
    (
        "principal arn: a managed policy",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:policy/x"},"Action":"sts:AssumeRole"}"#,
        Refused("invalid_principal"),
    ),
    (
        "principal arn: an instance profile",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:instance-profile/x"},"Action":"sts:AssumeRole"}"#,
        Refused("invalid_principal"),
    ),
    (
        "principal arn: assumed role with a session",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/x/s"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        Accepted,
    ),
    (
        "principal arn: assumed role without a session",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/x"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        Refused("invalid_principal"),
    ),
    (
        "principal arn: unknown partition",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws1:iam::111122223333:root"},"Action":"sts:AssumeRole"}"#,
        Refused("invalid_principal"),
    ),
    (
        "federated: a SAML provider",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/okta"},"Action":"sts:AssumeRoleWithSAML"}"#,
        Accepted,
    ),
    (
        "federated: a role",
        K::Trust,
        V12,
        r#"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:role/x"},"Action":"sts:AssumeRoleWithWebIdentity"}"#,
        Refused("invalid_principal"),
    ),
    // rules.rs: KMS key policies (PutKeyPolicy accepts statements without Resource or Action,
    // which then have no effect; every statement names a principal).
    ("kms key: a full statement", K::KmsKey, V12, KMS_STMT, Accepted),
    (
        "kms key: without Resource",
        K::KmsKey,
        V12,
        r#"{"Sid":"Key users","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt"}"#,
        Finding(LintCode::StatementWithoutResource),
    ),
    (
        "kms key: without Action",
        K::KmsKey,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Resource":"*"}"#,
        Finding(LintCode::StatementWithoutAction),
    ),
    (
        "kms key: without Action elsewhere",
        K::Resource,
        V12,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Resource":"*"}"#,
        Refused("missing_element"),
    ),
    (
        "kms key: without Principal",
        K::KmsKey,
        V12,
        r#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}"#,
        Refused("missing_element"),
    ),
    // Conditions: accepted forms the linter reports.
    (
        "condition key: prefixed",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#,
        Accepted,
    ),
    (
        "condition key: no prefix",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"SecureTransport":"true"}}}"#,
        Finding(LintCode::UnprefixedConditionKey),
    ),
    (
        "condition values: empty list",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":[]}}}"#,
        Finding(LintCode::EmptyConditionValues),
    ),
    (
        "condition date: ISO 8601",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}"#,
        Accepted,
    ),
    (
        "condition date: unreadable",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"01/01/2030"}}}"#,
        Finding(LintCode::UnreadableDate),
    ),
    (
        "condition values: a list",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":["a"]}}}"#,
        Accepted,
    ),
    (
        "condition operator: known",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"a"}}}"#,
        Accepted,
    ),
    (
        "condition operator: unknown over an empty block",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{}}}"#,
        Finding(LintCode::UnknownOperatorWithoutKeys),
    ),
    (
        "condition operator: unknown with keys",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}"#,
        Refused("unknown_operator"),
    ),
    (
        "condition number: a number",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"10"}}}"#,
        Accepted,
    ),
    (
        "condition number: not a number",
        K::Identity,
        V12,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}"#,
        Refused("invalid_condition_value"),
    ),
];

#[test]
fn every_rule_has_an_accepted_and_a_refused_case() {
    for (rule, kind, version, statements, expect) in CASES {
        let text = format!(r#"{{{version}"Statement":[{statements}]}}"#);
        // Some rules refuse a document as it is read (an unknown operator with keys).
        let doc = match PolicyDocument::from_json(&text) {
            Ok(doc) => doc,
            Err(err) => {
                assert_eq!(Refused(err.code()), *expect, "{rule} ({kind}): {err}");
                continue;
            }
        };
        let errors = doc.validation_errors(*kind);
        let findings: Vec<LintCode> = doc
            .lint(*kind)
            .into_iter()
            .map(|f| f.code)
            .filter(|c| SYNTAX_FINDINGS.contains(c))
            .collect();
        let got = match (errors.first(), findings.first()) {
            (Some(err), _) => Refused(err.code()),
            (None, Some(code)) => Finding(*code),
            (None, None) => Accepted,
        };
        assert_eq!(got, *expect, "{rule} ({kind}): {errors:?}");
    }
    // Each rule prefix has a case that passes and one that does not.
    let mut rules: Vec<&str> = CASES
        .iter()
        .map(|c| c.0.split(':').next().unwrap_or_default())
        .collect();
    rules.dedup();
    for rule in rules {
        let of = |accepted: bool| {
            CASES
                .iter()
                .filter(|c| c.0.starts_with(rule) && c.0.as_bytes().get(rule.len()) == Some(&b':'))
                .any(|c| (c.4 == Accepted) == accepted)
        };
        assert!(of(true) && of(false), "rule `{rule}` needs both cases");
    }
}

#[test]
fn organizations_and_sts_limits_count_white_space() {
    // 2,048 characters is a session policy's limit: a document just under it as IAM counts,
    // but over it with the spaces inside its strings, is refused.
    let spaces = " ".repeat(100);
    let pad = "x".repeat(1_900);
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/{pad}{spaces}"}}}}"#
    );
    let doc = PolicyDocument::from_json(&text).unwrap();
    assert!(doc.size() <= 2_048, "{}", doc.size());
    assert_eq!(
        doc.validation_errors(K::Session)
            .iter()
            .map(|e| e.code())
            .collect::<Vec<_>>(),
        ["too_large"]
    );
    assert_eq!(doc.validate(K::InlineIdentity), Ok(()));
}

#[test]
fn kinds_round_trip_their_names() {
    for kind in K::ALL {
        assert_eq!(kind.as_str().parse::<K>(), Ok(kind));
    }
}
