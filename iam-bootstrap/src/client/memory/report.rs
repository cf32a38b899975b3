//! The credential report, written as IAM writes it (same columns, same placeholders).

use super::RootMfa;
use super::days_ago;
use super::state::{KeyRecord, State};
use crate::client::Operation;
use crate::error::{Error, Result};

/// IAM's credential report columns, in order.
pub(super) const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

fn key_columns(key: Option<&KeyRecord>) -> [String; 5] {
    let na = || "N/A".to_owned();
    match key {
        Some(k) => [
            k.active.to_string(),
            k.created_at.clone(),
            k.last_used_at.clone().unwrap_or_else(na),
            if k.last_used_at.is_some() {
                "us-east-1".into()
            } else {
                na()
            },
            if k.last_used_at.is_some() {
                "iam".into()
            } else {
                na()
            },
        ],
        None => ["false".into(), na(), na(), na(), na()],
    }
}

/// The report's CSV for the account as it is now.
pub(super) fn credential_report_csv(state: &State) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::Service {
        operation: Operation::GenerateCredentialReport,
        code: Some("ServiceFailure".into()),
        source: Some(Box::new(e)),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(failed)?;
    if state.config.report_root_row {
        let root = &state.root;
        let mut row = vec![
            "<root_account>".to_owned(),
            format!("arn:aws:iam::{}:root", state.account()),
            state.root_created_at.clone(),
            if root.password {
                "not_supported".into()
            } else {
                "false".into()
            },
            root.password_last_used_days_ago
                .map(days_ago)
                .unwrap_or_else(|| "no_information".into()),
            "not_supported".into(),
            "not_supported".into(),
            (root.mfa != RootMfa::None).to_string(),
        ];
        row.extend(key_columns(state.root_keys.first()));
        row.extend(key_columns(state.root_keys.get(1)));
        row.extend([
            root.signing_certificate.to_string(),
            if root.signing_certificate {
                days_ago(300)
            } else {
                "N/A".into()
            },
        ]);
        row.extend(["false".to_owned(), "N/A".to_owned()]);
        writer.write_record(&row).map_err(failed)?;
    }
    for record in state.users.values() {
        let mut row = vec![
            record.user.name.to_string(),
            record.user.arn.clone(),
            record.created_at.clone(),
            "false".into(),
            "N/A".into(),
            "N/A".into(),
            "N/A".into(),
            (!record.mfa_serials.is_empty()).to_string(),
        ];
        row.extend(key_columns(record.access_keys.first()));
        row.extend(key_columns(record.access_keys.get(1)));
        row.extend(["false", "N/A", "false", "N/A"].map(str::to_owned));
        writer.write_record(&row).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| failed(e.into_error().into()))
}
