//! The AWS access portal URL of an Identity Center instance, and the manual step for a
//! new user's first sign-in (the guide's "Sign in as the administrative user").
//!
//! How AWS derives the URL: an instance's access portal is, by default,
//! `https://<identity store ID>.awsapps.com/start` (the store ID is the `d-xxxxxxxxxx`
//! that `ListInstances` reports). An administrator may customize the subdomain once, in the
//! console (Settings, "Customize" the AWS access portal URL); the URL then is
//! `https://<subdomain>.awsapps.com/start`, the change cannot be undone, and no API this
//! library calls reports the subdomain, so the spec must say it
//! ([`IdentityCenterSpecBuilder::portal_subdomain`](crate::IdentityCenterSpecBuilder::portal_subdomain)).
//! Instances in some Regions also answer on a dual-stack form
//! (`https://ssoins-<instance>.portal.<region>.app.aws`); the `awsapps.com` form is the one
//! the console shows first.

use crate::client::NewDirectoryUser;
use crate::error::{ValidationError, ValidationReason};
use crate::identity_center::IdentityCenterChange;
use crate::plan::{Change, ManualStep, Plan};

/// The access portal URL of the instance whose identity store is `identity_store_id`,
/// or of its customized `subdomain`.
///
/// ```
/// use iam_bootstrap::organization::access_portal_url;
///
/// assert_eq!(access_portal_url("d-9067c0ffee", None), "https://d-9067c0ffee.awsapps.com/start");
/// assert_eq!(access_portal_url("d-9067c0ffee", Some("example-corp")), "https://example-corp.awsapps.com/start");
/// ```
pub fn access_portal_url(identity_store_id: &str, subdomain: Option<&str>) -> String {
    format!(
        "https://{}.awsapps.com/start",
        subdomain.unwrap_or(identity_store_id)
    )
}

/// Checks a customized portal subdomain: 1-63 lowercase letters, digits and inner hyphens
/// (a DNS label), so a typo is caught before the plan prints a URL that does not exist.
pub(crate) fn check_subdomain(field: &str, value: &str) -> Result<(), ValidationError> {
    let label_ok = (1..=63).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if label_ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            ValidationReason::Format {
                expected: "a DNS label: 1-63 lowercase letters, digits and inner hyphens".into(),
                actual: value.into(),
            },
        ))
    }
}

/// Adds the first sign-in step when `plan` creates identity-store users.
pub(crate) fn add_first_sign_in(plan: &mut Plan, identity_store_id: &str, subdomain: Option<&str>) {
    let created: Vec<&NewDirectoryUser> = plan
        .changes
        .iter()
        .filter_map(|change| match change {
            Change::IdentityCenter(change) => match change.as_ref() {
                IdentityCenterChange::CreateUser { user, .. } => Some(user),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if !created.is_empty() {
        let step = first_sign_in(&access_portal_url(identity_store_id, subdomain), &created);
        plan.manual_steps.push(step);
    }
}

/// The first sign-in of users the plan creates: users created through the API get no
/// invitation email unless the instance sends email one-time passwords to API-created
/// users, so someone has to start the password setup.
pub(crate) fn first_sign_in(portal_url: &str, users: &[&NewDirectoryUser]) -> ManualStep {
    let names: Vec<String> = users
        .iter()
        .map(|u| format!("{} <{}>", u.user_name, u.email))
        .collect();
    ManualStep {
        id: "identity-center-first-sign-in".into(),
        title: format!(
            "First sign-in to the AWS access portal {portal_url} for {}",
            names.join(", ")
        ),
        instructions: vec![
            "Users created through the API get no invitation email unless the instance's setting \
             \"Send email OTP for users created from API\" is on (IAM Identity Center console, \
             Settings, Authentication, Standard authentication)"
                .into(),
            "Either turn that setting on before the user first signs in, or have an administrator \
             open IAM Identity Center, Users, the user, and choose \"Reset password\", then \
             \"Send an email to the user with instructions to reset the password\" (or \"Generate \
             a one-time password\" and share it out of band)"
                .into(),
            format!(
                "The user opens {portal_url}, signs in with their user name, sets a password, \
                 and registers an MFA device when asked"
            ),
            "The user chooses an account and the permission set to open the console with it".into(),
        ],
        verification: "Nothing the library reads confirms it: the identity store reports no \
                       sign-in or password state. CloudTrail records the sign-in (events from \
                       signin.amazonaws.com and sso.amazonaws.com for the user), which an \
                       administrator can look up"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains_are_dns_labels() {
        assert!(check_subdomain("portal_subdomain", "example-corp").is_ok());
        for bad in ["", "-x", "x-", "Upper", "a.b", &"a".repeat(64)] {
            assert_eq!(
                check_subdomain("portal_subdomain", bad).unwrap_err().field(),
                "portal_subdomain",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_step_names_the_url_and_each_user() {
        let user = NewDirectoryUser {
            user_name: crate::names::DirectoryUserName::new("jdoe").unwrap(),
            display_name: "Jane Doe".into(),
            given_name: "Jane".into(),
            family_name: "Doe".into(),
            email: "jane@example.com".into(),
        };
        let step = first_sign_in("https://d-1234567890.awsapps.com/start", &[&user]);
        assert!(step.title.contains("https://d-1234567890.awsapps.com/start"));
        assert!(step.title.contains("jdoe <jane@example.com>"));
        assert!(step.instructions.iter().any(|i| i.contains("email OTP")));
    }
}
