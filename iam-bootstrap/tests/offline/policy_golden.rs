//! Golden policy files.
//!
//! - `data/policies/good/CONTEXT.NAME.json` must parse, validate for CONTEXT, and round-trip;
//!   `CONTEXT.NAME.lint` lists the lint codes expected (one per line, sorted; empty: none).
//! - `data/policies/bad/CONTEXT.CODE[.N].json` must fail with the `PolicyError` whose
//!   [`code`](PolicyError::code) is CODE: from parsing or validating for CONTEXT, or, for the
//!   packing errors, from `pack` / `pack_within(.., 1)` at CONTEXT's size limit.
//!
//! Together they must cover every lint code and every error code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use iam_bootstrap::policy::{
    LintCode, PolicyContext, PolicyDocument, PolicyError, SizeLimit, lint, pack, pack_within,
};

fn files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/policies")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no files in {}", root.display());
    out
}

/// `CONTEXT.REST.json` → (context, REST).
fn split_name(path: &Path) -> (PolicyContext, String) {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let (context, rest) = stem
        .split_once('.')
        .unwrap_or_else(|| panic!("{stem}: expected CONTEXT.NAME"));
    (
        context.parse().unwrap_or_else(|e| panic!("{stem}: {e}")),
        rest.to_owned(),
    )
}

#[test]
fn good_policies_parse_validate_round_trip_and_lint_as_expected() {
    let mut seen = BTreeSet::new();
    for path in files("good") {
        let (context, _) = split_name(&path);
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = PolicyDocument::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        doc.validate(context).unwrap_or_else(|e| panic!("{name}: {e}"));

        let back = PolicyDocument::from_json(&doc.to_json()).unwrap();
        assert_eq!(back, doc, "{name}: compact round trip");
        let pretty = PolicyDocument::from_json(&doc.to_json_pretty()).unwrap();
        assert!(pretty.semantic_eq(&doc), "{name}: pretty round trip");
        assert_eq!(
            doc.size(),
            iam_bootstrap::policy::text_size(&doc.to_json_pretty()),
            "{name}: size ignores whitespace"
        );

        let mut found: Vec<String> = lint(&doc, context).iter().map(|f| f.code.to_string()).collect();
        found.sort();
        let expected_path = path.with_extension("lint");
        let expected: Vec<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()))
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(found, expected, "{name}: lint codes");
        seen.extend(found);
    }
    // `invalid_policy` is what bad files produce; every other code needs a good file.
    let missing: Vec<&str> = LintCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| *c != "invalid_policy" && !seen.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "lint codes without a golden file: {missing:?}"
    );
}

fn outcome(context: PolicyContext, code: &str, text: &str) -> Result<(), PolicyError> {
    let doc = PolicyDocument::from_json(text)?;
    let limit = context.size_limit().unwrap_or(SizeLimit::Managed);
    match code {
        "statement_too_large" => pack(doc.into_statements(), limit).map(drop),
        "too_many_documents" => pack_within(doc.into_statements(), limit, 1).map(drop),
        _ => {
            let result = doc.validate(context);
            // Whatever fails validation is an ERROR finding for the linter too.
            if result.is_err() {
                assert!(
                    lint(&doc, context)
                        .iter()
                        .any(|f| f.code == LintCode::InvalidPolicy)
                );
            }
            result
        }
    }
}

#[test]
fn bad_policies_fail_with_the_named_error() {
    let mut seen = BTreeSet::new();
    for path in files("bad") {
        let (context, rest) = split_name(&path);
        let code = rest.split('.').next().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        match outcome(context, &code, &text) {
            Ok(()) => panic!("{}: accepted, expected {code}", path.display()),
            Err(err) => assert_eq!(err.code(), code, "{}: {err}", path.display()),
        }
        seen.insert(code);
    }
    let missing: Vec<&&str> = PolicyError::CODES
        .iter()
        .filter(|c| !seen.contains(**c))
        .collect();
    assert!(missing.is_empty(), "error codes without a bad file: {missing:?}");
}

#[test]
fn too_large_names_the_limit_the_size_and_the_context() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/policies/bad/trust.too_large.json");
    let doc = PolicyDocument::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let err = doc.validate(PolicyContext::Trust).unwrap_err();
    let PolicyError::TooLarge {
        limit,
        size,
        context,
        documents,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (*limit, *size, *context, *documents),
        (SizeLimit::Trust, doc.size(), PolicyContext::Trust, 1)
    );
    let message = err.to_string();
    for part in ["role trust policy", &doc.size().to_string(), "2,048"] {
        assert!(message.contains(part), "{message}");
    }
}
