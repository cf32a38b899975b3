//! Requests per second of the full evaluation chain on a typical five-policy request, next to
//! the one-set evaluator on the same request's identity policy.

use std::hint::black_box;
use std::time::Instant;

use iam_bootstrap::policy::{PolicyChain, PolicyDocument, PrincipalType, Request, Statement, allows};

fn doc(json: &str) -> PolicyDocument {
    PolicyDocument::from_json(json).unwrap_or_else(|_| PolicyDocument::new(Vec::<Statement>::new()))
}

/// `(one-set evaluator, full chain)` requests per second on one core: the median of
/// `passes` interleaved passes of `per_pass` requests each.
pub fn rates(passes: usize, per_pass: u32) -> (f64, f64) {
    let identity = doc(r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::reports","arn:aws:s3:::reports/*"]},
        {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#);
    let bucket = doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
        "Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    );
    let boundary = doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","logs:*"],"Resource":"*"}]}"#,
    );
    let session =
        doc(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#);
    let scp = doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
        {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#,
    );
    let chain = PolicyChain::new()
        .identity(identity.clone())
        .resource_policy(bucket)
        .resource_account("111122223333")
        .permissions_boundary(boundary)
        .session_policy(session)
        .scp_level([scp]);
    let request = Request::new("s3:GetObject", "arn:aws:s3:::reports/2026/q1.csv")
        .with_principal(
            PrincipalType::Aws,
            "arn:aws:sts::111122223333:assumed-role/analyst/jane",
        )
        .with_context("aws:SecureTransport", ["true"])
        .with_context("aws:RequestedRegion", ["us-east-1"]);
    let identity = [identity];
    let mut one_set = Vec::with_capacity(passes);
    let mut full = Vec::with_capacity(passes);
    let rate = |f: &dyn Fn() -> bool| {
        let started = Instant::now();
        for _ in 0..per_pass {
            black_box(f());
        }
        f64::from(per_pass) / started.elapsed().as_secs_f64()
    };
    let one = || allows(black_box(&identity), black_box(&request)).is_allowed();
    let all = || chain.evaluate(black_box(&request)).is_allowed();
    rate(&one);
    rate(&all);
    for pass in 0..passes {
        if pass % 2 == 0 {
            one_set.push(rate(&one));
            full.push(rate(&all));
        } else {
            full.push(rate(&all));
            one_set.push(rate(&one));
        }
    }
    (crate::timing::median(&one_set), crate::timing::median(&full))
}
