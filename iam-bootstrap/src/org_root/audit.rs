//! The audit of each member account's root user in an `IAMAuditRootUserCredentials`
//! session, and the fan-out every per-account job shares.

use std::future::Future;

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::OrgRoot;
use super::report::{AccountFailure, AccountReport, AccountResult, OrgRootReport, Totals};
use super::session::{SessionHolder, Sessions};
use crate::client::{MfaDevice, RootAccessKey, RootSigningCertificate, RootTaskPolicy};
use crate::error::Result;
use crate::names::AccountId;
use crate::organization::{AccountSelectorBuilder, OrganizationReader, SelectorResolution};
use crate::plan::{Finding, FindingStatus, ManualStep};
use crate::root::{NO_ROOT_CREDENTIALS, RootCheck};

/// A member account's root credentials, as a root session read them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RootCredentials {
    /// Whether the root user has a password (`GetLoginProfile`).
    pub login_profile: bool,
    /// Its access keys, with last use (`ListAccessKeys`, `GetAccessKeyLastUsed`).
    pub access_keys: Vec<RootAccessKey>,
    /// Its signing certificates (`ListSigningCertificates`).
    pub signing_certificates: Vec<RootSigningCertificate>,
    /// Its MFA devices (`ListMFADevices`).
    pub mfa_devices: Vec<MfaDevice>,
}

impl RootCredentials {
    /// Whether there is a credential MFA would protect.
    fn has_sign_in_credential(&self) -> bool {
        self.login_profile
            || !self.access_keys.is_empty()
            || self.signing_certificates.iter().any(|c| c.active)
    }
}

/// A virtual device's serial number is its ARN (`arn:aws:iam::…:mfa/…`); a hardware one's is not.
fn is_virtual(device: &MfaDevice) -> bool {
    device.serial_number.starts_with("arn:") && device.serial_number.contains(":mfa/")
}

/// The findings of one account, with the single-account audit's IDs.
pub(super) fn findings(creds: &RootCredentials) -> Vec<Finding> {
    use FindingStatus::{Fail, NotApplicable, Pass};
    let mut out = Vec::with_capacity(5);
    let devices: Vec<&str> = creds
        .mfa_devices
        .iter()
        .map(|d| d.serial_number.as_str())
        .collect();
    if !creds.has_sign_in_credential() && creds.mfa_devices.is_empty() {
        let why = format!(
            "{NO_ROOT_CREDENTIALS} (GetLoginProfile, ListAccessKeys, ListSigningCertificates in a root session)"
        );
        out.push(RootCheck::RootMfaEnabled.finding(NotApplicable, why.clone()));
        out.push(RootCheck::RootHardwareMfa.finding(NotApplicable, why));
    } else if devices.is_empty() {
        let evidence = "ListMFADevices in a root session lists no device";
        out.push(RootCheck::RootMfaEnabled.finding(Fail, evidence));
        out.push(RootCheck::RootHardwareMfa.finding(Fail, evidence));
    } else {
        let listed = format!("ListMFADevices lists {}", devices.join(", "));
        out.push(RootCheck::RootMfaEnabled.finding(Pass, listed.clone()));
        let hardware = creds.mfa_devices.iter().any(|d| !is_virtual(d));
        out.push(RootCheck::RootHardwareMfa.finding(if hardware { Pass } else { Fail }, listed));
    }
    let keys = RootCheck::RootAccessKeysAbsent;
    out.push(if creds.access_keys.is_empty() {
        keys.finding(Pass, "ListAccessKeys in a root session lists no keys")
    } else {
        let listed: Vec<String> = creds
            .access_keys
            .iter()
            .map(|k| {
                let used = k
                    .last_used
                    .map_or_else(|| "never used".to_owned(), |t| format!("last used {t}"));
                format!("{} ({:?}, {used})", k.id, k.status)
            })
            .collect();
        keys.finding(Fail, format!("ListAccessKeys lists {}", listed.join(", ")))
    });
    let certs = RootCheck::RootSigningCertificatesAbsent;
    let active: Vec<&str> = creds
        .signing_certificates
        .iter()
        .filter(|c| c.active)
        .map(|c| c.id.as_str())
        .collect();
    out.push(if active.is_empty() {
        certs.finding(Pass, "ListSigningCertificates lists no active certificate")
    } else {
        certs.finding(
            Fail,
            format!("ListSigningCertificates lists {}", active.join(", ")),
        )
    });
    let login = RootCheck::RootLoginProfileAbsent;
    out.push(if creds.login_profile {
        login.finding(Fail, "GetLoginProfile: the root user has a password")
    } else {
        login.finding(Pass, "GetLoginProfile: no login profile")
    });
    out
}

