//! Lint rules for redundancy: repeated or wildcard-covered actions and resources, and
//! repeated statements.

use super::document::PolicyDocument;
use super::equality::NormalStatement;
use super::lint::{Findings, LintCode, Severity, summarize};
use super::statement::Statement;
use super::wildcard;

/// Values of `list` that repeat an earlier one or that a wildcard value already matches.
fn redundant(list: &[String], fold_case: bool, group_by_service: bool) -> Vec<&str> {
    if list.len() < 2 {
        return Vec::new();
    }
    let cmp = |a: &&String, b: &&String| {
        if fold_case {
            a.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        } else {
            a.cmp(b)
        }
    };
    let same = |a: &str, b: &str| {
        if fold_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut sorted: Vec<&String> = list.iter().collect();
    // Stable, so of two spellings of one value the later one is reported.
    sorted.sort_by(cmp);
    let mut found: Vec<&str> = sorted
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if same(a, b) => Some(b.as_str()),
            _ => None,
        })
        .collect();
    // Only wildcard values can make others redundant; compare them with the values sharing
    // their literal prefix (for actions: their service), which sort next to each other.
    for pattern in list.iter().filter(|v| wildcard::has_wildcard(v)) {
        let literal = pattern
            .find(['*', '?'])
            .and_then(|at| pattern.get(..at))
            .unwrap_or_default();
        if group_by_service && !literal.contains(':') && pattern != "*" {
            continue; // `s3*:x`-style service wildcards: too rare to bother
        }
        let literal_owned = literal.to_owned();
        let start = sorted.partition_point(|v| cmp(v, &&literal_owned) == std::cmp::Ordering::Less);
        for value in sorted.get(start..).unwrap_or_default() {
            let prefix_ok = value.get(..literal.len()).is_some_and(|p| same(p, literal));
            if !prefix_ok {
                break;
            }
            let dominated = !same(value, pattern)
                && wildcard::covers(pattern, value, fold_case)
                // Of two equivalent patterns, report only one.
                && !(wildcard::covers(value, pattern, fold_case) && value.as_str() < pattern.as_str());
            if dominated && !found.contains(&value.as_str()) {
                found.push(value);
            }
        }
    }
    found
}

pub(crate) fn lint_redundancy(out: &mut Findings, i: usize, s: &Statement) {
    if let Some(a) = s.action() {
        let extra = redundant(a.values().as_slice(), true, true);
        if !extra.is_empty() {
            let msg = format!(
                "{} already covered in {}: {}",
                if extra.len() == 1 { "action" } else { "actions" },
                a.name(),
                summarize(extra)
            );
            out.push(LintCode::RedundantAction, Severity::Suggestion, Some(i), msg);
        }
    }
    if let Some(r) = s.resource() {
        let extra = redundant(r.values().as_slice(), false, false);
        if !extra.is_empty() {
            let msg = format!(
                "{} already covered in {}: {}",
                if extra.len() == 1 { "resource" } else { "resources" },
                r.name(),
                summarize(extra)
            );
            out.push(LintCode::RedundantResource, Severity::Suggestion, Some(i), msg);
        }
    }
}

pub(crate) fn lint_duplicate_statements(out: &mut Findings, doc: &PolicyDocument) {
    let statements = doc.statements();
    if statements.len() < 2 {
        return;
    }
    // Normalizing allocates, so only statements whose cheap fingerprints collide are
    // normalized and compared.
    let mut prints: Vec<(u64, usize)> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| (fingerprint(s), i))
        .collect();
    prints.sort_unstable();
    let mut candidates: Vec<usize> = Vec::new();
    for pair in prints.windows(2) {
        if let [(a, i), (b, j)] = pair
            && a == b
        {
            candidates.extend([*i, *j]);
        }
    }
    if candidates.is_empty() {
        return;
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut normal: Vec<(NormalStatement, usize)> = candidates
        .into_iter()
        .filter_map(|i| statements.get(i).map(|s| (NormalStatement::of(s), i)))
        .collect();
    normal.sort();
    let mut repeats: Vec<(usize, usize)> = normal
        .windows(2)
        .filter_map(|w| match w {
            [(a, first), (b, later)] if a == b => Some((*later, *first)),
            _ => None,
        })
        .collect();
    repeats.sort_unstable();
    for (later, first) in repeats {
        out.push(
            LintCode::RedundantStatement,
            Severity::Suggestion,
            Some(later),
            format!("repeats statement {first}"),
        );
    }
}

/// A hash that semantically equal statements share: effect, element kinds, and an
/// order- and duplicate-insensitive OR of case-folded value hashes (collisions are fine,
/// they only cost a comparison).
fn fingerprint(s: &Statement) -> u64 {
    fn fold(bytes: &[u8], fold_case: bool) -> u64 {
        // FNV-1a.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            let b = if fold_case { b.to_ascii_lowercase() } else { b };
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
    let mut h = u64::from(s.effect() == super::statement::Effect::Deny);
    if let Some(a) = s.action() {
        h ^= a
            .values()
            .iter()
            .fold(2, |acc, v| acc | fold(v.as_bytes(), true))
            .rotate_left(1)
            ^ u64::from(a.is_negated()) << 2;
    }
    if let Some(r) = s.resource() {
        h ^= r
            .values()
            .iter()
            .fold(3, |acc, v| acc | fold(v.as_bytes(), false))
            .rotate_left(7)
            ^ u64::from(r.is_negated()) << 3;
    }
    h ^= u64::from(s.principal().is_some()) << 4;
    h ^= (s.condition().map_or(0, |c| c.entries().len()) as u64) << 5;
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LintCode, Severity};

    #[test]
    fn redundant_values() {
        let list: Vec<String> = [
            "s3:Get*",
            "s3:GetObject",
            "S3:GETOBJECT",
            "s3:List*",
            "ec2:Describe*",
            "s3:get*",
        ]
        .map(String::from)
        .to_vec();
        let mut found = redundant(&list, true, true);
        found.sort_unstable();
        assert_eq!(found, ["S3:GETOBJECT", "s3:GetObject", "s3:get*"]);
        let list: Vec<String> = ["arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::B/k"]
            .map(String::from)
            .to_vec();
        assert_eq!(redundant(&list, false, false), ["arn:aws:s3:::b/k"]);
        assert_eq!(
            serde_json::to_string(&LintCode::TrustWithoutMfa).unwrap(),
            "\"trust_without_mfa\""
        );
        assert_eq!(
            serde_json::to_string(&Severity::SecurityWarning).unwrap(),
            "\"SECURITY_WARNING\""
        );
    }
}
