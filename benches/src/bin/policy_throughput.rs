//! Throughput of policy parse + validate + lint, side by side with plain `serde_json` parsing
//! of the same bytes and (when given its measurement) parliament auditing them.
//!
//! Usage: `policy_throughput POLICIES.jsonl [PARLIAMENT.json]`, one policy document per line;
//! `benches/compare/policy_throughput.sh` prepares both files and runs this in release mode.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iam_bootstrap::policy::{Linter, PolicyContext, PolicyDocument};

/// Runs `pass` over the corpus until `budget` has elapsed; returns MB/s of the fastest pass.
fn measure(lines: &[&str], budget: Duration, mut pass: impl FnMut(&str)) -> f64 {
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    let started = Instant::now();
    let mut best = Duration::MAX;
    while started.elapsed() < budget || best == Duration::MAX {
        let t = Instant::now();
        for line in lines {
            pass(line);
        }
        best = best.min(t.elapsed());
    }
    bytes as f64 / 1e6 / best.as_secs_f64()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus_path = args
        .next()
        .ok_or("usage: policy_throughput POLICIES.jsonl [PARLIAMENT.json]")?;
    let parliament_path = args.next();
    let text = std::fs::read_to_string(&corpus_path)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();

    // Correctness first: every policy must parse, and nothing may panic.
    let (mut parse_failures, mut panics, mut findings) = (0, 0, 0);
    let linter = Linter::new(PolicyContext::Identity);
    for line in &lines {
        match std::panic::catch_unwind(|| {
            PolicyDocument::from_json(line).map(|doc| linter.check(&doc).findings.len())
        }) {
            Ok(Ok(n)) => findings += n,
            Ok(Err(_)) => parse_failures += 1,
            Err(_) => panics += 1,
        }
    }

    let budget = Duration::from_secs(3);
    let serde = measure(&lines, budget, |line| {
        let _ = black_box(serde_json::from_slice::<serde_json::Value>(line.as_bytes()));
    });
    let parse_only = measure(&lines, budget, |line| {
        let _ = black_box(PolicyDocument::from_json(line));
    });
    // Linter::check validates and lints in one pass (validation errors plus findings).
    let ours = measure(&lines, budget, |line| {
        if let Ok(doc) = PolicyDocument::from_json(line) {
            black_box(linter.check(&doc));
        }
    });

    // Where the time goes: the stages alone, on pre-parsed documents.
    let docs: Vec<PolicyDocument> = lines
        .iter()
        .filter_map(|l| PolicyDocument::from_json(l).ok())
        .collect();
    let stage = |f: &dyn Fn(&PolicyDocument)| {
        let started = Instant::now();
        let mut rounds = 0u32;
        while started.elapsed() < Duration::from_secs(2) {
            docs.iter().for_each(f);
            rounds += 1;
        }
        bytes as f64 * f64::from(rounds) / 1e6 / started.elapsed().as_secs_f64()
    };
    let validate_only = stage(&|d| {
        let _ = black_box(d.validate(PolicyContext::Identity));
    });
    let size_only = stage(&|d| {
        black_box(d.size());
    });
    let lint_only = stage(&|d| {
        black_box(linter.lint(d));
    });

    let parliament: Option<serde_json::Value> = match parliament_path {
        Some(path) => Some(serde_json::from_str(&std::fs::read_to_string(path)?)?),
        None => None,
    };
    let parliament_mbs = parliament
        .as_ref()
        .and_then(|p| p.get("mb_per_s"))
        .and_then(serde_json::Value::as_f64);

    println!(
        "corpus: {} policies, {:.2} MB, {findings} lint findings, {parse_failures} parse failures, {panics} panics",
        lines.len(),
        bytes as f64 / 1e6
    );
    println!();
    println!("| pipeline                                   |      MB/s |");
    println!("|--------------------------------------------|-----------|");
    println!("| iam-bootstrap parse + validate + lint      | {ours:>9.2} |");
    println!("| iam-bootstrap parse only                   | {parse_only:>9.2} |");
    println!("| serde_json::from_slice::<Value> (parse)    | {serde:>9.2} |");
    println!("| (stage) validate, parsed documents         | {validate_only:>9.2} |");
    println!("| (stage) size, parsed documents             | {size_only:>9.2} |");
    println!("| (stage) lint incl. validation, parsed docs | {lint_only:>9.2} |");
    match (&parliament, parliament_mbs) {
        (Some(p), Some(mbs)) => {
            let crashes = p.get("crashes").and_then(serde_json::Value::as_u64).unwrap_or(0);
            println!("| parliament analyze_policy_string ({crashes} crashed) | {mbs:>9.2} |");
        }
        _ => println!("| parliament                                 |   not run |"),
    }
    println!();
    println!(
        "ours / serde_json       = {:.3}x   (target >= 0.25x)",
        ours / serde
    );
    if let Some(mbs) = parliament_mbs {
        println!("ours / parliament       = {:.0}x   (target >= 300x)", ours / mbs);
    }
    if parse_failures + panics > 0 {
        return Err(format!("{parse_failures} policies failed to parse and {panics} panicked").into());
    }
    Ok(())
}
