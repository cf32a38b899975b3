//! The organization root audit at the rate-limit bound: `OrgRoot::audit` of N member
//! accounts on the in-memory organization, every centralized-root call (AssumeRoot and the
//! session's IAM reads) 30 ms, AssumeRoot under STS's request rate, next to the lower bound
//! those limits imply, and the calls per account against the fewest the audit needs.
//!
//! Usage: `org_root_audit [--accounts 1000] [--latency-ms 30] [--concurrency 1000] [--sts-rate 600]`.
//! The default concurrency lets every account start at once, so STS's rate is what binds.
//! Prints the derivation of the bound, then one `ROW` line.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use iam_bootstrap::Aws;
use iam_bootstrap::client::memory::{MemberAccount, MemberRoot, OrganizationTree};
use iam_bootstrap::client::{CentralRootApi, InMemory};
use iam_bootstrap::names::AccountId;
use iam_bootstrap::org_root::OrgRoot;
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::row::seconds;
use slow::Delegate;

/// The wrappers that add the round trip to every centralized-root call and count them.
mod slow {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use iam_bootstrap::Result;
    use iam_bootstrap::client::{
        CentralRootApi, MfaDevice, OrganizationsRootFeatures, RootAccessKey, RootSession, RootSessionApi,
        RootSigningCertificate, RootTaskPolicy,
    };
    use iam_bootstrap::names::AccountId;

    /// A backend behind a fixed latency, counting every call.
    #[derive(Debug)]
    pub(crate) struct Delegate {
        pub(crate) inner: Arc<dyn CentralRootApi>,
        pub(crate) latency: Duration,
        pub(crate) calls: Arc<AtomicU64>,
    }

    impl Delegate {
        async fn trip(&self) {
            self.calls.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.latency).await;
        }
    }

    #[async_trait::async_trait]
    impl CentralRootApi for Delegate {
        async fn list_organizations_features(&self) -> Result<OrganizationsRootFeatures> {
            self.trip().await;
            self.inner.list_organizations_features().await
        }
        async fn enable_root_credentials_management(&self) -> Result<()> {
            self.trip().await;
            self.inner.enable_root_credentials_management().await
        }
        async fn enable_root_sessions(&self) -> Result<()> {
            self.trip().await;
            self.inner.enable_root_sessions().await
        }
        async fn assume_root(
            &self,
            account: &AccountId,
            task: RootTaskPolicy,
            seconds: u32,
        ) -> Result<RootSession> {
            self.trip().await;
            let session = self.inner.assume_root(account, task, seconds).await?;
            let (account, expires) = (session.account().clone(), session.expires_at());
            let slow = Session {
                inner: session,
                latency: self.latency,
                calls: self.calls.clone(),
            };
            Ok(RootSession::new(account, task, expires, Arc::new(slow)))
        }
    }

    /// A session behind the same latency.
    #[derive(Debug)]
    struct Session {
        inner: RootSession,
        latency: Duration,
        calls: Arc<AtomicU64>,
    }

    impl Session {
        async fn trip(&self) {
            self.calls.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.latency).await;
        }
    }

    #[async_trait::async_trait]
    impl RootSessionApi for Session {
        async fn has_login_profile(&self) -> Result<bool> {
            self.trip().await;
            self.inner.api().has_login_profile().await
        }
        async fn delete_login_profile(&self) -> Result<()> {
            self.trip().await;
            self.inner.api().delete_login_profile().await
        }
        async fn list_access_keys(&self) -> Result<Vec<RootAccessKey>> {
            self.trip().await;
            self.inner.api().list_access_keys().await
        }
        async fn access_key_last_used(&self, key_id: &str) -> Result<Option<jiff::Timestamp>> {
            self.trip().await;
            self.inner.api().access_key_last_used(key_id).await
        }
        async fn delete_access_key(&self, key_id: &str) -> Result<()> {
            self.trip().await;
            self.inner.api().delete_access_key(key_id).await
        }
        async fn list_signing_certificates(&self) -> Result<Vec<RootSigningCertificate>> {
            self.trip().await;
            self.inner.api().list_signing_certificates().await
        }
        async fn delete_signing_certificate(&self, certificate_id: &str) -> Result<()> {
            self.trip().await;
            self.inner.api().delete_signing_certificate(certificate_id).await
        }
        async fn list_mfa_devices(&self) -> Result<Vec<MfaDevice>> {
            self.trip().await;
            self.inner.api().list_mfa_devices().await
        }
        async fn deactivate_mfa_device(&self, serial_number: &str) -> Result<()> {
            self.trip().await;
            self.inner.api().deactivate_mfa_device(serial_number).await
        }
    }
}

