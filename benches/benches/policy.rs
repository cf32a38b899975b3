//! Criterion benchmarks of the policy language over the AWS managed-policy corpus:
//! parse, validate, lint and evaluate. Set `IAM_BOOTSTRAP_MANAGED_POLICIES` to moto's
//! managed-policy JSON (`benches/compare/policy_throughput.sh` shows how to make it).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iam_bootstrap::policy::{Linter, PolicyContext, PolicyDocument, Request, allows};

fn corpus() -> Option<Vec<String>> {
    let path = std::env::var("IAM_BOOTSTRAP_MANAGED_POLICIES").ok()?;
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    Some(
        all.values()
            .filter_map(|p| p.get("Document"))
            .map(ToString::to_string)
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(texts) = corpus() else {
        eprintln!("skipped: set IAM_BOOTSTRAP_MANAGED_POLICIES to moto's managed-policy JSON");
        return;
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let docs: Vec<PolicyDocument> = texts
        .iter()
        .map(|t| PolicyDocument::from_json(t).unwrap())
        .collect();
    let mut group = c.benchmark_group("policy_corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| PolicyDocument::from_json(black_box(t)).is_ok())
                .count()
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| serde_json::from_str::<serde_json::Value>(black_box(t)).is_ok())
                .count()
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| d.validate(PolicyContext::Identity).is_ok())
                .count()
        })
    });
    let linter = Linter::new(PolicyContext::Identity);
    group.bench_function("lint", |b| {
        b.iter(|| docs.iter().map(|d| linter.lint(d).len()).sum::<usize>())
    });
    let requests = [
        Request::new("s3:GetObject", "arn:aws:s3:::bucket/key"),
        Request::new("iam:PassRole", "arn:aws:iam::111122223333:role/admin"),
        Request::new(
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
        ),
    ];
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    requests
                        .iter()
                        .filter(|r| allows(std::slice::from_ref(d), r).is_allowed())
                        .count()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
