//! Virtual MFA enrollment for IAM users, on the in-memory account (which checks the TOTP
//! codes; moto does not): convergence, cleanup on failure, and secrets that never leak.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use crate::support;

use std::sync::Arc;

use iam_bootstrap::client::layer::{FaultKind, Faults, Layered};
use iam_bootstrap::client::{InMemory, NewVirtualMfaDevice, Operation};
use iam_bootstrap::{Aws, Error, MfaEnrollment, PreconditionReason, SeedTotp, VirtualMfa, WaitConfig};
use support::{break_glass, enrolled};

#[tokio::test]
async fn enrolls_once_then_converges_with_no_write() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let device = enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
    assert!(
        device.serial_number.ends_with(":mfa/break-glass"),
        "{}",
        device.serial_number
    );
    assert_eq!(device.base32_seed.expose_str().map(str::len), Some(32));
    assert!(!device.qr_code_png.is_empty());
    assert_eq!(memory.inventory().virtual_mfa_devices, 1);

    let before = aws.calls();
    let again = break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap();
    let MfaEnrollment::AlreadyEnabled { serial_numbers } = again else {
        panic!("{again:?}")
    };
    assert_eq!(serial_numbers, std::slice::from_ref(&device.serial_number));
    assert_eq!(aws.calls().since(&before).writes(), 0);
}

#[tokio::test]
async fn a_missing_user_is_not_found_unless_asked_to_create_it() {
    let aws = Aws::in_memory(InMemory::new());
    let mfa = VirtualMfa::builder("nobody").build().unwrap();
    let err = mfa.enroll(&aws, &SeedTotp::new()).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(aws.calls().writes(), 0);
}

#[tokio::test]
async fn wrong_codes_or_a_failing_source_leave_no_device_behind() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    let wrong = |_: &NewVirtualMfaDevice| Ok(("000000".to_owned(), "000000".to_owned()));
    let err = break_glass().enroll(&aws, &wrong).await.unwrap_err();
    assert!(
        matches!(err, Error::Service { ref code, .. } if code.as_deref() == Some("InvalidAuthenticationCode")),
        "{err:?}"
    );
    assert_eq!(
        memory.inventory().virtual_mfa_devices,
        0,
        "the unassigned device was deleted"
    );

    let gave_up = |_: &NewVirtualMfaDevice| {
        Err(Error::Precondition {
            reason: PreconditionReason::MfaCodesUnavailable,
            problem: "nobody scanned the QR code".into(),
            remedy: "try again".into(),
        })
    };
    assert!(matches!(
        break_glass().enroll(&aws, &gave_up).await,
        Err(Error::Precondition {
            reason: PreconditionReason::MfaCodesUnavailable,
            ..
        })
    ));
    assert_eq!(memory.inventory().virtual_mfa_devices, 0);
    // And a later run succeeds.
    enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
}

#[tokio::test]
async fn convergent_after_a_failure_at_any_write() {
    // Writes of a clean run: CreateUser, CreateVirtualMFADevice, EnableMFADevice.
    for k in 1..=3 {
        let memory = InMemory::new();
        let faults = Faults::new(k).fail_nth_write(k, FaultKind::Service);
        let (iam, idc) = Layered::new(faults, Arc::new(memory.clone()), Arc::new(memory.clone())).into_arcs();
        let broken = Aws::new(iam, idc).with_waits(WaitConfig::fast());
        assert!(
            break_glass().enroll(&broken, &SeedTotp::new()).await.is_err(),
            "write {k}"
        );

        let aws = Aws::in_memory(memory.clone());
        enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
        let inventory = memory.inventory();
        assert_eq!(
            (inventory.iam_users, inventory.virtual_mfa_devices),
            (1, 1),
            "write {k}"
        );
    }
}

#[tokio::test]
async fn a_device_orphaned_by_a_crashed_run_is_replaced() {
    let memory = InMemory::new();
    let aws = Aws::in_memory(memory.clone());
    aws.iam()
        .create_user(
            &"break-glass".parse().unwrap(),
            &Default::default(),
            &Default::default(),
        )
        .await
        .unwrap();
    // A run that died between creating and enabling: the seed is gone with it.
    drop(
        aws.iam()
            .create_virtual_mfa_device("break-glass", &Default::default())
            .await
            .unwrap(),
    );
    let before = aws.calls();
    enrolled(break_glass().enroll(&aws, &SeedTotp::new()).await.unwrap());
    assert_eq!(
        aws.calls()
            .since(&before)
            .calls(Operation::DeleteVirtualMfaDevice),
        1
    );
    assert_eq!(memory.inventory().virtual_mfa_devices, 1);
}
