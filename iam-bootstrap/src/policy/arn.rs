//! The ARN rules IAM applies to `Resource` and `Principal` values. Each refusal quotes the
//! message IAM answers (`MalformedPolicyDocument`); forms IAM accepts but that are likely
//! mistakes (an ARN with fewer than six parts, white space) are lint findings (`lint_syntax`).

use super::principal::is_account_id;
use super::wildcard;

/// The partitions (AWS General Reference, "Amazon Resource Names"), and `*`, which AWS's own
/// managed policies use (145 resources of the 1,582-policy corpus).
const PARTITIONS: [&str; 9] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
    "*",
];

/// The IAM resource types, as IAM's refusal lists them ("IAM resource path must either be
/// "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/,
/// server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/,
/// access-report/."), plus `root` and `role-template/`, which AWS managed policies use
/// (IAMAuditRootUserCredentials, AWSCloudWatchOmniServiceRolePolicy).
const IAM_RESOURCE_TYPES: [&str; 15] = [
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
    "root",
    "role-template/",
];

/// The parts of an ARN: partition, service, region, account and resource, as many as there are.
pub(crate) struct ArnParts<'a> {
    pub(crate) partition: &'a str,
    pub(crate) service: Option<&'a str>,
    pub(crate) region: Option<&'a str>,
    pub(crate) account: Option<&'a str>,
    pub(crate) resource: Option<&'a str>,
}

impl<'a> ArnParts<'a> {
    /// `None` unless `text` starts with `arn:`.
    pub(crate) fn split(text: &'a str) -> Option<Self> {
        let rest = text.strip_prefix("arn:")?;
        let mut parts = rest.splitn(5, ':');
        Some(Self {
            partition: parts.next().unwrap_or_default(),
            service: parts.next(),
            region: parts.next(),
            account: parts.next(),
            resource: parts.next(),
        })
    }
}

/// A partition IAM knows, or a wildcard pattern that matches one. A policy variable is not
/// expanded there: IAM answers `Partition "${ARN_PARTITION}" is not valid for resource
/// "arn:${ARN_PARTITION}:s3:::..."` (cloudera-labs/cloudera.exe#114).
fn known_partition(partition: &str) -> bool {
    if PARTITIONS.contains(&partition) {
        return true;
    }
    !partition.contains("${")
        && wildcard::has_wildcard(partition)
        && PARTITIONS
            .iter()
            .any(|known| wildcard::glob_match(partition, known, false))
}

/// Whether an IAM resource path names a resource type IAM knows (or may, through a wildcard).
fn known_iam_path(path: &str) -> bool {
    // The literal text before the first wildcard or policy variable.
    let literal_end = path.find(['*', '?', '$']).unwrap_or(path.len());
    let literal = path.get(..literal_end).unwrap_or_default();
    IAM_RESOURCE_TYPES.iter().any(|kind| {
        if literal_end == path.len() {
            path.starts_with(kind) || path == kind.trim_end_matches('/')
        } else {
            literal.starts_with(kind) || kind.starts_with(literal)
        }
    })
}

/// `*`, or an ARN IAM accepts as a `Resource` (wildcards and policy variables allowed).
pub(crate) fn check_resource(resource: &str) -> Result<(), &'static str> {
    if resource == "*" {
        return Ok(());
    }
    let Some(arn) = ArnParts::split(resource) else {
        // IAM: "Resource x must be in ARN format or "*"." (felipefrizzo/terraform-aws-transfer-server#6).
        return Err("IAM takes \"*\" or an ARN (arn:partition:service:region:account:resource)");
    };
    let service = arn.service.unwrap_or_default();
    if service.is_empty() || wildcard::has_wildcard(service) {
        return Err("IAM answers \"Resource vendor must be fully qualified and cannot contain regexes\"");
    }
    if !known_partition(arn.partition) {
        // IAM: `Partition "aws1" is not valid for resource "arn:aws1:..."`.
        return Err("the partition is not one of AWS's (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc)");
    }
    let region = arn.region.unwrap_or_default();
    let regional = !region.is_empty() && region != "*";
    match service {
        // IAM: "IAM resource arn:aws:iam:us-east-1:... cannot contain region information."
        // (cloud-gov/terraform-provision#1838).
        "iam" if !region.is_empty() => return Err("IAM resources cannot contain region information"),
        // IAM: "Resource arn:aws:s3:us-west-2:123456789:test/athena can not contain region
        // information." (aws/aws-cdk#22445). Bucket and object ARNs only: access points, jobs
        // and Storage Lens resources are regional (AWS managed policies name
        // `arn:aws:s3:*:*:accesspoint/*`).
        "s3" if regional && !s3_regional_type(arn.resource.unwrap_or_default()) => {
            return Err("S3 bucket and object ARNs cannot contain region information");
        }
        "iam" => {
            let path = arn.resource.unwrap_or_default();
            if !path.is_empty() && path != "*" && !known_iam_path(path) {
                return Err(
                    "IAM answers \"IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/\"",
                );
            }
        }
        _ => {}
    }
    Ok(())
}

/// S3 resource types whose ARNs carry a region (S3 service authorization reference).
fn s3_regional_type(resource: &str) -> bool {
    [
        "accesspoint/",
        "job/",
        "storage-lens/",
        "storage-lens-group/",
        "access-grants/",
        "async-request/",
        "outpost/",
        "accessgrantsinstance",
    ]
    .iter()
    .any(|kind| resource.starts_with(kind))
        || resource.starts_with('*')
}

