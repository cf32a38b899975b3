//! Packing statements into as few size-limited documents as possible.
//!
//! 1. Merge: statements that differ only in their `Action` lists become one statement with
//!    the union of the actions; likewise for `Resource` lists. Both rewrites keep the meaning
//!    (for `Allow` and `Deny` alike: an action list is a disjunction). Repeated to a fixpoint.
//! 2. Split: a statement too large for even an empty document is halved along its action (or
//!    resource) list until the halves fit.
//! 3. Bin-pack: first-fit decreasing by size, which uses at most 11/9 of the optimal number
//!    of documents plus one, and usually the optimum.

use std::collections::HashMap;

use super::document::PolicyDocument;
use super::equality::NormalStatement;
use super::error::PolicyError;
use super::size::{SizeLimit, statement_size};
use super::statement::{ActionElement, ResourceElement, Statement};
use super::value::ValueList;

/// Size of `{"Version":"2012-10-17","Statement":[]}`: what every packed document costs
/// before its statements (each statement after the first adds one comma).
const DOCUMENT_OVERHEAD: usize = 39;

/// Packs `statements` into the fewest `2012-10-17` documents that each fit `limit`.
///
/// # Errors
/// [`PolicyError::StatementTooLarge`] if a statement naming a single action on a single
/// resource does not fit `limit` on its own (`statement` indexes the input).
///
/// ```
/// use iam_bootstrap::policy::{PolicyContext, SizeLimit, Statement, pack};
/// let statements = (0..400).map(|i| {
///     Statement::allow().actions(["s3:GetObject"]).resources([format!("arn:aws:s3:::bucket-{i:03}/*")]).build()
/// });
/// let docs = pack(statements, SizeLimit::Managed)?;
/// // 400 statements merged into one resource list, split over two documents.
/// assert_eq!(docs.len(), 2);
/// for doc in &docs {
///     doc.validate(PolicyContext::Identity)?;
/// }
/// # Ok::<(), iam_bootstrap::policy::PolicyError>(())
/// ```
pub fn pack(
    statements: impl IntoIterator<Item = Statement>,
    limit: SizeLimit,
) -> Result<Vec<PolicyDocument>, PolicyError> {
    let indexed: Vec<(usize, Statement)> = statements.into_iter().enumerate().collect();
    let merged = merge(indexed);
    let mut pieces = Vec::with_capacity(merged.len());
    for (index, statement) in merged {
        split_to_fit(index, statement, limit, &mut pieces)?;
    }
    Ok(bin_pack(pieces, limit))
}

/// [`pack`], failing when more than `max_documents` documents are needed (the attachment
/// budget: 10 managed policies per role by default, 20 per permission set).
///
/// # Errors
/// As [`pack`], and [`PolicyError::TooManyDocuments`].
pub fn pack_within(
    statements: impl IntoIterator<Item = Statement>,
    limit: SizeLimit,
    max_documents: usize,
) -> Result<Vec<PolicyDocument>, PolicyError> {
    let docs = pack(statements, limit)?;
    if docs.len() > max_documents {
        return Err(PolicyError::TooManyDocuments {
            needed: docs.len(),
            max: max_documents,
            limit,
        });
    }
    Ok(docs)
}

/// Which list a merge pass unions.
#[derive(Clone, Copy)]
enum Along {
    Actions,
    Resources,
}

fn merge(mut statements: Vec<(usize, Statement)>) -> Vec<(usize, Statement)> {
    // Each productive pass removes a statement, so this ends; the bound is a safety net.
    for _ in 0..=statements.len() {
        let before = statements.len();
        statements = merge_pass(merge_pass(statements, Along::Actions), Along::Resources);
        if statements.len() == before {
            break;
        }
    }
    dedupe(statements)
}

/// Unions the `along` lists of statements that are equal in everything else.
fn merge_pass(statements: Vec<(usize, Statement)>, along: Along) -> Vec<(usize, Statement)> {
    let mut out: Vec<(usize, Statement)> = Vec::with_capacity(statements.len());
    let mut slot_of: HashMap<NormalStatement, usize> = HashMap::new();
    for (index, statement) in statements {
        let Some(key) = merge_key(&statement, along) else {
            out.push((index, statement));
            continue;
        };
        match slot_of.get(&key).and_then(|&slot| out.get_mut(slot)) {
            Some((_, target)) => absorb(target, statement, along),
            None => {
                slot_of.insert(key, out.len());
                out.push((index, statement));
            }
        }
    }
    out
}

