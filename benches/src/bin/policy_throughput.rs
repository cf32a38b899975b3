//! Throughput of policy parse + validate + lint (with the action catalog), side by side with
//! plain `serde_json` parsing of the same bytes and with parliament auditing them; and the
//! full evaluation chain's requests per second next to the one-set evaluator's.
//!
//! Usage: `policy_throughput POLICIES.jsonl [--parliament PYTHON SCRIPT] [--rows]`, one
//! policy document per line; SCRIPT is `benches/compare/policy_parliament.py`, which passes
//! over the same file whenever asked. `benches/compare/policy_throughput.sh` prepares the
//! corpus and runs this in release mode. With `--rows` the table goes to stderr and `ROW`
//! lines (see `iam_bootstrap_benches::Row`) to stdout, for `benches/compare/run`.
//!
//! Every row's two sides are timed the same way: one untimed warm-up pass each, then the
//! same number of timed passes, interleaved (alternating which side goes first) so a change
//! in machine load lands on both, and the median pass of each side.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iam_bootstrap::policy::{Linter, PolicyContext, PolicyDocument};
use iam_bootstrap_benches::Row;
use iam_bootstrap_benches::parliament::Parliament;
use iam_bootstrap_benches::timing::{median, timed_pass};

/// Timed passes of each side against parliament (one of its passes takes seconds).
const PARLIAMENT_PASSES: usize = 5;
/// Timed passes of each side against `serde_json` (one pass takes tens of milliseconds).
const SERDE_PASSES: usize = 31;
/// Timed passes of each evaluator (one pass is 200,000 requests).
const EVAL_PASSES: usize = 9;

/// Prints to stderr when the table is not the output (`--rows`), else to stdout.
macro_rules! out {
    ($rows:expr, $($arg:tt)*) => {
        if $rows { eprintln!($($arg)*) } else { println!($($arg)*) }
    };
}

struct Args {
    corpus: String,
    parliament: Option<(String, String)>,
    rows: bool,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: policy_throughput POLICIES.jsonl [--parliament PYTHON SCRIPT] [--rows]";
    let (mut corpus, mut parliament, mut rows) = (None, None, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rows" => rows = true,
            "--parliament" => {
                let python = args.next().ok_or(usage)?;
                let script = args.next().ok_or(usage)?;
                parliament = Some((python, script));
            }
            _ if corpus.is_none() => corpus = Some(arg),
            _ => return Err(usage.into()),
        }
    }
    Ok(Args {
        corpus: corpus.ok_or(usage)?,
        parliament,
        rows,
    })
}

/// Runs each side once untimed, then `passes` rounds of one timed pass per side (the order
/// rotating every round); returns each side's pass times.
fn interleaved(
    passes: usize,
    sides: &mut [&mut dyn FnMut() -> Result<f64, String>],
) -> Result<Vec<Vec<f64>>, String> {
    for side in sides.iter_mut() {
        side()?;
    }
    let mut times = vec![Vec::with_capacity(passes); sides.len()];
    for round in 0..passes {
        for k in 0..sides.len() {
            let i = (round + k) % sides.len();
            let seconds = sides.get_mut(i).ok_or("no such side")?()?;
            times.get_mut(i).ok_or("no such side")?.push(seconds);
        }
    }
    Ok(times)
}