/// Reads one account's root credentials in its audit session: `GetLoginProfile`,
/// `ListAccessKeys`, one `GetAccessKeyLastUsed` per key, `ListSigningCertificates`,
/// `ListMFADevices` — the fewest calls that answer every check.
pub(super) async fn read_credentials(holder: &mut SessionHolder) -> Result<RootCredentials> {
    let login_profile = holder.get().await?.api().has_login_profile().await?;
    let mut access_keys = holder.get().await?.api().list_access_keys().await?;
    for key in &mut access_keys {
        key.last_used = holder.get().await?.api().access_key_last_used(&key.id).await?;
    }
    let signing_certificates = holder.get().await?.api().list_signing_certificates().await?;
    let mfa_devices = holder.get().await?.api().list_mfa_devices().await?;
    Ok(RootCredentials {
        login_profile,
        access_keys,
        signing_certificates,
        mfa_devices,
    })
}

/// The management account cannot be the target of `AssumeRoot`.
fn management_skipped(account: &AccountId) -> AccountResult {
    AccountResult::Skipped {
        why: "the management account cannot be targeted by sts:AssumeRoot".into(),
        manual_steps: vec![ManualStep::new(
            "management-account-root",
            format!("audit and harden the root user of the management account {account} on its own"),
            vec![
                format!(
                    "Sign in to the management account {account} with an administrative user (not root)."
                ),
                "Run the single-account root audit and plan there (`RootHardening::audit` / `plan`, \
                 or the `root` example): it reads the credential report and gives manual steps for \
                 root MFA, root access keys and signing certificates."
                    .into(),
                "Follow those manual steps signed in as the management account's root user.".into(),
            ],
            "the single-account audit of the management account passes",
        )],
    }
}

impl OrgRoot {
    /// The selected accounts: how the selector resolved.
    pub(super) async fn select(&self) -> Result<SelectorResolution> {
        let selector = match &self.selector {
            Some(selector) => selector.clone(),
            None => AccountSelectorBuilder::organization().build()?,
        };
        OrganizationReader::new(&self.aws).resolve(&selector).await
    }

    pub(super) fn sessions(&self) -> Sessions {
        Sessions::new(
            self.api.clone(),
            self.sts_rate,
            self.session_seconds,
            self.refresh_margin,
        )
    }

