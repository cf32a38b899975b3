//! Property tests: generated documents in every JSON form IAM accepts re-serialize to the
//! same JSON value, parse back equal, and count their size without whitespace; arbitrary
//! input never panics the parser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_bootstrap::policy::{PolicyContext, PolicyDocument, lint, text_size};
use proptest::prelude::*;
use serde_json::{Value, json};

/// One value or an array of them (the array may hold a single value).
fn one_or_many(item: impl Strategy<Value = Value> + Clone) -> impl Strategy<Value = Value> {
    prop_oneof![
        item.clone(),
        prop::collection::vec(item, 1..4).prop_map(Value::Array)
    ]
}

fn action() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![Just("*".to_owned()), "(s3|ec2|iam|kms):[A-Z][a-zA-Z]{0,8}\\*?"].prop_map(Value::String)
}

fn resource() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        Just("*".to_owned()),
        "arn:aws:s3:::[a-z]{1,6}(/[a-z*]{0,4})?",
        "arn:aws:iam::[0-9]{12}:role/[a-z]{1,5}"
    ]
    .prop_map(Value::String)
}

fn condition_value() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        "[a-z0-9é ]{0,6}".prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (0.0f64..1e6).prop_map(|f| json!(f)),
    ]
}

fn condition() -> impl Strategy<Value = Value> {
    let operator = prop_oneof![
        Just("StringEquals"),
        Just("StringNotLikeIfExists"),
        Just("ForAnyValue:StringLike"),
        Just("ForAllValues:StringEquals"),
        Just("Bool"),
        Just("NumericLessThan"),
        Just("ArnLike"),
    ];
    let block = prop::collection::btree_map("(aws|s3):[A-Za-z]{1,8}", one_or_many(condition_value()), 1..3)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    prop::collection::btree_map(operator.prop_map(str::to_owned), block, 1..3)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn principal() -> impl Strategy<Value = Value> {
    let aws = one_or_many("[0-9]{12}|arn:aws:iam::[0-9]{12}:(root|role/[a-z]{1,4})".prop_map(Value::String));
    let service = one_or_many("[a-z]{2,8}\\.amazonaws\\.com".prop_map(Value::String));
    prop_oneof![
        Just(json!("*")),
        (aws, proptest::option::of(service)).prop_map(|(aws, service)| {
            let mut map = serde_json::Map::new();
            map.insert("AWS".into(), aws);
            if let Some(service) = service {
                map.insert("Service".into(), service);
            }
            Value::Object(map)
        }),
    ]
}

fn statement() -> impl Strategy<Value = Value> {
    (
        proptest::option::of("[A-Za-z0-9]{1,8}"),
        prop_oneof![Just("Allow"), Just("Deny")],
        any::<bool>(),
        one_or_many(action()),
        proptest::option::of((any::<bool>(), one_or_many(resource()))),
        proptest::option::of((any::<bool>(), principal())),
        proptest::option::of(condition()),
    )
        .prop_map(
            |(sid, effect, not_action, actions, resource, principal, condition)| {
                let mut s = serde_json::Map::new();
                if let Some(sid) = sid {
                    s.insert("Sid".into(), json!(sid));
                }
                s.insert("Effect".into(), json!(effect));
                s.insert(if not_action { "NotAction" } else { "Action" }.into(), actions);
                if let Some((not, r)) = resource {
                    s.insert(if not { "NotResource" } else { "Resource" }.into(), r);
                }
                if let Some((not, p)) = principal {
                    s.insert(if not { "NotPrincipal" } else { "Principal" }.into(), p);
                }
                if let Some(c) = condition {
                    s.insert("Condition".into(), c);
                }
                Value::Object(s)
            },
        )
}

fn document() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just(None), Just(Some("2012-10-17")), Just(Some("2008-10-17"))],
        proptest::option::of("[a-z0-9-]{1,10}"),
        prop_oneof![
            statement(),
            prop::collection::vec(statement(), 0..5).prop_map(Value::Array)
        ],
    )
        .prop_map(|(version, id, statements)| {
            let mut d = serde_json::Map::new();
            if let Some(v) = version {
                d.insert("Version".into(), json!(v));
            }
            if let Some(id) = id {
                d.insert("Id".into(), json!(id));
            }
            d.insert("Statement".into(), statements);
            Value::Object(d)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn documents_round_trip_in_every_form(original in document()) {
        let doc = PolicyDocument::from_json(&serde_json::to_string_pretty(&original).unwrap()).unwrap();
        let compact = doc.to_json();
        let back: Value = serde_json::from_str(&compact).unwrap();
        prop_assert_eq!(&back, &original);
        let reparsed = PolicyDocument::from_json(&compact).unwrap();
        prop_assert_eq!(&reparsed, &doc);
        prop_assert!(reparsed.semantic_eq(&doc));
        prop_assert_eq!(doc.size(), text_size(&doc.to_json_pretty()));
        prop_assert_eq!(doc.size(), text_size(&compact));
        // Validation and lint never panic, whatever they think of the document.
        for context in PolicyContext::ALL {
            let _ = doc.validate(context);
            let _ = lint(&doc, context);
        }
    }

    #[test]
    fn url_encoded_documents_parse_the_same(original in document()) {
        let text = original.to_string();
        let encoded: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
        prop_assert_eq!(PolicyDocument::from_json(&encoded).unwrap(), PolicyDocument::from_json(&text).unwrap());
    }

    #[test]
    fn arbitrary_input_never_panics(text in "\\PC{0,200}") {
        let _ = PolicyDocument::from_json(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        if let Ok(doc) = PolicyDocument::from_json(&value.to_string()) {
            let _ = lint(&doc, PolicyContext::Identity);
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![
            Just("Statement"),
            Just("Effect"),
            Just("Allow"),
            Just("Action"),
            Just("*"),
            Just("Condition")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("Statement"),
                    Just("Effect"),
                    Just("Action"),
                    Just("Resource"),
                    Just("Principal"),
                    Just("Condition"),
                    Just("StringEquals"),
                    Just("AWS")
                ]
                .prop_map(str::to_owned),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