/// The statement without the list being merged, when that list is a positive one.
fn merge_key(s: &Statement, along: Along) -> Option<NormalStatement> {
    let mut rest = s.clone();
    match along {
        Along::Actions if matches!(s.action, Some(ActionElement::Action(_))) => rest.action = None,
        Along::Resources if matches!(s.resource, Some(ResourceElement::Resource(_))) => rest.resource = None,
        _ => return None,
    }
    Some(NormalStatement::of(&rest))
}

fn absorb(target: &mut Statement, source: Statement, along: Along) {
    let union = |a: &ValueList, b: &ValueList, fold_case: bool| {
        let mut values = a.as_slice().to_vec();
        for v in b {
            let known = values.iter().any(|w| {
                if fold_case {
                    w.eq_ignore_ascii_case(v)
                } else {
                    w == v
                }
            });
            if !known {
                values.push(v.clone());
            }
        }
        ValueList::new(values)
    };
    match (
        along,
        &target.action,
        &source.action,
        &target.resource,
        &source.resource,
    ) {
        (Along::Actions, Some(ActionElement::Action(a)), Some(ActionElement::Action(b)), _, _) => {
            target.action = Some(ActionElement::Action(union(a, b, true)));
        }
        (Along::Resources, _, _, Some(ResourceElement::Resource(a)), Some(ResourceElement::Resource(b))) => {
            target.resource = Some(ResourceElement::Resource(union(a, b, false)));
        }
        _ => return,
    }
    // A merged statement is no longer what either Sid labelled.
    if target.sid != source.sid {
        target.sid = None;
    }
}

fn dedupe(statements: Vec<(usize, Statement)>) -> Vec<(usize, Statement)> {
    let mut seen = std::collections::HashSet::new();
    statements
        .into_iter()
        .filter(|(_, s)| seen.insert(NormalStatement::of(s)))
        .collect()
}

/// Pushes `statement`, halved as often as needed, as `(input index, size, statement)`.
fn split_to_fit(
    index: usize,
    statement: Statement,
    limit: SizeLimit,
    out: &mut Vec<(usize, usize, Statement)>,
) -> Result<(), PolicyError> {
    let size = statement_size(&statement);
    if DOCUMENT_OVERHEAD + size <= limit.chars() {
        out.push((index, size, statement));
        return Ok(());
    }
    let halves = match (&statement.action, &statement.resource) {
        (Some(ActionElement::Action(a)), _) if a.len() > 1 => {
            halve(&statement, a, |s, l| s.action = Some(ActionElement::Action(l)))
        }
        (_, Some(ResourceElement::Resource(r))) if r.len() > 1 => halve(&statement, r, |s, l| {
            s.resource = Some(ResourceElement::Resource(l))
        }),
        _ => {
            return Err(PolicyError::StatementTooLarge {
                statement: index,
                size: DOCUMENT_OVERHEAD + size,
                limit,
            });
        }
    };
    for half in halves {
        split_to_fit(index, half, limit, out)?;
    }
    Ok(())
}

fn halve(s: &Statement, list: &ValueList, set: impl Fn(&mut Statement, ValueList)) -> [Statement; 2] {
    let (left, right) = list.as_slice().split_at(list.len() / 2);
    let mut first = s.clone();
    let mut second = s.clone();
    set(&mut first, ValueList::new(left.iter().cloned()));
    set(&mut second, ValueList::new(right.iter().cloned()));
    // Both halves cannot keep one Sid in the same document.
    second.sid = None;
    [first, second]
}

