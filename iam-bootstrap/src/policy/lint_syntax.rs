//! Findings for forms IAM accepts but that are likely mistakes. Validation takes them (a
//! refusal would block a document AWS accepts); the linter says what is odd about them.
//! Where Access Analyzer has a check for the same form, its title and severity are named.

use super::document::PolicyDocument;
use super::lint::{Findings, LintCode, LintSeverity};
use super::rules::Need;
use super::statement::Statement;
use super::validate::PolicyContext;
use super::value::ConditionValue;
use super::{operator::Operator, syntax};

/// Every finding of this file for statement `i` of a policy of kind `context`.
pub(crate) fn lint_statement(out: &mut Findings, i: usize, s: &Statement, context: PolicyContext) {
    if let Some(action) = s.action() {
        for value in action.values() {
            if !syntax::is_valid_action(value) && syntax::check_action(value).is_ok() {
                out.push(
                    LintCode::UnusualAction,
                    LintSeverity::Warning,
                    Some(i),
                    format!(
                        "`{value}` names no action (empty, or characters actions do not have); IAM accepts it, and it matches nothing"
                    ),
                );
            }
        }
    }
    if s.resource().is_none() && context.rules().resource == Need::Optional {
        out.push(
            LintCode::StatementWithoutResource,
            LintSeverity::Warning,
            Some(i),
            if context == PolicyContext::KmsKey {
                format!("no `Resource`: a {context} accepts the statement, and it has no effect (use \"*\": this key)")
            } else {
                format!(
                    "no `Resource`: some services apply the statement to the resource the policy is attached to, others refuse it; name the resource for a {context}"
                )
            },
        );
    }
    if s.action().is_none() && context.rules().action == Need::Optional {
        out.push(
            LintCode::StatementWithoutAction,
            LintSeverity::Warning,
            Some(i),
            format!("no `Action`: a {context} accepts the statement, and it has no effect"),
        );
    }
    if let Some(resource) = s.resource() {
        for value in resource.values() {
            lint_resource(out, i, value);
        }
    }
    for operator in s.condition().map(|c| c.unknown_operators()).unwrap_or_default() {
        // Accepted by IAM over an empty block (see `parse_condition`); Access Analyzer's
        // "Invalid operator" check reports unknown operators as errors.
        out.push(
            LintCode::UnknownOperatorWithoutKeys,
            LintSeverity::Warning,
            Some(i),
            format!("`{operator}` is not a condition operator; over an empty block IAM accepts it, and it tests nothing"),
        );
    }
    for entry in s.condition().map(|c| c.entries()).unwrap_or_default() {
        let key = entry.key();
        if !key.is_empty() && !syntax::is_valid_condition_key(key) {
            // Access Analyzer: "Invalid condition key format" (an ERROR there); IAM takes it.
            out.push(
                LintCode::UnprefixedConditionKey,
                LintSeverity::Warning,
                Some(i),
                format!(
                    "condition key `{key}` is not `service:name`; IAM accepts it, but no request carries it"
                ),
            );
        }
        if entry.values().is_empty() {
            // Access Analyzer: "Empty array condition" (a SUGGESTION).
            out.push(
                LintCode::EmptyConditionValues,
                LintSeverity::Suggestion,
                Some(i),
                format!("`{}` on `{key}` has no values", entry.operator()),
            );
        }
        if is_date(entry.operator().operator()) {
            for value in entry.values() {
                let text = value.as_text();
                let variable = text.contains("${");
                if !variable
                    && matches!(value, ConditionValue::String(_))
                    && syntax::parse_date(&text).is_none()
                {
                    // Access Analyzer: "Invalid date condition" (an ERROR there). IAM's own
                    // date parser takes forms this crate cannot read, so not a refusal.
                    out.push(
                        LintCode::UnreadableDate,
                        LintSeverity::Warning,
                        Some(i),
                        format!(
                            "`{text}` is not an ISO 8601 date or epoch seconds; the condition may never match"
                        ),
                    );
                }
            }
        }
    }
}

/// Repeated `Sid`s in kinds that accept them (S3 does).
pub(crate) fn lint_document(out: &mut Findings, doc: &PolicyDocument, context: PolicyContext) {
    if context.rules().unique_sids {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, s) in doc.statements().iter().enumerate() {
        let Some(sid) = s.sid().filter(|sid| !sid.is_empty()) else {
            continue;
        };
        if seen.contains(&sid) {
            out.push(
                LintCode::DuplicateSid,
                LintSeverity::Warning,
                Some(i),
                format!("the Sid `{sid}` is used twice; IAM's own policy kinds refuse that"),
            );
        } else {
            seen.push(sid);
        }
    }
}

fn lint_resource(out: &mut Findings, i: usize, value: &str) {
    // Six parts are five colons; counting them costs less than splitting (this runs for
    // every resource the linter sees).
    if value.starts_with("arn:") && value.bytes().filter(|&b| b == b':').count() < 5 {
        // Access Analyzer: "Missing ARN field" (an ERROR there). IAM takes `arn:aws:ssm:*`.
        out.push(
            LintCode::ShortResourceArn,
            LintSeverity::Warning,
            Some(i),
            format!("`{value}` has fewer than six parts (arn:partition:service:region:account:resource)"),
        );
    }
    if has_whitespace_outside_variables(value) {
        out.push(
            LintCode::WhitespaceInResource,
            LintSeverity::Warning,
            Some(i),
            format!("`{value}` holds white space outside a policy variable"),
        );
    }
}

/// White space outside `${...}` (a variable's default value may hold spaces:
/// `${aws:PrincipalTag/team, 'company-wide'}`, IAM User Guide, "Policy variables").
pub(crate) fn has_whitespace_outside_variables(value: &str) -> bool {
    if !value.bytes().any(|b| b.is_ascii_whitespace()) && value.is_ascii() {
        return false;
    }
    let mut depth = 0_usize;
    let mut previous = '\0';
    for c in value.chars() {
        match c {
            '{' if previous == '$' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if c.is_whitespace() && depth == 0 => return true,
            _ => {}
        }
        previous = c;
    }
    false
}

fn is_date(operator: Operator) -> bool {
    matches!(
        operator,
        Operator::DateEquals
            | Operator::DateNotEquals
            | Operator::DateLessThan
            | Operator::DateLessThanEquals
            | Operator::DateGreaterThan
            | Operator::DateGreaterThanEquals
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_inside_variables_is_fine() {
        assert!(!has_whitespace_outside_variables(
            "arn:aws:s3:::${aws:PrincipalTag/team, 'company-wide'}/*"
        ));
        assert!(has_whitespace_outside_variables("arn:aws:s3:::b c"));
        assert!(has_whitespace_outside_variables("arn:aws:s3:::b\u{a0}c"));
        assert!(!has_whitespace_outside_variables("arn:aws:s3:::bc/é"));
    }
}
