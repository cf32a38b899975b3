//! One line of the comparison table: what was measured, ours, the baseline, their ratio
//! and the target. Harnesses print rows as JSON lines (`ROW {...}`) on stdout, so
//! `benches/compare/run` can gather every harness's rows into one table.

use serde_json::json;

/// One comparison, side by side.
#[derive(Debug, Clone)]
pub struct Row {
    /// What is compared (`rollout: 200 assignments, 1 poll each`).
    pub what: String,
    /// Our measurement, formatted with its unit.
    pub ours: String,
    /// The baseline's measurement, formatted with its unit.
    pub baseline: String,
    /// `ours / baseline` (or whatever the target is stated against), formatted.
    pub ratio: String,
    /// The target, as the issue states it.
    pub target: String,
    /// Whether the target is met.
    pub met: bool,
}

impl Row {
    /// Prints the row for `benches/compare/run` (one JSON object after `ROW `).
    pub fn emit(&self) {
        let line = json!({
            "what": self.what,
            "ours": self.ours,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
        });
        println!("ROW {line}");
    }

    /// [`Row::emit`] when `rows` is set.
    pub fn emit_if(&self, rows: bool) {
        if rows {
            self.emit();
        }
    }
}

/// Seconds with three decimals (`9.184 s`).
pub fn seconds(s: f64) -> String {
    format!("{s:.3} s")
}
