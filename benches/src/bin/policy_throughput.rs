//! Throughput of policy parse + validate + lint, side by side with plain `serde_json` parsing
//! of the same bytes and (when given its measurement) parliament auditing them.
//!
//! Usage: `policy_throughput POLICIES.jsonl [PARLIAMENT.json] [--rows]`, one policy document
//! per line; `benches/compare/policy_throughput.sh` prepares both files and runs this in
//! release mode. With `--rows` the table goes to stderr and `ROW` lines (see
//! `iam_bootstrap_benches::Row`) to stdout, for `benches/compare/run`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iam_bootstrap::policy::{Linter, PolicyContext, PolicyDocument};
use iam_bootstrap_benches::Row;

/// Prints to stderr when the table is not the output (`--rows`), else to stdout.
macro_rules! out {
    ($rows:expr, $($arg:tt)*) => {
        if $rows { eprintln!($($arg)*) } else { println!($($arg)*) }
    };
}

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
    let rows = std::env::args().any(|a| a == "--rows");
    let mut args = std::env::args().skip(1).filter(|a| a != "--rows");
    let corpus_path = args
        .next()
        .ok_or("usage: policy_throughput POLICIES.jsonl [PARLIAMENT.json] [--rows]")?;
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

    out!(
        rows,
        "corpus: {} policies, {:.2} MB, {findings} lint findings, {parse_failures} parse failures, {panics} panics",
        lines.len(),
        bytes as f64 / 1e6
    );
    out!(rows, "");
    out!(rows, "| pipeline                                   |      MB/s |");
    out!(rows, "|--------------------------------------------|-----------|");
    out!(
        rows,
        "| iam-bootstrap parse + validate + lint      | {ours:>9.2} |"
    );
    out!(
        rows,
        "| iam-bootstrap parse only                   | {parse_only:>9.2} |"
    );
    out!(
        rows,
        "| serde_json::from_slice::<Value> (parse)    | {serde:>9.2} |"
    );
    out!(
        rows,
        "| (stage) validate, parsed documents         | {validate_only:>9.2} |"
    );
    out!(
        rows,
        "| (stage) size, parsed documents             | {size_only:>9.2} |"
    );
    out!(
        rows,
        "| (stage) lint incl. validation, parsed docs | {lint_only:>9.2} |"
    );
    match (&parliament, parliament_mbs) {
        (Some(p), Some(mbs)) => {
            let crashes = p.get("crashes").and_then(serde_json::Value::as_u64).unwrap_or(0);
            out!(
                rows,
                "| parliament analyze_policy_string ({crashes} crashed) | {mbs:>9.2} |"
            );
        }
        _ => out!(rows, "| parliament                                 |   not run |"),
    }
    out!(rows, "");
    out!(
        rows,
        "ours / serde_json       = {:.3}x   (target >= 0.25x)",
        ours / serde
    );
    if let Some(mbs) = parliament_mbs {
        out!(
            rows,
            "ours / parliament       = {:.0}x   (target >= 300x)",
            ours / mbs
        );
    }
    let corpus = format!(
        "{} AWS managed policies, {:.2} MB",
        lines.len(),
        bytes as f64 / 1e6
    );
    if let Some(mbs) = parliament_mbs {
        Row {
            what: format!("policy parse + validate + lint throughput ({corpus}) vs parliament 1.6.4"),
            ours: format!("{ours:.1} MB/s"),
            baseline: format!("{mbs:.2} MB/s"),
            ratio: format!("{:.0}x", ours / mbs),
            target: ">= 300x".into(),
            met: ours / mbs >= 300.0,
        }
        .emit_if(rows);
    }
    Row {
        what: format!("policy parse + validate + lint throughput ({corpus}) vs serde_json::Value parsing"),
        ours: format!("{ours:.1} MB/s"),
        baseline: format!("{serde:.1} MB/s"),
        ratio: format!("{:.2}x", ours / serde),
        target: ">= 0.25x".into(),
        met: ours / serde >= 0.25,
    }
    .emit_if(rows);
    if parse_failures + panics > 0 {
        return Err(format!("{parse_failures} policies failed to parse and {panics} panicked").into());
    }
    Ok(())
}
