//! Wildcard matching as IAM does it: `*` matches any run of characters, `?` exactly one.
//!
//! Besides matching a pattern against a concrete value, the access checks need two relations
//! between *patterns*: whether two patterns can match a common value ([`intersects`]), and
//! whether one pattern matches everything another does ([`covers`]).

/// Length of the UTF-8 character that starts with byte `b` (1 for stray bytes).
fn char_len(b: u8) -> usize {
    match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

fn eq(a: u8, b: u8, fold_case: bool) -> bool {
    a == b || (fold_case && a.eq_ignore_ascii_case(&b))
}

/// Whether `text` matches `pattern` (`*` and `?` wildcards; ASCII case folded if `fold_case`).
///
/// Linear-time in practice: the classic single-backtrack-point algorithm.
pub(crate) fn glob_match(pattern: &str, text: &str, fold_case: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Where to resume after the last `*`: (pattern index after it, text index it matched up to).
    let mut resume: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(b'*') => {
                pi += 1;
                resume = Some((pi, ti));
                continue;
            }
            Some(b'?') => {
                pi += 1;
                ti += char_len(tc);
                continue;
            }
            Some(&pc) if eq(pc, tc, fold_case) => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match resume {
            Some((after_star, matched)) => {
                // Let the last `*` swallow one more character and retry.
                let next = matched + t.get(matched).map_or(1, |&b| char_len(b));
                resume = Some((after_star, next));
                pi = after_star;
                ti = next;
            }
            None => return false,
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == b'*')
}

/// Whether `haystack` contains `needle`, ASCII case folded if `fold_case`. A plain scan:
/// policy values are short, too short for a searcher's set-up to pay off.
pub(crate) fn contains(haystack: &str, needle: &str, fold_case: bool) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len().max(1))
        .any(|w| eq_bytes(w, needle.as_bytes(), fold_case))
        || needle.is_empty()
}

fn eq_bytes(a: &[u8], b: &[u8], fold_case: bool) -> bool {
    if fold_case {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// The longest run of literal text in `pattern` after its first wildcard (empty if none):
/// every value `pattern` covers contains it, so it rules most candidates out cheaply.
pub(crate) fn longest_inner_literal(pattern: &str) -> &str {
    pattern
        .split(['*', '?'])
        .skip(1)
        .max_by_key(|segment| segment.len())
        .unwrap_or_default()
}

/// Whether `pattern` contains a wildcard.
pub(crate) fn has_wildcard(pattern: &str) -> bool {
    pattern.bytes().any(|b| b == b'*' || b == b'?')
}

/// Patterns longer than this (product of lengths) are not compared exactly by the pattern
/// relations below; they answer conservatively instead.
const MAX_TABLE: usize = 1 << 20;

/// Whether some value matches both `a` and `b`. Conservatively `true` for huge patterns.
///
/// The catalog lint asks this for every resource against every resource type an action
/// supports, so it keeps two rows of the table, on the stack for patterns of ordinary length.
pub(crate) fn intersects(a: &str, b: &str, fold_case: bool) -> bool {
    // Every pattern matches some value, and `*` matches them all.
    if a == "*" || b == "*" {
        return true;
    }
    if !has_wildcard(a) {
        return glob_match(b, a, fold_case);
    }
    if !has_wildcard(b) {
        return glob_match(a, b, fold_case);
    }
    // Symbols before the first `*` of either side must agree pairwise, and so must those
    // after the last: compare and drop them (most pairs the catalog lint tries differ in
    // their first letters), and the table below only sees what lies between the stars.
    let (mut p, mut q) = (a.as_bytes(), b.as_bytes());
    let same = |x: u8, y: u8| x == b'?' || y == b'?' || eq(x, y, fold_case);
    while let (Some(&x), Some(&y)) = (p.first(), q.first()) {
        if x == b'*' || y == b'*' {
            break;
        }
        if !same(x, y) {
            return false;
        }
        (p, q) = (p.get(1..).unwrap_or_default(), q.get(1..).unwrap_or_default());
    }
    while let (Some(&x), Some(&y)) = (p.last(), q.last()) {
        if x == b'*' || y == b'*' {
            break;
        }
        if !same(x, y) {
            return false;
        }
        (p, q) = (
            p.get(..p.len() - 1).unwrap_or_default(),
            q.get(..q.len() - 1).unwrap_or_default(),
        );
    }
    // One side used up: the other must be able to match the empty string (all stars).
    if p.is_empty() || q.is_empty() {
        return p.iter().chain(q).all(|&c| c == b'*');
    }
    if p == b"*" || q == b"*" {
        return true;
    }
    let (n, m) = (p.len(), q.len());
    if (n + 1).saturating_mul(m + 1) > MAX_TABLE {
        return true;
    }
    // Row i of the table: row[j] says the suffixes p[i..] and q[j..] have a common match.
    // Row i needs row i + 1 (`below`) and its own entry j + 1; rows past the end are false.
    let width = m + 1;
    let mut stack = [false; 2 * STACK_ROW];
    let mut heap = Vec::new();
    let rows: &mut [bool] = if width <= STACK_ROW {
        stack.get_mut(..2 * width).unwrap_or_default()
    } else {
        heap.resize(2 * width, false);
        &mut heap
    };
    let (mut below, mut row) = rows.split_at_mut(width);
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let (pc, qc) = (p.get(i).copied(), q.get(j).copied());
            let down = below.get(j).copied().unwrap_or(false);
            let right = row.get(j + 1).copied().unwrap_or(false);
            let diagonal = below.get(j + 1).copied().unwrap_or(false);
            let value = match (pc, qc) {
                (None, None) => true,
                (Some(b'*'), _) | (_, Some(b'*')) => {
                    // A star may match nothing, or absorb the other side's next symbol.
                    (pc == Some(b'*') && (down || (qc.is_some() && right)))
                        || (qc == Some(b'*') && (right || (pc.is_some() && down)))
                }
                (Some(x), Some(y)) => (x == b'?' || y == b'?' || eq(x, y, fold_case)) && diagonal,
                _ => false,
            };
            if let Some(slot) = row.get_mut(j) {
                *slot = value;
            }
        }
        std::mem::swap(&mut below, &mut row);
    }
    below.first().copied().unwrap_or(false)
}

