//! The characters IAM accepts in a policy: tab, LF, CR and U+0020 through U+00FF.

use super::document::PolicyDocument;
use super::error::PolicyError;
use super::value::ConditionValue;

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
}

/// The first character of `text` IAM would reject.
fn first_bad(text: &str) -> Option<char> {
    // Fast path: printable ASCII is by far the common case.
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return None;
    }
    text.chars().find(|&c| !allowed(c))
}

/// Pushes one [`PolicyError::InvalidCharacter`] per string holding a disallowed character.
pub(crate) fn check_characters(doc: &PolicyDocument, errors: &mut Vec<PolicyError>) {
    let mut check = |text: &str, path: &dyn Fn() -> String| {
        if let Some(character) = first_bad(text) {
            errors.push(PolicyError::InvalidCharacter {
                character,
                path: path(),
            });
        }
    };
    if let Some(id) = doc.id() {
        check(id, &|| "Id".to_owned());
    }
    for (i, s) in doc.statements().iter().enumerate() {
        if let Some(sid) = s.sid() {
            check(sid, &|| format!("Statement[{i}].Sid"));
        }
        if let Some(p) = s.principal() {
            for (kind, value) in p.values().iter() {
                check(value, &|| format!("Statement[{i}].{}.{kind}", p.name()));
            }
        }
        if let Some(a) = s.action() {
            for value in a.values() {
                check(value, &|| format!("Statement[{i}].{}", a.name()));
            }
        }
        if let Some(r) = s.resource() {
            for value in r.values() {
                check(value, &|| format!("Statement[{i}].{}", r.name()));
            }
        }
        for entry in s.condition().map(|c| c.entries()).unwrap_or_default() {
            check(entry.key(), &|| {
                format!("Statement[{i}].Condition.{}", entry.operator())
            });
            for value in entry.values() {
                if let ConditionValue::String(text) = value {
                    check(text, &|| {
                        format!("Statement[{i}].Condition.{}.{}", entry.operator(), entry.key())
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyContext, Statement};

    #[test]
    fn latin1_passes_and_beyond_fails() {
        assert_eq!(first_bad("plain"), None);
        assert_eq!(first_bad("tab\there\r\n"), None);
        assert_eq!(first_bad("café ÿ"), None);
        assert_eq!(first_bad("snow ☃"), Some('☃'));
        assert_eq!(first_bad("bell\u{7}"), Some('\u{7}'));
    }

    #[test]
    fn every_string_of_the_document_is_checked() {
        let doc = PolicyDocument::new([Statement::allow()
            .sid("A")
            .actions(["s3:GetObject"])
            .resources(["arn:aws:s3:::b/☃"])
            .condition(crate::policy::Operator::StringEquals, "aws:username", ["ü", "€"])]);
        let errors = doc.validation_errors(PolicyContext::Identity);
        assert_eq!(
            errors,
            [
                PolicyError::InvalidCharacter {
                    character: '☃',
                    path: "Statement[0].Resource".into()
                },
                PolicyError::InvalidCharacter {
                    character: '€',
                    path: "Statement[0].Condition.StringEquals.aws:username".into()
                },
            ]
        );
    }
}
