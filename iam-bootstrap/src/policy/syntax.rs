//! The lexical rules of policy values: actions, resource ARNs, principal ARNs, condition keys,
//! and the number, date and address forms condition operators compare.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use jiff::Timestamp;

/// `text` split at its first `:`. A byte scan: policy values are short, and `split_once`'s
/// searcher costs more to set up than the scan (this runs for every action).
pub(crate) fn split_colon(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b':')?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `*`, or `service:Action` with `*`/`?` wildcards in the action part. Service prefixes are
/// lowercase letters, digits and `-` (IAM compares them without case, and managed policies
/// do write `S3:` or `cloudFormation:`).
pub(crate) fn is_valid_action(action: &str) -> bool {
    if action == "*" {
        return true;
    }
    let Some((service, name)) = split_colon(action) else {
        return false;
    };
    !service.is_empty()
        && !name.is_empty()
        && service.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'?' | b'-' | b'_'))
}

/// `*`, or an ARN pattern with its six parts (`arn:partition:service:region:account:resource`);
/// wildcards and policy variables are allowed anywhere.
pub(crate) fn check_resource(resource: &str) -> Result<(), &'static str> {
    if resource == "*" {
        return Ok(());
    }
    if resource.is_empty() {
        return Err("a resource must not be empty");
    }
    // ASCII first (no decoding): `char::is_whitespace` of an ASCII byte is these six.
    let whitespace = if resource.is_ascii() {
        resource
            .bytes()
            .any(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
    } else {
        resource.chars().any(char::is_whitespace)
    };
    if whitespace {
        return Err("a resource must not contain whitespace");
    }
    let Some(rest) = resource.strip_prefix("arn:") else {
        return Err("expected \"*\" or an ARN (arn:partition:service:region:account:resource)");
    };
    // The first four colons after `arn:` end the partition, service, region and account
    // (a byte scan, as in `split_colon`). The resource part may be empty: AWS's own
    // AmazonDevOpsGuruOrganizationsAccess policy names `arn:aws:organizations::*:`.
    let mut colons = rest
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b':')
        .map(|(at, _)| at);
    let (partition_end, service_end) = (colons.next(), colons.next());
    let has_six_parts = colons.nth(1).is_some();
    let partition_empty = partition_end.is_none_or(|end| end == 0);
    let service_empty = match (partition_end, service_end) {
        (Some(start), Some(end)) => end == start + 1,
        (Some(start), None) => rest.len() == start + 1,
        _ => true,
    };
    if partition_empty || service_empty || !has_six_parts {
        return Err("an ARN needs six colon-separated parts with a partition and a service");
    }
    Ok(())
}

/// An IAM or STS ARN as the `AWS` principal type takes it.
pub(crate) fn is_principal_arn(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("arn:") else {
        return false;
    };
    let mut parts = rest.splitn(5, ':');
    let (partition, service, _region, account, resource) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    );
    matches!(service, Some("iam" | "sts"))
        && partition.is_some_and(|p| !p.is_empty())
        && account.is_some_and(super::principal::is_account_id)
        && resource.is_some_and(|r| !r.is_empty())
        && !value.chars().any(char::is_whitespace)
}

/// `prefix:name` with no whitespace (`aws:SourceIp`, `s3:prefix`, `aws:RequestTag/${TagKey}`).
pub(crate) fn is_valid_condition_key(key: &str) -> bool {
    matches!(key.split_once(':'), Some((prefix, name)) if !prefix.is_empty() && !name.is_empty())
        && !key.chars().any(char::is_whitespace)
}

/// A number as the `Numeric*` operators read it (integers and decimals).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// A date as the `Date*` operators read it: ISO 8601 (date, date-time with or without an
/// offset; UTC when absent) or epoch seconds.
pub(crate) fn parse_date(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return Timestamp::from_second(seconds).ok();
    }
    if let Ok(ts) = Timestamp::from_str(text) {
        return Some(ts);
    }
    let civil = if text.contains('T') {
        jiff::civil::DateTime::from_str(text).ok()?
    } else {
        jiff::civil::Date::from_str(text)
            .ok()?
            .to_datetime(jiff::civil::Time::midnight())
    };
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