/// Second patterns of [`intersects`] up to this long keep its table rows on the stack.
const STACK_ROW: usize = 256;

/// Whether every value matching `inner` also matches `outer`. Conservatively `false` when
/// unsure (huge patterns), since callers use it to decide that a deny surely applies.
pub(crate) fn covers(outer: &str, inner: &str, fold_case: bool) -> bool {
    // Match `outer` against `inner` read as a string of symbols, where an inner `*` can only
    // be absorbed by an outer `*` and an inner `?` by an outer `?` or `*`. The single-backtrack
    // algorithm of `glob_match` is exact for any per-symbol predicate, so this needs no table
    // (it misses only exotic equivalences such as `?*` covering `*?`, answering `false`).
    let symbol = |pc: u8, qc: u8| match pc {
        b'?' => qc != b'*',
        _ => qc != b'*' && qc != b'?' && eq(pc, qc, fold_case),
    };
    let (p, t) = (outer.as_bytes(), inner.as_bytes());
    // Quick rejection, same answer: `outer`'s text after its last wildcard can only be
    // matched by the same literal bytes ending `inner`. Most pairs a lint compares fail here.
    let suffix = outer
        .rfind(['*', '?'])
        .map_or(p, |at| p.get(at + 1..).unwrap_or_default());
    let tail = t.get(t.len().saturating_sub(suffix.len())..).unwrap_or_default();
    if tail.len() < suffix.len() || !suffix.iter().zip(tail).all(|(&pc, &qc)| eq(pc, qc, fold_case)) {
        return false;
    }

    let (mut pi, mut ti) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(b'*') => {
                pi += 1;
                resume = Some((pi, ti));
                continue;
            }
            Some(&pc) if symbol(pc, tc) => {
                pi += 1;
                ti += if pc == b'?' { char_len(tc) } else { 1 };
                continue;
            }
            _ => {}
        }
        match resume {
            Some((after_star, matched)) => {
                let next = matched + t.get(matched).map_or(1, |&b| char_len(b));
                resume = Some((after_star, next));
                pi = after_star;
                ti = next;
            }
            None => return false,
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == b'*')
}

/// ARN matching as `ArnLike` and the `Resource` element do it: when both sides have the six
/// colon-separated ARN parts, each part is matched on its own, so a wildcard cannot run across
/// a `:` boundary (the resource part, which may itself hold colons, is the sixth). Other
/// values fall back to matching the whole string.
pub(crate) fn arn_match(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    // Without wildcards, matching part by part or as a whole is the same as equality (equal
    // texts split alike, and equal parts join to equal texts): the common case of a policy
    // that names its resources, answered without splitting either side.
    if !has_wildcard(pattern) {
        return pattern == value;
    }
    // Wildcards only in the resource part (`arn:aws:s3:::reports/*`): the first five parts
    // are literal, so the value must start with them byte for byte (it then has six parts
    // too), and only the resource parts are matched.
    if let Some(head) = literal_arn_head(pattern) {
        return match (value.get(..head), pattern.get(head..), value.get(head..)) {
            (Some(value_head), Some(rest), Some(value_rest)) if pattern.get(..head) == Some(value_head) => {
                glob_match(rest, value_rest, false)
            }
            _ => false,
        };
    }
    match (arn_six_parts(pattern), arn_six_parts(value)) {
        (Some(p), Some(v)) => p.iter().zip(&v).all(|(p, v)| glob_match(p, v, false)),
        _ => glob_match(pattern, value, false),
    }
}