fn mbs(bytes: usize, seconds: f64) -> f64 {
    bytes as f64 / 1e6 / seconds
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let rows = args.rows;
    let text = std::fs::read_to_string(&args.corpus)?;
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

    // Linter::check validates and lints in one pass (validation errors plus findings).
    let mut ours = || -> Result<f64, String> {
        Ok(timed_pass(&lines, |line| {
            if let Ok(doc) = PolicyDocument::from_json(line) {
                black_box(linter.check(&doc));
            }
        }))
    };
    let mut serde = || -> Result<f64, String> {
        Ok(timed_pass(&lines, |line| {
            let _ = black_box(serde_json::from_slice::<serde_json::Value>(line.as_bytes()));
        }))
    };
    let mut parse_only = || -> Result<f64, String> {
        Ok(timed_pass(&lines, |line| {
            let _ = black_box(PolicyDocument::from_json(line));
        }))
    };

    // Against parliament: the same file, checked to be the same bytes.
    let mut versus_parliament = None;
    if let Some((python, script)) = &args.parliament {
        let mut child = Parliament::start(python, script, &args.corpus)?;
        if child.policies != lines.len() as u64 || child.bytes != bytes as u64 {
            return Err(format!(
                "parliament read {} policies, {} bytes; this harness {}, {bytes}",
                child.policies,
                child.bytes,
                lines.len()
            )
            .into());
        }
        let mut last = None;
        let mut theirs = || -> Result<f64, String> {
            let pass = child.pass().map_err(|e| e.to_string())?;
            last = Some(pass);
            Ok(pass.seconds)
        };
        let times = interleaved(PARLIAMENT_PASSES, &mut [&mut ours, &mut theirs])?;
        let [ours_t, theirs_t] = times.as_slice() else {
            return Err("two sides expected".into());
        };
        versus_parliament = Some((median(ours_t), median(theirs_t), last, child.version.clone()));
    }
    let times = interleaved(SERDE_PASSES, &mut [&mut ours, &mut serde, &mut parse_only])?;
    let [ours_t, serde_t, parse_t] = times.as_slice() else {
        return Err("three sides expected".into());
    };
    let (ours_s, serde_s, parse_s) = (median(ours_t), median(serde_t), median(parse_t));

    // Where the time goes: the stages alone, on pre-parsed documents (details only).
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
    let lint_only = stage(&|d| {
        black_box(linter.lint(d));
    });

    out!(
        rows,
        "corpus: {} policies, {:.2} MB, {findings} lint findings, {parse_failures} parse failures, {panics} panics",
        lines.len(),
        bytes as f64 / 1e6
    );
    out!(
        rows,
        "median pass of {SERDE_PASSES} (interleaved, after a warm-up pass each):"
    );
    out!(rows, "| pipeline                                   |      MB/s |");
    out!(rows, "|--------------------------------------------|-----------|");
    out!(
        rows,
        "| iam-bootstrap parse + validate + lint      | {:>9.2} |",
        mbs(bytes, ours_s)
    );
    out!(
        rows,
        "| iam-bootstrap parse only                   | {:>9.2} |",
        mbs(bytes, parse_s)
    );
    out!(
        rows,
        "| serde_json::from_slice::<Value> (parse)    | {:>9.2} |",
        mbs(bytes, serde_s)
    );
    out!(
        rows,
        "| (stage, 2 s average) validate, parsed docs | {validate_only:>9.2} |"
    );
    out!(
        rows,
        "| (stage, 2 s average) lint incl. validation | {lint_only:>9.2} |"
    );
    let corpus = format!(
        "{} AWS managed policies, {:.2} MB",
        lines.len(),
        bytes as f64 / 1e6
    );
    if let Some((ours_p, theirs_p, last, version)) = &versus_parliament {
        let (crashes, their_findings) = last.map_or((0, 0), |p| (p.crashes, p.findings));
        let ratio = theirs_p / ours_p;
        out!(
            rows,
            "vs parliament {version}, median pass of {PARLIAMENT_PASSES} each (interleaved, after a warm-up pass each): ours {:.2} MB/s ({:.1} ms), parliament {:.3} MB/s ({:.2} s; {crashes} policies crashed it, {their_findings} findings) = {ratio:.0}x",
            mbs(bytes, *ours_p),
            ours_p * 1e3,
            mbs(bytes, *theirs_p),
            theirs_p
        );
        Row {
            what: format!(
                "policy parse + validate + lint throughput ({corpus}) vs parliament {version}, median of {PARLIAMENT_PASSES} interleaved passes each"
            ),
            ours: format!("{:.1} MB/s", mbs(bytes, *ours_p)),
            baseline: format!("{:.2} MB/s", mbs(bytes, *theirs_p)),
            ratio: format!("{ratio:.0}x"),
            target: ">= 300x".into(),
            met: ratio >= 300.0,
        }
        .emit_if(rows);
    }
    Row {
        what: format!(
            "policy parse + validate + lint throughput ({corpus}) vs serde_json::Value parsing, median of {SERDE_PASSES} interleaved passes each"
        ),
        ours: format!("{:.1} MB/s", mbs(bytes, ours_s)),
        baseline: format!("{:.1} MB/s", mbs(bytes, serde_s)),
        ratio: format!("{:.2}x", serde_s / ours_s),
        // #18: with the action catalog on, at least half of plain JSON parsing.
        target: ">= 0.5x".into(),
        met: serde_s / ours_s >= 0.5,
    }
    .emit_if(rows);
    // Full-chain evaluation next to the one-set evaluator, one core, the same request.
    let (one_set, chain) = iam_bootstrap_benches::chain_rate::rates(EVAL_PASSES, 200_000);
    out!(
        rows,
        "evaluation, median of {EVAL_PASSES} interleaved passes: one set (identity policies) {:.2}M requests/s, full chain (identity, resource-based, boundary, session, SCP) {:.2}M requests/s",
        one_set / 1e6,
        chain / 1e6
    );
    Row {
        what: format!(
            "full-chain evaluation, five policies (identity, resource-based, boundary, session, SCP), one core, next to the one-set evaluator; median of {EVAL_PASSES} interleaved passes"
        ),
        ours: format!("{:.2}M req/s", chain / 1e6),
        baseline: format!("{:.2}M req/s (one set)", one_set / 1e6),
        ratio: format!("{:.2}x", chain / one_set),
        target: ">= 1M req/s".into(),
        met: chain >= 1e6,
    }
    .emit_if(rows);
    if parse_failures + panics > 0 {
        return Err(format!("{parse_failures} policies failed to parse and {panics} panicked").into());
    }
    Ok(())
}
