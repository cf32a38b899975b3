//! Any bytes as a policy document: parsing, validation for every context, lint, evaluation
//! and re-serialization must never panic, and what parses must round-trip.
//!
//! cargo +nightly fuzz run policy_parse   (from iam-bootstrap/, see README "Fuzzing")
#![no_main]

use iam_bootstrap::policy::{PolicyContext, PolicyDocument, Request, allows, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = PolicyDocument::from_json(text) else { return };
    for context in PolicyContext::ALL {
        let _ = doc.validate(context);
        let _ = lint(&doc, context);
    }
    let _ = allows(std::slice::from_ref(&doc), &Request::new("s3:GetObject", "arn:aws:s3:::bucket/key"));
    let again = PolicyDocument::from_json(&doc.to_json());
    assert!(again.is_ok_and(|again| again.semantic_eq(&doc)), "a parsed document must round-trip");
});