/// First-fit decreasing; documents keep their statements in input order.
fn bin_pack(mut pieces: Vec<(usize, usize, Statement)>, limit: SizeLimit) -> Vec<PolicyDocument> {
    // Stable sort: equal sizes stay in input order.
    pieces.sort_by_key(|piece| std::cmp::Reverse(piece.1));
    let mut bins: Vec<(usize, Vec<(usize, Statement)>)> = Vec::new();
    for (index, size, statement) in pieces {
        let fits = |used: usize, count: usize| used + size + usize::from(count > 0) <= limit.chars();
        match bins.iter_mut().find(|(used, list)| fits(*used, list.len())) {
            Some((used, list)) => {
                *used += size + usize::from(!list.is_empty());
                list.push((index, statement));
            }
            None => bins.push((DOCUMENT_OVERHEAD + size, vec![(index, statement)])),
        }
    }
    bins.into_iter()
        .map(|(_, mut list)| {
            list.sort_by_key(|(index, _)| *index);
            let mut sids: Vec<String> = Vec::new();
            let statements = list.into_iter().map(|(_, mut s)| {
                // Sids must be unique within a document.
                if let Some(sid) = s.sid.take()
                    && !sids.contains(&sid)
                {
                    sids.push(sid.clone());
                    s.sid = Some(sid);
                }
                s
            });
            PolicyDocument::new(statements.collect::<Vec<_>>())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyContext, Request, allows};

    #[test]
    fn overhead_is_the_empty_document() {
        assert_eq!(
            PolicyDocument::new(Vec::<Statement>::new()).size(),
            DOCUMENT_OVERHEAD
        );
        let s = Statement::allow()
            .actions(["s3:GetObject"])
            .resources(["*"])
            .build();
        let doc = PolicyDocument::new([s.clone(), s.clone()]);
        assert_eq!(doc.size(), DOCUMENT_OVERHEAD + 2 * statement_size(&s) + 1);
    }

    #[test]
    fn statements_differing_in_one_list_merge() {
        let docs = pack(
            [
                Statement::allow()
                    .sid("A")
                    .actions(["s3:GetObject"])
                    .resources(["arn:aws:s3:::a/*"])
                    .build(),
                Statement::allow()
                    .sid("B")
                    .actions(["s3:PutObject"])
                    .resources(["arn:aws:s3:::a/*"])
                    .build(),
                Statement::allow()
                    .actions(["s3:GetObject", "s3:PutObject"])
                    .resources(["arn:aws:s3:::b/*"])
                    .build(),
                Statement::deny()
                    .actions(["s3:DeleteObject"])
                    .resources(["*"])
                    .build(),
            ],
            SizeLimit::Managed,
        )
        .unwrap();
        assert_eq!(docs.len(), 1);
        let expected = PolicyDocument::new([
            Statement::allow()
                .actions(["s3:GetObject", "s3:PutObject"])
                .resources(["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]),
            Statement::deny().actions(["s3:DeleteObject"]).resources(["*"]),
        ]);
        assert!(docs[0].semantic_eq(&expected), "{}", docs[0]);
    }

    #[test]
    fn large_sets_split_into_valid_documents_with_the_same_access() {
        let statements: Vec<Statement> = (0..300)
            .map(|i| {
                Statement::allow()
                    .sid(format!("S{i}"))
                    .actions([format!("service{}:Action{i}", i % 7)])
                    .resources([format!("arn:aws:s3:::bucket-{}/prefix-{i}/*", i % 11)])
                    .build()
            })
            .collect();
        let docs = pack(statements.clone(), SizeLimit::Managed).unwrap();
        assert!(docs.len() >= 2);
        for doc in &docs {
            doc.validate(PolicyContext::Identity).unwrap();
            assert!(doc.size() <= 6144);
        }
        for i in [0, 17, 299] {
            let request = Request::new(
                format!("service{}:Action{i}", i % 7),
                format!("arn:aws:s3:::bucket-{}/prefix-{i}/x", i % 11),
            );
            assert!(allows(&docs, &request).is_allowed(), "{i}");
        }
        let err = pack_within(statements, SizeLimit::Managed, 1).unwrap_err();
        assert!(matches!(err, PolicyError::TooManyDocuments { max: 1, .. }));
    }

    #[test]
    fn oversized_statements_split_or_fail() {
        let many: Vec<String> = (0..600)
            .map(|i| format!("arn:aws:s3:::bucket-{i:04}/*"))
            .collect();
        let docs = pack(
            [Statement::allow()
                .sid("Big")
                .actions(["s3:GetObject"])
                .resources(many)
                .build()],
            SizeLimit::Managed,
        )
        .unwrap();
        assert_eq!(docs.len(), 4);
        assert_eq!(
            docs.iter()
                .filter(|d| d.statements()[0].sid() == Some("Big"))
                .count(),
            1
        );
        let huge = Statement::allow()
            .actions(["s3:GetObject"])
            .resources(["arn:aws:s3:::".to_owned() + &"x".repeat(7000)])
            .build();
        let err = pack(
            [Statement::deny().actions(["*"]).resources(["*"]).build(), huge],
            SizeLimit::Managed,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            PolicyError::StatementTooLarge {
                statement: 1,
                limit: SizeLimit::Managed,
                ..
            }
        ));
    }
}