fn arg(name: &str, default: f64) -> f64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let accounts = arg("--accounts", 1000.0) as usize;
    let latency = arg("--latency-ms", 30.0) / 1e3;
    let concurrency = arg("--concurrency", 1000.0) as usize;
    let sts_rate = arg("--sts-rate", 600.0);

    // Member root users as a mature organization has them: a password, MFA; no keys, so
    // the audit needs no GetAccessKeyLastUsed and every account takes the same calls.
    let mut tree = OrganizationTree::new().service_access("iam.amazonaws.com");
    for n in 0..accounts {
        let id = AccountId::new(format!("{:012}", 100_000_000_000 + n))?;
        let root = MemberRoot::with_password().mfa_device(format!("GAHT{n:08}"));
        tree = tree.account(MemberAccount::new(id, format!("member-{n}")).root_user(root));
    }
    let memory = InMemory::builder().organization(tree).build();
    let calls = Arc::new(AtomicU64::new(0));
    let api: Arc<dyn CentralRootApi> = Arc::new(Delegate {
        inner: Arc::new(memory.clone()),
        latency: Duration::from_secs_f64(latency),
        calls: calls.clone(),
    });
    let org_root = OrgRoot::builder(Aws::in_memory(memory.clone()), api)
        .concurrency(concurrency)
        .sts_rate(sts_rate as u32)
        .build()?;
    org_root.apply_enable(&org_root.plan_enable().await?).await?;
    calls.store(0, Ordering::Relaxed);

    let started = Instant::now();
    let report = org_root.audit().await?;
    let wall = started.elapsed().as_secs_f64();
    if report.totals.audited != accounts {
        return Err(format!("audited {} of {accounts} accounts", report.totals.audited).into());
    }
    // One organization-level ListOrganizationsFeatures; the rest per account.
    let per_account = (calls.load(Ordering::Relaxed) - 1) as f64 / accounts as f64;
    // AssumeRoot + GetLoginProfile + ListAccessKeys + ListSigningCertificates + ListMFADevices
    // (+ one GetAccessKeyLastUsed per key; these members have none).
    let minimum = 5.0;

    let n = accounts as f64;
    let c = concurrency as f64;
    let chain = minimum * latency;
    // Each account's calls are sequential (one session, used in order): `minimum` round
    // trips per account, and some slot works through ceil(N / C) accounts one after another.
    let concurrency_bound = (n / c).ceil() * chain;
    // AssumeRoot under STS's rate: a full bucket's burst, then one every 1/rate; the last
    // account's own chain after its AssumeRoot.
    let sts_bound = (n - sts_rate).max(0.0) / sts_rate + chain;
    // IAM's request quotas are per account, and each member account's session makes 4
    // reads 30 ms apart (about 33 calls/s for 120 ms): no member's IAM budget binds.
    let bound = concurrency_bound.max(sts_bound).max(chain);
    eprintln!(
        "scenario: {accounts} member accounts, {:.0} ms a call, {concurrency} accounts at once, AssumeRoot at {sts_rate:.0}/s (burst {sts_rate:.0})",
        latency * 1e3
    );
    eprintln!(
        "  per account: {minimum:.0} sequential round trips (AssumeRoot, GetLoginProfile, ListAccessKeys, ListSigningCertificates, ListMFADevices; no keys, so no GetAccessKeyLastUsed) = {chain:.3} s"
    );
    eprintln!("  concurrency: ceil(N / C) x chain = ceil({n} / {c}) x {chain:.3} = {concurrency_bound:.3} s");
    eprintln!(
        "  STS rate:    (N - burst)/rate + chain = ({n} - {sts_rate})/{sts_rate} + {chain:.3} = {sts_bound:.3} s"
    );
    eprintln!("  IAM rate:    per member account, 4 reads each: not binding");
    eprintln!(
        "  bound = max(concurrency, STS, chain) = {bound:.3} s; measured {wall:.3} s; {per_account:.2} calls/account"
    );
    let ratio = wall / bound;
    Row {
        what: format!(
            "org root audit: {accounts} member accounts, {:.0} ms/call, {concurrency} at once, STS {sts_rate:.0}/s",
            latency * 1e3
        ),
        ours: format!("{} ({per_account:.2} calls/account)", seconds(wall)),
        baseline: format!("{} bound ({minimum:.0} calls/account)", seconds(bound)),
        ratio: format!("{ratio:.2}x"),
        target: "<= 1.15x the bound; calls/account = minimum".into(),
        met: ratio <= 1.15 && (per_account - minimum).abs() < 1e-9,
    }
    .emit();
    Ok(())
}
