//! Validation and the in-memory account read the same limits (`crate::limits`): at every
//! size boundary, and whatever white space a document holds, a document the policy module
//! accepts is accepted by the in-memory account, and one it refuses is refused.

use super::InMemory;
use crate::client::{IamApi, IdentityCenterApi, NewPolicy, NewRole, PermissionSetFields, Tags};
use crate::names::{IamPath, PolicyName, RoleName};
use crate::policy::{Operator, PolicyDocument, Principal, SizeLimit, Statement, StatementBuilder};

/// A statement of exactly `size` characters as IAM counts them, padded in a condition value
/// with spaces and U+00A0 (IAM skips the first, counts the second).
fn padded(statement: StatementBuilder, size: usize, limit: SizeLimit) -> PolicyDocument {
    let with = |pad: usize| {
        let value: String = (0..pad)
            .map(|i| if i % 3 == 0 { '\u{a0}' } else { 'x' })
            .collect();
        PolicyDocument::new([statement.clone().condition(
            Operator::StringEquals,
            "aws:PrincipalTag/team",
            [format!("a {value}")],
        )])
    };
    let base = with(0).size_for(limit);
    with(size - base)
}

/// The document as a person might write it: indented, on many lines.
fn pretty(doc: &PolicyDocument) -> String {
    let value: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

fn boundaries(limit: SizeLimit) -> [usize; 3] {
    [limit.chars() - 1, limit.chars(), limit.chars() + 1]
}

fn identity() -> StatementBuilder {
    Statement::allow().actions(["s3:GetObject"]).resources(["*"])
}

#[tokio::test]
async fn trust_and_managed_policies_agree_with_validation() {
    let aws = InMemory::new();
    let trust = Statement::allow()
        .principal(Principal::service(["ec2.amazonaws.com"]))
        .actions(["sts:AssumeRole"]);
    for (i, size) in boundaries(SizeLimit::Trust).into_iter().enumerate() {
        let doc = padded(trust.clone(), size, SizeLimit::Trust);
        assert_eq!(doc.size(), size);
        let role = NewRole {
            name: RoleName::new(format!("r{i}")).unwrap(),
            path: IamPath::root(),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: pretty(&doc),
            permissions_boundary: None,
            tags: Tags::new(),
        };
        let accepted = aws.create_role(&role).await.is_ok();
        assert_eq!(
            accepted,
            doc.check_size(SizeLimit::Trust).is_ok(),
            "trust policy of {size}"
        );
        assert_eq!(accepted, size <= SizeLimit::Trust.chars());
    }
    for (i, size) in boundaries(SizeLimit::Managed).into_iter().enumerate() {
        let doc = padded(identity(), size, SizeLimit::Managed);
        let policy = NewPolicy {
            name: PolicyName::new(format!("p{i}")).unwrap(),
            path: IamPath::root(),
            description: None,
            document: pretty(&doc),
            tags: Tags::new(),
        };
        let accepted = aws.create_policy(&policy).await.is_ok();
        assert_eq!(
            accepted,
            doc.check_size(SizeLimit::Managed).is_ok(),
            "managed policy of {size}"
        );
        assert_eq!(accepted, size <= SizeLimit::Managed.chars());
    }
}

#[tokio::test]
async fn inline_policies_agree_with_validation() {
    let aws = InMemory::new();
    let trust = PolicyDocument::new([Statement::allow()
        .principal(Principal::service(["ec2.amazonaws.com"]))
        .actions(["sts:AssumeRole"])]);
    let instance = aws.list_instances().await.unwrap().remove(0).arn;
    for (i, size) in boundaries(SizeLimit::RoleInline).into_iter().enumerate() {
        let name = RoleName::new(format!("inline{i}")).unwrap();
        let role = NewRole {
            name: name.clone(),
            path: IamPath::root(),
            description: None,
            max_session_duration: 3600,
            assume_role_policy: trust.to_json(),
            permissions_boundary: None,
            tags: Tags::new(),
        };
        aws.create_role(&role).await.unwrap();
        let doc = padded(identity(), size, SizeLimit::RoleInline);
        let accepted = aws.put_role_policy(&name, "p", &pretty(&doc)).await.is_ok();
        assert_eq!(
            accepted,
            doc.check_size(SizeLimit::RoleInline).is_ok(),
            "role inline policy of {size}"
        );
        assert_eq!(accepted, size <= SizeLimit::RoleInline.chars());

        let fields = PermissionSetFields {
            name: format!("set{i}"),
            description: "limits".into(),
            session_duration: "PT1H".into(),
            relay_state: None,
        };
        let set = aws
            .create_permission_set(&instance, &fields, &Tags::new())
            .await
            .unwrap();
        let doc = padded(identity(), size, SizeLimit::PermissionSetInline);
        let accepted = aws
            .put_inline_policy(&instance, &set.arn, &pretty(&doc))
            .await
            .is_ok();
        assert_eq!(
            accepted,
            doc.check_size(SizeLimit::PermissionSetInline).is_ok(),
            "permission-set inline policy of {size}"
        );
        assert_eq!(accepted, size <= SizeLimit::PermissionSetInline.chars());
    }
}