/// An IAM or STS ARN IAM accepts as an `AWS` principal. IAM answers "Invalid principal in
/// policy" for anything else: a group, a managed policy or an instance profile is not a
/// principal (IAM User Guide, "AWS JSON policy elements: Principal": "You cannot identify a
/// user group as a principal").
pub(crate) fn check_aws_principal_arn(value: &str) -> Result<(), &'static str> {
    let arn = ArnParts::split(value).ok_or("expected an account ID, an IAM or STS ARN, or \"*\"")?;
    if !PARTITIONS.contains(&arn.partition) || arn.partition == "*" {
        return Err("the partition is not one of AWS's (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc)");
    }
    if !arn.account.is_some_and(is_account_id) {
        return Err("an IAM or STS principal ARN names a 12-digit account");
    }
    let resource = arn.resource.unwrap_or_default();
    match arn.service {
        Some("iam") => {
            let ok = resource == "root"
                || resource.strip_prefix("role/").is_some_and(|r| !r.is_empty())
                || resource.strip_prefix("user/").is_some_and(|r| !r.is_empty());
            ok.then_some(())
                .ok_or("IAM answers \"Invalid principal in policy\": an IAM principal is root, a role or a user (not a group, policy or instance profile)")
        }
        Some("sts") => {
            let session = resource
                .strip_prefix("assumed-role/")
                .and_then(|r| r.rsplit_once('/'))
                .is_some_and(|(role, session)| !role.is_empty() && !session.is_empty());
            let federated = resource
                .strip_prefix("federated-user/")
                .is_some_and(|r| !r.is_empty());
            (session || federated)
                .then_some(())
                .ok_or("IAM answers \"Invalid principal in policy\": an STS principal is assumed-role/ROLE/SESSION or federated-user/NAME")
        }
        _ => Err("expected an account ID, an IAM or STS ARN, or \"*\""),
    }
}

/// A `Federated` principal: a SAML or OIDC provider ARN, or an identity provider's domain
/// (IAM User Guide, "Principal": "Federated user principals"). A role or user ARN there is
/// refused ("Invalid principal in policy").
pub(crate) fn check_federated_principal(value: &str) -> Result<(), &'static str> {
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return Err("expected a SAML/OIDC provider ARN or an identity provider domain");
    }
    let Some(arn) = ArnParts::split(value) else {
        return if value.contains('.') {
            Ok(())
        } else {
            Err("expected a SAML/OIDC provider ARN or an identity provider domain")
        };
    };
    let provider = arn.service == Some("iam")
        && arn.account.is_some_and(is_account_id)
        && arn.resource.is_some_and(|r| {
            r.strip_prefix("saml-provider/")
                .or_else(|| r.strip_prefix("oidc-provider/"))
                .is_some_and(|name| !name.is_empty())
        });
    if !PARTITIONS.contains(&arn.partition) || arn.partition == "*" {
        return Err("the partition is not one of AWS's (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc)");
    }
    provider
        .then_some(())
        .ok_or("IAM answers \"Invalid principal in policy\": a Federated ARN is an IAM saml-provider/ or oidc-provider/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_iam_refuses() {
        for bad in [
            "bucket",
            "arn:aws:iam:us-east-1:111122223333:role/x",
            "arn:aws:s3:us-east-1::bucket/key",
            "arn:aws:iam::111122223333:widget/x",
            "arn:aws1:s3:::bucket",
            "arn:${AWS::Partition}:s3:::bucket",
            "arn:aws:*:us-east-1:111122223333:thing",
            "arn:aws:s3*:::bucket",
            "arn:aws::::b",
            "arn::s3:::b",
        ] {
            assert!(check_resource(bad).is_err(), "{bad}");
        }
        for ok in [
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:*:iam::*:role/x",
            "arn:aws:iam::*:root",
            "arn:aws:iam::111122223333:*",
            "arn:aws:iam::111122223333:ro*",
            "arn:aws:iam::111122223333:${aws:username}",
            "arn:aws:iam::aws:role-template/x",
            "arn:aws:s3:*:*:accesspoint/*",
            "arn:aws:s3:::${aws:PrincipalTag/team, 'company-wide'}/*",
            "arn:aws-cn:ssm:*",
            "arn:aws:organizations::*:",
            "arn:aws*:s3:::b",
        ] {
            assert_eq!(check_resource(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn principals_iam_refuses() {
        for ok in [
            "arn:aws:iam::111122223333:root",
            "arn:aws:iam::111122223333:role/path/x",
            "arn:aws:iam::111122223333:user/jane",
            "arn:aws:sts::111122223333:assumed-role/x/session",
            "arn:aws:sts::111122223333:federated-user/jane",
        ] {
            assert_eq!(check_aws_principal_arn(ok), Ok(()), "{ok}");
        }
        for bad in [
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:iam::111122223333:policy/p",
            "arn:aws:iam::111122223333:instance-profile/p",
            "arn:aws:sts::111122223333:assumed-role/x",
            "arn:aws1:iam::111122223333:root",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::1:role/x",
        ] {
            assert!(check_aws_principal_arn(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_federated_principal("arn:aws:iam::111122223333:saml-provider/okta"),
            Ok(())
        );
        assert_eq!(
            check_federated_principal("cognito-identity.amazonaws.com"),
            Ok(())
        );
        assert!(check_federated_principal("arn:aws:iam::111122223333:role/x").is_err());
        assert!(check_federated_principal("arn:aws2:iam::111122223333:saml-provider/okta").is_err());
    }
}
