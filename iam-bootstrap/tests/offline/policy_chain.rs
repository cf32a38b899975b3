//! The full evaluation chain against a table of cases written from AWS's documentation:
//! - "Policy evaluation logic" and "Policy evaluation for requests within a single account"
//!   (IAM User Guide, reference_policies_evaluation-logic.html and
//!   reference_policies_evaluation-logic_policy-eval-basics.html): explicit deny wins; in one
//!   account an allow from the identity side or the resource-based policy suffices; boundaries
//!   and session policies intersect the identity side; grants to a user or role-session ARN
//!   are not limited by them, grants to the role ARN are;
//! - "Cross-account policy evaluation logic" (reference_policies_evaluation-logic-cross-account.html):
//!   both the identity side and the resource-based policy must allow;
//! - "Service control policies" and "Resource control policies" (AWS Organizations User
//!   Guide): every level from the root to the account must allow;
//! - IAM roles' trust policies and "Key policies in AWS KMS": these must allow even in the
//!   same account, and naming the account delegates to the identity policies.

use iam_bootstrap::policy::{
    Decision, Layer, PolicyChain, PolicyDocument, PrincipalType, Request, StatementRef,
};

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";
const USER: &str = "arn:aws:iam::111122223333:user/jane";
const ROLE: &str = "arn:aws:iam::111122223333:role/app";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/app/build";
const FOREIGN: &str = "arn:aws:iam::444455556666:user/bob";

fn doc(effect: &str, action: &str, resource: &str) -> PolicyDocument {
    PolicyDocument::from_json(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":"{action}","Resource":"{resource}"}}]}}"#
    ))
    .unwrap()
}

fn resource_doc(effect: &str, principal: &str, action: &str, resource: &str) -> PolicyDocument {
    PolicyDocument::from_json(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Principal":{{"AWS":"{principal}"}},"Action":"{action}","Resource":"{resource}"}}]}}"#
    ))
    .unwrap()
}

fn all() -> PolicyDocument {
    doc("Allow", "*", "*")
}

const OBJECT: &str = "arn:aws:s3:::data/report.csv";

fn get(caller: &str) -> Request {
    Request::new("s3:GetObject", OBJECT).with_principal(PrincipalType::Aws, caller)
}

fn at(layer: Layer) -> Option<StatementRef> {
    Some(StatementRef {
        layer,
        document: 0,
        statement: 0,
    })
}

struct Case {
    name: &'static str,
    chain: PolicyChain,
    request: Request,
    decision: Decision,
    decided_by: Option<StatementRef>,
    blocked_by: Option<Layer>,
}

