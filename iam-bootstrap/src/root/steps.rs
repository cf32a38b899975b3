//! Manual steps for what no API can do (or what the caller cannot), each with the check
//! the next audit uses to confirm it was done.

use super::hardening::MfaRequirement;
use super::plan::DELETE_ROOT_CREDENTIALS_TASK_POLICY;
use crate::plan::ManualStep;

const SIGN_IN: &str = "Sign in to https://console.aws.amazon.com/ as the root user: choose \
                       \"Root user\" and enter the account's email address and password";
const SECURITY_CREDENTIALS: &str = "Open the account menu (top right) and choose \"Security credentials\"";

/// Root MFA can only be enabled in the console, signed in as root. `unverified`: the audit
/// could not tell whether it is on, so the step asks to confirm it.
pub(super) fn enable_root_mfa(account: &str, mfa: MfaRequirement, unverified: bool) -> ManualStep {
    let (kind, device) = match mfa {
        MfaRequirement::Hardware => (
            "a hardware MFA device",
            "Choose \"Passkey or security key\" (FIDO) or \"Hardware TOTP token\", name the device, and follow the prompts",
        ),
        MfaRequirement::Any => (
            "MFA",
            "Choose \"Passkey or security key\", \"Authenticator app\" or \"Hardware TOTP token\", name the device, and follow the prompts",
        ),
    };
    ManualStep {
        id: "root-mfa".into(),
        title: format!(
            "{} {kind} for the root user of account {account} (the console is the only way)",
            if unverified { "Confirm or enable" } else { "Enable" }
        ),
        instructions: vec![
            SIGN_IN.into(),
            SECURITY_CREDENTIALS.into(),
            "Under \"Multi-factor authentication (MFA)\", choose \"Assign MFA device\"".into(),
            device.into(),
            "Store the device (and a second one, if you register two) where the people who may need root can reach it".into(),
            "Sign out, sign back in as root to confirm the device works, then sign out again".into(),
        ],
        verification: match mfa {
            MfaRequirement::Hardware => format!(
                "GetAccountSummary shows AccountMFAEnabled=1 and ListVirtualMFADevices assigns no virtual device \
                 to arn:aws:iam::{account}:root (checks root-mfa-enabled and root-hardware-mfa)"
            ),
            MfaRequirement::Any => {
                "GetAccountSummary shows AccountMFAEnabled=1 (check root-mfa-enabled)".into()
            }
        },
    }
}

/// The root user has a virtual device where a hardware one is required.
pub(super) fn replace_virtual_root_mfa(account: &str, virtual_devices: &[String]) -> ManualStep {
    ManualStep {
        id: "root-hardware-mfa".into(),
        title: format!("Replace the root user's virtual MFA device with a hardware one (account {account})"),
        instructions: vec![
            SIGN_IN.into(),
            SECURITY_CREDENTIALS.into(),
            "Under \"Multi-factor authentication (MFA)\", choose \"Assign MFA device\" and register a \
             \"Passkey or security key\" or a \"Hardware TOTP token\""
                .into(),
            format!(
                "Sign in again with the new device, then remove the virtual device ({})",
                virtual_devices.join(", ")
            ),
        ],
        verification: format!(
            "ListVirtualMFADevices assigns no virtual device to arn:aws:iam::{account}:root while \
             AccountMFAEnabled=1 (check root-hardware-mfa)"
        ),
    }
}

/// Root access keys, when the plan cannot delete them (the caller is not root, or the spec
/// keeps them).
pub(super) fn remove_root_access_keys(account: &str) -> ManualStep {
    ManualStep {
        id: "root-access-keys".into(),
        title: format!("Delete the root user's access keys (account {account})"),
        instructions: vec![
            "Find what still uses the keys first: the credential report's access_key_*_last_used_* \
             columns say when, where and for which service"
                .into(),
            format!(
                "Either sign in as the root user and plan again with `RootAccessKeys::Delete` (the plan \
                 deletes the keys), or in the console: {SIGN_IN}; \"Security credentials\"; under \
                 \"Access keys\" choose Actions → Deactivate, then Delete, for each key"
            ),
            format!(
                "Or, for a member account of an organization with centralized root access: from the \
                 management account run `aws sts assume-root --target-principal {account} \
                 --task-policy-arn arn={DELETE_ROOT_CREDENTIALS_TASK_POLICY}` and plan again with that session"
            ),
        ],
        verification: "GetAccountSummary shows AccountAccessKeysPresent=0 (check root-access-keys-absent)"
            .into(),
    }
}

/// Root signing certificates are rare and old; deleting them is a console task for root.
pub(super) fn delete_root_signing_certificates(account: &str) -> ManualStep {
    ManualStep {
        id: "root-signing-certificates".into(),
        title: format!("Delete the root user's X.509 signing certificates (account {account})"),
        instructions: vec![
            SIGN_IN.into(),
            SECURITY_CREDENTIALS.into(),
            "Under \"X.509 certificate\", make each certificate inactive, then delete it".into(),
        ],
        verification: "GetAccountSummary shows AccountSigningCertificatesPresent=0 \
                       (check root-signing-certificates-absent)"
            .into(),
    }
}
