//! Any bytes as a `Bootstrap` spec, in TOML and in JSON: parsing (and the checks loading
//! runs) must never panic, and whatever parses must re-serialize, in both formats, to text
//! that parses back to an equal spec.
//!
//! cargo +nightly fuzz run spec_parse fuzz/corpus/spec_parse fuzz/seeds/spec_parse -- -dict=fuzz/spec.dict
//! (from iam-bootstrap/, see README "Fuzzing")
#![no_main]

use iam_bootstrap::Bootstrap;
use libfuzzer_sys::fuzz_target;

fn round_trips(spec: &Bootstrap) {
    let toml = spec.to_toml_string().expect("a parsed spec has a TOML form");
    match Bootstrap::from_toml_str(&toml) {
        Ok(again) => assert_eq!(&again, spec, "TOML round trip changed the spec:\n{toml}"),
        Err(err) => panic!("the spec's own TOML does not load: {err}\n{toml}"),
    }
    let json = serde_json::to_string(spec).expect("a parsed spec has a JSON form");
    match Bootstrap::from_json_str(&json) {
        Ok(again) => assert_eq!(&again, spec, "JSON round trip changed the spec:\n{json}"),
        Err(err) => panic!("the spec's own JSON does not load: {err}\n{json}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(spec) = Bootstrap::from_toml_str(text) {
        round_trips(&spec);
    }
    if let Ok(spec) = Bootstrap::from_json_str(text) {
        round_trips(&spec);
    }
});
