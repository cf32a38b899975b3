//! Lint rules for redundancy: repeated or wildcard-covered actions and resources, and
//! repeated statements.

use std::cmp::Ordering;

use super::document::PolicyDocument;
use super::equality::NormalStatement;
use super::lint::{Findings, LintCode, LintSeverity, summarize};
use super::statement::Statement;
use super::wildcard;

/// Byte order with ASCII case folded if `fold_case`: the order of
/// `a.bytes().map(to_ascii_lowercase).cmp(...)`, written as a plain loop because this
/// comparison is what sorting each list costs.
fn compare(a: &str, b: &str, fold_case: bool) -> Ordering {
    if !fold_case {
        return a.cmp(b);
    }
    for (x, y) in a.bytes().zip(b.bytes()) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// `values` sorted (stably) by [`compare`]. Each value is paired with the 16 bytes after
/// the list's common prefix, as a number: most comparisons then take one integer
/// comparison, and ties fall back to [`compare`]. The key order agrees with [`compare`] (a
/// value that ends early pads with zeros, and a shorter value sorts first there too), so
/// the result is what sorting by [`compare`] alone gives, only faster for long lists.
fn sorted_values(values: &[String], fold_case: bool) -> Vec<&str> {
    let fold = |b: u8| if fold_case { b.to_ascii_lowercase() } else { b };
    let first = values.first().map_or(&[][..], |v| v.as_bytes());
    let common = values
        .iter()
        .map(|v| {
            v.bytes()
                .zip(first)
                .take_while(|&(a, &b)| fold(a) == fold(b))
                .count()
        })
        .min()
        .unwrap_or(0);
    let key = |v: &str| {
        let mut buf = [0u8; 16];
        for (slot, &b) in buf.iter_mut().zip(v.as_bytes().get(common..).unwrap_or_default()) {
            *slot = fold(b);
        }
        u128::from_be_bytes(buf)
    };
    let mut keyed: Vec<(u128, &str)> = values.iter().map(|v| (key(v), v.as_str())).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| compare(a.1, b.1, fold_case)));
    keyed.into_iter().map(|(_, v)| v).collect()
}

/// Whether every value `pattern` can match starts with `literal`, its text before the
/// first wildcard, and nothing else constrains it: `literal*` with no other wildcard.
fn is_prefix_pattern(pattern: &str, literal: &str) -> bool {
    pattern.len() == literal.len() + 1 && pattern.ends_with('*')
}

/// Values of `list` that repeat an earlier one or that a wildcard value already matches.
fn redundant(list: &[String], fold_case: bool, group_by_service: bool) -> Vec<&str> {
    if list.len() < 2 {
        return Vec::new();
    }
    let same = |a: &str, b: &str| {
        if fold_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    // Stable, so of two spellings of one value the later one is reported.
    let sorted = sorted_values(list, fold_case);
    let mut found: Vec<&str> = sorted
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if same(a, b) => Some(*b),
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
        // `literal*` covers every value with its prefix, so the general check is needed
        // only for other shapes (most wildcards in policies are `service:Verb*`).
        let prefix_only = is_prefix_pattern(pattern, literal);
        let inner_literal = wildcard::longest_inner_literal(pattern);
        let start = sorted.partition_point(|v| compare(v, literal, fold_case) == Ordering::Less);
        for &value in sorted.get(start..).unwrap_or_default() {
            let prefix_ok = value.get(..literal.len()).is_some_and(|p| same(p, literal));
            if !prefix_ok {
                break;
            }
            // A value without wildcards never covers a pattern, so the equivalence test
            // below needs the general check only for wildcard values.
            let dominated = !same(value, pattern)
                && (prefix_only
                    || (wildcard::contains(value, inner_literal, fold_case)
                        && wildcard::covers(pattern, value, fold_case)))
                // Of two equivalent patterns, report only one.
                && !(wildcard::has_wildcard(value)
                    && wildcard::covers(value, pattern, fold_case)
                    && value < pattern.as_str());
            if dominated && !found.contains(&value) {
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
            out.push(LintCode::RedundantAction, LintSeverity::Suggestion, Some(i), msg);
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
            out.push(
                LintCode::RedundantResource,
                LintSeverity::Suggestion,
                Some(i),
                msg,
            );
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
            LintSeverity::Suggestion,
            Some(later),
            format!("repeats statement {first}"),
        );
    }
}

/// A hash that semantically equal statements share: effect, element kinds, and an
/// order- and duplicate-insensitive summary (the smallest and largest) of case-folded value
/// hashes. Collisions are fine, they only cost a comparison; a summary that saturates
/// (an OR of many hashes sets every bit) would make every long statement a candidate.
fn fingerprint(s: &Statement) -> u64 {
    /// FNV-1a, with ASCII case folded if `FOLD`.
    fn hash<const FOLD: bool>(bytes: &[u8]) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            let b = if FOLD { b.to_ascii_lowercase() } else { b };
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
    fn summary(hashes: impl Iterator<Item = u64>) -> u64 {
        let (min, max) = hashes.fold((u64::MAX, 0), |(lo, hi), h| (lo.min(h), hi.max(h)));
        min ^ max.rotate_left(29)
    }
    let mut h = u64::from(s.effect() == super::statement::Effect::Deny);
    if let Some(a) = s.action() {
        h ^= summary(a.values().iter().map(|v| hash::<true>(v.as_bytes()))).rotate_left(1)
            ^ u64::from(a.is_negated()) << 2;
    }
    if let Some(r) = s.resource() {
        h ^= summary(r.values().iter().map(|v| hash::<false>(v.as_bytes()))).rotate_left(7)
            ^ u64::from(r.is_negated()) << 3;
    }
    h ^= u64::from(s.principal().is_some()) << 4;
    h ^= (s.condition().map_or(0, |c| c.entries().len()) as u64) << 5;
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{LintCode, LintSeverity};

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
            serde_json::to_string(&LintSeverity::SecurityWarning).unwrap(),
            "\"SECURITY_WARNING\""
        );
    }
}