/// An IP address or CIDR range as `IpAddress` takes it (a bare address is a /32 or /128).
pub(crate) fn parse_cidr(text: &str) -> Option<IpNet> {
    let text = text.trim();
    IpNet::from_str(text)
        .ok()
        .or_else(|| IpAddr::from_str(text).ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        for ok in [
            "*",
            "s3:GetObject",
            "s3:Get*",
            "S3:GetObject",
            "execute-api:Invoke",
            "ec2:?escribe*",
        ] {
            assert!(is_valid_action(ok), "{ok}");
        }
        for bad in [
            "",
            "s3",
            "s3:",
            ":Get",
            "s3:Get Object",
            " s3:GetObject",
            "s3:Get:Object",
            "s3/Get",
        ] {
            assert!(!is_valid_action(bad), "{bad}");
        }
    }

    #[test]
    fn resources() {
        for ok in [
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:*:iam::*:role/x",
            "arn:aws:s3:::${aws:username}/*",
            "arn:aws:iam::1:role/a:b",
        ] {
            assert_eq!(check_resource(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_resource("arn:aws:organizations::*:"), Ok(()));
        for bad in [
            "",
            "bucket",
            "arn:aws:s3",
            "arn:aws:s3::",
            "arn::s3:::b",
            "arn:aws::::b",
            "arn:aws:s3:::b c",
        ] {
            assert!(check_resource(bad).is_err(), "{bad}");
        }
    }

    /// The ARN-shape check as `splitn` states it, to compare the byte scan with.
    fn six_parts_reference(rest: &str) -> bool {
        let mut parts = rest.splitn(5, ':');
        let partition = parts.next().unwrap_or_default();
        let service = parts.next().unwrap_or_default();
        let six = parts.nth(2).is_some();
        !partition.is_empty() && !service.is_empty() && six
    }

    #[test]
    fn the_arn_scan_agrees_with_splitn() {
        let pieces = ["", ":", "a", "aws", "::", "a:b", "*"];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let rest = format!("{a}{b}{c}{d}");
                        let resource = format!("arn:{rest}");
                        assert_eq!(
                            check_resource(&resource).is_ok(),
                            six_parts_reference(&rest),
                            "{resource}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 7 * 7 * 7 * 7);
        assert_eq!(split_colon("s3:Get:x"), Some(("s3", "Get:x")));
        assert_eq!(split_colon("nocolon"), None);
    }

    #[test]
    fn principals_and_keys() {
        assert!(is_principal_arn("arn:aws:iam::111122223333:role/x"));
        assert!(is_principal_arn("arn:aws:sts::111122223333:assumed-role/x/y"));
        assert!(!is_principal_arn("arn:aws:s3:::bucket"));
        assert!(!is_principal_arn("arn:aws:iam::1:role/x"));
        assert!(is_valid_condition_key("aws:RequestTag/${TagKey}"));
        assert!(!is_valid_condition_key("SourceIp"));
        assert!(!is_valid_condition_key("aws:"));
    }

    #[test]
    fn numbers_dates_and_addresses() {
        assert_eq!(parse_number("3600"), Some(3600.0));
        assert_eq!(parse_number("1.5"), Some(1.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("ten"), None);
        let a = parse_date("2020-01-01T00:00:00Z").unwrap();
        assert_eq!(parse_date("2020-01-01"), Some(a));
        assert_eq!(parse_date("2020-01-01T00:00:00"), Some(a));
        assert_eq!(parse_date("2020-01-01T01:00:00+01:00"), Some(a));
        assert_eq!(parse_date("1577836800"), Some(a));
        assert_eq!(parse_date("yesterday"), None);
        assert!(
            parse_cidr("10.0.0.0/8")
                .unwrap()
                .contains(&"10.1.2.3".parse::<IpAddr>().unwrap())
        );
        assert_eq!(parse_cidr("192.0.2.1").unwrap().prefix_len(), 32);
        assert!(parse_cidr("2001:db8::/32").is_some());
        assert!(parse_cidr("10.0.0.0/33").is_none());
    }
}
