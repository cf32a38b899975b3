//! The lexical rules of policy values: actions, condition keys,
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

/// Why IAM refuses `action`, if it does. Only the vendor prefix and the colons are IAM's
/// refusals; an action name IAM takes but that names no action (`s3:Get Object`, `s3:`) is
/// accepted here and reported by the linter (`unusual_action`).
pub(crate) fn check_action(action: &str) -> Result<(), &'static str> {
    if action == "*" {
        return Ok(());
    }
    // IAM: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
    let Some((service, name)) = split_colon(action) else {
        return Err("IAM answers \"Actions/Conditions must be prefaced by a vendor\"");
    };
    if service.is_empty() {
        return Err("IAM answers \"Actions/Conditions must be prefaced by a vendor\"");
    }
    // IAM: "Action vendors (e.g., aws, ec2, etc.) must not contain wildcards"
    // (boogy/iam-policy-validator#172).
    if service.bytes().any(|b| matches!(b, b'*' | b'?')) {
        return Err("IAM answers \"Action vendors must not contain wildcards\"");
    }
    if !service.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("a vendor prefix is letters, digits and `-`");
    }
    // IAM: "Actions/Condition can contain only one colon." (garnaat/kappa#111, eksctl#2794).
    if name.contains(':') {
        return Err("IAM answers \"Actions/Condition can contain only one colon\"");
    }
    Ok(())
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
    fn actions_iam_refuses() {
        for bad in [
            "",
            "s3",
            ":Get",
            "*:Untag*",
            "s3*:Get",
            "s3:Get:Object",
            " s3:GetObject",
        ] {
            assert!(check_action(bad).is_err(), "{bad}");
        }
        // Taken by IAM (the linter reports the odd ones).
        for ok in ["*", "s3:GetObject", "s3:", "s3:Get Object", "S3:get*"] {
            assert_eq!(check_action(ok), Ok(()), "{ok}");
        }
        assert_eq!(split_colon("s3:Get:x"), Some(("s3", "Get:x")));
        assert_eq!(split_colon("nocolon"), None);
    }

    #[test]
    fn principals_and_keys() {
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