/// The length of `pattern`'s first five ARN parts and their colons, when they hold no
/// wildcard; `None` when they do or when there are fewer than six parts.
fn literal_arn_head(pattern: &str) -> Option<usize> {
    let mut colons = 0;
    for (at, &b) in pattern.as_bytes().iter().enumerate() {
        match b {
            b'*' | b'?' => return None,
            b':' => {
                colons += 1;
                if colons == 5 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The six colon-separated parts of an ARN (the sixth keeps its own colons), or `None` for
/// text with fewer. One pass over the text, no allocation.
pub(crate) fn arn_six_parts(text: &str) -> Option<[&str; 6]> {
    // A byte scan for the first five colons (`splitn`'s char searcher costs more to set up
    // than these short texts take to scan); colons are ASCII, so every cut is a char boundary.
    let mut parts = [""; 6];
    let mut cuts = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b':')
        .map(|(at, _)| at);
    let mut start = 0;
    for part in parts.iter_mut().take(5) {
        let end = cuts.next()?;
        *part = text.get(start..end)?;
        start = end + 1;
    }
    if let Some(last) = parts.get_mut(5) {
        *last = text.get(start..)?;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_stars_and_question_marks() {
        assert!(glob_match("s3:Get*", "s3:GetObject", false));
        assert!(glob_match("s3:*Object", "s3:GetObject", false));
        assert!(glob_match("*", "", false));
        assert!(glob_match("a?c", "abc", false));
        assert!(glob_match("a?c", "aéc", false));
        assert!(!glob_match("a?c", "ac", false));
        assert!(glob_match("*a*b*c*", "xxaxxbxxcxx", false));
        assert!(!glob_match("*a*b*c", "xxaxxbxxcxx", false));
        assert!(!glob_match("S3:get*", "s3:GetObject", false));
        assert!(glob_match("S3:get*", "s3:GetObject", true));
        assert!(glob_match("", "", false));
        assert!(!glob_match("", "a", false));
    }

    #[test]
    fn intersection_of_patterns() {
        assert!(intersects("s3:Get*", "s3:*Object", false));
        assert!(intersects("a*", "*b", false));
        assert!(!intersects("a*", "b*", false));
        assert!(intersects("bucket/?", "bucket/*", false));
        assert!(!intersects("x/a*", "x/b?", false));
        assert!(intersects("abc", "a*", false));
        // Prefixes and suffixes around the stars are compared first.
        assert!(intersects("instance/*", "instance/*", false));
        assert!(!intersects("instance/*", "volume/*", false));
        assert!(!intersects("a*x", "a*y", false));
        assert!(intersects("a*x", "*?", false));
        assert!(!intersects("ab*", "a", false));
        assert!(intersects("ab*", "a*c", false));
        assert!(intersects("a*", "a", false) && intersects("*a*", "*b*", false));
        assert!(!intersects("a?*", "a", false));
        assert!(intersects("x*y", "x*y*", false));
    }

    #[test]
    fn coverage_of_patterns() {
        assert!(covers("bucket/*", "bucket/a*", false));
        assert!(covers("*", "anything*?", false));
        assert!(!covers("bucket/a*", "bucket/*", false));
        assert!(!covers("bucket/?", "bucket/*", false));
        assert!(covers("bucket/?", "bucket/?", false));
        assert!(covers("s3:*", "S3:Get*", true));
        assert!(!covers("s3:Get", "s3:Get*", false));
    }

    #[test]
    fn arn_parts_match_separately() {
        assert!(arn_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b"));
        assert!(arn_match(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::123456789012:role/x"
        ));
        // A star in the account part cannot reach across a colon into the resource part...
        assert!(!arn_match("arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x"));
        assert!(glob_match(
            "arn:aws:iam::*:role/x",
            "arn:aws:iam::1:2:role/x",
            false
        ));
        // ...but a pattern without the six parts is matched as a whole.
        assert!(arn_match("arn:aws:iam::*", "arn:aws:iam::1:role/x"));
        assert!(!arn_match(
            "arn:aws:sqs:*:111122223333:q",
            "arn:aws:sqs:us-east-1:444455556666:q"
        ));
        assert!(arn_match(
            "arn:aws:sqs:*:111122223333:q",
            "arn:aws:sqs:us-east-1:111122223333:q"
        ));
        assert!(arn_match("*", "anything"));
        // Literal first five parts: compared byte for byte, the rest matched alone.
        assert!(arn_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y"));
        assert!(!arn_match("arn:aws:s3:::b/*", "arn:aws:s3::1:b/x"));
        assert!(!arn_match("arn:aws:s3:::b/*", "arn:aws:s3:::"));
        assert!(arn_match("arn:aws:s3:::*", "arn:aws:s3:::"));
        assert!(!arn_match("arn:aws:s3:::b*", "arn:aws:s3"));
        assert_eq!(literal_arn_head("arn:aws:s3:::b/*"), Some(13));
        assert_eq!(literal_arn_head("arn:aws:s3:*::b/*"), None);
        assert_eq!(literal_arn_head("s3:Get*"), None);
        assert!(!arn_match("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
    }
}