fn cases() -> Vec<Case> {
    use Decision::{Allow, ExplicitDeny, ImplicitDeny};
    let read = || doc("Allow", "s3:GetObject", "*");
    let bucket = |principal: &str| resource_doc("Allow", principal, "s3:GetObject", "arn:aws:s3:::data/*");
    let same = || PolicyChain::new().resource_account(ACCOUNT);
    let cross = || PolicyChain::new().resource_account(OTHER);
    vec![
        Case {
            name: "no policy: implicit deny by the identity side",
            chain: same(),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Identity),
        },
        Case {
            name: "identity allow",
            chain: same().identity(read()),
            request: get(USER),
            decision: Allow,
            decided_by: at(Layer::Identity),
            blocked_by: None,
        },
        Case {
            name: "same account: the resource policy alone grants to the named user",
            chain: same().resource_policy(bucket(USER)),
            request: get(USER),
            decision: Allow,
            decided_by: at(Layer::ResourceBased),
            blocked_by: None,
        },
        Case {
            name: "same account: a resource policy naming the account delegates to identity policies",
            chain: same().resource_policy(bucket(&format!("arn:aws:iam::{ACCOUNT}:root"))),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Identity),
        },
        Case {
            name: "explicit deny in the identity policy beats the resource policy's allow",
            chain: same()
                .resource_policy(bucket(USER))
                .identity(doc("Deny", "s3:*", "*")),
            request: get(USER),
            decision: ExplicitDeny,
            decided_by: at(Layer::Identity),
            blocked_by: Some(Layer::Identity),
        },
        Case {
            name: "a permissions boundary limits the identity policies",
            chain: same()
                .identity(read())
                .permissions_boundary(doc("Allow", "ec2:*", "*")),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::PermissionsBoundary),
        },
        Case {
            name: "a boundary's implicit deny does not limit a grant to the user's ARN",
            chain: same()
                .resource_policy(bucket(USER))
                .permissions_boundary(doc("Allow", "ec2:*", "*")),
            request: get(USER),
            decision: Allow,
            decided_by: at(Layer::ResourceBased),
            blocked_by: None,
        },
        Case {
            name: "a session policy limits a grant to the role ARN",
            chain: same()
                .resource_policy(bucket(ROLE))
                .session_policy(doc("Allow", "ec2:*", "*")),
            request: get(SESSION),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Session),
        },
        Case {
            name: "a grant to the role-session ARN is not limited by the session policy",
            chain: same()
                .resource_policy(bucket(SESSION))
                .session_policy(doc("Allow", "ec2:*", "*")),
            request: get(SESSION),
            decision: Allow,
            decided_by: at(Layer::ResourceBased),
            blocked_by: None,
        },
        Case {
            name: "a boundary's explicit deny denies even the resource policy's grant",
            chain: same()
                .resource_policy(bucket(USER))
                .permissions_boundary(doc("Deny", "s3:GetObject", "*")),
            request: get(USER),
            decision: ExplicitDeny,
            decided_by: at(Layer::PermissionsBoundary),
            blocked_by: Some(Layer::PermissionsBoundary),
        },
        Case {
            name: "cross account: the identity side alone is not enough",
            chain: cross().identity(read()),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::ResourceBased),
        },
        Case {
            name: "cross account: the resource policy alone is not enough",
            chain: PolicyChain::new()
                .resource_account(ACCOUNT)
                .resource_policy(bucket(FOREIGN)),
            request: get(FOREIGN),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Identity),
        },
        Case {
            name: "cross account: both sides allow",
            chain: PolicyChain::new()
                .resource_account(ACCOUNT)
                .resource_policy(bucket(FOREIGN))
                .identity(read()),
            request: get(FOREIGN),
            decision: Allow,
            decided_by: at(Layer::Identity),
            blocked_by: None,
        },
        Case {
            name: "an SCP level that allows nothing blocks",
            chain: same().identity(all()).scp_level([all()]).scp_level([doc("Allow", "ec2:*", "*")]),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Scp { level: 1 }),
        },
        Case {
            name: "an SCP deny at the root wins over everything",
            chain: same()
                .identity(all())
                .resource_policy(bucket(USER))
                .scp_level([all(), doc("Deny", "s3:GetObject", "*")]),
            request: get(USER),
            decision: ExplicitDeny,
            decided_by: Some(StatementRef {
                layer: Layer::Scp { level: 0 },
                document: 1,
                statement: 0,
            }),
            blocked_by: Some(Layer::Scp { level: 0 }),
        },
        Case {
            name: "SCPs allow at every level: the identity policy decides",
            chain: same().identity(read()).scp_level([all()]).scp_level([all()]),
            request: get(USER),
            decision: Allow,
            decided_by: at(Layer::Identity),
            blocked_by: None,
        },
        Case {
            name: "an RCP level that allows nothing blocks the resource policy's grant",
            chain: same().resource_policy(bucket(USER)).rcp_level([doc("Allow", "sqs:*", "*")]),
            request: get(USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Rcp { level: 0 }),
        },
        Case {
            name: "an RCP deny wins",
            chain: same().identity(read()).rcp_level([all()]).rcp_level([PolicyDocument::from_json(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}}]}"#,
            )
            .unwrap()]),
            request: get(USER),
            decision: ExplicitDeny,
            decided_by: at(Layer::Rcp { level: 1 }),
            blocked_by: Some(Layer::Rcp { level: 1 }),
        },
        Case {
            name: "trust policy: naming the account needs the caller's identity policy too",
            chain: PolicyChain::new().role_trust_policy(PolicyDocument::from_json(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#,
            )
            .unwrap()),
            request: Request::new("sts:AssumeRole", ROLE).with_principal(PrincipalType::Aws, USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::Identity),
        },
        Case {
            name: "trust policy naming the user grants on its own in the same account",
            chain: PolicyChain::new().role_trust_policy(resource_doc("Allow", USER, "sts:AssumeRole", "*")),
            request: Request::new("sts:AssumeRole", ROLE).with_principal(PrincipalType::Aws, USER),
            decision: Allow,
            decided_by: at(Layer::ResourceBased),
            blocked_by: None,
        },
        Case {
            name: "no trust: the identity policy alone cannot assume a role",
            chain: PolicyChain::new()
                .identity(doc("Allow", "sts:AssumeRole", "*"))
                .role_trust_policy(resource_doc("Allow", "arn:aws:iam::111122223333:user/other", "sts:AssumeRole", "*")),
            request: Request::new("sts:AssumeRole", ROLE).with_principal(PrincipalType::Aws, USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::ResourceBased),
        },
        Case {
            name: "KMS: an identity policy alone does not open a key",
            chain: PolicyChain::new()
                .identity(doc("Allow", "kms:Decrypt", "*"))
                .kms_key_policy(resource_doc("Allow", ROLE, "kms:Encrypt", "*")),
            request: Request::new("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k1")
                .with_principal(PrincipalType::Aws, USER),
            decision: ImplicitDeny,
            decided_by: None,
            blocked_by: Some(Layer::ResourceBased),
        },
        Case {
            name: "KMS: a key policy enabling IAM policies (account root) plus an identity allow",
            chain: PolicyChain::new()
                .identity(doc("Allow", "kms:Decrypt", "*"))
                .kms_key_policy(resource_doc(
                    "Allow",
                    "arn:aws:iam::111122223333:root",
                    "kms:*",
                    "*",
                )),
            request: Request::new("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k1")
                .with_principal(PrincipalType::Aws, USER),
            decision: Allow,
            decided_by: at(Layer::Identity),
            blocked_by: None,
        },
    ]
}

