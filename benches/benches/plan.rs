//! Criterion benchmarks of plan computation for a large Identity Center spec (1,000 users,
//! 100 groups, 50 permission sets, 200 accounts: 20,000 account assignments) on the
//! in-memory account, without latency or rate limits: the local work alone.
//!
//! `plan_fresh` plans against an empty instance (everything to create); `plan_converged`
//! against an instance that already matches (everything read, nothing to do).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use iam_bootstrap::Aws;
use iam_bootstrap::client::InMemory;
use iam_bootstrap_benches::workload::LargeSpec;

fn local(memory: &InMemory) -> Aws {
    // No rate limit: at 20 calls/s, Identity Center itself would take minutes.
    Aws::in_memory(memory.clone()).with_rate_limit(None)
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let spec = LargeSpec::ISSUE.build().unwrap();
    let empty = local(&InMemory::new());
    // Assignments settle at once: setting up 20,000 of them should not sleep.
    let converged = local(&InMemory::builder().assignment_polls(0).build());
    runtime.block_on(async {
        spec.plan(&converged)
            .await
            .unwrap()
            .apply(&converged)
            .await
            .unwrap();
        assert!(spec.plan(&converged).await.unwrap().is_empty());
    });

    let mut group = c.benchmark_group("plan_large_spec");
    group.sample_size(10);
    group.bench_function("plan_fresh", |b| {
        b.iter(|| runtime.block_on(spec.plan(&empty)).unwrap().changes.len())
    });
    group.bench_function("plan_converged", |b| {
        b.iter(|| runtime.block_on(spec.plan(&converged)).unwrap().changes.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