    /// Runs `job` for every account, at most `concurrency` at once; results by account ID.
    pub(super) async fn fan_out<T, F, Fut>(&self, accounts: Vec<AccountId>, job: F) -> Vec<(AccountId, T)>
    where
        F: Fn(AccountId) -> Fut,
        Fut: Future<Output = T>,
    {
        let mut results: Vec<(AccountId, T)> = futures::stream::iter(accounts)
            .map(|account| {
                let run = job(account.clone());
                async move { (account, run.await) }
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        results.sort_by(|a, b| a.0.cmp(&b.0));
        results
    }

    /// Audits every selected member account's root user, and whether centralized root
    /// access is enabled.
    ///
    /// Calls: the organization reads of [`plan_enable`](Self::plan_enable) and the
    /// selector's; then per member account one `AssumeRoot` (again if the session nears
    /// expiry) and the reads of its root user. An account whose session or reads fail is
    /// reported as failed; the others are audited.
    ///
    /// # Errors
    /// The errors of [`plan_enable`](Self::plan_enable) and of resolving the selector.
    pub async fn audit(&self) -> Result<OrgRootReport> {
        // The caller's right to do this is checked here, once (`require_admin`).
        let enable = self.plan_enable().await?;
        let management = enable.management_account.clone();
        let selection = self.select().await?;
        let check = RootCheck::CentralizedRootAccessEnabled;
        let f = enable.features;
        let evidence = format!(
            "ListOrganizationsFeatures: RootCredentialsManagement {}, RootSessions {}",
            if f.root_credentials_management {
                "enabled"
            } else {
                "not enabled"
            },
            if f.root_sessions { "enabled" } else { "not enabled" },
        );
        let on = f.root_credentials_management && f.root_sessions;
        let centralized_root = check.finding(
            if on {
                FindingStatus::Pass
            } else {
                FindingStatus::Fail
            },
            evidence,
        );
        let mut accounts: Vec<AccountReport> = selection
            .skipped
            .iter()
            .map(|s| AccountReport {
                account: s.id.clone(),
                result: AccountResult::Skipped {
                    why: format!("the account is {:?}, not ACTIVE", s.state),
                    manual_steps: Vec::new(),
                },
                sessions: 0,
            })
            .collect();
        let members: Vec<AccountId> = selection
            .accounts
            .iter()
            .filter(|a| **a != management)
            .cloned()
            .collect();
        if selection.accounts.contains(&management) {
            accounts.push(AccountReport {
                result: management_skipped(&management),
                account: management,
                sessions: 0,
            });
        }
        // Without root sessions every AssumeRoot would be refused: say so once per account.
        let (members, not_enabled) = if f.root_sessions {
            (members, Vec::new())
        } else {
            (Vec::new(), members)
        };
        accounts.extend(not_enabled.into_iter().map(|account| AccountReport {
            account,
            result: AccountResult::Skipped {
                why: "root sessions are not enabled in the organization: apply the enable plan first".into(),
                manual_steps: Vec::new(),
            },
            sessions: 0,
        }));
        let sessions = self.sessions();
        let audited = self
            .fan_out(members, |account| {
                let mut holder = sessions.for_account(account, RootTaskPolicy::AuditRootUserCredentials);
                async move {
                    let read = read_credentials(&mut holder).await;
                    let assumed = holder.assumed();
                    // The session and its credentials go now, with the holder.
                    drop(holder);
                    (read, assumed)
                }
            })
            .await;
        for (account, (read, sessions)) in audited {
            let result = match read {
                Ok(credentials) => AccountResult::Audited {
                    findings: findings(&credentials),
                    credentials,
                },
                Err(err) => AccountResult::Failed {
                    failure: AccountFailure::from_error(&err),
                },
            };
            accounts.push(AccountReport {
                account,
                result,
                sessions,
            });
        }
        accounts.sort_by(|a, b| a.account.cmp(&b.account));
        let totals = Totals::of(&accounts);
        Ok(OrgRootReport {
            centralized_root,
            features: enable.features,
            selection,
            accounts,
            totals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::AccessKeyStatus;

    #[test]
    fn no_credentials_means_mfa_not_applicable() {
        let found = findings(&RootCredentials::default());
        assert_eq!(found[0].status, FindingStatus::NotApplicable);
        assert!(
            found[0].evidence.contains("nothing for MFA to protect"),
            "{}",
            found[0].evidence
        );
        assert_eq!(found[1].status, FindingStatus::NotApplicable);
        assert!(
            found[2..].iter().all(|f| f.status == FindingStatus::Pass),
            "{found:?}"
        );
    }

    #[test]
    fn a_password_without_mfa_fails_mfa_and_login_profile() {
        let creds = RootCredentials {
            login_profile: true,
            access_keys: vec![RootAccessKey::new("AKIAEXAMPLE", AccessKeyStatus::Active)],
            ..RootCredentials::default()
        };
        let found = findings(&creds);
        let status = |id: &str| found.iter().find(|f| f.id == id).map(|f| f.status);
        assert_eq!(status("root-mfa-enabled"), Some(FindingStatus::Fail));
        assert_eq!(status("root-access-keys-absent"), Some(FindingStatus::Fail));
        assert_eq!(status("root-login-profile-absent"), Some(FindingStatus::Fail));
        assert_eq!(
            status("root-signing-certificates-absent"),
            Some(FindingStatus::Pass)
        );
    }

    #[test]
    fn a_virtual_device_fails_the_hardware_check() {
        let creds = RootCredentials {
            login_profile: true,
            mfa_devices: vec![MfaDevice {
                serial_number: "arn:aws:iam::111111111111:mfa/root".into(),
                enabled_at: None,
            }],
            ..RootCredentials::default()
        };
        let found = findings(&creds);
        assert_eq!(found[0].status, FindingStatus::Pass);
        assert_eq!(found[1].status, FindingStatus::Fail);
    }
}