#[test]
fn the_chain_follows_awss_documented_cases() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = case.chain.evaluate(&case.request);
        let expected = (case.decision, case.decided_by, case.blocked_by);
        if (got.decision, got.decided_by, got.blocked_by) != expected {
            failures.push(format!("{}: got {got:?}, expected {expected:?}", case.name));
        }
        // The explanation names the deciding layer.
        let text = got.to_string();
        if let Some(layer) = got.blocked_by.or(got.decided_by.map(|r| r.layer)) {
            assert!(text.contains(&layer.to_string()), "{}: {text}", case.name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_allow_lists_every_layer_it_needed() {
    let chain = PolicyChain::new()
        .resource_account(ACCOUNT)
        .identity(doc("Allow", "s3:GetObject", "*"))
        .permissions_boundary(doc("Allow", "s3:*", "*"))
        .session_policy(doc("Allow", "s3:Get*", "*"))
        .scp_level([all()]);
    let answer = chain.evaluate(&get(SESSION));
    let layers: Vec<Layer> = answer.allowed_by.iter().map(|r| r.layer).collect();
    assert_eq!(
        layers,
        [
            Layer::Scp { level: 0 },
            Layer::Identity,
            Layer::PermissionsBoundary,
            Layer::Session
        ]
    );
    assert_eq!(
        answer.to_string(),
        "allow by identity-based policies document 0 statement 0, within SCP level 0 document 0 \
         statement 0, permissions boundary document 0 statement 0, session policy document 0 statement 0"
    );
}
